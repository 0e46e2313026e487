"""The merged graph as one file: Turtle, N-Triples, JSON-LD or TriG, with derived triples if asked.

>>> from graph_data.loader import ontology_sources
>>> data = export(ontology_sources(), "nt")
>>> data.count(b"\\n") > 500
True

``inferred=True`` adds, in the named graph ``https://w3id.org/crimekg/graph/inferred`` (TriG) or merged
into the one graph (the other formats):

1. the derived edges of the ``queries/derive-*.rq`` CONSTRUCTs (ckg:linkedWith, ckg:addresses on
   provisions, ckg:soldVia);
2. cheap OWL consequences: inverses (``owl:inverseOf``: ckg:hasPart, ckg:follows, skos:narrower) and
   symmetric properties, super-properties (``rdfs:subPropertyOf``: eli:is_part_of, eli:number …) and
   super-classes (``rdfs:subClassOf``: every linkage is also a ckg:Claim and a prov:Entity).

Triples already asserted are not repeated. The transitive closure of ckg:partOf and ckg:precedes is left
out on purpose: ckg:partOf names the direct parent, and a query asks ``ckg:partOf+`` for the rest.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

import ontology
from graph_data.loader import GRAPH_BASE, Source, all_sources, load_store
from ontology.errors import UsageError

INFERRED_GRAPH = GRAPH_BASE + "inferred"

#: The RDF formats of ``export``: name → (pyoxigraph format, keeps named graphs).
RDF_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "ttl": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "jsonld": (ox.RdfFormat.JSON_LD, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nq": (ox.RdfFormat.N_QUADS, True),
}

_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in ontology.PREFIXES.items())
#: OWL and RDFS consequences worth materialising, in order (each sees the triples of the ones before).
OWL_RULES = {
    "inverse": _PREFIXES
    + """CONSTRUCT { ?y ?inverse ?x } WHERE {
        { ?p owl:inverseOf ?inverse } UNION { ?inverse owl:inverseOf ?p }
        ?x ?p ?y . FILTER (!isLiteral(?y)) }""",
    "symmetric": _PREFIXES + "CONSTRUCT { ?y ?p ?x } WHERE { ?p a owl:SymmetricProperty . ?x ?p ?y }",
    "super-property": _PREFIXES
    + """CONSTRUCT { ?x ?super ?y } WHERE {
        ?p rdfs:subPropertyOf+ ?super . FILTER (isIRI(?super)) ?x ?p ?y }""",
    "super-class": _PREFIXES
    + """CONSTRUCT { ?x a ?super } WHERE {
        ?x a ?class . ?class rdfs:subClassOf+ ?super . FILTER (isIRI(?super)) }""",
}


def derive_queries() -> dict[str, str]:
    """The derivation rules (``ontology/derivations/derive-*.rq``), by file name."""
    return ontology.derivations()


def add_inferred(store: ox.Store) -> int:
    """Add the derived and inferred triples to ``store`` (graph INFERRED_GRAPH); returns how many."""
    graph = ox.NamedNode(INFERRED_GRAPH)
    added = 0
    for query in [*derive_queries().values(), *OWL_RULES.values()]:
        new = [t for t in store.query(query, use_default_graph_as_union=True) if not _present(store, t)]
        store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in dict.fromkeys(new))
        added += len(dict.fromkeys(new))
    return added


def _present(store: ox.Store, triple: ox.Triple) -> bool:
    return (
        next(iter(store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)), None)
        is not None
    )


def export(sources: list[Source] | None = None, format: str = "ttl", *, inferred: bool = False) -> bytes:
    """Serialise the sources (default: ontology, seed graph and extensions) in ``format``.

    Raises LoadError when a source does not parse, UsageError for an unknown format.
    """
    if format not in RDF_FORMATS:
        raise UsageError(f"unknown export format {format!r}", hint=f"use one of {', '.join(RDF_FORMATS)}")
    rdf_format, keeps_graphs = RDF_FORMATS[format]
    store = load_store(sources=all_sources() if sources is None else sources)
    if inferred:
        add_inferred(store)
    if keeps_graphs:
        return ox.serialize(store, format=rdf_format, prefixes=_prefixes(rdf_format))
    triples = list(dict.fromkeys(quad.triple for quad in store))
    if format == "jsonld":
        return _jsonld(triples)
    return ox.serialize(triples, format=rdf_format, prefixes=_prefixes(rdf_format))


def _prefixes(rdf_format: ox.RdfFormat) -> dict[str, str] | None:
    return dict(ontology.PREFIXES) if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None


def _jsonld(triples: Iterable[ox.Triple]) -> bytes:
    """JSON-LD compacted with the project's prefixes as @context (rdflib: pyoxigraph writes none)."""
    import rdflib

    from ontology.convert import to_rdflib

    graph = rdflib.Graph()
    for triple in triples:
        graph.add(to_rdflib(triple))
    return graph.serialize(format="json-ld", context=dict(ontology.PREFIXES), auto_compact=True).encode(
        "utf-8"
    )
