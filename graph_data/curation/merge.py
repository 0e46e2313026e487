"""``crimekg add`` and ``crimekg extensions remove`` as a library: validate, then merge all or nothing.

Pipeline of :func:`add`: read the files (RDF, or spreadsheets through the templates) → terms and values
(:mod:`graph_data.curation.lint`) with SHACL → OWL consistency (HermiT) → QC queries (the stages and
the scope they see are in :mod:`graph_data.curation.neighbourhood`) → merge (the commit protocol is in
:mod:`graph_data.curation.commit`). The first stage that finds a problem stops the run with
:class:`AdditionRejected` (exit 1) and nothing changes; a file that cannot be read is a LoadError (exit 2).
All of it runs under the data directory's writer lock, so two runs never interleave.
"""

from __future__ import annotations

import getpass
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from graph_data import extensions
from graph_data.curation import commit, lint, tabular
from graph_data.curation.addition import Addition, parse_rdf, read_bytes
from graph_data.curation.index import GraphIndex, package_expectations
from graph_data.curation.lookup import Lookup
from graph_data.curation.neighbourhood import AdditionRejected, render, validate
from graph_data.extensions import Extension, Registry
from graph_data.loader import GRAPH_BASE, Source
from ontology.errors import LoadError, UsageError, Violation

__all__ = ["AddResult", "AdditionRejected", "add", "add_unvalidated", "remove", "render"]
Report = Callable[[str], None]


@dataclass
class AddResult:
    status: str  # added | would-add | already-added | nothing-new
    extension: Extension | None
    triples: int = 0
    new_triples: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # "3 ckg:Linkage", …


def default_author() -> str:
    try:
        return os.environ.get("CRIMEKG_AUTHOR") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def open_index(base: Path, registry: Registry) -> GraphIndex:
    """The data directory's index, brought in step with the package's graph and the registry."""
    index = GraphIndex(base / "index")
    expected = package_expectations()
    for ext in registry.extensions:
        expected[ext.graph_iri] = (
            ext.data_sha256,
            lambda e=ext: _source(e, extensions.graph_file(e, base).read_bytes()),
        )
    index.sync(expected)
    return index


def _source(ext: Extension, data: bytes) -> Source:
    return Source(f"extensions/{ext.data_file}", data, ox.RdfFormat.N_TRIPLES, ext.graph_iri)


def read_inputs(paths: list[str]) -> tuple[Addition, list[tabular.Table]]:
    """Read every file; RDF is parsed now, spreadsheets once the graph can resolve their names."""
    if not paths:
        raise UsageError("name at least one file to add", hint="crimekg add my-linkages.csv")
    addition, tables = Addition(), []
    for name in paths:
        path = Path(name)
        data, info = read_bytes(path)
        addition.files.append(info)
        if path.suffix.lower() == ".csv":
            tables.append(tabular.read_table(name, data))
        else:
            parse_rdf(name, data, addition)
    return addition, tables


def add(
    paths: list[str],
    *,
    source: str | None = None,
    author: str | None = None,
    dry_run: bool = False,
    report: Report = lambda line: None,
) -> AddResult:
    """Validate the files and merge them as one new extension (named graph), or change nothing."""
    clock = _Clock(report)
    addition, tables = read_inputs(paths)
    clock.lap("read", f"{len(paths)} file(s)")
    base = extensions.root()
    if dry_run and not base.exists():  # nothing merged yet: check in a scratch folder, leave no trace
        with tempfile.TemporaryDirectory(prefix="crimekg-dry-run-") as scratch:
            return _add(Path(scratch) / "extensions", addition, tables, paths, source, author, True, clock)
    return _add(base, addition, tables, paths, source, author, dry_run, clock)


def _add(
    base: Path,
    addition: Addition,
    tables: list[tabular.Table],
    paths: list[str],
    source: str | None,
    author: str | None,
    dry_run: bool,
    clock: _Clock,
) -> AddResult:
    input_hash = extensions.inputs_sha256(addition.files)
    with commit.locked(base, wait_message="waiting for another crimekg add or remove to finish …"):
        registry = extensions.read_registry(base)
        same = registry.with_input(input_hash)
        if same is not None:
            return AddResult("already-added", same, same.triples, 0, clock.timings)
        if not dry_run:
            commit.clean(base, registry)
        index = open_index(base, registry)
        try:
            clock.lap("index")
            if tables:
                _convert(tables, addition, index)
                clock.lap("sheets", f"{sum(len(t.rows) for t in tables)} row(s)")
            if not addition.triples:
                raise LoadError("there is nothing to add: no rows and no triples", path=paths[0])
            given = len(addition.triples)
            new = [t for t in addition.triples if not index.contains(t)]
            result = AddResult("nothing-new", None, given, len(new), clock.timings, addition.notes)
            if not new:
                return result
            if len(new) < given:  # one statement, one graph: what the graph holds already is left out
                addition.notes.append(
                    f"{given - len(new)} of the {given} triples are already in the graph; "
                    "they are not added again"
                )
                addition.keep(new)
            result.summary = _summary(addition)
            validate(addition, index, clock.lap)
            if dry_run:
                result.status = "would-add"
                return result
            ext = _merge(base, registry, addition, index, source=source, author=author or default_author())
            clock.lap("merge")
            result.status, result.extension = "added", ext
            return result
        finally:
            index.close()


