"""The explorer as a set of pages: one per view plus an index, for ``crimekg viz`` and ``crimekg serve``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from linkviz import render, views
from linkviz.model import build_model
from linkviz.sparql import Selector
from linkviz.views import VIEWS, View

INDEX = "index.html"


def render_views(model: nx.MultiDiGraph, chosen: Sequence[View] = VIEWS) -> dict[str, str]:
    """HTML of each chosen view of the model, by file name, plus the index page linking them all."""
    pages: dict[str, str] = {}
    counts: dict[str, tuple[int, int]] = {}
    for view in VIEWS:
        part = views.select(model, view)
        counts[view.name] = (part.number_of_nodes(), part.number_of_edges())
        if view in chosen:
            pages[view.file_name] = render.page(part, view)
    pages[INDEX] = render.index_page(counts)
    return pages


def build_pages(store: Selector) -> dict[str, bytes]:
    """Every page of the explorer for the graph in ``store``: ``index.html`` and ``<view>.html``."""
    return {name: html.encode("utf-8") for name, html in render_views(build_model(store)).items()}


def write_pages(pages: dict[str, str], directory: Path) -> list[Path]:
    """Write pages into a directory (created if needed); the paths written, in name order."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(pages):
        path = directory / name
        path.write_text(pages[name], encoding="utf-8")
        written.append(path)
    return written
