"""The explorer in a real browser: Debian's Chromium driven by Playwright, one browser for the module.

Every page is opened from file:// with every other request aborted and recorded (and, for the served
mode, from a tiny HTTP server on 127.0.0.1). No timings are asserted here; see benchmarks/.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest
from linkviz_helpers import CKR

from linkviz import render, site, views
from linkviz.synthetic import synthetic_model

CHROMIUM = "/usr/bin/chromium"
TIP = CKR + "trafficking-in-persons"


@dataclass
class Opened:
    page: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: object = None) -> object:
        return self.page.evaluate(expression, arg)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("the browser tests need Debian's chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def seed_site(seed_model, tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("explorer")
    site.write_pages(site.render_views(seed_model), directory)
    return directory


@pytest.fixture(scope="module")
def hostile_site(hostile_model, tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("hostile")
    site.write_pages(site.render_views(hostile_model), directory)
    return directory


@pytest.fixture
def open_page(browser):
    contexts = []

    def opener(url: str, *, allowed: str = "file:") -> Opened:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)

        def route(route):
            if route.request.url.startswith(allowed):
                route.continue_()
            else:
                opened.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url)
        if not url.endswith("index.html"):
            page.wait_for_selector("body[data-ready='true']", state="attached", timeout=30000)
        return opened

    yield opener
    for context in contexts:
        context.close()


def hidden_nodes(opened: Opened) -> set[str]:
    return set(opened.js("network.body.data.nodes.get({filter: n => n.hidden}).map(n => n.id)"))


def click_node(opened: Opened, node: str) -> None:
    x, y = opened.js(
        """id => { const p = network.canvasToDOM(network.getPositions([id])[id]);
                   const r = document.getElementById('mynetwork').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        node,
    )
    opened.page.mouse.click(x, y)


# -- loading -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", [v.name for v in views.VIEWS])
def test_view_loads_offline_with_no_request_no_error_and_the_models_counts(
    view, seed_site, seed_model, open_page
):
    opened = open_page((seed_site / f"{view}.html").as_uri())
    part = views.select(seed_model, views.get(view))
    counts = opened.js(
        "[network.body.data.nodes.length, network.body.data.edges.length, "
        "crimekgModel.nodes.length, crimekgModel.edges.length]"
    )
    assert counts == [part.number_of_nodes(), part.number_of_edges()] * 2
    assert opened.blocked == [] and opened.errors == []
    assert opened.js("typeof window.crimekgReady") == "number"


def test_index_page_links_every_view(seed_site, open_page):
    opened = open_page((seed_site / "index.html").as_uri())
    links = opened.js("[...document.querySelectorAll('.view-list a')].map(a => a.getAttribute('href'))")
    assert links == [v.file_name for v in views.VIEWS]
    assert opened.blocked == [] and opened.errors == []


# -- search, panel, served mode ------------------------------------------------------------------------


def test_search_finds_trafficking_in_persons_and_enter_selects_and_focuses_it(seed_site, open_page):
    opened = open_page((seed_site / "linkages.html").as_uri())
    opened.page.fill("#search", "trafficking in persons")
    first = opened.page.locator("#suggestions li").first
    assert first.inner_text().startswith("trafficking in persons")
    opened.page.press("#search", "Enter")
    assert opened.js("network.getSelectedNodes()") == [TIP]
    assert opened.page.locator("#panel h2").inner_text() == "trafficking in persons"
    opened.page.fill("#search", "human trafficking")  # a synonym (skos:altLabel)
    assert opened.page.locator("#suggestions li").first.inner_text().startswith("trafficking in persons")


def test_clicking_trafficking_in_persons_shows_the_paragraph_12_evidence(seed_site, open_page):
    opened = open_page((seed_site / "linkages.html").as_uri())
    click_node(opened, TIP)
    panel = opened.page.locator("#panel-body")
    assert panel.get_attribute("data-node") == TIP
    text = panel.inner_text()
    assert "UNODC/CND/ES/2021/2, para. 12, footnote 16" in text
    assert "Global Report on Trafficking in Persons 2020" in text and "figure 9" in text
    assert "ICCS code" in text and "0204" in text
    assert opened.page.locator("#panel-body .citation[data-paragraph='12']").count() >= 2
    assert opened.page.locator("#panel-body .resource-link").count() == 0  # file:// is not served


