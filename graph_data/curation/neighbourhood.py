"""Validating an addition in its neighbourhood: the stages of ``crimekg add`` between reading and merging.

Scope. Every stage sees the addition, what the graph already says about the nodes the addition
mentions and about the nodes those point to (two steps out along outgoing edges), the types and labels
one step further (:meth:`graph_data.curation.index.GraphIndex.neighbourhood`), and the whole ontology —
never the whole graph. The rules are local: a shape looks at a node and the values it points to; a clash
needs the node's other statements. So the neighbourhood holds what can make the addition break a rule, and its
size follows the addition, not the graph: a million-triple graph costs the reasoner no more than the seed.

- OWL entailment is monotonic: a clash found in the neighbourhood is a clash in the whole graph.
- SHACL runs with the addition's nodes (and the nodes it points at) as focus nodes (pySHACL
  ``focus_nodes``): the ontology's own terms and untouched neighbours are not re-validated on every add.
- QC queries and SHACL are not monotonic: a neighbourhood cut from a valid graph can break a rule at its
  edge (a node whose citation lies three steps away). Only results that the neighbourhood *without* the
  addition does not also give count as the addition's.

For larger additions HermiT runs in a second thread while SHACL runs (the reasoner is a Java process, so
the two overlap); it never starts when the cheap term checks already failed.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib

import ontology
from graph_data.curation import lint, tabular
from graph_data.curation.addition import Addition, Where
from graph_data.curation.index import GraphIndex
from graph_data.loader import GRAPH_BASE, ontology_sources, parse
from ontology.convert import term_to_rdflib
from ontology.errors import ValidationFailed, Violation

PENDING = ox.NamedNode(GRAPH_BASE + "extension/pending")
#: From this many triples on, HermiT runs while SHACL does (on success that saves about the SHACL time);
#: below it they run one after the other, so that a SHACL failure is reported without waiting for Java.
PARALLEL_FROM = 300
SKOLEM = "urn:crimekg:blank:"
_IRI_IN_FOCUS = re.compile(r"<([^<>]+)>$")


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
    """``where: node [property]: message (rule)`` — the form a researcher can act on."""
    prop = f" [{v.path}]" if v.path and v.path not in v.message else ""
    parts = [v.source] + ([v.focus + prop] if v.focus else [])
    rule = f" ({v.rule})" if v.rule and v.rule != "template" else ""
    return ": ".join([*parts, v.message]) + rule


@dataclass
class Scope:
    """The addition, the neighbourhood the graph gives it, and how to say where anything came from."""

    addition: Addition
    around: list[ox.Quad]
    _graph_of: dict[ox.Term, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for quad in self.around:
            if isinstance(quad.graph_name, ox.NamedNode):
                self._graph_of.setdefault(quad.subject, quad.graph_name.value.removeprefix(GRAPH_BASE))

    def whence(self, node: ox.Term, predicate: ox.NamedNode | None = None) -> str:
        where = self.addition.where(node, predicate)
        if where is not None:
            return str(_with_column(where, predicate))
        return self._graph_of.get(node, "graph")

    def origin(self, node: rdflib.term.Node) -> str:
        """For the validators: the file (and line, row, column) or graph a node comes from."""
        if isinstance(node, rdflib.Literal):
            return "graph"
        if isinstance(node, rdflib.URIRef) and str(node).startswith(SKOLEM):
            return self.whence(ox.BlankNode(str(node)[len(SKOLEM) :]))
        if isinstance(node, rdflib.BNode):
            return self.whence(ox.BlankNode(str(node)))
        return self.whence(ox.NamedNode(str(node)))

    def name(self, iri: str) -> str:
        """``ckr:x "its label"``: how a node is shown in messages."""
        if iri.startswith(SKOLEM):
            return "a blank node"
        node = ox.NamedNode(iri)
        labels = [
            t.object for t in self.addition.triples if t.subject == node and t.predicate == lint.RDFS_LABEL
        ]
        labels += [q.object for q in self.around if q.subject == node and q.predicate == lint.RDFS_LABEL]
        label = next((x.value for x in labels if isinstance(x, ox.Literal)), None)
        return lint.compact(iri) + (f' "{label}"' if label else "")

    def named(self, found: list[Violation]) -> list[Violation]:
        """Every node written the same way whichever stage reported it; results put in their column."""
        named = []
        for v in found:
            match = _IRI_IN_FOCUS.search(v.focus)
            iri = match.group(1) if match else _expand(v.focus)
            if iri is None:
                named.append(v)
                continue
            source = v.source
            predicate = _expand(v.path) if v.path else None
            node = ox.BlankNode(iri[len(SKOLEM) :]) if iri.startswith(SKOLEM) else ox.NamedNode(iri)
            if predicate and self.addition.where(node) is not None:
                source = self.whence(node, ox.NamedNode(predicate))
            message = v.message.replace(f"<{PENDING.value}>", "your addition")
            named.append(Violation(source, self.name(iri), message, v.rule, v.path))
        return named

    def facts(self) -> list[lint.Fact]:
        old = [
            lint.Fact(q.triple, q.graph_name.value.removeprefix(GRAPH_BASE), False)
            for q in self.around
            if isinstance(q.graph_name, ox.NamedNode)
        ]
        new = [lint.Fact(t, self.whence(t.subject, t.predicate), True) for t in self.addition.triples]
        return old + new

    def graph(self, *, with_addition: bool, skolem: bool = False) -> rdflib.Graph:
        """The neighbourhood (and the addition) as rdflib; ``skolem``: the addition's blank nodes as IRIs."""
        graph = rdflib.Graph()
        for quad in self.around:
            graph.add(_rdflib(quad.triple, False))
        if with_addition:
            for triple in self.addition.triples:
                graph.add(_rdflib(triple, skolem))
        return graph

    def focus(self) -> list[str]:
        """The focus nodes of the SHACL stage: every node the addition describes or points at.

        The nodes pointed at are there because pySHACL (0.40) applies ``focus_nodes`` also inside
        ``sh:node`` / ``sh:or`` on value nodes: a value outside the list would never be checked against
        its scheme. Results on them that the neighbourhood alone also gives are not the addition's.
        """
        nodes = {t.subject for t in self.addition.triples}
        nodes |= {t.object for t in self.addition.triples if not isinstance(t.object, ox.Literal)}
        return sorted(SKOLEM + n.value if isinstance(n, ox.BlankNode) else n.value for n in nodes)

    def store(self, *, with_addition: bool) -> ox.Store:
        store = ox.Store()
        store.extend(_ontology_quads())
        store.extend(q for q in self.around if isinstance(q.graph_name, ox.NamedNode))
        if with_addition:
            store.extend(ox.Quad(t.subject, t.predicate, t.object, PENDING) for t in self.addition.triples)
        return store


