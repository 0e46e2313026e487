"""Helpers of the linkviz tests (a module with a unique name: every test area has its own conftest.py)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph_data.loader import file_source, ontology_sources
from linkviz.model import build_model
from queries.store import GraphStore

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "linkviz"
CKR = "https://w3id.org/crimekg/resource/"


def fixture_model(*names: str) -> nx.MultiDiGraph:
    """The model of the ontology plus the named fixture files of tests/fixtures/linkviz/."""
    sources = ontology_sources() + [file_source(FIXTURES / name) for name in names]
    with GraphStore.embedded(sources=sources) as store:
        return build_model(store)
