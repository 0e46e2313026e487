"""Checks of an addition that SHACL and the reasoner cannot phrase well, each naming what to write instead.

- terms of the ``ckg:`` namespace the ontology does not define, and misspelt terms of rdf, rdfs, owl,
  skos, prov and dcterms → the nearest defined term ("did you mean ckg:Statistic?");
- ``ckr:`` resources used but described nowhere (not in the addition, not in the graph) → the nearest
  existing one;
- literals of the wrong datatype for a ``ckg:`` datatype property, or with a malformed lexical form;
  literals over :data:`MAX_LITERAL_CHARS`;
- clashes with existing data: a second value for an ``owl:FunctionalProperty``, and a node that would
  belong to two disjoint classes (asserted, or implied by the domain and range of the properties used),
  each named with both values and where they come from.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

import ontology
from graph_data.loader import ontology_sources, parse
from ontology.errors import Violation

MAX_LITERAL_CHARS = 20_000
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode(str(RDF.type))
RDFS_LABEL = ox.NamedNode(str(RDFS.label))
_CLOSED = [RDF, RDFS, OWL, SKOS, PROV, DCTERMS]
#: Where a triple came from, for messages: "in linkages.csv row 3", "in seed/crime-types".
Whence = Callable[[ox.Quad], str]


def compact(iri: str) -> str:
    for prefix, namespace in ontology.PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def show(term: ox.Term) -> str:
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.Literal):
        text = term.value if len(term.value) <= 60 else term.value[:57] + "…"
        return f'"{text}"' + (f"@{term.language}" if term.language else "")
    return "a blank node"


@dataclass
class OntologyFacts:
    """What the ontology says that these checks need, read once."""

    defined: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)
    functional: set[str] = field(default_factory=set)
    supers: dict[str, set[str]] = field(default_factory=dict)  # class → itself and every superclass
    disjoint: set[frozenset[str]] = field(default_factory=set)
    domain: dict[str, str] = field(default_factory=dict)
    range_class: dict[str, str] = field(default_factory=dict)
    range_datatype: dict[str, str] = field(default_factory=dict)

    def closure(self, cls: str) -> set[str]:
        return self.supers.get(cls, {cls})

    def clash(self, a: str, b: str) -> tuple[str, str] | None:
        """The pair of disjoint classes that makes an ``a`` never a ``b``, if any."""
        for x in self.closure(a):
            for y in self.closure(b):
                if frozenset((x, y)) in self.disjoint:
                    return x, y
        return None


@functools.cache
def facts() -> OntologyFacts:
    store = ox.Store()
    for source in ontology_sources():
        store.extend(parse(source))
    f = OntologyFacts()
    sub: dict[str, set[str]] = defaultdict(set)
    for q in store:
        s, p, o = q.subject, q.predicate.value, q.object
        if isinstance(s, ox.NamedNode):
            f.defined.add(s.value)
            if p == str(RDFS.label) and isinstance(o, ox.Literal):
                f.labels.setdefault(s.value, o.value)
        if not isinstance(o, ox.NamedNode) or not isinstance(s, ox.NamedNode):
            continue
        if p == str(RDF.type) and o.value == str(OWL.FunctionalProperty):
            f.functional.add(s.value)
        elif p == str(RDFS.subClassOf):
            sub[s.value].add(o.value)
        elif p == str(OWL.disjointWith):
            f.disjoint.add(frozenset((s.value, o.value)))
        elif p == str(RDFS.domain):
            f.domain[s.value] = o.value
        elif p == str(RDFS.range):
            (f.range_datatype if o.value.startswith(XSD) else f.range_class)[s.value] = o.value
    for row in store.query(
        f"SELECT ?a ?b WHERE {{ ?x a <{OWL.AllDisjointClasses}> ; "
        f"<{OWL.members}>/<{RDF.rest}>*/<{RDF.first}> ?a , ?b FILTER(?a != ?b) }}",
        use_default_graph_as_union=True,
    ):
        f.disjoint.add(frozenset((row["a"].value, row["b"].value)))
    for cls in set(sub) | {c for v in sub.values() for c in v}:
        seen, todo = {cls}, [cls]
        while todo:
            for parent in sub.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        f.supers[cls] = seen
    return f


def _vocabulary_terms(namespace: str) -> set[str] | None:
    for ns in _CLOSED:
        if str(ns._NS) == namespace:
            return {namespace + name for name in ns.__annotations__}
    return None


def suggest(wrong: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``wrong`` (case-insensitive first, then difflib), if close enough."""
    candidates = list(candidates)
    lowered = {c.lower(): c for c in candidates}
    if wrong.lower() in lowered:
        return lowered[wrong.lower()]
    close = difflib.get_close_matches(wrong, candidates, n=1, cutoff=0.8)
    return close[0] if close else None


