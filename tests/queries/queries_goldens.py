"""Golden answers of the catalogue queries: how they are written, read and compared.

- SELECT and ASK: ``golden/<name>.srj``, SPARQL 1.1 JSON results, one row per line, rows sorted (so a
  golden does not depend on how an engine breaks ties of the ORDER BY); compared as sorted rows.
- CONSTRUCT and DESCRIBE: ``golden/<name>.nt``, N-Triples with the lines sorted; compared as graphs
  (isomorphism, so blank node labels do not matter).

Each golden answers the query with the defaults of its parameters. Regenerate them with
``python -m tests.queries.regenerate`` only after reading the new answers against the paper.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.compare import graph_diff, isomorphic

from queries.store import Result

GOLDEN = Path(__file__).resolve().parent / "golden"


def golden_path(name: str, result: Result) -> Path:
    return GOLDEN / (name + (".nt" if isinstance(result, list) else ".srj"))


def existing_golden(name: str) -> Path | None:
    for suffix in (".srj", ".nt"):
        if (GOLDEN / (name + suffix)).exists():
            return GOLDEN / (name + suffix)
    return None


def serialize(result: Result) -> bytes:
    """The canonical golden bytes of a result."""
    if isinstance(result, list):
        data = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
        return b"".join(sorted(set(data.splitlines(keepends=True))))
    if isinstance(result, ox.QueryBoolean):
        return json.dumps({"head": {}, "boolean": bool(result)}, indent=1).encode() + b"\n"
    document = json.loads(result.serialize(format=ox.QueryResultsFormat.JSON) or b"{}")
    rows = sorted(
        json.dumps(row, sort_keys=True, ensure_ascii=False) for row in document["results"]["bindings"]
    )
    head = json.dumps(document["head"], ensure_ascii=False)
    body = ",\n".join(rows)  # one row per line: a changed answer shows as changed lines in git
    return f'{{"head": {head},\n "results": {{"bindings": [\n{body}\n]}}}}\n'.encode()


def _rows(data: bytes) -> tuple[list[str], list[str]]:
    """Variables and rows (one tab-separated line of N-Triples terms each, sorted) of a JSON result."""
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return [], [str(bool(parsed)).lower()]
    names = [v.value for v in parsed.variables]
    lines = ["\t".join("" if row[n] is None else str(row[n]) for n in names) for row in parsed]
    return names, sorted(lines)


def mismatch(expected: bytes, actual: bytes, kind: str) -> str | None:
    """None when the answers agree, else a readable diff (expected = golden)."""
    if kind == "nt":
        want, got = (rdflib.Graph().parse(data=d.decode(), format="nt") for d in (expected, actual))
        if isomorphic(want, got):
            return None
        _, missing, extra = graph_diff(want, got)
        lines = [f"- {line}" for line in sorted(missing.serialize(format="nt").splitlines()) if line]
        lines += [f"+ {line}" for line in sorted(extra.serialize(format="nt").splitlines()) if line]
        return "\n".join(lines)
    want_vars, want = _rows(expected)
    got_vars, got = _rows(actual)
    if want_vars == got_vars and want == got:
        return None
    head = [f"variables: golden {want_vars} / now {got_vars}"] if want_vars != got_vars else []
    diff = difflib.unified_diff(want, got, "golden", "now", lineterm="", n=1)
    return "\n".join(head + list(diff))
