"""The SPARQL 1.1 Protocol without the sockets: media types, content negotiation, reading a request.

Everything here is plain data in, plain data out, so the worker processes (which write results) and the
HTTP handler (which reads requests) share one definition of what each format is called.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import pyoxigraph as ox

import ontology


class ProtocolError(Exception):
    """A request the endpoint cannot answer as asked: an HTTP status, a message and extra headers."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


# --- media types -----------------------------------------------------------------------------------------
#: SELECT and ASK results, in the server's order of preference (the first is the default).
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
#: CONSTRUCT and DESCRIBE results (and every RDF document the server writes), in order of preference.
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/json": ox.RdfFormat.JSON_LD,
}
#: Short names accepted by ``?format=`` (a full media type is accepted too).
FORMAT_NAMES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
}
#: For ``format=json`` on a CONSTRUCT, the graph format a user means.
_GRAPH_ALIASES = {
    "application/sparql-results+json": "application/ld+json",
    "application/sparql-results+xml": "application/rdf+xml",
}

TEXTUAL = (
    "text/",
    "application/sparql-results+",
    "application/json",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
    "application/xml",
)


def with_charset(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type.startswith(TEXTUAL) else media_type


@dataclass(frozen=True)
class Range:
    type: str
    subtype: str
    q: float
    specificity: int


def parse_accept(header: str | None) -> list[Range]:
    """The media ranges of an Accept header; an absent or empty header accepts everything."""
    if not header or not header.strip():
        return [Range("*", "*", 1.0, 0)]
    ranges = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        kind, _, subtype = media.partition("/")
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        specificity = 0 if kind == "*" else 1 if subtype == "*" else 2
        ranges.append(Range(kind, subtype, q, specificity))
    return ranges


def quality(media_type: str, ranges: Sequence[Range]) -> float:
    """The q-value an Accept header gives a media type: that of its most specific matching range."""
    kind, _, subtype = media_type.partition("/")
    best: Range | None = None
    for r in ranges:
        if (r.type in ("*", kind)) and (r.subtype in ("*", subtype)):
            if best is None or r.specificity > best.specificity:
                best = r
    return best.q if best else 0.0


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers (ties go to the server's order), or None."""
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for media_type in offered:
        q = quality(media_type, ranges)
        if q > best_q:
            best, best_q = media_type, q
    return best


def choose(accept: str | None, fmt: str | None, offered: Sequence[str], what: str) -> str:
    """The media type to answer with: ``?format=`` wins over Accept; 406 lists what is offered."""
    if fmt:
        wanted = FORMAT_NAMES.get(fmt.strip().lower(), fmt.strip().lower())
        if wanted not in offered and what == "graph":
            wanted = _GRAPH_ALIASES.get(wanted, wanted)
        if wanted in offered:
            return wanted
        raise ProtocolError(
            406, f"format {fmt!r} is not available for {what} results; use one of: " + ", ".join(offered)
        )
    chosen = negotiate(accept, offered)
    if chosen is None:
        raise ProtocolError(
            406,
            f"none of the media types in Accept ({accept}) is available for {what} results; "
            "offered: " + ", ".join(offered),
        )
    return chosen


# --- requests ----------------------------------------------------------------------------------------
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


@dataclass(frozen=True)
class SparqlRequest:
    """One request of the protocol, read from the URL and the body."""

    operation: str  # "query", "update" or "description" (GET without a query)
    text: str = ""
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    bindings: dict[str, ox.NamedNode | ox.Literal] = field(default_factory=dict)
    format: str | None = None


def _pairs(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(
            text,
            keep_blank_values=True,
            strict_parsing=False,
            encoding="utf-8",
            errors="strict",
            max_num_fields=1000,
        )
    except (UnicodeDecodeError, ValueError) as error:
        raise ProtocolError(400, f"the parameters cannot be read: {error}") from None


def read_request(method: str, url_query: str, content_type: str | None, body: bytes) -> SparqlRequest:
    """The SPARQL request in a GET (``url_query``) or POST (form or direct body)."""
    params = _pairs(url_query)
    text_param = "query"
    if method == "POST":
        media = (content_type or "").split(";")[0].strip().lower()
        if media == FORM:
            try:
                params += _pairs(body.decode("utf-8"))
            except UnicodeDecodeError:
                raise ProtocolError(400, "the form is not valid UTF-8") from None
        elif media in (QUERY_TYPE, UPDATE_TYPE):
            if any(name in ("query", "update") for name, _ in params):
                raise ProtocolError(400, "send the query either in the body or in the URL, not both")
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise ProtocolError(400, "the body is not valid UTF-8") from None
            params.append(("query" if media == QUERY_TYPE else "update", text))
        else:
            raise ProtocolError(
                415,
                f"unsupported Content-Type {content_type or '(none)'!r}; send {FORM}, {QUERY_TYPE} "
                f"or {UPDATE_TYPE}",
            )
    queries = [value for name, value in params if name == "query"]
    updates = [value for name, value in params if name == "update"]
    if queries and updates:
        raise ProtocolError(400, "a request carries either 'query' or 'update', not both")
    if len(queries) > 1 or len(updates) > 1:
        raise ProtocolError(400, "only one 'query' or 'update' per request")
    if updates and method != "POST":
        raise ProtocolError(400, "an update must be sent with POST (SPARQL 1.1 Protocol, section 2.2)")
    text_param = "update" if updates else "query"
    text = (updates or queries or [""])[0]
    operation = text_param if (queries or updates) else "description"
    if operation != "description" and not text.strip():
        raise ProtocolError(400, f"the '{text_param}' parameter is empty")
    if operation == "description" and method == "POST":
        raise ProtocolError(400, "missing 'query' or 'update' parameter")
    graph_names = (
        ("using-graph-uri", "using-named-graph-uri") if updates else ("default-graph-uri", "named-graph-uri")
    )
    defaults = tuple(v for n, v in params if n == graph_names[0])
    named = tuple(v for n, v in params if n == graph_names[1])
    for iri in defaults + named:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise ProtocolError(400, f"{iri!r} is not a valid graph IRI") from None
    bindings = {name[1:]: parse_term(value, name) for name, value in params if name.startswith("$")}
    formats = [v for n, v in params if n == "format"]
    return SparqlRequest(operation, text, defaults, named, bindings, formats[-1] if formats else None)


_VAR = re.compile(r"[A-Za-z_0-9]+")


def parse_term(value: str, name: str = "value") -> ox.NamedNode | ox.Literal:
    """A value for a ``$var`` parameter: an RDF term in Turtle syntax (``<iri>``, ``ckr:slug``,
    ``"text"@en``, ``12``), read by a real Turtle parser, so nothing is ever pasted into a query."""
    if not _VAR.fullmatch(name[1:] if name.startswith("$") else name):
        raise ProtocolError(400, f"{name!r} is not a variable name")
    prefixes = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in ontology.PREFIXES.items())
    document = f"{prefixes}<urn:crimekg:s> <urn:crimekg:p> {value} ."
    try:
        triples = list(ox.parse(document.encode(), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError):
        triples = []
    if len(triples) != 1 or triples[0].subject != ox.NamedNode("urn:crimekg:s"):
        raise ProtocolError(
            400,
            f"{name}={value!r} is not one RDF term; write an IRI as <https://…> or ckr:slug, "
            'a text as "text" or "text"@en, a number as 12',
        )
    term = triples[0].object
    if not isinstance(term, ox.NamedNode | ox.Literal):
        raise ProtocolError(400, f"{name}: only an IRI or a literal can be bound")
    return term
