"""Reading the outline of a SPARQL query without evaluating it, and binding values safely into its text.

pyoxigraph can bind values with ``substitutions=``, but Oxigraph then plans as if the variable were
free, and a remote endpoint has no such option. So :func:`inject_values` writes the values in as
constants in the query's WHERE group, and binds them for the projection with an inline ``VALUES`` block
as the first element of that group::

    SELECT ?c WHERE { ?l ckg:involves ?c }
    SELECT ?c WHERE { VALUES (?c) { (<https://w3id.org/crimekg/resource/bribery>) }
                      ?l ckg:involves <https://w3id.org/crimekg/resource/bribery> }

The values are pyoxigraph terms: :class:`pyoxigraph.NamedNode` refuses anything that is not an IRI and
:class:`pyoxigraph.Literal` escapes quotes, backslashes and line breaks when written, so a value can
never become query syntax; the variable names are checked as SPARQL variable names. User text is never
pasted into a query.

The outline comes from a small tokenizer that knows comments, the four kinds of string literal and IRIs,
so braces inside them are not mistaken for structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from ontology.errors import UsageError

Term = ox.NamedNode | ox.Literal | ox.BlankNode

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\ufffd]+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_.:-]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_VARNAME = re.compile(r"^[A-Za-z0-9_\u00c0-\ufffd][A-Za-z0-9_\u00b7\u00c0-\ufffd]*$")
FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def tokens(sparql: str) -> Iterator[Token]:
    """The significant tokens of a query: no whitespace, no comments."""
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group(), match.start())


@dataclass(frozen=True)
class Outline:
    """What the engine needs to know before it runs a query."""

    form: str  # SELECT, CONSTRUCT, DESCRIBE, ASK; "" if none was found (an update, or not SPARQL)
    has_dataset: bool  # FROM / FROM NAMED: the query chooses its own graphs
    from_graphs: tuple[str, ...]  # the IRIs written <…> after FROM
    from_named: tuple[str, ...]  # the IRIs written <…> after FROM NAMED
    where_open: int | None  # offset just after the "{" that opens the WHERE group
    where_close: int | None  # offset of the "}" that closes it
    subselect: bool  # the WHERE group holds only a sub-SELECT
    short_construct: bool  # CONSTRUCT WHERE { … }


def outline(sparql: str) -> Outline:
    """The form of a query, whether it names its own dataset, and where its WHERE group is.

    >>> o = outline("PREFIX ex: <http://e/> SELECT ?s FROM <http://e/g> WHERE { ?s ?p '}' }")
    >>> o.form, o.has_dataset
    ('SELECT', True)
    """
    toks = list(tokens(sparql))
    form, has_dataset, short = "", False, False
    graphs: dict[bool, list[str]] = {False: [], True: []}
    i = 0
    while i < len(toks):
        word = toks[i].text.upper() if toks[i].kind == "word" else ""
        if word in FORMS:
            form = word
            break
        i += 1
    if not form:
        return Outline("", False, (), (), None, None, False, False)
    i += 1
    if form == "CONSTRUCT" and i < len(toks):
        if toks[i].text == "{":
            i = _matching(toks, i) + 1
        elif toks[i].text.upper() == "WHERE":
            short = True
    depth = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "word" and tok.text.upper() == "FROM" and depth == 0:
            has_dataset = True
            named = i + 1 < len(toks) and toks[i + 1].text.upper() == "NAMED"
            target = i + 2 if named else i + 1
            if target < len(toks) and toks[target].kind == "iri":
                graphs[named].append(toks[target].text[1:-1])
        elif tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
        elif tok.text == "{" and depth == 0:
            close = _matching(toks, i)
            sub = i + 1 < len(toks) and toks[i + 1].kind == "word" and toks[i + 1].text.upper() == "SELECT"
            end = toks[close].start if close < len(toks) else None
            return Outline(
                form, has_dataset, tuple(graphs[False]), tuple(graphs[True]), tok.start + 1, end, sub, short
            )
        i += 1
    return Outline(form, has_dataset, tuple(graphs[False]), tuple(graphs[True]), None, None, False, short)


def _matching(toks: list[Token], i: int) -> int:
    """Index of the brace that closes the one at ``i`` (len(toks) if unbalanced)."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].text == "{":
            depth += 1
        elif toks[j].text == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(toks)


def term_sparql(term: Term) -> str:
    """A term written as SPARQL, escaped by pyoxigraph (``"a \\"quoted\\" word"``, ``<iri>``)."""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term)
    raise UsageError(f"cannot bind {term!r} in a query sent to an endpoint: only IRIs and literals")


