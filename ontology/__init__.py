"""The crimekg schema: the OWL ontology (``crimekg.ttl``) and its SHACL shapes (``shapes.ttl``).

Both files are package data, read with :mod:`importlib.resources`, so an installed wheel behaves like
a checkout.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

CKG = "https://w3id.org/crimekg/ontology#"
CKR = "https://w3id.org/crimekg/resource/"
ONTOLOGY_IRI = "https://w3id.org/crimekg/ontology"

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
