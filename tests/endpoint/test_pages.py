"""Linked data at /resource/{slug}, the query page, the catalogue and the explorer pages."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest

CKR = "https://w3id.org/crimekg/resource/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class Page(HTMLParser):
    """The parts of an HTML page the tests look at: elements, links, scripts, visible text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.scripts += tag == "script"

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def links(self) -> list[str]:
        return [a["href"] or "" for tag, a in self.tags if tag == "a" and "href" in a]

    def handlers(self) -> list[str]:
        return [name for _, attrs in self.tags for name in attrs if name.lower().startswith("on")]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("*/*", ox.RdfFormat.TURTLE),
    ],
)
def test_resource_answers_rdf_by_accept(server, accept: str, fmt) -> None:
    answer = server.get("/resource/bribery", {"Accept": accept})
    assert answer.status == 200
    assert "Accept" in answer.header("Vary")
    triples = {
        (t.subject.value, t.predicate.value, t.object.value) for t in ox.parse(answer.body, format=fmt)
    }
    assert (CKR + "bribery", "http://www.w3.org/2004/02/skos/core#broader", CKR + "corruption") in triples
    # incoming statements too: a linkage that involves bribery
    assert any(
        p == "https://w3id.org/crimekg/ontology#involves" and o == CKR + "bribery" for _, p, o in triples
    )


def test_resource_format_parameter_picks_the_serialisation(server) -> None:
    answer = server.get("/resource/bribery?format=jsonld", {"Accept": "text/turtle"})
    assert answer.header("Content-Type").startswith("application/ld+json")
    assert isinstance(json.loads(answer.body), list)


def test_resource_rdf_of_a_claim_carries_its_citation(server) -> None:
    answer = server.get("/resource/test-hostile-linkage", {"Accept": "application/n-triples"})
    triples = {
        (t.subject.value, t.predicate.value, t.object.value)
        for t in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)
    }
    assert (CKR + "test-hostile-citation", "https://w3id.org/crimekg/ontology#paragraph", "12") in triples


def test_resource_html_for_a_browser_lists_statements_with_links_to_neighbours(server) -> None:
    answer = server.get("/resource/bribery", {"Accept": BROWSER})
    assert answer.status == 200
    assert answer.header("Content-Type").startswith("text/html")
    page = Page(answer.text)
    assert "/resource/corruption" in page.links()
    text = " ".join(page.text)
    assert "bribery" in text and "has broader" in text
    assert "script-src 'self'" in answer.header("Content-Security-Policy")
    assert page.scripts == 0


def test_resource_html_of_a_claim_shows_document_paragraph_footnote_and_secondary_source(server) -> None:
    linkage = json.loads(
        server.query(
            "SELECT ?l WHERE { ?l a ckg:Linkage ; prov:wasDerivedFrom ?c . ?c ckg:footnote ?f ; "
            "ckg:secondarySource ?s } ORDER BY ?l LIMIT 1"
        ).body
    )["results"]["bindings"][0]["l"]["value"]
    details = json.loads(
        server.query(
            "SELECT ?l ?p ?f ?sl WHERE { ?l prov:wasDerivedFrom ?c . ?c ckg:paragraph ?p ; ckg:footnote ?f ; "
            "ckg:secondarySource ?s . ?s rdfs:label ?sl } LIMIT 1",
            **{"$l": f"<{linkage}>"},
        ).body
    )["results"]["bindings"][0]
    answer = server.get("/resource/" + linkage.removeprefix(CKR), {"Accept": BROWSER})
    text = " ".join(Page(answer.text).text)
    assert "Provenance" in text
    assert "UNODC/CND/ES/2021/2" in text
    assert f"paragraph {details['p']['value']}" in text
    assert f"footnote {details['f']['value']}" in text
    assert details["sl"]["value"] in text


