"""crimekg: a knowledge graph of drug trafficking and its links to other crime (the command line)."""

from __future__ import annotations

from ontology import __version__

__all__ = ["__version__"]
