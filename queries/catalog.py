"""The catalogue: every ``queries/*.rq`` file is one named question with a header that describes it.

A catalogue file opens with comment lines::

    #+ summary: Which crime types is a crime type linked to, with nature, prevalence and citations?
    #+ tags: linkages, crime-types, provenance
    #+ params:
    #+   - crime: iri = ckr:drug-trafficking -- the crime type whose links are listed
    #+   - paragraph: integer -- a paragraph number of the paper (required: no default)
    #+   - topic: iri? -- a topic to keep (optional: left unbound when not given)

Each parameter line reads ``- NAME: KIND [= DEFAULT] -- DESCRIPTION``. ``NAME`` is the query variable
(``?crime``) the value is bound to; ``KIND`` is one of :data:`KINDS`; ``KIND?`` marks a parameter that may
stay unbound. A parameter without a default (and without ``?``) must be given. ``#+ params:`` with no
lines means the query takes none. IRI values may be written ``ckr:corruption``, ``corruption`` (a slug in
the ckr: namespace) or as a full IRI with or without ``<>``.

>>> q = parse_header(
...     "#+ summary: Who?\\n#+ tags: a, b\\n#+ params:\\n#+   - n: integer = 3 -- a number\\nSELECT ?n {}"
... )
>>> q.params[0].name, q.params[0].kind, q.params[0].default
('n', 'integer', '3')
>>> bind(q, {})["n"]
<Literal value=3 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources

import pyoxigraph as ox

import ontology
from ontology.errors import LoadError, UsageError
from queries.sparql_text import Term

XSD = "http://www.w3.org/2001/XMLSchema#"
#: Parameter kinds and the literal datatype of each ("iri" makes a NamedNode).
KINDS = {
    "iri": None,
    "string": XSD + "string",
    "integer": XSD + "integer",
    "decimal": XSD + "decimal",
    "date": XSD + "date",
    "boolean": XSD + "boolean",
}
_PARAM = re.compile(
    r"^-\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<kind>[a-z]+)(?P<optional>\?)?"
    r"\s*(?:=\s*(?P<default>.*?))?\s*--\s*(?P<description>.+)$"
)
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Param:
    """One parameter of a catalogue query, bound to the query variable of the same name."""

    name: str
    kind: str
    description: str
    default: str | None = None
    optional: bool = False  # may stay unbound (written ``kind?``)

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def usage(self) -> str:
        """``crime (iri, default ckr:drug-trafficking): the crime type …``"""
        extra = f", default {self.default}" if self.default is not None else ""
        extra += ", optional" if self.optional else ""
        extra += ", required" if self.required else ""
        return f"{self.name} ({self.kind}{extra}): {self.description}"


@dataclass(frozen=True)
class CatalogQuery:
    name: str
    summary: str
    tags: list[str]
    params: list[Param]
    text: str
    fields: dict[str, str] = field(default_factory=dict, compare=False)  # every #+ field as written


def parse_header(text: str, name: str = "<query>") -> CatalogQuery:
    """The header of a query text (missing fields are empty); LoadError for a malformed param line."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    in_params = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        if not stripped.startswith("#+"):
            continue
        body = stripped[2:].strip()
        if in_params and body.startswith("-"):
            params.append(_param(body, name, number))
            continue
        key, _, value = body.partition(":")
        key = key.strip().lower()
        fields[key] = value.strip()
        in_params = key == "params"
    tags = [t.strip() for t in fields.get("tags", "").split(",") if t.strip()]
    return CatalogQuery(name, fields.get("summary", ""), tags, params, text, fields)


def _param(body: str, name: str, line: int) -> Param:
    match = _PARAM.match(body)
    if not match or match["kind"] not in KINDS:
        raise LoadError(
            f"malformed parameter line {body!r}",
            path=name,
            line=line,
            hint=f"write '- NAME: KIND [= DEFAULT] -- DESCRIPTION' with KIND one of {', '.join(KINDS)}",
        )
    default = match["default"] or None
    return Param(match["name"], match["kind"], match["description"].strip(), default, bool(match["optional"]))