# --- the checks --------------------------------------------------------------------------------------


def unknown_terms(triples: list[ox.Triple], where: Callable[[ox.Term], str]) -> list[Violation]:
    """IRIs in ``ckg:`` (or a known vocabulary) that the ontology (or that vocabulary) does not define."""
    f = facts()
    ckg_defined = {iri for iri in f.defined if iri.startswith(ontology.CKG)}
    reported: set[str] = set()
    found = []
    for t in triples:
        for term in (t.predicate, t.object, t.subject):
            if not isinstance(term, ox.NamedNode) or term.value in reported:
                continue
            iri = term.value
            namespace = next((ns for ns in ontology.PREFIXES.values() if iri.startswith(ns)), None)
            if namespace is None or namespace == ontology.CKR or iri in f.defined:
                continue
            known = ckg_defined if namespace == ontology.CKG else _vocabulary_terms(namespace)
            if known is None or iri in known or namespace == iri:
                continue
            if namespace == ontology.CKG and term is t.subject and t.predicate == RDF_TYPE:
                continue  # declaring a new term is for the ontology file, and SHACL says so
            reported.add(iri)
            local = {k[len(namespace) :]: k for k in known}
            near = suggest(iri[len(namespace) :], local)
            hint = (
                f"did you mean {compact(local[near])}?"
                if near
                else f"see {namespace} for the terms it defines"
            )
            prefix = next(p for p, ns in ontology.PREFIXES.items() if ns == namespace)
            vocabulary = "the crimekg ontology" if namespace == ontology.CKG else f"the {prefix}: vocabulary"
            found.append(
                Violation(
                    source=where(t.subject),
                    focus=show(t.subject),
                    message=f"{compact(iri)} is not a term of {vocabulary}; {hint}",
                    rule="unknown-term",
                )
            )
    return found


def dangling(
    triples: list[ox.Triple],
    described: Callable[[str], bool],
    existing: Callable[[], set[str]],
    where: Callable[[ox.Term], str],
) -> list[Violation]:
    """``ckr:`` resources the addition points at that neither it nor the graph describes."""
    subjects = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    missing: dict[str, ox.Triple] = {}
    for t in triples:
        o = t.object
        if isinstance(o, ox.NamedNode) and o.value.startswith(ontology.CKR) and o.value not in subjects:
            missing.setdefault(o.value, t)
    missing = {iri: t for iri, t in missing.items() if not described(iri)}
    if not missing:
        return []
    names = {iri[len(ontology.CKR) :]: iri for iri in existing() | subjects}
    found = []
    for iri, t in sorted(missing.items()):
        near = suggest(iri[len(ontology.CKR) :], names)
        hint = (
            f"did you mean {compact(names[near])}?"
            if near
            else "describe it (a type and an rdfs:label@en) in your file, or use an IRI that is in the graph"
        )
        found.append(
            Violation(
                source=where(t.subject),
                focus=show(t.subject),
                message=f"{compact(iri)} is not in the graph; {hint}",
                rule="unknown-resource",
                path=compact(t.predicate.value),
            )
        )
    return found


_LEXICAL: dict[str, tuple[str, Callable[[str], object]]] = {
    XSD + "integer": ("a whole number, e.g. 12", lambda v: re.fullmatch(r"[+-]?\d+", v) or _bad()),
    XSD + "decimal": (
        "a decimal number, e.g. 6.5",
        lambda v: re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", v) or _bad(),
    ),
    XSD + "date": ("a date written YYYY-MM-DD", lambda v: date.fromisoformat(v)),
    XSD + "dateTime": ("a date and time, e.g. 2021-10-19T10:00:00Z", lambda v: datetime.fromisoformat(v)),
    XSD + "gYear": ("a year, e.g. 2021", lambda v: re.fullmatch(r"-?\d{4}", v) or _bad()),
    XSD + "boolean": ("true or false", lambda v: v in ("true", "false", "1", "0") or _bad()),
}


def _bad() -> None:
    raise ValueError


def literals(triples: list[ox.Triple], where: Callable[[ox.Term, ox.NamedNode], str]) -> list[Violation]:
    """Over-long literals, malformed lexical forms, and datatypes that differ from the ontology's range."""
    found = []
    for t in triples:
        if isinstance(t.object, ox.Literal):
            problem = _literal_problem(t.predicate.value, t.object)
            if problem:
                message, rule = problem
                found.append(
                    Violation(
                        where(t.subject, t.predicate),
                        show(t.subject),
                        message,
                        rule,
                        compact(t.predicate.value),
                    )
                )
    return found


