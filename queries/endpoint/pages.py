"""The HTML the server writes itself: resource pages (linked data for browsers) and error pages.

Every piece of text that comes from the graph goes through :func:`html.escape` (labels are researchers'
data: a label holding ``<script>`` must stay text). Links are made only to ``/resource/{slug}`` pages and
to ``http(s)`` IRIs; no inline script or style, so the pages work under a strict Content-Security-Policy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

import pyoxigraph as ox

import ontology

CKR = ontology.CKR
#: A resource slug: what may follow https://w3id.org/crimekg/resource/ in a /resource/ URL.
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}")

_PROLOGUE = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
    "PREFIX ckg: <https://w3id.org/crimekg/ontology#>\n"
)
_LABEL = 'FILTER (lang({v}) = "en" || lang({v}) = "")'

#: The server's own lookups; ``?r`` is bound by substitution, never pasted (so every SELECT projects it).
EXISTS = "ASK { { ?r ?p ?o } UNION { ?s ?p ?r } }"
OUTGOING = _PROLOGUE + (
    "SELECT ?r ?p ?o (SAMPLE(?pl) AS ?pLabel) (SAMPLE(?ol) AS ?oLabel)"
    ' (GROUP_CONCAT(DISTINCT STR(?g); separator=" ") AS ?graphs) WHERE {\n'
    "  ?r ?p ?o .\n  OPTIONAL { GRAPH ?g { ?r ?p ?o } }\n"
    "  OPTIONAL { ?p rdfs:label ?pl " + _LABEL.format(v="?pl") + " }\n"
    "  OPTIONAL { ?o rdfs:label ?ol " + _LABEL.format(v="?ol") + " }\n"
    "} GROUP BY ?r ?p ?o ORDER BY ?p ?o"
)
INCOMING = _PROLOGUE + (
    "SELECT ?r ?s ?p (SAMPLE(?sl) AS ?sLabel) (SAMPLE(?pl) AS ?pLabel) WHERE {\n"
    "  ?s ?p ?r .\n"
    "  OPTIONAL { ?p rdfs:label ?pl " + _LABEL.format(v="?pl") + " }\n"
    "  OPTIONAL { ?s rdfs:label ?sl " + _LABEL.format(v="?sl") + " }\n"
    "} GROUP BY ?r ?s ?p ORDER BY ?p ?s LIMIT 1000"
)
_CITATION = (
    "  OPTIONAL { ?citation ckg:citedDocument ?doc OPTIONAL { ?doc rdfs:label ?dl "
    + _LABEL.format(v="?dl")
    + " } }\n"
    "  OPTIONAL { ?citation ckg:paragraph ?paragraph }\n"
    "  OPTIONAL { ?citation ckg:subparagraph ?subparagraph }\n"
    "  OPTIONAL { ?citation ckg:footnote ?footnote }\n"
    "  OPTIONAL { ?citation ckg:secondarySource ?secondary OPTIONAL { ?secondary rdfs:label ?sl "
    + _LABEL.format(v="?sl")
    + " } }\n"
    "  OPTIONAL { ?citation ckg:locator ?locator }\n"
)
_CITATION_VARS = (
    "?citation ?doc (SAMPLE(?dl) AS ?docLabel) ?paragraph ?subparagraph ?footnote ?secondary"
    " (SAMPLE(?sl) AS ?secondaryLabel) ?locator"
)
_CITATION_GROUP = "?citation ?doc ?paragraph ?subparagraph ?footnote ?secondary ?locator"
PROVENANCE = _PROLOGUE + (
    f"SELECT ?r {_CITATION_VARS} WHERE {{\n  ?r prov:wasDerivedFrom ?citation .\n{_CITATION}}}"
    f" GROUP BY ?r {_CITATION_GROUP} ORDER BY ?paragraph ?footnote ?citation"
)
CLAIMS = _PROLOGUE + (
    "SELECT ?r ?claim (SAMPLE(?cl) AS ?claimLabel) ?property (SAMPLE(?prl) AS ?propertyLabel) "
    f"{_CITATION_VARS}"
    " WHERE {\n  ?claim ?property ?r ; prov:wasDerivedFrom ?citation .\n"
    "  OPTIONAL { ?claim rdfs:label ?cl " + _LABEL.format(v="?cl") + " }\n"
    "  OPTIONAL { ?property rdfs:label ?prl " + _LABEL.format(v="?prl") + " }\n"
    f"{_CITATION}}} GROUP BY ?r ?claim ?property {_CITATION_GROUP} ORDER BY ?claim ?paragraph ?footnote"
    " LIMIT 1000"
)
DESCRIBE = _PROLOGUE + (
    "CONSTRUCT { ?r ?p ?o . ?s ?q ?r . ?c ?cp ?co } WHERE {\n"
    "  { ?r ?p ?o } UNION { ?s ?q ?r } UNION { ?r prov:wasDerivedFrom ?c . ?c ?cp ?co }\n}"
)

LOOKUP_LIMIT = 1000  # the LIMIT of INCOMING and CLAIMS
Row = Sequence[ox.NamedNode | ox.BlankNode | ox.Literal | None]


@dataclass(frozen=True)
class Table:
    variables: list[str]
    rows: list[Row]

    def dicts(self) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        return [
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.rows
        ]


# --- layout ------------------------------------------------------------------------------------------
def layout(title: str, body: str) -> bytes:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} — crimekg</title>"
        '<link rel="stylesheet" href="/static/style.css"><link rel="icon" href="/static/favicon.svg">'
        '</head><body><header class="top"><a class="brand" href="/">crimekg</a>'
        '<nav><a href="/">Query</a><a href="/explore/">Explorer</a><a href="/sparql">Service description</a>'
        f'</nav></header><main class="page">{body}</main></body></html>\n'
    ).encode()


def error_page(status: int, title: str, message: str, hint: str = "") -> bytes:
    extra = f"<p>{escape(hint)}</p>" if hint else ""
    return layout(title, f"<h1>{status} — {escape(title)}</h1><p>{escape(message)}</p>{extra}")


# --- terms -------------------------------------------------------------------------------------------
def slug_of(iri: str) -> str | None:
    """The slug of a ckr: IRI that has a /resource/ page, else None."""
    if iri.startswith(CKR) and SLUG.fullmatch(iri[len(CKR) :]):
        return iri[len(CKR) :]
    return None


def curie(iri: str) -> str:
    for prefix, namespace in ontology.PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def term_html(term: object, label: object = None) -> str:
    """An RDF term as HTML: ckr: IRIs link to their pages, literals show language or datatype."""
    text = label.value if isinstance(label, ox.Literal) else None
    if isinstance(term, ox.NamedNode):
        slug = slug_of(term.value)
        shown = escape(text or curie(term.value))
        title = escape(term.value)
        if slug:
            return f'<a href="/resource/{escape(quote(slug))}" title="{title}">{shown}</a>'
        if curie(term.value) == term.value and term.value.startswith(("http://", "https://")):
            return f'<a class="external" href="{title}" rel="nofollow noopener noreferrer">{shown}</a>'
        return f'<span class="iri" title="{title}">{shown}</span>'
    if isinstance(term, ox.Literal):
        note = ""
        if term.language:
            note = f' <span class="note">@{escape(term.language)}</span>'
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            note = f' <span class="note">{escape(curie(term.datatype.value))}</span>'
        return f'<span class="literal">{escape(term.value)}</span>{note}'
    if isinstance(term, ox.BlankNode):
        return f'<span class="bnode">_:{escape(term.value)}</span>'
    return ""


def _graphs_html(value: object) -> str:
    if not isinstance(value, ox.Literal) or not value.value:
        return ""
    names = [g.removeprefix("https://w3id.org/crimekg/graph/") for g in value.value.split()]
    return f'<span class="source-file">{escape(", ".join(names))}</span>'


def _first(table: Table) -> str:
    """A note when a lookup stopped at its LIMIT (a hub of a big graph)."""
    if len(table.rows) >= LOOKUP_LIMIT:
        return f'<p class="note">The first {LOOKUP_LIMIT}; ask /sparql for all of them.</p>'
    return ""


# --- the resource page -------------------------------------------------------------------------------
def merge_citations(rows: list[dict], key: Sequence[str]) -> list[dict]:
    """Rows that differ only in secondary source or locator, merged into one (lists of both kept)."""
    merged: dict[tuple, dict] = {}
    for row in rows:
        entry = merged.setdefault(tuple(row.get(k) for k in key), {**row, "secondaries": [], "locators": []})
        if "secondary" in row and row["secondary"] not in [s for s, _ in entry["secondaries"]]:
            entry["secondaries"].append((row["secondary"], row.get("secondaryLabel")))
        if "locator" in row and row["locator"] not in entry["locators"]:
            entry["locators"].append(row["locator"])
    return list(merged.values())


def citation_html(entry: dict) -> str:
    """One citation: document, paragraph (subparagraph), footnote, secondary sources and locators."""
    parts = []
    if "doc" in entry:
        parts.append(term_html(entry["doc"], entry.get("docLabel")))
    if "paragraph" in entry:
        sub = f" ({escape(entry['subparagraph'].value)})" if "subparagraph" in entry else ""
        parts.append(f"paragraph {escape(entry['paragraph'].value)}{sub}")
    if "footnote" in entry:
        parts.append(f"footnote {escape(entry['footnote'].value)}")
    if entry.get("secondaries"):
        parts.append("relying on " + " and ".join(term_html(s, label) for s, label in entry["secondaries"]))
    parts += [escape(locator.value) for locator in entry.get("locators", [])]
    cite = term_html(entry["citation"]) if "citation" in entry else ""
    return ", ".join(parts) + (f' <span class="note">({cite})</span>' if cite else "")


def resource_page(slug: str, outgoing: Table, incoming: Table, provenance: Table, claims: Table) -> bytes:
    iri = CKR + slug
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    out = outgoing.dicts()
    labels = [r["o"] for r in out if r["p"].value == "http://www.w3.org/2000/01/rdf-schema#label"]
    english = [t for t in labels if isinstance(t, ox.Literal) and t.language in ("en", None, "")]
    title = english[0].value if english else slug
    types = [term_html(r["o"], r.get("oLabel")) for r in out if r["p"].value == rdf_type]
    body = [f"<h1>{escape(title)}</h1>", f'<p class="iri-line"><code>{escape(iri)}</code></p>']
    if types:
        body.append(f'<p class="types">a {", ".join(types)}</p>')
    base = f"/resource/{escape(quote(slug))}"
    body.append(
        f'<p class="formats">This resource as <a href="{base}?format=ttl">Turtle</a>, '
        f'<a href="{base}?format=jsonld">JSON-LD</a>, <a href="{base}?format=nt">N-Triples</a>.</p>'
    )
    cites = merge_citations(provenance.dicts(), ["citation"])
    if cites:
        items = "".join(f"<li>{citation_html(row)}</li>" for row in cites)
        body.append(
            f'<section class="provenance"><h2>Provenance</h2><p>Stated in:</p><ul>{items}</ul></section>'
        )
    about = merge_citations(claims.dicts(), ["claim", "property", "citation"])
    if about:
        rows = "".join(
            "<tr>"
            f"<td>{term_html(r['claim'], r.get('claimLabel'))}</td>"
            f"<td>{term_html(r['property'], r.get('propertyLabel'))}</td>"
            f"<td>{citation_html(r)}</td></tr>"
            for r in about
        )
        body.append(
            '<section class="claims"><h2>Claims about this resource</h2>'
            + _first(claims)
            + "<table><thead><tr><th>claim</th><th>relation</th><th>source</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></section>"
        )
    rows = "".join(
        "<tr>"
        f"<td>{term_html(r['p'], r.get('pLabel'))}</td>"
        f"<td>{term_html(r['o'], r.get('oLabel'))}</td>"
        f"<td>{_graphs_html(r.get('graphs'))}</td></tr>"
        for r in out
    )
    body.append(
        '<section class="statements"><h2>Statements</h2>'
        "<table><thead><tr><th>property</th><th>value</th><th>from file</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )
    back = incoming.dicts()
    if back:
        rows = "".join(
            f"<tr><td>{term_html(r['s'], r.get('sLabel'))}</td>"
            f"<td>{term_html(r['p'], r.get('pLabel'))}</td></tr>"
            for r in back
        )
        body.append(
            '<section class="incoming"><h2>Referred to by</h2>'
            + _first(incoming)
            + "<table><thead><tr><th>resource</th><th>property</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></section>"
        )
    return layout(title, "".join(body))
