"""Render last: a view of the model as one self-contained HTML page.

The page is built from a pyvis ``Network`` (nodes and edges with their vis-network options) and the
project's own Jinja template (``templates/explorer.html``): pyvis's template loads Bootstrap and
vis-network from CDNs, ours inlines the vis-network copy that pyvis ships and the explorer's own CSS and
JavaScript (``static/``). A Content-Security-Policy (``default-src 'none'``, inline scripts allowed only
by their SHA-256 hash) makes the page refuse any external request and any script it did not ship with.

Graph text never becomes markup: the model travels as JSON in a ``<script type="application/json">``
block with ``<``, ``>``, ``&`` and every non-ASCII character escaped, and the page's JavaScript puts text
into the DOM with ``textContent`` only.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from linkviz import layout, style
from linkviz.views import VIEWS, View
from ontology.errors import CrimekgError

#: Above this many nodes, positions come from Python (grouped by class) and physics starts off.
LAYOUT_LIMIT = 1000
#: Above this many visible nodes, the page groups nodes by class (vis clusters) and asks for a filter.
CLUSTER_LIMIT = 1500
LABEL_LENGTH = 48
VIS_SCRIPT = "lib/vis-9.1.2/vis-network.min.js"


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>``, ``&``, and ASCII only (so no U+2028/9)."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def vis_network_js() -> str:
    """The vis-network copy that pyvis ships, without its source-map comment."""
    try:
        text = (resources.files("pyvis") / VIS_SCRIPT).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as error:
        raise CrimekgError(
            f"vis-network is missing from the pyvis package ({error})",
            hint="reinstall crimekg's dependencies: pip install 'pyvis==0.3.2'",
        ) from None
    text = "\n".join(line for line in text.split("\n") if not line.startswith("//# sourceMappingURL"))
    if "</script" in text.lower() or "<!--" in text:
        raise CrimekgError("the vis-network copy cannot be inlined safely (it contains '</script' or '<!--')")
    return text


@cache
def static(name: str) -> str:
    return (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader(__package__, "templates"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def csp(scripts: Sequence[str]) -> str:
    """A policy that allows exactly these inline scripts, inline styles and data/blob images."""
    digests = [base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") for s in scripts]
    allowed = " ".join(f"'sha256-{d}'" for d in digests) or "'none'"
    return (
        f"default-src 'none'; script-src {allowed}; style-src 'unsafe-inline'; "
        "img-src data: blob:; font-src 'none'; connect-src 'none'; frame-src 'none'; object-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


# -- the vis network -----------------------------------------------------------------------------------


def network(part: nx.MultiDiGraph, view: View) -> tuple[Network, list[str]]:
    """A pyvis Network of the view's nodes and edges with their looks; also the edge ids in order."""
    big = part.number_of_nodes() > LAYOUT_LIMIT
    positions = layout.grouped_positions(part) if big else {}
    if view.layout == "stages" and not big:
        positions = layout.stage_positions(part)
    levels = layout.levels(part) if view.layout == "hierarchical" and not big else {}
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.node_ids = _NodeIds()
    sizes = node_sizes(part, "degree")
    for node, data in part.nodes(data=True):
        color, shape = style.class_style(data["class"])
        options: dict[str, Any] = {"size": sizes[node], "color": color}
        if node in positions:
            options["x"], options["y"] = positions[node]
        if node in levels:
            options["level"] = levels[node]
        net.add_node(node, label=display_label(data), shape=shape, **options)
    edge_ids = []
    for i, (u, v, key, data) in enumerate(sorted(part.edges(keys=True, data=True), key=_edge_order)):
        edge_id = f"e{i}"
        edge_ids.append(edge_id)
        net.add_edge(u, v, **edge_options(edge_id, key, data))
    net.options = options_for(view, part.number_of_nodes(), big)
    return net, edge_ids


