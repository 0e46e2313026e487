"""``crimekg add`` and ``crimekg extensions remove`` as a library: validate, then merge all or nothing.

Pipeline of :func:`add`: read the files (RDF, or spreadsheets through the templates) → terms and values
(:mod:`queries.lint`) and SHACL → OWL consistency (HermiT) → QC queries → merge (see
:mod:`graph_data.extensions` for the commit protocol). The first stage that finds a problem stops the
run with :class:`AdditionRejected` (exit 1) and nothing changes; a file that cannot be read is a
LoadError (exit 2).

Scope of validation. Every stage sees the addition, the statements the graph already holds about the
nodes the addition mentions and about the nodes those point to (two steps out, outgoing edges), the
types and labels one step further, and the whole ontology — not the whole graph
(:meth:`graph_data.index.GraphIndex.neighbourhood`). The rules are local: a shape looks at a node and
the values it points to; a clash needs the node's other statements. So the neighbourhood holds
everything that can make the addition break a rule, and its size follows the addition, not the graph
(a million-triple graph costs HermiT no more than the seed graph does). OWL entailment is monotonic,
so a clash in the neighbourhood is a clash in the whole graph. SHACL and QC are not monotonic: a
neighbourhood cut from a valid graph can break a rule at its edge (a node whose citation lies three
steps away), so only the results that the neighbourhood *without* the addition does not also give are
the addition's.
"""

from __future__ import annotations

import getpass
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import rdflib

import ontology
from graph_data import extensions, tabular
from graph_data.addition import Addition, Where, parse_rdf, read_bytes
from graph_data.convert import to_rdflib
from graph_data.extensions import Extension, Registry
from graph_data.index import GraphIndex, package_expectations
from graph_data.loader import GRAPH_BASE, Source, ontology_sources, parse
from graph_data.lookup import Lookup
from ontology.errors import LoadError, UsageError, ValidationFailed, Violation
from queries import lint

PENDING = ox.NamedNode(GRAPH_BASE + "extension/pending")
Report = Callable[[str], None]


class AdditionRejected(ValidationFailed):
    """The addition breaks rules; nothing was changed. Lists each problem with where to fix it."""

    def __init__(self, violations: list[Violation], *, stage: str) -> None:
        violations = sorted(dict.fromkeys(violations), key=_natural)
        super().__init__(violations, stage=stage)
        lines = [f"{len(violations)} problem(s) found by the {stage} check; nothing was added"]
        lines += [f"  - {render(v)}" for v in violations]
        self.message = "\n".join(lines)
        self.args = (self.message,)


