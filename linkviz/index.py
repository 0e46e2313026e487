"""The rows of the model queries, indexed by subject: what :mod:`linkviz.model` assembles the graph from."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from linkviz import sparql
from ontology import CKG, CKR

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"


@dataclass
class GraphIndex:
    """Node classes, literal values and resource links of the graph, by subject."""

    node_types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # node → rdf:types
    node_classes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # node → main classes
    claims: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # claim → claim classes
    literals: dict[str, dict[str, list[Any]]] = field(default_factory=lambda: _nested())
    links: dict[str, dict[str, list[str]]] = field(default_factory=lambda: _nested())

    @classmethod
    def load(cls, selector: sparql.Selector) -> GraphIndex:
        index = cls()
        for row in sparql.run(selector, "nodes"):
            index.node_types[row["node"]].add(row["type"])
            index.node_classes[row["node"]].add(row["class"])
        for row in sparql.run(selector, "claims"):
            index.claims[row["claim"]].add(row["class"])
        for row in sparql.run(selector, "literals"):
            values = index.literals[row["subject"]][row["property"]]
            if row["value"] not in values:
                values.append(row["value"])
        for row in sparql.run(selector, "relations"):
            objects = index.links[row["subject"]][row["property"]]
            if row["object"] not in objects:
                objects.append(row["object"])
        return index

    # -- values of one subject -------------------------------------------------------------------------

    def values(self, subject: str, prop: str) -> list[Any]:
        """Literal values of ``prop`` (a full IRI) on ``subject``, sorted for stable output."""
        found = self.literals.get(subject, {}).get(prop, [])
        return sorted(found, key=lambda v: (str(type(v)), v))

    def first(self, subject: str, *props: str) -> Any:
        """The first value of the first property that has one (properties in order of preference)."""
        for prop in props:
            found = self.values(subject, prop)
            if found:
                return found[0]
        return None

    def objects(self, subject: str, prop: str) -> list[str]:
        return sorted(self.links.get(subject, {}).get(prop, []))

    def ckg(self, subject: str, name: str) -> list[str]:
        """Objects of ``ckg:<name>`` on ``subject``."""
        return self.objects(subject, CKG + name)

    def label(self, subject: str) -> str:
        """rdfs:label, else skos:prefLabel, else the last part of the IRI."""
        found = self.first(subject, RDFS + "label", SKOS + "prefLabel")
        return str(found) if found is not None else local_name(subject)

    def definition(self, subject: str) -> str | None:
        found = self.first(subject, SKOS + "definition", RDFS + "comment")
        return str(found) if found is not None else None

    def concept(self, iri: str) -> dict[str, str]:
        """A controlled value (nature, prevalence, unit …) as ``{"iri", "label"}``."""
        return {"iri": iri, "label": self.label(iri)}


def _nested() -> defaultdict[str, defaultdict[str, list[Any]]]:
    return defaultdict(lambda: defaultdict(list))


def local_name(iri: str) -> str:
    """The part of an IRI after the last ``#`` or ``/``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def slug(iri: str) -> str | None:
    """The slug of a crimekg resource (``ckr:trafficking-in-persons`` → ``trafficking-in-persons``)."""
    return iri.removeprefix(CKR) if iri.startswith(CKR) and "/" not in iri.removeprefix(CKR) else None
