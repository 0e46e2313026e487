"""The remote engine: any SPARQL 1.1 endpoint, over HTTP with the standard library only.

- Queries: SPARQL 1.1 Protocol, ``POST`` of an ``application/x-www-form-urlencoded`` body with
  ``query=`` (and ``default-graph-uri=`` when the caller asks for one graph). Results are read with
  pyoxigraph (``parse_query_results`` for SELECT/ASK, ``parse`` for graphs) by their Content-Type.
- Loading: Graph Store Protocol, one ``PUT <store>?graph=<iri>`` of N-Triples per source.
- Updates: ``POST`` of ``update=`` to the update URL.

The endpoint must use the union of its named graphs as the default graph (oxigraph:
``--union-default-graph``, Fuseki: ``tdb2:unionDefaultGraph true``); :meth:`RemoteStore.load` checks
it and says so when it does not.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

import ontology
from graph_data.loader import Source, all_sources, parse
from ontology.errors import UsageError
from queries.engine import (
    EndpointError,
    GraphStore,
    Result,
    bind_into_text,
    check_bindings,
    check_parses,
)
from queries.sparql_text import Term, outline

ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.5"
)
RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
PREFIX_LINE = " ".join(f"PREFIX {p}: <{iri}>" for p, iri in ontology.PREFIXES.items()) + " "


class RemoteStore(GraphStore):
    """A SPARQL 1.1 endpoint with the Graph Store Protocol."""

    kind = "remote"

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        store_url: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        if not query_url.startswith(("http://", "https://")):
            raise UsageError(f"{query_url!r} is not an http(s) endpoint URL")
        self.query_url = query_url
        base = query_url[: -len("/query")] if query_url.endswith("/query") else None
        self.update_url = update_url or (base + "/update" if base else query_url)
        self.store_url = store_url or (base + "/store" if base else None)
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    # -- HTTP ---------------------------------------------------------------------------------------

    def _send(self, request: urllib.request.Request) -> tuple[bytes, str]:
        what = f"{request.get_method()} {request.full_url.split('?')[0]}"
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read(), response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace").strip()
            message = body[:2000] or error.reason
            raise EndpointError(f"{what}: HTTP {error.code}: {message}") from None
        except TimeoutError:
            raise EndpointError(
                f"{what}: no answer within {self.timeout:g} s", hint="raise the timeout or simplify the query"
            ) from None
        except urllib.error.URLError as error:
            raise EndpointError(
                f"{what}: cannot reach the endpoint ({error.reason})",
                hint="check the URL and that the server is running",
            ) from None
        except OSError as error:
            raise EndpointError(f"{what}: {error}") from None

    def _post_form(
        self, url: str, fields: list[tuple[str, str]], accept: str | None = None
    ) -> tuple[bytes, str]:
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        body = urllib.parse.urlencode(fields).encode("utf-8")
        return self._send(urllib.request.Request(url, data=body, headers=headers, method="POST"))

    # -- the engine ---------------------------------------------------------------------------------

    def query(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, graph: str | None = None
    ) -> Result:
        checked = check_bindings(bindings)
        text = sparql
        if checked:  # the same text and the same errors as on the embedded engine
            text = bind_into_text(sparql, checked)
        fields = [("query", PREFIX_LINE + text)]
        shape = outline(sparql)
        if graph is not None:
            fields.append(("default-graph-uri", graph))
        elif shape.has_dataset:
            # The protocol's dataset wins over the server's union-default-graph switch, the query's FROM
            # does not (oxigraph): repeat the query's own graphs as protocol parameters.
            fields += [("default-graph-uri", iri) for iri in shape.from_graphs]
            fields += [("named-graph-uri", iri) for iri in shape.from_named]
        try:
            data, content_type = self._post_form(self.query_url, fields, ACCEPT)
        except EndpointError as error:
            if "HTTP 400" in error.message:
                check_parses(sparql, checked)  # a syntax error: report it at its real line:column
            raise
        return _read_result(data, content_type)

    def update(self, sparql: str) -> None:
        self._post_form(self.update_url, [("update", PREFIX_LINE + sparql)])

    def load(self, sources: Sequence[Source] | None = None) -> None:
        if self.store_url is None:
            raise UsageError(
                f"no Graph Store Protocol URL for {self.query_url}",
                hint="pass --store-url (Fuseki: http://host:3030/DATASET/data; "
                "GraphDB: …/repositories/REPO/rdf-graphs/service)",
            )
        sources = list(all_sources() if sources is None else sources)
        bodies = [(source, _ntriples(source)) for source in sources]  # syntax errors before any PUT
        for source, body in bodies:
            url = self.store_url + ("&" if "?" in self.store_url else "?")
            url += urllib.parse.urlencode({"graph": source.graph_iri})
            headers = {"Content-Type": "application/n-triples"}
            try:
                self._send(urllib.request.Request(url, data=body, headers=headers, method="PUT"))
            except EndpointError as error:
                raise EndpointError(
                    f"cannot load {source.name}: {error.message}",
                    hint=error.hint
                    or f"is {self.store_url} the server's Graph Store Protocol URL? "
                    "(give it with --store-url; Fuseki: …/DATASET/data)",
                ) from None
        self._check_union(bodies)

    def _check_union(self, bodies: list[tuple[Source, bytes]]) -> None:
        """Fail clearly when the endpoint does not see its named graphs as the default graph."""
        for source, _ in bodies:
            first = next(iter(parse(source)), None)
            if first is None or not all(isinstance(t, ox.NamedNode | ox.Literal) for t in first.triple):
                continue
            seen = self.query(
                "ASK { ?s ?p ?o }", {"s": first.subject, "p": first.predicate, "o": first.object}
            )
            if not bool(seen):
                raise EndpointError(
                    f"{self.query_url} does not query the union of its named graphs by default",
                    hint="start oxigraph with --union-default-graph (Fuseki: tdb2:unionDefaultGraph true; "
                    "GraphDB and Virtuoso do this by default)",
                )
            return


def _ntriples(source: Source) -> bytes:
    triples = [quad.triple for quad in parse(source)]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _read_result(data: bytes, content_type: str) -> Result:
    try:
        if content_type in RESULT_FORMATS:
            results_format = RESULT_FORMATS[content_type]
            parsed = ox.parse_query_results(data, format=results_format)
            if isinstance(parsed, ox.QuerySolutions):
                list(parsed)  # the parser is lazy: read it all once so that a broken answer fails here
                parsed = ox.parse_query_results(data, format=results_format)
            return parsed
        rdf_format = ox.RdfFormat.from_media_type(content_type)
        if rdf_format is not None:
            return [quad.triple for quad in ox.parse(data, format=rdf_format)]
    except (SyntaxError, ValueError) as error:
        raise EndpointError(
            f"the endpoint sent results that do not parse as {content_type}: {error}"
        ) from None
    raise EndpointError(f"the endpoint answered with {content_type!r}, not SPARQL results or RDF")
