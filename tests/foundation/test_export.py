"""`crimekg export`: every format round-trips; --inferred adds the derived edges; bad paths fail cleanly."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from foundation_helpers import FIXTURES
from rdflib.compare import isomorphic

from graph_data.export import INFERRED_GRAPH, export
from graph_data.loader import file_source, ontology_sources
from ontology.convert import term_to_oxigraph, to_rdflib

SOURCES = ontology_sources() + [file_source(FIXTURES / "valid" / "small-graph.ttl")]
CKG = rdflib.Namespace("https://w3id.org/crimekg/ontology#")
CKR = rdflib.Namespace("https://w3id.org/crimekg/resource/")
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}


def merged() -> rdflib.Graph:
    """The two files parsed by rdflib itself: an independent reading to compare the export with."""
    graph = rdflib.Graph()
    for source in SOURCES:
        graph.parse(data=source.data, format="turtle")
    return canonical(graph)


def canonical(graph: rdflib.Graph) -> rdflib.Graph:
    """Typed literals in canonical form, as the store keeps them ("6.0"^^xsd:decimal reads back as "6")."""
    store = ox.Store()
    store.extend(ox.Quad(*map(term_to_oxigraph, triple), ox.DefaultGraph()) for triple in graph)
    result = rdflib.Graph()
    for quad in store:
        result.add(to_rdflib(quad.triple))
    return result


def reparse(data: bytes, fmt: str) -> rdflib.Graph:
    if fmt in ("trig", "nq"):
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format=RDFLIB_FORMAT[fmt])
        graph = rdflib.Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    return rdflib.Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])


@pytest.mark.parametrize("fmt", sorted(RDFLIB_FORMAT))
def test_export_round_trips_to_the_same_graph(fmt):
    assert isomorphic(canonical(reparse(export(SOURCES, fmt), fmt)), merged())


def test_trig_keeps_one_named_graph_per_file():
    dataset = rdflib.Dataset()
    dataset.parse(data=export(SOURCES, "trig"), format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {
        "https://w3id.org/crimekg/graph/ontology",
        "https://w3id.org/crimekg/graph/file/small-graph",
    }


def test_inferred_adds_the_derived_edges_both_ways():
    graph = reparse(export(SOURCES, "ttl", inferred=True), "ttl")
    assert (CKR["trafficking-in-persons"], CKG.linkedWith, CKR["drug-trafficking"]) in graph
    assert (CKR["drug-trafficking"], CKG.linkedWith, CKR["trafficking-in-persons"]) in graph
    assert (CKR.cannabis, CKG.soldVia, CKR["dark-web"]) in graph
    assert (CKR["convention-1988-art-3"], CKG.addresses, CKR["drug-trafficking"]) in graph
    assert (CKR.cannabis, CKG.soldVia, CKR.cannabis) not in graph


def test_inferred_adds_inverses_super_properties_and_super_classes():
    graph = reparse(export(SOURCES, "nt", inferred=True), "nt")
    eli = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
    assert (CKR["convention-1988"], CKG.hasPart, CKR["convention-1988-art-3"]) in graph
    assert (CKR["convention-1988-art-3"], eli.is_part_of, CKR["convention-1988"]) in graph
    assert (CKR["stage-seizure"], CKG.follows, CKR["stage-identification"]) in graph
    assert (CKR["drug-offences"], rdflib.SKOS.narrower, CKR["drug-trafficking"]) in graph
    assert (CKR["linkage-tip-forced-criminality"], rdflib.RDF.type, CKG.Claim) in graph


def test_inferred_triples_live_in_their_own_named_graph_and_repeat_nothing():
    plain, inferred = rdflib.Dataset(), rdflib.Dataset()
    plain.parse(data=export(SOURCES, "trig"), format="trig")
    inferred.parse(data=export(SOURCES, "trig", inferred=True), format="trig")
    extra = set(inferred.graph(rdflib.URIRef(INFERRED_GRAPH)))
    asserted = {(s, p, o) for s, p, o, _ in plain.quads((None, None, None, None))}
    everything = {(s, p, o) for s, p, o, _ in inferred.quads((None, None, None, None))}
    ground = {t for t in asserted if not any(isinstance(term, rdflib.BNode) for term in t)}
    assert len(extra) > 20
    assert not extra & ground
    assert len(everything) == len(asserted) + len(extra)


def test_cli_exports_to_a_file_that_parses(crimekg, tmp_path):
    out = tmp_path / "crimekg.ttl"
    result = crimekg("export", "--format", "ttl", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert len(rdflib.Graph().parse(out, format="turtle")) > 1000


def test_cli_exports_to_stdout(crimekg):
    result = crimekg("export", "--format", "nt", "-o", "-")
    assert result.returncode == 0
    assert len(rdflib.Graph().parse(data=result.stdout, format="nt")) > 1000


def test_cli_unwritable_path_exits_2_with_a_clear_message(crimekg, tmp_path):
    target = tmp_path / "no-such-folder" / "out.ttl"
    result = crimekg("export", "-o", str(target))
    assert result.returncode == 2
    assert f"cannot write {target}: No such file or directory" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.parent.exists()


@pytest.mark.parametrize("module", ["graph_data.export", "ontology.validation", "graph_data.curation.check"])
def test_module_docstring_examples_hold(module):
    import doctest
    import importlib

    failed, attempted = doctest.testmod(importlib.import_module(module))
    assert attempted > 0 and failed == 0
