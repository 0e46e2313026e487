"""The store: embedded in memory and on disk (created, reused, reloaded when the sources change), a real
`oxigraph serve` as the remote engine, the union default graph and asking one named graph."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from queries_oxigraph import free_port, seed_graph, start_oxigraph, stop_oxigraph

from graph_data.loader import FORMATS, GRAPH_BASE, Source
from ontology import CKR
from queries.store import EndpointError, GraphStore, QuerySyntaxError, StoreError

SEED_GRAPH = GRAPH_BASE + "seed/crime-types"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
MARKER = "INSERT DATA { GRAPH <urn:test> { <urn:marker> <urn:p> 1 } }"
HAS_MARKER = "ASK { GRAPH <urn:test> { <urn:marker> ?p ?o } }"


def small(name: str, turtle: str) -> Source:
    return Source(name, turtle.encode(), FORMATS[".ttl"], GRAPH_BASE + "file/" + name)


def count(store: GraphStore, **kw: object) -> int:
    return int(store.select(COUNT, **kw)[0]["n"].value)


def test_on_disk_store_is_created_on_first_use_and_reused_afterwards(tmp_path: Path) -> None:
    sources = [small("a", "<urn:a> <urn:p> 1 .")]
    with GraphStore.embedded(tmp_path / "store", sources=sources) as store:
        assert count(store) == 1
        store.update(MARKER)  # a change that a reload would wipe out
    assert (tmp_path / "store" / "sources.json").exists()
    with GraphStore.embedded(tmp_path / "store", sources=sources) as store:
        assert store.ask(HAS_MARKER), "the store was loaded again although its sources did not change"


def test_on_disk_store_is_reloaded_when_its_sources_change(tmp_path: Path) -> None:
    with GraphStore.embedded(tmp_path, sources=[small("a", "<urn:a> <urn:p> 1 .")]) as store:
        store.update(MARKER)
    changed = [small("a", "<urn:a> <urn:p> 1 . <urn:b> <urn:p> 2 .")]
    with GraphStore.embedded(tmp_path, sources=changed) as store:
        assert count(store) == 2
        assert not store.ask(HAS_MARKER)


def test_on_disk_store_in_use_by_another_store_is_a_clear_error(tmp_path: Path) -> None:
    with GraphStore.embedded(tmp_path, sources=[]):
        with pytest.raises(StoreError, match="cannot open the store"):
            GraphStore.embedded(tmp_path, sources=[])


@pytest.mark.parametrize("engine", ["embedded", "remote"])
def test_queries_see_the_union_of_named_graphs_by_default(
    engine: str, request: pytest.FixtureRequest
) -> None:
    store: GraphStore = request.getfixturevalue(engine)
    in_graphs = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    assert count(store) == int(store.select(in_graphs)[0]["n"].value) > 1000
    for source in seed_graph():  # every file is seen without naming its graph
        assert store.ask("ASK { GRAPH ?g { ?s ?p ?o } ?s ?p ?o }", {"g": source.graph})


@pytest.mark.parametrize("engine", ["embedded", "remote"])
def test_graph_argument_asks_one_named_graph(engine: str, request: pytest.FixtureRequest) -> None:
    store: GraphStore = request.getfixturevalue(engine)
    alone = count(store, graph=SEED_GRAPH)
    assert 0 < alone < count(store)
    crime = {"c": ox.NamedNode(CKR + "bribery")}
    assert store.ask("ASK { ?c a ckg:CrimeType }", crime, graph=SEED_GRAPH)
    assert not store.ask("ASK { ?c a ckg:CrimeType }", crime, graph=GRAPH_BASE + "ontology")


@pytest.mark.parametrize("engine", ["embedded", "remote"])
def test_from_clause_of_the_query_chooses_its_graphs(engine: str, request: pytest.FixtureRequest) -> None:
    store: GraphStore = request.getfixturevalue(engine)
    text = f"SELECT (COUNT(*) AS ?n) FROM <{SEED_GRAPH}> WHERE {{ ?s ?p ?o }}"
    assert int(store.select(text)[0]["n"].value) == count(store, graph=SEED_GRAPH)


def test_remote_load_puts_each_source_in_its_own_named_graph(
    remote: GraphStore, embedded: GraphStore
) -> None:
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    expected = {row["g"].value: row["n"].value for row in embedded.select(text)}
    assert {row["g"].value: row["n"].value for row in remote.select(text)} == expected
    assert set(expected) == {source.graph_iri for source in seed_graph()}


def test_construct_answers_triples_on_both_engines(embedded: GraphStore, remote: GraphStore) -> None:
    text = "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a ckg:CrimeType ; rdfs:label ?l }"
    want = {str(t) for t in embedded.construct(text)}
    assert want and {str(t) for t in remote.construct(text)} == want


def test_remote_load_refuses_an_endpoint_without_union_default_graph(tmp_path: Path) -> None:
    server = start_oxigraph(tmp_path, union=False)
    try:
        store = GraphStore.remote(server.query_url, timeout=30)
        with pytest.raises(EndpointError, match="union") as caught:
            store.load([small("a", "<urn:a> <urn:p> 1 .")])
        assert "--union-default-graph" in str(caught.value)
    finally:
        stop_oxigraph(server)


def test_unreachable_endpoint_is_a_clear_error() -> None:
    store = GraphStore.remote(f"http://127.0.0.1:{free_port()}/query", timeout=5)
    with pytest.raises(EndpointError, match="cannot reach the endpoint"):
        store.select("SELECT * WHERE { ?s ?p ?o }")


def test_http_error_shows_the_servers_message(oxigraph_server) -> None:
    store = GraphStore.remote(
        oxigraph_server.base + "/no-such-service", store_url=oxigraph_server.base + "/store"
    )
    with pytest.raises(EndpointError, match="HTTP 404"):
        store.select("SELECT * WHERE { ?s ?p ?o }")


def test_malformed_query_on_remote_reports_the_local_parser_position(remote: GraphStore) -> None:
    with pytest.raises(QuerySyntaxError, match=r"error at 1:\d+"):
        remote.select("SELECT * WHERE { ?s ?p }")


def test_endpoint_without_store_url_says_which_url_to_give() -> None:
    store = GraphStore.remote("http://127.0.0.1:9/sparql")
    with pytest.raises(Exception, match="--store-url"):
        store.load([])


class _Canned(http.server.BaseHTTPRequestHandler):
    """A real HTTP server that answers every POST with a fixed, broken or slow response."""

    body = b""
    content_type = "application/sparql-results+json"
    delay = 0.0

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        time.sleep(self.delay)
        try:
            self.send_response(200)
            self.send_header("Content-Type", self.content_type)
            self.send_header("Content-Length", str(len(self.body)))
            self.end_headers()
            self.wfile.write(self.body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def canned() -> Iterator[type[_Canned]]:
    handler = type("Handler", (_Canned,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.url = f"http://127.0.0.1:{server.server_address[1]}/query"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler
    server.shutdown()
    server.server_close()


def test_malformed_results_are_a_clear_error(canned) -> None:
    canned.body = b'{"head": {"vars": ["x"]}, "results": {"bindings": [ {"x": '
    with pytest.raises(EndpointError, match="do not parse"):
        GraphStore.remote(canned.url).select("SELECT ?x WHERE { ?x ?p ?o }")


def test_results_that_are_not_sparql_are_a_clear_error(canned) -> None:
    canned.body, canned.content_type = b"<html>hello</html>", "text/html"
    with pytest.raises(EndpointError, match="text/html"):
        GraphStore.remote(canned.url).select("SELECT ?x WHERE { ?x ?p ?o }")


def test_slow_endpoint_times_out_with_a_clear_error(canned) -> None:
    canned.body = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()
    canned.delay = 3.0
    with pytest.raises(EndpointError, match="no answer within 0.5 s"):
        GraphStore.remote(canned.url, timeout=0.5).select("SELECT * WHERE { ?s ?p ?o }")


@pytest.mark.parametrize("engine", ["embedded", "remote"])
def test_update_writes_a_named_graph_that_queries_then_see(
    engine: str, request: pytest.FixtureRequest
) -> None:
    store: GraphStore = request.getfixturevalue(engine)
    try:
        store.update("INSERT DATA { GRAPH <urn:crimekg-test:update> { ckr:bribery rdfs:comment 'test' } }")
        assert store.ask("ASK { ckr:bribery rdfs:comment 'test' }")  # in the union …
        assert count(store, graph="urn:crimekg-test:update") == 1  # … and in its own graph
    finally:
        store.update("DROP SILENT GRAPH <urn:crimekg-test:update>")
    assert not store.ask("ASK { ckr:bribery rdfs:comment 'test' }")
