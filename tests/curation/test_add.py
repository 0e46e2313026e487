"""`crimekg add` and `crimekg extensions list|show|remove`: RDF formats, provenance, dry runs, duplicates."""

from __future__ import annotations

import json

import pytest
from extendkit import VALID, cli, graph_view, snapshot

from graph_data import extensions

LINKAGE = "https://w3id.org/crimekg/resource/linkage-port-corruption"


@pytest.mark.parametrize("name", ["linkage.ttl", "linkage.trig", "linkage.nt", "linkage.jsonld"])
def test_each_rdf_format_adds_the_same_linkage_as_one_named_graph(data_dir, name):
    run = cli("add", str(VALID / name), "--source", "https://example.org/port-study", "--quiet")
    assert run.code == 0, run.text
    (ext,) = extensions.read_registry(data_dir / "extensions").extensions
    assert ext.graph_iri == "https://w3id.org/crimekg/graph/extension/" + ext.id
    assert ext.triples == 16
    lines = graph_view(data_dir)[ext.graph_iri]
    assert any(line.startswith(f"<{LINKAGE}> <https://w3id.org/crimekg/ontology#involves>") for line in lines)
    assert f"added extension {ext.id}" in run.out


def test_provenance_records_author_time_source_files_and_hashes(data_dir):
    run = cli("add", str(VALID / "linkage.nt"), "--source", "Port study 2024", "--author", "A. Researcher")
    assert run.code == 0, run.text
    registry = json.loads((data_dir / "extensions" / "registry.json").read_text())
    (record,) = registry["extensions"]
    assert record["author"] == "A. Researcher"
    assert record["source"] == "Port study 2024"
    assert record["added"].endswith("Z") and record["added"][:4].isdigit()
    assert record["files"][0]["name"] == "linkage.nt"
    assert record["files"][0]["sha256"] == extensions.sha256((VALID / "linkage.nt").read_bytes())
    stored = (data_dir / "extensions" / "graphs" / f"{record['id']}.nt").read_bytes()
    assert record["data_sha256"] == extensions.sha256(stored)
    assert record["graph"].endswith("/extension/" + record["id"])


def test_author_defaults_to_crimekg_author_variable(one_extension):
    (ext,) = extensions.read_registry(one_extension / "extensions").extensions
    assert ext.author == "Test Researcher"


def test_dry_run_reports_what_would_be_added_and_changes_nothing(data_dir):
    before = snapshot(data_dir)
    run = cli("add", str(VALID / "linkage.ttl"), "--dry-run", "--quiet")
    assert run.code == 0, run.text
    assert "would add 16 triple(s)" in run.out and "1 ckg:Linkage" in run.out
    assert snapshot(data_dir) == before


def test_adding_the_same_file_twice_says_already_added_and_changes_nothing(one_extension):
    data_dir = one_extension
    before = snapshot(data_dir)
    again = cli("add", str(VALID / "linkage.ttl"), "--quiet")
    (ext,) = extensions.read_registry(data_dir / "extensions").extensions
    assert again.code == 0
    assert f"already added as extension {ext.id}" in again.out
    assert snapshot(data_dir) == before


def test_a_file_whose_triples_are_all_in_the_graph_says_so(one_extension):
    data_dir = one_extension
    before = snapshot(data_dir)
    same_content = cli("add", str(VALID / "linkage.nt"), "--quiet")  # other bytes, same triples
    assert same_content.code == 0
    assert "all 16 triple(s) are already in the graph; nothing to add" in same_content.out
    assert snapshot(data_dir) == before


def test_list_show_and_remove_an_extension(one_extension):
    data_dir = one_extension
    (ext,) = extensions.read_registry(data_dir / "extensions").extensions
    listing = cli("extensions", "list")
    assert ext.id in listing.out and "linkage.ttl / Port study" in listing.out
    shown = cli("extensions", "show", ext.id[:10], "--triples")
    assert shown.code == 0
    assert "triples    16" in shown.out and "(intact)" in shown.out
    assert "ckr:linkage-port-corruption a ckg:Linkage" in shown.out
    removed = cli("extensions", "remove", ext.id)
    assert removed.code == 0, removed.text
    assert extensions.read_registry(data_dir / "extensions").extensions == ()
    assert list((data_dir / "extensions" / "graphs").iterdir()) == []
    assert "no extensions" in cli("extensions", "list").out