class _NodeIds(list):
    """pyvis keeps node ids in a list and tests membership in it on every add_node and add_edge, which
    makes building a page quadratic (96,000 edges: 10 s in add_edge alone); the same list, with a set
    answering ``in``."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, node: Any) -> None:
        super().append(node)
        self._members.add(node)

    def __contains__(self, node: object) -> bool:
        return node in self._members


def _edge_order(edge: tuple[str, str, str, dict[str, Any]]) -> tuple[str, str, str]:
    return edge[0], edge[1], edge[2]


def edge_options(edge_id: str, relation: str, data: dict[str, Any]) -> dict[str, Any]:
    arrows = {"forward": "to", "both": "to, from", "none": ""}[data["direction"]]
    return {
        "id": edge_id,
        "width": style.width(data["evidence_count"]),
        "dashes": style.dashes([p["iri"] for p in data["prevalence"]]),
        "arrows": arrows,
        "color": {"color": style.relation_color(relation), "highlight": "#222222", "opacity": 0.85},
    }


def node_sizes(part: nx.Graph, metric: str) -> dict[str, float]:
    """Node sizes from 10 to 40 by a centrality (square-root scaled), as the page computes them too."""
    values = {n: float(part.nodes[n].get(metric) or 0.0) for n in part}
    top = max(values.values(), default=0.0)
    return {n: round(10 + 30 * (v / top) ** 0.5, 2) if top > 0 else 14.0 for n, v in values.items()}


def display_label(data: dict[str, Any]) -> str:
    """The label drawn on the canvas: the label, else a short synonym (UNTOC), else the label cut short."""
    label: str = data["label"]
    if len(label) <= LABEL_LENGTH:
        return label
    synonyms = sorted((a for a in data["alt_labels"] if 3 <= len(a) <= LABEL_LENGTH), key=len)
    if synonyms and data["class"] in {"LegalInstrument", "Document", "Organization"}:
        return synonyms[0]
    return label[: LABEL_LENGTH - 1].rstrip() + "…"


def options_for(view: View, count: int, big: bool) -> dict[str, Any]:
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {
            "font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
            "widthConstraint": {"maximum": 200},
        },
        "edges": {
            "smooth": {"enabled": not big, "type": "continuous"},
            "arrows": {"to": {"scaleFactor": 0.6}, "from": {"scaleFactor": 0.6}},
            "selectionWidth": 2,
        },
        "interaction": {"hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": big, "keyboard": False},
        "layout": {"randomSeed": 7, "improvedLayout": count <= 150},
        "physics": {
            "enabled": not big,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "springLength": 130, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": 300 if count <= 200 else 150, "fit": True},
        },
    }
    if big:
        return options
    if view.layout == "hierarchical":
        options["layout"]["hierarchical"] = {
            "enabled": True,
            "direction": "LR",
            "sortMethod": "directed",
            "levelSeparation": 380,
            "nodeSpacing": 60,
            "shakeTowards": "roots",
        }
        options["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal"}
        options["physics"] = {"enabled": False}
    elif view.layout == "stages":
        options["physics"] = {"enabled": False}
    return options


# -- the page ------------------------------------------------------------------------------------------


def payload(part: nx.MultiDiGraph, view: View, net: Network, edge_ids: list[str]) -> dict[str, Any]:
    """Everything the page's JavaScript reads: the model, the vis data and options, the legend."""
    ordered = sorted(part.edges(keys=True, data=True), key=_edge_order)
    return {
        "view": {"name": view.name, "title": view.title, "description": view.description},
        "views": [{"name": v.name, "title": v.title, "file": v.file_name} for v in VIEWS],
        "model": {
            "nodes": [{"id": n, **data} for n, data in part.nodes(data=True)],
            "edges": [
                {"id": i, "source": u, "target": v, **data}
                for i, (u, v, _, data) in zip(edge_ids, ordered, strict=True)
            ],
        },
        "vis": {"nodes": net.nodes, "edges": net.edges, "options": net.options},
        "legend": legend(part.graph),
        "settings": {"clusterLimit": CLUSTER_LIMIT, "big": part.number_of_nodes() > LAYOUT_LIMIT},
    }


def legend(graph: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Classes, relations, prevalences and instruments of a view with their looks, for filters and legend."""
    classes = graph["classes"].items()
    relations = graph["relations"].items()
    return {
        "classes": [
            {"key": k, "label": v, "color": style.class_style(k)[0], "shape": style.class_style(k)[1]}
            for k, v in classes
        ],
        "relations": [{"key": k, "label": v, "color": style.relation_color(k)} for k, v in relations],
        "prevalences": [
            {"iri": k, "label": v, "dashes": style.dashes([k])} for k, v in graph["prevalences"].items()
        ],
        "instruments": [{"iri": k, "label": v} for k, v in graph["instruments"].items()],
    }


def page(part: nx.MultiDiGraph, view: View) -> str:
    """The HTML page of one view of the model (``part`` as :func:`linkviz.views.select` returns it)."""
    net, edge_ids = network(part, view)
    scripts = [vis_network_js(), static("explorer.js")]
    return (
        environment()
        .get_template("explorer.html")
        .render(
            view=view,
            views=VIEWS,
            csp=csp(scripts),
            css=Markup(static("explorer.css")),
            vis_js=Markup(scripts[0]),
            explorer_js=Markup(scripts[1]),
            data=Markup(script_json(payload(part, view, net, edge_ids))),
            node_count=part.number_of_nodes(),
            edge_count=part.number_of_edges(),
        )
    )


def index_page(counts: dict[str, tuple[int, int]], views: Sequence[View] = VIEWS) -> str:
    """The page that links every view, with its description and size."""
    return (
        environment()
        .get_template("index.html")
        .render(views=views, counts=counts, csp=csp([]), css=Markup(static("explorer.css")))
    )