def check_variable(name: str) -> str:
    """A parameter name that is a valid SPARQL variable name, without its ``?``."""
    bare = name[1:] if name[:1] in "?$" else name
    if not _VARNAME.match(bare):
        raise UsageError(f"{name!r} is not a valid SPARQL variable name")
    return bare


def inject_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """The query with ``bindings`` substituted, as pyoxigraph's ``substitutions=`` does (SEP-0007).

    Inside the WHERE group every use of a bound variable becomes the escaped term, so that filters in
    nested groups see it and the engine can use it as a constant; an inline ``VALUES`` block opening the
    group binds the variable for the projection, GROUP BY, ORDER BY and CONSTRUCT template. Like
    pyoxigraph, a sub-SELECT keeps its own scope: a variable it does not project is its own, not the
    parameter.

    >>> print(inject_values('SELECT ?x WHERE { ?x ?p ?o }', {'x': ox.Literal('} ; DROP ALL ; {')}))
    SELECT ?x WHERE { VALUES (?x) { ("} ; DROP ALL ; {") } "} ; DROP ALL ; {" ?p ?o }
    """
    if not bindings:
        return sparql
    shape = outline(sparql)
    if shape.short_construct:
        raise UsageError(
            "parameters cannot be bound in the short form CONSTRUCT WHERE { … }",
            hint="write it as CONSTRUCT { template } WHERE { pattern }",
        )
    if shape.where_open is None or shape.where_close is None:
        raise UsageError("cannot find the WHERE clause of the query to bind its parameters")
    terms = {check_variable(name): term_sparql(term) for name, term in bindings.items()}
    names = " ".join("?" + name for name in terms)
    block = f" VALUES ({names}) {{ ({' '.join(terms.values())}) }}"
    body = _substitute(sparql, shape.where_open, shape.where_close, terms)
    head, tail = sparql[: shape.where_open], sparql[shape.where_close :]
    if shape.subselect:  # a group that is only a sub-SELECT cannot hold anything else: nest it
        return f"{head}{block} {{{body}}} {tail}"
    return f"{head}{block}{body}{tail}"


def _substitute(sparql: str, start: int, end: int, terms: Mapping[str, str]) -> str:
    """The text between ``start`` and ``end`` with the bound variables replaced by their terms.

    A sub-SELECT sees a parameter only if it projects it (or projects ``*``), as in SEP-0007.
    """
    toks = [t for t in tokens(sparql) if start <= t.start < end]
    out: list[str] = []
    position = start
    depth = 0  # of parentheses
    clause = ""  # "select" (a sub-SELECT's projection), "modifier" (GROUP/ORDER BY), "values" (VALUES header)
    scopes: list[tuple[int, set[str]]] = []  # per enclosing sub-SELECT: brace depth of its group, names seen
    braces = 0
    previous = ""
    for index, tok in enumerate(toks):
        word = tok.text.upper() if tok.kind == "word" else ""
        if tok.text == "{":
            braces += 1
            clause = "" if clause in ("select", "values") else clause
        elif tok.text == "}":
            braces -= 1
            clause = ""
            while scopes and scopes[-1][0] > braces:  # the group wrapping a sub-SELECT closed
                scopes.pop()
        elif tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
        elif word == "SELECT":
            clause = "select"
            visible = scopes[-1][1] if scopes else set(terms)
            scopes.append((braces, visible & _projected(toks, index + 1, visible)))
        elif word == "WHERE":
            clause = ""
        elif word == "BY" and previous in ("GROUP", "ORDER"):
            clause = "modifier"
        elif word in ("HAVING", "LIMIT", "OFFSET"):
            clause = ""
        elif word == "VALUES":
            clause = "values"
        name = tok.text[1:] if tok.kind == "var" else ""
        if name in terms and (not scopes or name in scopes[-1][1]):
            if previous == "AS" or clause == "values":
                raise UsageError(f"the query assigns ?{name} itself, so it cannot be a parameter")
            if clause == "select" and depth == 0:
                replacement = f"({terms[name]} AS ?{name})"
            elif clause == "modifier" and depth == 0:
                replacement = f"({terms[name]})"
            else:
                replacement = terms[name]
            out += [sparql[position : tok.start], replacement]
            position = tok.start + len(tok.text)
        previous = word or tok.text
    out.append(sparql[position:end])
    return "".join(out)


def _projected(toks: list[Token], index: int, names: set[str]) -> set[str]:
    """The names among ``names`` that the SELECT clause starting at ``index`` projects (``*``: all)."""
    projected: set[str] = set()
    depth = 0
    for tok in toks[index:]:
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
        elif depth == 0 and (tok.text == "{" or tok.text.upper() in ("WHERE", "FROM")):
            break
        elif depth == 0 and tok.text == "*":
            return set(names)
        elif depth == 0 and tok.kind == "var":
            projected.add(tok.text[1:])
    return projected
