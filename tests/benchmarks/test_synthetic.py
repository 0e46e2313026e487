"""The synthetic benchmark graphs: valid crimekg data, in the seed's proportions, the same for the same seed.

Speed is measured by ``python -m benchmarks.run``, never asserted here.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from benchmarks import synthetic
from graph_data.curation.check import run_check
from graph_data.loader import GRAPH_BASE, all_sources, file_source


@pytest.fixture(scope="module")
def seed() -> synthetic.Seed:
    return synthetic.read_seed()


def test_synthetic_10k_graph_passes_the_shacl_and_qc_stages_of_check(seed, tmp_path):
    made = synthetic.generate(10_000, base=seed)
    path = tmp_path / "synthetic-10k.nt"
    path.write_bytes(made.data)
    sources = all_sources(include_extensions=False) + [file_source(path)]
    report = run_check(sources, skip=("owl",), report=lambda line: None)
    assert [f"{v.rule}: {v.focus}: {v.message}" for v in report.violations] == []
    assert report.triples == made.total_triples
    assert 10_000 <= report.triples < 10_100  # whole resources only: at most one resource too many


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(seed):
    first = synthetic.generate(20_000, seed=7, base=seed)
    again = synthetic.generate(20_000, seed=7, base=seed)
    other = synthetic.generate(20_000, seed=8, base=seed)
    assert first.sha256 == again.sha256
    assert first.data == again.data
    assert other.sha256 != first.sha256
    assert len(other.data.splitlines()) == other.triples


def test_full_copies_repeat_every_seed_class_in_the_seed_census(seed):
    made = synthetic.generate(seed.base_triples + 2 * seed.copy_triples, base=seed)
    assert (made.copies, made.partial) == (2, 0)
    store = ox.Store()
    store.load(made.data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH_BASE + "synthetic"))
    for source in all_sources(include_extensions=False):
        store.load(source.data, format=source.format, to_graph=source.graph)
    census_seed = synthetic.class_counts(store, GRAPH_BASE + "seed/")
    census_synthetic = synthetic.class_counts(store, GRAPH_BASE + "synthetic")
    shared = synthetic.SHARED_CLASSES
    assert census_synthetic == {c: 2 * n for c, n in census_seed.items() if c not in shared}


def test_hubs_of_the_seed_gather_claims_as_the_graph_grows(seed):
    made = synthetic.generate(seed.base_triples + 40 * seed.copy_triples, base=seed)
    store = ox.Store()
    store.load(made.data, format=ox.RdfFormat.N_TRIPLES)
    involves = ox.NamedNode("https://w3id.org/crimekg/ontology#involves")
    drug_trafficking = ox.NamedNode("https://w3id.org/crimekg/resource/drug-trafficking")
    synthetic_linkages = len(list(store.quads_for_pattern(None, involves, drug_trafficking, None)))
    assert synthetic_linkages > 0  # synthetic claims about the seed's own crime types, not only about clones


def test_a_benchmark_addition_is_accepted_by_crimekg_add(seed, tmp_path, monkeypatch):
    from graph_data.curation.merge import add

    monkeypatch.setenv("CRIMEKG_DATA", str(tmp_path / "data"))
    path = tmp_path / "addition.nt"
    path.write_bytes(synthetic.addition(1000, copies=0, tag="add0", base=seed))
    result = add([str(path)], dry_run=True)
    assert result.status == "would-add"
    assert result.new_triples == result.triples >= 1000
