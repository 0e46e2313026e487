"""Helpers of the query tests: start and stop a real `oxigraph serve`, and the graph the tests load."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from graph_data.loader import Source, all_sources

OXIGRAPH = Path(sys.executable).with_name("oxigraph")


@dataclass
class Oxigraph:
    """A running `oxigraph serve` process."""

    process: subprocess.Popen
    base: str  # http://127.0.0.1:PORT

    @property
    def query_url(self) -> str:
        return self.base + "/query"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_oxigraph(location: Path, *, union: bool = True) -> Oxigraph:
    """Start `oxigraph serve` on an ephemeral port and wait until it answers a query."""
    executable = str(OXIGRAPH) if OXIGRAPH.exists() else shutil.which("oxigraph")
    if executable is None:
        raise RuntimeError("the oxigraph server is not installed: pip install -e '.[test]'")
    port = free_port()
    command = [executable, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union:
        command.append("--union-default-graph")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = Oxigraph(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"oxigraph serve exited: {process.stderr.read().decode() if process.stderr else ''}"
            )
        try:
            request = urllib.request.Request(server.query_url + "?query=ASK%7B%7D")
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    stop_oxigraph(server)
    raise RuntimeError("oxigraph serve did not answer within 30 s")


def stop_oxigraph(server: Oxigraph) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def seed_graph() -> list[Source]:
    """Ontology and seed data, without whatever extensions this machine's $CRIMEKG_DATA holds."""
    return all_sources(include_extensions=False)
