"""Bad input gets a clear message and the right status, and the server keeps serving."""

from __future__ import annotations

import json
import socket

import pytest

GOOD = "ASK { ckr:bribery skos:broader ckr:corruption }"


def raw(server, data: bytes) -> bytes:
    """Send bytes as they are and read the answer until the server closes or goes quiet."""
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
    return b"".join(chunks)


CASES = [
    # (description, request builder, expected status, words the message must hold)
    ("malformed query", lambda s: s.query("SELECT ?x WHERE { ?x"), 400, "malformed SPARQL"),
    ("update sent as query", lambda s: s.query("DROP ALL"), 400, "malformed SPARQL"),
    ("empty query", lambda s: s.query("   "), 400, "empty"),
    ("missing query in a POST", lambda s: s.post_form({"format": "json"}), 400, "missing"),
    ("two queries", lambda s: s.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D"), 400, "only one"),
    ("query and update", lambda s: s.post_form({"query": GOOD, "update": "DROP ALL"}), 400, "not both"),
    ("unknown path", lambda s: s.get("/nothing/here"), 404, "nothing here"),
    ("unknown static file", lambda s: s.get("/static/../server.py"), 404, "no file"),
    ("wrong method on /sparql", lambda s: s.request("PUT", "/sparql", body=b"x"), 405, "PUT"),
    ("wrong method on a page", lambda s: s.request("DELETE", "/"), 405, "DELETE"),
    ("wrong method on a resource", lambda s: s.request("POST", "/resource/bribery", body=b""), 405, "POST"),
    ("wrong Accept", lambda s: s.query(GOOD, "application/pdf"), 406, "offered"),
    ("unknown format", lambda s: s.query(GOOD, format="yaml"), 406, "yaml"),
    ("oversized body", lambda s: s.post(b"#" * 1_100_000, "application/sparql-query"), 413, "at most"),
    ("unsupported Content-Type", lambda s: s.post(GOOD.encode(), "application/json"), 415, "Content-Type"),
    ("no Content-Type", lambda s: s.request("POST", "/sparql", body=GOOD.encode()), 415, "Content-Type"),
    ("body not UTF-8", lambda s: s.post(b"ASK { '\xff' }", "application/sparql-query"), 400, "UTF-8"),
    (
        "form not UTF-8",
        lambda s: s.post(b"query=%FF%FE", "application/x-www-form-urlencoded"),
        400,
        "cannot be read",
    ),
    ("binding not a term", lambda s: s.post_form({"query": GOOD, "$x": "} DROP ALL {"}), 400, "RDF term"),
    ("binding bad name", lambda s: s.post_form({"query": GOOD, "$x y": "1"}), 400, "variable name"),
    ("bad graph IRI", lambda s: s.query(GOOD, **{"default-graph-uri": "not an iri"}), 400, "graph IRI"),
    (
        "remote graph",
        lambda s: s.query(GOOD, **{"named-graph-uri": "http://example.org/g"}),
        400,
        "not a graph",
    ),
]


@pytest.mark.parametrize(("what", "send", "status", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_request_gets_a_clear_message_and_status(server, what, send, status: int, words: str) -> None:
    answer = send(server)
    assert answer.status == status, (what, answer.text)
    assert words.lower() in answer.text.lower(), (what, answer.text)


def test_a_post_without_content_length_is_411(server) -> None:
    answer = raw(
        server, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n\r\n"
    )
    assert answer.startswith(b"HTTP/1.1 411")


def test_a_chunked_post_is_refused_with_411(server) -> None:
    answer = raw(
        server,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: application/sparql-query\r\n\r\n5\r\nASK{}\r\n0\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 411")


@pytest.mark.parametrize(
    "data",
    [
        b"GARBAGE\r\n\r\n",
        b"GET /sparql HTTP/9.9\r\n\r\n",
        b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
        b"POST /sparql HTTP/1.1\r\nContent-Length: -5\r\nContent-Type: application/sparql-query\r\n\r\n",
        b"POST /sparql HTTP/1.1\r\nContent-Length: 100\r\nContent-Type: application/sparql-query\r\n\r\nASK",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello to a plain HTTP port
        b"",
    ],
)
def test_broken_http_is_answered_or_dropped_without_harm(server, data: bytes) -> None:
    answer = raw(server, data)
    assert answer == b"" or answer.startswith(b"HTTP/1."), answer[:100]
    assert b"Traceback" not in answer


def test_after_a_barrage_of_bad_requests_the_server_still_answers(server) -> None:
    for _, send, _, _ in CASES:
        send(server)
    for data in (
        b"GARBAGE\r\n\r\n",
        b"\x00\x01\x02",
        b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X: y\r\n" * 200 + b"\r\n",
    ):
        raw(server, data)
    answer = server.query(GOOD)
    assert answer.status == 200
    assert json.loads(answer.body)["boolean"] is True
    assert server.get("/").status == 200
    assert "Traceback" not in server.log.read_text(errors="replace")
