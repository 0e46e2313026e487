"""SHACL: each invalid fixture breaks exactly the shape it names, the valid fixtures break none.

An invalid fixture states the shapes it breaks in its first lines (``# expect: cks:StatisticUnitShape``);
the fixtures are validated with the ontology only, not the seed data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from foundation_helpers import FIXTURES, fixture_graph

from ontology.validation import SHAPES, named_shapes, shacl_violations

INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))


def expected_shapes(path: Path) -> set[str]:
    return set(re.findall(r"^# expect: cks:(\w+)", path.read_text(encoding="utf-8"), flags=re.M))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_breaks_exactly_its_shape(path):
    expected = expected_shapes(path)
    assert expected, f"{path.name} must say which shape it breaks (# expect: cks:…)"
    violations = shacl_violations(fixture_graph(path))
    assert {v.rule for v in violations} == expected, "\n".join(map(str, violations))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_breaks_no_shape(path):
    violations = shacl_violations(fixture_graph(path))
    assert violations == [], "\n".join(map(str, violations))


def test_every_shape_has_an_invalid_fixture():
    covered = set().union(*(expected_shapes(p) for p in INVALID))
    names = {str(shape).removeprefix(SHAPES) for shape in named_shapes()}
    assert names, "no named shapes found"
    assert names - covered == set(), f"shapes without an invalid fixture: {sorted(names - covered)}"
    assert covered - names == set(), f"fixtures expect shapes that do not exist: {sorted(covered - names)}"


def test_violation_names_focus_by_label_and_iri_and_property_and_fix():
    path = FIXTURES / "invalid" / "statistic-without-unit.ttl"
    (violation,) = shacl_violations(fixture_graph(path), origin=lambda node: path.name)
    assert violation.source == "statistic-without-unit.ttl"
    assert violation.focus == (
        "share of detected trafficking victims exploited in forced criminality "
        "<https://w3id.org/crimekg/resource/stat-tip-victims-share>"
    )
    assert violation.path == "ckg:unit"
    assert "ckr:unit-percent" in violation.message


def test_alternative_path_violation_names_the_property_that_holds_the_value():
    (violation,) = shacl_violations(fixture_graph(FIXTURES / "invalid" / "date-as-string.ttl"))
    assert violation.rule == "DateShape"
    assert violation.path == "ckg:discussionDate"


def test_label_rule_reaches_nodes_typed_only_as_a_claim():
    violations = shacl_violations(fixture_graph(FIXTURES / "invalid" / "claim-without-citation.ttl"))
    assert [v.focus for v in violations] == [
        "drug trafficking is linked to other crime <https://w3id.org/crimekg/resource/claim-links-exist>"
    ]


def test_focus_nodes_limit_validation_to_those_nodes():
    graph = fixture_graph(FIXTURES / "invalid" / "statistic-without-unit.ttl")
    statistic = rdflib.URIRef("https://w3id.org/crimekg/resource/stat-tip-victims-share")
    citation = rdflib.URIRef("https://w3id.org/crimekg/resource/cite-p12")
    assert [v.rule for v in shacl_violations(graph, focus_nodes=[statistic])] == ["StatisticUnitShape"]
    assert shacl_violations(graph, focus_nodes=[citation]) == []
