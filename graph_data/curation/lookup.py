"""Finding resources of the graph by what a person would write: a label, a synonym, a slug, an IRI.

Used by the spreadsheet templates (:mod:`graph_data.curation.tabular`): a researcher writes
"drug trafficking", "narcotrafficking", "drug-trafficking", "ckr:drug-trafficking" or the full IRI, and gets
``ckr:drug-trafficking``; documents also by their UN symbol (``dcterms:identifier``) or title. Looks in
several stores in order (the addition so far, then the graph), each queried as the union of its graphs.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

import pyoxigraph as ox

import ontology

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS = "http://www.w3.org/2004/02/skos/core#"
IN_SCHEME = ox.NamedNode(SKOS + "inScheme")
NAMES = [
    RDFS_LABEL,
    ox.NamedNode(SKOS + "prefLabel"),
    ox.NamedNode(SKOS + "altLabel"),
    ox.NamedNode("http://purl.org/dc/terms/identifier"),
    ox.NamedNode("http://purl.org/dc/terms/title"),
]
_NAMES_VALUES = " ".join(f"<{p.value}>" for p in NAMES)


def normal(text: str) -> str:
    """Case, accents, dashes and spacing folded, so that "Drug  Trafficking" finds "drug trafficking"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\u2010-\u2015_]", "-", text.casefold())
    return re.sub(r"\s+", " ", text).strip()


def expand(text: str) -> str | None:
    """The IRI a cell names directly (full IRI, ``prefix:local`` or a bare slug), if it names one."""
    text = text.strip()
    if re.match(r"^https?://\S+$", text):
        return text
    prefix, _, local = text.partition(":")
    if local and prefix in ontology.PREFIXES and re.fullmatch(r"[\w.-]+", local):
        return ontology.PREFIXES[prefix] + local
    if re.fullmatch(r"[a-z0-9][a-z0-9.-]*", text):
        return ontology.CKR + text
    return None


