"""`crimekg extensions` — not built yet (see the issue that adds it)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add this group's subcommands; nothing yet."""
