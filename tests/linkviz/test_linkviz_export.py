"""Exports of the explorer's model: GraphML, GEXF and JSON read back with networkx carry the same
nodes, edges and attributes."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from linkviz_helpers import CKR

from crimekg.cli import main
from linkviz import export


def test_graphml_reads_back_with_the_same_nodes_edges_and_attributes(small_model, tmp_path):
    path = tmp_path / "model.graphml"
    path.write_bytes(export.serialise(small_model, "graphml"))
    back = nx.read_graphml(path, force_multigraph=True)
    flat = export.flattened(small_model)
    assert isinstance(back, nx.MultiDiGraph)
    assert dict(back.nodes(data=True)) == dict(flat.nodes(data=True))
    assert {(u, v, k): d for u, v, k, d in back.edges(keys=True, data=True)} == {
        (u, v, k): d for u, v, k, d in flat.edges(keys=True, data=True)
    }


def test_gexf_reads_back_with_the_same_nodes_edges_and_attributes(small_model, tmp_path):
    path = tmp_path / "model.gexf"
    path.write_bytes(export.serialise(small_model, "gexf"))
    back = nx.read_gexf(path)
    flat = export.flattened(small_model)
    assert dict(back.nodes(data=True)) == dict(flat.nodes(data=True))
    edges = {
        (u, v, d["relation"]): {k: x for k, x in d.items() if k != "id"} for u, v, d in back.edges(data=True)
    }
    assert edges == {(u, v, k): d for u, v, k, d in flat.edges(keys=True, data=True)}


def test_json_is_node_link_data_of_the_model_itself(small_model, tmp_path):
    data = json.loads(export.serialise(small_model, "json"))
    assert set(data) >= {"nodes", "links", "directed", "multigraph"}
    back = nx.node_link_graph(data, edges="links")
    assert dict(back.nodes(data=True)) == dict(small_model.nodes(data=True))
    edges = {(u, v, k): d for u, v, k, d in small_model.edges(keys=True, data=True)}
    assert {(u, v, k): d for u, v, k, d in back.edges(keys=True, data=True)} == edges


def test_flattening_writes_lists_and_records_as_json_text(small_model):
    tip = export.flattened(small_model).nodes[CKR + "trafficking-in-persons"]
    assert json.loads(tip["alt_labels"]) == ["TIP", "human trafficking"]
    assert json.loads(tip["statistics"])[0]["citations"][0]["paragraph"] == 12
    assert "kind" not in tip  # None values are left out


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_crimekg_export_writes_the_model_of_the_whole_graph(fmt, tmp_path, monkeypatch, seed_model):
    monkeypatch.setenv("CRIMEKG_DATA", str(tmp_path / "no-extensions"))
    out = tmp_path / f"crimekg.{fmt}"
    assert main(["export", "--format", fmt, "-o", str(out)]) == 0
    reader = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}.get(fmt)
    if reader:
        back = reader(out)
    else:
        back = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="links")
    assert back.number_of_nodes() == seed_model.number_of_nodes()
    assert back.number_of_edges() == seed_model.number_of_edges()
    assert back.nodes[CKR + "trafficking-in-persons"]["iccs"] == "0204"