class Lookup:
    """Resolves names to IRIs in ``stores`` (first match wins), with class checks and suggestions."""

    def __init__(self, stores: list[ox.Store], supers: dict[str, set[str]]) -> None:
        self.stores = stores
        self.supers = supers  # class → itself and its superclasses (from the ontology)
        self._schemes: dict[str, dict[str, str]] = {}

    def _quads(self, s=None, p=None, o=None) -> Iterable[ox.Quad]:
        for store in self.stores:
            yield from store.quads_for_pattern(s, p, o, None)

    def described(self, iri: str) -> bool:
        return next(iter(self._quads(ox.NamedNode(iri))), None) is not None

    def types(self, iri: str) -> set[str]:
        return {
            q.object.value
            for q in self._quads(ox.NamedNode(iri), RDF_TYPE)
            if isinstance(q.object, ox.NamedNode)
        }

    def is_a(self, iri: str, classes: tuple[str, ...]) -> bool:
        if not classes:
            return self.described(iri)
        return any(c in self.supers.get(t, {t}) for t in self.types(iri) for c in classes)

    def values(self, iri: str, predicate: str) -> list[ox.Term]:
        return list(dict.fromkeys(q.object for q in self._quads(ox.NamedNode(iri), ox.NamedNode(predicate))))

    def label(self, iri: str) -> str | None:
        labels = [
            q.object for q in self._quads(ox.NamedNode(iri), RDFS_LABEL) if isinstance(q.object, ox.Literal)
        ]
        english = [lit.value for lit in labels if lit.language == "en"]
        return (english or [lit.value for lit in labels] or [None])[0]

    def graph_of(self, iri: str) -> str | None:
        """The named graph that types ``iri`` in the last store (the graph), if any."""
        quad = next(iter(self.stores[-1].quads_for_pattern(ox.NamedNode(iri), RDF_TYPE, None, None)), None)
        return (
            quad.graph_name.value if quad is not None and isinstance(quad.graph_name, ox.NamedNode) else None
        )

    def find(self, text: str, classes: tuple[str, ...]) -> list[str]:
        """Every IRI of one of ``classes`` (any described resource if empty) that ``text`` names."""
        direct = expand(text)
        if direct and self.is_a(direct, classes):
            return [direct]
        found: list[str] = []
        for literal in (ox.Literal(text.strip(), language="en"), ox.Literal(text.strip())):
            for predicate in NAMES:
                for q in self._quads(None, predicate, literal):
                    if isinstance(q.subject, ox.NamedNode) and q.subject.value not in found:
                        found.append(q.subject.value)
        if not found:
            wanted = normal(text)
            for store in self.stores:
                rows = store.query(
                    f"SELECT DISTINCT ?s ?t WHERE {{ VALUES ?p {{ {_NAMES_VALUES} }} ?s ?p ?n "
                    "FILTER(isIRI(?s) && LCASE(STR(?n)) = ?t) }",
                    substitutions={ox.Variable("t"): ox.Literal(text.strip().lower())},
                    use_default_graph_as_union=True,
                )
                found += [r["s"].value for r in rows if r["s"].value not in found]
            if not found:
                found = [iri for name, iri in self.names(classes).items() if name == wanted]
        return [iri for iri in dict.fromkeys(found) if self.is_a(iri, classes)]

    def names(self, classes: tuple[str, ...], *, shown: dict[str, str] | None = None) -> dict[str, str]:
        """Normalised name (label, synonym, identifier, slug) → IRI of every instance of ``classes``.

        ``shown``, if given, receives normalised name → the name as written in the graph.
        """
        table: dict[str, str] = {}
        shown = shown if shown is not None else {}
        subclasses = sorted({c for c, sup in self.supers.items() if set(classes) & sup} | set(classes))
        type_filter = (
            "?s a ?t . VALUES ?t { " + " ".join(f"<{c}>" for c in subclasses) + " }" if classes else ""
        )
        for store in self.stores:
            rows = store.query(
                f"SELECT ?s ?n WHERE {{ {type_filter} VALUES ?p {{ {_NAMES_VALUES} }} "
                "?s ?p ?n FILTER(isIRI(?s)) }",
                use_default_graph_as_union=True,
            )
            for row in rows:
                iri = row["s"].value
                table.setdefault(normal(row["n"].value), iri)
                shown.setdefault(normal(row["n"].value), row["n"].value)
                if iri.startswith(ontology.CKR):
                    table.setdefault(iri[len(ontology.CKR) :], iri)
        return table

    def suggest(self, text: str, classes: tuple[str, ...]) -> str | None:
        """The nearest name of an instance of ``classes``, written as a person would write it."""
        shown: dict[str, str] = {}
        table = self.names(classes, shown=shown)
        close = difflib.get_close_matches(normal(text), list(table), n=1, cutoff=0.7)
        return shown.get(close[0], close[0]) if close else None

    def concepts(self, scheme: str) -> dict[str, str]:
        """Normalised label or slug → IRI of each concept of the scheme ``ckr:<scheme>``."""
        if scheme not in self._schemes:
            table: dict[str, str] = {}
            scheme_iri = ox.NamedNode(ontology.CKR + scheme)
            for q in self._quads(None, IN_SCHEME, scheme_iri):
                iri = q.subject.value
                local = iri.removeprefix(ontology.CKR)
                table[local] = iri
                stem = local.split("-", 1)[1] if "-" in local else local
                table.setdefault(stem, iri)
                for predicate in NAMES[:3]:
                    for name in self._quads(q.subject, predicate):
                        table.setdefault(normal(name.object.value), iri)
            self._schemes[scheme] = table
        return self._schemes[scheme]

    def concept_labels(self, scheme: str) -> list[str]:
        """The labels of a scheme's concepts, for "use one of …"."""
        iris = sorted(set(self.concepts(scheme).values()))
        return [self.label(iri) or iri.removeprefix(ontology.CKR) for iri in iris]
