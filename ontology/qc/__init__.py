"""QC rules: SPARQL queries named ``*-violation.rq`` beside this module, each of which must return no rows.

A QC query selects ``?focus`` (the node that breaks the rule) and may select ``?message`` and ``?path``;
without ``?message`` the query's ``#+ summary:`` line is the message. Each row is one violation, so a
query that returns rows fails ``crimekg check``. Adding a file adds a live check (the ODK convention: the
rules sit beside the ontology they guard).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

import pyoxigraph as ox
import rdflib

from ontology import GRAPH_BASE
from ontology.convert import term_to_rdflib
from ontology.errors import CrimekgError, Violation
from ontology.validation import compact

__all__ = ["QcQuery", "qc_queries", "qc_violations", "store_origin"]

RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


@dataclass(frozen=True)
class QcQuery:
    name: str  # the file name, e.g. provision-cycle-violation.rq
    summary: str
    text: str


def qc_queries() -> list[QcQuery]:
    """Every ``ontology/qc/*-violation.rq``, by name."""
    folder = resources.files(__name__)
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
            raise CrimekgError(f"ontology/qc/{query.name}: the query does not parse: {error}") from None
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
