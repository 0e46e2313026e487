"""Synthetic graphs of any size, in the seed graph's proportions, that pass crimekg's checks.

    python -m benchmarks.synthetic --total 100000 -o synthetic-100k.nt     # ontology + seed + synthetic

How. The generator reads the seed graph (every ``graph_data/*.ttl``) and writes *copies* of it: copy
``k`` holds, for every resource the seed types (crime type, instrument, provision, linkage, statistic,
citation, commitment, finding, document …; concept schemes excepted), a clone ``ckr:syn<k>-<slug>`` with
the same statements. So the class proportions, the properties of each class and their multiplicities are
the seed's (measured with SPARQL, :data:`CLASS_COUNTS`, and compared in the benchmark results), and every
shape and QC rule the seed passes, the copies pass too:

- each reference from a clone to a seed resource goes, drawn at random (seeded), to the clone in the same
  copy (1/2), to the seed resource itself (1/4) — so ``ckr:drug-trafficking`` or ``ckr:cite-p12``
  gather claims as a real graph grows — or to its clone in an earlier copy (1/4);
- the mapping keeps the seed's order (a provision's parent is a clone of the seed provision's parent), so
  ``partOf``, ``skos:broader`` and ``precedes`` stay free of cycles and stage orders still increase;
- a citation always cites the clone of its document in its own copy, so no two citations name the same
  place (QC ``duplicate-citation``); labels and texts carry the copy's name, so no two crime types share
  a label and strings do not collapse into a few shared values;
- controlled values (natures, prevalences, units … of the ontology; the concept schemes) are shared.

The last copy is partial: a seeded random sample of resources (with the documents their citations need)
that brings the graph to the requested size; it refers only to what exists.

Deterministic: the same seed graph, size and ``seed`` give byte-identical N-Triples (sorted input,
one ``random.Random`` drawn in a fixed order).
"""

from __future__ import annotations

import argparse
import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

import ontology
from graph_data.loader import GRAPH_BASE, Source, ontology_sources, parse, seed_sources

CKR = ontology.CKR
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = ontology.PREFIXES["skos"]
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: Resources of these classes are shared by every copy, never cloned.
SHARED_CLASSES = {SKOS + "ConceptScheme"}
#: References along these properties always go to the clone in the same copy.
LOCAL_PROPERTIES = {ontology.CKG + "citedDocument"}
#: String values of these properties get the copy's name appended (labels stay unique, texts distinct).
VARIED_PROPERTIES = {
    ontology.PREFIXES["rdfs"] + "label",
    SKOS + "prefLabel",
    SKOS + "altLabel",
    SKOS + "definition",
    SKOS + "scopeNote",
    ontology.CKG + "text",
    ontology.CKG + "measures",
    ontology.CKG + "scopeNote",
    ontology.CKG + "heading",
    "http://purl.org/dc/terms/title",
    "http://purl.org/dc/terms/bibliographicCitation",
}
#: Where a reference from a clone goes: its own copy, the seed resource, an earlier copy.
P_OWN, P_SEED = 0.5, 0.25
SYNTHETIC_GRAPH = GRAPH_BASE + "synthetic"

#: The class census: resources per class, in the named graphs whose IRI starts with ?prefix.
CLASS_COUNTS = """
SELECT ?prefix ?class (COUNT(DISTINCT ?resource) AS ?resources)
WHERE {
  GRAPH ?graph { ?resource a ?class }
  FILTER (STRSTARTS(STR(?graph), STR(?prefix)))
}
GROUP BY ?prefix ?class
ORDER BY DESC(?resources) ?class
"""


@dataclass(frozen=True)
class Seed:
    """The seed graph as the generator sees it: each cloneable resource with its statements."""

    statements: dict[str, list[tuple[str, ox.NamedNode | ox.Literal]]]  # subject IRI -> (predicate, object)
    base_triples: int  # ontology + seed, as loaded (what every benchmark graph holds besides the copies)
    fingerprint: str  # of the seed and ontology files

    @property
    def subjects(self) -> list[str]:
        return sorted(self.statements)

    @property
    def copy_triples(self) -> int:
        return sum(len(v) for v in self.statements.values())


