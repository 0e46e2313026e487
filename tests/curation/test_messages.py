"""What a researcher reads when an addition is wrong: where (file:line:column with a caret, row and
column), what, and what to write instead — and that nothing changed and no traceback was shown."""

from __future__ import annotations

import os

import pytest
from extendkit import INVALID, cli, snapshot, write

PREFIXES = (
    "@prefix ckg: <https://w3id.org/crimekg/ontology#> .\n"
    "@prefix ckr: <https://w3id.org/crimekg/resource/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
DOCUMENT = (
    'ckr:test-study a ckg:Document ; rdfs:label "Test study"@en .\n'
    'ckr:cite-test-study-p2 a ckg:Citation ; rdfs:label "Test study, paragraph 2"@en ;\n'
    "    ckg:citedDocument ckr:test-study ; ckg:paragraph 2 .\n"
)


def rejected(data_dir, path, code=1):
    """Run `crimekg add PATH`; assert it failed with ``code``, changed nothing, showed no traceback."""
    before = snapshot(data_dir)
    run = cli("add", os.path.relpath(path), "--quiet")  # as a researcher types it, from the folder
    assert run.code == code, run.text
    assert "Traceback" not in run.text
    assert snapshot(data_dir) == before
    return run.err


@pytest.mark.parametrize(
    "name, where, caret_line",
    [
        ("missing-dot.ttl", "missing-dot.ttl:8:1:", "ckr:other-doc a ckg:Document ."),
        ("unclosed-graph.trig", "unclosed-graph.trig:7:", None),
        ("unterminated-literal.nt", "unterminated-literal.nt:2:", '"never closed .'),
        ("trailing-comma.jsonld", "trailing-comma.jsonld:5:1:", "}"),
    ],
)
def test_malformed_rdf_names_file_line_column_and_shows_the_line_with_a_caret(
    data_dir, name, where, caret_line
):
    err = rejected(data_dir, INVALID / name, code=2)
    assert where in err
    if caret_line:
        shown = err.splitlines()
        line = next(i for i, text in enumerate(shown) if text.strip() and caret_line in text)
        assert shown[line + 1].strip() == "^"
    assert "how to fix:" in err


def test_remote_json_ld_context_is_refused_without_fetching_it(data_dir):
    err = rejected(data_dir, INVALID / "remote-context.jsonld", code=2)
    assert "remote-context.jsonld" in err and "put the @context object in the file itself" in err


@pytest.mark.parametrize(
    "name, expected",
    [
        ("unclosed-quote.csv", "unclosed-quote.csv"),
        ("not-utf8.csv", "not UTF-8"),
        ("unknown-column.csv", "unknown column 'crime_typos' in the linkage template"),
    ],
)
def test_malformed_spreadsheets_are_unreadable_with_a_reason(data_dir, name, expected):
    err = rejected(data_dir, INVALID / name, code=2)
    assert expected in err
    if name == "unknown-column.csv":
        assert "did you mean 'crime_types'?" in err
    if name == "not-utf8.csv":
        assert "CSV UTF-8" in err


def test_unknown_file_type_and_missing_file_are_unreadable(data_dir, tmp_path):
    assert "unknown file type '.docx'" in rejected(data_dir, write(tmp_path / "notes.docx", "x"), code=2)
    assert "cannot read the file" in rejected(data_dir, tmp_path / "absent.ttl", code=2)


def test_unknown_ckg_term_suggests_the_nearest_defined_term(data_dir, tmp_path):
    path = write(tmp_path / "typo.ttl", PREFIXES + DOCUMENT + 'ckr:s1 a ckg:Statistc ; rdfs:lable "x"@en .\n')
    err = rejected(data_dir, path)
    assert (
        "typo.ttl line 9: ckr:s1: ckg:Statistc is not a term of the crimekg ontology; "
        "did you mean ckg:Statistic?" in err
    )
    assert "rdfs:lable is not a term of the rdfs: vocabulary; did you mean rdfs:label?" in err


def test_misspelt_resource_suggests_the_existing_one(data_dir, tmp_path):
    body = (
        'ckr:l1 a ckg:Linkage ; rdfs:label "L1"@en ; ckg:involves ckr:corrupton , ckr:drug-trafficking ;\n'
        "    ckg:nature ckr:nature-enabling ; prov:wasDerivedFrom ckr:cite-test-study-p2 .\n"
    )
    err = rejected(data_dir, write(tmp_path / "typo.ttl", PREFIXES + DOCUMENT + body))
    assert "ckr:corrupton is not in the graph; did you mean ckr:corruption?" in err


def test_wrong_datatypes_say_what_to_write(data_dir, tmp_path):
    body = (
        'ckr:s1 a ckg:Statistic ; rdfs:label "S1"@en ; ckg:value 6 ; ckg:unit ckr:unit-percent ;\n'
        "    prov:wasDerivedFrom ckr:cite-test-study-p3 .\n"
        'ckr:cite-test-study-p3 a ckg:Citation ; rdfs:label "p3"@en ; ckg:citedDocument ckr:test-study ;\n'
        '    ckg:paragraph "three" .\n'
        'ckr:test-study ckg:untsVolume "12x"^^xsd:integer .\n'
    )
    err = rejected(data_dir, write(tmp_path / "types.ttl", PREFIXES + DOCUMENT + body))
    assert 'ckg:value takes a decimal: write 6.0 or "6"^^xsd:decimal' in err
    assert 'ckg:paragraph takes a whole number without quotes, e.g. 12; got "three"' in err
    assert "'12x' is not a whole number, e.g. 12 (datatype xsd:integer)" in err


def test_a_huge_literal_is_refused_with_its_length(data_dir, tmp_path):
    body = f'ckr:test-study rdfs:comment "{"x" * 50_000}" .\n'
    err = rejected(data_dir, write(tmp_path / "huge.ttl", PREFIXES + DOCUMENT + body))
    assert "50,000 characters long; crimekg accepts at most 20,000" in err


def test_files_over_the_size_cap_are_refused_before_reading(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("CRIMEKG_MAX_INPUT_BYTES", "1000")
    path = write(tmp_path / "big.ttl", PREFIXES + DOCUMENT + "# " + "padding " * 200 + "\n")
    err = rejected(data_dir, path, code=2)
    assert "more than the 1,000 bytes crimekg add accepts at once" in err
    assert "split it into several files" in err


def test_a_claim_without_provenance_names_the_missing_citation(data_dir, tmp_path):
    body = (
        'ckr:l1 a ckg:Linkage ; rdfs:label "Unsourced linkage"@en ;\n'
        "    ckg:involves ckr:corruption , ckr:drug-trafficking ; ckg:nature ckr:nature-enabling .\n"
    )
    err = rejected(data_dir, write(tmp_path / "unsourced.ttl", PREFIXES + body))
    assert 'unsourced.ttl line 6: ckr:l1 "Unsourced linkage"' in err
    assert "Say where this claim comes from: add prov:wasDerivedFrom a ckg:Citation" in err
    assert "(ClaimProvenanceShape)" in err


def test_a_second_value_for_a_functional_property_names_both_values(one_extension, tmp_path):
    body = "ckr:cite-example-port-study-p4 ckg:citedDocument ckr:unodc-cnd-es-2021-2 .\n"
    err = rejected(one_extension, write(tmp_path / "clash.ttl", PREFIXES + body))
    assert "ckg:citedDocument takes one value" in err
    assert "ckr:example-port-study (in extension/" in err
    assert "ckr:unodc-cnd-es-2021-2 (in clash.ttl line 6)" in err


def test_reusing_an_iri_with_a_disjoint_type_names_both_types(data_dir, tmp_path):
    err = rejected(data_dir, write(tmp_path / "reuse.ttl", PREFIXES + "ckr:corruption a ckg:Treaty .\n"))
    assert "ckr:corruption" in err
    assert "a ckg:CrimeType (typed, in seed/crime-types)" in err
    assert "a ckg:Treaty (typed, in reuse.ttl line 6)" in err
    assert "are disjoint" in err


def test_using_a_crime_type_where_a_document_belongs_is_a_clash(data_dir, tmp_path):
    body = (
        'ckr:cite-x a ckg:Citation ; rdfs:label "x"@en ;\n'
        "    ckg:citedDocument ckr:corruption ; ckg:paragraph 1 .\n"
    )
    err = rejected(data_dir, write(tmp_path / "range.ttl", PREFIXES + body))
    assert "the object of ckg:citedDocument" in err and "ckg:CrimeType" in err


def test_empty_file_is_unreadable_not_a_traceback(data_dir, tmp_path):
    err = rejected(data_dir, write(tmp_path / "empty.ttl", PREFIXES), code=2)
    assert "the file holds no triples" in err


def test_a_data_directory_that_cannot_be_used_is_named_with_what_to_do(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data directory should be")
    monkeypatch.setenv("CRIMEKG_DATA", str(blocked))
    run = cli("add", str(INVALID.parent / "valid" / "linkage.ttl"), "--quiet")
    assert run.code == 2 and "Traceback" not in run.text
    assert "cannot use the data directory" in run.err and "--data-dir" in run.err
