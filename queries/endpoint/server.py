"""``crimekg serve``: the SPARQL 1.1 Protocol endpoint, the query page, linked data and the explorer.

One standard-library HTTP server (:class:`http.server.ThreadingHTTPServer`) in front of a pool of
worker processes (:mod:`queries.endpoint.workers`) that evaluate every query over an on-disk copy of the graph
and can be killed when a query outlives ``timeout``. Routes:

==========================  ===========================================================================
``/sparql``                 queries (GET, POST form, POST direct), updates (POST, with a bearer token
                            and ``--allow-update`` only), a service description (GET without a query)
``/``                       the query page (``queries/endpoint/static/``), with the catalogue as examples
``/catalogue.json``         the catalogue (summary, tags, parameters, text of every query)
``/resource/{slug}``        linked data: Turtle, JSON-LD, N-Triples, RDF/XML by Accept; HTML for browsers
``/explore/{name}``         the explorer pages (``pages``), ``/explore/`` being ``index.html``
==========================  ===========================================================================

Security defaults (see docs/endpoint.md): read-only, ``SERVICE``/``LOAD``/remote ``FROM`` refused,
127.0.0.1 only, timeout, row cap, body cap, no CORS, strict Content-Security-Policy on HTML.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

from graph_data.loader import Source
from ontology.errors import CrimekgError, UsageError
from queries.endpoint.workers import Pool

PagesArg = Mapping[str, bytes] | Callable[[Any], Mapping[str, bytes]] | None


@dataclass
class Settings:
    """What a running server needs to know; built by :func:`serve`."""

    timeout: float = 30.0
    max_rows: int = 10_000
    max_body: int = 1_000_000
    token: str | None = None  # updates are enabled exactly when a token is set
    cors: str | None = None
    workers: int = 2
    memory: int = 2048  # MB of data memory per worker process; 0: no cap
    pages: dict[str, bytes] = field(default_factory=dict)
    quiet: bool = False


class Server(ThreadingHTTPServer):
    """The HTTP server: settings and the worker pool travel with it to every request handler."""

    daemon_threads = True
    block_on_close = False
    # the listen backlog (socketserver's default is 5): clients that connect at the same moment beyond
    # it had their first request reset after a second
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], settings: Settings, ipv6: bool = False) -> None:
        if ipv6:
            import socket

            self.address_family = socket.AF_INET6
        from queries.endpoint.handler import Handler

        super().__init__(address, Handler)
        self.settings = settings
        self.pool: Pool | None = None
        self.page_csp: dict[str, str] = {}  # explorer page name → its Content-Security-Policy
        self.explorer = Explorer(settings)
        from queries.endpoint.handler import load_static

        self.static = load_static()


def default_workers() -> int:
    return max(2, min(4, os.cpu_count() or 2))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else (host or "0.0.0.0")
    return f"http://{shown}:{port}/"


def bind(host: str, port: int, settings: Settings) -> Server:
    """The listening server; a clear CrimekgError (exit 2) when the address cannot be used."""
    try:
        return Server((host, port), settings, ipv6=":" in host)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise CrimekgError(
                f"port {port} on {host} is in use",
                hint="stop the program using it, or choose another --port (--port 0 picks a free one)",
            ) from None
        raise CrimekgError(
            f"cannot listen on {host}:{port}: {error.strerror or error}",
            hint="check --host (an address of this machine) and --port (1024-65535 unless you are root)",
        ) from None


def lock_store(directory: Path) -> IO[str] | None:
    """Hold an advisory lock on a --store DIR while serving: a second server on it is refused."""
    try:
        import fcntl
    except ImportError:  # not on this platform
        return None
    directory.mkdir(parents=True, exist_ok=True)
    handle = (directory / "serve.lock").open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise CrimekgError(
            f"another crimekg serve is using the store in {directory}",
            hint="stop it, or give this server another --store (or none: a temporary one)",
        ) from None
    return handle


def build_store(directory: Path, sources: Sequence[Source] | None) -> Path:
    """Load (or reuse) the on-disk store in ``directory``; the RocksDB directory the workers open."""
    from queries.store import GraphStore

    store = GraphStore.embedded(directory, sources=sources)
    try:
        location = store.location
        assert location is not None
        return location
    finally:
        store.close()


def _build_pages(conn: Any, build: Callable[[Any], Mapping[str, bytes]], location: str) -> None:
    """In a process of its own: the explorer pages from a read-only view of the store."""
    import pyoxigraph as ox

    from queries.embedded import EmbeddedStore

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pages = {
            name: bytes(body) for name, body in build(EmbeddedStore(ox.Store.read_only(location))).items()
        }
        conn.send(("ok", pages))
    except Exception as error:  # reported by the server; the endpoint serves without the explorer
        conn.send(("error", f"{type(error).__name__}: {error}"))


class Explorer:
    """The explorer pages, built in the background (a big graph takes a while) by a killable process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.state = "none"  # none, building, ready or failed
        self.process: Any = None

    def start(self, build: Callable[[Any], Mapping[str, bytes]], location: Path) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        conn, child = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_build_pages, args=(child, build, str(location)), daemon=True, name="crimekg-explorer"
        )
        self.state = "building"
        self.process.start()
        child.close()
        threading.Thread(target=self._receive, args=(conn,), name="crimekg-explorer", daemon=True).start()

    def _receive(self, conn: Any) -> None:
        try:
            status, result = conn.recv()
        except (EOFError, OSError):
            status, result = "error", "the process building the pages ended"
        self.process.join(30)  # its read-only view of the store is closed before an update may write
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        if status == "ok":
            self.settings.pages = result
            self.state = "ready"
        else:
            self.state = "failed"
            print(
                f"crimekg serve: warning: the explorer pages could not be built ({result})", file=sys.stderr
            )

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(5)


