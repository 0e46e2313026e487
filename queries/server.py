"""``crimekg serve``: the SPARQL 1.1 Protocol endpoint, the query page, linked data and the explorer.

One standard-library HTTP server (:class:`http.server.ThreadingHTTPServer`) in front of a pool of
worker processes (:mod:`queries.workers`) that evaluate every query over an on-disk copy of the graph
and can be killed when a query outlives ``timeout``. Routes:

==========================  ===========================================================================
``/sparql``                 queries (GET, POST form, POST direct), updates (POST, with a bearer token
                            and ``--allow-update`` only), a service description (GET without a query)
``/``                       the query page (``queries/static/``), with the catalogue as examples
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
from typing import Any

from graph_data.loader import Source
from ontology.errors import CrimekgError, UsageError
from queries.workers import Pool

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
    pages: dict[str, bytes] = field(default_factory=dict)
    quiet: bool = False


class Server(ThreadingHTTPServer):
    """The HTTP server: settings and the worker pool travel with it to every request handler."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], settings: Settings, ipv6: bool = False) -> None:
        if ipv6:
            import socket

            self.address_family = socket.AF_INET6
        from queries.handler import Handler

        super().__init__(address, Handler)
        self.settings = settings
        self.pool: Pool | None = None
        from queries.handler import load_static

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


def build_store(directory: Path, sources: Sequence[Source] | None, pages: PagesArg) -> tuple[Path, dict]:
    """Load (or reuse) the on-disk store in ``directory``; build the explorer pages while it is open.

    Returns the RocksDB directory the workers open read-only, and the pages.
    """
    from queries.store import GraphStore

    store = GraphStore.embedded(directory, sources=sources)
    try:
        built: Mapping[str, bytes] = {}
        if callable(pages):
            try:
                built = pages(store)
            except CrimekgError:
                raise
            except Exception as error:  # the explorer is optional: the endpoint still serves
                print(
                    f"crimekg serve: warning: the explorer pages could not be built ({error})",
                    file=sys.stderr,
                )
        elif pages:
            built = pages
        location = store.location
        assert location is not None
        return location, dict(built)
    finally:
        store.close()


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
    quiet: bool = False,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the graph until Ctrl+C or SIGTERM; see the module docstring for what is served.

    ``pages`` is a mapping (file name → bytes) or a function of the store that returns one
    (``linkviz.site.build_pages``). ``sources`` default to the whole graph (ontology, seed, extensions).
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
    settings = Settings(
        timeout=timeout,
        max_rows=max_rows,
        max_body=max_body,
        token=token if allow_update else None,
        cors=cors,
        workers=workers or default_workers(),
        quiet=quiet,
    )
    server = bind(host, port, settings)
    temporary = None if store_dir is not None else tempfile.mkdtemp(prefix="crimekg-serve-")
    previous = None
    try:
        directory = Path(store_dir) if store_dir is not None else Path(str(temporary))
        location, settings.pages = build_store(directory, sources, pages)
        server.pool = Pool(str(location), size=settings.workers, timeout=timeout)
        server.pool.start()
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _interrupt)
        bound_host, bound_port = server.server_address[:2]
        if not is_loopback(str(bound_host)):
            print(
                f"crimekg serve: warning: listening on {bound_host}, not only this machine: anyone who can "
                "reach it can query the graph. Use --host 127.0.0.1 unless that is what you want.",
                file=sys.stderr,
            )
        explorer = ", explorer at /explore/" if settings.pages else ""
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
        if server.pool is not None:
            server.pool.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    announce("crimekg serve: stopped")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