def _rdflib(triple: ox.Triple, skolem: bool) -> tuple:
    def term(t: ox.Term) -> rdflib.term.Node:
        if skolem and isinstance(t, ox.BlankNode):
            return rdflib.URIRef(SKOLEM + t.value)
        return term_to_rdflib(t)

    return term(triple.subject), term(triple.predicate), term(triple.object)


def _with_column(where: Where, predicate: ox.NamedNode | None) -> Where:
    if where.template and predicate is not None and not where.column:
        column = tabular.column_of(where.template, predicate.value)
        if column:
            return Where(where.file, where.line, where.row, column, where.template)
    return where


def _expand(name: str) -> str | None:
    prefix, _, local = name.partition(":")
    return ontology.PREFIXES[prefix] + local if local and prefix in ontology.PREFIXES else None


_ONTOLOGY: list[ox.Quad] = []


def _ontology_quads() -> list[ox.Quad]:
    if not _ONTOLOGY:
        for source in ontology_sources():
            _ONTOLOGY.extend(parse(source))
    return _ONTOLOGY


# --- the stages ----------------------------------------------------------------------------------------


def validate(addition: Addition, index: GraphIndex, lap: Callable[[str, str], None]) -> None:
    """Every check of the addition in its neighbourhood; AdditionRejected at the first stage that fails."""
    nodes = {t.subject for t in addition.triples} | {t.object for t in addition.triples}
    scope = Scope(addition, index.neighbourhood(nodes))
    lap("scope", f"{len(addition.triples)} triple(s) + {len(scope.around)} around them")
    problems = terms_stage(scope, index)
    lap("terms", _count(problems))
    parallel = not problems and len(addition.triples) >= PARALLEL_FROM
    owl = _Background(lambda: owl_stage(scope)) if parallel else None
    shacl = _new_only(lambda with_addition: shacl_stage(scope, with_addition=with_addition))
    lap("shacl", _count(shacl))
    if problems or shacl:
        if owl is not None:
            owl.result()  # let the reasoner finish cleanly; its answer is not needed
        stage = "terms and shapes" if problems else "SHACL"
        raise AdditionRejected(scope.named(problems + shacl), stage=stage)
    found = owl.result() if owl is not None else owl_stage(scope)
    lap("owl", _count(found))
    if found:
        raise AdditionRejected(scope.named(found), stage="OWL (HermiT)")

    qc = _new_only(lambda with_addition: qc_stage(scope, with_addition=with_addition))
    lap("qc", _count(qc))
    if qc:
        raise AdditionRejected(scope.named(qc), stage="QC")


