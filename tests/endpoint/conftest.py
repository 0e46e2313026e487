"""Real `crimekg serve` processes on 127.0.0.1 (ephemeral ports), and a small HTTP client for them."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from servekit import FIXTURES, TOKEN, Served, start_server


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The default server, with the hostile-label fixture file added to the graph."""
    log = tmp_path_factory.mktemp("server") / "default.log"
    served = start_server(str(FIXTURES / "hostile-labels.ttl"), log=log)
    yield served
    served.stop()


@pytest.fixture(scope="session")
def tight_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Small limits (2 s timeout, 5 rows, 2000-byte bodies, two workers of 400 MB), CORS for one origin."""
    log = tmp_path_factory.mktemp("server") / "tight.log"
    served = start_server(
        "--timeout",
        "2",
        "--max-rows",
        "5",
        "--max-body",
        "2000",
        "--workers",
        "2",
        "--worker-memory",
        "400",
        "--quiet",
        "--cors",
        "https://app.example",
        log=log,
    )
    yield served
    served.stop()


@pytest.fixture(scope="session")
def update_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Updates switched on (token from the environment), an on-disk store, one worker."""
    base = tmp_path_factory.mktemp("server")
    served = start_server(
        "--allow-update",
        "--store",
        str(base / "store"),
        "--workers",
        "1",
        "--quiet",
        env={"CRIMEKG_UPDATE_TOKEN": TOKEN},
        log=base / "update.log",
    )
    yield served
    served.stop()


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        import socket

        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections: list[bytes] = []
        self._running = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while self._running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections.append(b"")  # counted at once: the request line follows
            connection.settimeout(1)
            try:
                self.connections[-1] = connection.recv(200)
            except OSError:
                pass
            connection.close()

    def close(self) -> None:
        self._running = False
        self._thread.join(2)
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    spy = Listener()
    yield spy
    spy.close()
