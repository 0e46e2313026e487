"""Asking the graph from Python: rows as plain dicts, or a pandas DataFrame.

>>> from queries.api import rows
>>> rows("SELECT ?label WHERE { ckg:Linkage rdfs:label ?label }")
[{'label': 'linkage'}]

A catalogue query by name, with parameters as keyword arguments (text, or Python values)::

    rows("crimes-linked-to", crime="corruption")
    dataframe("statistics-by-topic")

Values come back as plain Python: IRIs and strings as ``str`` (IRIs in full), typed literals as ``int``,
``Decimal``, ``float``, ``bool``, ``datetime.date`` or ``datetime.datetime``; unbound as ``None``.
Every row holds every variable of the query. Without ``store=`` the questions go to one in-memory
embedded store of the whole graph, built on first use and kept for the process; pass a
:class:`queries.store.GraphStore` to ask an on-disk store or a remote endpoint.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from graph_data.loader import Source, all_sources
from ontology.errors import UsageError
from queries import catalog
from queries.catalog import CatalogQuery
from queries.store import GraphStore, Result, fingerprint

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    XSD + name
    for name in (
        "integer long int short byte nonNegativeInteger positiveInteger nonPositiveInteger "
        "negativeInteger unsignedLong unsignedInt unsignedShort unsignedByte"
    ).split()
}
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def default_store() -> GraphStore:
    """The in-memory embedded store of the whole graph (ontology, seed, extensions).

    Built on first use and kept; built again when the sources changed (a new extension, another
    ``$CRIMEKG_DATA``).
    """
    sources = all_sources()
    return _store_of(fingerprint(sources), tuple(sources))


@functools.lru_cache(maxsize=1)
def _store_of(key: str, sources: tuple[Source, ...]) -> GraphStore:
    return GraphStore.embedded(sources=list(sources))


def resolve(query: str) -> CatalogQuery:
    """A catalogue query by name, or any SPARQL text (whose ``#+`` header, if any, declares parameters)."""
    if _NAME.match(query.strip()):
        return catalog.get(query.strip())
    return catalog.parse_header(query, "<query>")


def execute(
    query: CatalogQuery | str,
    params: Mapping[str, object] | None = None,
    *,
    store: GraphStore | None = None,
    graph: str | None = None,
) -> Result:
    """Run a catalogue query (or SPARQL text) with its parameters bound; the raw result."""
    resolved = resolve(query) if isinstance(query, str) else query
    bindings = catalog.bind(resolved, params or {})
    return (store or default_store()).query(resolved.text, bindings, graph=graph)


def rows(
    query: str, /, *, store: GraphStore | None = None, graph: str | None = None, **params: object
) -> list[dict[str, Any]]:
    """The answer to a SELECT query (catalogue name or SPARQL text) as a list of plain dicts."""
    result = execute(query, params, store=store, graph=graph)
    if not isinstance(result, ox.QuerySolutions):
        raise UsageError("rows() needs a SELECT query", hint="use GraphStore.ask() or .construct()")
    names = [variable.value for variable in result.variables]
    return [{name: to_python(solution[name]) for name in names} for solution in result]


def dataframe(query: str, /, *, store: GraphStore | None = None, graph: str | None = None, **params: object):
    """The answer to a SELECT query as a pandas DataFrame, one column per variable (needs pandas)."""
    try:
        import pandas
    except ImportError:
        raise UsageError(
            "dataframe() needs pandas, which is not installed", hint="pip install 'crimekg[pandas]'"
        ) from None
    result = execute(query, params, store=store, graph=graph)
    if not isinstance(result, ox.QuerySolutions):
        raise UsageError("dataframe() needs a SELECT query")
    names = [variable.value for variable in result.variables]
    records = [[to_python(solution[name]) for name in names] for solution in result]
    return pandas.DataFrame.from_records(records, columns=names)


def to_python(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> object:
    """A term as a plain Python value.

    >>> to_python(ox.Literal("12", datatype=ox.NamedNode(XSD + "integer")))
    12
    >>> to_python(ox.NamedNode("https://w3id.org/crimekg/resource/corruption"))
    'https://w3id.org/crimekg/resource/corruption'
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, ox.Literal):
        return str(term)
    datatype = term.datatype.value
    try:
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype == XSD + "decimal":
            return Decimal(term.value)
        if datatype in (XSD + "double", XSD + "float"):
            return float(term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        if datatype == XSD + "date":
            return datetime.date.fromisoformat(term.value)
        if datatype == XSD + "dateTime":
            return datetime.datetime.fromisoformat(term.value)
    except (ValueError, InvalidOperation):
        pass  # an ill-typed literal stays text
    return term.value
