"""Views and pages without a browser: what each view holds, how it is laid out, and that the HTML is
self-contained and carries graph text only as escaped data."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import unescape

import pytest
from linkviz_helpers import CKR

from linkviz import layout, render, site, views
from linkviz.synthetic import synthetic_model
from ontology.errors import UsageError

DATA = re.compile(r'<script id="crimekg-data" type="application/json">(.*?)</script>', re.S)


def page_data(html: str) -> dict:
    return json.loads(DATA.search(html).group(1))


@pytest.fixture(scope="module")
def seed_pages(seed_model) -> dict[str, str]:
    return site.render_views(seed_model)


def test_every_view_has_a_page_and_the_index_links_them_all(seed_pages):
    assert set(seed_pages) == {"index.html"} | {v.file_name for v in views.VIEWS}
    for view in views.VIEWS:
        assert f'href="{view.file_name}"' in seed_pages["index.html"]


def test_linkage_view_holds_the_crime_types_and_their_links_only(seed_model):
    part = views.select(seed_model, views.get("linkages"))
    assert {cls for _, cls in part.nodes(data="class")} == {"CrimeType"}
    assert {k for _, _, k in part.edges(keys=True)} == {"linkedWith", "broader"}
    crimes = [n for n, cls in seed_model.nodes(data="class") if cls == "CrimeType"]
    assert part.number_of_nodes() == len(crimes)


def test_instruments_view_puts_instruments_before_provisions_before_what_they_address(seed_model):
    part = views.select(seed_model, views.get("instruments"))
    levels = layout.levels(part)
    for u, v, key in part.edges(keys=True):
        if key == "partOf":
            assert levels[u] > levels[v]  # a part sits below its whole
        if key == "addresses":
            assert levels[v] > levels[u]
    assert CKR + "money-laundering" in part and part.nodes[CKR + "money-laundering"]["class"] == "CrimeType"


def test_asset_recovery_view_lays_the_stages_out_in_order(seed_model):
    part = views.select(seed_model, views.get("asset-recovery"))
    stages = layout.stage_order(part)
    assert len(stages) >= 3
    orders = [part.nodes[s]["stage_order"] for s in stages]
    assert orders == sorted(orders)
    positions = layout.stage_positions(part)
    xs = [positions[s][0] for s in stages]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert set(positions) == set(part)
    assert {"Measure", "CooperationMechanism", "Finding"} <= {c for _, c in part.nodes(data="class")}


def test_online_markets_view_shows_substances_sold_via_technologies(seed_model):
    part = views.select(seed_model, views.get("online-markets"))
    sold = [(u, v) for u, v, k in part.edges(keys=True) if k == "soldVia"]
    assert sold and all(part.nodes[u]["class"] == "Substance" for u, _ in sold)


def test_view_centrality_is_computed_within_the_view(seed_model):
    part = views.select(seed_model, views.get("linkages"))
    drugs = CKR + "drug-trafficking"
    assert part.nodes[drugs]["degree"] < seed_model.nodes[drugs]["degree"]


def test_unknown_view_is_a_usage_error_naming_the_views():
    with pytest.raises(UsageError, match="unknown view") as error:
        views.get("linkage-network")
    assert "linkages" in error.value.hint


def test_page_loads_nothing_from_outside(seed_pages):
    for name, html in seed_pages.items():
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I), name
        assert "<link" not in html and "@import" not in html
        assert "cdn" not in html.lower().replace("cdnjs", "")  # no CDN loader left from pyvis' template


def test_page_policy_allows_exactly_its_own_inline_scripts(seed_pages):
    html = seed_pages["linkages.html"]
    policy = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 2  # vis-network and the explorer
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_embedded_data_is_the_model_and_the_vis_network(seed_model, seed_pages):
    data = page_data(seed_pages["linkages.html"])
    part = views.select(seed_model, views.get("linkages"))
    assert len(data["model"]["nodes"]) == len(data["vis"]["nodes"]) == part.number_of_nodes()
    assert len(data["model"]["edges"]) == len(data["vis"]["edges"]) == part.number_of_edges()
    assert [e["id"] for e in data["model"]["edges"]] == [e["id"] for e in data["vis"]["edges"]]
    smuggling = next(
        e for e in data["vis"]["edges"]
        if {e["from"], e["to"]} == {CKR + "smuggling-of-migrants", CKR + "drug-trafficking"}
    )  # fmt: skip
    assert smuggling["dashes"] == [8, 6]
    assert "title" not in data["vis"]["nodes"][0]  # tooltips are built as DOM text by the page


def test_script_json_cannot_close_the_script_or_break_a_line():
    hostile = {"a": "</script><script>alert(1)</script><!-- \u2028\u2029 & é"}
    text = render.script_json(hostile)
    assert not set("<>&\u2028\u2029é") & set(text)
    assert json.loads(text) == hostile


def test_hostile_labels_reach_the_page_only_as_escaped_json(hostile_model):
    pages = site.render_views(hostile_model)
    shipped = [render.vis_network_js(), render.static("explorer.js")]
    for name, html in pages.items():
        for script in shipped:  # the code the page ships may say onerror; the graph's text may not
            html = html.replace(script, "")
        for raw in ("<script>alert(", "<img", "<svg", "<iframe", "<b ", "<a href=javascript", "\u2028"):
            assert raw not in html, (name, raw)
    data = page_data(pages["linkages.html"])
    labels = {n["label"] for n in data["model"]["nodes"]}
    assert "<script>alert('label')</script>" in labels


def test_long_instrument_labels_are_drawn_with_a_short_synonym(seed_pages):
    data = page_data(seed_pages["instruments.html"])
    drawn = {n["id"]: n["label"] for n in data["vis"]["nodes"]}
    assert all(len(label) <= render.LABEL_LENGTH for label in drawn.values())
    assert drawn[CKR + "untoc"] != "" and len(drawn[CKR + "untoc"]) < 48


def test_big_views_are_laid_out_in_python_with_physics_off():
    model = synthetic_model(1200, seed=2)
    node = next(iter(model.nodes.values()))
    assert {"iri", "class", "label", "alt_labels", "degree", "betweenness", "pagerank"} <= set(node)
    view = views.get("whole-graph")
    data = page_data(render.page(views.select(model, view), view))
    assert data["settings"]["big"] is True
    assert data["vis"]["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["vis"]["nodes"])
    assert len({(n["x"], n["y"]) for n in data["vis"]["nodes"]}) == 1200  # no two nodes on one spot
