"""The service description of the endpoint (W3C SPARQL 1.1 Service Description, ``sd:`` vocabulary)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pyoxigraph as ox

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
PREFIXES = {"sd": SD, "formats": FORMATS}
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
#: The named graphs of the store (run by a worker, like every query).
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)
_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def endpoint_iri(host_header: str | None, fallback: str) -> ox.NamedNode:
    """``http://HOST/sparql`` from the request's Host header when it is a plain host[:port]."""
    host = host_header if host_header and _HOST.fullmatch(host_header) else fallback
    return ox.NamedNode(f"http://{host}/sparql")


def description(endpoint: ox.NamedNode, graphs: Sequence[ox.NamedNode], *, updates: bool) -> list[ox.Triple]:
    """The triples describing the service: languages, features, result formats, the named graphs."""
    service, dataset, default = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, RDFS_LABEL, ox.Literal("crimekg SPARQL endpoint", language="en")),
        ox.Triple(service, _sd("endpoint"), endpoint),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
    ]
    if updates:
        triples.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    triples += [ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + n)) for n in RESULT_FORMATS]
    for graph in graphs:
        node = ox.BlankNode()
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), node),
            ox.Triple(node, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(node, _sd("name"), graph),
        ]
    return triples
