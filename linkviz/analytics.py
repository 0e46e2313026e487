"""Centrality and paths over the model, on its undirected simple projection (who is connected to whom).

``degree`` is the number of distinct neighbours; ``betweenness`` the normalised betweenness centrality
(exact up to :data:`EXACT_LIMIT` nodes, then estimated from a fixed sample of :data:`SAMPLE` sources, with a
fixed seed, so it stays fast and reproducible); ``pagerank`` needs scipy (a dependency of crimekg) and is
``None`` without it. Values are rounded to 6 decimals so that the model serialises the same everywhere.
"""

from __future__ import annotations

import networkx as nx

EXACT_LIMIT = 1000
SAMPLE = 100
DIGITS = 6


def projection(graph: nx.Graph) -> nx.Graph:
    """The undirected simple graph of who links to whom (self-loops and relation kinds dropped)."""
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return simple


def centrality(graph: nx.Graph) -> dict[str, dict[str, float | int | None]]:
    """Degree, betweenness and pagerank of every node."""
    simple = projection(graph)
    count = simple.number_of_nodes()
    sample = SAMPLE if count > EXACT_LIMIT else None
    betweenness = nx.betweenness_centrality(simple, k=sample, seed=0) if count else {}
    try:
        pagerank = nx.pagerank(simple) if count else {}
    except (ImportError, ModuleNotFoundError):
        pagerank = {}
    return {
        node: {
            "degree": simple.degree(node),
            "betweenness": round(betweenness.get(node, 0.0), DIGITS),
            "pagerank": round(pagerank[node], DIGITS) if node in pagerank else None,
        }
        for node in simple
    }


def annotate(graph: nx.Graph) -> None:
    """Set ``degree``, ``betweenness`` and ``pagerank`` on every node of ``graph``."""
    for node, values in centrality(graph).items():
        graph.nodes[node].update(values)


def shortest_path(graph: nx.Graph, source: str, target: str) -> list[str]:
    """A shortest path between two nodes, ignoring direction; ``[]`` when they are not connected."""
    try:
        return nx.shortest_path(projection(graph), source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