def test_resource_html_of_a_crime_type_lists_the_linkages_that_involve_it_with_paragraphs(server) -> None:
    rows = json.loads(
        server.query(
            "SELECT ?label ?p WHERE { ?l ckg:involves ckr:money-laundering ; rdfs:label ?label ; "
            "prov:wasDerivedFrom/ckg:paragraph ?p } ORDER BY ?label LIMIT 3"
        ).body
    )["results"]["bindings"]
    assert rows
    text = " ".join(Page(server.get("/resource/money-laundering", {"Accept": BROWSER}).text).text)
    assert "Claims about this resource" in text
    for row in rows:
        assert row["label"]["value"] in text
        assert f"paragraph {row['p']['value']}" in text


def test_hostile_labels_stay_inert_text(server) -> None:
    for slug in ("test-hostile-crime", "test-hostile-linkage", "drug-trafficking"):
        answer = server.get(f"/resource/{slug}", {"Accept": BROWSER})
        assert answer.status == 200
        page = Page(answer.text)
        assert page.scripts == 0, slug
        assert page.handlers() == [], slug
        assert not any(tag in ("img", "svg", "b", "i") for tag, _ in page.tags), slug
    crime = Page(server.get("/resource/test-hostile-crime", {"Accept": BROWSER}).text)
    assert "<script>window.__pwned = 1</script>hostile crime" in "".join(crime.text)


def test_unknown_resource_is_404_with_a_helpful_page(server) -> None:
    answer = server.get("/resource/no-such-thing", {"Accept": BROWSER})
    assert answer.status == 404
    assert answer.header("Content-Type").startswith("text/html")
    assert "search-labels" in answer.text
    assert server.get("/resource/no-such-thing", {"Accept": "text/turtle"}).status == 404


@pytest.mark.parametrize(
    "path",
    [
        "/resource/..%2F..%2Fetc%2Fpasswd",
        "/resource/a%00b",
        "/resource/%3Cscript%3E",
        "/resource/a/b",
        "/resource/",
        "/resource/.hidden",
        "/resource/" + "a" * 300,
    ],
)
def test_odd_resource_names_are_refused(server, path: str) -> None:
    answer = server.get(path, {"Accept": BROWSER})
    assert answer.status == 400
    assert "<script>" not in answer.text


def test_query_page_is_served_with_a_strict_policy_and_no_external_reference(server) -> None:
    answer = server.get("/", {"Accept": BROWSER})
    assert answer.status == 200
    policy = answer.header("Content-Security-Policy")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page = Page(answer.text)
    references = [a.get("src") or a.get("href") for tag, a in page.tags if tag in ("script", "link", "img")]
    assert references and all(ref.startswith("/static/") for ref in references)
    assert not any(tag == "script" and "src" not in a for tag, a in page.tags)  # no inline script
    for asset in ("/static/app.js", "/static/style.css"):
        body = server.get(asset).text
        assert not re.search(r"https?://(?!w3id\.org/crimekg/)", body), asset


def test_catalogue_json_lists_every_query_with_parameters_and_defaults(server) -> None:
    from queries import catalog

    data = json.loads(server.get("/catalogue.json").body)
    assert [q["name"] for q in data["queries"]] == [q.name for q in catalog.catalogue()]
    linked = next(q for q in data["queries"] if q["name"] == "crimes-linked-to")
    assert linked["params"][0]["default"] == "ckr:drug-trafficking"
    assert data["prefixes"]["ckr"] == CKR


def test_explorer_pages_are_served_with_hashes_for_their_inline_scripts(server) -> None:
    index = server.get("/explore/", {"Accept": BROWSER})
    assert index.status == 200
    assert "frame-ancestors 'none'" in index.header("Content-Security-Policy")
    views = [link for link in Page(index.text).links() if link.endswith(".html")]
    assert views
    view = server.get("/explore/" + views[0].rsplit("/", 1)[-1])
    assert view.status == 200
    policy = view.header("Content-Security-Policy")
    if "<script>" in view.text:
        assert "'sha256-" in policy
    assert "'unsafe-eval'" not in policy
    assert server.get("/explore/no-such-view.html").status == 404
    assert server.get("/explore").status == 200


def test_head_requests_get_headers_without_a_body(server) -> None:
    answer = server.request("HEAD", "/resource/bribery", headers={"Accept": "text/turtle"})
    assert answer.status == 200
    assert answer.body == b""
    assert int(answer.header("Content-Length")) > 0
