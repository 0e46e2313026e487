"""Inspecting a SPARQL request before it reaches the engine: no ``SERVICE``, no ``LOAD``, no remote graphs.

pyoxigraph evaluates ``SERVICE <iri>`` by sending an HTTP request and ``LOAD <iri>`` by fetching the
IRI, and its Python API has no switch to turn that off: without this guard the endpoint would be a tool
for reaching any address the server can reach (SSRF). Two independent readings of the text decide:

1. A tokenizer that follows the SPARQL 1.1 grammar's terminals as Oxigraph lexes them (comments,
   strings, IRIs and variables are opaque; ``\\u`` escapes are only decoded inside them, as Oxigraph
   does). Oxigraph's parser is scannerless: ``trueSERVICE<…>`` and ``SERVICEex:x`` are read as
   ``true SERVICE <…>`` and ``SERVICE ex:x``. So a bare word or the prefix part of a prefixed name that
   merely *contains* ``service`` or ``load`` is refused, whatever case it is written in. No SPARQL
   keyword or built-in function contains those letters, so real queries are unaffected.
2. rdflib's SPARQL parser, when it can read the text: its parse tree must hold no
   ``ServiceGraphPattern`` or ``Load`` at any depth (nested subqueries, updates with several operations).
   rdflib's parser is slow (0.1–0.5 s for a catalogue query, against 1 ms for the engine to answer it), so
   it only runs when the letters ``service`` or ``load`` occur somewhere in the text, in any case: Oxigraph
   matches keywords on the raw text, ASCII case-insensitively, and decodes ``\\u`` escapes only inside
   strings and IRIs, so a text without those letters cannot hold either keyword.

``FROM``, ``FROM NAMED`` and ``USING`` (and the protocol's ``default-graph-uri`` / ``named-graph-uri``)
may only name graphs of this store: IRIs under ``https://w3id.org/crimekg/graph/`` or graphs the store
holds (``is_local``). Oxigraph never fetches those IRIs, but a query should not pretend to read the web.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

from graph_data.loader import GRAPH_BASE

__all__ = ["GRAPH_BASE", "Inspection", "Refused", "inspect", "check_graphs", "tokens"]


class Refused(Exception):
    """The request asks for something the endpoint does not do; the message says what and why."""


@dataclass(frozen=True)
class Inspection:
    """What the guard learnt from a request it let through."""

    form: str | None  # SELECT, CONSTRUCT, DESCRIBE, ASK (queries) or None (updates, unreadable)
    dataset: tuple[str, ...]  # the IRIs named by FROM / FROM NAMED / USING, resolved


# --- terminals of the SPARQL 1.1 grammar (section 19.8) ------------------------------------------------
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = f"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_VARNAME = f"[{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<ws>[ \t\r\n]+)",
            r"(?P<comment>#[^\r\n]*)",
            r"(?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\.))*\"\"\""
            r"|'(?:[^'\\\r\n]|\\.)*'|\"(?:[^\"\\\r\n]|\\.)*\")",
            rf"(?P<iri><(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)",
            rf"(?P<var>[?$]{_VARNAME})",
            rf"(?P<bnode>_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)",
            rf"(?P<pname>(?P<prefix>{_PREFIX})?:(?P<local>{_LOCAL})?)",
            r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
            r"(?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
            r"(?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)",
            r"(?P<other>[\s\S])",
        ]
    )
)

#: Letters that may not appear in a bare word or a prefix: Oxigraph would find the keyword inside it.
_FORBIDDEN = {"service": "SERVICE (federated queries)", "load": "LOAD (fetching data from an IRI)"}
#: Dataset keywords; written any other way (glued to a neighbour) they cannot be checked.
_DATASET = ("from", "using")
_FORMS = {"select", "construct", "describe", "ask"}
_MAY_REACH_OUT = re.compile("service|load", re.IGNORECASE)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int
    column: int
    prefix: str = ""
    local: str = ""


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of a SPARQL text (no whitespace or comments), with line and column."""
    line, line_start, pos = 1, 0, 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        assert match is not None  # the last alternative matches any character
        kind = match.lastgroup or "other"
        if kind in {"prefix", "local"}:
            kind = "pname"
        value = match.group()
        if kind == "other" and value in "\"'":
            raise Refused(f"line {line} column {pos - line_start + 1}: a string is not closed")
        if kind not in {"ws", "comment"}:
            yield Token(
                kind,
                value,
                line,
                pos - line_start + 1,
                (match.group("prefix") or "") if kind == "pname" else "",
                (match.group("local") or "") if kind == "pname" else "",
            )
        newlines = value.count("\n")
        if newlines:
            line += newlines
            line_start = match.start() + value.rindex("\n") + 1
        pos = match.end()


def _unescape_iri(text: str) -> str:
    inner = text[1:-1]
    return re.sub(_UCHAR, lambda m: chr(int(m.group()[2:], 16)), inner)


def _unescape_local(local: str) -> str:
    return re.sub(r"\\(.)", r"\1", local)


