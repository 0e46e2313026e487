"""What a researcher hands to ``crimekg add``: files read into triples that know where they came from.

RDF files (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) are parsed here; spreadsheets (``.csv``)
are read by :mod:`graph_data.curation.tabular`, which needs the graph to resolve labels. Every problem
with the bytes themselves — too big, not UTF-8, bad syntax, no triples — is a :class:`LoadError` (exit 2) that
names the file, line and column and shows the line with a caret under the fault.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

import ontology
from graph_data.extensions import InputFile, sha256
from graph_data.loader import FORMATS
from ontology.errors import LoadError

#: Largest input file, in bytes (``$CRIMEKG_MAX_INPUT_BYTES`` overrides it).
MAX_INPUT_BYTES = 256 * 1024 * 1024
TABULAR = ".csv"


@dataclass(frozen=True)
class Where:
    """A place in an input file: a line (RDF) or a row and column (spreadsheet)."""

    file: str
    line: int | None = None
    row: int | None = None
    column: str | None = None
    template: str | None = None  # the spreadsheet template the row follows

    def __str__(self) -> str:
        if self.row is not None:
            return f"{self.file} row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{self.file} line {self.line}" if self.line else self.file


@dataclass
class Addition:
    """The triples to add, in first-seen order without repeats, and where each node and value came from."""

    triples: list[ox.Triple] = field(default_factory=list)
    nodes: dict[ox.NamedNode | ox.BlankNode, Where] = field(default_factory=dict)  # first description
    values: dict[tuple[ox.Term, ox.NamedNode], Where] = field(default_factory=dict)  # (subject, predicate)
    files: list[InputFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _seen: set[ox.Triple] = field(default_factory=set, repr=False)

    def add(self, triple: ox.Triple, where: Where) -> None:
        if triple in self._seen:
            return
        self._seen.add(triple)
        self.triples.append(triple)
        self.nodes.setdefault(triple.subject, where)
        self.values.setdefault((triple.subject, triple.predicate), where)

    def keep(self, triples: list[ox.Triple]) -> None:
        """Keep only ``triples`` (a subset, in their order); where each node came from stays known."""
        self.triples = list(triples)
        self._seen = set(self.triples)

    def where(self, node: ox.Term, predicate: ox.NamedNode | None = None) -> Where | None:
        if predicate is not None and (node, predicate) in self.values:
            return self.values[(node, predicate)]
        return self.nodes.get(node)

    def subjects(self) -> set[ox.Term]:
        return {t.subject for t in self.triples}


def max_input_bytes() -> int:
    configured = os.environ.get("CRIMEKG_MAX_INPUT_BYTES")
    return int(configured) if configured and configured.isdigit() else MAX_INPUT_BYTES


def read_bytes(path: Path) -> tuple[bytes, InputFile]:
    """The file's bytes, refusing what is not a readable regular file or is over the size cap."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix != TABULAR and suffix not in FORMATS:
        known = ", ".join(sorted([*FORMATS, TABULAR]))
        raise LoadError(f"unknown file type {suffix or '(none)'!r}", path=name, hint=f"use one of {known}")
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise LoadError("not a regular file", path=name)
        cap = max_input_bytes()
        if size > cap:
            raise LoadError(
                f"the file is {size:,} bytes, more than the {cap:,} bytes crimekg add accepts at once",
                path=name,
                hint="split it into several files and add them one by one",
            )
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(f"cannot read the file ({error.strerror})", path=name) from None
    return data, InputFile(path.name, sha256(data), len(data))


def parse_rdf(name: str, data: bytes, addition: Addition) -> None:
    """Parse one RDF file into ``addition``; graph names are dropped (one addition, one named graph)."""
    fmt = FORMATS[Path(name).suffix.lower()]
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=None, rename_blank_nodes=True))
    except SyntaxError as error:
        raise syntax_error(name, data, error) from None
    except (ValueError, OSError) as error:
        raise LoadError(str(error), path=name) from None
    if not quads:
        raise LoadError(
            "the file holds no triples",
            path=name,
            hint="JSON-LD keys need a @context that maps them to IRIs; Turtle needs at least one statement",
        )
    lines = _Locator(data)
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        addition.notes.append(f"{name}: graph names ignored — everything added goes into one new named graph")
    for quad in quads:
        addition.add(quad.triple, Where(name, lines.line_of(quad.subject)))


class _Locator:
    """The line where a subject is first written (best effort: ``<IRI>``, ``"IRI"`` or ``prefix:local``)."""

    _TOKEN = re.compile(r'<([^<>\s"]*)>|"(https?://[^"\s]*)"|(?<![\w:-])([A-Za-z][\w-]*)?:([\w.-]*[\w-])')

    def __init__(self, data: bytes) -> None:
        text = data.decode("utf-8", errors="replace")
        prefixes = dict(re.findall(r"@?prefix\s+([A-Za-z0-9_-]*):\s*<([^>]*)>", text, re.I))
        prefixes.update({p: iri for p, iri in ontology.PREFIXES.items() if p not in prefixes})
        self.first: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            for match in self._TOKEN.finditer(line):
                iri = match.group(1) or match.group(2)
                if iri is None and match.group(3) in prefixes:
                    iri = prefixes[match.group(3)] + match.group(4)
                if iri:
                    self.first.setdefault(iri, number)

    def line_of(self, node: ox.Term) -> int | None:
        return self.first.get(node.value) if isinstance(node, ox.NamedNode) else None


def syntax_error(name: str, data: bytes, error: SyntaxError) -> LoadError:
    """A parser error as file:line:column, the message in plain words and the line with a caret."""
    message = str(error.msg or error)
    message = re.sub(r"^Parser error [^:]*: ", "", message)
    line, column = error.lineno, error.offset
    shown = ""
    if line:
        lines = data.decode("utf-8", errors="replace").splitlines()
        if 0 < line <= len(lines):
            text = lines[line - 1]
            col = max(1, min(column or 1, len(text) + 1))
            snippet, start = (
                (text, 0) if len(text) <= 120 else (text[max(0, col - 60) : col + 60], max(0, col - 60))
            )
            shown = f"\n    {snippet}\n    {' ' * (col - 1 - start)}^"
    return LoadError(message + shown, path=name, line=line, column=column, hint=_syntax_hint(name, message))


def _syntax_hint(name: str, message: str) -> str:
    lowered = message.lower()
    if name.lower().endswith((".jsonld", ".json")):
        if "context" in lowered:
            return (
                "crimekg does not fetch remote JSON-LD contexts: put the @context object in the file itself"
            )
        return "check the JSON at that position: a missing or extra comma, bracket or quote"
    if "prefix" in lowered and "not been declared" in lowered:
        lines = " ".join(
            f"@prefix {p}: <{iri}> ." for p, iri in ontology.PREFIXES.items() if p in ("ckg", "ckr")
        )
        return f"declare the prefix at the top of the file, e.g. {lines}"
    if "no scheme" in lowered or "relative" in lowered:
        return "write full IRIs (https://…) or prefixed names such as ckr:drug-trafficking"
    if "loaddocumentcallback" in lowered or "remote context" in lowered:
        return "crimekg does not fetch remote JSON-LD contexts: put the @context object in the file itself"
    if "utf-8" in lowered:
        return "save the file as UTF-8"
    if "end of file" in lowered or "unexpected end" in lowered:
        return "something is left open: a quote, a bracket or a statement without its final '.'"
    return "correct the syntax at that position (a missing '.', ';' or quote is the usual cause)"
