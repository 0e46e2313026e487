"""Shared fixtures of the linkviz tests: models of the seed graph and of small fixture graphs, in real stores.

The seed model leaves researchers' extensions out (whatever $CRIMEKG_DATA holds), so that it is the same on
every machine. Fixture graphs live in tests/fixtures/linkviz/.
"""

from __future__ import annotations

import networkx as nx
import pytest
from linkviz_helpers import fixture_model

from graph_data.loader import all_sources
from linkviz.model import build_model
from queries.store import GraphStore


@pytest.fixture(scope="session")
def seed_store():
    with GraphStore.embedded(sources=all_sources(include_extensions=False)) as store:
        yield store


@pytest.fixture(scope="session")
def seed_model(seed_store) -> nx.MultiDiGraph:
    return build_model(seed_store)


@pytest.fixture(scope="session")
def small_model() -> nx.MultiDiGraph:
    return fixture_model("small-graph.ttl")


@pytest.fixture(scope="session")
def hostile_model() -> nx.MultiDiGraph:
    return fixture_model("small-graph.ttl", "hostile-labels.ttl")
