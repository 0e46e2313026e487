"""Researchers' merged extensions as the loader reads them: where they live and the registry that lists them.

Layout of the data directory (``--data-dir``, ``$CRIMEKG_DATA`` or ``~/.local/share/crimekg``)::

    extensions/
        registry.json        the truth: every merged extension, with its provenance (who, when, source,
                             input files and their SHA-256) and the SHA-256 of its graph file
        graphs/<id>.nt       one immutable N-Triples file per extension, graph …/graph/extension/<id>
        index/               on-disk pyoxigraph store of the whole graph, a cache (curation.index)
        lock                 ``flock``-ed by every writer, so that writers run one at a time

Atomicity: a graph file is written under a temporary name, fsync-ed and renamed into ``graphs/`` *before*
the registry names it; the registry is replaced by ``rename`` of a fsync-ed temporary file, which is the
single commit point. A crash before that rename leaves the old registry (the new graph file is an orphan
nobody lists, removed by the next writer); a crash after it leaves the new one. Readers never lock: they
read the registry, then the files it lists, and start again if a file vanished under them.

Writing (the lock, the commit protocol above) is :mod:`graph_data.curation.registry`; this module only
reads, so that loading the graph never needs the curation pipeline.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph_data.source import GRAPH_BASE, Source, data_dir
from ontology.errors import CrimekgError, UsageError

EXTENSION_GRAPH = GRAPH_BASE + "extension/"
REGISTRY_FORMAT = "crimekg-extensions/1"


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


def registry_path(base: Path) -> Path:
    return base / "registry.json"


# --- reading (no lock) -------------------------------------------------------------------------------


def read_registry(base: Path | None = None) -> Registry:
    path = registry_path(base or root())
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


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs_sha256(files: list[InputFile]) -> str:
    """One hash for a set of input files: the same contents in any order give the same hash."""
    return sha256("\n".join(sorted(f.sha256 for f in files)).encode())


def as_turtle(data: bytes) -> str:
    """A stored graph file as Turtle with the project's prefixes, for people to read."""
    import rdflib

    import ontology

    graph = rdflib.Graph()
    for prefix, namespace in ontology.PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.parse(data=data, format="nt")
    return graph.serialize(format="turtle")
