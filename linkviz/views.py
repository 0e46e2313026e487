"""The explorer's views: which part of the model each page shows and how it is laid out.

A view keeps its *anchor* classes, plus nodes of its *attached* classes that one of the view's relations
joins to an anchor, plus the edges of its relations between the kept nodes. Centrality is computed again
within the view, so node sizes say how central a node is in what the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from linkviz import analytics
from linkviz.model import legend
from ontology.errors import UsageError


@dataclass(frozen=True)
class View:
    name: str  # also the page's file name: <name>.html
    title: str
    description: str
    anchors: frozenset[str]  # node classes always shown; empty: every class
    attached: frozenset[str] = frozenset()  # shown when a view relation joins them to an anchor
    relations: frozenset[str] | None = None  # edge relations shown; None: all
    layout: str = "force"  # "force", "hierarchical" (levels computed here) or "stages" (positions)

    @property
    def file_name(self) -> str:
        return f"{self.name}.html"


VIEWS: tuple[View, ...] = (
    View(
        "linkages",
        "Crime-linkage network",
        "How drug trafficking links to other crime: one edge per pair of crime types, as wide as the "
        "evidence behind it, drawn dashed when the link is the exception rather than the rule and dotted "
        "when it is not confirmed or declining. Grey arrows show the crime-type hierarchy.",
        anchors=frozenset({"CrimeType"}),
        relations=frozenset({"linkedWith", "broader"}),
    ),
    View(
        "instruments",
        "Instruments, provisions and what they address",
        "The legal instruments, their chapters, articles, paragraphs and recommendations, and the crime "
        "types and other topics each provision addresses, from left to right.",
        anchors=frozenset({"LegalInstrument", "Provision"}),
        attached=frozenset({"CrimeType", "Topic", "Measure", "CooperationMechanism", "AssetRecoveryStage"}),
        relations=frozenset({"partOf", "addresses", "supplements"}),
        layout="hierarchical",
    ),
    View(
        "asset-recovery",
        "The asset-recovery process",
        "The stages of recovering the proceeds of crime, in order, with the measures, cooperation mechanisms "
        "and obstacles at each stage.",
        anchors=frozenset({"AssetRecoveryStage", "Measure", "CooperationMechanism"}),
        attached=frozenset({"Finding", "Statistic"}),
        relations=frozenset({"precedes", "appliesAtStage", "concerns"}),
        layout="stages",
    ),
    View(
        "online-markets",
        "ICT and online drug markets",
        "The technologies involved in drug trafficking (online venues, anonymity networks, payment and "
        "delivery methods) and the substances sold through them.",
        anchors=frozenset({"Technology", "Substance"}),
        attached=frozenset({"CrimeType", "Finding", "Statistic"}),
        relations=frozenset({"soldVia", "broader", "concerns"}),
    ),
    View(
        "whole-graph",
        "The whole graph",
        "Everything crimekg holds except citations and controlled values, which appear in the side panel. "
        "Use the filters to narrow it down.",
        anchors=frozenset(),
    ),
)


def get(name: str) -> View:
    for view in VIEWS:
        if view.name == name:
            return view
    names = ", ".join(v.name for v in VIEWS)
    raise UsageError(f"unknown view {name!r}", hint=f"choose one of: {names}")


def select(model: nx.MultiDiGraph, view: View) -> nx.MultiDiGraph:
    """The part of the model a view shows, as a new graph with centrality computed within it."""
    wanted = view.relations
    edges = [(u, v, k) for u, v, k in model.edges(keys=True) if wanted is None or k in wanted]
    if view.anchors:
        anchors = {n for n, cls in model.nodes(data="class") if cls in view.anchors}
        attached = {
            other
            for u, v, _ in edges
            for node, other in ((u, v), (v, u))
            if node in anchors and model.nodes[other]["class"] in view.attached
        }
        keep = anchors | attached
    else:
        keep = set(model)
    part = nx.MultiDiGraph()
    part.add_nodes_from((n, dict(model.nodes[n])) for n in sorted(keep))
    part.add_edges_from((u, v, k, dict(model.edges[u, v, k])) for u, v, k in edges if u in keep and v in keep)
    if part.number_of_nodes() < model.number_of_nodes() or part.number_of_edges() < model.number_of_edges():
        analytics.annotate(part)  # else the part is the whole model, whose centrality is known
    part.graph.update(legend(part))
    return part
