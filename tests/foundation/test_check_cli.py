"""`crimekg check` through a real subprocess: exit codes 0 / 1 / 2, stage timings, what is reported."""

from __future__ import annotations

import json
import re

from foundation_helpers import FIXTURES

CHECK = FIXTURES / "check"
SMALL = str(FIXTURES / "valid" / "small-graph.ttl")


def test_valid_file_against_ontology_exits_0_and_times_each_stage(crimekg):
    result = crimekg("check", "--only", SMALL)
    assert result.returncode == 0, result.stdout + result.stderr
    for stage in ("load", "shacl", "owl", "qc"):
        assert re.search(rf"^{stage} +\d+\.\d\d s", result.stdout, flags=re.M), result.stdout
    assert "hold every rule" in result.stdout


def test_inconsistent_file_exits_1_and_names_the_clash(crimekg):
    """With the whole graph (no --only), as a researcher would check a file of their own."""
    result = crimekg("check", str(CHECK / "inconsistent-disjoint-classes.ttl"))
    assert result.returncode == 1
    line = next(line for line in result.stderr.splitlines() if "owl:inconsistent" in line)
    assert (
        "inconsistent-disjoint-classes.ttl: corruption <https://w3id.org/crimekg/resource/corruption>" in line
    )
    assert "ckg:CrimeType" in line and "ckg:Document" in line
    assert "Traceback" not in result.stderr


def test_unsatisfiable_class_exits_1_and_names_the_class(crimekg):
    result = crimekg("check", "--only", str(CHECK / "unsatisfiable-class.ttl"))
    assert result.returncode == 1
    assert "quantified link <https://example.org/research#QuantifiedLink>" in result.stderr
    assert "owl:unsatisfiable" in result.stderr


def test_malformed_turtle_exits_2_with_file_line_and_column(crimekg):
    result = crimekg("check", str(CHECK / "malformed.ttl"))
    assert result.returncode == 2
    assert re.search(r"tests/fixtures/check/malformed\.ttl:13:\d+: ", result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_exits_2_without_traceback(crimekg):
    result = crimekg("check", "no-such-file.ttl")
    assert result.returncode == 2
    assert "no-such-file.ttl: cannot read the file" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_report_lists_each_violation_with_file_rule_and_timings(crimekg):
    result = crimekg(
        "check",
        "--only",
        "--skip",
        "owl",
        "--format",
        "json",
        str(FIXTURES / "invalid" / "statistic-without-unit.ttl"),
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["skipped"] == ["owl"]
    assert set(report["timings"]) == {"load", "shacl", "qc"}
    (violation,) = report["violations"]
    assert violation["source"].endswith("tests/fixtures/invalid/statistic-without-unit.ttl")
    assert violation["rule"] == "StatisticUnitShape"
    assert violation["path"] == "ckg:unit"


def test_whole_graph_loads_and_every_reported_rule_is_a_known_one(crimekg):
    """End to end on the seed graph: it loads (no exit 2), every stage runs, each violation names a rule."""
    from graph_data.curation.check import qc_queries
    from ontology.validation import SHAPES, named_shapes

    result = crimekg("check", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert set(report["timings"]) == {"load", "shacl", "owl", "qc"}
    assert report["triples"] > 1000
    known = {str(s).removeprefix(SHAPES) for s in named_shapes()} | {q.name for q in qc_queries()}
    known |= {"owl:inconsistent", "owl:unsatisfiable", "owl:ill-typed-literal"}
    assert {v["rule"] for v in report["violations"]} <= known
    assert all(v["source"].startswith(("graph_data/", "ontology/")) for v in report["violations"])
    assert (result.returncode == 0) == (report["violations"] == [])