def _natural(v: Violation) -> list:
    """Order by file, then line or row as numbers (row 10 after row 9)."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", v.source)] + [v.focus, v.rule, v.message]


def render(v: Violation) -> str:
    """``where: what [property]: message (rule)`` — the form a researcher can act on."""
    prop = f" [{v.path}]" if v.path and v.path not in v.message else ""
    parts = [v.source] + ([v.focus + prop] if v.focus else [])
    rule = f" ({v.rule})" if v.rule and v.rule != "template" else ""
    return ": ".join([*parts, v.message]) + rule


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
    report: Report = print,
) -> AddResult:
    """Validate the files and merge them as one new extension (named graph), or change nothing."""
    clock = _Clock(report)
    addition, tables = read_inputs(paths)
    clock.lap("read", f"{len(paths)} file(s)")
    input_hash = extensions.inputs_sha256(addition.files)
    base = extensions.root()
    with extensions.locked(base, wait_message="waiting for another crimekg add or remove to finish …"):
        registry = extensions.read_registry(base)
        same = registry.with_input(input_hash)
        if same is not None:
            return AddResult("already-added", same, same.triples, 0, clock.timings)
        if not dry_run:
            extensions.clean(base, registry)
        index = open_index(base, registry)
        try:
            clock.lap("index")
            if tables:
                _convert(tables, addition, index)
                clock.lap("sheets", f"{sum(len(t.rows) for t in tables)} row(s)")
            if not addition.triples:
                raise LoadError("there is nothing to add: no rows and no triples", path=paths[0])
            new = [t for t in addition.triples if not index.contains(t)]
            result = AddResult(
                "nothing-new", None, len(addition.triples), len(new), clock.timings, addition.notes
            )
            result.summary = _summary(addition)
            if not new:
                return result
            validate(addition, index, clock)
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
    base: Path, registry: Registry, addition: Addition, index: GraphIndex, *, source, author
) -> Extension:
    data = ntriples(addition.triples)
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
        files=tuple(addition.files),
        input_sha256=extensions.inputs_sha256(addition.files),
        data_sha256=digest,
        triples=len(addition.triples),
    )
    new_registry = extensions.commit_add(base, registry, ext, data)
    index.put(_source(ext, data), digest)
    extensions.checkpoint("index-updated")
    extensions.clean(base, new_registry)
    return ext


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


# --- validation ----------------------------------------------------------------------------------------


@dataclass
class Scope:
    """The addition, the neighbourhood the graph gives it, and how to name where anything came from."""

    addition: Addition
    around: list[ox.Quad]

    def whence(self, node: ox.Term, predicate: ox.NamedNode | None = None) -> str:
        where = self.addition.where(node, predicate)
        if where is not None:
            return str(_with_column(where, predicate))
        for quad in self.around:
            if quad.subject == node and isinstance(quad.graph_name, ox.NamedNode):
                return quad.graph_name.value.removeprefix(GRAPH_BASE)
        return "graph"

    def name(self, iri: str) -> str:
        """``ckr:x "its label"``: how a node is shown in messages."""
        node = ox.NamedNode(iri)
        labels = [
            t.object for t in self.addition.triples if t.subject == node and t.predicate == lint.RDFS_LABEL
        ]
        labels += [q.object for q in self.around if q.subject == node and q.predicate == lint.RDFS_LABEL]
        label = next((x.value for x in labels if isinstance(x, ox.Literal)), None)
        return lint.compact(iri) + (f' "{label}"' if label else "")

    def named(self, found: list[Violation]) -> list[Violation]:
        """Every focus written the same way, whichever stage reported it."""
        named = []
        for v in found:
            match = _IRI_IN_FOCUS.search(v.focus)
            iri = match.group(1) if match else _expand(v.focus)
            named.append(Violation(v.source, self.name(iri), v.message, v.rule, v.path) if iri else v)
        return named

    def origin(self, node: rdflib.term.Node) -> str:
        from graph_data.convert import term_to_oxigraph

        return self.whence(term_to_oxigraph(node)) if not isinstance(node, rdflib.Literal) else "graph"

    def facts(self) -> list[lint.Fact]:
        old = [
            lint.Fact(q.triple, q.graph_name.value.removeprefix(GRAPH_BASE), False)
            for q in self.around
            if isinstance(q.graph_name, ox.NamedNode)
        ]
        new = [lint.Fact(t, self.whence(t.subject, t.predicate), True) for t in self.addition.triples]
        return old + new

    def graph(self, *, with_addition: bool) -> rdflib.Graph:
        graph = rdflib.Graph()
        for quad in self.around:
            graph.add(to_rdflib(quad.triple))
        if with_addition:
            for triple in self.addition.triples:
                graph.add(to_rdflib(triple))
        return graph

    def store(self, *, with_addition: bool) -> ox.Store:
        store = ox.Store()
        store.extend(_ontology_quads())
        store.extend(q for q in self.around if isinstance(q.graph_name, ox.NamedNode))
        if with_addition:
            store.extend(ox.Quad(t.subject, t.predicate, t.object, PENDING) for t in self.addition.triples)
        return store


def _with_column(where: Where, predicate: ox.NamedNode | None) -> Where:
    if where.template and predicate is not None and not where.column:
        column = tabular.column_of(where.template, predicate.value)
        if column:
            return Where(where.file, where.line, where.row, column, where.template)
    return where


_ONTOLOGY: list[ox.Quad] = []


def _ontology_quads() -> list[ox.Quad]:
    if not _ONTOLOGY:
        for source in ontology_sources():
            _ONTOLOGY.extend(parse(source))
    return _ONTOLOGY


def validate(addition: Addition, index: GraphIndex, clock: _Clock) -> None:
    """Every check of the addition in its neighbourhood; AdditionRejected at the first stage that fails."""
    from queries import validate as checks

    nodes = {t.subject for t in addition.triples} | {t.object for t in addition.triples}
    scope = Scope(addition, index.neighbourhood(nodes))
    clock.lap("scope", f"{len(addition.triples)} triple(s) + {len(scope.around)} around them")

    triples = addition.triples
    where_node = lambda node: str(addition.where(node) or "your addition")  # noqa: E731
    problems = lint.unknown_terms(triples, where_node)
    problems += lint.literals(triples, lambda s, p: scope.whence(s, p))
    problems += lint.dangling(
        triples, lambda iri: index.contains_subject(iri), lambda: index.subjects_in(ontology.CKR), where_node
    )
    facts = scope.facts()
    problems += lint.functional_clashes(facts) + lint.type_clashes(facts)
    clock.lap("terms", _count(problems))
    shacl = _new_only(
        lambda graph: _placed(checks.shacl_violations(graph, origin=scope.origin), scope), scope, "graph"
    )
    clock.lap("shacl", _count(shacl))
    if problems or shacl:
        raise AdditionRejected(
            scope.named(problems + shacl), stage="terms and shapes" if problems else "SHACL"
        )

    owl = checks.owl_violations(scope.graph(with_addition=True), origin=scope.origin)
    if owl:
        before = {(v.rule, v.focus) for v in checks.owl_violations(scope.graph(with_addition=False))}
        owl = [v for v in owl if (v.rule, v.focus) not in before] or _already_inconsistent(owl)
    clock.lap("owl", _count(owl))
    if owl:
        raise AdditionRejected(scope.named(owl), stage="OWL (HermiT)")

    qc = _new_only(
        lambda store: _placed(checks.qc_violations(store, origin=scope.origin), scope), scope, "store"
    )
    clock.lap("qc", _count(qc))
    if qc:
        raise AdditionRejected(scope.named(qc), stage="QC")


def _new_only(run: Callable, scope: Scope, kind: str) -> list[Violation]:
    """The violations the addition brings: those of the neighbourhood with it, not also without it."""
    make = scope.graph if kind == "graph" else scope.store
    found = run(make(with_addition=True))
    if not found:
        return []
    before = {(v.rule, v.focus, v.path) for v in run(make(with_addition=False))}
    return [v for v in found if (v.rule, v.focus, v.path) not in before]


def _already_inconsistent(found: list[Violation]) -> list[Violation]:
    note = Violation(
        "graph", "", "the graph is inconsistent even without your addition; run `crimekg check`", "owl"
    )
    return [note, *found]


_IRI_IN_FOCUS = re.compile(r"<([^<>]+)>$")


def _expand(name: str) -> str | None:
    prefix, _, local = name.partition(":")
    return ontology.PREFIXES[prefix] + local if local and prefix in ontology.PREFIXES else None


def _placed(found: list[Violation], scope: Scope) -> list[Violation]:
    """Put each result of a node from a spreadsheet row in its column (ckg:prevalence → prevalence)."""
    placed = []
    for v in found:
        match = _IRI_IN_FOCUS.search(v.focus)
        if match and v.path:
            prefix, _, local = v.path.partition(":")
            predicate = ontology.PREFIXES.get(prefix, "") + local if prefix in ontology.PREFIXES else None
            if predicate:
                where = scope.whence(ox.NamedNode(match.group(1)), ox.NamedNode(predicate))
                v = Violation(where, v.focus, v.message, v.rule, v.path)
        placed.append(v)
    return placed


def _count(found: list) -> str:
    return "ok" if not found else f"{len(found)} problem(s)"


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


def remove(ext_id: str, *, report: Report = print) -> Extension:
    """Unlist one extension and delete its graph, unless another extension relies on what it defines."""
    base = extensions.root()
    with extensions.locked(base, wait_message="waiting for another crimekg add or remove to finish …"):
        registry = extensions.read_registry(base)
        ext = registry.get(ext_id)
        extensions.clean(base, registry)
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
            new_registry = extensions.commit_remove(base, registry, ext)
            index.drop(ext.graph_iri)
            extensions.checkpoint("index-updated")
            extensions.clean(base, new_registry)
        finally:
            index.close()
    report(f"removed extension {ext.id} ({ext.triples} triples)")
    return ext
