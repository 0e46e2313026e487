"""Spreadsheet templates: `crimekg template`, rows → triples, and messages by row and column."""

from __future__ import annotations

import csv
import io

import pytest
from extendkit import cli, graph_view, snapshot, write

from graph_data import extensions
from graph_data.curation import tabular

HEADERS = {name: [c.name for c in t.columns] for name, t in tabular.TEMPLATES.items()}


def sheet(path, template: str, rows: list[dict[str, str]]):
    """A CSV of ``template`` with ``rows`` (missing cells empty), as a spreadsheet program saves it."""
    out = io.StringIO()
    writer = csv.DictWriter(out, HEADERS[template], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return write(path, out.getvalue())


DOCUMENT = {
    "id": "test-border-study",
    "label": "Test border study",
    "identifier": "TBS/2024/1",
    "issued": "2024",
    "url": "https://example.org/tbs",
    "published_by": "UNODC",
}
LINKAGE = {
    "label": "Smugglers also move cocaine (test)",
    "crime_types": "smuggling of migrants; narcotrafficking",
    "nature": "shared routes and infrastructure",
    "prevalence": "opportunistic",
    "geographic_scope": "Latin America",
    "source_document": "TBS/2024/1",
    "locator": "chapter 3",
}


def added_triples(data_dir) -> set[str]:
    return set().union(*graph_view(data_dir).values())


@pytest.mark.parametrize("name", sorted(tabular.TEMPLATES))
def test_packaged_template_is_header_plus_one_example_row(name):
    text = tabular.template_text(name)
    assert text == tabular.render(tabular.TEMPLATES[name])
    header, example = list(csv.reader(io.StringIO(text)))
    assert header == HEADERS[name]
    assert "Example" in example[header.index("label")]


@pytest.mark.parametrize("name", sorted(tabular.TEMPLATES))
def test_an_unedited_template_is_refused_as_the_example_row(data_dir, name):
    assert cli("template", name, "-o", f"{name}.csv").code == 0
    before = snapshot(data_dir)
    run = cli("add", f"{name}.csv", "--quiet")
    assert run.code == 1
    assert (
        f"{name}.csv row 2: this is the template's example row; replace it with your own data or delete it"
        in run.err
    )
    assert snapshot(data_dir) == before


def test_template_refuses_to_overwrite_and_describes_its_columns(data_dir, tmp_path):
    write(tmp_path / "mine.csv", "precious")
    run = cli("template", "linkage", "-o", "mine.csv")
    assert run.code == 2 and "exists already" in run.err
    assert (tmp_path / "mine.csv").read_text() == "precious"
    columns = cli("template", "statistic", "--columns").out
    for name in HEADERS["statistic"]:
        assert f"  {name} " in columns


def test_rows_of_every_template_added_together_in_dependency_order(data_dir, tmp_path):
    sheet(tmp_path / "1-linkages.csv", "linkage", [LINKAGE])  # given first, converted after the document
    sheet(tmp_path / "2-documents.csv", "document", [DOCUMENT])
    sheet(
        tmp_path / "3-crime-types.csv",
        "crime-type",
        [
            {
                "id": "test-wildlife-trafficking",
                "label": "wildlife trafficking (test)",
                "alt_labels": "illegal wildlife trade",
                "broader": "trafficking in natural resources",
                "definition": "Trade in wild animals and plants against the law.",
            }
        ],
    )
    sheet(
        tmp_path / "4-statistics.csv",
        "statistic",
        [
            {
                "label": "Share of boats carrying both (test)",
                "value": "12.5",
                "unit": "per cent",
                "qualifier": "about",
                "concerns": "drug trafficking; smuggling-of-migrants",
                "evidence_for": "Smugglers also move cocaine (test)",
                "source_document": "test-border-study",
                "locator": "table 4",
            }
        ],
    )
    sheet(
        tmp_path / "5-provisions.csv",
        "provision",
        [
            {
                "part_of": "untoc",
                "kind": "article",
                "number": "99",
                "heading": "Test article",
                "addresses": "wildlife trafficking (test)",
                "source_document": "TBS/2024/1",
                "paragraph": "7",
            }
        ],
    )
    files = ["1-linkages.csv", "2-documents.csv", "3-crime-types.csv", "4-statistics.csv", "5-provisions.csv"]
    run = cli("add", *files, "--source", "Test border study", "--quiet")
    assert run.code == 0, run.text
    triples = added_triples(data_dir)
    r, g = "<https://w3id.org/crimekg/resource/", "<https://w3id.org/crimekg/ontology#"
    linkage = f"{r}linkage-smugglers-also-move-cocaine-test>"
    assert f"{linkage} {g}involves> {r}drug-trafficking> ." in triples  # by synonym
    assert f"{linkage} {g}prevalence> {r}prevalence-opportunistic> ." in triples
    assert f"{linkage} {g}nature> {r}nature-shared-routes> ." in triples
    assert (
        f"{linkage} <http://www.w3.org/ns/prov#wasDerivedFrom> {r}cite-test-border-study-chapter-3> ."
        in triples
    )
    assert f"{linkage} {g}supportedBy> {r}stat-share-of-boats-carrying-both-test> ." in triples
    stat = f"{r}stat-share-of-boats-carrying-both-test>"
    assert f'{stat} {g}value> "12.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .' in triples
    assert f"{stat} {g}unit> {r}unit-percent> ." in triples
    assert f"{r}untoc-art-99> {g}partOf> {r}untoc> ." in triples
    assert f"{r}coverage-untoc-art-99> {g}addresses> {r}test-wildlife-trafficking> ." in triples
    assert (
        f"{r}test-wildlife-trafficking> <http://www.w3.org/2004/02/skos/core#broader> "
        f"{r}trafficking-in-natural-resources> ." in triples
    )
    assert f"{r}test-border-study> {g}publishedBy> {r}unodc> ." in triples
    (ext,) = extensions.read_registry(data_dir / "extensions").extensions
    assert [f.name for f in ext.files] == files


def test_citing_a_place_the_graph_already_cites_reuses_that_citation(data_dir, tmp_path):
    row = {
        **LINKAGE,
        "label": "IFF link (test)",
        "source_document": "UNODC/CND/ES/2021/2",
        "locator": "",
        "paragraph": "11",
        "footnote": "13",
        "secondary_source": "iff-conceptual-framework-2020",
    }
    run = cli("add", sheet(tmp_path / "l.csv", "linkage", [row]).name, "--quiet")
    assert run.code == 0, run.text
    triples = added_triples(data_dir)
    cite = "<https://w3id.org/crimekg/resource/cite-p11-fn13>"
    assert any(t.endswith(f"<http://www.w3.org/ns/prov#wasDerivedFrom> {cite} .") for t in triples)
    assert not any(t.startswith(cite) for t in triples)  # the seed defines it; the row only points at it


@pytest.mark.parametrize(
    "column, value, message",
    [
        (
            "prevalence",
            "regularr",
            "column prevalence: 'regularr' is not a prevalence; did you mean 'regular'?",
        ),
        (
            "nature",
            "enabeling",
            "column nature: 'enabeling' is not a linkage nature; did you mean 'enabling'?",
        ),
        (
            "crime_types",
            "corruption; drug trafficing",
            "column crime_types: 'drug trafficing' is not a crime type in the graph; "
            "did you mean 'drug trafficking'?",
        ),
        ("crime_types", "corruption", "column crime_types: name at least two different crime types"),
        (
            "geographic_scope",
            "Latin Amerca",
            "column geographic_scope: 'Latin Amerca' is not a place in the graph; "
            "did you mean 'Latin America'?",
        ),
        ("paragraph", "twelve", "column paragraph: 'twelve' is not a whole number above 0"),
        ("subparagraph", "(b)", "column subparagraph: '(b)': write the letter alone"),
        (
            "source_document",
            "Unknown Report",
            "column source_document: 'Unknown Report' is not a document in the graph",
        ),
        (
            "id",
            "My Linkage",
            "column id: 'My Linkage' cannot be an id: "
            "use lowercase letters, digits and hyphens (e.g. my-linkage)",
        ),
    ],
)
def test_a_bad_cell_is_reported_by_row_and_column_with_a_suggestion(
    data_dir, tmp_path, column, value, message
):
    rows = [{**LINKAGE, "label": "First (test)"}, {**LINKAGE, "label": "Second (test)", column: value}]
    sheet(tmp_path / "docs.csv", "document", [DOCUMENT])
    sheet(tmp_path / "linkages.csv", "linkage", rows)
    before = snapshot(data_dir)
    run = cli("add", "docs.csv", "linkages.csv", "--quiet")
    assert run.code == 1, run.text
    assert f"linkages.csv row 3, {message}" in run.err
    assert "row 2" not in run.err  # the good row is not blamed
    assert snapshot(data_dir) == before


@pytest.mark.parametrize(
    "value, hint",
    [
        ("12%", "write 12 here and 'per cent' in column unit"),
        ("1,234", "write it without thousands separators: 1234"),
        ("6,5", "use a point for decimals: 6.5"),
    ],
)
def test_a_statistic_value_that_is_not_a_plain_number_says_how_to_write_it(data_dir, tmp_path, value, hint):
    sheet(tmp_path / "docs.csv", "document", [DOCUMENT])
    row = {
        "label": "A figure (test)",
        "value": value,
        "unit": "count",
        "source_document": "TBS/2024/1",
        "locator": "p. 1",
    }
    sheet(tmp_path / "stats.csv", "statistic", [row])
    run = cli("add", "docs.csv", "stats.csv", "--quiet")
    assert run.code == 1
    assert f"stats.csv row 2, column value: '{value}' is not a number; {hint}" in run.err


def test_a_qc_rule_broken_by_a_row_is_reported_in_its_column(data_dir, tmp_path):
    sheet(tmp_path / "docs.csv", "document", [DOCUMENT])
    sheet(tmp_path / "linkages.csv", "linkage", [{**LINKAGE, "from_crime": "smuggling of migrants"}])
    run = cli("add", "docs.csv", "linkages.csv", "--quiet")
    assert run.code == 1, run.text
    assert "linkages.csv row 2, column to_crime:" in run.err
    assert "has ckg:fromCrime but no ckg:toCrime" in run.err


def test_a_row_whose_id_is_already_in_the_graph_is_refused(data_dir, tmp_path):
    sheet(
        tmp_path / "types.csv",
        "crime-type",
        [{"id": "corruption", "label": "corruption again", "definition": "x"}],
    )
    run = cli("add", "types.csv", "--quiet")
    assert run.code == 1
    assert (
        "types.csv row 2, column id: ckr:corruption (corruption) is already in the graph (seed/crime-types)"
        in run.err
    )


def test_controlled_values_accept_label_slug_and_prefixed_id(data_dir, tmp_path):
    sheet(tmp_path / "docs.csv", "document", [DOCUMENT])
    rows = [
        {**LINKAGE, "label": f"Variant {i} (test)", "prevalence": p, "nature": n}
        for i, (p, n) in enumerate(
            [
                ("Regular", "Enabling"),
                ("prevalence-regular", "nature-enabling"),
                ("ckr:prevalence-regular", "enabling; financing"),
            ]
        )
    ]
    sheet(tmp_path / "linkages.csv", "linkage", rows)
    run = cli("add", "docs.csv", "linkages.csv", "--quiet")
    assert run.code == 0, run.text
    regular = [
        t
        for t in added_triples(data_dir)
        if t.endswith("<https://w3id.org/crimekg/resource/prevalence-regular> .")
    ]
    assert len(regular) == 3


def test_a_sheet_saved_with_semicolons_and_a_byte_order_mark_is_read(data_dir, tmp_path):
    header = ";".join(HEADERS["document"])
    row = ";".join(DOCUMENT.get(column, "") for column in HEADERS["document"])
    (tmp_path / "docs.csv").write_bytes(("\ufeff" + header + "\r\n" + row + "\r\n").encode("utf-8"))
    run = cli("add", "docs.csv", "--quiet")
    assert run.code == 0, run.text
    assert any("<https://w3id.org/crimekg/resource/test-border-study>" in t for t in added_triples(data_dir))


def test_a_claim_row_without_a_source_says_what_provenance_to_give(data_dir, tmp_path):
    row = {**LINKAGE, "source_document": "", "locator": ""}
    sheet(tmp_path / "linkages.csv", "linkage", [row])
    run = cli("add", "linkages.csv", "--quiet")
    assert run.code == 1
    assert "linkages.csv row 2, column source_document: every claim needs its source" in run.err
