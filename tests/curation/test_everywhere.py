"""Merged extensions are part of the graph everywhere: the loader, `crimekg check`, `crimekg query` (the
union by default, one graph with --graph) and `crimekg export` — with no option to remember."""

from __future__ import annotations

import json

from extendkit import cli, cli_process, write

from graph_data import extensions
from graph_data.loader import all_sources

LINKAGE = "https://w3id.org/crimekg/resource/linkage-port-corruption"
QUERY = """PREFIX ckg: <https://w3id.org/crimekg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?thing WHERE { ?thing a ?class VALUES ?class { ckg:Linkage ckg:CrimeType } } ORDER BY ?thing
"""


def test_the_loader_lists_each_extension_as_its_own_named_graph(one_extension):
    (ext,) = extensions.read_registry(one_extension / "extensions").extensions
    sources = all_sources()
    assert sources[-1].graph_iri == f"https://w3id.org/crimekg/graph/extension/{ext.id}"
    assert sources[-1].name == f"extensions/graphs/{ext.id}.nt"
    assert len(all_sources(include_extensions=False)) == len(sources) - 1


def test_check_validates_the_extensions_with_the_graph(one_extension):
    quick = ("--skip", "shacl", "--skip", "owl", "--format", "json")  # load and QC: enough to see the files
    with_extension = cli("check", *quick)
    without = cli("check", *quick, "--data-dir", str(one_extension.parent / "none"))
    counted, baseline = json.loads(with_extension.out), json.loads(without.out)
    assert counted["files"] == baseline["files"] + 1
    assert counted["triples"] == baseline["triples"] + 16
    assert not [v for v in counted["violations"] if "extensions/" in v["source"]]


def test_query_sees_extensions_in_the_union_and_alone_with_graph(one_extension, tmp_path):
    (ext,) = extensions.read_registry(one_extension / "extensions").extensions
    write(tmp_path / "things.rq", QUERY)

    def cli(*argv):  # a process per query, as a researcher runs them
        return cli_process(*argv, env={"CRIMEKG_DATA": str(one_extension)}, cwd=tmp_path)

    union = cli("query", "things.rq", "--format", "csv")
    assert union.code == 0, union.text
    assert LINKAGE in union.out and "/resource/corruption" in union.out
    alone = cli("query", "things.rq", "--format", "csv", "--graph", ext.graph_iri)
    assert alone.code == 0, alone.text
    assert alone.out.split()[1:] == [LINKAGE]  # the header, then only what the extension states
    seed = cli(
        "query", "things.rq", "--format", "csv", "--graph", "https://w3id.org/crimekg/graph/seed/crime-types"
    )
    assert LINKAGE not in seed.out


def test_export_writes_the_extensions_with_the_graph(one_extension, tmp_path):
    run = cli("export", "--format", "nt", "-o", str(tmp_path / "all.nt"))
    assert run.code == 0, run.text
    assert (
        f"<{LINKAGE}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" in (tmp_path / "all.nt").read_text()
    )
