"""The store: one interface over the embedded pyoxigraph engine and any remote SPARQL 1.1 endpoint.

This is the module to import: it loads both engines and gives :class:`GraphStore` with its factories.

>>> from graph_data.loader import ontology_sources
>>> with GraphStore.embedded(sources=ontology_sources()) as store:     # in memory
...     store.ask("ASK { ckg:CrimeType a owl:Class }")
True

The interface and what the engines share are in :mod:`queries.engine`; the engines are
:mod:`queries.embedded` (pyoxigraph, in memory or on disk) and :mod:`queries.remote` (any SPARQL 1.1
endpoint with the Graph Store Protocol).
"""

from __future__ import annotations

from queries.embedded import EmbeddedStore
from queries.engine import (
    LAYOUT_VERSION,
    EndpointError,
    GraphStore,
    QuerySyntaxError,
    Result,
    StoreError,
    bind_into_text,
    check_bindings,
    check_parses,
    fingerprint,
    syntax_error,
)
from queries.remote import RemoteStore

__all__ = [
    "LAYOUT_VERSION",
    "EmbeddedStore",
    "EndpointError",
    "GraphStore",
    "QuerySyntaxError",
    "RemoteStore",
    "Result",
    "StoreError",
    "bind_into_text",
    "check_bindings",
    "check_parses",
    "fingerprint",
    "syntax_error",
]
