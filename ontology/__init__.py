"""The crimekg schema: the OWL ontology (``crimekg.ttl``) and its SHACL shapes (``shapes.ttl``).

Both files are package data, read with :mod:`importlib.resources`, so an installed wheel behaves like
a checkout.
"""

from __future__ import annotations

from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from importlib.resources.abc import Traversable

try:  # the distribution's version; every layer reads it from here, the lowest one
    __version__ = version("crimekg")
except PackageNotFoundError:  # running from a checkout that was not installed
    __version__ = "0.0.0"

CKG = "https://w3id.org/crimekg/ontology#"
CKR = "https://w3id.org/crimekg/resource/"
ONTOLOGY_IRI = "https://w3id.org/crimekg/ontology"
#: Every file of the graph is a named graph under this IRI (``…/graph/seed/linkages``).
GRAPH_BASE = "https://w3id.org/crimekg/graph/"

PREFIXES = {
    "ckg": CKG,
    "ckr": CKR,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "vann": "http://purl.org/vocab/vann/",
    "eli": "http://data.europa.eu/eli/ontology#",
}


def resource(name: str) -> Traversable:
    """A data file of this package, such as ``crimekg.ttl`` or ``shapes.ttl``."""
    return resources.files(__name__) / name


def ontology_file() -> Traversable:
    return resource("crimekg.ttl")


def shapes_file() -> Traversable:
    return resource("shapes.ttl")


def derivations() -> dict[str, str]:
    """The derivation rules, ``derivations/derive-*.rq`` by file name: the SPARQL CONSTRUCTs that define
    the convenience edges (``ckg:linkedWith`` …) from the claim nodes. The catalogue lists them too."""
    folder = resources.files(__name__) / "derivations"
    return {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".rq")
    }
