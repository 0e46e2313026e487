"""SHACL validation of a graph against ``shapes.ttl``, read together with the ontology.

The shapes see the data merged with ``crimekg.ttl``: ``sh:targetClass`` and ``sh:class`` then follow the
ontology's ``rdfs:subClassOf`` triples, and the controlled-value shapes find the ``skos:inScheme`` of the
concepts the ontology defines. pySHACL runs without RDFS inference (fast: well under a second for the
seed graph).

>>> import rdflib
>>> data = rdflib.Graph().parse(data='''
...     @prefix ckg: <https://w3id.org/crimekg/ontology#> .
...     <https://w3id.org/crimekg/resource/s> a ckg:Statistic .''', format="turtle")
>>> sorted({v.rule for v in shacl_violations(data)})
['ClaimProvenanceShape', 'LabelShape', 'StatisticUnitShape', 'StatisticValueShape']
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import rdflib
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

import ontology
from ontology.errors import CrimekgError, Violation

SHAPES = "https://w3id.org/crimekg/shapes#"
Origin = Callable[[rdflib.term.Node], str]


@functools.cache
def shapes_graph() -> rdflib.Graph:
    """``shapes.ttl`` parsed (cached; do not modify)."""
    return rdflib.Graph().parse(data=ontology.shapes_file().read_bytes(), format="turtle")


@functools.cache
def ontology_graph() -> rdflib.Graph:
    """``crimekg.ttl`` parsed (cached; do not modify)."""
    return rdflib.Graph().parse(data=ontology.ontology_file().read_bytes(), format="turtle")


def named_shapes() -> list[URIRef]:
    """Every shape that carries an ``sh:message``: the rules of the SHACL stage, by name."""
    graph = shapes_graph()
    return sorted(
        s for s in graph.subjects(SH.message, None) if isinstance(s, URIRef) and str(s).startswith(SHAPES)
    )


def with_ontology(data: rdflib.Graph) -> rdflib.Graph:
    """A plain graph holding ``data`` and, unless already there, the ontology."""
    header = (URIRef(ontology.ONTOLOGY_IRI), RDF.type, rdflib.OWL.Ontology)
    merged = rdflib.Graph()
    for prefix, namespace in ontology.PREFIXES.items():
        merged.bind(prefix, namespace)
    merged += data if not isinstance(data, rdflib.Dataset) else data.triples((None, None, None))
    if header not in merged:
        merged += ontology_graph()
    return merged


def shacl_violations(
    data: rdflib.Graph,
    *,
    origin: Origin | None = None,
    focus_nodes: list[rdflib.term.Node] | None = None,
) -> list[Violation]:
    """Validate ``data`` (with the ontology merged in) against ``shapes.ttl``; one Violation per result.

    ``origin`` names the file a focus node comes from (default: ``"graph"``); ``focus_nodes`` limits the
    validation to those nodes (for example the subjects of an addition).
    """
    from pyshacl import validate

    graph = with_ontology(data)
    conforms, report, _ = validate(
        graph,
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=False,
        inplace=True,
        allow_warnings=True,
        focus_nodes=focus_nodes,
    )
    if conforms:
        return []
    if not isinstance(report, rdflib.Graph):  # pySHACL could not run the shapes at all
        raise CrimekgError(
            f"SHACL validation could not run: {report}", hint="report this to the crimekg developers"
        )
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceShape)
        if (None, SH.detail, result) in report or not isinstance(shape, URIRef):
            continue  # the inner result of an sh:node / sh:or: its named shape reports it already
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage) or shapes_graph().value(shape, SH.message)
        rule = str(shape).removeprefix(SHAPES)
        violations.append(
            Violation(
                source=origin(focus) if origin else "graph",
                focus=node_name(graph, focus),
                message=str(message),
                rule=rule,
                path=path_name(graph, report, report.value(result, SH.resultPath), focus, value),
            )
        )
    return sorted(set(violations), key=lambda v: (v.source, v.focus, v.rule, v.path))  # one per rule and node


def path_name(graph: rdflib.Graph, report: rdflib.Graph, path, focus, value) -> str:
    """The property of a result, compact; for an alternative path the property that holds the value."""
    if path is None:
        return ""
    if isinstance(path, BNode):
        alternatives = report.value(path, SH.alternativePath)
        if alternatives is not None:
            options = list(Collection(report, alternatives))
            for option in options:
                if value is not None and (focus, option, value) in graph:
                    return compact(option)
            return "|".join(compact(o) for o in options)
        return "(path)"
    return compact(path)


def compact(term: rdflib.term.Node) -> str:
    """``ckg:nature`` for an IRI in a known namespace, else ``<IRI>``; literals in Turtle syntax."""
    if isinstance(term, URIRef):
        for prefix, namespace in ontology.PREFIXES.items():
            if str(term).startswith(namespace) and len(str(term)) > len(namespace):
                return f"{prefix}:{str(term)[len(namespace) :]}"
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    return f"_:{term}"


def label(graph: rdflib.Graph, node: rdflib.term.Node) -> str | None:
    """The node's English label (else any label), or None."""
    labels = list(graph.objects(node, RDFS.label))
    for candidate in labels:
        if isinstance(candidate, Literal) and candidate.language == "en":
            return str(candidate)
    return str(labels[0]) if labels else None


def node_name(graph: rdflib.Graph, node: rdflib.term.Node | None) -> str:
    """How a node is shown to a user: ``label <IRI>``, ``<IRI>``, or a blank node with its type."""
    if node is None:
        return "(no node)"
    if isinstance(node, Literal):
        return node.n3()
    name = label(graph, node)
    if isinstance(node, BNode):
        kind = graph.value(node, RDF.type)
        where = f"a blank node ({compact(kind)})" if kind is not None else "a blank node"
        return f"{name} ({where})" if name else where
    return f"{name} <{node}>" if name else f"<{node}>"
