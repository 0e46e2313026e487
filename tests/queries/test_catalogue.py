"""Every catalogue query is well formed: it parses, declares its question, tags and parameters, orders
its rows, and answers the same on the embedded store and on a real `oxigraph serve` as its golden."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from queries_goldens import existing_golden, mismatch, serialize

from queries import catalog
from queries.sparql_text import outline, tokens

QUERIES = catalog.catalogue()
NAMES = [query.name for query in QUERIES]
RESERVED = {"store", "graph"}  # keyword arguments of queries.api.rows()


def test_catalogue_has_at_least_25_questions_besides_the_derivations() -> None:
    assert len([n for n in NAMES if not n.startswith("derive-")]) >= 25


def test_catalogue_names_are_unique_and_lowercase_hyphenated() -> None:
    assert len(set(NAMES)) == len(NAMES)
    assert len({n.lower() for n in NAMES}) == len(NAMES)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) for name in NAMES)


def test_catalogue_includes_the_three_derivations() -> None:
    assert {"derive-linked-with", "derive-provision-addresses", "derive-sold-via"} <= set(NAMES)


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_query_parses(query: catalog.CatalogQuery) -> None:
    try:
        ox.Store().query(query.text)  # no default prefixes: each file declares the prefixes it uses
    except SyntaxError as error:
        pytest.fail(f"{query.name}.rq: {error}")


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_query_header_states_summary_tags_and_params(query: catalog.CatalogQuery) -> None:
    assert "?" in query.summary, f"{query.name}: the summary states the question (with a question mark)"
    assert query.tags, f"{query.name}: #+ tags: is missing or empty"
    assert "params" in query.fields, f"{query.name}: #+ params: is missing (write it empty for none)"


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_query_parameters_are_variables_of_the_query(query: catalog.CatalogQuery) -> None:
    variables = {tok.text[1:] for tok in tokens(query.text) if tok.kind == "var"}
    for param in query.params:
        assert param.name in variables, f"{query.name}: parameter {param.name} is not a variable of the query"
        assert param.name not in RESERVED, f"{query.name}: {param.name} clashes with rows(store=, graph=)"
        assert param.required or param.default is not None or param.optional
    catalog.bind(query, {})  # defaults have the right kind


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_select_queries_have_an_order_by(query: catalog.CatalogQuery) -> None:
    shape = outline(query.text)
    if shape.form != "SELECT":
        return
    assert shape.where_close is not None
    after = [tok.text.upper() for tok in tokens(query.text[shape.where_close :])]
    assert any(a == "ORDER" and b == "BY" for a, b in zip(after, after[1:], strict=False)), (
        f"{query.name}: a SELECT needs a stable ORDER BY after its WHERE clause"
    )


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_embedded_answer_matches_golden(query: catalog.CatalogQuery, embedded) -> None:
    _compare_with_golden(query, embedded.query(query.text, catalog.bind(query, {})))


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_oxigraph_server_answer_matches_golden(query: catalog.CatalogQuery, remote) -> None:
    _compare_with_golden(query, remote.query(query.text, catalog.bind(query, {})))


def _compare_with_golden(query: catalog.CatalogQuery, result) -> None:
    golden = existing_golden(query.name)
    assert golden is not None, (
        f"no golden answer for {query.name}: read its answer against the paper, then run "
        f"python -m tests.queries.regenerate {query.name}"
    )
    kind = "nt" if golden.suffix == ".nt" else "srj"
    diff = mismatch(golden.read_bytes(), serialize(result), kind)
    assert diff is None, f"{query.name} no longer matches {golden.name}:\n{diff}"


def test_docs_list_every_catalogue_query() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "sparql.md").read_text(encoding="utf-8")
    missing = [name for name in NAMES if f"| `{name}` |" not in docs]
    assert not missing, f"docs/sparql.md does not list {missing}"
