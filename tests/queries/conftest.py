"""Fixtures of the query tests: the embedded store of the seed graph, and one real `oxigraph serve`
(the PyPI package ``oxigraph``) per test session on 127.0.0.1, loaded through GraphStore.remote().load()."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from queries_oxigraph import Oxigraph, seed_graph, start_oxigraph, stop_oxigraph

from queries.store import GraphStore


@pytest.fixture(scope="session")
def embedded() -> GraphStore:
    """The ontology and seed graph in an in-memory embedded store."""
    return GraphStore.embedded(sources=seed_graph())


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    stop_oxigraph(server)


@pytest.fixture(scope="session")
def remote(oxigraph_server: Oxigraph) -> GraphStore:
    """The same graph loaded into the real `oxigraph serve` through the Graph Store Protocol."""
    store = GraphStore.remote(oxigraph_server.query_url, timeout=60)
    store.load(seed_graph())
    return store
