"""QC queries: each parses, says what it checks, and has a fixture that triggers it and nothing else."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from foundation_helpers import FIXTURES

from graph_data.curation.check import qc_queries, qc_violations
from graph_data.loader import file_source, load_store, ontology_sources

QC_FIXTURES = FIXTURES / "check" / "qc"
QUERIES = qc_queries()


def store_of(*paths) -> ox.Store:
    return load_store(sources=ontology_sources() + [file_source(p) for p in paths])


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_qc_query_parses_and_has_a_summary(query):
    assert query.summary != query.name, f"{query.name} needs a '#+ summary:' line"
    ox.Store().query(query.text)  # raises SyntaxError when it does not parse


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_qc_fixture_triggers_exactly_its_query(query):
    fixture = QC_FIXTURES / query.name.replace(".rq", ".ttl")
    assert fixture.exists(), f"add a fixture {fixture.relative_to(FIXTURES)} that triggers {query.name}"
    violations = qc_violations(store_of(fixture))
    assert {v.rule for v in violations} == {query.name}, "\n".join(map(str, violations))


def test_every_qc_fixture_has_its_query():
    names = {q.name for q in QUERIES}
    orphans = [p.name for p in QC_FIXTURES.glob("*.ttl") if p.name.replace(".ttl", ".rq") not in names]
    assert orphans == []


@pytest.mark.parametrize("fixture", sorted((FIXTURES / "valid").glob("*.ttl")), ids=lambda p: p.name)
def test_valid_fixture_passes_every_qc_query(fixture):
    violations = qc_violations(store_of(fixture))
    assert violations == [], "\n".join(map(str, violations))


def test_dangling_reference_names_the_misspelt_iri_and_who_uses_it():
    (violation,) = qc_violations(store_of(QC_FIXTURES / "dangling-reference-violation.ttl"))
    assert violation.focus == "<https://w3id.org/crimekg/resource/corruptoin>"
    assert violation.path == "ckg:involves"
    assert "linkage-corruption-enables-trafficking" in violation.message


def test_paragraph_out_of_range_message_gives_the_number():
    (violation,) = qc_violations(store_of(QC_FIXTURES / "paper-paragraph-range-violation.ttl"))
    assert violation.message.startswith("paragraph 52 is not in the paper")
    assert violation.source == "file/paper-paragraph-range-violation"
