"""A merge killed between any two of its steps leaves the graph wholly old or wholly new.

Each run is a real `crimekg add` (or `extensions remove`) subprocess that ends itself with os._exit at
the step named by $CRIMEKG_TEST_CRASH_AT — no clean-up, like a power cut — in its own copy of a data
directory that already holds one extension. Afterwards what queries see (the registry and the graphs it
lists) must equal the state before or the state after a run that was not interrupted, and the next
writer must clean up what the crash left and bring the index back in step.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from extendkit import cli, cli_process, graph_view, write

from graph_data import extensions
from graph_data.curation import commit
from graph_data.curation.addition import Addition, parse_rdf
from graph_data.curation.index import GraphIndex, package_expectations
from graph_data.curation.merge import ntriples

SECOND = (
    "@prefix ckg: <https://w3id.org/crimekg/ontology#> .\n"
    "@prefix ckr: <https://w3id.org/crimekg/resource/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
    'ckr:linkage-crash-test a ckg:Linkage ; rdfs:label "Second linkage (crash test)"@en ;\n'
    "  ckg:involves ckr:corruption , ckr:money-laundering ; ckg:nature ckr:nature-laundering-proceeds ;\n"
    "  prov:wasDerivedFrom ckr:cite-example-port-study-p4 .\n"
)
COMMIT_POINT = "registry-renamed"


def parsed(path: Path) -> Addition:
    addition = Addition()
    parse_rdf(path.name, path.read_bytes(), addition)
    return addition


def comparable(data: Path) -> tuple:
    """What readers see: the graphs and the registry without its timestamps."""
    registry = extensions.read_registry(data / "extensions")
    records = [{**e.to_json(), "added": None} for e in registry.extensions]
    return graph_view(data), records


@pytest.fixture(scope="module")
def prepared(_one_extension, tmp_path_factory) -> tuple[Path, Path]:
    """A data dir holding one extension, and the file a crashing run adds."""
    root = tmp_path_factory.mktemp("crash")
    return _one_extension, write(root / "second.ttl", SECOND)


def crashed_copies(prepared, tmp_path, steps, argv) -> dict[str, Path]:
    """Run ``crimekg ARGV`` once per step, each in its own copy of the prepared data dir, two at a time."""
    data, _ = prepared

    def run(step: str) -> tuple[str, Path]:
        copy = tmp_path / f"data-{step}"
        shutil.copytree(data, copy)
        result = cli_process(*argv, env={"CRIMEKG_DATA": str(copy), "CRIMEKG_TEST_CRASH_AT": step})
        assert result.code == commit.CRASH_EXIT_CODE, (step, result.text)
        assert "Traceback" not in result.text
        return step, copy

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, steps))


def assert_recovers(copy: Path) -> None:
    """The next writer removes what the crash left and brings the index in step with the registry."""
    base = copy / "extensions"
    registry = extensions.read_registry(base)
    with commit.locked(base):
        commit.clean(base, registry)
        index = GraphIndex(base / "index")
        expected = package_expectations()
        for ext in registry.extensions:
            source = [s for s in extensions.sources(base) if s.graph_iri == ext.graph_iri][0]
            expected[ext.graph_iri] = (ext.data_sha256, lambda s=source: s)
        index.sync(expected)
        assert set(index.indexed()) == set(expected)
        index.close()
    listed = {f"{e.id}.nt" for e in registry.extensions}
    assert {p.name for p in (base / "graphs").iterdir()} == listed
    assert not list(base.glob("*.tmp"))


def test_add_killed_after_any_step_leaves_wholly_old_or_wholly_new(prepared, tmp_path):
    data, second = prepared
    old = comparable(data)
    copies = crashed_copies(prepared, tmp_path, commit.ADD_STEPS, ["add", str(second), "--quiet"])
    new = comparable(copies[commit.ADD_STEPS[-1]])  # killed after its last step: a complete run
    added = {iri: lines for iri, lines in new[0].items() if iri not in old[0]}
    assert list(added.values()) == [set(ntriples(parsed(second).triples).decode().splitlines())]
    assert new[1][:-1] == old[1] and new[1][-1]["files"][0]["name"] == "second.ttl"
    committed = commit.ADD_STEPS.index(COMMIT_POINT)
    for number, step in enumerate(commit.ADD_STEPS):
        seen = comparable(copies[step])
        assert seen == (new if number >= committed else old), step
        assert_recovers(copies[step])


def test_remove_killed_after_any_step_leaves_wholly_old_or_wholly_new(prepared, tmp_path):
    data, _ = prepared
    (ext,) = extensions.read_registry(data / "extensions").extensions
    old = comparable(data)
    copies = crashed_copies(prepared, tmp_path, commit.REMOVE_STEPS, ["extensions", "remove", ext.id])
    committed = commit.REMOVE_STEPS.index(COMMIT_POINT)
    for number, step in enumerate(commit.REMOVE_STEPS):
        seen = comparable(copies[step])
        assert seen == (({}, []) if number >= committed else old), step
        assert_recovers(copies[step])


def test_a_torn_graph_file_is_never_read_and_the_next_add_cleans_it_up(prepared, tmp_path, monkeypatch):
    data, second = prepared
    copy = tmp_path / "torn"
    shutil.copytree(data, copy)
    env = {"CRIMEKG_DATA": str(copy), "CRIMEKG_TEST_CRASH_AT": "graph-half-written"}
    assert cli_process("add", str(second), "--quiet", env=env).code == commit.CRASH_EXIT_CODE
    (torn,) = (copy / "extensions" / "graphs").glob("*.tmp")
    assert 0 < torn.stat().st_size < len(ntriples(parsed(second).triples))
    assert comparable(copy) == comparable(data)  # the half-written file is invisible to readers
    monkeypatch.setenv("CRIMEKG_DATA", str(copy))
    run = cli("add", str(second), "--quiet")
    assert run.code == 0, run.text
    registry = extensions.read_registry(copy / "extensions")
    assert len(registry.extensions) == 2
    assert {p.name for p in (copy / "extensions" / "graphs").iterdir()} == {
        f"{e.id}.nt" for e in registry.extensions
    }
