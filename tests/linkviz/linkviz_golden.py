"""The golden summary of the seed graph's model: tests/linkviz/golden/seed-model.json.

Regenerate it after the seed graph changes, then read the diff before committing it:

    .venv/bin/python tests/linkviz/linkviz_golden.py
    git diff tests/linkviz/golden/seed-model.json

The summary keeps what the model decides — which nodes, with which class, label, ICCS code and instruments;
which edges, in which direction, resting on which claims and citations — one line per node and per edge,
so that a diff reads like a list of changes. Centrality is left out (every edge moves it); focused tests
check it instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

GOLDEN = Path(__file__).resolve().parent / "golden" / "seed-model.json"
CKR = "https://w3id.org/crimekg/resource/"


def short(iri: str) -> str:
    return "ckr:" + iri[len(CKR) :] if iri.startswith(CKR) else iri


def node_summary(node: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": short(node),
        "class": data["class"],
        "kind": data["kind"],
        "label": data["label"],
        "alt_labels": data["alt_labels"],
        "iccs": data["iccs"],
        "iccs_match": data["iccs_match"],
        "instruments": [short(i) for i in data["instruments"]],
        "citations": [short(c["iri"]) for c in data["citations"]],
        "statistics": [short(s["iri"]) for s in data["statistics"]],
        "degree": data["degree"],
    }


def edge_summary(u: str, v: str, data: dict[str, Any]) -> dict[str, Any]:
    claims = data["evidence"]
    return {
        "source": short(u),
        "target": short(v),
        "relation": data["relation"],
        "direction": data["direction"],
        "evidence": [short(c["iri"]) for c in claims],
        "citations": sorted({short(c["iri"]) for claim in claims for c in claim["citations"]}),
        "prevalence": [short(p["iri"]) for p in data["prevalence"]],
        "nature": [short(n["iri"]) for n in data["nature"]],
        "evidence_count": data["evidence_count"],
        "citation_count": data["citation_count"],
    }


def summary(model: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    nodes = [node_summary(n, d) for n, d in sorted(model.nodes(data=True))]
    edges = sorted(
        (edge_summary(u, v, d) for u, v, d in model.edges(data=True)),
        key=lambda e: (e["source"], e["target"], e["relation"]),
    )
    return {"nodes": nodes, "edges": edges}


def dumps(data: dict[str, list[dict[str, Any]]]) -> str:
    """One JSON object per line, so that diffs of the golden file read line by line."""
    parts = []
    for key in ("nodes", "edges"):
        lines = ",\n".join("  " + json.dumps(item, ensure_ascii=False, sort_keys=True) for item in data[key])
        parts.append(f' "{key}": [\n{lines}\n ]')
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main() -> None:
    from graph_data.loader import all_sources
    from linkviz.model import build_model
    from queries.store import GraphStore

    with GraphStore.embedded(sources=all_sources(include_extensions=False)) as store:
        model = build_model(store)
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(dumps(summary(model)), encoding="utf-8")
    print(f"wrote {GOLDEN}: {model.number_of_nodes()} nodes, {model.number_of_edges()} edges")


if __name__ == "__main__":
    main()