def serve(
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 30.0,
    store_dir: str | os.PathLike[str] | None = None,
    allow_update: bool = False,
    token: str | None = None,
    pages: PagesArg = None,
    sources: Sequence[Source] | None = None,
    max_rows: int = 10_000,
    max_body: int = 1_000_000,
    cors: str | None = None,
    workers: int | None = None,
    memory: int = 2048,
    quiet: bool = False,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the graph until Ctrl+C or SIGTERM; see the module docstring for what is served.

    ``pages`` is a mapping (file name → bytes) or a function of the store that returns one
    (``linkviz.site.build_pages``, run in a background process: /explore/ answers 503 until it is
    done). ``sources`` default to the whole graph (ontology, seed, extensions).
    ``store_dir`` keeps the store on disk between runs (reloaded when the sources change); without it
    the store lives in a temporary directory removed at shutdown.
    """
    if allow_update and not token:
        raise UsageError(
            "--allow-update needs a secret token",
            hint="put one in a file for --token-file, or in the environment variable CRIMEKG_UPDATE_TOKEN",
        )
    if timeout <= 0 or max_rows < 1 or max_body < 1:
        raise UsageError("--timeout, --max-rows and --max-body must be positive")
    if memory and memory < 256:
        raise UsageError("--worker-memory needs at least 256 MB (or 0 for no cap)")
    settings = Settings(
        timeout=timeout,
        max_rows=max_rows,
        max_body=max_body,
        token=token if allow_update else None,
        cors=cors,
        workers=workers or default_workers(),
        memory=memory,
        quiet=quiet,
    )
    lock = lock_store(Path(store_dir)) if store_dir is not None else None
    try:
        server = bind(host, port, settings)
    except CrimekgError:
        if lock is not None:
            lock.close()
        raise
    temporary = None if store_dir is not None else tempfile.mkdtemp(prefix="crimekg-serve-")
    previous = None
    try:
        directory = Path(store_dir) if store_dir is not None else Path(str(temporary))
        location = build_store(directory, sources)
        server.pool = Pool(str(location), size=settings.workers, timeout=timeout, memory=settings.memory)
        server.pool.start()
        if callable(pages):
            server.explorer.start(pages, location)
        elif pages:
            settings.pages = dict(pages)
            server.explorer.state = "ready"
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _interrupt)
        bound_host, bound_port = server.server_address[:2]
        if not is_loopback(str(bound_host)):
            print(
                f"crimekg serve: warning: listening on {bound_host}, not only this machine: anyone who can "
                "reach it can query the graph. Use --host 127.0.0.1 unless that is what you want.",
                file=sys.stderr,
            )
        explorer = ", explorer at /explore/" if server.explorer.state != "none" else ""
        announce(f"crimekg serving on {url_of(host, bound_port)} — SPARQL at /sparql{explorer}")
        if settings.token:
            announce("updates enabled: POST /sparql with 'Authorization: Bearer <token>'")
        sys.stdout.flush()
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
    finally:
        server.server_close()
        server.explorer.stop()
        if server.pool is not None:
            server.pool.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        if lock is not None:
            lock.close()
    announce("crimekg serve: stopped")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
