"""Writing query results in the formats of the SPARQL 1.1 Protocol, with a cap on rows.

SELECT solutions are read up to the cap, written as SPARQL JSON by :func:`solutions_json`, and handed
back to pyoxigraph's own serialisers for XML, CSV and TSV (``parse_query_results`` → ``serialize``), so
every format follows the W3C specifications exactly as Oxigraph writes them. CONSTRUCT and DESCRIBE
triples are capped the same way and written by ``pyoxigraph.serialize``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

import ontology

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class Written:
    """Serialised results: the bytes, how many rows (or triples) they hold, and whether some were cut."""

    body: bytes
    rows: int
    truncated: bool


def term_json(term: Term) -> dict[str, object]:
    """One RDF term in the SPARQL 1.1 JSON results format (RDF-star triples as ``type: triple``)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def solutions_json(variables: Sequence[str], rows: Iterable[Sequence[Term | None]]) -> bytes:
    bindings = [
        {name: term_json(value) for name, value in zip(variables, row, strict=True) if value is not None}
        for row in rows
    ]
    document = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def boolean_json(value: bool) -> bytes:
    return json.dumps({"head": {}, "boolean": value}).encode()


def write_solutions(solutions: ox.QuerySolutions, fmt: ox.QueryResultsFormat, max_rows: int) -> Written:
    """At most ``max_rows`` solutions in ``fmt``; ``truncated`` says whether there were more."""
    variables = [variable.value for variable in solutions.variables]
    rows = [list(solution) for solution in islice(solutions, max_rows + 1)]
    truncated = len(rows) > max_rows
    rows = rows[:max_rows]
    as_json = solutions_json(variables, rows)
    if fmt == ox.QueryResultsFormat.JSON:
        return Written(as_json, len(rows), truncated)
    parsed = ox.parse_query_results(as_json, format=ox.QueryResultsFormat.JSON)
    return Written(parsed.serialize(format=fmt), len(rows), truncated)


def write_boolean(value: bool, fmt: ox.QueryResultsFormat) -> Written:
    as_json = boolean_json(value)
    if fmt == ox.QueryResultsFormat.JSON:
        return Written(as_json, 1, False)
    parsed = ox.parse_query_results(as_json, format=ox.QueryResultsFormat.JSON)
    return Written(parsed.serialize(format=fmt), 1, False)


def write_triples(triples: Iterable[ox.Triple], fmt: ox.RdfFormat, max_rows: int) -> Written:
    """At most ``max_rows`` triples in ``fmt``, with the project's prefixes where the format has them."""
    kept = list(islice(triples, max_rows + 1))
    truncated = len(kept) > max_rows
    kept = kept[:max_rows]
    prefixes = ontology.PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(kept, format=fmt, prefixes=prefixes) or b""
    return Written(body, len(kept), truncated)