def _convert(tables: list[tabular.Table], addition: Addition, index: GraphIndex) -> None:
    batch = ox.Store()
    batch.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in addition.triples)
    lookup = Lookup([batch, index.store], lint.facts().supers)
    problems = tabular.convert(tables, lookup, batch, addition)
    if problems:
        raise AdditionRejected(problems, stage="spreadsheet")


def _merge(
    base: Path, registry: Registry, addition: Addition, index: GraphIndex, *, source: str | None, author: str
) -> Extension:
    data = ntriples(addition.triples)
    return _commit(base, registry, index, data, addition.files, len(addition.triples), source, author)


def _commit(
    base: Path,
    registry: Registry,
    index: GraphIndex,
    data: bytes,
    files: list[extensions.InputFile],
    triples: int,
    source: str | None,
    author: str,
    *,
    index_first: bool = False,
) -> Extension:
    digest = extensions.sha256(data)
    stamp = datetime.now(UTC)
    ext_id = f"{stamp:%Y%m%d}-{digest[:8]}"
    known = {e.id for e in registry.extensions}
    ext_id = ext_id if ext_id not in known else f"{stamp:%Y%m%d}-{digest[:16]}"
    ext = Extension(
        id=ext_id,
        added=stamp.isoformat(timespec="seconds").replace("+00:00", "Z"),
        author=author,
        source=source,
        files=tuple(files),
        input_sha256=extensions.inputs_sha256(files),
        data_sha256=digest,
        triples=triples,
    )
    if index_first:  # parses the file before anything is committed (a bad file changes nothing)
        index.put(_source(ext, data), digest)
    new_registry = commit.add(base, registry, ext, data)
    if not index_first:
        try:
            index.put(_source(ext, data), digest)
        except (OSError, RuntimeError):  # a cache: the next run finds the graph missing and loads it
            pass
    commit.checkpoint("index-updated")
    commit.clean(base, new_registry)
    commit.checkpoint("cleaned")
    return ext


def add_unvalidated(path: str, *, author: str, source: str | None = None) -> Extension:
    """Merge an N-Triples file as an extension WITHOUT validating it — for benchmarks and trusted bulk
    imports that were validated elsewhere (``crimekg check``), never for researchers' data.

    Same storage, atomic commit and lock as :func:`add`; the index is brought up to date as well, so the
    next ``add`` does not pay for it.
    """
    file = Path(path)
    if file.suffix.lower() != ".nt":
        raise UsageError("add_unvalidated takes N-Triples (.nt) only", hint="convert the file first")
    data, info = read_bytes(file)
    base = extensions.root()
    with commit.locked(base):
        registry = extensions.read_registry(base)
        same = registry.with_input(extensions.inputs_sha256([info]))
        if same is not None:
            return same
        index = open_index(base, registry)
        try:
            triples = sum(
                1 for line in data.splitlines() if line.strip() and not line.lstrip().startswith(b"#")
            )
            return _commit(base, registry, index, data, [info], triples, source, author, index_first=True)
        finally:
            index.close()


def ntriples(triples: list[ox.Triple]) -> bytes:
    """The triples as sorted N-Triples: the same content always gives the same bytes (and hash)."""
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return ("\n".join(sorted(line for line in text.splitlines() if line.strip())) + "\n").encode("utf-8")


def _summary(addition: Addition) -> list[str]:
    counts: dict[str, int] = {}
    for t in addition.triples:
        if t.predicate == lint.RDF_TYPE and isinstance(t.object, ox.NamedNode):
            name = lint.compact(t.object.value)
            counts[name] = counts.get(name, 0) + 1
    return [f"{n} {name}" for name, n in sorted(counts.items())]


class _Clock:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.timings: dict[str, float] = {}
        self.started = time.perf_counter()

    def lap(self, stage: str, note: str = "") -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self.started
        self.started = now
        self.report(f"{stage:7}{self.timings[stage]:6.2f} s  {note}".rstrip())


# --- removing ------------------------------------------------------------------------------------------


def remove(ext_id: str, *, report: Report = lambda line: None) -> Extension:
    """Unlist one extension and delete its graph, unless another extension relies on what it defines."""
    base = extensions.root()
    with commit.locked(base, wait_message="waiting for another crimekg add or remove to finish …"):
        registry = extensions.read_registry(base)
        ext = registry.get(ext_id)
        commit.clean(base, registry)
        index = open_index(base, registry)
        try:
            users = index.dependents(ext.graph_iri)
            if users:
                problems = [
                    Violation(
                        graph.removeprefix(GRAPH_BASE),
                        lint.show(user),
                        f"uses {lint.show(node)}, which only "
                        f"extension {ext.id} describes; remove that extension first",
                        "remove",
                    )
                    for node, user, graph in users
                ]
                raise AdditionRejected(problems, stage="dependency")
            new_registry = commit.remove(base, registry, ext)
            index.drop(ext.graph_iri)
            commit.checkpoint("index-updated")
            commit.clean(base, new_registry)
            commit.checkpoint("cleaned")
        finally:
            index.close()
    report(f"removed extension {ext.id} ({ext.triples} triples)")
    return ext