class _Reader:
    """Walks the tokens once: refuses forbidden words, resolves prefixes, collects dataset IRIs."""

    def __init__(self, text: str, is_local: Callable[[str], bool], prefixes: Mapping[str, str]) -> None:
        self.text = text
        self.is_local = is_local
        self.prefixes: dict[str, str] = dict(prefixes)
        self.base: str | None = None
        self.form: str | None = None
        self.dataset: list[str] = []

    def resolve(self, token: Token) -> str | None:
        if token.kind == "iri":
            iri = _unescape_iri(token.text)
            return urljoin(self.base, iri) if self.base and not re.match(r"[A-Za-z][\w+.-]*:", iri) else iri
        if token.kind == "pname" and token.prefix in self.prefixes:
            return self.prefixes[token.prefix] + _unescape_local(token.local)
        return None

    def read(self) -> Inspection:
        stream = tokens(self.text)
        pending: str | None = None  # "prefix", "prefix-iri", "base", "dataset"
        prefix_name = ""
        for token in stream:
            self.check_word(token)
            word = token.text.lower() if token.kind == "word" else ""
            if pending == "prefix":
                pending = "prefix-iri" if token.kind == "pname" and not token.local else None
                prefix_name = token.prefix
                continue
            if pending == "prefix-iri":
                iri = self.resolve(token) if token.kind == "iri" else None
                if iri is not None:
                    self.prefixes[prefix_name] = iri
                pending = None
                continue
            if pending == "base":
                if token.kind == "iri":
                    self.base = self.resolve(token)
                pending = None
                continue
            if pending == "dataset":
                if word == "named":
                    continue
                self.dataset_graph(token)
                pending = None
                continue
            if word == "prefix":
                pending = "prefix"
            elif word == "base":
                pending = "base"
            elif word in _DATASET:
                pending = "dataset"
            elif word in _FORMS and self.form is None:
                self.form = word.upper()
        if pending == "dataset":
            raise Refused("FROM or USING at the end of the text names no graph")
        return Inspection(self.form, tuple(self.dataset))

    def check_word(self, token: Token) -> None:
        if token.kind == "word":
            letters = token.text.lower()
        elif token.kind == "pname":
            letters = token.prefix.lower()
        else:
            return
        where = f"line {token.line} column {token.column}"
        for forbidden, what in _FORBIDDEN.items():
            if forbidden in letters:
                raise Refused(
                    f"{where}: {what} is not allowed on this endpoint: it would make the server "
                    f"contact other addresses ({token.text!r})"
                )
        for keyword in _DATASET:
            if keyword in letters and letters != keyword:
                raise Refused(
                    f"{where}: {token.text!r}: write {keyword.upper()} as a separate word followed by "
                    "the graph IRI"
                )

    def dataset_graph(self, token: Token) -> None:
        iri = self.resolve(token)
        where = f"line {token.line} column {token.column}"
        if iri is None:
            raise Refused(f"{where}: the graph after FROM or USING must be an IRI or a known prefixed name")
        if not self.is_local(iri):
            raise Refused(
                f"{where}: <{iri}> is not a graph of this store; FROM, FROM NAMED and USING may only "
                f"name graphs under {GRAPH_BASE} or other graphs the store holds"
            )
        self.dataset.append(iri)


def _tree_nodes(node: object) -> Iterator[object]:
    """Every node of an rdflib parse tree, depth first (ParseResults, CompValue, lists)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list | tuple) or type(current).__name__ == "ParseResults":
            stack.extend(list(current))


def _field(node: object, name: str) -> object:
    """A field of an rdflib CompValue (whose own ``get`` returns the key itself when it is missing)."""
    return dict.get(node, name) if isinstance(node, dict) else None


def _second_opinion(
    text: str, *, update: bool, is_local: Callable[[str], bool], prefixes: Mapping[str, str]
) -> None:
    """rdflib's reading of the same text; silent when rdflib cannot parse it (the tokenizer decided)."""
    try:
        from rdflib.plugins.sparql import parser

        tree = parser.parseUpdate(text) if update else parser.parseQuery(text)
    except Exception:  # rdflib's grammar differs from Oxigraph's; its failures are not ours to report
        return
    prefixes = dict(prefixes)
    base: str | None = None
    nodes = list(_tree_nodes(tree))
    for node in nodes:
        name = getattr(node, "name", None)
        if name == "PrefixDecl":
            prefixes[str(_field(node, "prefix") or "")] = str(_field(node, "iri"))
        elif name == "Base":
            base = str(_field(node, "iri"))
    for node in nodes:
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise Refused(f"{_FORBIDDEN['service']} is not allowed on this endpoint")
        if name == "Load":
            raise Refused(f"{_FORBIDDEN['load']} is not allowed on this endpoint")
        if name in {"DatasetClause", "UsingClause"}:
            term = _field(node, "default")
            term = term if term is not None else _field(node, "named")
            if getattr(term, "name", None) == "pname":
                prefix = str(_field(term, "prefix") or "")
                if prefix not in prefixes:
                    raise Refused(f"unknown prefix {prefix!r} in FROM or USING")
                iri = prefixes[prefix] + str(_field(term, "localname") or "")
            else:
                iri = urljoin(base, str(term)) if base else str(term)
            if not is_local(iri):
                raise Refused(f"<{iri}> is not a graph of this store")


def inspect(
    text: str,
    *,
    update: bool = False,
    is_local: Callable[[str], bool] | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> Inspection:
    """Refuse (raise :class:`Refused`) a query or update that would reach outside the store.

    ``is_local(iri)`` says whether a graph IRI belongs to the store (default: IRIs under GRAPH_BASE);
    ``prefixes`` are those the engine predeclares (the project's, ``ontology.PREFIXES``).
    """
    local = is_local or (lambda iri: iri.startswith(GRAPH_BASE))
    declared = dict(prefixes or {})
    inspection = _Reader(text, local, declared).read()
    if _MAY_REACH_OUT.search(text):
        _second_opinion(text, update=update, is_local=local, prefixes=declared)
    return inspection


def check_graphs(iris: list[str], *, is_local: Callable[[str], bool] | None = None) -> None:
    """The protocol's default-graph-uri / named-graph-uri values: local graphs only."""
    local = is_local or (lambda iri: iri.startswith(GRAPH_BASE))
    for iri in iris:
        if not local(iri):
            raise Refused(
                f"<{iri}> is not a graph of this store; default-graph-uri and named-graph-uri may only "
                f"name graphs under {GRAPH_BASE} or other graphs the store holds"
            )