def read_seed(sources: Sequence[Source] | None = None) -> Seed:
    """Read the ontology and seed sources (default: this checkout's) into a :class:`Seed`."""
    sources = list(sources) if sources is not None else ontology_sources() + seed_sources()
    store = ox.Store()
    digest = hashlib.sha256()
    for source in sources:
        store.extend(parse(source))
        digest.update(source.name.encode() + b"\0" + hashlib.sha256(source.data).digest())
    seed_graphs = [s.graph for s in sources if s.graph_iri.startswith(GRAPH_BASE + "seed/")]
    typed: dict[str, set[str]] = {}
    for graph in seed_graphs:
        for quad in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, graph):
            if isinstance(quad.subject, ox.NamedNode):
                typed.setdefault(quad.subject.value, set()).add(quad.object.value)
    cloneable = {s for s, classes in typed.items() if not classes & SHARED_CLASSES}
    statements: dict[str, set[tuple[str, ox.NamedNode | ox.Literal]]] = {s: set() for s in cloneable}
    for graph in seed_graphs:
        for quad in store.quads_for_pattern(None, None, None, graph):
            subject = quad.subject
            if isinstance(subject, ox.NamedNode) and subject.value in statements:
                if isinstance(quad.object, ox.BlankNode):
                    raise ValueError(f"the seed graph has a blank node under {subject.value}; not supported")
                statements[subject.value].add((quad.predicate.value, quad.object))
    ordered = {s: sorted(v, key=lambda po: (po[0], str(po[1]))) for s, v in sorted(statements.items())}
    return Seed(ordered, len(store), digest.hexdigest())


@dataclass
class Synthetic:
    """Generated N-Triples and what they hold."""

    data: bytes
    triples: int
    copies: int  # full copies
    partial: int  # resources in the partial copy
    seed: int
    seed_fingerprint: str
    base_triples: int
    counts: dict[str, int] = field(default_factory=dict)  # resources per class, as generated

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def total_triples(self) -> int:
        return self.base_triples + self.triples


class _Writer:
    """Clones of seed resources as N-Triples lines."""

    def __init__(self, seed: Seed, rng: random.Random) -> None:
        self.seed = seed
        self.rng = rng
        self.lines: list[str] = []
        self.counts: dict[str, int] = {}

    def copy(self, prefix: str, included: Iterable[str], earlier: Sequence[str], present: set[str]) -> None:
        """Clone ``included`` subjects under ``prefix``; references may go to ``earlier`` copies' prefixes
        or to clones in this copy that are ``present``."""
        statements = self.seed.statements
        suffix = f" ({prefix.rstrip('-')})"
        for subject in included:
            me = f"<{CKR}{prefix}{subject[len(CKR) :]}>" if subject.startswith(CKR) else None
            if me is None:  # a seed resource outside ckr: (none today): keep its IRI's tail readable
                me = f"<{CKR}{prefix}x-{hashlib.sha1(subject.encode()).hexdigest()[:12]}>"
            chosen: dict[str, str] = {}
            for predicate, obj in statements[subject]:
                if isinstance(obj, ox.NamedNode):
                    target = obj.value
                    if target in statements:
                        if target not in chosen:
                            chosen[target] = self._target(target, predicate, prefix, earlier, present)
                        written = chosen[target]
                    else:
                        written = f"<{target}>"
                    if predicate == RDF_TYPE:
                        self.counts[target] = self.counts.get(target, 0) + 1
                elif predicate in VARIED_PROPERTIES and (obj.language or obj.datatype.value == XSD_STRING):
                    written = str(ox.Literal(obj.value + suffix, language=obj.language))
                else:
                    written = str(obj)
                self.lines.append(f"{me} <{predicate}> {written} .\n")

    def _target(
        self, target: str, predicate: str, prefix: str, earlier: Sequence[str], present: set[str]
    ) -> str:
        draw = self.rng.random()
        if predicate in LOCAL_PROPERTIES or draw < P_OWN:
            where = prefix if target in present else None
        elif draw < P_OWN + P_SEED or not earlier:
            where = None
        else:
            where = earlier[self.rng.randrange(len(earlier))]
        if where is None:
            return f"<{target}>"
        return f"<{CKR}{where}{target[len(CKR) :]}>"


