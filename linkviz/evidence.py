"""The evidence behind nodes and edges as plain records: citations, statistics and claims.

Every record is JSON-ready (str, int, float, None, lists and dicts of them) and sorted, so the model
serialises the same way on every run.
"""

from __future__ import annotations

from typing import Any, TypedDict

from linkviz.index import DCTERMS, PROV, GraphIndex
from ontology import CKG


class CitationRecord(TypedDict):
    iri: str
    label: str
    document: str | None
    document_label: str | None
    document_identifier: str | None
    paragraph: int | None
    footnote: int | None
    subparagraph: str | None
    secondary_source: str | None
    secondary_source_label: str | None
    locator: str | None


class StatisticRecord(TypedDict):
    iri: str
    label: str
    value: float | None
    unit: str | None
    qualifier: str | None
    measures: str | None
    period: str | None
    citations: list[CitationRecord]


class FindingRecord(TypedDict):
    iri: str
    label: str
    text: str | None
    citations: list[CitationRecord]


class ClaimRecord(TypedDict):
    iri: str
    type: str
    label: str
    text: str | None
    nature: list[dict[str, str]]
    prevalence: list[dict[str, str]]
    from_crime: list[str]
    to_crime: list[str]
    scope: str | None
    geographic_scope: list[dict[str, str]]
    period: str | None
    concerns: list[dict[str, str]]
    citations: list[CitationRecord]
    statistics: list[StatisticRecord]
    findings: list[FindingRecord]


def citation(index: GraphIndex, iri: str) -> CitationRecord:
    document = _one(index.ckg(iri, "citedDocument"))
    secondary = _one(index.ckg(iri, "secondarySource"))
    return {
        "iri": iri,
        "label": index.label(iri),
        "document": document,
        "document_label": index.label(document) if document else None,
        "document_identifier": _str(index.first(document, DCTERMS + "identifier")) if document else None,
        "paragraph": _int(index.first(iri, _ckg("paragraph"))),
        "footnote": _int(index.first(iri, _ckg("footnote"))),
        "subparagraph": _str(index.first(iri, _ckg("subparagraph"))),
        "secondary_source": secondary,
        "secondary_source_label": index.label(secondary) if secondary else None,
        "locator": _str(index.first(iri, _ckg("locator"))),
    }


def citations(index: GraphIndex, subject: str) -> list[CitationRecord]:
    """The citations a claim (or any resource) is derived from, in reading order."""
    records = [citation(index, iri) for iri in index.objects(subject, PROV + "wasDerivedFrom")]
    return sorted(records, key=citation_order)


def citation_order(record: CitationRecord) -> tuple[Any, ...]:
    return (
        record["document"] or "",
        record["paragraph"] or 0,
        record["subparagraph"] or "",
        record["footnote"] or 0,
        record["iri"],
    )


def statistic(index: GraphIndex, iri: str) -> StatisticRecord:
    unit = _one(index.ckg(iri, "unit"))
    qualifier = _one(index.ckg(iri, "qualifier"))
    value = index.first(iri, _ckg("value"))
    return {
        "iri": iri,
        "label": index.label(iri),
        "value": float(value) if isinstance(value, int | float) else None,
        "unit": index.label(unit) if unit else None,
        "qualifier": index.label(qualifier) if qualifier else None,
        "measures": _str(index.first(iri, _ckg("measures"))),
        "period": _str(index.first(iri, _ckg("period"))),
        "citations": citations(index, iri),
    }


def claim(index: GraphIndex, iri: str) -> ClaimRecord:
    """A claim with its nature, prevalence, direction, scope, citations and what supports it."""
    kinds = sorted(index.claims.get(iri, ()))
    support = index.ckg(iri, "supportedBy")
    statistics = [s for s in support if CKG + "Statistic" in index.claims.get(s, ())]
    findings = [f for f in support if f not in statistics]
    return {
        "iri": iri,
        "type": kinds[0].rsplit("#", 1)[-1] if kinds else "Claim",
        "label": index.label(iri),
        "text": _str(index.first(iri, _ckg("text"))),
        "nature": [index.concept(c) for c in index.ckg(iri, "nature")],
        "prevalence": [index.concept(c) for c in index.ckg(iri, "prevalence")],
        "from_crime": index.ckg(iri, "fromCrime"),
        "to_crime": index.ckg(iri, "toCrime"),
        "scope": _str(index.first(iri, _ckg("scopeNote"))),
        "geographic_scope": [index.concept(c) for c in index.ckg(iri, "geographicScope")],
        "period": _str(index.first(iri, _ckg("period"))),
        "concerns": [index.concept(c) for c in index.ckg(iri, "concerns")],
        "citations": citations(index, iri),
        "statistics": [statistic(index, s) for s in statistics],
        "findings": [finding(index, f) for f in findings],
    }


def finding(index: GraphIndex, iri: str) -> FindingRecord:
    """A finding (or any claim) that supports another claim: its label, text and citations."""
    return {
        "iri": iri,
        "label": index.label(iri),
        "text": _str(index.first(iri, _ckg("text"))),
        "citations": citations(index, iri),
    }


def _ckg(name: str) -> str:
    return CKG + name


def _one(values: list[str]) -> str | None:
    return values[0] if values else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) else None


def _str(value: Any) -> str | None:
    return None if value is None else str(value)
