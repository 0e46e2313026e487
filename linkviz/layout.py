"""Positions computed in Python, where the browser should not have to find them by simulation.

- :func:`levels` for the hierarchical view: instruments on top, provisions below their parents, the
  topics they address at the bottom.
- :func:`stage_positions` for the asset-recovery process: stages left to right in their order, what
  applies at each stage stacked under it.
- :func:`grouped_positions` for big graphs (physics off): each class on its own disc, placed on a ring.
  It costs O(n) and needs no simulation, so a 5,000-node page is interactive at once.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

Position = tuple[float, float]


def levels(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Level of each node: wholes above their parts (a whole's level is 0, a part's one more than its
    deepest whole), then everything else (what provisions address) one level below the deepest part."""
    part_of = nx.DiGraph([(u, v) for u, v, k in graph.edges(keys=True) if k == "partOf"])
    found: dict[str, int] = {}
    if nx.is_directed_acyclic_graph(part_of):
        for node in reversed(list(nx.topological_sort(part_of))):  # wholes first
            found[node] = max((found[w] + 1 for w in part_of.successors(node)), default=0)
    for node, cls in graph.nodes(data="class"):
        if cls in {"LegalInstrument", "Provision", "Document"}:
            found.setdefault(node, 0)
    bottom = max(found.values(), default=0) + 1
    return {node: found.get(node, bottom) for node in graph}


def stage_order(graph: nx.MultiDiGraph) -> list[str]:
    """The stages in process order: ``stage_order`` where given, else the order of ``precedes``."""
    stages = [n for n, cls in graph.nodes(data="class") if cls == "AssetRecoveryStage"]
    precedes = nx.DiGraph([(u, v) for u, v, k in graph.edges(keys=True) if k == "precedes"])
    precedes.add_nodes_from(stages)
    try:
        rank = {n: i for i, n in enumerate(nx.lexicographical_topological_sort(precedes))}
    except nx.NetworkXUnfeasible:  # a cycle: fall back to names
        rank = {n: i for i, n in enumerate(sorted(stages))}
    big = len(rank) + 1
    return sorted(stages, key=lambda n: (graph.nodes[n].get("stage_order") or big, rank.get(n, big), n))


def stage_positions(
    graph: nx.MultiDiGraph, *, dx: float = 640, dy: float = 95, across: int = 3
) -> dict[str, Position]:
    """Stages on a row in order; every other node in the column of its nearest stage, stacked below it
    ``across`` to a row (nodes joined to no stage go in rows above the process)."""
    stages = stage_order(graph)
    column = {stage: i for i, stage in enumerate(stages)}
    undirected = nx.Graph([(u, v) for u, v in graph.edges() if u != v])
    undirected.add_nodes_from(graph)
    for node in nx.multi_source_dijkstra_path_length(undirected, stages) if stages else {}:
        if node not in column:
            near = min(stages, key=lambda s: (_distance(undirected, s, node), column[s]))
            column[node] = column[near]
    found: dict[str, Position] = {stage: (i * dx, 0.0) for i, stage in enumerate(stages)}
    stacks: dict[int, int] = defaultdict(int)
    step = dx / across
    for node in sorted(graph, key=lambda n: (graph.nodes[n]["class"], graph.nodes[n]["label"].lower(), n)):
        if node in found:
            continue
        col = column.get(node)
        k = stacks[-1 if col is None else col]
        stacks[-1 if col is None else col] += 1
        if col is None:  # joined to no stage: rows above the process
            per_row = across * max(len(stages), 1)
            found[node] = ((k % per_row) * step - dx / 2 + step / 2, -dy * (2 + k // per_row))
        else:
            found[node] = (col * dx + (k % across - (across - 1) / 2) * step, dy * (1.5 + k // across))
    return found


def _distance(graph: nx.Graph, source: str, target: str) -> float:
    try:
        return nx.shortest_path_length(graph, source, target)
    except nx.NetworkXNoPath:
        return math.inf


def grouped_positions(graph: nx.Graph, *, spacing: float = 22.0) -> dict[str, Position]:
    """Each class as a disc of nodes (a sunflower spiral, most central first), discs on a ring."""
    groups: dict[str, list[str]] = defaultdict(list)
    for node, cls in graph.nodes(data="class"):
        groups[cls].append(node)
    radii = {cls: spacing * math.sqrt(len(nodes)) for cls, nodes in groups.items()}
    ring = sum(2 * r + 4 * spacing for r in radii.values()) / (2 * math.pi)
    found: dict[str, Position] = {}
    angle = 0.0
    golden = math.pi * (3 - math.sqrt(5))
    for cls in sorted(groups):
        share = (2 * radii[cls] + 4 * spacing) / (ring * 2 * math.pi) * 2 * math.pi if ring else 0.0
        cx, cy = ring * math.cos(angle + share / 2), ring * math.sin(angle + share / 2)
        angle += share
        ordered = sorted(groups[cls], key=lambda n: (-(graph.nodes[n].get("degree") or 0), n))
        for i, node in enumerate(ordered):
            r = spacing * math.sqrt(i)
            found[node] = (round(cx + r * math.cos(i * golden), 1), round(cy + r * math.sin(i * golden), 1))
    return found