def test_show_of_an_unknown_id_is_a_usage_error_listing_the_known_ids(one_extension):
    (ext,) = extensions.read_registry(one_extension / "extensions").extensions
    run = cli("extensions", "show", "nope")
    assert run.code == 2
    assert "no extension 'nope'" in run.err and ext.id in run.err


def test_remove_refuses_while_another_extension_uses_what_it_defines(one_extension, tmp_path):
    data_dir = one_extension
    (document,) = extensions.read_registry(data_dir / "extensions").extensions
    user = tmp_path / "second.ttl"
    user.write_text(
        "@prefix ckg: <https://w3id.org/crimekg/ontology#> .\n"
        "@prefix ckr: <https://w3id.org/crimekg/resource/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        'ckr:linkage-second a ckg:Linkage ; rdfs:label "Second linkage (test)"@en ;\n'
        "  ckg:involves ckr:corruption , ckr:money-laundering ; ckg:nature ckr:nature-enabling ;\n"
        "  prov:wasDerivedFrom ckr:cite-example-port-study-p4 .\n"
    )
    assert cli("add", str(user), "--quiet").code == 0
    before = snapshot(data_dir)
    run = cli("extensions", "remove", document.id)
    assert run.code == 1
    assert "ckr:cite-example-port-study-p4" in run.err and "remove that extension first" in run.err
    assert snapshot(data_dir) == before


def test_extensions_live_in_the_data_dir_given_by_the_option(tmp_path, monkeypatch):
    monkeypatch.delenv("CRIMEKG_DATA", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    chosen = tmp_path / "chosen"
    run = cli("add", "--data-dir", str(chosen), str(VALID / "linkage.ttl"), "--quiet")
    assert run.code == 0, run.text
    assert (chosen / "extensions" / "registry.json").is_file()
    assert not (tmp_path / "home").exists()


def test_default_data_dir_is_outside_the_package(tmp_path, monkeypatch):
    from graph_data.loader import data_dir

    monkeypatch.delenv("CRIMEKG_DATA", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_dir() == tmp_path / ".local" / "share" / "crimekg"
    assert extensions.root() == tmp_path / ".local" / "share" / "crimekg" / "extensions"
    assert extensions.sources() == []  # nothing there: no error, nothing created
    assert not (tmp_path / ".local").exists()


def test_a_trusted_bulk_import_lands_as_an_extension_and_a_broken_one_changes_nothing(data_dir, tmp_path):
    from graph_data.curation.merge import add_unvalidated
    from ontology.errors import LoadError

    ext = add_unvalidated(str(VALID / "linkage.nt"), author="benchmark", source="synthetic")
    assert ext.triples == 16
    assert list(graph_view(data_dir)) == [ext.graph_iri]
    before = snapshot(data_dir)
    broken = tmp_path / "broken.nt"
    broken.write_text("<https://example.org/a> <https://example.org/b> .\n")
    with pytest.raises(LoadError):
        add_unvalidated(str(broken), author="benchmark")
    assert snapshot(data_dir) == before


def test_show_of_an_extension_whose_file_is_gone_is_an_error_not_a_traceback(one_extension):
    (ext,) = extensions.read_registry(one_extension / "extensions").extensions
    extensions.graph_file(ext, one_extension / "extensions").unlink()
    run = cli("extensions", "show", ext.id)
    assert run.code == 2 and "cannot be read" in run.err and "Traceback" not in run.err


def test_statements_already_in_the_graph_are_left_out_of_a_new_extension(one_extension, tmp_path):
    text = (
        "@prefix ckg: <https://w3id.org/crimekg/ontology#> .\n"
        "@prefix ckr: <https://w3id.org/crimekg/resource/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ckr:corruption a ckg:CrimeType .\n"  # the seed graph says so already
        'ckr:example-port-study rdfs:comment "Read in 2024."@en .\n'
    )
    (tmp_path / "overlap.ttl").write_text(text)
    run = cli("add", str(tmp_path / "overlap.ttl"), "--quiet")
    assert run.code == 0, run.text
    assert "note: 1 of the 2 triples are already in the graph; they are not added again" in run.out
    added = extensions.read_registry(one_extension / "extensions").extensions[-1]
    assert added.triples == 1
    (line,) = graph_view(one_extension)[added.graph_iri]
    assert line.endswith('<http://www.w3.org/2000/01/rdf-schema#comment> "Read in 2024."@en .')
