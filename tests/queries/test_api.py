"""The Python way in: queries.api.rows() and dataframe() give plain Python values."""

from __future__ import annotations

import datetime
import sys
from decimal import Decimal

import pytest

from ontology import CKR
from ontology.errors import UsageError
from queries import api


def test_rows_of_a_catalogue_query_are_plain_python_values(embedded) -> None:
    rows = api.rows("challenges", store=embedded)
    assert [row["challenge"] for row in rows] == [
        CKR + "challenge-a",
        CKR + "challenge-b",
        CKR + "challenge-c",
    ]
    assert [row["date"] for row in rows] == [datetime.date(2021, 10, d) for d in (19, 20, 21)]
    assert all(isinstance(row["commitments"], int) for row in rows)


def test_rows_take_parameters_as_keywords_in_text_or_python_values(embedded) -> None:
    by_text = api.rows("paragraph-statements", store=embedded, paragraph="25")
    by_int = api.rows("paragraph-statements", store=embedded, paragraph=25)
    assert by_text == by_int and by_text
    assert {row["paragraph"] for row in by_int} == {25}


def test_statistic_values_are_decimals_and_unbound_cells_none(embedded) -> None:
    rows = api.rows("statistics-by-qualifier", store=embedded)
    assert rows and all(isinstance(row["value"], Decimal) for row in rows)
    assert any(row["footnote"] is None for row in rows)  # every row has every variable
    assert all(set(row) == set(rows[0]) for row in rows)


def test_rows_of_sparql_text_use_the_default_store() -> None:
    rows = api.rows("SELECT ?label WHERE { ckr:bribery rdfs:label ?label }")
    assert rows == [{"label": "bribery"}]


def test_rows_of_an_unknown_name_suggest_the_closest(embedded) -> None:
    with pytest.raises(UsageError, match="did you mean coverage-matrix"):
        api.rows("coverage-matrx", store=embedded)


def test_rows_need_a_select_query(embedded) -> None:
    with pytest.raises(UsageError, match="SELECT"):
        api.rows("neighbourhood", store=embedded)


def test_dataframe_has_one_column_per_variable(embedded) -> None:
    frame = api.dataframe("coverage-matrix", store=embedded)
    assert list(frame.columns) == [
        "crime",
        "crimeLabel",
        "instrument",
        "instrumentLabel",
        "provisions",
        "claims",
    ]
    assert len(frame) == len(api.rows("coverage-matrix", store=embedded))


def test_dataframe_without_pandas_says_how_to_install_it(embedded, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as on a machine without pandas: import fails
    with pytest.raises(UsageError, match=r"pip install 'crimekg\[pandas\]'"):
        api.dataframe("coverage-matrix", store=embedded)
