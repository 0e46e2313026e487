"""crimekg: a knowledge graph of drug trafficking and its links to other crime (the command line)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("crimekg")
except PackageNotFoundError:  # running from a checkout that was not installed
    __version__ = "0.0.0"
