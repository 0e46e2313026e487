"""The request handler of ``crimekg serve``: routing, the protocol's answers, headers on every response.

No request evaluates SPARQL in this process: queries, updates and the resource pages' lookups go to the
worker pool (:mod:`queries.endpoint.workers`). Every answer carries safe headers; HTML carries a strict
Content-Security-Policy (the explorer pages get the hashes of their own inline scripts).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import select
import socket
import sys
import traceback
from http.server import BaseHTTPRequestHandler
from importlib import resources
from urllib.parse import parse_qsl, unquote, urlsplit

import pyoxigraph as ox

import ontology
from ontology import __version__
from queries.endpoint import description, pages
from queries.endpoint.protocol import GRAPH_TYPES, ProtocolError, choose, read_request, with_charset
from queries.endpoint.workers import Answer, Busy, Cancelled, Job, Timeout, WorkerDied

CSP_HTML = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
CSP_OTHER = "default-src 'none'; frame-ancestors 'none'; sandbox"
STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
    ".graphml": "application/xml",
    ".gexf": "application/xml",
}
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)


class _Gone(Exception):
    """The client closed the connection; nothing more to send."""


def load_static() -> dict[str, tuple[bytes, str]]:
    """The query page's files (queries/endpoint/static/, one level of vendor folders), by URL path."""
    files: dict[str, tuple[bytes, str]] = {}
    root = resources.files("queries.endpoint") / "static"

    def walk(folder, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif not entry.name.startswith("."):
                suffix = "." + entry.name.rsplit(".", 1)[-1] if "." in entry.name else ""
                files[prefix + entry.name] = (
                    entry.read_bytes(),
                    STATIC_TYPES.get(suffix, "application/octet-stream"),
                )

    if root.is_dir():
        walk(root, "")
    return files


def csp_for_page(html: bytes) -> str:
    """A CSP for an explorer page: its own inline scripts by SHA-256 hash, nothing else inline."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(match.group(1)).digest()).decode() + "'"
        for match in _INLINE_SCRIPT.finditer(html)
    )
    return (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


class Handler(BaseHTTPRequestHandler):
    _cors_route = False
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY: headers and body leave in separate writes; with Nagle's algorithm the body waits for
    # the client's delayed ACK of the headers (40 ms on Linux) on every keep-alive request
    disable_nagle_algorithm = True
    server_version = f"crimekg/{__version__}"
    sys_version = ""
    timeout = 60  # seconds a client may take to send a request

    def version_string(self) -> str:
        return self.server_version

    # -- plumbing -----------------------------------------------------------------------------------
    @property
    def settings(self):
        return self.server.settings  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: object) -> None:
        if not self.settings.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # the request line without its query string: queries may be long, and are the users' business
        path = getattr(self, "path", "-").split("?", 1)[0]
        self.log_message("%s %s %s", getattr(self, "command", "-"), path, code)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors http.server finds itself (bad request line, URL too long): plain text, safe headers."""
        self.close_connection = True
        if getattr(self, "request_version", "HTTP/0.9") == "HTTP/0.9":
            self.request_version = "HTTP/1.0"  # no one speaks 0.9: answer with a status line and headers
        reason = message or self.responses.get(code, ("error",))[0]
        self.respond(code, f"{code} {reason}\n".encode())

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):  # the client went away mid-request: nothing to answer
            self.close_connection = True

    def do_GET(self) -> None:
        self.dispatch()

    def do_HEAD(self) -> None:
        self.dispatch()

    def do_POST(self) -> None:
        self.dispatch()

    def do_OPTIONS(self) -> None:
        self.dispatch()

    do_PUT = do_DELETE = do_PATCH = do_TRACE = do_CONNECT = do_GET

    def respond(
        self,
        status: int,
        body: bytes = b"",
        content_type: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
        *,
        csp: str | None = None,
    ) -> None:
        self.send_response(status)
        is_html = content_type.startswith("text/html")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", csp or (CSP_HTML if is_html else CSP_OTHER))
        self.send_header("Cache-Control", "no-cache")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.settings.cors and self._cors_route:
            self.send_header("Access-Control-Allow-Origin", self.settings.cors)
            self.send_header("Access-Control-Expose-Headers", "X-Crimekg-Truncated, X-Crimekg-Row-Limit")
            self.send_header("Vary", "Origin")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def problem(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        """An error: HTML for a browser on a page route, plain text otherwise."""
        wants_html = not self._cors_route or self.path.startswith("/resource/")
        accept = self.headers.get("Accept", "") if self.headers else ""
        if wants_html and "text/html" in accept:
            title = {400: "Bad request", 404: "Not found", 405: "Method not allowed"}.get(status, "Error")
            hint = "Go back to the query page at / or the explorer at /explore/."
            self.respond(
                status, pages.error_page(status, title, message, hint), "text/html; charset=utf-8", headers
            )
        else:
            self.respond(
                status,
                f"{status} {self.responses.get(status, ('',))[0]}: {message}\n".encode(),
                headers=headers,
            )

    def dispatch(self) -> None:
        self._cors_route = False
        try:
            target = urlsplit(self.path)
            path, query = target.path, target.query
            self._cors_route = path == "/sparql" or path.startswith("/resource/") or path == "/catalogue.json"
            if path == "/sparql":
                self.sparql(query)
            elif path.startswith("/resource/"):
                self.resource(path[len("/resource/") :], query)
            elif path == "/catalogue.json":
                self.allow("GET", "HEAD")
                self.catalogue()
            elif path == "/":
                self.allow("GET", "HEAD")
                self.static_file("index.html")
            elif path.startswith("/static/"):
                self.allow("GET", "HEAD")
                self.static_file(unquote(path[len("/static/") :]))
            elif path in ("/explore", "/explore/") or path.startswith("/explore/"):
                self.allow("GET", "HEAD")
                self.explore(unquote(path[len("/explore/") :]) if path != "/explore" else "")
            else:
                raise ProtocolError(404, f"nothing here at {path}; try / (query page), /sparql or /explore/")
        except ProtocolError as error:
            self.problem(error.status, error.message, error.headers)
        except (_Gone, BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        except Exception:
            traceback.print_exc()
            self.close_connection = True
            try:
                self.problem(500, "the server failed while answering; the details are in its log")
            except OSError:
                pass

    def allow(self, *methods: str) -> None:
        if self.command not in methods:
            raise ProtocolError(405, f"{self.command} is not allowed here", {"Allow": ", ".join(methods)})

    def client_gone(self) -> bool:
        """Whether the client closed its side (checked while a worker evaluates its query)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    def read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise ProtocolError(411, "chunked bodies are not supported; send a Content-Length")
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            self.close_connection = True
            raise ProtocolError(411, "a POST needs a Content-Length header")
        try:
            length = int(length_header)
            if length < 0:
                raise ValueError
        except ValueError:
            self.close_connection = True
            raise ProtocolError(400, f"bad Content-Length {length_header!r}") from None
        if length > self.settings.max_body:
            self.close_connection = True
            if length <= 64 * self.settings.max_body:  # read it away, so the client sees the answer
                remaining = length
                while remaining > 0:
                    chunk = self.rfile.read(min(65536, remaining))
                    if not chunk:
                        break
                    remaining -= len(chunk)
            raise ProtocolError(
                413,
                f"the request body is {length} bytes; this server accepts at most {self.settings.max_body}",
            )
        return self.rfile.read(length)

    def run(self, job: Job) -> Answer:
        pool = self.server.pool  # type: ignore[attr-defined]
        try:
            if job.operation == "update":
                return pool.update(job, cancelled=self.client_gone)
            return pool.run(job, cancelled=self.client_gone)
        except Busy:
            raise ProtocolError(
                503,
                f"the server is busy: all {self.settings.workers} workers are evaluating queries; try again",
                {"Retry-After": "2", "X-Crimekg-Error": "busy"},
            ) from None
        except Timeout:
            raise ProtocolError(
                503,
                f"the query ran longer than {self.settings.timeout:g} s and was stopped; add a LIMIT or "
                "narrow its patterns (the server's --timeout sets the limit)",
                {"X-Crimekg-Error": "timeout"},
            ) from None
        except Cancelled:
            raise _Gone() from None
        except WorkerDied as error:
            cap = f" than the {self.settings.memory} MB a worker may use" if self.settings.memory else ""
            raise ProtocolError(
                500,
                f"{error}: the query most likely needed more memory{cap}; narrow it or add a LIMIT",
                {"X-Crimekg-Error": "worker-died"},
            ) from None

    # -- /sparql ------------------------------------------------------------------------------------
    def sparql(self, query_string: str) -> None:
        if self.command == "OPTIONS":
            return self.preflight("GET, HEAD, POST, OPTIONS")
        self.allow("GET", "HEAD", "POST", "OPTIONS")
        body = self.read_body() if self.command == "POST" else b""
        request = read_request(
            "POST" if self.command == "POST" else "GET", query_string, self.headers.get("Content-Type"), body
        )
        if request.operation == "description":
            return self.service_description(request.format)
        if request.operation == "update":
            self.authorize()
            if self.server.explorer.state == "building":  # type: ignore[attr-defined]
                raise ProtocolError(  # the page builder reads the store: no writer while it runs
                    503,
                    "the explorer pages are being built; send the update again shortly",
                    {"Retry-After": "5"},
                )
            answer = self.run(
                Job(
                    "update",
                    request.text,
                    default_graphs=request.default_graphs,
                    named_graphs=request.named_graphs,
                )
            )
            return self.respond(answer.status, answer.body, answer.content_type)
        job = Job(
            "query",
            request.text,
            accept=self.headers.get("Accept"),
            format=request.format,
            default_graphs=request.default_graphs,
            named_graphs=request.named_graphs,
            bindings=request.bindings,
            max_rows=self.settings.max_rows,
        )
        answer = self.run(job)
        headers = {"Vary": "Accept"}
        if answer.truncated:
            headers["X-Crimekg-Truncated"] = "true"
            headers["X-Crimekg-Row-Limit"] = str(self.settings.max_rows)
        self.respond(answer.status, answer.body, answer.content_type, headers)

    def authorize(self) -> None:
        token = self.settings.token
        if not token:
            raise ProtocolError(403, "updates are switched off on this server (start it with --allow-update)")
        header = self.headers.get("Authorization")
        if not header:
            raise ProtocolError(
                401,
                "an update needs 'Authorization: Bearer <token>'",
                {"WWW-Authenticate": 'Bearer realm="crimekg"'},
            )
        scheme, _, credentials = header.partition(" ")
        given = credentials.strip().encode()
        if scheme.lower() != "bearer" or not hmac.compare_digest(given, token.encode()):
            raise ProtocolError(403, "the bearer token is not the one this server was started with")

    def preflight(self, methods: str) -> None:
        headers = {"Allow": methods}
        if self.settings.cors:
            allowed = "Accept, Content-Type" + (", Authorization" if self.settings.token else "")
            headers.update(
                {
                    "Access-Control-Allow-Methods": methods,
                    "Access-Control-Allow-Headers": allowed,
                    "Access-Control-Max-Age": "600",
                }
            )
        self.respond(204, b"", headers=headers)

    def service_description(self, fmt: str | None) -> None:
        offered = ["text/turtle", "text/html", *[t for t in GRAPH_TYPES if t != "text/turtle"]]
        media = choose(self.headers.get("Accept"), fmt, offered, "service description")
        if media == "text/html":
            return self.respond(303, b"", headers={"Location": "/"})
        answer = self.run(Job("selects", selects=((description.GRAPHS, {}),), guard=False))
        graphs = [row[0] for row in answer.data[0][1] if isinstance(row[0], ox.NamedNode)]
        address = self.server.server_address  # type: ignore[attr-defined]
        endpoint = description.endpoint_iri(self.headers.get("Host"), f"{address[0]}:{address[1]}")
        triples = description.description(endpoint, graphs, updates=bool(self.settings.token))
        body = ox.serialize(triples, format=GRAPH_TYPES[media], prefixes=description.PREFIXES) or b""
        self.respond(200, body, with_charset(media), {"Vary": "Accept"})

    # -- /resource/{slug} ---------------------------------------------------------------------------
    def resource(self, raw_slug: str, query_string: str) -> None:
        if self.command == "OPTIONS":
            return self.preflight("GET, HEAD, OPTIONS")
        self.allow("GET", "HEAD", "OPTIONS")
        slug = unquote(raw_slug)
        if not pages.SLUG.fullmatch(slug) or ".." in slug:
            raise ProtocolError(
                400, "that is not a resource name: use letters, digits, '-', '_', '.' and '~' only"
            )
        fmt = dict(parse_qsl(query_string)).get("format")
        if fmt and fmt.lower() == "html":
            fmt = "text/html"
        offered = ["text/turtle", "text/html", *[t for t in GRAPH_TYPES if t != "text/turtle"]]
        media = choose(self.headers.get("Accept"), fmt, offered, "resource")
        iri = ox.NamedNode(pages.CKR + slug)
        if media != "text/html":
            answer = self.run(
                Job(
                    "query",
                    pages.DESCRIBE,
                    format=media,
                    bindings={"r": iri},
                    guard=False,
                    max_rows=self.settings.max_rows,
                )
            )
            if answer.status == 200 and answer.rows == 0:
                raise self.unknown(slug)
            return self.respond(answer.status, answer.body, answer.content_type, {"Vary": "Accept"})
        lookups = (pages.EXISTS, pages.OUTGOING, pages.INCOMING, pages.PROVENANCE, pages.CLAIMS)
        answer = self.run(
            Job("selects", selects=tuple((text, {"r": iri}) for text in lookups), guard=False, max_rows=2000)
        )
        if answer.status != 200:
            return self.respond(answer.status, answer.body, answer.content_type)
        exists, *tables = answer.data
        if not exists[1]:
            raise self.unknown(slug)
        outgoing, incoming, provenance, claims = (pages.Table(v, rows) for v, rows in tables)
        body = pages.resource_page(slug, outgoing, incoming, provenance, claims)
        self.respond(200, body, "text/html; charset=utf-8", {"Vary": "Accept"})

    def unknown(self, slug: str) -> ProtocolError:
        return ProtocolError(
            404,
            f"the graph has nothing about {ontology.CKR}{slug}. Search the labels with the "
            "'search-labels' example on the query page, or browse the explorer.",
        )

    # -- files --------------------------------------------------------------------------------------
    def static_file(self, name: str) -> None:
        found = self.server.static.get(name)  # type: ignore[attr-defined]
        if found is None:
            raise ProtocolError(404, f"no file {name!r} on this server")
        body, content_type = found
        self.respond(200, body, content_type)

    def catalogue(self) -> None:
        from queries import catalog

        entries = [
            {
                "name": q.name,
                "summary": q.summary,
                "tags": q.tags,
                "params": [
                    {
                        "name": p.name,
                        "kind": p.kind,
                        "description": p.description,
                        "default": p.default,
                        "optional": p.optional,
                    }
                    for p in q.params
                ],
                "text": q.text,
            }
            for q in catalog.catalogue()
        ]
        body = json.dumps({"prefixes": ontology.PREFIXES, "queries": entries}, ensure_ascii=False).encode()
        self.respond(200, body, "application/json")

    def explore(self, name: str) -> None:
        state = self.server.explorer.state  # type: ignore[attr-defined]
        if state == "building":
            raise ProtocolError(
                503, "the explorer pages are being built; try again in a few seconds", {"Retry-After": "5"}
            )
        explorer = self.settings.pages
        if not explorer:
            raise ProtocolError(
                404, "the explorer is not available on this server (linkviz did not build it)"
            )
        name = name or "index.html"
        body = explorer.get(name)
        if body is None:
            raise ProtocolError(404, f"no explorer page {name!r}; the index is at /explore/")
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        content_type = STATIC_TYPES.get(suffix, "application/octet-stream")
        csp = None
        if content_type.startswith("text/html"):
            cache = self.server.page_csp  # type: ignore[attr-defined]
            csp = cache.get(name) or cache.setdefault(name, csp_for_page(body))
        self.respond(200, body, content_type, csp=csp)
