"""`crimekg add` validates an addition in its neighbourhood, not the whole graph — and misses nothing that
the whole-graph rules would blame on it.

Each case below is an addition to the real graph that breaks one shape of ontology/shapes.ttl; `crimekg
add` must refuse it for that shape, placed on the right line. The SHACL stage of `add` (focused on the
addition's nodes) must give exactly the results the unfocused validator of `crimekg check` gives for
those nodes. And the neighbourhood stays small whatever the size of the graph.
"""

from __future__ import annotations

import pytest
from extendkit import cli, write

from graph_data import extensions
from graph_data.curation import commit
from graph_data.curation.addition import Addition, parse_rdf
from graph_data.curation.merge import open_index
from graph_data.curation.neighbourhood import Scope, shacl_stage

PREFIXES = (
    "@prefix ckg: <https://w3id.org/crimekg/ontology#> .\n"
    "@prefix ckr: <https://w3id.org/crimekg/resource/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
CITE = (
    'ckr:scope-doc a ckg:Document ; rdfs:label "Scope test study"@en .\n'
    'ckr:cite-scope-doc-p1 a ckg:Citation ; rdfs:label "Scope test study, paragraph 1"@en ;\n'
    "    ckg:citedDocument ckr:scope-doc ; ckg:paragraph 1 .\n"
)
LINKAGE = (
    'ckr:scope-l a ckg:Linkage ; rdfs:label "Scope test linkage"@en ;\n'
    "    prov:wasDerivedFrom ckr:cite-scope-doc-p1 ;\n"
)
#: shape → the statements (after CITE) that break it, the first of them on line 9 (or 6)
CASES = {
    "ClaimProvenanceShape": 'ckr:scope-l a ckg:Linkage ; rdfs:label "x"@en ;\n'
    "    ckg:nature ckr:nature-general ;\n"
    "    ckg:involves ckr:corruption , ckr:drug-trafficking .\n",
    "CitationLocationShape": 'ckr:cite-scope-x a ckg:Citation ; rdfs:label "x"@en ;\n'
    "    ckg:citedDocument ckr:scope-doc .\n",
    "LinkageInvolvesShape": LINKAGE + "    ckg:involves ckr:corruption ; ckg:nature ckr:nature-general .\n",
    "LinkageDirectionShape": LINKAGE
    + "    ckg:involves ckr:corruption , ckr:drug-trafficking ; ckg:nature ckr:nature-general ;\n"
    "    ckg:fromCrime ckr:money-laundering ; ckg:toCrime ckr:drug-trafficking .\n",
    "LinkageNatureShape": LINKAGE + "    ckg:involves ckr:corruption , ckr:drug-trafficking .\n",
    "PrevalenceSchemeShape": LINKAGE
    + "    ckg:involves ckr:corruption , ckr:drug-trafficking ; ckg:nature ckr:nature-general ;\n"
    "    ckg:prevalence ckr:nature-enabling .\n",
    "StatisticUnitShape": 'ckr:scope-s a ckg:Statistic ; rdfs:label "x"@en ; ckg:value 1.5 ;\n'
    "    prov:wasDerivedFrom ckr:cite-scope-doc-p1 .\n",
    "ProvisionParentShape": 'ckr:scope-p a ckg:Provision ; rdfs:label "x"@en ; ckg:number "1" ;\n'
    "    ckg:provisionKind ckr:provision-article .\n",
    "OneLabelPerLanguageShape": 'ckr:scope-doc rdfs:label "Another name"@en .\n',
    "CitationSubparagraphShape": 'ckr:cite-scope-y a ckg:Citation ; rdfs:label "y"@en ;\n'
    "    ckg:citedDocument ckr:scope-doc ;\n"
    '    ckg:paragraph 2 ; ckg:subparagraph "(b)" .\n',
}


@pytest.mark.parametrize("shape", sorted(CASES))
def test_add_refuses_an_addition_for_the_shape_it_breaks(data_dir, tmp_path, shape):
    path = write(tmp_path / "case.ttl", PREFIXES + CITE + CASES[shape])
    run = cli("add", "case.ttl", "--dry-run", "--quiet")
    assert run.code == 1, run.text
    assert any(
        f"({shape})" in line and ("case.ttl line 9" in line or "case.ttl line 6" in line)
        for line in run.err.splitlines()
    ), run.err
    assert path.exists()


def scope_of(base, text: str):
    index = open_index(base, extensions.read_registry(base))
    addition = Addition()
    parse_rdf("case.ttl", text.encode(), addition)
    nodes = {t.subject for t in addition.triples} | {t.object for t in addition.triples}
    return index, Scope(addition, index.neighbourhood(nodes))


def test_focused_shacl_gives_what_the_check_validator_gives_for_the_added_nodes(data_dir):
    from graph_data.curation.check import shacl_violations

    base = data_dir / "extensions"
    shapes = ("StatisticUnitShape", "ProvisionParentShape", "PrevalenceSchemeShape")
    text = PREFIXES + CITE + "".join(CASES[s] for s in shapes)
    text += "[] a ckg:Citation ; ckg:citedDocument ckr:scope-doc .\n"  # a blank node, checked too
    with commit.locked(base):
        index, scope = scope_of(base, text)
        try:
            focused = shacl_stage(scope, with_addition=True)
            everything = shacl_violations(scope.graph(with_addition=True, skolem=True), origin=scope.origin)
        finally:
            index.close()
    key = {(v.rule, v.focus, v.path) for v in focused if v.source.startswith("case.ttl")}
    expected = {(v.rule, v.focus, v.path) for v in everything if v.source.startswith("case.ttl")}
    assert key == expected
    assert {*shapes, "LabelShape", "CitationLocationShape"} <= {rule for rule, _, _ in key}


def test_the_neighbourhood_follows_the_addition_not_the_graph(one_extension):
    """Two steps out along outgoing edges, types and labels one further: a few hundred statements."""
    base = one_extension / "extensions"
    text = PREFIXES + "ckr:x ckg:involves ckr:drug-trafficking .\n"
    with commit.locked(base):
        index, scope = scope_of(base, text)
        try:
            whole = sum(1 for _ in index.store.quads_for_pattern(None, None, None, None))
        finally:
            index.close()
    subjects = {q.subject.value for q in scope.around}
    assert "https://w3id.org/crimekg/resource/drug-trafficking" in subjects  # step 1
    assert "https://w3id.org/crimekg/resource/drug-offences" in subjects  # step 2: its broader concept
    assert 0 < len(scope.around) < whole / 10