def terms_stage(scope: Scope, index: GraphIndex) -> list[Violation]:
    triples, addition = scope.addition.triples, scope.addition

    def where_node(node: ox.Term) -> str:
        return str(addition.where(node) or "your addition")

    problems = lint.unknown_terms(triples, where_node)
    problems += lint.literals(triples, scope.whence)
    problems += lint.dangling(
        triples, index.contains_subject, lambda: index.subjects_in(ontology.CKR), where_node
    )
    facts = scope.facts()
    return problems + lint.functional_clashes(facts) + lint.type_clashes(facts)


def shacl_stage(scope: Scope, *, with_addition: bool) -> list[Violation]:
    """pySHACL with the shapes, on the neighbourhood (+ addition) + ontology, focused on the addition."""
    from ontology.validation import shacl_violations

    graph = scope.graph(with_addition=with_addition, skolem=True)
    return shacl_violations(graph, origin=scope.origin, focus_nodes=scope.focus())


def owl_stage(scope: Scope) -> list[Violation]:
    """HermiT on the neighbourhood + addition + ontology; results the neighbourhood alone has are not new."""
    from graph_data.curation.check import owl_violations

    found = owl_violations(scope.graph(with_addition=True), origin=scope.origin, max_runs=8)
    if not found:
        return []
    before = {(v.rule, v.focus) for v in owl_violations(scope.graph(with_addition=False), max_runs=8)}
    new = [v for v in found if (v.rule, v.focus) not in before]
    if new:
        return new
    note = Violation(
        "graph", "", "the graph is inconsistent even without your addition; run `crimekg check`", "owl"
    )
    return [note, *found]


def qc_stage(scope: Scope, *, with_addition: bool) -> list[Violation]:
    from graph_data.curation.check import qc_violations

    return qc_violations(scope.store(with_addition=with_addition), origin=scope.origin)


def _new_only(run: Callable[[bool], list[Violation]]) -> list[Violation]:
    """The violations the addition brings: those with it that the neighbourhood alone does not give."""
    found = run(True)
    if not found:
        return []
    before = {(v.rule, v.focus, v.path) for v in run(False)}
    return [v for v in found if (v.rule, v.focus, v.path) not in before]


def _count(found: list) -> str:
    return "ok" if not found else f"{len(found)} problem(s)"


class _Background:
    """Run a stage in a thread; :meth:`result` waits for it and re-raises what it raised."""

    def __init__(self, work: Callable[[], list[Violation]]) -> None:
        self._result: list[Violation] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), name="crimekg-owl", daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[], list[Violation]]) -> None:
        try:
            self._result = work()
        except BaseException as error:  # noqa: BLE001 - handed to the caller by result()
            self._error = error

    def result(self) -> list[Violation]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result
