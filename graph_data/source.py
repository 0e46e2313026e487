"""A file of the graph as crimekg handles it: :class:`Source` (name, bytes, format, named graph), the file
endings it reads, and where researchers' extensions live.

These few names are shared by the loader and by the extensions it reads, so they sit below both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ontology import GRAPH_BASE

__all__ = ["FORMATS", "GRAPH_BASE", "Source", "data_dir"]

#: File endings crimekg can read, and the pyoxigraph format of each.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class Source:
    """One file of the graph: its display name (relative, no machine paths), bytes, format and graph."""

    name: str
    data: bytes
    format: ox.RdfFormat
    graph_iri: str

    @property
    def graph(self) -> ox.NamedNode:
        return ox.NamedNode(self.graph_iri)


def data_dir() -> Path:
    """Where researchers' extensions live: ``$CRIMEKG_DATA``, else ``~/.local/share/crimekg``."""
    configured = os.environ.get("CRIMEKG_DATA")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "crimekg"