@functools.cache
def catalogue() -> list[CatalogQuery]:
    """Every ``queries/catalogue/*.rq`` and the derivation rules ``ontology/derivations/*.rq``, by name."""
    texts = {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in resources.files("queries.catalogue").iterdir()
        if entry.name.endswith(".rq")
    }
    texts.update(ontology.derivations())
    return [parse_header(texts[name], name.removesuffix(".rq")) for name in sorted(texts)]


def names() -> list[str]:
    return [query.name for query in catalogue()]


def get(name: str) -> CatalogQuery:
    """The catalogue query called ``name`` (``.rq`` optional); UsageError naming the closest names."""
    wanted = name.removesuffix(".rq")
    for query in catalogue():
        if query.name == wanted:
            return query
    close = difflib.get_close_matches(wanted, names(), n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}?" if close else "`crimekg queries` lists the catalogue"
    raise UsageError(f"no catalogue query called {name!r}", hint=hint)


def with_tag(tag: str) -> list[CatalogQuery]:
    return [query for query in catalogue() if tag in query.tags]


def bind(query: CatalogQuery, params: Mapping[str, object]) -> dict[str, Term]:
    """The RDF terms to bind: given values (text or Python values) converted by kind, then defaults.

    UsageError for an unknown or missing parameter (listing the query's parameters) or a value that
    does not fit its kind.
    """
    known = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise UsageError(f"{query.name} has no parameter {', '.join(unknown)}", hint=_listing(query))
    bound: dict[str, Term] = {}
    for param in query.params:
        value = params.get(param.name, param.default)
        if value is None:
            if param.required:
                raise UsageError(f"{query.name} needs the parameter {param.name}", hint=_listing(query))
            continue
        bound[param.name] = term(param, value)
    return bound


def _listing(query: CatalogQuery) -> str:
    if not query.params:
        return f"{query.name} takes no parameters"
    lines = "\n".join(f"    {p.usage()}" for p in query.params)
    return f"pass --param NAME=VALUE; the parameters of {query.name} are:\n{lines}"


def term(param: Param, value: object) -> Term:
    """``value`` as the RDF term of the parameter's kind."""
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    try:
        if param.kind == "iri":
            return ox.NamedNode(expand_iri(str(value)))
        return ox.Literal(_lexical(param.kind, value), datatype=ox.NamedNode(KINDS[param.kind]))
    except (ValueError, InvalidOperation) as error:
        raise UsageError(f"{param.name}: {value!r} is not a valid {param.kind} ({error})") from None


def _lexical(kind: str, value: object) -> str:
    text = str(value).strip() if not isinstance(value, str) else value
    if kind == "integer":
        if isinstance(value, bool):
            raise ValueError("a boolean is not an integer")
        return str(int(text))
    if kind == "decimal":
        number = Decimal(text)
        if not number.is_finite():
            raise ValueError("not a finite number")
        return format(number, "f")
    if kind == "date":
        if isinstance(value, datetime.date):
            return value.isoformat()
        return datetime.date.fromisoformat(text.strip()).isoformat()
    if kind == "boolean":
        lowered = text.strip().lower()
        if isinstance(value, bool) or lowered in ("true", "false", "1", "0"):
            return "true" if value is True or lowered in ("true", "1") else "false"
        raise ValueError("use true or false")
    return text


def expand_iri(text: str) -> str:
    """``ckr:corruption``, ``corruption``, ``<https://…>`` or ``https://…`` as a full IRI.

    >>> expand_iri("corruption")
    'https://w3id.org/crimekg/resource/corruption'
    >>> expand_iri("ckg:Linkage")
    'https://w3id.org/crimekg/ontology#Linkage'
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, colon, local = text.partition(":")
    if colon and prefix in ontology.PREFIXES:
        return ontology.PREFIXES[prefix] + local
    if _SCHEME.match(text):
        return text
    if _SLUG.match(text):
        return ontology.CKR + text
    raise ValueError("write a full IRI, a prefixed name such as ckr:corruption, or a slug")
