"""`crimekg check` as a library: load → SHACL → OWL → QC, with the time of each stage.

>>> from graph_data.loader import ontology_sources
>>> report = run_check(ontology_sources(), skip=("owl",), report=lambda line: None)
>>> report.ok, sorted(report.timings)
(True, ['load', 'qc', 'shacl'])

The QC stage runs every ``ontology/qc/*-violation.rq`` (see :mod:`ontology.qc`) on the union of the
named graphs; each row is one violation, so a query that returns rows fails the check.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib

from graph_data.loader import GRAPH_BASE, Source, all_sources, parse
from ontology.convert import to_rdflib
from ontology.errors import Violation
from ontology.qc import qc_queries, qc_violations, store_origin
from ontology.reasoning import owl_violations
from ontology.validation import shacl_violations

__all__ = [
    "CheckReport",
    "STAGES",
    "owl_violations",
    "qc_queries",
    "qc_violations",
    "run_check",
    "shacl_violations",
    "store_origin",
]

STAGES = ("shacl", "owl", "qc")


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
