"""Asking the store: the model's SPARQL queries (``linkviz/sparql/*.rq``) and their rows as Python values.

The model only needs something with ``select(sparql) -> list[dict[str, Term]]`` over the union of the
named graphs: :class:`queries.store.GraphStore` (embedded or remote) is one.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any, Protocol

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + n for n in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_DECIMALS = {XSD + name for name in ("decimal", "double", "float")}

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Value = str | int | float | None


class Selector(Protocol):
    """Anything that answers a SPARQL SELECT over the union graph (GraphStore, OxigraphSelector)."""

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> list[dict[str, Term]]: ...


@cache
def query_text(name: str) -> str:
    """The text of ``linkviz/sparql/<name>.rq``."""
    return (resources.files(__package__) / "sparql" / f"{name}.rq").read_text(encoding="utf-8")


def run(selector: Selector, name: str) -> list[dict[str, Value]]:
    """Rows of the named query, each term turned into a Python value (see :func:`value`)."""
    return [{key: value(term) for key, term in row.items()} for row in selector.select(query_text(name))]


def key(term: ox.NamedNode | ox.BlankNode) -> str:
    """The identifier of a resource: its IRI, or ``_:id`` for a blank node."""
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def value(term: Term) -> Any:
    """A resource as its :func:`key`; a literal as int, float or str, following its datatype."""
    if not isinstance(term, ox.Literal):
        return key(term)
    datatype = term.datatype.value
    try:
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype in _DECIMALS:
            return float(Decimal(term.value))
    except (ValueError, InvalidOperation):
        return term.value
    return term.value
