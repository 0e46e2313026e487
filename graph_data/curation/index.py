"""An on-disk index of the whole graph in the data directory, so that ``crimekg add`` need not reload it.

``crimekg add`` validates what a researcher adds together with the existing triples about the nodes the
addition touches. Finding those triples by parsing the whole graph costs seconds at a million triples;
this index answers them in milliseconds. It is a pyoxigraph (RocksDB) store in ``extensions/index/``
holding the ontology, the seed graph and every merged extension, one named graph each.

It is a *cache*: the registry is the truth. A state graph records, per named graph, the SHA-256 of the
content it was loaded from; :meth:`GraphIndex.sync` reloads any graph whose hash differs (a new crimekg
version, an extension merged by a process that crashed before it updated the index) and drops graphs
the registry no longer lists. A graph's marker is written only after its content, so a crash in between
makes the next sync reload it. Only writers open the index, under the data directory's lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from graph_data.loader import GRAPH_BASE, Source, ontology_sources, parse, seed_sources

STATE_GRAPH = ox.NamedNode(GRAPH_BASE + "index-state")
HASH = ox.NamedNode("urn:crimekg:index:sha256")
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


class GraphIndex:
    """The data directory's on-disk store of the whole graph."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.store = ox.Store(str(path))
        except OSError:  # a damaged cache: start again
            shutil.rmtree(path, ignore_errors=True)
            self.store = ox.Store(str(path))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.store.flush()
        del self.store

    # --- keeping in step with the registry ---------------------------------------------------------

    def indexed(self) -> dict[str, str]:
        """Named graph IRI → SHA-256 of the content loaded into it."""
        return {
            q.subject.value: q.object.value
            for q in self.store.quads_for_pattern(None, HASH, None, STATE_GRAPH)
        }

    def sync(self, expected: dict[str, tuple[str, Callable[[], Source]]]) -> list[str]:
        """Make the index hold exactly ``expected`` (graph IRI → (sha256, loader)); returns what changed."""
        have = self.indexed()
        changed = []
        for graph_iri in set(have) - set(expected):
            self.drop(graph_iri)
            changed.append(graph_iri)
        for graph_iri, (digest, load) in expected.items():
            if have.get(graph_iri) != digest:
                self.put(load(), digest)
                changed.append(graph_iri)
        named = {g.value for g in self.store.named_graphs()} - {STATE_GRAPH.value}
        for stray in named - set(expected):  # content whose marker never got written
            self.store.remove_graph(ox.NamedNode(stray))
            changed.append(stray)
        return changed

    def put(self, source: Source, digest: str) -> None:
        graph = source.graph
        self._unmark(graph.value)
        if self.store.contains_named_graph(graph):
            self.store.remove_graph(graph)
        if source.format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE):  # no graph names inside
            try:  # parsed in Rust, straight into the store: seconds for a million triples, not minutes
                self.store.bulk_load(source.data, format=source.format, to_graph=graph)
            except SyntaxError:
                self.store.remove_graph(graph)
                list(parse(source))  # raises the LoadError that names file, line and column
        else:
            self.store.extend(parse(source))
        self.store.add(ox.Quad(graph, HASH, ox.Literal(digest), STATE_GRAPH))

    def drop(self, graph_iri: str) -> None:
        self._unmark(graph_iri)
        graph = ox.NamedNode(graph_iri)
        if self.store.contains_named_graph(graph):
            self.store.remove_graph(graph)

    def _unmark(self, graph_iri: str) -> None:
        for quad in list(self.store.quads_for_pattern(ox.NamedNode(graph_iri), HASH, None, STATE_GRAPH)):
            self.store.remove(quad)

    # --- questions ---------------------------------------------------------------------------------

    def about(self, nodes: Iterable[ox.NamedNode | ox.BlankNode]) -> Iterator[ox.Quad]:
        """Every stored quad whose subject is one of ``nodes`` (outside the state graph)."""
        for node in nodes:
            for quad in self.store.quads_for_pattern(node, None, None, None):
                if quad.graph_name != STATE_GRAPH:
                    yield quad

    def neighbourhood(self, nodes: Iterable[ox.Term], hops: int = 2) -> list[ox.Quad]:
        """What the graph says about ``nodes``: their statements, those of the nodes they point at
        (``hops`` steps out, following outgoing edges only), and the types and labels one step further.

        This is enough for every rule that looks at a node and what it points to (SHACL ``sh:class``,
        a citation's document, a functional property's other value, a disjoint type), without reading the
        whole graph: its size depends on the addition, not on the graph.
        """
        frontier = {n for n in nodes if isinstance(n, ox.NamedNode | ox.BlankNode)}
        seen, found = set(frontier), []
        for _ in range(hops):
            following = set()
            for quad in self.about(frontier):
                found.append(quad)
                o = quad.object
                if isinstance(o, ox.NamedNode | ox.BlankNode) and o not in seen:
                    following.add(o)
            seen |= following
            frontier = following
        for node in frontier:
            for predicate in (_RDF_TYPE, _RDFS_LABEL):
                found += [
                    q
                    for q in self.store.quads_for_pattern(node, predicate, None, None)
                    if q.graph_name != STATE_GRAPH
                ]
        return found

    def contains_subject(self, iri: str) -> bool:
        return any(
            q.graph_name != STATE_GRAPH
            for q in self.store.quads_for_pattern(ox.NamedNode(iri), None, None, None)
        )

    def dependents(self, graph_iri: str) -> list[tuple[ox.NamedNode, ox.Term, str]]:
        """(node, user, user's graph) for each node only ``graph_iri`` describes that another graph uses."""
        graph = ox.NamedNode(graph_iri)
        own = {
            q.subject
            for q in self.store.quads_for_pattern(None, None, None, graph)
            if isinstance(q.subject, ox.NamedNode)
        }
        found = []
        for node in sorted(own, key=lambda n: n.value):
            if any(
                q.graph_name not in (graph, STATE_GRAPH)
                for q in self.store.quads_for_pattern(node, None, None, None)
            ):
                continue
            for q in self.store.quads_for_pattern(None, None, node, None):
                if q.graph_name not in (graph, STATE_GRAPH) and isinstance(q.graph_name, ox.NamedNode):
                    found.append((node, q.subject, q.graph_name.value))
        return found

    def contains(self, triple: ox.Triple) -> bool:
        for quad in self.store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None):
            if quad.graph_name != STATE_GRAPH:
                return True
        return False

    def graphs_with(self, triple: ox.Triple) -> list[str]:
        return sorted(
            {
                q.graph_name.value
                for q in self.store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
                if q.graph_name != STATE_GRAPH
            }
        )

    def subjects_in(self, namespace: str) -> set[str]:
        """Every IRI in ``namespace`` that is the subject of some stored triple."""
        literal = ox.Literal(namespace)  # a constant of crimekg, written as a SPARQL literal
        rows = self.store.query(
            f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
            f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), {literal})) }}"
        )
        return {row["s"].value for row in rows}


def package_expectations() -> dict[str, tuple[str, Callable[[], Source]]]:
    """The ontology and seed graph this crimekg version ships, with the hash of each file."""
    expected: dict[str, tuple[str, Callable[[], Source]]] = {}
    for source in ontology_sources() + seed_sources():
        expected[source.graph_iri] = (hashlib.sha256(source.data).hexdigest(), lambda s=source: s)
    return expected
