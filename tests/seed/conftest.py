"""Shared helpers of the seed-graph tests: the whole graph in a real store, and rows as plain strings.

Tests ask a competency question in SPARQL and compare the answer with rows written from reading the
paper::

    def test_challenge_dates(store, rows):
        assert rows(store, "SELECT ?c ?d WHERE { ?c ckg:discussionDate ?d }") == [
            ("ckr:challenge-a", "2021-10-19"), ...
        ]

``rows`` declares the project prefixes (ckg, ckr, rdf, rdfs, owl, xsd, skos, prov, dcterms, vann, eli),
runs the query over the union of all named graphs, shortens IRIs in the ckr: and ckg: namespaces, gives
literals as their lexical value (no language tag or datatype), an unbound variable as "" and returns the
rows sorted, so expected answers can be written in any order of thought but compared exactly.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest

from graph_data.loader import load_store
from ontology import CKG, CKR, PREFIXES

PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())

SHORT_FORMS = (("ckr:", CKR), ("ckg:", CKG))


def plain(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """One result value as a plain string: ckr:/ckg: IRIs shortened, literals lexical, unbound as ""."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for short, long in SHORT_FORMS:
            if term.value.startswith(long):
                return short + term.value[len(long) :]
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(term)


def select_rows(store: ox.Store, sparql: str) -> list[tuple[str, ...]]:
    """The rows of a SELECT query over the union graph, each a tuple of plain strings, sorted."""
    solutions = store.query(PROLOGUE + sparql, use_default_graph_as_union=True)
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError("rows() needs a SELECT query")
    names = [variable.value for variable in solutions.variables]
    return sorted(tuple(plain(solution[name]) for name in names) for solution in solutions)


def ask(store: ox.Store, sparql: str) -> bool:
    """The answer of an ASK query over the union graph."""
    return bool(store.query(PROLOGUE + sparql, use_default_graph_as_union=True))


@pytest.fixture(scope="session")
def store() -> ox.Store:
    """The whole graph (ontology, seed files, extensions) in an in-memory pyoxigraph store."""
    return load_store()


@pytest.fixture(scope="session", name="rows")
def rows_fixture() -> Callable[[ox.Store, str], list[tuple[str, ...]]]:
    """``rows(store, sparql)``: see :func:`select_rows`."""
    return select_rows


@pytest.fixture(scope="session", name="ask")
def ask_fixture() -> Callable[[ox.Store, str], bool]:
    """``ask(store, sparql)``: see :func:`ask`."""
    return ask
