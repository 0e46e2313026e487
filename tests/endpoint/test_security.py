"""Security defaults over HTTP: no outbound connection, read-only unless a token is given, no CORS."""

from __future__ import annotations

import json
import time

import pytest
from servekit import TOKEN

SSRF_QUERIES = [
    "SELECT * WHERE { SERVICE <{u}/sparql> { ?s ?p ?o } }",
    "select * where { service silent <{u}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o . { SELECT ?s WHERE { SERVICE <{u}/nested> { ?s ?p ?o } } } }",
    "PREFIX remote: <{u}/> SELECT * WHERE { SERVICE remote:sparql { } }",
    "SELECT * WHERE { ?s ?p trueSERVICE<{u}/glued> { } }",
    "# SERVICE in a comment is fine, this one is not\nSELECT * WHERE { \n SeRvIcE <{u}/mixed> { } }",
    "SELECT * FROM <{u}/g> WHERE { ?s ?p ?o }",
    "select * from named <{u}/g> where { graph ?g { ?s ?p ?o } }",
    "ASK FROM <{u}/g> { ?s ?p ?o }",
]


def wait_and_count(listener) -> int:
    time.sleep(0.3)
    return len(listener.connections)


@pytest.mark.parametrize("template", SSRF_QUERIES)
def test_queries_reaching_out_are_400_and_nothing_connects(server, listener, template: str) -> None:
    text = template.replace("{u}", f"http://127.0.0.1:{listener.port}")
    for answer in (
        server.query(text),
        server.post_form({"query": text}),
        server.post(text.encode(), "application/sparql-query"),
    ):
        assert answer.status == 400, answer.text
        assert "refused" in answer.text
    assert wait_and_count(listener) == 0


def test_remote_default_and_named_graph_uri_parameters_are_refused(server, listener) -> None:
    url = f"http://127.0.0.1:{listener.port}/g"
    for name in ("default-graph-uri", "named-graph-uri"):
        answer = server.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1", **{name: url})
        assert answer.status == 400
        assert "not a graph of this store" in answer.text
    assert wait_and_count(listener) == 0


def test_updates_are_refused_when_not_switched_on(server) -> None:
    update = "INSERT DATA { ckr:x rdfs:label 'x' }"
    for answer in (
        server.post(update.encode(), "application/sparql-update"),
        server.post_form({"update": update}),
        server.post(update.encode(), "application/sparql-update", {"Authorization": f"Bearer {TOKEN}"}),
    ):
        assert answer.status == 403
        assert "--allow-update" in answer.text


def test_an_update_sent_as_a_query_does_not_run(server) -> None:
    answer = server.query("INSERT DATA { ckr:x rdfs:label 'x' }")
    assert answer.status == 400
    assert json.loads(server.query("ASK { ckr:x rdfs:label 'x' }").body)["boolean"] is False


def test_an_update_by_get_is_refused(server) -> None:
    answer = server.get("/sparql", update="INSERT DATA { ckr:x rdfs:label 'x' }")
    assert answer.status == 400
    assert "POST" in answer.text


UPDATE = (
    "INSERT DATA { GRAPH <https://w3id.org/crimekg/graph/extension/test> "
    "{ ckr:test-added rdfs:label 'added'@en } }"
)
ADDED = "ASK { ckr:test-added rdfs:label 'added'@en }"


def test_an_update_without_a_token_is_401_with_a_challenge(update_server) -> None:
    answer = update_server.post(UPDATE.encode(), "application/sparql-update")
    assert answer.status == 401
    assert answer.header("WWW-Authenticate").startswith("Bearer")


@pytest.mark.parametrize(
    "header", [f"Bearer {TOKEN}x", "Bearer wrong-token-0000000000", f"Basic {TOKEN}", "Bearer"]
)
def test_an_update_with_a_wrong_token_is_403(update_server, header: str) -> None:
    answer = update_server.post(UPDATE.encode(), "application/sparql-update", {"Authorization": header})
    assert answer.status == 403
    assert TOKEN not in answer.text


def test_an_update_with_the_token_is_applied_and_then_visible(update_server) -> None:
    assert json.loads(update_server.query(ADDED).body)["boolean"] is False
    answer = update_server.post(
        UPDATE.encode(), "application/sparql-update", {"Authorization": f"Bearer {TOKEN}"}
    )
    assert answer.status == 204, answer.text
    assert json.loads(update_server.query(ADDED).body)["boolean"] is True
    form = update_server.post_form(
        {
            "update": "DELETE DATA { GRAPH <https://w3id.org/crimekg/graph/extension/test> "
            "{ ckr:test-added rdfs:label 'added'@en } }"
        },
        {"Authorization": f"Bearer {TOKEN}"},
    )
    assert form.status == 204
    assert json.loads(update_server.query(ADDED).body)["boolean"] is False


def test_the_service_description_announces_updates_when_switched_on(update_server) -> None:
    answer = update_server.get("/sparql", {"Accept": "application/n-triples"})
    assert b"SPARQL11Update" in answer.body


@pytest.mark.parametrize(
    "template",
    [
        "LOAD <{u}/x.ttl>",
        "load silent <{u}/x.ttl> into graph <https://w3id.org/crimekg/graph/extension/x>",
        "LOADSILENT<{u}/x.ttl>",
        "INSERT DATA { ckr:a rdfs:label 'a' } ;\n load <{u}/second.ttl>",
        "INSERT { ?s ?p ?o } WHERE { SERVICE <{u}/sparql> { ?s ?p ?o } }",
        "DELETE { ?s ?p ?o } USING <{u}/g> WHERE { ?s ?p ?o }",
    ],
)
def test_load_service_and_remote_using_are_refused_even_with_the_token(
    update_server, listener, template: str
) -> None:
    text = template.replace("{u}", f"http://127.0.0.1:{listener.port}")
    answer = update_server.post(
        text.encode(), "application/sparql-update", {"Authorization": f"Bearer {TOKEN}"}
    )
    assert answer.status == 400
    assert "refused" in answer.text
    assert wait_and_count(listener) == 0


def test_no_cors_headers_unless_asked_for(server) -> None:
    answer = server.get("/sparql", {"Origin": "https://elsewhere.example"}, query="ASK {}")
    assert answer.status == 200
    assert answer.header("Access-Control-Allow-Origin") == ""


def test_every_answer_carries_the_safe_headers(server) -> None:
    for path in ("/", "/sparql?query=ASK%7B%7D", "/resource/bribery", "/no/such/page", "/static/app.js"):
        answer = server.get(path)
        assert answer.header("X-Content-Type-Options") == "nosniff", path
        assert answer.header("Referrer-Policy") == "no-referrer", path
        assert "frame-ancestors 'none'" in answer.header("Content-Security-Policy"), path


def test_cors_when_asked_for_names_the_one_origin_and_answers_preflight(tight_server) -> None:
    answer = tight_server.get("/sparql", {"Origin": "https://app.example"}, query="ASK {}")
    assert answer.header("Access-Control-Allow-Origin") == "https://app.example"
    assert "X-Crimekg-Truncated" in answer.header("Access-Control-Expose-Headers")
    preflight = tight_server.request(
        "OPTIONS",
        "/sparql",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status == 204
    assert "POST" in preflight.header("Access-Control-Allow-Methods")
    assert "Authorization" not in preflight.header("Access-Control-Allow-Headers")  # updates are off
    assert (
        tight_server.get("/", {"Origin": "https://app.example"}).header("Access-Control-Allow-Origin") == ""
    )