def copy_prefix(k: int) -> str:
    return f"syn{k}-"


def generate(total: int, *, seed: int = 0, base: Seed | None = None) -> Synthetic:
    """Synthetic triples that bring ontology + seed graph to about ``total`` triples (whole resources only:
    the result may pass ``total`` by the size of one resource)."""
    base = base or read_seed()
    wanted = total - base.base_triples
    if wanted <= 0:
        raise ValueError(f"{total} triples is not more than the ontology and seed ({base.base_triples})")
    rng = random.Random(f"crimekg-synthetic-{seed}")
    writer = _Writer(base, rng)
    subjects = base.subjects
    everything = set(subjects)
    full, rest = divmod(wanted, base.copy_triples)
    for k in range(full):
        writer.copy(copy_prefix(k), subjects, [copy_prefix(j) for j in range(k)], everything)
    partial: list[str] = []
    if rest:
        partial = sample(base, rest, rng)
        writer.copy(copy_prefix(full), partial, [copy_prefix(j) for j in range(full)], set(partial))
    data = "".join(writer.lines).encode("utf-8")
    return Synthetic(
        data, len(writer.lines), full, len(partial), seed, base.fingerprint, base.base_triples, writer.counts
    )


def sample(base: Seed, triples: int, rng: random.Random) -> list[str]:
    """A seeded random set of seed resources holding at least ``triples`` statements, closed under
    :data:`LOCAL_PROPERTIES` (a citation comes with its document)."""
    order = base.subjects
    rng.shuffle(order)
    chosen: dict[str, None] = {}
    count = 0
    for subject in order:
        pending = [subject]
        while pending:
            current = pending.pop()
            if current in chosen:
                continue
            chosen[current] = None
            count += len(base.statements[current])
            for predicate, obj in base.statements[current]:
                if (
                    predicate in LOCAL_PROPERTIES
                    and isinstance(obj, ox.NamedNode)
                    and obj.value in base.statements
                ):
                    pending.append(obj.value)
        if count >= triples:
            break
    return sorted(chosen)


def addition(triples: int, *, copies: int, tag: str, seed: int = 0, base: Seed | None = None) -> bytes:
    """N-Triples of about ``triples`` new statements for ``crimekg add``: a sample of seed resources cloned
    under ``ckr:<tag>-…``, referring to the seed and to the first ``copies`` full copies of a graph made by
    :func:`generate` (which must be in the graph)."""
    base = base or read_seed()
    rng = random.Random(f"crimekg-addition-{seed}-{tag}")
    chosen = sample(base, triples, rng)
    writer = _Writer(base, rng)
    writer.copy(f"{tag}-", chosen, [copy_prefix(j) for j in range(copies)], set(chosen))
    return "".join(writer.lines).encode("utf-8")


def class_counts(store: ox.Store, graph_prefix: str) -> dict[str, int]:
    """Resources per class in the named graphs whose IRI starts with ``graph_prefix`` (SPARQL census)."""
    rows = store.query(CLASS_COUNTS, substitutions={ox.Variable("prefix"): ox.Literal(graph_prefix)})
    return {row["class"].value: int(row["resources"].value) for row in rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthetic graph (N-Triples) in the seed's proportions."
    )
    parser.add_argument("--total", type=int, required=True, help="triples of ontology + seed + synthetic")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("-o", "--output", required=True, help="the .nt file to write")
    args = parser.parse_args(argv)
    made = generate(args.total, seed=args.seed)
    Path(args.output).write_bytes(made.data)
    print(
        f"wrote {args.output}: {made.triples} synthetic triples ({made.copies} full copies of the seed and "
        f"{made.partial} resources of another), {made.total_triples} with ontology and seed; "
        f"sha256 {made.sha256}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