def _literal_problem(p: str, o: ox.Literal) -> tuple[str, str] | None:
    if len(o.value) > MAX_LITERAL_CHARS:
        return (
            f"this value is {len(o.value):,} characters long; crimekg accepts at most "
            f"{MAX_LITERAL_CHARS:,} per value — summarise it in your own words and cite the source",
            "literal-too-long",
        )
    datatype = o.datatype.value if o.datatype else XSD + "string"
    lexical = _LEXICAL.get(datatype)
    if lexical:
        try:
            lexical[1](o.value)
        except (ValueError, InvalidOperation):
            return f"{o.value!r} is not {lexical[0]} (datatype {compact(datatype)})", "malformed-literal"
    expected = facts().range_datatype.get(p)
    if expected and datatype != expected:
        return _datatype_message(p, o, expected), "wrong-datatype"
    return None


def _datatype_message(p: str, o: ox.Literal, expected: str) -> str:
    name = compact(p)
    if o.language:
        return f'{name} takes a plain string: write "{show(o)[1:].split("@")[0]} without @{o.language}'
    examples = {
        "decimal": f'a decimal: write {o.value}.0 or "{o.value}"^^xsd:decimal',
        "integer": "a whole number without quotes, e.g. 12",
        "string": 'a plain string in quotes, e.g. "5"',
        "date": 'a date: "2021-10-19"^^xsd:date',
    }
    kind = expected[len(XSD) :]
    if kind == "decimal":
        try:
            Decimal(o.value)
        except InvalidOperation:
            return f"{name} takes a decimal number; {show(o)} is not one"
    return (
        f"{name} takes {examples.get(kind, compact(expected))}; got {show(o)} ({compact(o.datatype.value)})"
    )


@dataclass(frozen=True)
class Fact:
    """A triple with where it comes from, for clash messages."""

    triple: ox.Triple
    whence: str
    new: bool


def _value_key(term: ox.Term) -> object:
    if (
        isinstance(term, ox.Literal)
        and term.datatype
        and term.datatype.value in (XSD + "decimal", XSD + "integer")
    ):
        try:
            return ("number", Decimal(term.value))
        except InvalidOperation:
            return term
    return term


def functional_clashes(facts_: list[Fact]) -> list[Violation]:
    """A subject with two different values of a functional property, at least one of them new."""
    f = facts()
    values: dict[tuple[ox.Term, str], dict[object, Fact]] = defaultdict(dict)
    for fact in facts_:
        t = fact.triple
        if t.predicate.value in f.functional:
            values[(t.subject, t.predicate.value)].setdefault(_value_key(t.object), fact)
    found = []
    for (subject, p), by_value in values.items():
        if len(by_value) > 1 and any(x.new for x in by_value.values()):
            listed = " and ".join(f"{show(x.triple.object)} (in {x.whence})" for x in by_value.values())
            new = next(x for x in by_value.values() if x.new)
            found.append(
                Violation(
                    new.whence,
                    show(subject),
                    f"{compact(p)} takes one value, but this would give {show(subject)} two: {listed}; "
                    "keep one (or use a new IRI if you mean a different thing)",
                    "functional-property",
                    compact(p),
                )
            )
    return found


def type_clashes(facts_: list[Fact]) -> list[Violation]:
    """A node that would be an instance of two disjoint classes, at least one reason being new."""
    f = facts()
    reasons: dict[ox.Term, dict[str, Fact]] = defaultdict(dict)
    for fact in facts_:
        t = fact.triple
        if t.predicate == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            reasons[t.subject].setdefault(t.object.value, fact)
        if t.predicate.value in f.domain:
            reasons[t.subject].setdefault(f.domain[t.predicate.value], fact)
        if t.predicate.value in f.range_class and not isinstance(t.object, ox.Literal):
            reasons[t.object].setdefault(f.range_class[t.predicate.value], fact)
    found, seen = [], set()
    for node, by_class in reasons.items():
        classes = sorted(by_class)
        for i, a in enumerate(classes):
            for b in classes[i + 1 :]:
                pair = f.clash(a, b)
                fa, fb = by_class[a], by_class[b]
                if not pair or not (fa.new or fb.new) or (node, frozenset(pair)) in seen:
                    continue
                seen.add((node, frozenset(pair)))
                new = fa if fa.new else fb
                found.append(
                    Violation(
                        new.whence,
                        show(node),
                        f"{show(node)} cannot be both {_why(node, a, fa)} and {_why(node, b, fb)}: "
                        f"{compact(pair[0])} and {compact(pair[1])} are disjoint; "
                        "use a new IRI for the new thing, or the right property",
                        "disjoint-types",
                    )
                )
    return found


def _why(node: ox.Term, cls: str, fact: Fact) -> str:
    t = fact.triple
    if t.predicate == RDF_TYPE:
        how = "typed"
    elif t.subject == node:
        how = f"the subject of {compact(t.predicate.value)}"
    else:
        how = f"the object of {compact(t.predicate.value)}"
    return f"a {compact(cls)} ({how}, in {fact.whence})"
