"""Parameter values reach a query only as RDF terms: a hostile value cannot change the query. Both engines
run the same text, with the terms written in by pyoxigraph (escaped), and answer as pyoxigraph's
``substitutions=`` would (SEP-0007)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import ontology
from ontology.errors import UsageError
from queries import catalog
from queries.sparql_text import inject_values
from queries.store import GraphStore

HOSTILE = [
    "} ; DROP ALL ; {",
    '" } ; DROP ALL ; { "',
    "' } DROP ALL { '",
    '"""\n} ; CLEAR ALL ; INSERT DATA { <urn:x> <urn:y> <urn:z> } #',
    '\\" ) } UNION { ?s ?p ?o } #',
    "> } ; DROP ALL ; { <",
]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ECHO = "SELECT ?v (STR(?v) AS ?text) (STRLEN(STR(?v)) AS ?length) WHERE { }"


@pytest.fixture(params=["embedded", "remote"])
def store(request: pytest.FixtureRequest) -> GraphStore:
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_parameter_is_one_literal_and_changes_nothing(store: GraphStore, value: str) -> None:
    before = store.select(COUNT)[0]["n"]
    query = catalog.get("search-labels")
    rows = store.select(query.text, catalog.bind(query, {"text": value}))
    assert rows == []  # no label contains it: the value was compared, not executed
    echoed = store.select(ECHO, {"v": ox.Literal(value)})
    assert [(row["text"].value, int(row["length"].value)) for row in echoed] == [(value, len(value))]
    assert store.select(COUNT)[0]["n"] == before


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_iri_parameter_is_refused(value: str) -> None:
    query = catalog.get("crimes-linked-to")
    with pytest.raises(UsageError, match="not a valid iri"):
        catalog.bind(query, {"crime": "http://example.org/" + value})


def test_variable_names_of_bindings_are_checked() -> None:
    with pytest.raises(UsageError, match="not a valid SPARQL variable name"):
        inject_values("SELECT ?x WHERE { ?x ?p ?o }", {"x) { DROP ALL": ox.Literal("1")})


def test_bound_text_in_strings_comments_and_iris_is_left_alone() -> None:
    text = 'SELECT ?x WHERE { # ?x in a comment\n ?x <http://e/?x> \'?x\' ; <http://e/p> """?x""" }'
    bound = inject_values(text, {"x": ox.NamedNode("http://e/a")})
    assert bound.count("<http://e/a>") == 2  # the VALUES block and the one real use, no other
    assert "# ?x in a comment" in bound and "<http://e/?x>" in bound and "'?x'" in bound


SCOPING = [
    # a filter in a nested group sees the bound value (substitution, not a join at the end)
    "SELECT ?c ?l WHERE { ?c rdfs:label ?l { FILTER (?c = ckr:bribery) } }",
    # a sub-SELECT that projects the parameter sees it; one that does not keeps its own variable
    "SELECT ?c ?n WHERE { { SELECT ?c (COUNT(*) AS ?n) WHERE { ?c ?p ?o } GROUP BY ?c } }",
    "SELECT ?c ?n WHERE { ?c a ckg:CrimeType"
    " { SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ckg:CrimeType } } }",
    # the parameter in GROUP BY and ORDER BY
    "SELECT ?c (COUNT(*) AS ?n) WHERE { ?c ?p ?o } GROUP BY ?c ORDER BY ?c",
    "SELECT * WHERE { ?c rdfs:label ?l } ORDER BY ?l",
]


@pytest.mark.parametrize("text", SCOPING)
def test_binding_written_in_has_the_substitution_semantics(
    text: str, embedded: GraphStore, remote: GraphStore
) -> None:
    bindings = {"c": ox.NamedNode("https://w3id.org/crimekg/resource/bribery")}
    reference = embedded.oxigraph.query(
        text,
        prefixes=ontology.PREFIXES,
        substitutions={ox.Variable(name): term for name, term in bindings.items()},
        use_default_graph_as_union=True,
    )
    want = sorted(
        str(sorted((v.value, s[v]) for v in reference.variables if s[v] is not None)) for s in reference
    )
    assert want, "the query answers something"
    for store in (embedded, remote):
        got = sorted(str(sorted(row.items())) for row in store.select(text, bindings))
        assert got == want, store.kind


def test_a_blank_node_parameter_is_substituted() -> None:
    store = GraphStore.embedded(sources=[])  # a blank node cannot be written into a query: substituted
    node = ox.BlankNode("b1")
    store.oxigraph.add(ox.Quad(node, ox.NamedNode("http://e/p"), ox.Literal("x"), ox.DefaultGraph()))
    rows = store.select("SELECT ?s ?o WHERE { ?s <http://e/p> ?o }", {"s": node})
    assert rows == [{"s": node, "o": ox.Literal("x")}]


def test_a_parameter_must_be_projected_on_both_engines(embedded: GraphStore, remote: GraphStore) -> None:
    text = "SELECT ?l WHERE { ?c rdfs:label ?l }"
    for store in (embedded, remote):
        with pytest.raises(UsageError, match="projected"):
            store.select(text, {"c": ox.NamedNode("https://w3id.org/crimekg/resource/bribery")})


def test_a_long_value_is_bound_without_being_cached(store: GraphStore) -> None:
    from queries.engine import _bound_text

    value = "} ; DROP ALL ; { " * 2000  # 34,000 characters: past the cache of bound query texts
    before = _bound_text.cache_info()
    echoed = store.select(ECHO, {"v": ox.Literal(value)})
    assert [int(row["length"].value) for row in echoed] == [len(value)]
    after = _bound_text.cache_info()
    assert (after.hits, after.misses, after.currsize) == (before.hits, before.misses, before.currsize)
