"""What one row of each template states: the triples of a linkage, statistic, provision, crime type or
document row (used by graph_data.curation.tabular)."""

from __future__ import annotations

import difflib
import re

import pyoxigraph as ox

from graph_data.curation.columns import (
    _KINDS,
    ANYTHING,
    CKG,
    CKR,
    CLAIM,
    CRIME_TYPE,
    DCT,
    DOCUMENT,
    ORGANIZATION,
    PARENT,
    PLACE,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
)
from graph_data.curation.lookup import normal
from graph_data.curation.rows import Row, _short, slug


def linkage(row: Row) -> None:
    node = row.labelled_node("linkage-", CKG + "Linkage", "give the linkage a one-line name")
    if node is None:
        return
    ends = {"from_crime": CKG + "fromCrime", "to_crime": CKG + "toCrime"}
    involved = row.refs("crime_types", CRIME_TYPE, "crime type")
    for column, p in ends.items():
        end = row.ref(column, CRIME_TYPE, "crime type")
        if end is not None:
            row.emit(node, p, end, column)
            involved.append(end)
    for crime in dict.fromkeys(involved):
        row.emit(node, CKG + "involves", crime, "crime_types")
    if len(dict.fromkeys(involved)) < 2 and not row.problems:
        row.problem(
            "crime_types",
            "name at least two different crime types, separated by ';' (corruption; drug trafficking)",
        )
    if row.need("nature", "say what kind of link it is (enabling, financing, general association …)"):
        for nature in row.concepts("nature", "linkage-natures", "linkage nature"):
            row.emit(node, CKG + "nature", nature, "nature")
    prevalence = row.concept("prevalence", "prevalences", "prevalence")
    if prevalence is not None:
        row.emit(node, CKG + "prevalence", prevalence, "prevalence")
    _claim_common(row, node)
    row.cite(node, required=True)


def statistic(row: Row) -> None:
    node = row.labelled_node("stat-", CKG + "Statistic", "give the figure a one-line name")
    if node is None:
        return
    value = row.cell("value")
    if row.need("value", "write the number (12.5)"):
        if re.fullmatch(r"-?\d+(\.\d+)?", value):
            decimal = value if "." in value else value + ".0"
            row.emit(
                node, CKG + "value", ox.Literal(decimal, datatype=ox.NamedNode(XSD + "decimal")), "value"
            )
        else:
            hint = ""
            if value.endswith("%"):
                hint = f"; write {value[:-1].strip()} here and 'per cent' in column unit"
            elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", value):
                hint = f"; write it without thousands separators: {value.replace(',', '')}"
            elif re.fullmatch(r"-?\d+,\d+", value):
                hint = f"; use a point for decimals: {value.replace(',', '.')}"
            row.problem(
                "value", f"{value!r} is not a number{hint or '; write digits with a . for decimals (12.5)'}"
            )
    if row.need("unit", "say what the number counts in (per cent, United States dollars, count …)"):
        unit = row.concept("unit", "units", "unit")
        if unit is not None:
            row.emit(node, CKG + "unit", unit, "unit")
    qualifier = row.concept("qualifier", "qualifiers", "qualifier")
    if qualifier is not None:
        row.emit(node, CKG + "qualifier", qualifier, "qualifier")
    row.text(node, "measures", CKG + "measures")
    for topic in row.refs("concerns", ANYTHING, "resource"):
        row.emit(node, CKG + "concerns", topic, "concerns")
    for claim in row.refs("evidence_for", CLAIM, "claim (linkage, statistic, finding …)"):
        row.emit(claim, CKG + "supportedBy", node, "evidence_for")
    _claim_common(row, node)
    row.cite(node, required=True)


def _claim_common(row: Row, node: ox.NamedNode) -> None:
    for place in row.refs("geographic_scope", PLACE, "place"):
        row.emit(node, CKG + "geographicScope", place, "geographic_scope")
    for column, p in (("period", CKG + "period"), ("scope_note", CKG + "scopeNote"), ("text", CKG + "text")):
        row.text(node, column, p)


_PROVISION_FORMS = {
    "chapter": ("chap-{}", "chap. {}"),
    "section": ("sec-{}", "sect. {}"),
    "article": ("art-{}", "art. {}"),
    "paragraph": ("para-{}", "para. {}"),
    "subparagraph": ("{}", "({})"),
    "recommendation": ("rec-{}", "rec. {}"),
}


