"""The columns of each spreadsheet template, with an example row each (used by graph_data.curation.tabular).

One definition per column: its name, what to write in it (the help shown by `crimekg template NAME
--columns` and, word for word, in docs/extending.md), whether it is required or takes several values,
and which properties it writes (so that a SHACL result on a property is placed in its column).
"""

from __future__ import annotations

from dataclasses import dataclass

import ontology

CKG, CKR = ontology.CKG, ontology.CKR
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PAPER = CKR + "unodc-cnd-es-2021-2"

CRIME_TYPE = (CKG + "CrimeType",)
DOCUMENT = (CKG + "Document",)
PLACE = (CKG + "Place",)
ORGANIZATION = (CKG + "Organization",)
CLAIM = (CKG + "Claim",)
PARENT = (CKG + "Provision", CKG + "LegalInstrument")
SECONDARY = (CKG + "Document", CKG + "Provision")
ANYTHING: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    required: bool = False  # the cell must be filled
    many: bool = False  # several values separated by ";"
    predicates: tuple[str, ...] = ()  # what the column writes (places SHACL results in the sheet)
    required_header: bool = False  # the column must be in the header


def _c(name: str, help: str, *predicates: str, required=False, many=False, header=False) -> Column:
    return Column(name, help, required, many, tuple(predicates), header)


CITATION = (
    _c(
        "source_document",
        "the document that states it: crimekg id, IRI, UN symbol or title",
        PROV + "wasDerivedFrom",
        CKG + "citedDocument",
    ),
    _c("paragraph", "paragraph number in that document", CKG + "paragraph"),
    _c("subparagraph", "subparagraph letter, as printed without brackets (b)", CKG + "subparagraph"),
    _c("footnote", "footnote number", CKG + "footnote"),
    _c("locator", "any other place in the document (table 2, p. 41, figure 9)", CKG + "locator"),
    _c(
        "secondary_source",
        "the report the document relies on for it (id, IRI, symbol or title)",
        CKG + "secondarySource",
    ),
)
ID = _c("id", "short lowercase-hyphenated name for the new IRI (ckr:<id>); empty: made from the label")
LINKAGE_COLUMNS = (
    ID,
    _c(
        "label", "one-line name of the linkage, in your own words", RDFS + "label", required=True, header=True
    ),
    _c(
        "crime_types",
        "the crime types it links (two or more; label, synonym or id)",
        CKG + "involves",
        many=True,
        header=True,
    ),
    _c(
        "from_crime",
        "for a directed link: the crime type that enables, finances or supplies the other",
        CKG + "fromCrime",
    ),
    _c(
        "to_crime",
        "for a directed link: the crime type that is enabled, financed or supplied",
        CKG + "toCrime",
    ),
    _c(
        "nature",
        "what kind of link (ckr:linkage-natures), e.g. enabling; financing; shared routes and infrastructure",
        CKG + "nature",
        many=True,
        required=True,
    ),
    _c(
        "prevalence",
        "how common (ckr:prevalences), e.g. systematic, regular, opportunistic, exceptional",
        CKG + "prevalence",
    ),
    _c(
        "geographic_scope",
        "places it holds for (label or id), e.g. Latin America; world",
        CKG + "geographicScope",
        many=True,
    ),
    _c("period", "the time it refers to, as the source gives it (2015–2020)", CKG + "period"),
    _c("scope_note", "how far it holds, in words (in some regions)", CKG + "scopeNote"),
    _c("text", "what the source found, in your own words", CKG + "text"),
    *CITATION,
)
STATISTIC_COLUMNS = (
    ID,
    _c("label", "one-line name of the figure", RDFS + "label", required=True, header=True),
    _c(
        "value",
        "the number alone, with '.' for decimals (12.5); no %, no thousands separators",
        CKG + "value",
        required=True,
        header=True,
    ),
    _c(
        "unit",
        "its unit (ckr:units), e.g. per cent, United States dollars, count",
        CKG + "unit",
        required=True,
    ),
    _c(
        "qualifier",
        "how exact (ckr:qualifiers): about, less than, at least, more than, just over, almost",
        CKG + "qualifier",
    ),
    _c("measures", "what it counts or measures, in your own words", CKG + "measures"),
    _c("period", "the time it refers to (2020, 2011–2020)", CKG + "period"),
    _c("geographic_scope", "places it holds for (label or id)", CKG + "geographicScope", many=True),
    _c(
        "concerns",
        "what it is about: crime types, substances, technologies, topics (label or id)",
        CKG + "concerns",
        many=True,
    ),
    _c("evidence_for", "linkages or other claims it supports (id or label)", CKG + "supportedBy", many=True),
    *CITATION,
)
PROVISION_COLUMNS = (
    ID,
    _c(
        "label",
        "name as people cite it; empty: made from the parent (UNTOC, art. 6, para. 2)",
        RDFS + "label",
    ),
    _c(
        "part_of",
        "its direct parent: the instrument or the provision it belongs to (id or label)",
        CKG + "partOf",
        required=True,
        header=True,
    ),
    _c(
        "kind",
        "chapter, section, article, paragraph, subparagraph or recommendation",
        CKG + "provisionKind",
        required=True,
        header=True,
    ),
    _c(
        "number",
        "its own number or letter as printed (5, f, III)",
        CKG + "number",
        required=True,
        header=True,
    ),
    _c("heading", "its official heading, if it has one", CKG + "heading"),
    _c("position", "order among its siblings, a whole number (for sorting)", CKG + "position"),
    _c(
        "addresses",
        "crime types or topics it addresses (label or id); needs a source",
        CKG + "addresses",
        many=True,
    ),
    *CITATION,
)
CRIME_TYPE_COLUMNS = (
    ID,
    _c(
        "label",
        "its name, lowercase unless a proper noun (wildlife trafficking)",
        RDFS + "label",
        required=True,
        header=True,
    ),
    _c("alt_labels", "other names people search by", SKOS + "altLabel", many=True),
    _c(
        "broader",
        "the wider crime type it belongs under (label or id); empty: a top concept",
        SKOS + "broader",
        many=True,
    ),
    _c("definition", "what it means, in your own words", SKOS + "definition", required=True),
    _c("exact_match", "IRIs of the same concept elsewhere (ICCS, Wikidata)", SKOS + "exactMatch", many=True),
    _c("close_match", "IRIs of a close concept elsewhere", SKOS + "closeMatch", many=True),
)
DOCUMENT_COLUMNS = (
    ID,
    _c(
        "label",
        "short name people use for it (Border crime study 2024)",
        RDFS + "label",
        required=True,
        header=True,
    ),
    _c("title", "full title as printed", DCT + "title"),
    _c("identifier", "official symbol or number (UNODC/CND/ES/2021/2)", DCT + "identifier"),
    _c(
        "type",
        "document, treaty, protocol, political declaration, resolution, standard or guideline",
        RDF + "type",
    ),
    _c("published_by", "organizations that published it (label or id)", CKG + "publishedBy", many=True),
    _c("issued", "year (2021) or date (2021-10-19) of publication", DCT + "issued"),
    _c("part_of", "the document it is part of (a booklet of a report)", CKG + "partOf"),
    _c("url", "where to read it (https://…)", RDFS + "seeAlso"),
    _c("scope_note", "anything a reader should know about it", SKOS + "scopeNote"),
)
_KINDS = {
    "document": "Document",
    "legal instrument": "LegalInstrument",
    "treaty": "Treaty",
    "convention": "Treaty",
    "protocol": "Protocol",
    "political declaration": "PoliticalDeclaration",
    "declaration": "PoliticalDeclaration",
    "resolution": "Resolution",
    "standard": "Standard",
    "guideline": "Guideline",
    "guidelines": "Guideline",
}