def test_clicking_an_edge_shows_its_claims(seed_site, seed_model, open_page):
    opened = open_page((seed_site / "linkages.html").as_uri())
    edge = opened.js(
        """ends => crimekgModel.edges.find(e => e.relation === 'linkedWith' &&
             ends.includes(e.source) && ends.includes(e.target)).id""",
        [TIP, CKR + "drug-trafficking"],
    )
    assert opened.js("id => crimekgExplorer.showEdge(id)", edge) is True
    text = opened.page.locator("#panel-body").inner_text()
    assert "evidence" in text.lower() and "para. 12" in text and "about 6 per cent" in text


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_served_page_links_each_node_to_its_resource_page(seed_site, open_page):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(seed_site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        opened = open_page(origin + "linkages.html", allowed=origin)
        opened.js("id => crimekgExplorer.select(id)", TIP)
        link = opened.page.locator("#panel-body a.resource-link")
        assert link.get_attribute("href") == "/resource/trafficking-in-persons"
        assert opened.blocked == [] and opened.errors == []
    finally:
        server.shutdown()
        server.server_close()


# -- filters, expand, path -----------------------------------------------------------------------------


def test_class_filter_hides_that_class_and_reset_shows_it_again(seed_site, seed_model, open_page):
    opened = open_page((seed_site / "whole-graph.html").as_uri())
    findings = {n for n, cls in seed_model.nodes(data="class") if cls == "Finding"}
    opened.page.locator("#filter-classes input[value='Finding']").uncheck()
    assert hidden_nodes(opened) == findings
    visible = int(opened.page.locator("#count-nodes").inner_text())
    assert visible == seed_model.number_of_nodes() - len(findings)
    hidden_edges = set(
        opened.js("network.body.data.edges.get({filter: e => e.hidden}).map(e => e.from + ' ' + e.to)")
    )
    assert hidden_edges == {f"{u} {v}" for u, v in seed_model.edges() if u in findings or v in findings}
    opened.page.click("#reset")
    assert hidden_nodes(opened) == set()
    assert opened.errors == []


def test_expand_shows_the_hidden_neighbours_of_a_node(seed_site, seed_model, open_page):
    opened = open_page((seed_site / "whole-graph.html").as_uri())
    opened.page.locator("#filter-classes input[value='Statistic']").uncheck()
    statistics = {n for n in nx.all_neighbors(seed_model, TIP) if seed_model.nodes[n]["class"] == "Statistic"}
    assert statistics and statistics <= hidden_nodes(opened)
    opened.js("id => crimekgExplorer.select(id)", TIP)
    opened.page.get_by_role("button", name="Expand neighbours").click()
    assert not statistics & hidden_nodes(opened)


def test_prevalence_filter_hides_linkage_edges_and_keeps_the_hierarchy(seed_site, open_page):
    opened = open_page((seed_site / "linkages.html").as_uri())
    opened.page.click("summary:has-text('Prevalence of linkages')")
    for box in opened.page.locator("#filter-prevalences input").all():
        box.uncheck()
    shown = opened.js(
        """network.body.data.edges.get({filter: e => !e.hidden})
             .map(e => crimekgModel.edges.find(m => m.id === e.id).relation)"""
    )
    assert shown and set(shown) == {"broader"}


def test_instrument_filter_keeps_what_the_instrument_holds_or_addresses(seed_site, seed_model, open_page):
    opened = open_page((seed_site / "instruments.html").as_uri())
    opened.page.click("summary:has-text('Instrument')")
    opened.page.locator("#filter-instrument").select_option(CKR + "untoc")
    visible = set(opened.js("network.body.data.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
    assert {CKR + "untoc", CKR + "untoc-art-6", CKR + "money-laundering"} <= visible
    assert all(CKR + "untoc" in seed_model.nodes[n]["instruments"] for n in visible)


def test_path_between_cybercrime_and_money_laundering_is_shown(seed_site, seed_model, open_page):
    opened = open_page((seed_site / "linkages.html").as_uri())
    opened.page.fill("#path-from", "cybercrime")
    opened.page.fill("#path-to", "money-laundering")
    opened.page.click("#path-find")
    path = opened.js("crimekgExplorer.state.path")
    part = views.select(seed_model, views.get("linkages"))
    expected = nx.shortest_path_length(
        nx.Graph(part.to_undirected()), CKR + "cybercrime", CKR + "money-laundering"
    )
    assert path[0] == CKR + "cybercrime" and path[-1] == CKR + "money-laundering"
    assert len(path) - 1 == expected
    assert all(part.has_edge(a, b) or part.has_edge(b, a) for a, b in zip(path, path[1:], strict=False))
    colours = opened.js(
        "crimekgExplorer.state.pathEdges.map(id => network.body.data.edges.get(id).color.color)"
    )
    assert colours == ["#111111"] * expected
    assert opened.js("network.getSelectedNodes()") == path
    assert "money-laundering" in opened.page.locator("#path-result").inner_text()


# -- escaping, PNG, scale ------------------------------------------------------------------------------


def test_hostile_labels_stay_inert(hostile_site, open_page):
    opened = open_page((hostile_site / "linkages.html").as_uri())
    opened.page.fill("#search", "<script>")
    opened.page.press("#search", "Enter")
    assert opened.page.locator("#panel h2").inner_text() == "<script>alert('label')</script>"
    click_node(opened, CKR + "hostile-img")
    opened.page.mouse.move(10, 10)
    edge = opened.js(
        "crimekgModel.edges.find(e => e.evidence.some(c => c.iri.endsWith('hostile-linkage'))).id"
    )
    opened.js("id => crimekgExplorer.showEdge(id)", edge)
    assert "<iframe src=javascript:alert('locator')>" in opened.page.locator("#panel-body").inner_text()
    x, y = opened.js(
        """id => { const p = network.canvasToDOM(network.getPositions([id])[id]);
                   const r = document.getElementById('mynetwork').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        CKR + "hostile-script",
    )
    opened.page.mouse.move(x, y)  # the tooltip
    opened.page.wait_for_timeout(400)
    assert opened.js("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert opened.js("document.scripts.length") == 3
    assert opened.dialogs == [] and opened.errors == [] and opened.blocked == []


def test_png_export_downloads_a_data_url(seed_site, open_page):
    opened = open_page((seed_site / "linkages.html").as_uri())
    with opened.page.expect_download() as download:
        opened.page.click("#png")
    assert download.value.suggested_filename == "crimekg-linkages.png"
    url = opened.js("crimekgExplorer.exportPng()")
    assert url.startswith("data:image/png;base64,") and len(url) > 5000
    assert opened.blocked == []


def test_physics_toggle_and_size_by_centrality(seed_site, open_page):
    opened = open_page((seed_site / "linkages.html").as_uri())
    assert opened.page.get_attribute("#physics", "aria-pressed") == "false"  # stopped after stabilising
    opened.page.click("#physics")
    assert opened.page.get_attribute("#physics", "aria-pressed") == "true"
    assert opened.js("network.physics.options.enabled") is True
    opened.page.select_option("#size-by", "betweenness")
    sizes = opened.js("Object.fromEntries(network.body.data.nodes.get().map(n => [n.id, n.size]))")
    model = opened.js("Object.fromEntries(crimekgModel.nodes.map(n => [n.id, n.betweenness]))")
    top = max(model, key=model.get)
    assert sizes[top] == max(sizes.values()) == 40


def test_big_graph_is_grouped_by_class_instead_of_drawn_node_by_node(open_page, tmp_path):
    model = synthetic_model(2000, seed=1)
    view = views.get("whole-graph")
    path = tmp_path / "big.html"
    path.write_text(render.page(views.select(model, view), view), encoding="utf-8")
    opened = open_page(path.as_uri())
    assert opened.js("network.body.data.nodes.length") == 2000
    assert opened.js("network.isCluster('cluster:Finding')") is True
    assert opened.page.locator("#notice").is_visible()
    assert opened.js("network.physics.options.enabled") is False
    assert opened.errors == [] and opened.blocked == []
