"""One spreadsheet row being converted: its cells, the names it resolves, the triples and problems it makes.

A :class:`Row` reads its cells, resolves names through a :class:`graph_data.curation.lookup.Lookup`, and
collects triples (each with the row and column it came from) and problems (each with row, column and what to
write instead). What each template's row states is in :mod:`graph_data.curation.converters`.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata

import pyoxigraph as ox

from graph_data.curation.addition import Where
from graph_data.curation.columns import (
    CITATION,
    CKG,
    CKR,
    DCT,
    DOCUMENT,
    PAPER,
    PROV,
    RDF,
    RDFS,
    SECONDARY,
    XSD,
)
from graph_data.curation.lookup import Lookup, expand, normal
from ontology.errors import Violation


def slug(text: str, limit: int = 60) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(text) > limit:
        text = text[:limit].rsplit("-", 1)[0]
    return text or "item"


class Row:
    """One spreadsheet row being converted: its cells, the triples it makes and the problems it has."""

    def __init__(
        self, file: str, template: str, number: int, cells: dict[str, str], lookup: Lookup, taken: dict
    ) -> None:
        self.file, self.template, self.number, self.cells = file, template, number, cells
        self.lookup, self.taken = lookup, taken
        self.triples: list[tuple[ox.Triple, Where]] = []
        self.problems: list[Violation] = []

    # --- reporting -----------------------------------------------------------------------------------
    def where(self, column: str | None = None) -> Where:
        return Where(self.file, row=self.number, column=column, template=self.template)

    def problem(self, column: str | None, message: str) -> None:
        self.problems.append(Violation(str(self.where(column)), "", message, "template"))

    def is_example(self, example: dict[str, str]) -> bool:
        return any(self.cell(k) and self.cell(k) == example.get(k) for k in ("id", "label"))

    def example_problem(self) -> Violation:
        return Violation(
            str(self.where()),
            "",
            "this is the template's example row; replace it with your own data or delete it",
            "template",
        )

    # --- cells ---------------------------------------------------------------------------------------
    def cell(self, name: str) -> str:
        return self.cells.get(name, "").strip()

    def values(self, name: str) -> list[str]:
        return [v.strip() for v in self.cell(name).split(";") if v.strip()]

    def need(self, name: str, why: str) -> bool:
        if self.cell(name):
            return True
        self.problem(name, f"this column is empty; {why}")
        return False

    def emit(self, s: ox.NamedNode, p: str, o: ox.Term, column: str | None = None) -> None:
        self.triples.append((ox.Triple(s, ox.NamedNode(p), o), self.where(column)))

    def text(
        self, s: ox.NamedNode, column: str, p: str, *, english: bool = False, many: bool = False
    ) -> None:
        """The cell (or each ;-separated value) as a plain or @en string."""
        for value in self.values(column) if many else [self.cell(column)] if self.cell(column) else []:
            self.emit(s, p, ox.Literal(value, language="en") if english else ox.Literal(value), column)

    # --- names ---------------------------------------------------------------------------------------
    def labelled_node(self, prefix: str, cls: str, why: str) -> ox.NamedNode | None:
        """The row's new node (see :meth:`node`) with its English rdfs:label; an empty label column is a
        problem, told with ``why``."""
        node = self.node(prefix, cls)
        self.need("label", why)
        if node is not None:
            self.text(node, "label", RDFS + "label", english=True)
        return node

    def node(self, prefix: str, cls: str, label: str | None = None) -> ox.NamedNode | None:
        """The new node of this row: ckr:<id>, or ckr:<prefix><slug of label>; must not exist yet."""
        given = self.cell("id")
        column = "id" if given else "label"
        if given:
            iri = expand(given)
            if iri is None:
                self.problem(
                    "id",
                    f"{given!r} cannot be an id: use lowercase letters, digits and hyphens "
                    f"(e.g. {slug(given)}), or a full IRI",
                )
                return None
        else:
            label = label if label is not None else self.cell("label")
            if not label:
                return None
            iri = CKR + prefix + slug(label)
        if iri in self.taken:
            self.problem(
                column, f"{_short(iri)} is also made by {self.taken[iri]}; give one of the rows another id"
            )
            return None
        graph = self.lookup.graph_of(iri)
        if graph is not None:
            name = self.lookup.label(iri) or _short(iri)
            origin = (
                graph.rsplit("/", 1)[-1]
                if "/extension/" in graph
                else graph.removeprefix("https://w3id.org/crimekg/graph/")
            )
            fix = (
                f"to replace it, run `crimekg extensions remove {origin}` first"
                if "/extension/" in graph
                else "give this row another id"
            )
            self.problem(column, f"{_short(iri)} ({name}) is already in the graph ({origin}); {fix}")
            return None
        self.taken[iri] = self.where()
        node = ox.NamedNode(iri)
        self.emit(node, RDF + "type", ox.NamedNode(cls))
        return node

    def refs(self, column: str, classes: tuple[str, ...], what: str) -> list[ox.NamedNode]:
        found = []
        for value in self.values(column):
            matches = self.lookup.find(value, classes)
            if len(matches) == 1:
                found.append(ox.NamedNode(matches[0]))
            elif matches:
                options = "; ".join(_short(m) for m in matches[:5])
                self.problem(column, f"{value!r} could be any of {options}; write the id of the one you mean")
            else:
                near = self.lookup.suggest(value, classes)
                hint = (
                    f"did you mean {near!r}?"
                    if near
                    else f"add the {what} first (or in the same crimekg add run)"
                )
                self.problem(column, f"{value!r} is not a {what} in the graph; {hint}")
        return found

    def ref(self, column: str, classes: tuple[str, ...], what: str) -> ox.NamedNode | None:
        if len(self.values(column)) > 1:
            self.problem(column, f"give one {what} here, not several")
            return None
        found = self.refs(column, classes, what)
        return found[0] if found else None

    def concepts(self, column: str, scheme: str, what: str) -> list[ox.NamedNode]:
        table = self.lookup.concepts(scheme)
        found = []
        for value in self.values(column):
            key = normal(value)
            iri = table.get(key) or table.get(key.removeprefix("ckr:")) or table.get(key.replace(" ", "-"))
            if iri:
                found.append(ox.NamedNode(iri))
                continue
            labels = self.lookup.concept_labels(scheme)
            near = difflib.get_close_matches(key, [normal(x) for x in labels] + list(table), n=1, cutoff=0.6)
            hint = (
                f"did you mean {_pretty(near[0], labels)!r}?" if near else f"use one of: {', '.join(labels)}"
            )
            self.problem(column, f"{value!r} is not a {what}; {hint}")
        return found

    def concept(self, column: str, scheme: str, what: str) -> ox.NamedNode | None:
        if len(self.values(column)) > 1:
            self.problem(column, f"give one {what} here, not several")
            return None
        found = self.concepts(column, scheme, what)
        return found[0] if found else None

    def integer(self, column: str) -> int | None:
        value = self.cell(column)
        if not value:
            return None
        if re.fullmatch(r"\d+", value) and int(value) > 0:
            return int(value)
        self.problem(column, f"{value!r} is not a whole number above 0; write digits only (12)")
        return None

    # --- provenance ----------------------------------------------------------------------------------
    def cite(self, node: ox.NamedNode, *, required: bool) -> ox.NamedNode | None:
        """The citation of this row's citation columns, linked with prov:wasDerivedFrom."""
        filled = [c.name for c in CITATION if self.cell(c.name)]
        if not filled:
            if required:
                self.problem(
                    "source_document",
                    "every claim needs its source: the document that states it "
                    "(id, IRI, UN symbol or title) and the paragraph, footnote or locator",
                )
            return None
        if not self.need(
            "source_document", "name the document the paragraph, footnote or locator belongs to"
        ):
            return None
        doc = self.ref("source_document", DOCUMENT, "document")
        para, foot = self.integer("paragraph"), self.integer("footnote")
        sub, locator = self.cell("subparagraph"), self.cell("locator")
        secondary = (
            self.ref("secondary_source", SECONDARY, "document or provision")
            if self.cell("secondary_source")
            else None
        )
        if sub and not re.fullmatch(r"[a-z]{1,5}", sub):
            self.problem("subparagraph", f"{sub!r}: write the letter alone, lowercase, without brackets (b)")
        if not (para or foot or locator):
            self.problem("paragraph", "say where in the document: fill paragraph, footnote or locator")
        if doc is None or self.problems:
            return None
        fields = [(CKG + "citedDocument", doc, "source_document")]
        fields += (
            [(CKG + "paragraph", ox.Literal(str(para), datatype=ox.NamedNode(XSD + "integer")), "paragraph")]
            if para
            else []
        )
        fields += [(CKG + "subparagraph", ox.Literal(sub), "subparagraph")] if sub else []
        fields += (
            [(CKG + "footnote", ox.Literal(str(foot), datatype=ox.NamedNode(XSD + "integer")), "footnote")]
            if foot
            else []
        )
        fields += [(CKG + "locator", ox.Literal(locator), "locator")] if locator else []
        fields += [(CKG + "secondarySource", secondary, "secondary_source")] if secondary else []
        citation = self._citation_iri(doc.value, para, sub, foot, locator, secondary, fields)
        self.emit(node, PROV + "wasDerivedFrom", citation, "source_document")
        if not self.lookup.described(citation.value):
            self.emit(citation, RDF + "type", ox.NamedNode(CKG + "Citation"))
            self.emit(
                citation,
                RDFS + "label",
                ox.Literal(
                    self._citation_label(doc.value, para, sub, foot, locator, secondary), language="en"
                ),
            )
            for p, o, column in fields:
                self.emit(citation, p, o, column)
        return citation

    def _citation_iri(self, doc, para, sub, foot, locator, secondary, fields) -> ox.NamedNode:
        stem = (
            "cite"
            if doc == PAPER
            else "cite-"
            + (
                doc.removeprefix(CKR)
                if doc.startswith(CKR)
                else hashlib.sha256(doc.encode()).hexdigest()[:10]
            )
        )
        parts = (
            ([f"p{para}"] if para else []) + ([sub] if sub and para else []) + ([f"fn{foot}"] if foot else [])
        )
        convention = ox.NamedNode(CKR + "-".join([stem, *parts]))
        if parts and self.lookup.described(convention.value):
            have = {
                (p, o)
                for p in {f[0] for f in fields}
                | {CKG + "secondarySource", CKG + "locator", CKG + "subparagraph"}
                for o in self.lookup.values(convention.value, p)
            }
            if have == {(p, o) for p, o, _ in fields}:
                return convention
        extra = ([slug(locator, 40)] if locator else []) + ([sub] if sub and not para else [])
        extra += (
            [
                "via-"
                + (
                    secondary.value.removeprefix(CKR)
                    if secondary.value.startswith(CKR)
                    else slug(secondary.value, 30)
                )
            ]
            if secondary
            else []
        )
        return ox.NamedNode(CKR + "-".join([stem, *parts, *extra]))

    def _citation_label(self, doc, para, sub, foot, locator, secondary) -> str:
        ids = [o.value for o in self.lookup.values(doc, DCT + "identifier") if isinstance(o, ox.Literal)]
        parts = [ids[0] if ids else self.lookup.label(doc) or _short(doc)]
        parts += (
            [f"paragraph {para}" + (f" ({sub})" if sub else "")]
            if para
            else [f"subparagraph ({sub})"]
            if sub
            else []
        )
        parts += [f"footnote {foot}"] if foot else []
        parts += [locator] if locator else []
        parts += (
            [f"citing {self.lookup.label(secondary.value) or _short(secondary.value)}"] if secondary else []
        )
        return ", ".join(parts)


def _short(iri: str) -> str:
    return "ckr:" + iri[len(CKR) :] if iri.startswith(CKR) else f"<{iri}>"


def _pretty(key: str, labels: list[str]) -> str:
    return next((label for label in labels if normal(label) == key), key)
