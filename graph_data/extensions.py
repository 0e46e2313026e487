"""Researchers' extensions: where they live, the registry that lists them, and the all-or-nothing merge.

Layout of the data directory (``--data-dir``, ``$CRIMEKG_DATA`` or ``~/.local/share/crimekg``)::

    extensions/
        registry.json        the truth: every merged extension, with its provenance (who, when, source,
                             input files and their SHA-256) and the SHA-256 of its graph file
        graphs/<id>.nt       one immutable N-Triples file per extension, named graph .../graph/extension/<id>
        index/               an on-disk pyoxigraph store of the whole graph, a cache (see graph_data.index)
        lock                 ``flock``-ed by every writer, so that writers run one at a time

Atomicity: a graph file is written under a temporary name, fsync-ed and renamed into ``graphs/`` *before*
the registry names it; the registry is replaced by ``rename`` of a fsync-ed temporary file, which is the
single commit point. A crash before that rename leaves the old registry (the new graph file is an orphan
nobody lists, removed by the next writer); a crash after it leaves the new one. Readers never lock: they
read the registry, then the files it lists, and start again if a file vanished under them.

Tests kill a merge between every two steps through ``$CRIMEKG_TEST_CRASH_AT`` (see :func:`checkpoint`).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from graph_data.loader import GRAPH_BASE, Source, data_dir
from ontology.errors import CrimekgError, UsageError

EXTENSION_GRAPH = GRAPH_BASE + "extension/"
REGISTRY_FORMAT = "crimekg-extensions/1"

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


@dataclass(frozen=True)
class InputFile:
    """One file a researcher gave to ``crimekg add``: its name as given, size and SHA-256."""

    name: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Extension:
    """One merged addition and its provenance."""

    id: str
    added: str  # prov:generatedAtTime, ISO 8601 UTC
    author: str
    source: str | None  # --source: free text or an IRI
    files: tuple[InputFile, ...]
    input_sha256: str  # over the input files (same inputs, same hash: "already added")
    data_sha256: str  # of the stored graph file
    triples: int

    @property
    def graph_iri(self) -> str:
        return EXTENSION_GRAPH + self.id

    @property
    def data_file(self) -> str:
        return f"graphs/{self.id}.nt"

    def to_json(self) -> dict:
        record = asdict(self)
        record["graph"] = self.graph_iri
        return record

    @classmethod
    def from_json(cls, record: dict) -> Extension:
        files = tuple(InputFile(**f) for f in record["files"])
        fields = {k: record[k] for k in cls.__dataclass_fields__ if k != "files"}
        return cls(files=files, **fields)


@dataclass(frozen=True)
class Registry:
    generation: int = 0
    extensions: tuple[Extension, ...] = field(default_factory=tuple)

    def get(self, ext_id: str) -> Extension:
        for ext in self.extensions:
            if ext.id == ext_id:
                return ext
        matches = [e for e in self.extensions if e.id.startswith(ext_id) or e.graph_iri == ext_id]
        if len(matches) == 1:
            return matches[0]
        known = ", ".join(e.id for e in self.extensions) or "none yet"
        raise UsageError(
            f"no extension {ext_id!r}", hint=f"`crimekg extensions list` shows the ids (known: {known})"
        )

    def with_input(self, input_sha256: str) -> Extension | None:
        return next((e for e in self.extensions if e.input_sha256 == input_sha256), None)

    def to_json(self) -> str:
        body = {
            "format": REGISTRY_FORMAT,
            "generation": self.generation,
            "extensions": [e.to_json() for e in self.extensions],
        }
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


# --- where -------------------------------------------------------------------------------------------


def root() -> Path:
    """The ``extensions/`` folder of the data directory (not created until something is added)."""
    return data_dir() / "extensions"


def _registry_path(base: Path) -> Path:
    return base / "registry.json"


# --- reading (no lock) -------------------------------------------------------------------------------


def read_registry(base: Path | None = None) -> Registry:
    path = _registry_path(base or root())
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Registry()
    except OSError as error:
        raise CrimekgError(f"{path}: cannot read the extension registry ({error.strerror})") from None
    try:
        body = json.loads(text)
        if body.get("format") != REGISTRY_FORMAT:
            raise ValueError(f"unknown format {body.get('format')!r}")
        return Registry(body["generation"], tuple(Extension.from_json(r) for r in body["extensions"]))
    except (ValueError, KeyError, TypeError) as error:
        raise CrimekgError(
            f"{path}: the extension registry is damaged ({error})",
            hint="restore it from a backup; crimekg never writes it partially",
        ) from None


def graph_file(ext: Extension, base: Path | None = None) -> Path:
    return (base or root()) / ext.data_file


def sources(base: Path | None = None) -> list[Source]:
    """Every merged extension as a :class:`Source` in its own named graph, in the order they were added."""
    base = base or root()
    for _attempt in range(5):
        registry = read_registry(base)
        try:
            return [
                Source(
                    f"extensions/{ext.data_file}",
                    graph_file(ext, base).read_bytes(),
                    ox.RdfFormat.N_TRIPLES,
                    ext.graph_iri,
                )
                for ext in registry.extensions
            ]
        except FileNotFoundError:  # removed while we read: the registry has changed, read it again
            continue
    raise CrimekgError(f"{base}: extension files keep disappearing while reading; is a writer stuck?")


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


def commit_add(base: Path, registry: Registry, ext: Extension, data: bytes) -> Registry:
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
    _write_new(_registry_path(base), new.to_json().encode(), "registry")
    return new


def commit_remove(base: Path, registry: Registry, ext: Extension) -> Registry:
    """Unlist one extension (the commit), then delete its graph file."""
    kept = tuple(e for e in registry.extensions if e.id != ext.id)
    new = Registry(registry.generation + 1, kept)
    _write_new(_registry_path(base), new.to_json().encode(), "registry")
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


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs_sha256(files: list[InputFile]) -> str:
    """One hash for a set of input files: the same contents in any order give the same hash."""
    return sha256("\n".join(sorted(f.sha256 for f in files)).encode())


def with_triples(ext: Extension, triples: int, data: bytes) -> Extension:
    return replace(ext, triples=triples, data_sha256=sha256(data))


def as_turtle(data: bytes) -> str:
    """A stored graph file as Turtle with the project's prefixes, for people to read."""
    import rdflib

    import ontology

    graph = rdflib.Graph()
    for prefix, namespace in ontology.PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.parse(data=data, format="nt")
    return graph.serialize(format="turtle")
