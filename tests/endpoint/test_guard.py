"""The guard against SERVICE, LOAD and remote FROM, checked against the real engine it protects.

Each refusal is proven twice: the guard refuses the text, and (where the text is valid SPARQL) pyoxigraph
itself, given the same text, really would contact the listener — so the cases are not straw men. The
property test feeds the guard generated texts around the keywords; whatever it lets through, pyoxigraph
evaluates without contacting anyone.
"""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.guard import Refused, inspect

#: Texts that make pyoxigraph send a request (the engine's parser is scannerless: keywords need no space).
REACHING_QUERIES = [
    "SELECT * WHERE { SERVICE <{u}/a> { ?s ?p ?o } }",
    "select * where { service silent <{u}/b> { } }",
    "SELECT * WHERE { ?s ?p true SERVICE <{u}/c> { } }",
    "SELECT * WHERE { ?s ?p trueSERVICE<{u}/d> { } }",
    "SELECT * WHERE { ?s ?p falseSERVICE SILENT<{u}/e> { } }",
    "SELECT * WHERE { SERVICESILENT<{u}/f> { } }",
    "PREFIX ex: <{u}/> SELECT * WHERE { SERVICEex:g { } }",
    "SELECT * WHERE { {}SERVICE<{u}/h> {} }",
    "SELECT * WHERE { ?s ?p 1e1SERVICE<{u}/i> {} }",
    "SELECT * WHERE { ?s ?p ?o.#comment\nSERVICE<{u}/j> {} }",
    "SELECT * WHERE { { SELECT * WHERE { { SELECT * WHERE { SeRvIcE <{u}/k> { } } } } } }",
    "PREFIX ex: <{u}/> SELECT * WHERE { ?s ?p ex:.SERVICE<{u}/l> {} }",
    "ASK { OPTIONAL { } SERVICE <{u}/m> { } }",
]
REACHING_UPDATES = [
    "LOAD <{u}/x.ttl>",
    "load silent <{u}/y.ttl> into graph <https://w3id.org/crimekg/graph/extension/y>",
    "LOADSILENT<{u}/z.ttl>",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> } ;\nLOAD <{u}/w.ttl>",
    "INSERT { ?s ?p ?o } WHERE { SERVICE <{u}/v> { ?s ?p ?o } }",
]


def engine_contacts(listener, text: str, *, update: bool = False) -> bool:
    """Whether pyoxigraph, given ``text``, connects to the listener (the unguarded behaviour)."""
    before = len(listener.connections)
    store = ox.Store()
    try:
        if update:
            store.update(text)
        else:
            result = store.query(text)
            if not isinstance(result, ox.QueryBoolean):
                list(result)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    time.sleep(0.01)
    return len(listener.connections) > before


@pytest.mark.parametrize("template", REACHING_QUERIES)
def test_guard_refuses_queries_that_would_reach_the_network(listener, template: str) -> None:
    text = template.replace("{u}", f"http://127.0.0.1:{listener.port}")
    with pytest.raises(Refused, match="SERVICE"):
        inspect(text)
    assert engine_contacts(listener, text), "the case must be one the engine really would send"