EXAMPLE_DOCUMENT = "example-border-crime-study-2024"
DOCUMENT_EXAMPLE = {
    "id": EXAMPLE_DOCUMENT,
    "label": "Example: Border crime study 2024 (replace this row)",
    "title": "Border crime in a coastal region: an example study",
    "identifier": "EXAMPLE/2024/1",
    "type": "document",
    "issued": "2024",
    "url": "https://example.org/reports/border-crime-2024",
    "scope_note": "An example row: replace it with the document you cite.",
}
LINKAGE_EXAMPLE = {
    "id": "example-smugglers-move-cocaine",
    "label": "Example: migrant smugglers also move cocaine (replace this row)",
    "crime_types": "smuggling of migrants; drug trafficking",
    "nature": "shared routes and infrastructure",
    "prevalence": "opportunistic",
    "geographic_scope": "Latin America",
    "period": "2019–2023",
    "text": "An example row: say in your own words what the source found.",
    "source_document": EXAMPLE_DOCUMENT,
    "locator": "chapter 3, p. 41",
}
STATISTIC_EXAMPLE = {
    "id": "example-share-of-mixed-seizures",
    "label": "Example: share of seizures holding drugs and firearms (replace this row)",
    "value": "12.5",
    "unit": "per cent",
    "qualifier": "about",
    "measures": "share of maritime seizures that held both drugs and firearms",
    "period": "2022",
    "geographic_scope": "world",
    "concerns": "drug trafficking; firearms trafficking",
    "source_document": EXAMPLE_DOCUMENT,
    "locator": "table 4",
}
PROVISION_EXAMPLE = {
    "id": "example-model-law-art-5",
    "label": "Example: model law, art. 5 (replace this row)",
    "part_of": "example-model-law",
    "kind": "article",
    "number": "5",
    "heading": "Confiscation of proceeds",
    "position": "5",
    "addresses": "money-laundering",
    "source_document": "example-model-law",
    "locator": "art. 5",
}
CRIME_TYPE_EXAMPLE = {
    "id": "example-wildlife-trafficking",
    "label": "Example: wildlife trafficking (replace this row)",
    "alt_labels": "illegal wildlife trade",
    "broader": "trafficking in natural resources",
    "definition": "An example row: define the crime type in your own words.",
}
