"""Writing query results for people and programs: an aligned table, CSV, TSV, SPARQL JSON, Turtle.

The table shortens IRIs with the project prefixes (``ckr:corruption``) and shows literals by their
lexical form; the other formats are the W3C ones, written by pyoxigraph.
"""

from __future__ import annotations

import json
import re

import pyoxigraph as ox

import ontology
from ontology.errors import UsageError
from queries.store import Result

TABLE_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
FORMATS = TABLE_FORMATS + GRAPH_FORMATS
_RESULTS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}
_GRAPHS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_BY_LENGTH = sorted(ontology.PREFIXES.items(), key=lambda item: -len(item[1]))


def kind_of(result: Result) -> str:
    if isinstance(result, ox.QuerySolutions):
        return "select"
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "graph"


def check_format(result: Result, fmt: str | None) -> str:
    """The format to use (default: table for SELECT/ASK, ttl for graphs); UsageError if it cannot apply."""
    kind = kind_of(result)
    if fmt is None:
        return "ttl" if kind == "graph" else "table"
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    if kind == "graph" and fmt not in GRAPH_FORMATS:
        raise UsageError(
            f"--format {fmt} is for SELECT and ASK results; this query returns triples",
            hint=f"use one of {', '.join(GRAPH_FORMATS)}",
        )
    if kind != "graph" and fmt not in TABLE_FORMATS:
        raise UsageError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE results; this query returns a table",
            hint=f"use one of {', '.join(TABLE_FORMATS)}",
        )
    return fmt


def render(result: Result, fmt: str | None = None) -> bytes:
    """The result in ``fmt`` (see :func:`check_format`)."""
    fmt = check_format(result, fmt)
    if isinstance(result, list):
        return ox.serialize(result, format=_GRAPHS[fmt], prefixes=ontology.PREFIXES) or b""
    if fmt == "table":
        return table(result).encode("utf-8")
    if isinstance(result, ox.QueryBoolean) and fmt in ("csv", "tsv"):
        return (str(bool(result)).lower() + "\n").encode()
    data = result.serialize(format=_RESULTS[fmt]) or b""
    if fmt == "json":
        return json.dumps(json.loads(data), indent=1, ensure_ascii=False).encode("utf-8") + b"\n"
    return data


def short(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """A term as a table cell: ``ckr:corruption``, ``_:b0``, a literal's text, ``""`` when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in _BY_LENGTH:
            local = term.value[len(namespace) :]
            if term.value.startswith(namespace) and _LOCAL.match(local):
                return f"{prefix}:{local}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())
    return str(term)


def table(result: ox.QuerySolutions | ox.QueryBoolean) -> str:
    """An aligned plain-text table with a header line and a row count."""
    if isinstance(result, ox.QueryBoolean):
        return f"{str(bool(result)).lower()}\n"
    names = [variable.value for variable in result.variables]
    cells = [[short(solution[name]) for name in names] for solution in result]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(names)]
    lines = ["  ".join(name.ljust(width) for name, width in zip(names, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"
