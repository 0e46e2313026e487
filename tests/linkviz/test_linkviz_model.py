"""The explorer's model as data: nodes, edges and the evidence behind them (no HTML here)."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from linkviz_golden import GOLDEN, dumps, summary
from linkviz_helpers import CKR, fixture_model

from graph_data.export import export as export_rdf
from graph_data.loader import Source, all_sources
from linkviz import style
from linkviz.model import build_model
from queries.store import GraphStore

NODE_KEYS = {
    "iri", "slug", "class", "class_label", "kind", "label", "alt_labels", "definition", "text", "iccs",
    "iccs_match", "number", "stage_order", "instruments", "citations", "statistics", "degree", "betweenness",
    "pagerank",
}  # fmt: skip
EDGE_KEYS = {
    "relation", "relation_label", "direction", "evidence", "nature", "prevalence", "evidence_count",
    "citation_count",
}  # fmt: skip


def edge(model: nx.MultiDiGraph, a: str, b: str, relation: str = "linkedWith") -> tuple[str, str, dict]:
    """The edge of a relation between two resources (slugs), whichever way it points."""
    for u, v in ((CKR + a, CKR + b), (CKR + b, CKR + a)):
        if model.has_edge(u, v, key=relation):
            return u, v, model.edges[u, v, relation]
    raise AssertionError(f"no {relation} edge between {a} and {b}")


def slugs(iris: list[str]) -> list[str]:
    return [iri.removeprefix(CKR) for iri in iris]


# -- the seed graph --------------------------------------------------------------------------------------


def test_seed_model_matches_golden_summary(seed_model):
    expected = GOLDEN.read_text(encoding="utf-8")
    actual = dumps(summary(seed_model))
    if actual != expected:
        old, new = (set(text.splitlines()) for text in (expected, actual))
        changes = [f"- {line}" for line in sorted(old - new)][:10]
        changes += [f"+ {line}" for line in sorted(new - old)][:10]
        pytest.fail(
            "the model of the seed graph differs from tests/linkviz/golden/seed-model.json; if the seed "
            "graph changed on purpose, run .venv/bin/python tests/linkviz/linkviz_golden.py and review "
            "the diff.\n" + "\n".join(changes)
        )


def test_tip_drug_trafficking_edge_carries_paragraph_12_and_footnote_16_evidence(seed_model):
    _, _, data = edge(seed_model, "trafficking-in-persons", "drug-trafficking")
    cited = {(c["paragraph"], c["footnote"]) for claim in data["evidence"] for c in claim["citations"]}
    assert (12, None) in cited and (12, 16) in cited
    forced_iri = CKR + "linkage-tip-victims-forced-into-drug-crime"
    forced = next(c for c in data["evidence"] if c["iri"] == forced_iri)
    footnote_16 = next(c for c in forced["citations"] if c["footnote"] == 16)
    assert footnote_16["document_identifier"] == "UNODC/CND/ES/2021/2"
    assert footnote_16["secondary_source"] == CKR + "glotip-2020"
    assert footnote_16["locator"] == "figure 9"
    share = next(s for s in forced["statistics"] if s["unit"] == "per cent")
    assert (share["value"], share["qualifier"]) == (6.0, "about")
    assert [n["iri"] for n in forced["nature"]] == [CKR + "nature-forced-criminality"]


def test_tip_drug_trafficking_edge_gathers_every_linkage_of_the_pair(seed_model):
    _, _, data = edge(seed_model, "trafficking-in-persons", "drug-trafficking")
    claims = slugs([c["iri"] for c in data["evidence"]])
    assert {
        "linkage-tip-drug-trafficking-large-groups",
        "linkage-tip-drug-trafficking-small-groups",
        "linkage-tip-victims-forced-into-drug-crime",
    } <= set(claims)
    assert all(c["type"] == "Linkage" for c in data["evidence"])
    prevalences = {p["label"] for p in data["prevalence"]}
    assert {"regular", "less likely"} <= prevalences
    assert data["evidence_count"] >= len(claims) + 2  # the two statistics of paragraph 12 support one linkage


def test_forced_criminality_linkage_points_from_tip_subtype_to_drug_trafficking(seed_model):
    u, v, data = edge(seed_model, "trafficking-in-persons-for-forced-criminality", "drug-trafficking")
    assert (u, v) == (CKR + "trafficking-in-persons-for-forced-criminality", CKR + "drug-trafficking")
    assert data["direction"] == "forward"


def test_smuggling_drug_trafficking_edge_is_drawn_dashed_for_exception_rather_than_the_rule(seed_model):
    _, _, data = edge(seed_model, "smuggling-of-migrants", "drug-trafficking")
    prevalences = [p["iri"] for p in data["prevalence"]]
    assert CKR + "prevalence-exceptional" in prevalences
    assert style.dashes(prevalences) == style.DASHED


def test_crime_types_carry_iccs_codes_from_the_iccs_scheme_only(seed_model):
    tip = seed_model.nodes[CKR + "trafficking-in-persons"]
    assert (tip["iccs"], tip["iccs_match"]) == ("0204", "exact")
    assert "human trafficking" in tip["alt_labels"]
    drugs = seed_model.nodes[CKR + "drug-trafficking"]
    assert (drugs["iccs"], drugs["iccs_match"]) == ("0601", "broad")
    assert seed_model.nodes[CKR + "money-laundering"]["iccs"] == "07041"
    assert all(d["iccs"] is None for _, d in seed_model.nodes(data=True) if d["class"] != "CrimeType")


def test_provisions_belong_to_their_instrument_and_address_what_coverage_claims_say(seed_model):
    article = seed_model.nodes[CKR + "untoc-art-6"]
    assert (article["class"], article["kind"], article["number"]) == ("Provision", "article", "6")
    assert article["instruments"] == [CKR + "untoc"]
    assert seed_model.has_edge(CKR + "untoc-art-6", CKR + "untoc", key="partOf")
    _, _, data = edge(seed_model, "untoc-art-6", "money-laundering", "addresses")
    assert [c["type"] for c in data["evidence"]] == ["Coverage"]
    assert CKR + "untoc" in seed_model.nodes[CKR + "money-laundering"]["instruments"]


def test_sold_via_edges_run_from_substances_to_technologies_with_online_sale_findings(seed_model):
    sold = [(u, v, d) for u, v, k, d in seed_model.edges(keys=True, data=True) if k == "soldVia"]
    assert sold
    for u, v, data in sold:
        assert (seed_model.nodes[u]["class"], seed_model.nodes[v]["class"]) == ("Substance", "Technology")
        assert data["evidence"] and all(c["type"] == "Finding" and c["citations"] for c in data["evidence"])


def test_every_linkage_edge_rests_on_cited_claims(seed_model):
    for u, v, key, data in seed_model.edges(keys=True, data=True):
        assert set(data) == EDGE_KEYS
        if key == "linkedWith":
            assert seed_model.nodes[u]["class"] == seed_model.nodes[v]["class"] == "CrimeType"
            assert data["evidence"] and all(claim["citations"] for claim in data["evidence"])
            assert data["citation_count"] >= 1


def test_every_node_has_the_model_schema_and_centrality(seed_model):
    for node, data in seed_model.nodes(data=True):
        assert set(data) == NODE_KEYS, node
        assert data["label"] and data["class_label"]
        assert data["degree"] == len(set(seed_model.predecessors(node)) | set(seed_model.successors(node)))
        assert 0.0 <= data["betweenness"] <= 1.0
        assert data["pagerank"] is not None  # scipy is a dependency
    assert not any(d["class"] in {"Linkage", "Coverage", "Citation"} for _, d in seed_model.nodes(data=True))


def test_drug_trafficking_links_rest_on_more_claims_than_any_other_crime_types(seed_model):
    claims: dict[str, int] = {}
    for u, v, key, data in seed_model.edges(keys=True, data=True):
        if key == "linkedWith":
            for node in (u, v):
                claims[node] = claims.get(node, 0) + len(data["evidence"])
    assert max(claims, key=claims.get) == CKR + "drug-trafficking"


def test_centrality_is_that_of_the_undirected_projection(seed_model):
    projection = nx.Graph([(u, v) for u, v in seed_model.edges() if u != v])
    projection.add_nodes_from(seed_model)
    betweenness = nx.betweenness_centrality(projection)
    for node, data in seed_model.nodes(data=True):
        assert data["betweenness"] == pytest.approx(betweenness[node], abs=1e-6)
        assert data["degree"] == projection.degree(node)


def test_asserted_convenience_edges_do_not_change_the_model(seed_model):
    """With the derived ckg:linkedWith, ckg:addresses and ckg:soldVia triples loaded (crimekg export
    --inferred), the model is the same: it derives those edges itself, with their evidence."""
    nquads = export_rdf(all_sources(include_extensions=False), "nq", inferred=True)
    import pyoxigraph as ox

    source = Source("inferred.nq", nquads, ox.RdfFormat.N_QUADS, "https://w3id.org/crimekg/graph/test")
    with GraphStore.embedded(sources=[source]) as store:
        inferred = build_model(store)
    assert sorted(inferred.edges(keys=True)) == sorted(seed_model.edges(keys=True))
    assert json.dumps(summary(inferred)) == json.dumps(summary(seed_model))


# -- small fixture graphs ------------------------------------------------------------------------------


def test_a_linkage_of_three_crime_types_makes_an_edge_for_each_pair(small_model):
    pairs = [("corruption", "money-laundering"), ("corruption", "drug-trafficking")]
    for a, b in pairs + [("drug-trafficking", "money-laundering")]:
        _, _, data = edge(small_model, a, b)
        assert slugs([c["iri"] for c in data["evidence"]]) == ["linkage-enabling"]
        assert data["direction"] == "none"


def test_statistics_that_concern_a_node_are_on_the_node(small_model):
    tip = small_model.nodes[CKR + "trafficking-in-persons"]
    assert [s["iri"] for s in tip["statistics"]] == [CKR + "stat-tip-forced-crime-share"]
    assert tip["statistics"][0]["citations"][0]["footnote"] == 16


def test_asset_recovery_stage_order_and_kinds(small_model):
    assert small_model.nodes[CKR + "stage-freezing"]["stage_order"] == 2
    assert small_model.nodes[CKR + "non-conviction-based-confiscation"]["kind"] == "form of confiscation"
    assert small_model.nodes[CKR + "convention-1988"]["kind"] == "treaty"
    assert small_model.has_edge(CKR + "stage-identification", CKR + "stage-freezing", key="precedes")


def test_hostile_labels_are_kept_verbatim_as_data(hostile_model):
    assert hostile_model.nodes[CKR + "hostile-script"]["label"] == "<script>alert('label')</script>"
    _, _, data = edge(hostile_model, "hostile-script", "hostile-img")
    assert data["evidence"][0]["citations"][0]["locator"] == "<iframe src=javascript:alert('locator')>"


def test_fixture_model_without_linkages_has_no_linkage_edges():
    model = fixture_model()
    assert model.number_of_nodes() == 0 or all(k != "linkedWith" for _, _, k in model.edges(keys=True))
