"""The engine interface: what every store offers (load, query, update, select/ask/construct), its errors,
and the helpers the engines share. The engines are :mod:`queries.embedded` and :mod:`queries.remote`;
:mod:`queries.store` is the module to import (it loads both, so ``GraphStore.embedded()`` and
``GraphStore.remote()`` find them).

>>> import queries.store
>>> from graph_data.loader import ontology_sources
>>> store = GraphStore.embedded(sources=ontology_sources())     # in memory; default: the whole graph
>>> store.select(
...     "SELECT ?c ?label WHERE { ?c rdfs:label ?label FILTER(lang(?label) = 'en') }",
...     {"c": ox.NamedNode("https://w3id.org/crimekg/ontology#CrimeType")},
... )[0]["label"]
<Literal value=crime type language=en>

The project prefixes (``ckg:``, ``ckr:``, ``rdfs:``, ``skos:``, ``prov:`` …, see ``ontology.PREFIXES``)
are predeclared; a query may declare them again.

Queries see the union of all named graphs (one graph per source file) as their default graph, unless
they name graphs themselves (``FROM``, ``GRAPH``) or the caller passes ``graph=``: researchers'
extensions are named graphs, and questions can be asked of one of them alone.

Values reach a query only as RDF terms, serialised and escaped by pyoxigraph and written into the query
by :mod:`queries.sparql_text` with the meaning of pyoxigraph's ``substitutions=`` (:func:`bind_into_text`,
on both engines). User text is never pasted into a query.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox

import ontology
from graph_data.loader import Source, parse
from ontology.errors import CrimekgError, UsageError
from queries.sparql_text import Term, check_variable, inject_values

Result = ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]

#: Bumped when the way the store is filled changes, so that old on-disk stores are reloaded.
LAYOUT_VERSION = "1"


class StoreError(CrimekgError):
    """The store cannot be opened or read (another process holds it, the disk failed)."""


class QuerySyntaxError(UsageError):
    """A query does not parse; the message holds the parser's position (line:column)."""


class EndpointError(CrimekgError):
    """A remote endpoint is unreachable, answered with an HTTP error, or sent results that do not parse."""


def syntax_error(error: SyntaxError, name: str | None = None) -> QuerySyntaxError:
    where = f"{name}: " if name else ""
    return QuerySyntaxError(
        f"{where}malformed query: {error.msg or error}",
        hint="correct the SPARQL at that line:column (a missing '.', '}' or PREFIX is the usual cause)",
    )


class GraphStore:
    """A graph you can load and ask questions of. Make one with :meth:`embedded` or :meth:`remote`."""

    kind = "abstract"
    #: The engines, by kind; each registers itself when its module is imported (:mod:`queries.store`
    #: imports them all), so this module never imports an engine.
    _engines: ClassVar[dict[str, type[GraphStore]]] = {}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        GraphStore._engines[cls.kind] = cls

    @classmethod
    def _engine(cls, kind: str) -> type[GraphStore]:
        try:
            return GraphStore._engines[kind]
        except KeyError:
            raise CrimekgError(
                f"the {kind} engine is not loaded", hint="import GraphStore from queries.store"
            ) from None

    @classmethod
    def embedded(
        cls, path: str | os.PathLike[str] | None = None, *, sources: Sequence[Source] | None = None
    ) -> GraphStore:
        """The embedded pyoxigraph engine holding ``sources`` (default: ontology, seed and extensions).

        In memory without ``path``. With ``path`` (a directory) the store lives on disk: created and
        loaded on first use, reused afterwards, and reloaded when the sources changed since.
        """
        return cls._engine("embedded").open(path, sources=sources)

    @classmethod
    def remote(
        cls,
        query_url: str,
        *,
        update_url: str | None = None,
        store_url: str | None = None,
        timeout: float = 60.0,
    ) -> GraphStore:
        """A SPARQL 1.1 endpoint (query at ``query_url``; Graph Store Protocol at ``store_url``).

        With an Oxigraph-style ``…/query`` URL the update and store URLs default to ``…/update`` and
        ``…/store``. The endpoint must query the union of its named graphs by default (``oxigraph serve
        --union-default-graph``; Fuseki ``tdb2:unionDefaultGraph true``).
        """
        return cls._engine("remote")(query_url, update_url=update_url, store_url=store_url, timeout=timeout)

    # -- what every engine provides -------------------------------------------------------------

    def load(self, sources: Sequence[Source] | None = None) -> None:
        """Put each source into its own named graph, replacing what that graph held (default: all)."""
        raise NotImplementedError

    def query(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, graph: str | None = None
    ) -> Result:
        """The raw answer: :class:`pyoxigraph.QuerySolutions` (SELECT, an iterator with ``variables``),
        :class:`pyoxigraph.QueryBoolean` (ASK) or a list of :class:`pyoxigraph.Triple` (CONSTRUCT,
        DESCRIBE). Raises :class:`QuerySyntaxError` for a malformed query."""
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the engine (the on-disk lock of an embedded store)."""

    # -- shared -------------------------------------------------------------------------------------

    def select(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, graph: str | None = None
    ) -> list[dict[str, Term]]:
        """The rows of a SELECT query as dicts from variable name (no ``?``) to term; unbound left out."""
        result = self.query(sparql, bindings, graph=graph)
        if not isinstance(result, ox.QuerySolutions):
            raise UsageError("select() needs a SELECT query", hint="use ask() or construct() for other forms")
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in result]

    def ask(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, graph: str | None = None
    ) -> bool:
        result = self.query(sparql, bindings, graph=graph)
        if not isinstance(result, ox.QueryBoolean):
            raise UsageError("ask() needs an ASK query")
        return bool(result)

    def construct(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, graph: str | None = None
    ) -> list[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query."""
        result = self.query(sparql, bindings, graph=graph)
        if not isinstance(result, list):
            raise UsageError("construct() needs a CONSTRUCT or DESCRIBE query")
        return result

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_bindings(bindings: Mapping[str, Term] | None) -> dict[str, Term]:
    """Bindings with valid variable names and RDF terms as values."""
    checked: dict[str, Term] = {}
    for name, term in (bindings or {}).items():
        if not isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
            raise UsageError(f"the value of ?{name} must be an RDF term (NamedNode or Literal), not {term!r}")
        checked[check_variable(name)] = term
    return checked


