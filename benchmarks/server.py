"""Figures for `crimekg serve`: start-up, latency, throughput, isolation from an endless query, timeouts.

    python -m benchmarks.server                      # the seed graph
    python -m benchmarks.server --total 100000       # seed + synthetic copies (benchmarks.synthetic)
    python -m benchmarks.server --json results.json

Each figure comes from a real server process on 127.0.0.1 and HTTP requests from this process:

- start-up: from starting `crimekg serve` to the printed address (store loaded, workers up), and to the
  explorer pages being ready (built in the background);
- latency: sequential requests, median and 95th percentile (an ASK, a catalogue query with its defaults,
  an HTML resource page);
- throughput: CLIENTS threads sending the catalogue query for a few seconds;
- isolation: an endless query (a three-way cross product) runs while a client sends ASKs: their median
  and worst latency;
- timeout: when the endless query's answer (503) arrives, compared with --timeout; and how long until a
  fresh worker serves again with one worker (respawn).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
ASK = "ASK { ckr:bribery skos:broader ckr:corruption }"
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Server:
    def __init__(self, *args: str) -> None:
        started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "crimekg", "serve", "--port", "0", "--quiet", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            text=True,
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("crimekg serving on "):
                break
        else:
            raise RuntimeError("the server did not start")
        self.startup = time.monotonic() - started
        parts = urlsplit(line.split()[3])
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        while self.request("GET", "/explore/")[0] == 503:
            time.sleep(0.2)
        self.explorer_ready = time.monotonic() - started

    def request(self, method: str, path: str, body: bytes | None = None, headers=None) -> tuple[int, float]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        started = time.monotonic()
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        answer.read()
        connection.close()
        return answer.status, time.monotonic() - started

    def query(self, text: str, **params: str) -> tuple[int, float]:
        body = urlencode({"query": text, **params}).encode()
        return self.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded"})

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def catalogue_query() -> tuple[str, dict[str, str]]:
    from queries import catalog

    query = catalog.get("crimes-linked-to")
    return query.text, {f"${p.name}": p.default for p in query.params if p.default}


def spread(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def latency(server: Server, runs: int) -> dict[str, dict[str, float]]:
    text, params = catalogue_query()
    figures = {}
    for name, call in (
        ("ask", lambda: server.query(ASK)),
        ("catalogue crimes-linked-to", lambda: server.query(text, **params)),
        (
            "resource page (HTML)",
            lambda: server.request("GET", "/resource/drug-trafficking", None, {"Accept": "text/html"}),
        ),
    ):
        times = []
        for _ in range(runs):
            status, seconds = call()
            assert status == 200, (name, status)
            times.append(seconds)
        figures[name] = spread(times)
    return figures


def throughput(server: Server, clients: int, seconds: float) -> dict[str, float]:
    text, params = catalogue_query()
    done: list[int] = []
    stop = time.monotonic() + seconds

    def client() -> None:
        count = 0
        while time.monotonic() < stop:
            status, _ = server.query(text, **params)
            count += status == 200
        done.append(count)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"clients": clients, "queries_per_second": round(sum(done) / seconds, 1)}


def isolation(server: Server, timeout: float) -> dict[str, object]:
    outcome: dict[str, float] = {}

    def endless() -> None:
        status, seconds = server.query(ENDLESS)
        outcome["status"], outcome["seconds"] = status, seconds

    thread = threading.Thread(target=endless)
    thread.start()
    time.sleep(0.2)
    times = []
    while thread.is_alive():
        status, seconds = server.query(ASK)
        if status == 200:
            times.append(seconds)
    thread.join()
    return {
        "endless_query_status": outcome["status"],
        "endless_query_answered_after_s": round(outcome["seconds"], 2),
        "timeout_s": timeout,
        "asks_meanwhile": len(times),
        "ask_latency_meanwhile": spread(times),
    }


def respawn(server: Server) -> dict[str, float]:
    """With one worker: time from a timeout's answer until a query is answered again."""
    status, _ = server.query(ENDLESS)
    assert status == 503
    started = time.monotonic()
    while server.query(ASK)[0] != 200:
        time.sleep(0.02)
    return {"first_answer_after_timeout_s": round(time.monotonic() - started, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure crimekg serve on this machine.")
    parser.add_argument(
        "--total", type=int, default=0, help="grow the graph to this many triples (synthetic)"
    )
    parser.add_argument("--runs", type=int, default=50, help="sequential requests per latency figure")
    parser.add_argument("--clients", type=int, default=4, help="threads for the throughput figure")
    parser.add_argument(
        "--timeout", type=float, default=3.0, help="the server's --timeout for the endless query"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    extra: list[str] = []
    results: dict[str, object] = {"machine_cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        if args.total:
            from benchmarks.synthetic import generate

            made = generate(args.total)
            path = Path(tmp) / "synthetic.nt"
            path.write_bytes(made.data)
            extra = [str(path)]
            results["triples"] = made.total_triples
        server = Server(*extra, "--timeout", str(args.timeout))
        try:
            results["startup_s"] = round(server.startup, 2)
            results["explorer_ready_s"] = round(server.explorer_ready, 2)
            results["latency"] = latency(server, args.runs)
            results["throughput"] = throughput(server, args.clients, 5.0)
            results["isolation"] = isolation(server, args.timeout)
        finally:
            server.stop()
        single = Server(*extra, "--timeout", "1", "--workers", "1")
        try:
            results["respawn"] = respawn(single)
        finally:
            single.stop()
    print(json.dumps(results, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
