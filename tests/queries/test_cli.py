"""`crimekg queries` and `crimekg query`: every output format, every engine, and bad input answered with
a message and exit code 2, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from crimekg.cli import main
from queries import catalog

CRIMEKG = Path(sys.executable).with_name("crimekg")


@pytest.fixture(autouse=True)
def no_extensions(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI reads extensions from $CRIMEKG_DATA: point it at an empty folder."""
    monkeypatch.setenv("CRIMEKG_DATA", str(tmp_path_factory.getbasetemp() / "no-extensions"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_queries_lists_every_catalogue_query_with_its_summary(capsys) -> None:
    code, out, _ = run(capsys, "queries")
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(catalog.catalogue())
    first = catalog.catalogue()[0]
    assert lines[0].split()[0] == first.name and first.summary in lines[0]


def test_queries_tag_filters_the_list(capsys) -> None:
    code, out, _ = run(capsys, "queries", "--tag", "asset-recovery")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [
        q.name for q in catalog.with_tag("asset-recovery")
    ]
    code, _, err = run(capsys, "queries", "--tag", "no-such-tag")
    assert code == 2 and "tags:" in err


def test_query_table_shortens_iris_and_aligns_columns(capsys) -> None:
    code, out, _ = run(
        capsys, "query", "provisions-of-instrument", "--param", "instrument=ckr:convention-1988"
    )
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split()[:3] == ["instrument", "depth", "path"]
    assert set(lines[1]) <= {"-", " "}
    assert "ckr:convention-1988-art-3-para-1-b" in out and "https://" not in out
    assert lines[-1].startswith("(") and lines[-1].endswith("rows)")
    starts = {line.index("ckr:convention-1988 ") for line in lines[2:-1]}
    assert starts == {0}


@pytest.mark.parametrize("fmt,delimiter", [("csv", ","), ("tsv", "\t")])
def test_query_csv_and_tsv_are_standard(capsys, fmt: str, delimiter: str) -> None:
    code, out, _ = run(capsys, "query", "instruments-treaty-data", "--format", fmt)
    rows = list(csv.reader(io.StringIO(out), delimiter=delimiter))
    assert code == 0 and rows[0][:2] == (
        ["instrument", "label"] if fmt == "csv" else ["?instrument", "?label"]
    )
    assert len(rows) > 10


def test_query_json_is_sparql_json_results(capsys) -> None:
    code, out, _ = run(capsys, "query", "crimes-linked-to", "-p", "crime=corruption", "-f", "json")
    document = json.loads(out)
    assert code == 0 and document["head"]["vars"][0] == "crime"
    parsed = ox.parse_query_results(out.encode(), format=ox.QueryResultsFormat.JSON)
    assert {row["crime"].value for row in parsed} == {"https://w3id.org/crimekg/resource/corruption"}


def test_query_ttl_for_construct(capsys) -> None:
    code, out, _ = run(capsys, "query", "neighbourhood", "-p", "node=bribery")
    triples = list(ox.parse(out.encode(), format=ox.RdfFormat.TURTLE))
    assert code == 0 and triples and "@prefix ckr:" in out


def test_query_from_a_file_and_from_standard_input(capsys, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "mine.rq"
    path.write_text(
        "#+ summary: Which label?\n#+ params:\n#+   - c: iri -- a resource\n"
        "SELECT ?c ?l WHERE { ?c rdfs:label ?l } ORDER BY ?l\n"
    )
    code, out, _ = run(capsys, "query", str(path), "-p", "c=bribery", "-f", "csv")
    assert code == 0 and out.splitlines()[1].endswith(",bribery")
    monkeypatch.setattr(sys, "stdin", io.StringIO("ASK { ckr:bribery skos:broader ckr:corruption }"))
    assert run(capsys, "query", "-")[:2] == (0, "true\n")


def test_query_on_an_on_disk_store_and_on_an_endpoint(
    capsys, tmp_path: Path, oxigraph_server, remote
) -> None:
    code, disk, _ = run(capsys, "query", "challenges", "--store", str(tmp_path / "store"), "-f", "csv")
    assert code == 0 and (tmp_path / "store" / "sources.json").exists()
    code, memory, _ = run(capsys, "query", "challenges", "-f", "csv")
    assert disk == memory
    code, remote, err = run(
        capsys, "query", "challenges", "--endpoint", oxigraph_server.query_url, "-f", "csv"
    )
    assert (code, err) == (0, "") and remote == memory


def test_query_graph_option_asks_one_named_graph(capsys) -> None:
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    sys.stdin = io.StringIO(text)
    try:
        whole = run(capsys, "query", "-", "-f", "csv")[1]
        sys.stdin = io.StringIO(text)
        one = run(capsys, "query", "-", "-f", "csv", "--graph", "https://w3id.org/crimekg/graph/ontology")[1]
    finally:
        sys.stdin = sys.__stdin__
    assert 0 < int(one.split()[1]) < int(whole.split()[1])


BAD = [
    (["query", "crimes-linkd-to"], "did you mean crimes-linked-to"),
    (["query", "crimes-linked-to", "--param", "colour=red"], "crime (iri, default ckr:drug-trafficking)"),
    (["query", "crimes-linked-to", "--param", "crime"], "is not NAME=VALUE"),
    (["query", "crimes-linked-to", "--param", "crime=a b"], "not a valid iri"),
    (["query", "paragraph-statements", "--param", "paragraph=twelve"], "not a valid integer"),
    (["query", "crimes-linked-to", "--format", "ttl"], "this query returns a table"),
    (["query", "neighbourhood", "--format", "csv"], "this query returns triples"),
    (["query", "no/such/file.rq"], "cannot read the query"),
    (["query", "crimes-linked-to", "--load"], "go with --endpoint"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_a_message_and_exit_2(capsys, args: list[str], message: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and message in err and "Traceback" not in err and out == ""


def test_missing_parameter_lists_the_parameters(capsys, tmp_path: Path) -> None:
    path = tmp_path / "needs.rq"
    path.write_text(
        "#+ summary: What?\n#+ params:\n#+   - c: iri -- the thing\n"
        "SELECT ?c WHERE { ?c ?p ?o } ORDER BY ?c\n"
    )
    code, _, err = run(capsys, "query", str(path))
    assert code == 2 and "needs the parameter c" in err and "c (iri, required): the thing" in err


def test_malformed_query_reports_the_parser_position(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("SELECT ?s WHERE {\n  ?s ?p\n}"))
    code, _, err = run(capsys, "query", "-")
    assert code == 2 and "<stdin>: malformed query: error at 3:" in err


def test_the_installed_command_never_shows_a_traceback(tmp_path: Path) -> None:
    for args in (["query", "nope"], ["query", "-"], ["query", "crimes-linked-to", "-p", "crime=<a>b"]):
        done = subprocess.run(
            [str(CRIMEKG), *args],
            input="SELECT {",
            capture_output=True,
            text=True,
            env={"CRIMEKG_DATA": str(tmp_path), "PATH": "/usr/bin:/bin"},
            timeout=60,
        )
        assert (
            done.returncode == 2
            and "Traceback" not in done.stderr
            and done.stderr.startswith("crimekg query:")
        )
