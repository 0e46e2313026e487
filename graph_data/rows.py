"""The columns of each spreadsheet template and how one row becomes triples (used by graph_data.tabular).

A :class:`Row` reads its cells, resolves names through a :class:`graph_data.lookup.Lookup`, and collects
triples (each with the row and column it came from) and problems (each with row, column and what to
write instead). The column lists are documented, column by column, in docs/extending.md.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import pyoxigraph as ox

import ontology
from graph_data.addition import Where
from graph_data.lookup import Lookup, expand, normal
from ontology.errors import Violation

CKG, CKR = ontology.CKG, ontology.CKR
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PAPER = CKR + "unodc-cnd-es-2021-2"

CRIME_TYPE = (CKG + "CrimeType",)
DOCUMENT = (CKG + "Document",)
PLACE = (CKG + "Place",)
ORGANIZATION = (CKG + "Organization",)
CLAIM = (CKG + "Claim",)
PARENT = (CKG + "Provision", CKG + "LegalInstrument")
SECONDARY = (CKG + "Document", CKG + "Provision")
ANYTHING: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    required: bool = False  # the cell must be filled
    many: bool = False  # several values separated by ";"
    predicates: tuple[str, ...] = ()  # what the column writes (places SHACL results in the sheet)
    required_header: bool = False  # the column must be in the header


def _c(name: str, help: str, *predicates: str, required=False, many=False, header=False) -> Column:
    return Column(name, help, required, many, tuple(predicates), header)


CITATION = (
    _c(
        "source_document",
        "the document that states it: crimekg id, IRI, UN symbol or title",
        PROV + "wasDerivedFrom",
        CKG + "citedDocument",
    ),
    _c("paragraph", "paragraph number in that document", CKG + "paragraph"),
    _c("subparagraph", "subparagraph letter, as printed without brackets (b)", CKG + "subparagraph"),
    _c("footnote", "footnote number", CKG + "footnote"),
    _c("locator", "any other place in the document (table 2, p. 41, figure 9)", CKG + "locator"),
    _c(
        "secondary_source",
        "the report the document relies on for it (id, IRI, symbol or title)",
        CKG + "secondarySource",
    ),
)
ID = _c("id", "short lowercase-hyphenated name for the new IRI (ckr:<id>); empty: made from the label")
LINKAGE_COLUMNS = (
    ID,
    _c(
        "label", "one-line name of the linkage, in your own words", RDFS + "label", required=True, header=True
    ),
    _c(
        "crime_types",
        "the crime types it links (two or more; label, synonym or id)",
        CKG + "involves",
        many=True,
        header=True,
    ),
    _c(
        "from_crime",
        "for a directed link: the crime type that enables, finances or supplies the other",
        CKG + "fromCrime",
    ),
    _c(
        "to_crime",
        "for a directed link: the crime type that is enabled, financed or supplied",
        CKG + "toCrime",
    ),
    _c(
        "nature",
        "what kind of link (ckr:linkage-natures), e.g. enabling; financing; shared routes and infrastructure",
        CKG + "nature",
        many=True,
        required=True,
    ),
    _c(
        "prevalence",
        "how common (ckr:prevalences), e.g. systematic, regular, opportunistic, exceptional",
        CKG + "prevalence",
    ),
    _c(
        "geographic_scope",
        "places it holds for (label or id), e.g. Latin America; world",
        CKG + "geographicScope",
        many=True,
    ),
    _c("period", "the time it refers to, as the source gives it (2015–2020)", CKG + "period"),
    _c("scope_note", "how far it holds, in words (in some regions)", CKG + "scopeNote"),
    _c("text", "what the source found, in your own words", CKG + "text"),
    *CITATION,
)
STATISTIC_COLUMNS = (
    ID,
    _c("label", "one-line name of the figure", RDFS + "label", required=True, header=True),
    _c(
        "value",
        "the number alone, with '.' for decimals (12.5); no %, no thousands separators",
        CKG + "value",
        required=True,
        header=True,
    ),
    _c(
        "unit",
        "its unit (ckr:units), e.g. per cent, United States dollars, count",
        CKG + "unit",
        required=True,
    ),
    _c(
        "qualifier",
        "how exact (ckr:qualifiers): about, less than, at least, more than, just over, almost",
        CKG + "qualifier",
    ),
    _c("measures", "what it counts or measures, in your own words", CKG + "measures"),
    _c("period", "the time it refers to (2020, 2011–2020)", CKG + "period"),
    _c("geographic_scope", "places it holds for (label or id)", CKG + "geographicScope", many=True),
    _c(
        "concerns",
        "what it is about: crime types, substances, technologies, topics (label or id)",
        CKG + "concerns",
        many=True,
    ),
    _c("evidence_for", "linkages or other claims it supports (id or label)", CKG + "supportedBy", many=True),
    *CITATION,
)
PROVISION_COLUMNS = (
    ID,
    _c(
        "label",
        "name as people cite it; empty: made from the parent (UNTOC, art. 6, para. 2)",
        RDFS + "label",
    ),
    _c(
        "part_of",
        "its direct parent: the instrument or the provision it belongs to (id or label)",
        CKG + "partOf",
        required=True,
        header=True,
    ),
    _c(
        "kind",
        "chapter, section, article, paragraph, subparagraph or recommendation",
        CKG + "provisionKind",
        required=True,
        header=True,
    ),
    _c(
        "number",
        "its own number or letter as printed (5, f, III)",
        CKG + "number",
        required=True,
        header=True,
    ),
    _c("heading", "its official heading, if it has one", CKG + "heading"),
    _c("position", "order among its siblings, a whole number (for sorting)", CKG + "position"),
    _c(
        "addresses",
        "crime types or topics it addresses (label or id); needs a source",
        CKG + "addresses",
        many=True,
    ),
    *CITATION,
)
CRIME_TYPE_COLUMNS = (
    ID,
    _c(
        "label",
        "its name, lowercase unless a proper noun (wildlife trafficking)",
        RDFS + "label",
        required=True,
        header=True,
    ),
    _c("alt_labels", "other names people search by", SKOS + "altLabel", many=True),
    _c(
        "broader",
        "the wider crime type it belongs under (label or id); empty: a top concept",
        SKOS + "broader",
        many=True,
    ),
    _c("definition", "what it means, in your own words", SKOS + "definition", required=True),
    _c("exact_match", "IRIs of the same concept elsewhere (ICCS, Wikidata)", SKOS + "exactMatch", many=True),
    _c("close_match", "IRIs of a close concept elsewhere", SKOS + "closeMatch", many=True),
)
DOCUMENT_COLUMNS = (
    ID,
    _c(
        "label",
        "short name people use for it (Border crime study 2024)",
        RDFS + "label",
        required=True,
        header=True,
    ),
    _c("title", "full title as printed", DCT + "title"),
    _c("identifier", "official symbol or number (UNODC/CND/ES/2021/2)", DCT + "identifier"),
    _c(
        "type",
        "document, treaty, protocol, political declaration, resolution, standard or guideline",
        RDF + "type",
    ),
    _c("published_by", "organizations that published it (label or id)", CKG + "publishedBy", many=True),
    _c("issued", "year (2021) or date (2021-10-19) of publication", DCT + "issued"),
    _c("part_of", "the document it is part of (a booklet of a report)", CKG + "partOf"),
    _c("url", "where to read it (https://…)", RDFS + "seeAlso"),
    _c("scope_note", "anything a reader should know about it", SKOS + "scopeNote"),
)
_KINDS = {
    "document": "Document",
    "legal instrument": "LegalInstrument",
    "treaty": "Treaty",
    "convention": "Treaty",
    "protocol": "Protocol",
    "political declaration": "PoliticalDeclaration",
    "declaration": "PoliticalDeclaration",
    "resolution": "Resolution",
    "standard": "Standard",
    "guideline": "Guideline",
    "guidelines": "Guideline",
}

EXAMPLE_DOCUMENT = "example-border-crime-study-2024"
DOCUMENT_EXAMPLE = {
    "id": EXAMPLE_DOCUMENT,
    "label": "Example: Border crime study 2024 (replace this row)",
    "title": "Border crime in a coastal region: an example study",
    "identifier": "EXAMPLE/2024/1",
    "type": "document",
    "issued": "2024",
    "url": "https://example.org/reports/border-crime-2024",
    "scope_note": "An example row: replace it with the document you cite.",
}
LINKAGE_EXAMPLE = {
    "id": "example-smugglers-move-cocaine",
    "label": "Example: migrant smugglers also move cocaine (replace this row)",
    "crime_types": "smuggling of migrants; drug trafficking",
    "nature": "shared routes and infrastructure",
    "prevalence": "opportunistic",
    "geographic_scope": "Latin America",
    "period": "2019–2023",
    "text": "An example row: say in your own words what the source found.",
    "source_document": EXAMPLE_DOCUMENT,
    "locator": "chapter 3, p. 41",
}
STATISTIC_EXAMPLE = {
    "id": "example-share-of-mixed-seizures",
    "label": "Example: share of seizures holding drugs and firearms (replace this row)",
    "value": "12.5",
    "unit": "per cent",
    "qualifier": "about",
    "measures": "share of maritime seizures that held both drugs and firearms",
    "period": "2022",
    "geographic_scope": "world",
    "concerns": "drug trafficking; firearms trafficking",
    "source_document": EXAMPLE_DOCUMENT,
    "locator": "table 4",
}
PROVISION_EXAMPLE = {
    "id": "example-model-law-art-5",
    "label": "Example: model law, art. 5 (replace this row)",
    "part_of": "example-model-law",
    "kind": "article",
    "number": "5",
    "heading": "Confiscation of proceeds",
    "position": "5",
    "addresses": "money-laundering",
    "source_document": "example-model-law",
    "locator": "art. 5",
}
CRIME_TYPE_EXAMPLE = {
    "id": "example-wildlife-trafficking",
    "label": "Example: wildlife trafficking (replace this row)",
    "alt_labels": "illegal wildlife trade",
    "broader": "trafficking in natural resources",
    "definition": "An example row: define the crime type in your own words.",
}


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
            import difflib

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


# --- the templates -----------------------------------------------------------------------------------


def linkage(row: Row) -> None:
    node = row.node("linkage-", CKG + "Linkage")
    row.need("label", "give the linkage a one-line name")
    if node is None:
        return
    row.text(node, "label", RDFS + "label", english=True)
    ends = {"from_crime": CKG + "fromCrime", "to_crime": CKG + "toCrime"}
    involved = row.refs("crime_types", CRIME_TYPE, "crime type")
    for column, p in ends.items():
        end = row.ref(column, CRIME_TYPE, "crime type")
        if end is not None:
            row.emit(node, p, end, column)
            involved.append(end)
    for crime in dict.fromkeys(involved):
        row.emit(node, CKG + "involves", crime, "crime_types")
    if len(dict.fromkeys(involved)) < 2 and not row.problems:
        row.problem(
            "crime_types",
            "name at least two different crime types, separated by ';' (corruption; drug trafficking)",
        )
    if row.need("nature", "say what kind of link it is (enabling, financing, general association …)"):
        for nature in row.concepts("nature", "linkage-natures", "linkage nature"):
            row.emit(node, CKG + "nature", nature, "nature")
    prevalence = row.concept("prevalence", "prevalences", "prevalence")
    if prevalence is not None:
        row.emit(node, CKG + "prevalence", prevalence, "prevalence")
    _claim_common(row, node)
    row.cite(node, required=True)


def statistic(row: Row) -> None:
    node = row.node("stat-", CKG + "Statistic")
    row.need("label", "give the figure a one-line name")
    if node is None:
        return
    row.text(node, "label", RDFS + "label", english=True)
    value = row.cell("value")
    if row.need("value", "write the number (12.5)"):
        if re.fullmatch(r"-?\d+(\.\d+)?", value):
            decimal = value if "." in value else value + ".0"
            row.emit(
                node, CKG + "value", ox.Literal(decimal, datatype=ox.NamedNode(XSD + "decimal")), "value"
            )
        else:
            hint = ""
            if value.endswith("%"):
                hint = f"; write {value[:-1].strip()} here and 'per cent' in column unit"
            elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", value):
                hint = f"; write it without thousands separators: {value.replace(',', '')}"
            elif re.fullmatch(r"-?\d+,\d+", value):
                hint = f"; use a point for decimals: {value.replace(',', '.')}"
            row.problem(
                "value", f"{value!r} is not a number{hint or '; write digits with a . for decimals (12.5)'}"
            )
    if row.need("unit", "say what the number counts in (per cent, United States dollars, count …)"):
        unit = row.concept("unit", "units", "unit")
        if unit is not None:
            row.emit(node, CKG + "unit", unit, "unit")
    qualifier = row.concept("qualifier", "qualifiers", "qualifier")
    if qualifier is not None:
        row.emit(node, CKG + "qualifier", qualifier, "qualifier")
    row.text(node, "measures", CKG + "measures")
    for topic in row.refs("concerns", ANYTHING, "resource"):
        row.emit(node, CKG + "concerns", topic, "concerns")
    for claim in row.refs("evidence_for", CLAIM, "claim (linkage, statistic, finding …)"):
        row.emit(claim, CKG + "supportedBy", node, "evidence_for")
    _claim_common(row, node)
    row.cite(node, required=True)


def _claim_common(row: Row, node: ox.NamedNode) -> None:
    for place in row.refs("geographic_scope", PLACE, "place"):
        row.emit(node, CKG + "geographicScope", place, "geographic_scope")
    for column, p in (("period", CKG + "period"), ("scope_note", CKG + "scopeNote"), ("text", CKG + "text")):
        row.text(node, column, p)


_PROVISION_FORMS = {
    "chapter": ("chap-{}", "chap. {}"),
    "section": ("sec-{}", "sect. {}"),
    "article": ("art-{}", "art. {}"),
    "paragraph": ("para-{}", "para. {}"),
    "subparagraph": ("{}", "({})"),
    "recommendation": ("rec-{}", "rec. {}"),
}


def provision(row: Row) -> None:
    parent = (
        row.ref("part_of", PARENT, "legal instrument or provision")
        if row.need("part_of", "name the instrument or provision it belongs to")
        else None
    )
    kind = (
        row.concept("kind", "provision-kinds", "provision kind")
        if row.need("kind", "say chapter, article, paragraph …")
        else None
    )
    number = (
        row.cell("number") if row.need("number", "write its number or letter as printed (5, f, III)") else ""
    )
    if parent is None or kind is None or not number:
        return
    form = _PROVISION_FORMS.get(row.lookup.label(kind.value) or "", ("{}", "{}"))
    label = (
        row.cell("label")
        or f"{row.lookup.label(parent.value) or _short(parent.value)}, {form[1].format(number)}"
    )
    if row.cell("label") or row.cell("id"):
        node = row.node("", CKG + "Provision", label)
    else:
        local = parent.value.removeprefix(CKR) if parent.value.startswith(CKR) else slug(parent.value)
        node = row.node(f"{local}-", CKG + "Provision", form[0].format(slug(number)))
    if node is None:
        return
    row.emit(node, RDFS + "label", ox.Literal(label, language="en"), "label")
    row.emit(node, CKG + "partOf", parent, "part_of")
    row.emit(node, CKG + "provisionKind", kind, "kind")
    row.emit(node, CKG + "number", ox.Literal(number), "number")
    row.text(node, "heading", CKG + "heading")
    position = row.integer("position")
    if position is not None:
        row.emit(
            node,
            CKG + "position",
            ox.Literal(str(position), datatype=ox.NamedNode(XSD + "integer")),
            "position",
        )
    topics = row.refs("addresses", ANYTHING, "crime type or topic")
    citation = row.cite(node, required=bool(row.cell("addresses")))
    if topics and citation is not None:
        coverage = ox.NamedNode(CKR + "coverage-" + node.value.removeprefix(CKR))
        row.emit(coverage, RDF + "type", ox.NamedNode(CKG + "Coverage"))
        names = ", ".join(row.lookup.label(t.value) or _short(t.value) for t in topics)
        row.emit(
            coverage, RDFS + "label", ox.Literal(f"{label} addresses {names}", language="en"), "addresses"
        )
        row.emit(coverage, CKG + "ofProvision", node, "addresses")
        for topic in topics:
            row.emit(coverage, CKG + "addresses", topic, "addresses")
        row.emit(coverage, PROV + "wasDerivedFrom", citation, "source_document")


def crime_type(row: Row) -> None:
    node = row.node("", CKG + "CrimeType")
    row.need("label", "give the crime type its name")
    if node is None:
        return
    row.emit(node, SKOS + "inScheme", ox.NamedNode(CKR + "crime-types"))
    row.text(node, "label", RDFS + "label", english=True)
    row.text(node, "label", SKOS + "prefLabel", english=True)
    row.text(node, "alt_labels", SKOS + "altLabel", english=True, many=True)
    if row.need("definition", "define it in your own words"):
        row.text(node, "definition", SKOS + "definition", english=True)
    broader = row.refs("broader", CRIME_TYPE, "crime type")
    for parent in broader:
        row.emit(node, SKOS + "broader", parent, "broader")
    if not row.values("broader"):
        row.emit(node, SKOS + "topConceptOf", ox.NamedNode(CKR + "crime-types"))
    for column, p in (("exact_match", SKOS + "exactMatch"), ("close_match", SKOS + "closeMatch")):
        for value in row.values(column):
            if re.fullmatch(r"https?://\S+", value):
                row.emit(node, p, ox.NamedNode(value), column)
            else:
                row.problem(column, f"{value!r} is not an IRI; write the full address (https://…)")


def document(row: Row) -> None:
    kind = normal(row.cell("type") or "document")
    if kind not in _KINDS:
        import difflib

        near = difflib.get_close_matches(kind, list(_KINDS), n=1, cutoff=0.6)
        row.problem(
            "type",
            f"{row.cell('type')!r} is not a document type; "
            + (f"did you mean {near[0]!r}?" if near else f"use one of: {', '.join(_KINDS)}"),
        )
        return
    node = row.node("", CKG + _KINDS[kind])
    row.need("label", "give the document a short name")
    if node is None:
        return
    row.text(node, "label", RDFS + "label", english=True)
    row.text(node, "title", DCT + "title", english=True)
    row.text(node, "identifier", DCT + "identifier")
    row.text(node, "scope_note", SKOS + "scopeNote", english=True)
    for org in row.refs("published_by", ORGANIZATION, "organization"):
        row.emit(node, CKG + "publishedBy", org, "published_by")
    issued = row.cell("issued")
    if re.fullmatch(r"\d{4}", issued):
        row.emit(node, DCT + "issued", ox.Literal(issued, datatype=ox.NamedNode(XSD + "gYear")), "issued")
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", issued):
        row.emit(node, DCT + "issued", ox.Literal(issued, datatype=ox.NamedNode(XSD + "date")), "issued")
    elif issued:
        row.problem("issued", f"{issued!r} is not a year (2021) or a date (2021-10-19)")
    parent = row.ref("part_of", DOCUMENT, "document")
    if parent is not None:
        row.emit(node, CKG + "partOf", parent, "part_of")
    url = row.cell("url")
    if url and re.fullmatch(r"https?://\S+", url):
        row.emit(node, RDFS + "seeAlso", ox.NamedNode(url), "url")
    elif url:
        row.problem("url", f"{url!r} is not a web address; write it in full (https://…)")
