"""`crimekg check` as a library: load → SHACL → OWL → QC, with the time of each stage.

>>> from graph_data.loader import ontology_sources
>>> report = run_check(ontology_sources(), skip=("owl",), report=lambda line: None)
>>> report.ok, sorted(report.timings)
(True, ['load', 'qc', 'shacl'])

The QC stage runs every ``queries/qc/*-violation.rq`` on the union of the named graphs. A QC query
selects ``?focus`` (the node that breaks the rule) and may select ``?message`` and ``?path``; without
``?message`` the query's ``#+ summary:`` line is the message. Each row is one violation, so a query that
returns rows fails the check. Adding a file adds a live check.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from importlib import resources

import pyoxigraph as ox
import rdflib

from graph_data.convert import term_to_rdflib, to_rdflib
from graph_data.loader import GRAPH_BASE, Source, all_sources, parse
from ontology.errors import CrimekgError, Violation
from ontology.reasoning import owl_violations
from ontology.validation import compact, shacl_violations

__all__ = [
    "CheckReport",
    "STAGES",
    "owl_violations",
    "qc_queries",
    "qc_violations",
    "run_check",
    "shacl_violations",
]

STAGES = ("shacl", "owl", "qc")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


@dataclass
class CheckReport:
    """What a check found: every violation (each names its rule), the seconds per stage, and counts."""

    violations: list[Violation]
    timings: dict[str, float]
    counts: dict[str, int] = field(default_factory=dict)  # violations per stage
    triples: int = 0
    files: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class QcQuery:
    name: str  # the file name, e.g. provision-cycle-violation.rq
    summary: str
    text: str


def qc_queries() -> list[QcQuery]:
    """Every ``queries/qc/*-violation.rq``, by name."""
    folder = resources.files("queries") / "qc"
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith("-violation.rq"):
            text = entry.read_text(encoding="utf-8")
            summary = next(
                (
                    line.split(":", 1)[1].strip()
                    for line in text.splitlines()
                    if line.startswith("#+ summary:")
                ),
                entry.name,
            )
            found.append(QcQuery(entry.name, summary, text))
    return found


def qc_violations(
    store: ox.Store, *, origin: Callable[[rdflib.term.Node], str] | None = None
) -> list[Violation]:
    """Run every QC query on the union graph of ``store``; each row is a Violation named for its file."""
    where = origin or store_origin(store)
    violations = []
    for query in qc_queries():
        try:
            rows = store.query(query.text, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise CrimekgError(f"queries/qc/{query.name}: the query does not parse: {error}") from None
        for row in rows:
            focus = row["focus"]
            message = row["message"].value if _bound(row, "message") else query.summary
            path = compact(term_to_rdflib(row["path"])) if _bound(row, "path") else ""
            violations.append(
                Violation(where(term_to_rdflib(focus)), _store_name(store, focus), message, query.name, path)
            )
    return violations


def _bound(row: ox.QuerySolution, variable: str) -> bool:
    try:
        return row[variable] is not None
    except KeyError:
        return False


def _store_name(store: ox.Store, node: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if node is None:
        return "(no node)"
    if isinstance(node, ox.Literal):
        return str(node)
    labels = [q.object for q in store.quads_for_pattern(node, RDFS_LABEL, None, None)]
    english = next((lab.value for lab in labels if lab.language == "en"), labels[0].value if labels else None)
    shown = f"<{node.value}>" if isinstance(node, ox.NamedNode) else f"_:{node.value}"
    return f"{english} {shown}" if english else shown


def store_origin(store: ox.Store) -> Callable[[rdflib.term.Node], str]:
    """Name the named graph a node is described in (``seed/linkages``), for a store without file names."""

    def origin(node: rdflib.term.Node) -> str:
        if not isinstance(node, rdflib.URIRef):
            return "graph"
        for quad in store.quads_for_pattern(ox.NamedNode(str(node)), None, None, None):
            graph = quad.graph_name
            if isinstance(graph, ox.NamedNode):
                return graph.value.removeprefix(GRAPH_BASE)
        return "graph"

    return origin


class _Origins:
    """Which file each node comes from: where it is a subject, else where it is first used."""

    def __init__(self) -> None:
        self.subjects: dict[rdflib.term.Node, str] = {}
        self.objects: dict[rdflib.term.Node, str] = {}
        self.statements: dict[tuple, str] = {}

    def add(self, source: Source, triple: tuple, is_ontology: bool) -> None:
        s, _, o = triple
        if s not in self.subjects or (not is_ontology and self.subjects[s].startswith("ontology/")):
            self.subjects[s] = source.name
        self.objects.setdefault(o, source.name)
        self.statements.setdefault(triple, source.name)

    def __call__(self, node: rdflib.term.Node) -> str:
        return self.subjects.get(node) or self.objects.get(node) or "graph"

    def of_statement(self, triple: tuple) -> str:
        """The file a statement comes from (a clash names the files of the statements that clash)."""
        return self.statements.get(triple, "graph")


def run_check(
    sources: list[Source] | None = None,
    *,
    report: Callable[[str], None] = print,
    skip: Collection[str] = (),
) -> CheckReport:
    """Load the sources (default: ontology, seed graph and extensions), then SHACL, OWL and QC.

    Raises LoadError when a file cannot be parsed; every rule that fails is a Violation in the report.
    ``report`` receives one line per stage with its time.
    """
    sources = all_sources() if sources is None else sources
    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    started = time.perf_counter()
    store, graph, origins = ox.Store(), rdflib.Graph(), _Origins()
    for source in sources:
        quads = list(parse(source))
        store.extend(quads)
        is_ontology = source.graph_iri == GRAPH_BASE + "ontology"
        for quad in quads:
            triple = to_rdflib(quad.triple)
            graph.add(triple)
            origins.add(source, triple, is_ontology)
    timings["load"] = time.perf_counter() - started
    report(f"load   {timings['load']:6.2f} s  {len(graph)} triples from {len(sources)} file(s)")
    violations: list[Violation] = []
    stages: dict[str, Callable[[], list[Violation]]] = {
        "shacl": lambda: shacl_violations(graph, origin=origins),
        "owl": lambda: owl_violations(
            graph, origin=origins, statement_origin=origins.of_statement, report=report
        ),
        "qc": lambda: qc_violations(store, origin=origins),
    }
    skipped = [stage for stage in STAGES if stage in skip]
    for stage in STAGES:
        if stage in skipped:
            report(f"{stage:6}   skipped")
            continue
        started = time.perf_counter()
        found = stages[stage]()
        timings[stage] = time.perf_counter() - started
        counts[stage] = len(found)
        violations += found
        report(f"{stage:6} {timings[stage]:6.2f} s  {_count(found)}")
    return CheckReport(violations, timings, counts, len(graph), len(sources), skipped)


def _count(found: Iterable[Violation]) -> str:
    n = len(list(found))
    return "ok" if n == 0 else f"{n} violation(s)"
