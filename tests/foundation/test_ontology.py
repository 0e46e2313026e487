"""The ontology: it parses, its header is complete, every term is labelled and defined, HermiT accepts it."""

from __future__ import annotations

import importlib.metadata

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, URIRef
from rdflib.namespace import DCTERMS

import ontology
from ontology.reasoning import owl_violations
from ontology.validation import ontology_graph, shapes_graph

CKG = rdflib.Namespace(ontology.CKG)
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
HEADER = URIRef(ontology.ONTOLOGY_IRI)
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def ckg_terms(graph: rdflib.Graph) -> set[URIRef]:
    return {
        s
        for t in TERM_TYPES
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and s.startswith(CKG)
    }


def test_ontology_parses_with_rdflib_and_declares_itself():
    graph = ontology_graph()
    assert (HEADER, RDF.type, OWL.Ontology) in graph
    assert len(ckg_terms(graph)) > 80


@pytest.mark.parametrize(
    "prop",
    [DCTERMS.title, DCTERMS.description, DCTERMS.creator, DCTERMS.created, DCTERMS.modified],
    ids=lambda p: str(p).rsplit("/", 1)[-1],
)
def test_header_has(prop):
    assert ontology_graph().value(HEADER, prop) is not None, f"the ontology header lacks {prop}"


def test_header_license_is_cc_by_4():
    assert ontology_graph().value(HEADER, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )


def test_header_version_is_the_package_version():
    graph = ontology_graph()
    version = importlib.metadata.version("crimekg")
    assert str(graph.value(HEADER, OWL.versionInfo)) == version
    assert graph.value(HEADER, OWL.versionIRI) == URIRef(f"{ontology.ONTOLOGY_IRI}/{version}")


def test_header_names_the_preferred_prefix_and_namespace():
    graph = ontology_graph()
    assert str(graph.value(HEADER, VANN.preferredNamespacePrefix)) == "ckg"
    assert str(graph.value(HEADER, VANN.preferredNamespaceUri)) == ontology.CKG


def test_header_dates_are_xsd_dates():
    graph = ontology_graph()
    for prop in (DCTERMS.created, DCTERMS.modified):
        assert graph.value(HEADER, prop).datatype == rdflib.XSD.date


def test_every_ckg_term_has_an_english_label_and_a_definition():
    graph = ontology_graph()
    unlabelled = [
        t for t in ckg_terms(graph) if not any(lab.language == "en" for lab in graph.objects(t, RDFS.label))
    ]
    undefined = [t for t in ckg_terms(graph) if graph.value(t, SKOS.definition) is None]
    assert not unlabelled, f"terms without rdfs:label@en: {sorted(unlabelled)}"
    assert not undefined, f"terms without skos:definition: {sorted(undefined)}"


def test_every_concept_of_the_ontology_is_in_a_declared_scheme():
    graph = ontology_graph()
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        assert set(graph.objects(concept, SKOS.inScheme)) & schemes, f"{concept} is in no declared scheme"


def test_shapes_use_only_terms_the_ontology_defines():
    defined = set(ontology_graph().subjects())
    used = {
        term
        for triple in shapes_graph()
        for term in triple
        if isinstance(term, URIRef) and (term.startswith(ontology.CKG) or term.startswith(ontology.CKR))
    }
    # the paper is a resource of the seed data, named by the shape that keeps its citations strict
    used.discard(URIRef(ontology.CKR + "unodc-cnd-es-2021-2"))
    assert not used - defined, f"shapes.ttl names terms the ontology lacks: {sorted(used - defined)}"


def test_ontology_alone_is_consistent_and_every_class_satisfiable():
    assert owl_violations(rdflib.Graph()) == []