@pytest.mark.parametrize("template", REACHING_UPDATES)
def test_guard_refuses_updates_that_would_reach_the_network(listener, template: str) -> None:
    text = template.replace("{u}", f"http://127.0.0.1:{listener.port}")
    with pytest.raises(Refused, match="SERVICE|LOAD"):
        inspect(text, update=True)
    assert engine_contacts(listener, text, update=True)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ("SERVICE <http://127.0.0.1:9/>" AS ?x) WHERE { }',
        "SELECT ('''SERVICE\n<http://127.0.0.1:9/> { }''' AS ?x) WHERE { }",
        "SELECT * WHERE { ?service ?load ?o } # SERVICE <http://127.0.0.1:9/> in a comment",
        'SELECT * WHERE { ?s ?p "a\\" SERVICE <http://127.0.0.1:9/> { } " }',
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:serviceLevel ex:download }",
        "SELECT * WHERE { ?s <http://example.org/service#load> ?o }",
    ],
)
def test_guard_lets_keywords_inside_strings_comments_iris_and_names_through(text: str) -> None:
    assert inspect(text).form == "SELECT"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM <http://127.0.0.1:9/g> WHERE { }",
        "select * from named <http://127.0.0.1:9/g> where { }",
        "PREFIX g: <http://127.0.0.1:9/> SELECT * FROM g:x WHERE { }",
        "BASE <http://127.0.0.1:9/> SELECT * FROM <relative> WHERE { }",
        "SELECT * FROMNAMED<http://127.0.0.1:9/g> WHERE { }",
        "SELECT * WHERE { { SELECT * FROM <http://127.0.0.1:9/g> WHERE { } } }",
    ],
)
def test_guard_refuses_from_graphs_outside_the_store(text: str) -> None:
    with pytest.raises(Refused):
        inspect(text)


def test_guard_refuses_using_graphs_outside_the_store() -> None:
    with pytest.raises(Refused, match="not a graph of this store"):
        inspect("DELETE { ?s ?p ?o } USING <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }", update=True)


def test_guard_accepts_from_graphs_of_the_store_and_resolves_prefixes() -> None:
    inspection = inspect(
        "PREFIX g: <https://w3id.org/crimekg/graph/seed/> SELECT * FROM g:linkages FROM NAMED <urn:x:mine>"
        " WHERE { }",
        is_local=lambda iri: iri.startswith("https://w3id.org/crimekg/graph/") or iri == "urn:x:mine",
    )
    assert inspection.dataset == ("https://w3id.org/crimekg/graph/seed/linkages", "urn:x:mine")


def test_guard_reports_an_unclosed_string_with_its_position() -> None:
    with pytest.raises(Refused, match="line 2 column 12: a string is not closed"):
        inspect("SELECT * WHERE {\n  ?s ?p ?o 'never closed }")


PIECES = [
    " ",
    "",
    "\n",
    ".",
    "{",
    "}",
    "(",
    ")",
    "true",
    "false",
    "1",
    "1e1",
    "?o",
    "?service",
    "a",
    "OPTIONAL",
    "SERVICE",
    "service",
    "SILENT",
    "LOAD",
    "ex:",
    "ex:a",
    "ex:serv",
    "<URL/x>",
    "'",
    '"',
    '\\"',
    "#",
    "@en",
    "_:b",
    "FILTER",
    "BIND",
    "VALUES",
    "GRAPH",
    "ICE",
]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
def test_whatever_the_guard_lets_through_never_reaches_the_listener(listener, pieces: list[str]) -> None:
    url = f"http://127.0.0.1:{listener.port}"
    body = "".join(pieces).replace("URL", url)
    text = f"PREFIX ex: <{url}/> SELECT * WHERE {{ ?s ?p ?o {body} }}"
    try:
        inspect(text)
    except Refused:
        return
    assert not engine_contacts(listener, text), f"the guard let through a text that reached out: {text!r}"


ISOLATED = """
import sys, pyoxigraph as ox
from queries.endpoint.workers import isolate_network
if not isolate_network():
    print("unsupported")
    raise SystemExit(0)
try:
    list(ox.Store().query("SELECT * WHERE { SERVICE <http://127.0.0.1:%d/behind-the-guard> { } }"))
    print("answered")
except OSError as error:
    print("unreachable:", error)
"""


def test_a_worker_process_cannot_reach_the_network_even_past_the_guard(listener) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", ISOLATED % listener.port], capture_output=True, text=True, timeout=60
    )
    if result.stdout.strip() == "unsupported":
        pytest.skip("this system allows no network namespace for an unprivileged process")
    assert result.stdout.startswith("unreachable:"), result.stdout + result.stderr
    time.sleep(0.2)
    assert listener.connections == []
