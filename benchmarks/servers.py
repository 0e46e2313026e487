"""Two SPARQL endpoints over the same data: a real ``oxigraph serve`` and ``crimekg serve``.

Both listen on 127.0.0.1 on a free port and query the union of the named graphs by default. They hold
the same quads: the ontology and seed files in their named graphs and the synthetic file in the graph
``crimekg serve FILE`` gives it (``graph_data.loader.file_source``).
"""

from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from benchmarks.common import PYTHON, ROOT, Graph, child_environment, process_memory

OXIGRAPH = str(Path(PYTHON).with_name("oxigraph"))
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
FORM = "application/x-www-form-urlencoded"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Endpoint:
    """A running endpoint process: where to send queries, how long it took to start, its memory."""

    name = "endpoint"
    path = "/sparql"

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.host, self.port = "127.0.0.1", 0
        self.startup_s = 0.0
        self.workdir = Path(tempfile.mkdtemp(prefix=f"crimekg-bench-{self.name}-"))
        self.extra: dict[str, float] = {}

    def body(self, text: str) -> bytes:
        return urlencode({"query": text}).encode()

    def connect(self, timeout: float = 600) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def ask(self, connection: http.client.HTTPConnection, body: bytes) -> tuple[int, bytes]:
        connection.request("POST", self.path, body=body, headers={"Content-Type": FORM, "Accept": ACCEPT})
        response = connection.getresponse()
        return response.status, response.read()

    def memory(self) -> dict[str, float]:
        """Resident memory of the server and of its children (crimekg's worker processes)."""
        if self.process is None:
            return {}
        total = process_memory(self.process.pid)
        for child in _children(self.process.pid):
            for key, value in process_memory(child).items():
                total[key] = round(total.get(key, 0) + value, 1)
        return total

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def wait_ready(self, budget: float) -> None:
        deadline = time.monotonic() + budget
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} ended while starting (exit {self.process.returncode})")
            try:
                connection = self.connect(5)
                status, _ = self.ask(connection, self.body("ASK { ?s ?p ?o }"))
                connection.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not answer within {budget:g} s")


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


class OxigraphServer(Endpoint):
    """``oxigraph load`` of one N-Quads file, then ``oxigraph serve --union-default-graph``."""

    name = "oxigraph"
    path = "/query"

    def start(self, graph: Graph, *, timeout: float, budget: float = 900) -> OxigraphServer:
        dump = self.workdir / "graph.nq"
        quads = (quad for source in graph.sources() for quad in _quads(source))
        ox.serialize(quads, str(dump), format=ox.RdfFormat.N_QUADS)
        location = self.workdir / "store"
        started = time.perf_counter()
        subprocess.run(
            [OXIGRAPH, "load", "--location", str(location), "--file", str(dump)],
            check=True,
            capture_output=True,
            timeout=budget,
        )
        self.extra["load_s"] = round(time.perf_counter() - started, 3)
        dump.unlink()
        self.port = free_port()
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                OXIGRAPH,
                "serve",
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--union-default-graph",
                "--timeout-s",
                str(int(timeout)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.wait_ready(budget)
        self.startup_s = round(time.perf_counter() - started, 3)
        return self


def _quads(source):
    from graph_data.loader import parse

    return parse(source)


class CrimekgServer(Endpoint):
    """``crimekg serve FILE --port 0`` with equal work to Oxigraph's: no row cap, a long timeout."""

    name = "crimekg"

    def start(self, graph: Graph, *, timeout: float, budget: float = 900) -> CrimekgServer:
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "crimekg",
                "serve",
                str(graph.synthetic),
                "--port",
                "0",
                "--quiet",
                "--max-rows",
                "100000000",
                "--timeout",
                str(int(timeout)),
                "--store",
                str(self.workdir / "store"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env=child_environment(self.workdir / "data"),
            text=True,
        )
        assert self.process.stdout is not None
        deadline = time.monotonic() + budget
        for line in self.process.stdout:
            if line.startswith("crimekg serving on "):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("crimekg serve did not start within the budget")
        else:
            raise RuntimeError("crimekg serve ended before it served")
        parts = urlsplit(line.split()[3])
        self.port = parts.port or 80
        self.startup_s = round(time.perf_counter() - started, 3)
        self.wait_explorer(started, budget)
        return self

    def wait_explorer(self, started: float, budget: float) -> None:
        """The explorer pages are built in a background process after start-up (``/explore/`` answers
        503 meanwhile); it competes for the CPU, so the measurements wait for it to end."""
        deadline = time.monotonic() + budget
        while time.monotonic() < deadline:
            connection = self.connect(30)
            try:
                connection.request("GET", "/explore/")
                response = connection.getresponse()
                response.read()
                if response.status != 503:
                    self.extra["explorer_ready_s"] = round(time.perf_counter() - started, 3)
                    self.extra["explorer_status"] = response.status
                    return
            except (OSError, http.client.HTTPException):
                pass
            finally:
                connection.close()
            time.sleep(0.5)
        self.extra["explorer_ready_s"] = None  # not built within the budget: measured while it builds


def latency(endpoint: Endpoint, text: str, *, times: int, seconds: float, timeout: float) -> dict:
    """Sequential requests from one client: a warm-up, then up to ``times`` timed ones in ``seconds``.
    Both servers stop a query after ``timeout`` seconds (their own timeout option): that is ``> budget``."""
    from benchmarks.common import spread

    body = endpoint.body(text)
    connection = endpoint.connect(timeout + 30)
    try:
        samples: list[float] = []
        spent, first = 0.0, True
        while len(samples) < times and (first or spent < seconds):
            started = time.perf_counter()
            status, answer = endpoint.ask(connection, body)
            took = time.perf_counter() - started
            if status != 200:
                message = answer[:200].decode("utf-8", "replace").strip()
                if took >= timeout * 0.95:
                    return {"over_budget_s": timeout, "error": f"HTTP {status}: {message}"}
                return {"error": f"HTTP {status}: {message}"}
            if not first or took > 1.0:
                samples.append(took)
            spent += took
            first = False
        return {"rows": count_rows(answer), "bytes": len(answer), **spread(samples)}
    except TimeoutError:
        return {"over_budget_s": timeout, "error": "no answer"}
    except (OSError, http.client.HTTPException) as error:
        return {"error": f"{type(error).__name__}: {error}"}
    finally:
        connection.close()


def count_rows(answer: bytes) -> int:
    """Rows of a SPARQL JSON result, or triples of an N-Triples answer (counted after the timing)."""
    if answer.lstrip().startswith(b"{"):
        import json

        parsed = json.loads(answer)
        return len(parsed["results"]["bindings"]) if "results" in parsed else 1  # ASK: one boolean
    return sum(1 for line in answer.splitlines() if line.strip())
