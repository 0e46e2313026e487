"""Running `crimekg serve` for the tests: start a real process on 127.0.0.1 and talk to it over HTTP."""

from __future__ import annotations

import http.client
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "endpoint"
TOKEN = "test-token-7f3c9a1e5b2d4c6e8f0a"
#: A query with no end: a three-way cross product of the whole graph.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


class Served:
    """A running `crimekg serve` subprocess and a client for it."""

    def __init__(self, process: subprocess.Popen, url: str, log: Path) -> None:
        self.process = process
        self.url = url
        self.log = log
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 60,
    ) -> Response:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=dict(headers or {}))
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()

    def get(self, path: str, headers: Mapping[str, str] | None = None, **params: str) -> Response:
        if params:
            path += ("&" if "?" in path else "?") + urlencode(params)
        return self.request("GET", path, headers=headers)

    def query(self, text: str, accept: str | None = None, **params: str) -> Response:
        headers = {"Accept": accept} if accept else {}
        return self.get("/sparql", headers, query=text, **params)

    def post_form(self, fields: Mapping[str, str] | list[tuple[str, str]], headers=None, **kw) -> Response:
        merged = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", "/sparql", body=urlencode(fields).encode(), headers=merged, **kw)

    def post(self, body: bytes, content_type: str, headers=None, path: str = "/sparql", **kw) -> Response:
        merged = {"Content-Type": content_type, **(headers or {})}
        return self.request("POST", path, body=body, headers=merged, **kw)

    def children(self) -> list[int]:
        """The server's child processes (its workers), from /proc."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        return self.process.returncode


def start_server(*args: str, env: Mapping[str, str] | None = None, log: Path, wait: float = 120) -> Served:
    """Start `crimekg serve --port 0 ARGS` and wait for the address it prints."""
    environment = {**os.environ, **(env or {})}
    environment.setdefault("CRIMEKG_DATA", str(log.parent / "no-extensions"))
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "crimekg", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=handle,
        cwd=ROOT,
        env=environment,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        if line.startswith("crimekg serving on "):
            served = Served(process, line.split()[3], log)
            while time.monotonic() < deadline and served.get("/explore/").status == 503:
                time.sleep(0.2)  # the explorer pages are built in the background
            return served
    process.kill()
    raise RuntimeError(f"the server did not start: {log.read_text(errors='replace')[-2000:]}")
