"""Finding and loading the graph: the ontology, the seed data of this package and researchers' extensions.

Each file becomes one :class:`Source` and, in a store, one named graph (``graph_iri``), so every triple
can be traced to the file it came from. Queries see the union of all named graphs.

Parsing goes through pyoxigraph first: it is fast and reports syntax errors with line and column, which
become :class:`ontology.errors.LoadError` (``file:line:column: message``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

import ontology
from graph_data import extensions
from graph_data.source import FORMATS, GRAPH_BASE, Source, data_dir
from ontology.errors import LoadError

__all__ = [
    "FORMATS",
    "GRAPH_BASE",
    "Source",
    "all_sources",
    "data_dir",
    "extension_sources",
    "file_source",
    "load_rdflib",
    "load_store",
    "ontology_sources",
    "parse",
    "prefixes_turtle",
    "seed_sources",
    "syntax_error",
]


def _package_source(package: str, filename: str, graph: str) -> Source:
    data = (resources.files(package) / filename).read_bytes()
    name = f"{package.replace('.', '/')}/{filename}"
    return Source(name, data, FORMATS[Path(filename).suffix], GRAPH_BASE + graph)


def ontology_sources() -> list[Source]:
    """The ontology file (the shapes are not data and stay out of the graph)."""
    return [_package_source("ontology", "crimekg.ttl", "ontology")]


def seed_sources() -> list[Source]:
    """The curated seed graph: every ``graph_data/seed/*.ttl``, in name order."""
    names = sorted(
        entry.name for entry in resources.files("graph_data.seed").iterdir() if entry.name.endswith(".ttl")
    )
    return [_package_source("graph_data.seed", name, "seed/" + name.removesuffix(".ttl")) for name in names]


def extension_sources() -> list[Source]:
    """Researchers' merged extensions (see :mod:`graph_data.extensions`); none when there are none."""
    return extensions.sources()


def all_sources(*, include_extensions: bool = True) -> list[Source]:
    sources = ontology_sources() + seed_sources()
    if include_extensions:
        sources += extension_sources()
    return sources


def file_source(path: str | os.PathLike[str], *, graph: str | None = None) -> Source:
    """A file given on the command line; its format from its ending."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise LoadError(f"unknown file type {path.suffix!r}", path=str(path), hint=f"use one of {known}")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(f"cannot read the file ({error.strerror})", path=str(path)) from None
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem) or "file"
    return Source(str(path), data, fmt, GRAPH_BASE + (graph or "file/" + slug))


def parse(source: Source) -> Iterator[ox.Quad]:
    """The quads of one source, each in the source's named graph; syntax errors as LoadError."""
    try:
        quads = list(ox.parse(source.data, format=source.format, base_iri=None))
    except SyntaxError as error:
        raise syntax_error(source.name, error) from None
    except ValueError as error:
        raise LoadError(str(error), path=source.name) from None
    for quad in quads:
        graph = source.graph if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)


def syntax_error(name: str, error: SyntaxError) -> LoadError:
    """A pyoxigraph SyntaxError as a LoadError that names file, line and column."""
    message = str(error.msg or error)
    message = re.sub(
        r"^Parser error (between|at) line \d+ column \d+( and line \d+ column \d+)?: ", "", message
    )
    return LoadError(
        message,
        path=name,
        line=error.lineno,
        column=error.offset,
        hint="correct the syntax at that position (a missing '.', ';' or quote is the usual cause)",
    )


def load_store(store: ox.Store | None = None, sources: Iterable[Source] | None = None) -> ox.Store:
    """Load sources (default: the whole graph) into a pyoxigraph store, one named graph per file."""
    store = store if store is not None else ox.Store()
    for source in all_sources() if sources is None else sources:
        store.extend(parse(source))
    return store


def load_rdflib(sources: Iterable[Source] | None = None):  # -> rdflib.Dataset
    """The sources as an rdflib Dataset (a named graph per file, union as default), for pySHACL."""
    import rdflib

    from ontology.convert import to_rdflib

    dataset = rdflib.Dataset(default_union=True)
    for source in all_sources() if sources is None else sources:
        graph = dataset.graph(rdflib.URIRef(source.graph_iri))
        for quad in parse(source):
            graph.add(to_rdflib(quad.triple))
    return dataset


def prefixes_turtle() -> str:
    """The project's prefixes as Turtle ``@prefix`` lines."""
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in ontology.PREFIXES.items())
