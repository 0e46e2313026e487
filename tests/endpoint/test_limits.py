"""Timeouts that really stop the work, caps on rows and request size, a full pool, a client that leaves.

Durations here are functional bounds (an answer "within a second" while another query runs), not
benchmarks; the measured figures live in benchmarks/.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from servekit import ENDLESS

QUICK = "ASK { ckr:bribery skos:broader ckr:corruption }"


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes, in seconds (from /proc/PID/stat)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / 100


def test_endless_query_times_out_while_other_clients_keep_getting_answers(tight_server) -> None:
    outcome: dict[str, object] = {}

    def endless() -> None:
        started = time.monotonic()
        outcome["answer"] = tight_server.query(ENDLESS)
        outcome["seconds"] = time.monotonic() - started

    worker = threading.Thread(target=endless)
    worker.start()
    time.sleep(0.3)
    quick_times = []
    while worker.is_alive():
        started = time.monotonic()
        answer = tight_server.query(QUICK)
        quick_times.append(time.monotonic() - started)
        assert answer.status == 200
        assert json.loads(answer.body)["boolean"] is True
        time.sleep(0.1)
    worker.join()
    timed_out = outcome["answer"]
    assert timed_out.status == 503
    assert timed_out.header("X-Crimekg-Error") == "timeout"
    assert "longer than 2 s" in timed_out.text
    assert len(quick_times) >= 5
    assert max(quick_times) < 1.0, quick_times
    assert outcome["seconds"] < 10


def test_a_timed_out_query_stops_using_the_cpu(tight_server) -> None:
    answer = tight_server.query(ENDLESS)
    assert answer.status == 503
    time.sleep(0.5)  # the killed worker is gone; its successor starts up
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:  # wait until the successor is idle
        before = cpu_seconds(tight_server.children())
        time.sleep(1.0)
        used = cpu_seconds(tight_server.children()) - before
        if used < 0.3:
            break
    assert used < 0.3, f"the server's workers used {used:.2f} s of CPU in 1 s after the timeout"
    assert tight_server.query(QUICK).status == 200


def test_a_query_that_needs_too_much_memory_fails_alone(tight_server) -> None:
    # sorting a cross product of the graph with itself grows by hundreds of MB a second
    answer = tight_server.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?f")
    assert answer.status == 500, answer.text  # the 400 MB cap is reached well before the 2 s timeout
    assert answer.header("X-Crimekg-Error") == "worker-died"
    assert "400 MB" in answer.text
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and tight_server.query(QUICK).status != 200:
        time.sleep(0.2)
    assert tight_server.query(QUICK).status == 200


def test_rows_beyond_the_cap_are_cut_and_flagged(tight_server) -> None:
    answer = tight_server.query("SELECT ?c WHERE { ?c a ckg:CrimeType } ORDER BY ?c")
    assert answer.status == 200
    assert answer.header("X-Crimekg-Truncated") == "true"
    assert answer.header("X-Crimekg-Row-Limit") == "5"
    assert len(json.loads(answer.body)["results"]["bindings"]) == 5
    csv_rows = tight_server.query("SELECT ?c WHERE { ?c a ckg:CrimeType }", "text/csv").text.splitlines()
    assert len(csv_rows) == 1 + 5


def test_answers_within_the_cap_are_not_flagged(tight_server) -> None:
    answer = tight_server.query("SELECT ?c WHERE { ?c a ckg:CrimeType } LIMIT 3")
    assert answer.status == 200
    assert answer.header("X-Crimekg-Truncated") == ""
    assert len(json.loads(answer.body)["results"]["bindings"]) == 3


def test_construct_beyond_the_cap_is_cut_too(tight_server) -> None:
    answer = tight_server.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples")
    assert answer.status == 200
    assert answer.header("X-Crimekg-Truncated") == "true"
    assert len(answer.text.strip().splitlines()) == 5


def test_a_body_over_the_cap_is_413_and_the_server_keeps_serving(tight_server) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 5000
    answer = tight_server.post(big.encode(), "application/sparql-query")
    assert answer.status == 413
    assert "at most 2000" in answer.text
    form = tight_server.post_form({"query": big})
    assert form.status == 413
    assert tight_server.query(QUICK).status == 200


def test_a_full_pool_answers_busy_instead_of_queueing(tight_server) -> None:
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(tight_server.query(ENDLESS))) for _ in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    busy = tight_server.query(QUICK)
    waited = time.monotonic() - started
    for thread in threads:
        thread.join()
    assert busy.status == 503
    assert busy.header("X-Crimekg-Error") == "busy"
    assert busy.header("Retry-After")
    assert waited < 1.9  # refused before the 2 s timeout would have freed a worker
    assert [a.status for a in answers] == [503, 503]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # the successors of the killed workers come up
        if tight_server.query(QUICK).status == 200:
            break
        time.sleep(0.3)
    assert tight_server.query(QUICK).status == 200


def test_a_client_that_leaves_frees_its_worker_before_the_timeout(update_server) -> None:
    # one worker, a 30 s timeout: only the disconnect can free the worker in time
    body = urlencode({"query": ENDLESS}).encode()
    with socket.create_connection((update_server.host, update_server.port)) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        time.sleep(0.5)
    started = time.monotonic()
    deadline = started + 15
    status = 0
    while time.monotonic() < deadline:
        status = update_server.query(QUICK).status
        if status == 200:
            break
        time.sleep(0.2)
    assert status == 200
    assert time.monotonic() - started < 15  # far below the 30 s timeout
