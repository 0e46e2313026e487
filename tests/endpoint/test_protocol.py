"""The SPARQL 1.1 Protocol at /sparql of a real `crimekg serve`: methods, negotiation, service description."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

CRIMES = (
    "SELECT ?crime ?label WHERE { ?crime a ckg:CrimeType ; rdfs:label ?label "
    'FILTER (lang(?label) = "en") } ORDER BY ?crime'
)
ASK_BRIBERY = "ASK { ckr:bribery skos:broader ckr:corruption }"
CONSTRUCT = "CONSTRUCT { ckr:bribery ?p ?o } WHERE { ckr:bribery ?p ?o }"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def labels_from_json(body: bytes) -> dict[str, str]:
    bindings = json.loads(body)["results"]["bindings"]
    return {row["crime"]["value"]: row["label"]["value"] for row in bindings}


def test_get_post_form_and_post_direct_give_the_same_rows(server) -> None:
    by_get = server.query(CRIMES, "application/sparql-results+json")
    by_form = server.post_form({"query": CRIMES}, {"Accept": "application/sparql-results+json"})
    by_body = server.post(
        CRIMES.encode(), "application/sparql-query", {"Accept": "application/sparql-results+json"}
    )
    assert by_get.status == by_form.status == by_body.status == 200
    rows = labels_from_json(by_get.body)
    assert rows["https://w3id.org/crimekg/resource/bribery"] == "bribery"
    assert labels_from_json(by_form.body) == rows == labels_from_json(by_body.body)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/json"),
        ("text/csv;q=0.4, application/sparql-results+xml;q=0.9, */*;q=0.1", "application/sparql-results+xml"),
        ("text/*;q=0.5, application/sparql-results+json;q=0.2", "text/csv"),
        ("*/*", "application/sparql-results+json"),
        ("", "application/sparql-results+json"),
    ],
)
def test_select_results_follow_accept_with_q_values(server, accept: str, media: str) -> None:
    answer = server.query(CRIMES, accept or None)
    assert answer.status == 200
    assert answer.header("Content-Type").split(";")[0] == media
    assert "Accept" in answer.header("Vary")


def test_every_select_format_carries_the_same_rows(server) -> None:
    expected = labels_from_json(server.query(CRIMES, "application/sparql-results+json").body)
    xml = ET.fromstring(server.query(CRIMES, "application/sparql-results+xml").body)
    from_xml = {}
    for result in xml.iter(f"{SRX}result"):
        values = {b.get("name"): b[0].text for b in result.iter(f"{SRX}binding")}
        from_xml[values["crime"]] = values["label"]
    from_csv = {
        row["crime"]: row["label"]
        for row in csv.DictReader(io.StringIO(server.query(CRIMES, "text/csv").text))
    }
    tsv = server.query(CRIMES, "text/tab-separated-values").text.splitlines()
    assert tsv[0] == "?crime\t?label"
    from_tsv = {}
    for line in tsv[1:]:
        crime, label = line.split("\t")
        from_tsv[crime.strip("<>")] = label.removesuffix("@en").strip('"')
    assert expected == from_xml == from_csv == from_tsv
    assert len(expected) >= 20


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
        ("text/csv", "text/csv"),
    ],
)
def test_format_parameter_wins_over_accept(server, fmt: str, media: str) -> None:
    answer = server.query(CRIMES, "application/sparql-results+json", format=fmt)
    assert answer.status == 200
    assert answer.header("Content-Type").startswith(media)


def test_ask_answers_true_in_json_and_xml(server) -> None:
    as_json = server.query(ASK_BRIBERY, "application/sparql-results+json")
    assert as_json.status == 200
    assert json.loads(as_json.body) == {"head": {}, "boolean": True}
    as_xml = server.query(ASK_BRIBERY, "application/sparql-results+xml")
    assert ET.fromstring(as_xml.body).find(f"{SRX}boolean").text == "true"
    assert json.loads(server.query("ASK { ckr:bribery skos:broader ckr:terrorism }").body)["boolean"] is False


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_is_written_in_each_rdf_format_and_parses_back(server, accept: str, fmt) -> None:
    answer = server.query(CONSTRUCT, accept)
    assert answer.status == 200
    assert answer.header("Content-Type").split(";")[0] == accept
    triples = {(t.subject, t.predicate, t.object) for t in ox.parse(answer.body, format=fmt)}
    bribery = ox.NamedNode("https://w3id.org/crimekg/resource/bribery")
    broader = ox.NamedNode("http://www.w3.org/2004/02/skos/core#broader")
    assert (bribery, broader, ox.NamedNode("https://w3id.org/crimekg/resource/corruption")) in triples


def test_describe_defaults_to_turtle(server) -> None:
    answer = server.query("DESCRIBE ckr:corruption", "*/*")
    assert answer.status == 200
    assert answer.header("Content-Type").startswith("text/turtle")
    assert "corruption" in answer.text


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (CRIMES, "image/png"),
        (CRIMES, "text/turtle"),
        (CONSTRUCT, "text/csv"),
        (ASK_BRIBERY, "application/ld+json"),
    ],
)
def test_accept_nothing_matches_is_406_listing_the_offer(server, query: str, accept: str) -> None:
    answer = server.query(query, accept)
    assert answer.status == 406
    offered = "text/turtle" if query == CONSTRUCT else "application/sparql-results+json"
    assert offered in answer.text


def test_format_parameter_for_the_wrong_kind_is_406(server) -> None:
    answer = server.query(CONSTRUCT, format="csv")
    assert answer.status == 406
    assert "text/turtle" in answer.text


def test_service_description_uses_the_sd_vocabulary_and_lists_the_named_graphs(server) -> None:
    answer = server.get("/sparql", {"Accept": "text/turtle"})
    assert answer.status == 200
    assert answer.header("Content-Type").startswith("text/turtle")
    store = ox.Store()
    store.load(answer.body, format=ox.RdfFormat.TURTLE)
    prologue = "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> "
    assert store.query(
        prologue + "ASK { ?s a sd:Service ; sd:supportedLanguage sd:SPARQL11Query ; "
        "sd:feature sd:UnionDefaultGraph }"
    )
    assert not store.query(prologue + "ASK { ?s sd:supportedLanguage sd:SPARQL11Update }")
    names = {str(row[0].value) for row in store.query(prologue + "SELECT ?n WHERE { ?g sd:name ?n }")}
    assert "https://w3id.org/crimekg/graph/ontology" in names
    assert "https://w3id.org/crimekg/graph/seed/linkages" in names
    endpoint = next(iter(store.query(prologue + "SELECT ?e WHERE { ?s sd:endpoint ?e }")))[0].value
    assert endpoint == server.url + "sparql"


def test_a_browser_asking_for_the_service_description_is_sent_to_the_query_page(server) -> None:
    answer = server.get("/sparql", {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert answer.status == 303
    assert answer.header("Location") == "/"


def test_queries_see_the_union_of_named_graphs(server) -> None:
    # a crime type (seed/crime-types) and its linkage (seed/linkages) join without GRAPH or FROM
    query = "SELECT ?l WHERE { ?l ckg:involves ckr:bribery . ckr:bribery a ckg:CrimeType }"
    bindings = json.loads(server.query(query).body)["results"]["bindings"]
    assert bindings


def test_from_and_default_graph_uri_of_a_local_graph_narrow_the_dataset(server) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ckg:CrimeType }"
    graph = "https://w3id.org/crimekg/graph/seed/crime-types"

    def count(answer) -> int:
        assert answer.status == 200, answer.text
        return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])

    everything = count(server.query(query))
    only_ontology = count(
        server.query(query, **{"default-graph-uri": "https://w3id.org/crimekg/graph/ontology"})
    )
    with_from = count(server.query(query.replace("WHERE", f"FROM <{graph}> WHERE")))
    assert only_ontology == 0
    assert 0 < with_from <= everything


def test_parameters_are_bound_from_dollar_fields_as_rdf_terms(server) -> None:
    query = "SELECT ?crime ?label WHERE { ?crime rdfs:label ?label }"
    answer = server.post_form({"query": query, "$crime": "ckr:bribery"}, {"Accept": "application/json"})
    assert answer.status == 200, answer.text
    assert labels_from_json(answer.body) == {"https://w3id.org/crimekg/resource/bribery": "bribery"}
    injected = server.post_form({"query": query, "$crime": "ckr:bribery } UNION { ?crime ?p ?label"})
    assert injected.status == 400
    assert "not one RDF term" in injected.text


def test_malformed_query_is_400_with_the_parsers_position(server) -> None:
    answer = server.query("SELECT ?x WHERE { ?x ?y }")
    assert answer.status == 400
    assert "malformed SPARQL" in answer.text
    assert "1:" in answer.text
