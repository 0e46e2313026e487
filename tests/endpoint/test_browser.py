"""The query page in a real browser (Debian's Chromium via Playwright), with every request off this server
blocked: `crimekg serve` answers a catalogue query from the browser page offline."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import playwright.sync_api as playwright_api
import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
EXAMPLE = "crimes-linked-to"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


class Watched:
    """A page whose requests to anywhere but the server are aborted and recorded, with its console errors."""

    def __init__(self, browser, server) -> None:
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        own = (server.host, server.port)

        def route(route) -> None:
            parts = urlsplit(route.request.url)
            if parts.scheme in ("http", "https") and (parts.hostname, parts.port) == own:
                route.continue_()
            elif parts.scheme in ("data", "blob"):
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()

        self.context.route("**/*", route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser, server) -> Iterator[Watched]:
    window = Watched(browser, server)
    yield window
    window.close()


def expected_rows(server) -> int:
    """The number of rows the example gives with its default parameter, asked over the protocol."""
    from queries import catalog

    query = catalog.get(EXAMPLE)
    defaults = {p.name: p.default for p in query.params if p.default}
    fields = {"query": query.text, **{f"${name}": value for name, value in defaults.items()}}
    answer = server.post_form(fields, {"Accept": "application/sparql-results+json"})
    assert answer.status == 200, answer.text
    return len(json.loads(answer.body)["results"]["bindings"])


def test_a_catalogue_example_runs_from_the_page_with_no_outside_request(server, watched) -> None:
    rows = expected_rows(server)
    assert rows > 0
    page = watched.page
    page.goto(server.url)
    page.click(f'button.example[data-name="{EXAMPLE}"]')
    assert page.input_value('[data-param="crime"]') == "ckr:drug-trafficking"
    assert "ckg:Linkage" in page.input_value("#query")
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    assert page.locator("table.results tbody tr").count() == rows
    assert page.locator('table.results a[href^="/resource/"]').count() > 0
    assert "rows in" in page.inner_text("#status")
    # the graph holds a linkage whose label is markup (tests/fixtures/endpoint): it must stay text
    assert page.evaluate("window.__pwned") is None
    assert page.locator("table.results svg, table.results img").count() == 0
    assert watched.outside == []
    assert not [e for e in watched.errors if "Content Security Policy" in e]


def test_ctrl_enter_runs_the_editor_and_errors_are_shown(server, watched) -> None:
    page = watched.page
    page.goto(server.url)
    page.wait_for_selector("button.example")
    page.fill("#query", "SELECT ?label WHERE { ckr:bribery rdfs:label ?label }")
    page.press("#query", "Control+Enter")
    page.wait_for_selector("table.results tbody tr")
    assert page.inner_text("table.results tbody") == "bribery @en"
    page.fill("#query", "SELECT ?x WHERE { ?x")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert "malformed SPARQL" in page.inner_text("#error")
    assert watched.outside == []


def test_resource_links_lead_to_pages_with_provenance(server, watched) -> None:
    page = watched.page
    page.goto(server.url)
    page.wait_for_selector("button.example")
    page.fill("#query", "SELECT ?l WHERE { ?l ckg:involves ckr:test-hostile-crime }")
    page.click("#run")
    page.click('table.results a[href="/resource/test-hostile-linkage"]')
    page.wait_for_selector("section.provenance")
    assert "paragraph 12" in page.inner_text("section.provenance")
    assert page.evaluate("window.__pwned") is None
    assert watched.outside == []


def test_explorer_pages_run_under_their_policy_offline(server, watched) -> None:
    page = watched.page
    page.goto(server.url + "explore/")
    views = page.eval_on_selector_all('a[href$=".html"]', "links => links.map(a => a.getAttribute('href'))")
    assert views
    page.goto(server.url + "explore/" + views[0].rsplit("/", 1)[-1])
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert not [e for e in watched.errors if "Content Security Policy" in e], watched.errors
    assert watched.outside == []
