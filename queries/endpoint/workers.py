"""Evaluating SPARQL in worker processes that can be killed — the only way to stop a pyoxigraph query.

pyoxigraph has no per-query timeout and no cancellation. So the server never evaluates a query itself:
a :class:`Pool` of worker processes each opens the on-disk store read-only (``Store.read_only``), and a
job that outlives its deadline, or whose client has gone away, has its worker killed; a fresh worker
takes its place in the background. A full pool answers :class:`Busy` after a short wait instead of
queueing forever.

Updates are rare and authenticated. RocksDB allows one writer and forbids read-only readers while it
writes, so an update takes every slot of the pool, asks each worker to close its store, and runs in a
writer process of its own (killed on timeout: the update's transaction is then not committed).

Workers also run the guard (:mod:`queries.guard`) and write the results (:mod:`queries.endpoint.results`), so
all work a request causes — parsing, inspection, evaluation, serialisation — is bounded by the timeout.
On Linux each worker also lives in a network namespace of its own (:func:`isolate_network`): behind the
guard, the engine has nothing it could connect to.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

import ontology

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Busy(Exception):
    """Every worker is taken."""


class Timeout(Exception):
    """The job ran past its deadline; its worker was killed."""


class Cancelled(Exception):
    """The client went away; the job's worker was killed."""


class WorkerDied(Exception):
    """A worker ended without answering (out of memory, killed from outside)."""


def _never() -> bool:
    return False


@dataclass(frozen=True)
class Job:
    """One unit of work for a worker."""

    operation: str  # "query", "update", "selects" (the server's own lookups) or "close"
    text: str = ""
    accept: str | None = None
    format: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    bindings: dict[str, Term] = field(default_factory=dict)
    max_rows: int = 10_000
    guard: bool = True  # False only for the server's own fixed queries
    selects: tuple[tuple[str, dict[str, Term]], ...] = ()


@dataclass(frozen=True)
class Answer:
    """What a worker sends back: an HTTP status, a body and its type, and result facts."""

    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    rows: int = 0
    truncated: bool = False
    data: Any = None  # "selects": a list of (variables, rows) with pyoxigraph terms