def provision(row: Row) -> None:
    parent = (
        row.ref("part_of", PARENT, "legal instrument or provision")
        if row.need("part_of", "name the instrument or provision it belongs to")
        else None
    )
    kind = (
        row.concept("kind", "provision-kinds", "provision kind")
        if row.need("kind", "say chapter, article, paragraph …")
        else None
    )
    number = (
        row.cell("number") if row.need("number", "write its number or letter as printed (5, f, III)") else ""
    )
    if parent is None or kind is None or not number:
        return
    form = _PROVISION_FORMS.get(row.lookup.label(kind.value) or "", ("{}", "{}"))
    label = (
        row.cell("label")
        or f"{row.lookup.label(parent.value) or _short(parent.value)}, {form[1].format(number)}"
    )
    if row.cell("label") or row.cell("id"):
        node = row.node("", CKG + "Provision", label)
    else:
        local = parent.value.removeprefix(CKR) if parent.value.startswith(CKR) else slug(parent.value)
        node = row.node(f"{local}-", CKG + "Provision", form[0].format(slug(number)))
    if node is None:
        return
    row.emit(node, RDFS + "label", ox.Literal(label, language="en"), "label")
    row.emit(node, CKG + "partOf", parent, "part_of")
    row.emit(node, CKG + "provisionKind", kind, "kind")
    row.emit(node, CKG + "number", ox.Literal(number), "number")
    row.text(node, "heading", CKG + "heading")
    position = row.integer("position")
    if position is not None:
        row.emit(
            node,
            CKG + "position",
            ox.Literal(str(position), datatype=ox.NamedNode(XSD + "integer")),
            "position",
        )
    topics = row.refs("addresses", ANYTHING, "crime type or topic")
    citation = row.cite(node, required=bool(row.cell("addresses")))
    if topics and citation is not None:
        coverage = ox.NamedNode(CKR + "coverage-" + node.value.removeprefix(CKR))
        row.emit(coverage, RDF + "type", ox.NamedNode(CKG + "Coverage"))
        names = ", ".join(row.lookup.label(t.value) or _short(t.value) for t in topics)
        row.emit(
            coverage, RDFS + "label", ox.Literal(f"{label} addresses {names}", language="en"), "addresses"
        )
        row.emit(coverage, CKG + "ofProvision", node, "addresses")
        for topic in topics:
            row.emit(coverage, CKG + "addresses", topic, "addresses")
        row.emit(coverage, PROV + "wasDerivedFrom", citation, "source_document")


def crime_type(row: Row) -> None:
    node = row.labelled_node("", CKG + "CrimeType", "give the crime type its name")
    if node is None:
        return
    row.emit(node, SKOS + "inScheme", ox.NamedNode(CKR + "crime-types"))
    row.text(node, "label", SKOS + "prefLabel", english=True)
    row.text(node, "alt_labels", SKOS + "altLabel", english=True, many=True)
    if row.need("definition", "define it in your own words"):
        row.text(node, "definition", SKOS + "definition", english=True)
    broader = row.refs("broader", CRIME_TYPE, "crime type")
    for parent in broader:
        row.emit(node, SKOS + "broader", parent, "broader")
    if not row.values("broader"):
        row.emit(node, SKOS + "topConceptOf", ox.NamedNode(CKR + "crime-types"))
    for column, p in (("exact_match", SKOS + "exactMatch"), ("close_match", SKOS + "closeMatch")):
        for value in row.values(column):
            if re.fullmatch(r"https?://\S+", value):
                row.emit(node, p, ox.NamedNode(value), column)
            else:
                row.problem(column, f"{value!r} is not an IRI; write the full address (https://…)")


def document(row: Row) -> None:
    kind = normal(row.cell("type") or "document")
    if kind not in _KINDS:
        near = difflib.get_close_matches(kind, list(_KINDS), n=1, cutoff=0.6)
        row.problem(
            "type",
            f"{row.cell('type')!r} is not a document type; "
            + (f"did you mean {near[0]!r}?" if near else f"use one of: {', '.join(_KINDS)}"),
        )
        return
    node = row.labelled_node("", CKG + _KINDS[kind], "give the document a short name")
    if node is None:
        return
    row.text(node, "title", DCT + "title", english=True)
    row.text(node, "identifier", DCT + "identifier")
    row.text(node, "scope_note", SKOS + "scopeNote", english=True)
    for org in row.refs("published_by", ORGANIZATION, "organization"):
        row.emit(node, CKG + "publishedBy", org, "published_by")
    issued = row.cell("issued")
    if re.fullmatch(r"\d{4}", issued):
        row.emit(node, DCT + "issued", ox.Literal(issued, datatype=ox.NamedNode(XSD + "gYear")), "issued")
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", issued):
        row.emit(node, DCT + "issued", ox.Literal(issued, datatype=ox.NamedNode(XSD + "date")), "issued")
    elif issued:
        row.problem("issued", f"{issued!r} is not a year (2021) or a date (2021-10-19)")
    parent = row.ref("part_of", DOCUMENT, "document")
    if parent is not None:
        row.emit(node, CKG + "partOf", parent, "part_of")
    url = row.cell("url")
    if url and re.fullmatch(r"https?://\S+", url):
        row.emit(node, RDFS + "seeAlso", ox.NamedNode(url), "url")
    elif url:
        row.problem("url", f"{url!r} is not a web address; write it in full (https://…)")
