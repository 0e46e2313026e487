"""A synthetic model of any size, in the same shape as the real one, for scale tests and benchmarks.

    python -m linkviz.synthetic --nodes 5000 -o big.html     # the whole-graph view of 5,000 nodes

The page sets ``window.crimekgReady = performance.now()`` once it is interactive, so a benchmark can load
it in Chromium and read the time from navigation start to interactive.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import networkx as nx

from linkviz import analytics
from linkviz.model import legend

CLASSES = (
    ("CrimeType", "crime type", 0.10),
    ("LegalInstrument", "legal instrument", 0.04),
    ("Provision", "provision", 0.20),
    ("Technology", "technology", 0.06),
    ("Substance", "substance", 0.06),
    ("Finding", "finding", 0.24),
    ("Commitment", "commitment", 0.12),
    ("Statistic", "statistic", 0.08),
    ("Organization", "organization", 0.05),
    ("Topic", "topic", 0.05),
)
RELATIONS = {
    ("CrimeType", "CrimeType"): ("linkedWith", "linked with"),
    ("Provision", "LegalInstrument"): ("partOf", "part of"),
    ("Provision", "CrimeType"): ("addresses", "addresses"),
    ("Substance", "Technology"): ("soldVia", "sold via"),
    ("Commitment", "LegalInstrument"): ("madeIn", "made in"),
}
PREVALENCES = ("systematic", "regular", "opportunistic", "exceptional", "not-confirmed")
BASE = "https://example.org/synthetic/"


def _node(i: int, cls: str, label: str) -> dict:
    return {
        "iri": f"{BASE}{cls.lower()}-{i}",
        "slug": None,
        "class": cls,
        "class_label": label,
        "kind": None,
        "label": f"{label} {i}",
        "alt_labels": [f"{cls[:3].upper()}-{i}"],
        "definition": f"Synthetic {label} number {i}.",
        "text": None,
        "iccs": None,
        "iccs_match": None,
        "number": None,
        "stage_order": None,
        "instruments": [],
        "citations": [],
        "statistics": [],
    }


def _citation(paragraph: int) -> dict:
    return {
        "iri": f"{BASE}cite-p{paragraph}",
        "label": f"synthetic paper, para. {paragraph}",
        "document": BASE + "paper",
        "document_label": "synthetic paper",
        "document_identifier": "SYN/1",
        "paragraph": paragraph,
        "footnote": None,
        "subparagraph": None,
        "secondary_source": None,
        "secondary_source_label": None,
        "locator": None,
    }


def _claim(rng: random.Random, i: int, u: str, v: str) -> dict:
    prevalence = rng.choice(PREVALENCES)
    iri = f"https://w3id.org/crimekg/resource/prevalence-{prevalence}"
    return {
        "iri": f"{BASE}linkage-{i}",
        "type": "Linkage",
        "label": f"synthetic linkage {i}",
        "text": "A synthetic claim.",
        "nature": [],
        "prevalence": [{"iri": iri, "label": prevalence.replace("-", " ")}],
        "from_crime": [u] if i % 3 == 0 else [],
        "to_crime": [v] if i % 3 == 0 else [],
        "scope": None,
        "geographic_scope": [],
        "period": None,
        "concerns": [],
        "citations": [_citation(1 + i % 51)],
        "statistics": [],
        "findings": [],
    }


def synthetic_model(nodes: int = 5000, *, seed: int = 0, edges_per_node: float = 2.0) -> nx.MultiDiGraph:
    """A model of ``nodes`` nodes and about ``edges_per_node`` × as many edges, with evidence on linkages."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    by_class: dict[str, list[str]] = {}
    i = 0
    for cls, label, share in CLASSES:
        count = max(2, round(nodes * share)) if cls != CLASSES[-1][0] else max(2, nodes - i)
        for _ in range(count):
            data = _node(i, cls, label)
            graph.add_node(data["iri"], **data)
            by_class.setdefault(cls, []).append(data["iri"])
            i += 1
    everything = list(graph)
    claim = 0
    for _ in range(int(nodes * edges_per_node)):
        u = rng.choice(everything)
        pair = (graph.nodes[u]["class"], None)
        candidates = [t for (s, t) in RELATIONS if s == pair[0]]
        target_class = rng.choice(candidates) if candidates and rng.random() < 0.7 else rng.choice(CLASSES)[0]
        v = rng.choice(by_class[target_class])
        if u == v:
            continue
        relation, relation_label = RELATIONS.get((pair[0], target_class), ("concerns", "concerns"))
        if graph.has_edge(u, v, key=relation):
            continue
        evidence = [_claim(rng, claim, u, v)] if relation == "linkedWith" else []
        claim += len(evidence)
        graph.add_edge(
            u,
            v,
            key=relation,
            relation=relation,
            relation_label=relation_label,
            direction="forward" if relation != "linkedWith" or claim % 3 == 1 else "none",
            evidence=evidence,
            nature=[],
            prevalence=[p for c in evidence for p in c["prevalence"]],
            evidence_count=len(evidence),
            citation_count=len(evidence),
        )
    for provision in by_class["Provision"]:
        owners = [v for _, v, k in graph.out_edges(provision, keys=True) if k == "partOf"]
        graph.nodes[provision]["instruments"] = owners
    analytics.annotate(graph)
    graph.graph.update(legend(graph))
    return graph


def main(argv: list[str] | None = None) -> int:
    from linkviz import render, views

    parser = argparse.ArgumentParser(description="Write the whole-graph page of a synthetic model.")
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", default="synthetic.html")
    args = parser.parse_args(argv)
    model = synthetic_model(args.nodes, seed=args.seed)
    view = views.get("whole-graph")
    Path(args.output).write_text(render.page(views.select(model, view), view), encoding="utf-8")
    print(f"wrote {args.output}: {model.number_of_nodes()} nodes, {model.number_of_edges()} edges")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
