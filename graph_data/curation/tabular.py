"""Spreadsheet templates (in the spirit of ROBOT templates): one CSV row → one node with its triples.

``crimekg template NAME -o FILE.csv`` writes ``graph_data/curation/templates/NAME.csv`` (a header and one
example row); ``crimekg add FILE.csv`` reads it back here. The header says which template a file follows.
Cells name things as a person would (labels, synonyms, slugs, UN symbols; see
:mod:`graph_data.curation.lookup`); several values in one cell are separated by ``;``. Every problem is
reported with its row and column ("linkages.csv row 3, column prevalence: 'regularr' is not a
prevalence; did you mean 'regular'?").
The columns are documented in docs/extending.md; :data:`TEMPLATES` is their single definition.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from graph_data.curation import columns, converters
from graph_data.curation.addition import Addition, Where
from graph_data.curation.columns import Column
from graph_data.curation.lookup import Lookup
from graph_data.curation.rows import Row
from ontology.errors import LoadError, Violation


@dataclass(frozen=True)
class Template:
    name: str
    summary: str
    columns: tuple[Column, ...]
    example: dict[str, str]
    convert: Callable[[Row], None]
    order: int  # templates that define things others point at come first

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        Template(
            "document",
            "a report, study or legal instrument to cite",
            columns.DOCUMENT_COLUMNS,
            columns.DOCUMENT_EXAMPLE,
            converters.document,
            0,
        ),
        Template(
            "crime-type",
            "a kind of crime in the crime-type hierarchy",
            columns.CRIME_TYPE_COLUMNS,
            columns.CRIME_TYPE_EXAMPLE,
            converters.crime_type,
            1,
        ),
        Template(
            "provision",
            "an article, paragraph … of an instrument, and what it addresses",
            columns.PROVISION_COLUMNS,
            columns.PROVISION_EXAMPLE,
            converters.provision,
            2,
        ),
        Template(
            "linkage",
            "a documented link between crime types",
            columns.LINKAGE_COLUMNS,
            columns.LINKAGE_EXAMPLE,
            converters.linkage,
            3,
        ),
        Template(
            "statistic",
            "a figure a source gives",
            columns.STATISTIC_COLUMNS,
            columns.STATISTIC_EXAMPLE,
            converters.statistic,
            4,
        ),
    )
}


def template_text(name: str) -> str:
    """The packaged CSV of template ``name``: header and one example row."""
    return (resources.files("graph_data.curation") / "templates" / f"{name}.csv").read_text(encoding="utf-8")


def render(template: Template) -> str:
    """What ``templates/<name>.csv`` must contain (a test keeps the packaged files equal to this)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in template.columns])
    writer.writerow([template.example.get(c.name, "") for c in template.columns])
    return out.getvalue()


@dataclass
class Table:
    """A CSV file read and matched to its template, not yet converted."""

    name: str
    template: Template
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, cells by column)


def read_table(name: str, data: bytes) -> Table:
    """Decode and split a CSV file and find its template; structural problems are LoadErrors."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise LoadError(
            "the file is not UTF-8 text",
            path=name,
            line=line,
            hint='in your spreadsheet program, save as "CSV UTF-8 (comma delimited)"',
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = "," if "," in first else ";" if ";" in first else "\t" if "\t" in first else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise LoadError(
            f"the CSV cannot be read ({error})", path=name, hint="save the sheet again as CSV UTF-8"
        ) from None
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        raise LoadError(
            "the file is empty", path=name, hint="get a template with `crimekg template linkage -o FILE.csv`"
        )
    header = [h.strip() for h in records[0]]
    template = _match(name, header)
    table_rows = []
    number = 1
    reader_rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader_rows)
    for record in reader_rows:
        number += 1
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
            raise LoadError(
                f"row {number} has {len(record)} cells but the header has {len(header)} columns",
                path=name,
                hint="put a value that holds a comma in quotes (spreadsheet programs do so)",
            )
        cells = {h: (record[i].strip() if i < len(record) else "") for i, h in enumerate(header) if h}
        table_rows.append((number, cells))
    return Table(name, template, header, table_rows)


def _match(name: str, header: list[str]) -> Template:
    import difflib

    scores = {t.name: len(set(header) & {c.name for c in t.columns}) for t in TEMPLATES.values()}
    best = max(scores, key=lambda k: (scores[k], -TEMPLATES[k].order))
    template = TEMPLATES[best]
    known = [c.name for c in template.columns]
    if scores[best] == 0:
        raise LoadError(
            "the header row matches no crimekg template",
            path=name,
            line=1,
            hint="start from a template: crimekg template "
            "linkage|statistic|provision|crime-type|document -o FILE.csv",
        )
    for column in header:
        if column and column not in known:
            near = difflib.get_close_matches(column, known, n=1, cutoff=0.6)
            hint = (
                f"did you mean {near[0]!r}?"
                if near
                else f"the {template.name} template has: {', '.join(known)}"
            )
            raise LoadError(
                f"unknown column {column!r} in the {template.name} template", path=name, line=1, hint=hint
            )
    missing = [c.name for c in template.columns if c.required_header and c.name not in header]
    if missing:
        raise LoadError(
            f"the {template.name} template needs the column(s) {', '.join(missing)}",
            path=name,
            line=1,
            hint=f"get the full header with `crimekg template {template.name} -o FILE.csv`",
        )
    return template


def convert(tables: list[Table], lookup: Lookup, batch: ox.Store, addition: Addition) -> list[Violation]:
    """Convert the rows of ``tables`` into ``addition``; returns every cell problem found (empty: fine).

    ``lookup`` must search ``batch`` first, then the graph: each converted row is put into ``batch`` so
    that later rows (and later files: documents before the linkages that cite them) can name it.
    """
    problems: list[Violation] = []
    taken: dict[str, Where] = {}
    for table in sorted(tables, key=lambda t: t.template.order):
        for number, cells in table.rows:
            row = Row(table.name, table.template.name, number, cells, lookup, taken)
            if row.is_example(table.template.example):
                problems.append(row.example_problem())
                continue
            table.template.convert(row)
            problems += row.problems
            if not row.problems:
                for triple, where in row.triples:
                    addition.add(triple, where)
                    batch.add(ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph()))
    return problems


def column_of(template: str, predicate: str) -> str | None:
    """The column of ``template`` that writes ``predicate`` (to place a SHACL result in the sheet)."""
    for column in TEMPLATES[template].columns:
        if predicate in column.predicates:
            return column.name
    return None


def write_template(name: str, path: Path) -> None:
    path.write_text(template_text(name), encoding="utf-8")