# --- inside a worker ---------------------------------------------------------------------------------
class _Evaluator:
    def __init__(self, store_dir: str, writable: bool) -> None:
        self.store_dir = store_dir
        self.writable = writable
        self.store: ox.Store | None = None

    def open(self) -> ox.Store:
        if self.store is None:
            self.store = ox.Store(self.store_dir) if self.writable else ox.Store.read_only(self.store_dir)
        return self.store

    def is_local(self, iri: str) -> bool:
        from queries.guard import GRAPH_BASE

        if iri.startswith(GRAPH_BASE):
            return True
        try:
            return self.open().contains_named_graph(ox.NamedNode(iri))
        except ValueError:
            return False

    def run(self, job: Job) -> Answer:
        from queries.endpoint.protocol import ProtocolError
        from queries.guard import Refused

        try:
            if job.operation == "close":
                self.store = None
                gc.collect()
                return Answer(200)
            if job.operation == "update":
                return self.update(job)
            if job.operation == "selects":
                return self.selects(job)
            return self.query(job)
        except Refused as error:
            return Answer(400, f"refused: {error}\n".encode())
        except SyntaxError as error:
            return Answer(400, f"malformed SPARQL: {error.msg or error}\n".encode())
        except ProtocolError as error:
            return Answer(error.status, f"{error.message}\n".encode())

    def update(self, job: Job) -> Answer:
        from queries import guard

        guard.inspect(job.text, update=True, is_local=self.is_local, prefixes=ontology.PREFIXES)
        if job.default_graphs or job.named_graphs:
            return Answer(400, b"using-graph-uri and using-named-graph-uri are not supported; use USING\n")
        store = self.open()
        store.update(job.text, prefixes=ontology.PREFIXES)
        store.flush()
        return Answer(204)

    def query(self, job: Job) -> Answer:
        from queries import guard
        from queries.endpoint import results
        from queries.endpoint.protocol import GRAPH_TYPES, RESULT_TYPES, choose, with_charset

        options: dict[str, Any] = {}
        dataset: tuple[str, ...] = ()
        if job.guard:
            dataset = guard.inspect(job.text, is_local=self.is_local, prefixes=ontology.PREFIXES).dataset
            guard.check_graphs(list(job.default_graphs + job.named_graphs), is_local=self.is_local)
        if job.default_graphs or job.named_graphs:
            options["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graphs]
            if job.named_graphs:
                options["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs]
        elif not dataset:
            options["use_default_graph_as_union"] = True
        substitutions = {ox.Variable(name): value for name, value in job.bindings.items()}
        try:
            result = self.open().query(
                job.text, prefixes=ontology.PREFIXES, substitutions=substitutions or None, **options
            )
        except RuntimeError as error:  # a bound variable the query cannot take (e.g. not projected)
            return Answer(400, f"cannot bind the parameters: {error}\n".encode())
        if isinstance(result, ox.QueryTriples):
            media = choose(job.accept, job.format, list(GRAPH_TYPES), "graph (CONSTRUCT, DESCRIBE)")
            written = results.write_triples(result, GRAPH_TYPES[media], job.max_rows)
        elif isinstance(result, ox.QueryBoolean):
            media = choose(job.accept, job.format, list(RESULT_TYPES), "ASK")
            written = results.write_boolean(bool(result), RESULT_TYPES[media])
        else:
            media = choose(job.accept, job.format, list(RESULT_TYPES), "SELECT")
            written = results.write_solutions(result, RESULT_TYPES[media], job.max_rows)
        return Answer(200, written.body, with_charset(media), written.rows, written.truncated)

    def selects(self, job: Job) -> Answer:
        from itertools import islice

        store = self.open()
        tables = []
        for text, bindings in job.selects:
            substitutions = {ox.Variable(name): value for name, value in bindings.items()}
            result = store.query(
                text,
                prefixes=ontology.PREFIXES,
                substitutions=substitutions or None,
                use_default_graph_as_union=True,
            )
            if isinstance(result, ox.QueryBoolean):
                tables.append(([], bool(result)))
                continue
            variables = [v.value for v in result.variables]
            tables.append((variables, [list(row) for row in islice(result, job.max_rows)]))
        return Answer(200, data=tables)


def isolate_network() -> bool:
    """Move this process into a network namespace of its own, where nothing can be reached.

    Defence in depth behind :mod:`queries.guard`: even a query the guard failed to refuse cannot make
    the engine connect anywhere. Linux only; as root a new network namespace suffices, otherwise an
    unprivileged user namespace is needed (enabled on most distributions). Must run before the process
    starts threads. Returns whether it worked; the server runs either way.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    if libc.unshare(clone_newnet) == 0:
        return True
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(clone_newuser | clone_newnet) != 0:
        return False
    try:  # keep our own user and group inside the new user namespace (files stay ours)
        Path("/proc/self/setgroups").write_text("deny")
        Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
        Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")
    except OSError:
        pass
    return True


def limit_memory(megabytes: int) -> None:
    """Cap this process's data memory (heap and anonymous mappings, ``RLIMIT_DATA``); 0: no cap.

    A query that would hold more (a sort of a huge cross product grows by hundreds of MB a second)
    fails with an out-of-memory error in its worker instead of starving the machine before its timeout.
    """
    if megabytes <= 0:
        return
    try:
        import resource
    except ImportError:  # not on this platform
        return
    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _worker_main(conn: Connection, store_dir: str, writable: bool, memory: int = 0) -> None:
    """A worker's life: warm up, say ready, answer jobs until the pipe closes or ``None`` arrives."""
    isolate_network()
    limit_memory(memory)
    os.environ["RUST_BACKTRACE"] = "0"  # an engine out of memory says so in one line, not a backtrace
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the server's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from rdflib.plugins.sparql import parser  # noqa: F401  (the guard's second opinion, imported once)

    import queries.endpoint.results  # noqa: F401
    import queries.guard  # noqa: F401

    evaluator = _Evaluator(store_dir, writable)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            answer = evaluator.run(job)
        except Exception as error:  # an engine failure is the server's 500, never a dead worker
            answer = Answer(500, f"evaluation failed: {type(error).__name__}: {error}\n".encode())
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            return


# --- in the server -----------------------------------------------------------------------------------
class _Worker:
    def __init__(self, context: Any, store_dir: str, writable: bool, memory: int = 0) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main,
            args=(child, store_dir, writable, memory),
            daemon=True,
            name="crimekg-worker",
        )
        self.process.start()
        child.close()

    def wait_ready(self, seconds: float) -> None:
        try:
            if self.conn.poll(seconds) and self.conn.recv() == "ready":
                return
        except (EOFError, OSError):
            pass
        self.kill()
        raise WorkerDied("a worker process did not start")

    def call(self, job: Job, deadline: float, cancelled: Callable[[], bool]) -> Answer:
        try:
            self.conn.send(job)
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Timeout()
                if self.conn.poll(min(0.05, left)):
                    return self.conn.recv()
                if cancelled():
                    raise Cancelled()
        except (EOFError, OSError, BrokenPipeError):
            raise WorkerDied("a worker process ended without answering") from None

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.process.join(5)
        except OSError:
            pass
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class _Slot:
    def __init__(self, worker: _Worker) -> None:
        self.worker = worker


