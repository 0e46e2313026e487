"""How the model looks: colours and shapes of node classes, colours of relations, dashes of prevalences.

Shapes are those vis-network draws with the label below (so node size can show centrality).
"""

from __future__ import annotations

from ontology import CKR

#: class → (colour, vis shape)
CLASS_STYLE: dict[str, tuple[str, str]] = {
    "CrimeType": ("#d1495b", "dot"),
    "LegalInstrument": ("#2e4057", "square"),
    "Provision": ("#66a3c8", "triangle"),
    "Technology": ("#8e44ad", "diamond"),
    "Substance": ("#27ae60", "hexagon"),
    "AssetRecoveryStage": ("#e67e22", "star"),
    "CooperationMechanism": ("#16a085", "triangleDown"),
    "Measure": ("#f1c40f", "square"),
    "Organization": ("#7f8c8d", "diamond"),
    "Indicator": ("#95a5a6", "triangle"),
    "Meeting": ("#bdc3c7", "dot"),
    "Place": ("#a3cb38", "dot"),
    "Challenge": ("#c0392b", "star"),
    "DiscussionQuestion": ("#e8a0a8", "triangleDown"),
    "Commitment": ("#3d7ea6", "dot"),
    "Finding": ("#b9770e", "dot"),
    "Statistic": ("#ff7f50", "diamond"),
    "Topic": ("#5d6d7e", "hexagon"),
    "Document": ("#a6acaf", "square"),
}
DEFAULT_CLASS_STYLE = ("#999999", "dot")

#: relation → edge colour
RELATION_COLOR: dict[str, str] = {
    "linkedWith": "#d1495b",
    "broader": "#9e9e9e",
    "partOf": "#66a3c8",
    "addresses": "#2e4057",
    "supplements": "#5b7083",
    "precedes": "#e67e22",
    "appliesAtStage": "#f0b27a",
    "soldVia": "#8e44ad",
    "concerns": "#c8b6a6",
}
DEFAULT_RELATION_COLOR = "#b0b0b0"

SOLID: bool | list[int] = False
DASHED = [8, 6]
DOTTED = [2, 5]
#: prevalence → dashes (vis ``dashes``); an edge takes the most cautious of its linkages (the last here)
PREVALENCE_DASHES: dict[str, bool | list[int]] = {
    CKR + "prevalence-systematic": SOLID,
    CKR + "prevalence-regular": SOLID,
    CKR + "prevalence-increasing": SOLID,
    CKR + "prevalence-varies": SOLID,
    CKR + "prevalence-opportunistic": SOLID,
    CKR + "prevalence-in-some-cases": SOLID,
    CKR + "prevalence-sporadic": SOLID,
    CKR + "prevalence-less-likely": SOLID,
    CKR + "prevalence-exceptional": DASHED,
    CKR + "prevalence-declining": DOTTED,
    CKR + "prevalence-not-confirmed": DOTTED,
}
CAUTION = list(PREVALENCE_DASHES)


def class_style(cls: str) -> tuple[str, str]:
    return CLASS_STYLE.get(cls, DEFAULT_CLASS_STYLE)


def relation_color(relation: str) -> str:
    return RELATION_COLOR.get(relation, DEFAULT_RELATION_COLOR)


def dashes(prevalences: list[str]) -> bool | list[int]:
    """The line of an edge: that of the most cautious prevalence its evidence states (solid if none)."""
    known = [p for p in prevalences if p in PREVALENCE_DASHES]
    if not known:
        return SOLID
    return PREVALENCE_DASHES[max(known, key=CAUTION.index)]


def width(evidence_count: int) -> float:
    """Edge width grows with the amount of evidence (claims and supporting statistics), up to 12."""
    return 1.0 if evidence_count <= 0 else min(12.0, 1.5 + 1.5 * evidence_count)
