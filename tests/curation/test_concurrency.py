"""Two writers at once: the data directory's lock makes them take turns, and nothing is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from extendkit import VALID, cli_process, graph_view, write

from graph_data import extensions
from graph_data.curation import commit

OTHER = (
    "@prefix ckg: <https://w3id.org/crimekg/ontology#> .\n"
    "@prefix ckr: <https://w3id.org/crimekg/resource/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
    'ckr:concurrent-study a ckg:Document ; rdfs:label "Concurrent study (test)"@en .\n'
    'ckr:cite-concurrent-study-p1 a ckg:Citation ; rdfs:label "Concurrent study, paragraph 1"@en ;\n'
    "    ckg:citedDocument ckr:concurrent-study ; ckg:paragraph 1 .\n"
    'ckr:linkage-concurrent a ckg:Linkage ; rdfs:label "Added at the same time (test)"@en ;\n'
    "    ckg:involves ckr:terrorism , ckr:financing-of-terrorism ; ckg:nature ckr:nature-financing ;\n"
    "    prov:wasDerivedFrom ckr:cite-concurrent-study-p1 .\n"
)


def start_add(path, data_dir) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crimekg", "add", str(path), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CRIMEKG_DATA": str(data_dir)},
    )


def test_two_adds_at_once_both_land_and_nothing_is_lost(data_dir, tmp_path):
    other = write(tmp_path / "other.ttl", OTHER)
    first, second = start_add(VALID / "linkage.ttl", data_dir), start_add(other, data_dir)
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    registry = extensions.read_registry(data_dir / "extensions")
    assert registry.generation == 2
    assert sorted(f.name for e in registry.extensions for f in e.files) == ["linkage.ttl", "other.ttl"]
    view = graph_view(data_dir)
    assert len(view) == 2
    everything = set().union(*view.values())
    assert any("linkage-port-corruption" in line for line in everything)
    assert any("linkage-concurrent" in line for line in everything)


def test_an_add_waits_while_another_writer_holds_the_lock(data_dir):
    base = data_dir / "extensions"
    with commit.locked(base):
        waiting = start_add(VALID / "linkage.ttl", data_dir)
        time.sleep(2.0)
        assert waiting.poll() is None  # blocked on the lock, not finished and not failed
        assert extensions.read_registry(base).extensions == ()
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, out + err
    assert "waiting for another crimekg add or remove to finish" in err
    assert len(extensions.read_registry(base).extensions) == 1


def test_readers_never_wait_for_a_writer(one_extension):
    base = one_extension / "extensions"
    with commit.locked(base):
        listing = cli_process("extensions", "list", env={"CRIMEKG_DATA": str(one_extension)}, timeout=30)
    assert listing.code == 0 and "linkage.ttl" in listing.out