class Pool:
    """``size`` worker processes over the store in ``store_dir``; see the module docstring."""

    def __init__(
        self, store_dir: str, *, size: int = 2, timeout: float = 30.0, wait: float = 1.0, memory: int = 0
    ) -> None:
        self.store_dir = store_dir
        self.memory = memory  # MB of data memory per worker; 0: no cap
        self.size = size
        self.timeout = timeout
        self.wait = wait
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Slot] = queue.Queue()
        self._slots: list[_Slot] = []
        self._closed = False
        self._update_lock = threading.Lock()

    def start(self) -> None:
        workers = [_Worker(self._context, self.store_dir, False, self.memory) for _ in range(self.size)]
        for worker in workers:
            worker.wait_ready(120)
            slot = _Slot(worker)
            self._slots.append(slot)
            self._idle.put(slot)

    def _take(self, wait: float) -> _Slot:
        if self._closed:
            raise Busy()
        try:
            return self._idle.get(timeout=wait)
        except queue.Empty:
            raise Busy() from None

    def _replace(self, slot: _Slot) -> None:
        """Kill the slot's worker now; start its successor in the background."""
        slot.worker.kill()

        def respawn() -> None:
            for attempt in range(5):
                if self._closed:
                    return
                try:
                    worker = _Worker(self._context, self.store_dir, False, self.memory)
                    worker.wait_ready(120)
                except Exception as error:
                    print(f"crimekg serve: could not start a worker ({error}); retrying", file=sys.stderr)
                    time.sleep(1 + attempt)
                    continue
                if self._closed:
                    worker.kill()
                    return
                slot.worker = worker
                self._idle.put(slot)
                return

        threading.Thread(target=respawn, name="crimekg-respawn", daemon=True).start()

    def run(
        self, job: Job, *, cancelled: Callable[[], bool] = _never, timeout: float | None = None
    ) -> Answer:
        """Run a job on an idle worker; raises Busy, Timeout, Cancelled or WorkerDied."""
        slot = self._take(self.wait)
        deadline = time.monotonic() + (timeout or self.timeout)
        try:
            answer = slot.worker.call(job, deadline, cancelled)
        except BaseException:
            self._replace(slot)
            raise
        self._idle.put(slot)
        return answer

    def update(self, job: Job, *, cancelled: Callable[[], bool] = _never) -> Answer:
        """Run an update alone: every reader closes its store, a writer process applies the update."""
        if not self._update_lock.acquire(timeout=self.timeout):
            raise Busy()
        taken: list[_Slot] = []
        try:
            deadline = time.monotonic() + self.timeout
            while len(taken) < self.size:
                taken.append(self._take(max(0.01, deadline - time.monotonic())))
            for slot in list(taken):
                try:
                    slot.worker.call(Job("close"), time.monotonic() + 10, _never)
                except (Timeout, WorkerDied, Cancelled):
                    taken.remove(slot)
                    self._replace(slot)
                    raise WorkerDied("a worker did not close its store; the update was not run") from None
            writer = _Worker(self._context, self.store_dir, True, self.memory)
            writer.wait_ready(120)
            try:
                answer = writer.call(job, time.monotonic() + self.timeout, cancelled)
            except BaseException:
                writer.kill()
                raise
            writer.stop()
            return answer
        finally:
            for slot in taken:
                self._idle.put(slot)
            self._update_lock.release()

    def close(self) -> None:
        """Stop every worker (the server is shutting down)."""
        self._closed = True
        for slot in self._slots:
            slot.worker.kill()
