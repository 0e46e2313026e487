"""Paths and small helpers shared by the foundation tests (a module name unique across tests/)."""

from __future__ import annotations

from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def fixture_graph(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")
