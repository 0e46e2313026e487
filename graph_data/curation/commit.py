"""Committing to the extension registry: the writer lock and the all-or-nothing commit of an addition
or a removal.

The data directory's layout and the registry format are in :mod:`graph_data.extensions` (the read side,
which the loader uses). Atomicity: a graph file is written under a temporary name, fsync-ed and renamed
into ``graphs/`` *before* the registry names it; the registry is replaced by ``rename`` of a fsync-ed
temporary file, which is the single commit point. A crash before that rename leaves the old registry (the
new graph file is an orphan nobody lists, removed by the next writer); a crash after it leaves the new one.

Tests kill a merge between every two steps through ``$CRIMEKG_TEST_CRASH_AT`` (see :func:`checkpoint`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from graph_data.extensions import Extension, Registry, registry_path, root, sha256
from ontology.errors import CrimekgError

#: The steps of a merge, in order; a test may stop the process right after any of them.
ADD_STEPS = (
    "locked",
    "graph-half-written",
    "graph-written",
    "graph-synced",
    "graph-renamed",
    "registry-written",
    "registry-synced",
    "registry-renamed",  # the commit point
    "index-updated",
    "cleaned",
)
REMOVE_STEPS = (
    "locked",
    "registry-written",
    "registry-synced",
    "registry-renamed",
    "index-updated",
    "cleaned",
)
CRASH_VARIABLE = "CRIMEKG_TEST_CRASH_AT"
CRASH_EXIT_CODE = 97


# --- writing (under the lock) ------------------------------------------------------------------------


def checkpoint(step: str) -> None:
    """Test hook: end the process at once (no clean-up, like a power cut) after the named step."""
    if os.environ.get(CRASH_VARIABLE) == step:
        sys.stdout.flush()
        os._exit(CRASH_EXIT_CODE)


@contextlib.contextmanager
def locked(base: Path | None = None, *, wait_message: str | None = None) -> Iterator[Path]:
    """Hold the data directory's writer lock (``flock`` on ``extensions/lock``) for the ``with`` body."""
    base = base or root()
    try:
        base.mkdir(parents=True, exist_ok=True)
        handle = open(base / "lock", "a+")  # noqa: SIM115 - closed below
    except OSError as error:
        raise CrimekgError(
            f"{base}: cannot use the data directory ({error.strerror})",
            hint="choose a writable folder with --data-dir or $CRIMEKG_DATA",
        ) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if wait_message:
                print(wait_message, file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            checkpoint("locked")
            yield base
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_new(path: Path, data: bytes, step_prefix: str) -> None:
    """Write ``data`` to ``path`` by way of a fsync-ed temporary file and a rename."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        _write_steps(tmp, path, data, step_prefix)
    except OSError as error:  # disk full, no permission …: what was written is a temporary file, or nothing
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise CrimekgError(
            f"{path.parent}: cannot write the data directory ({error.strerror}); nothing was changed",
            hint="free some space or fix the folder's permissions, then run the command again",
        ) from None


def _write_steps(tmp: Path, path: Path, data: bytes, step_prefix: str) -> None:
    with open(tmp, "wb") as out:
        if step_prefix == "graph":
            out.write(data[: len(data) // 2])
            out.flush()
            checkpoint("graph-half-written")
            out.write(data[len(data) // 2 :])
        else:
            out.write(data)
        out.flush()
        checkpoint(f"{step_prefix}-written")
        os.fsync(out.fileno())
    checkpoint(f"{step_prefix}-synced")
    os.replace(tmp, path)
    _fsync_dir(path.parent)
    checkpoint(f"{step_prefix}-renamed")


def add(base: Path, registry: Registry, ext: Extension, data: bytes) -> Registry:
    """Merge one extension (caller holds the lock and read ``registry`` under it); returns the new one."""
    graphs = base / "graphs"
    try:
        graphs.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CrimekgError(
            f"{graphs}: cannot create the folder ({error.strerror}); nothing was changed"
        ) from None
    _write_new(base / ext.data_file, data, "graph")
    new = Registry(registry.generation + 1, registry.extensions + (ext,))
    _write_new(registry_path(base), new.to_json().encode(), "registry")
    return new


def remove(base: Path, registry: Registry, ext: Extension) -> Registry:
    """Unlist one extension (the commit), then delete its graph file."""
    kept = tuple(e for e in registry.extensions if e.id != ext.id)
    new = Registry(registry.generation + 1, kept)
    _write_new(registry_path(base), new.to_json().encode(), "registry")
    return new


def clean(base: Path, registry: Registry) -> list[str]:
    """Delete graph files and temporary files no registry entry names (left by a crash or a removal)."""
    listed = {Path(e.data_file).name for e in registry.extensions}
    removed = []
    for path in sorted((base / "graphs").glob("*")) + sorted(base.glob("*.tmp")):
        if path.name not in listed:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            removed.append(path.name)
    return removed


def with_triples(ext: Extension, triples: int, data: bytes) -> Extension:
    return replace(ext, triples=triples, data_sha256=sha256(data))
