"""The model as files for other tools: GraphML (Cytoscape, yEd, Gephi), GEXF (Gephi) and JSON.

Each file carries the same nodes, edges and attributes as :func:`linkviz.model.build_model`. JSON keeps
them as they are (networkx ``node_link_data``: ``nodes`` and ``links``); GraphML and GEXF take only
scalars, so lists and records (alternative labels, citations, evidence …) are written as JSON text and
missing values are left out.

``crimekg export --format graphml|gexf|json`` calls :func:`export` (registered in
``crimekg/commands/export.py``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

import networkx as nx

from graph_data.loader import Source

FORMATS = ("graphml", "gexf", "json")


def flat(value: Any) -> str | int | float | bool | None:
    """A value GraphML and GEXF can hold: scalars as they are, lists and dicts as JSON text."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def flattened(model: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the model whose attributes are all scalars (``None`` values left out)."""
    copy = nx.MultiDiGraph()
    copy.graph.update({k: flat(v) for k, v in model.graph.items() if v is not None})
    for node, data in model.nodes(data=True):
        copy.add_node(node, **{k: flat(v) for k, v in data.items() if v is not None})
    for u, v, key, data in model.edges(keys=True, data=True):
        copy.add_edge(u, v, key=key, **{k: flat(x) for k, x in data.items() if x is not None})
    return copy


def to_json(model: nx.MultiDiGraph) -> bytes:
    data = nx.node_link_data(model, edges="links")
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def to_graphml(model: nx.MultiDiGraph) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(flattened(model), out, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return out.getvalue()


def to_gexf(model: nx.MultiDiGraph) -> bytes:
    out = io.BytesIO()
    nx.write_gexf(flattened(model), out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


WRITERS = {"graphml": to_graphml, "gexf": to_gexf, "json": to_json}


def serialise(model: nx.MultiDiGraph, format: str) -> bytes:
    from ontology.errors import UsageError

    if format not in WRITERS:
        raise UsageError(f"unknown model format {format!r}", hint=f"use one of {', '.join(FORMATS)}")
    return WRITERS[format](model)


def export(sources: Sequence[Source] | None = None, format: str = "json", *, inferred: bool = False) -> bytes:
    """The explorer's model of the graph in ``sources`` (default: the whole graph) as GraphML, GEXF or
    JSON. ``inferred`` changes nothing: the model derives its convenience edges itself, with evidence."""
    from linkviz.model import build_model
    from queries.store import GraphStore

    with GraphStore.embedded(sources=list(sources) if sources is not None else None) as store:
        return serialise(build_model(store), format)
