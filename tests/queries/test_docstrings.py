"""The examples in the docstrings of the store, catalogue, binding and Python API modules hold."""

from __future__ import annotations

import doctest

import pytest

import queries.api
import queries.catalog
import queries.sparql_text
import queries.store


@pytest.mark.parametrize(
    "module", [queries.store, queries.catalog, queries.sparql_text, queries.api], ids=lambda m: m.__name__
)
def test_docstring_examples_hold(module) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
