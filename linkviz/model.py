"""The graph as a typed networkx model: what every view, export and test of linkviz starts from.

:func:`build_model` asks the store (a few SPARQL queries, :mod:`linkviz.sparql`) and returns a
``networkx.MultiDiGraph`` whose nodes are the things of the graph and whose edges say how they relate,
with the evidence behind each edge. Model first, render last: nothing here knows about HTML.

Node attributes (every key always present; ``None`` or ``[]`` when there is no value):
``iri``, ``slug``, ``class`` (main class: ``CrimeType``, ``LegalInstrument``, ``Provision`` …, ``Topic``),
``class_label``, ``kind`` (provision/technology/measure/finding/commitment kind, or the instrument's own
class), ``label``, ``alt_labels``, ``definition``, ``text``, ``iccs`` (the ICCS code), ``iccs_match``
(``exact``/``close``/``broad``), ``number``, ``stage_order``, ``instruments`` (the legal instruments a
node belongs to or is addressed by), ``citations``, ``statistics`` (those that ``ckg:concerns`` it),
``degree``, ``betweenness``, ``pagerank`` (:mod:`linkviz.analytics`).

Edges are keyed by relation (one edge per source, target and relation). Attributes: ``relation`` (the
property's local name: ``linkedWith``, ``partOf``, ``addresses``, ``soldVia`` …), ``relation_label``,
``direction`` (``forward``: source → target; ``both``; ``none``: undirected), ``evidence`` (claim records,
:mod:`linkviz.evidence`), ``nature`` and ``prevalence`` (concepts of the evidence), ``evidence_count``
(claims plus the statistics and findings that support them) and ``citation_count`` (distinct citations).

``linkedWith`` edges come from ``ckg:Linkage`` claims (one edge per pair of crime types a linkage
involves), ``addresses`` edges of provisions and instruments from ``ckg:Coverage`` claims, ``soldVia``
edges from findings of kind online sale: these convenience edges are derived here, with evidence, and
asserted copies of them are ignored. All other links between two nodes are edges as stated.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any

import networkx as nx

from linkviz import analytics, evidence
from linkviz.index import SKOS, GraphIndex, local_name, slug
from linkviz.sparql import Selector
from ontology import CKG, CKR

#: Main node classes, most telling first: a node in several takes the first.
NODE_CLASSES = (
    "CrimeType",
    "LegalInstrument",
    "Provision",
    "Technology",
    "Substance",
    "AssetRecoveryStage",
    "CooperationMechanism",
    "Measure",
    "Organization",
    "Indicator",
    "Meeting",
    "Place",
    "Challenge",
    "DiscussionQuestion",
    "Commitment",
    "Finding",
    "Statistic",
    "Topic",
    "Document",
)
TOPIC = SKOS + "Concept"
INSTRUMENT_KINDS = {
    CKG + kind
    for kind in ("Treaty", "Protocol", "PoliticalDeclaration", "Resolution", "Standard", "Guideline")
}
KIND_PROPERTIES = ("provisionKind", "technologyKind", "measureKind", "findingKind", "commitmentKind")
ELI = "http://data.europa.eu/eli/ontology#"
#: Properties read as the property they invert, so that each link is one edge.
INVERSES = {
    SKOS + "narrower": SKOS + "broader",
    CKG + "hasPart": CKG + "partOf",
    CKG + "follows": CKG + "precedes",
    ELI + "has_part": CKG + "partOf",
}
INVERTED = set(INVERSES)
#: Properties read as another with the same direction (a super-property an OWL reasoner may add).
SAME_AS = {ELI + "is_part_of": CKG + "partOf"}
#: Transitive relations are drawn as their transitive reduction: part → whole, not part → every whole.
TRANSITIVE = ("partOf", "precedes")
SYMMETRIC = {SKOS + "related"}
#: Derived here from claims, with evidence; asserted copies are skipped.
DERIVED = {CKG + "linkedWith", CKG + "soldVia"}
ONLINE_SALE = CKR + "finding-online-sale"
ICCS = CKR + "iccs"


def build_model(selector: Selector) -> nx.MultiDiGraph:
    """The typed model of the whole graph in the store (union of its named graphs)."""
    return model_from_index(GraphIndex.load(selector))


def model_from_index(index: GraphIndex) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    concerning = _statistics_by_topic(index)
    for iri in sorted(index.node_classes):
        graph.add_node(iri, **_node(index, iri, concerning.get(iri, [])))
    _add_stated_edges(graph, index)
    _reduce_transitive(graph)
    _add_linkage_edges(graph, index)
    _add_claim_edges(graph, index)
    _summarise_edges(graph)
    _add_instruments(graph)
    analytics.annotate(graph)
    graph.graph.update(legend(graph))
    return graph


# -- nodes ---------------------------------------------------------------------------------------------


def main_class(classes: set[str]) -> str:
    names = {TOPIC: "Topic"} | {CKG + name: name for name in NODE_CLASSES}
    found = {names[c] for c in classes if c in names}
    return next(name for name in NODE_CLASSES if name in found)


def _node(index: GraphIndex, iri: str, statistics: list[str]) -> dict[str, Any]:
    cls = main_class(index.node_classes[iri])
    iccs, match = _iccs(index, iri, cls)
    order = index.first(iri, CKG + "stageOrder")
    return {
        "iri": iri,
        "slug": slug(iri),
        "class": cls,
        "class_label": "topic" if cls == "Topic" else index.label(CKG + cls),
        "kind": _kind(index, iri, cls),
        "label": index.label(iri),
        "alt_labels": [str(v) for v in index.values(iri, SKOS + "altLabel")],
        "definition": index.definition(iri),
        "text": _text(index.first(iri, CKG + "text")),
        "iccs": iccs,
        "iccs_match": match,
        "number": _text(index.first(iri, CKG + "number")),
        "stage_order": order if isinstance(order, int) else None,
        "instruments": [],
        "citations": evidence.citations(index, iri),
        "statistics": [evidence.statistic(index, s) for s in statistics],
    }


def _kind(index: GraphIndex, iri: str, cls: str) -> str | None:
    for name in KIND_PROPERTIES:
        values = index.ckg(iri, name)
        if values:
            return index.label(values[0])
    specific = sorted(t for t in index.node_types[iri] if t in INSTRUMENT_KINDS)
    return index.label(specific[0]) if specific and cls == "LegalInstrument" else None


def _iccs(index: GraphIndex, iri: str, cls: str) -> tuple[str | None, str | None]:
    """The ICCS code of a crime type: the skos:notation of its exact, else close, else broad match in
    the scheme ckr:iccs (``iccs_match`` says which)."""
    if cls != "CrimeType":
        return None, None
    for match in ("exact", "close", "broad"):
        for concept in index.objects(iri, f"{SKOS}{match}Match"):
            notation = index.first(concept, SKOS + "notation")
            if notation is not None and ICCS in index.objects(concept, SKOS + "inScheme"):
                return str(notation), match
    return None, None


def _statistics_by_topic(index: GraphIndex) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for claim, classes in sorted(index.claims.items()):
        if CKG + "Statistic" in classes:
            for topic in index.ckg(claim, "concerns"):
                found[topic].append(claim)
    return found


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


# -- edges ---------------------------------------------------------------------------------------------


def _edge(graph: nx.MultiDiGraph, index: GraphIndex, u: str, v: str, prop: str) -> dict[str, Any]:
    relation = local_name(prop)
    if not graph.has_edge(u, v, key=relation):
        direction = "none" if prop in SYMMETRIC else "forward"
        label = index.label(prop)
        graph.add_edge(u, v, key=relation, relation=relation, relation_label=label, direction=direction)
        graph.edges[u, v, relation]["evidence"] = []
    return graph.edges[u, v, relation]


def _add_stated_edges(graph: nx.MultiDiGraph, index: GraphIndex) -> None:
    for subject in sorted(index.links):
        if subject not in graph:
            continue
        for prop, objects in sorted(index.links[subject].items()):
            if prop in DERIVED:
                continue
            for obj in sorted(objects):
                if obj not in graph or obj == subject:
                    continue
                if prop in INVERTED:
                    _edge(graph, index, obj, subject, INVERSES[prop])
                elif prop in SAME_AS:
                    _edge(graph, index, subject, obj, SAME_AS[prop])
                elif prop in SYMMETRIC:
                    _edge(graph, index, *sorted((subject, obj)), prop)
                else:
                    _edge(graph, index, subject, obj, prop)


def _reduce_transitive(graph: nx.MultiDiGraph) -> None:
    """Drop an edge of a transitive relation that a longer chain of the same relation implies."""
    for relation in TRANSITIVE:
        chain = nx.DiGraph([(u, v) for u, v, k in graph.edges(keys=True) if k == relation])
        if not nx.is_directed_acyclic_graph(chain):
            continue
        kept = nx.transitive_reduction(chain)
        graph.remove_edges_from([(u, v, relation) for u, v in chain.edges() if not kept.has_edge(u, v)])


def _add_linkage_edges(graph: nx.MultiDiGraph, index: GraphIndex) -> None:
    """One ``linkedWith`` edge per pair of crime types, carrying every linkage that involves both."""
    pairs: dict[tuple[str, str], list[tuple[evidence.ClaimRecord, set[tuple[str, str]]]]] = defaultdict(list)
    for claim, classes in sorted(index.claims.items()):
        if CKG + "Linkage" not in classes:
            continue
        record = evidence.claim(index, claim)
        involved = set(index.ckg(claim, "involves")) | set(record["from_crime"]) | set(record["to_crime"])
        directed = {(f, t) for f in record["from_crime"] for t in record["to_crime"] if f != t}
        for a, b in combinations(sorted(c for c in involved if c in graph), 2):
            pairs[a, b].append((record, {d for d in directed if set(d) == {a, b}}))
    for (a, b), items in sorted(pairs.items()):
        directions = set().union(*(d for _, d in items))
        u, v = (b, a) if directions == {(b, a)} else (a, b)
        edge = _edge(graph, index, u, v, CKG + "linkedWith")
        edge["direction"] = {0: "none", 1: "forward"}.get(len(directions), "both")
        edge["evidence"].extend(record for record, _ in items)


def _add_claim_edges(graph: nx.MultiDiGraph, index: GraphIndex) -> None:
    """``addresses`` from coverage claims and ``soldVia`` from online-sale findings, with evidence."""
    for claim, classes in sorted(index.claims.items()):
        if CKG + "Coverage" in classes:
            pairs = [(p, t) for p in index.ckg(claim, "ofProvision") for t in index.ckg(claim, "addresses")]
            prop = CKG + "addresses"
        elif CKG + "Finding" in classes and ONLINE_SALE in index.ckg(claim, "findingKind"):
            topics = [t for t in index.ckg(claim, "concerns") if t in graph]
            substances = [t for t in topics if graph.nodes[t]["class"] == "Substance"]
            technologies = [t for t in topics if graph.nodes[t]["class"] == "Technology"]
            pairs = [(s, t) for s in substances for t in technologies]
            prop = CKG + "soldVia"
        else:
            continue
        for u, v in pairs:
            if u in graph and v in graph and u != v:
                _edge(graph, index, u, v, prop)["evidence"].append(evidence.claim(index, claim))


def _summarise_edges(graph: nx.MultiDiGraph) -> None:
    for _, _, data in graph.edges(data=True):
        claims = sorted(data["evidence"], key=lambda record: record["iri"])
        data["evidence"] = claims
        data["nature"] = _concepts(c for record in claims for c in record["nature"])
        data["prevalence"] = _concepts(c for record in claims for c in record["prevalence"])
        support = [s for record in claims for s in record["statistics"] + record["findings"]]
        data["evidence_count"] = len(claims) + len(support)
        cited = {c["iri"] for record in claims for c in record["citations"]}
        cited |= {c["iri"] for s in support for c in s["citations"]}
        data["citation_count"] = len(cited)


def _concepts(concepts: Any) -> list[dict[str, str]]:
    unique = {c["iri"]: c for c in concepts}
    return [unique[iri] for iri in sorted(unique)]


def _add_instruments(graph: nx.MultiDiGraph) -> None:
    """Which legal instruments each node belongs to (provisions) or is addressed or made in by."""
    found: dict[str, set[str]] = defaultdict(set)
    part_of = nx.DiGraph([(u, v) for u, v, relation in graph.edges(keys=True) if relation == "partOf"])
    for node, cls in graph.nodes(data="class"):
        if cls == "LegalInstrument":
            found[node].add(node)
        elif cls == "Provision" and node in part_of:
            wholes = nx.descendants(part_of, node)
            found[node] |= {w for w in wholes if graph.nodes[w]["class"] == "LegalInstrument"}
    for u, v, relation in graph.edges(keys=True):
        if relation == "madeIn":
            found[u].add(v)
    for u, v, relation in graph.edges(keys=True):
        if relation == "addresses":
            found[v] |= found[u]
    for node, instruments in found.items():
        graph.nodes[node]["instruments"] = sorted(instruments)


def legend(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Names of the classes, relations, prevalences and instruments present, for filters and legends."""
    classes = {d["class"]: d["class_label"] for _, d in graph.nodes(data=True)}
    relations = {d["relation"]: d["relation_label"] for _, _, d in graph.edges(data=True)}
    prevalences = {c["iri"]: c["label"] for _, _, d in graph.edges(data=True) for c in d["prevalence"]}
    instruments = {n: d["label"] for n, d in graph.nodes(data=True) if d["class"] == "LegalInstrument"}
    return {
        "classes": dict(sorted(classes.items())),
        "relations": dict(sorted(relations.items())),
        "prevalences": dict(sorted(prevalences.items())),
        "instruments": dict(sorted(instruments.items(), key=lambda item: item[1].lower())),
    }