def check_parses(sparql: str, bindings: Mapping[str, Term], *, bound: bool = False) -> None:
    """Parse the query on an empty store, so that a bad query or binding fails the same way on every
    engine, with pyoxigraph's line:column; ``bound``: the text after binding the values."""
    if "SERVICE" in sparql.upper():  # an empty store would still call the service for an ASK
        return
    substitutions = {ox.Variable(name): term for name, term in bindings.items()}
    try:
        ox.Store().query(sparql, prefixes=ontology.PREFIXES, substitutions=substitutions)
    except SyntaxError as error:
        if bound:
            raise UsageError(
                f"the parameters cannot be bound into this query ({error.msg})",
                hint="use the parameter variables in the WHERE pattern, not as BIND or VALUES targets",
            ) from None
        raise syntax_error(error) from None
    except RuntimeError as error:
        raise UsageError(
            f"cannot bind the parameters: {error}",
            hint="a parameter of a SELECT query must be one of its projected variables",
        ) from None


def bind_into_text(sparql: str, bindings: Mapping[str, Term]) -> str:
    """The query with ``bindings`` written into its WHERE group as constants (see :func:`inject_values`),
    after checking that it parses and binds as with pyoxigraph's ``substitutions=``.

    Both engines run this text. As a constant the value steers the query planner: with
    ``substitutions=`` Oxigraph plans as if the variable were free and filters afterwards
    (provisions-of-instrument at 1 M triples: 68 ms substituted, 18 ms written in). The catalogue asks
    the same few queries again and again, so small ones are bound once (0.6 ms saved per call).
    """
    key = tuple(sorted(bindings.items(), key=lambda item: item[0]))
    if len(sparql) + sum(len(term.value) for _, term in key) <= _BOUND_CACHE_CHARS:
        return _bound_text(sparql, key)
    return _bound_text.__wrapped__(sparql, key)  # a large value is not kept in memory


#: Queries with their values longer than this are bound on every call, never cached.
_BOUND_CACHE_CHARS = 16_384


@functools.lru_cache(maxsize=256)
def _bound_text(sparql: str, bindings: tuple[tuple[str, Term], ...]) -> str:
    check_parses(sparql, dict(bindings))
    text = inject_values(sparql, dict(bindings))
    check_parses(text, {}, bound=True)
    return text


def fingerprint(sources: Sequence[Source]) -> str:
    """A digest of what a store holds: every source's name, graph and bytes."""
    digest = hashlib.sha256(LAYOUT_VERSION.encode())
    for source in sources:
        for part in (source.name.encode(), source.graph_iri.encode(), source.data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()


def quads_of(sources: Sequence[Source]) -> list[ox.Quad]:
    """All quads of the sources, parsed (syntax errors raise LoadError before anything is written)."""
    return [quad for source in sources for quad in parse(source)]


def write_json(path: Path, data: object) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    tmp.replace(path)
