"""Property: whatever bytes a researcher hands to `crimekg add` (Turtle or a spreadsheet), the result is a
clear error (exit 1 or 2, with a message) or a success — never a traceback, never a partial write.

The pipeline runs in-process for speed; examples are bounded and derandomised so the suite stays fast and
its run time stable. Inputs are built from the pieces real files are made of (the project's prefixes,
real and misspelt terms, literals of every kind, arbitrary text) and then damaged at random.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from extendkit import snapshot
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graph_data.curation.merge import add
from graph_data.curation.tabular import TEMPLATES
from ontology.errors import CrimekgError

HEADER = (
    "@prefix ckg: <https://w3id.org/crimekg/ontology#> .\n"
    "@prefix ckr: <https://w3id.org/crimekg/resource/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix prov: <http://www.w3.org/ns/prov#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
SUBJECTS = [
    "ckr:fz-a",
    "ckr:fz-b",
    "ckr:corruption",
    "ckr:cite-p11-fn13",
    "[]",
    "_:b1",
    "<https://example.org/x>",
]
PREDICATES = [
    "a",
    "rdfs:label",
    "ckg:involves",
    "ckg:value",
    "ckg:paragraph",
    "ckg:Statistc",
    "rdfs:lable",
    "prov:wasDerivedFrom",
    "ckg:nature",
    "ckg:citedDocument",
    "ckg:unit",
    "ckr:not-a-property",
]
OBJECTS = [
    "ckg:Linkage",
    "ckg:Statistic",
    "ckg:Citation",
    "ckg:Treaty",
    "ckr:corruption",
    "ckr:drug-trafficking",
    '"a label"@en',
    '"x"',
    "12",
    "6.5",
    "-0",
    '"abc"^^xsd:integer',
    '"2021-02-30"^^xsd:date',
    "ckr:nature-enabling",
    "ckr:unit-percent",
    "ckr:fz-b",
    "[]",
    '"""long\ntext"""',
    "ckr:corrupton",
]
DAMAGE = '."<>@;,[](){}\\^_:#\n\x00é'
SETTINGS = settings(
    max_examples=35,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def turtle(draw) -> bytes:
    text = st.text(max_size=12)
    statements = []
    for _ in range(draw(st.integers(1, 4))):
        subject = draw(st.sampled_from(SUBJECTS))
        pairs = []
        for _ in range(draw(st.integers(1, 3))):
            obj = draw(
                st.one_of(st.sampled_from(OBJECTS), text.map(lambda t: '"' + t.replace('"', "") + '"@en'))
            )
            pairs.append(f"{draw(st.sampled_from(PREDICATES))} {obj}")
        statements.append(f"{subject} {' ; '.join(pairs)} .")
    body = (HEADER if draw(st.integers(0, 5)) else "") + "\n".join(statements) + "\n"
    for _ in range(draw(st.integers(0, 2))):  # damage: insert or delete a character
        at = draw(st.integers(0, len(body)))
        body = (
            body[:at] + draw(st.sampled_from(DAMAGE)) + body[at:]
            if draw(st.booleans())
            else body[:at] + body[at + 1 :]
        )
    return (
        body.encode("utf-8", errors="surrogatepass")
        if draw(st.booleans())
        else body.encode("utf-8", "replace")
    )


CELLS = [
    "corruption; drug trafficking",
    "drug trafficing",
    "regular",
    "regularr",
    "enabling",
    "",
    "Latin America",
    "UNODC/CND/ES/2021/2",
    "12",
    "11",
    "13",
    "twelve",
    "(b)",
    "b",
    "p. 4",
    "x" * 300,
    'quote " inside',
    "a,b",
    "line\nbreak",
    "fz-linkage",
    "Fuzzed linkage",
    "shared routes and infrastructure; financing",
    ";;",
]


@st.composite
def spreadsheet(draw) -> bytes:
    columns = [c.name for c in TEMPLATES["linkage"].columns]
    if draw(st.integers(0, 4)):  # mostly the template's columns, in any order
        header = draw(st.permutations(columns))
    else:
        header = draw(
            st.lists(st.sampled_from([*columns, "crime_typos"]), min_size=1, max_size=6, unique=True)
        )
    rows = [
        [draw(st.one_of(st.sampled_from(CELLS), st.text(max_size=15))) for _ in header]
        for _ in range(draw(st.integers(0, 3)))
    ]
    out = io.StringIO()
    if draw(st.booleans()):
        csv.writer(out).writerows([header, *rows])  # well-formed CSV with odd contents
    else:
        out.write("\n".join(",".join(r) for r in [header, *rows]))  # whatever a hand edit leaves
    return out.getvalue().encode("utf-8", errors="surrogatepass")


def outcome(data_dir: Path, path: Path, data: bytes) -> None:
    path.write_bytes(data)
    before = snapshot(data_dir)
    try:
        result = add([str(path)], source="fuzz")
    except CrimekgError as error:
        event(f"exit {error.exit_code}: {str(error).splitlines()[0][:60]}")
        assert error.exit_code in (1, 2)
        assert str(error).strip()
        assert snapshot(data_dir) == before  # nothing written, not even in part
        return
    after = snapshot(data_dir)
    event(result.status)
    if result.status == "added":
        old, new = before["registry"]["extensions"], after["registry"]["extensions"]
        assert new[: len(old)] == old and len(new) == len(old) + 1
        assert set(before["graphs"]) < set(after["graphs"])
    else:
        assert after == before


@pytest.fixture
def fuzz_dir(data_dir, tmp_path) -> tuple[Path, Path]:
    return data_dir, tmp_path


@SETTINGS
@given(data=turtle())
def test_any_turtle_gives_a_clear_error_or_a_whole_success(fuzz_dir, data):
    data_dir, tmp = fuzz_dir
    outcome(data_dir, tmp / "fuzz.ttl", data)


@SETTINGS
@given(data=spreadsheet())
def test_any_spreadsheet_gives_a_clear_error_or_a_whole_success(fuzz_dir, data):
    data_dir, tmp = fuzz_dir
    outcome(data_dir, tmp / "fuzz.csv", data)
