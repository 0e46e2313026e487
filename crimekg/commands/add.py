"""`crimekg add` — validate files and merge them into the graph as one extension, all or nothing."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "add",
        parents=[common],
        help="add your own triples or spreadsheet rows to the graph, validated",
        description=(
            "Read FILEs (Turtle .ttl, TriG .trig, N-Triples .nt, N-Quads .nq, JSON-LD .jsonld, RDF/XML .rdf, "
            "or "
            "spreadsheets .csv made from `crimekg template`), check them together with what they link to in "
            "the graph (terms, SHACL shapes, OWL consistency with HermiT, QC queries), and merge them as one "
            "new extension: a named graph with its provenance (who, when, source, file hashes). All or "
            "nothing: if anything is wrong, nothing changes. Exit status: 0 added (or already there), "
            "1 the files break a rule (each problem is listed with file, line or row and column, and what to "
            "write instead), 2 a file cannot be read."
        ),
        epilog=(
            "examples:\n"
            "  crimekg add linkages.csv --source 'Border crime study 2024' --author 'A. Researcher'\n"
            "  crimekg add documents.csv linkages.csv      # several files: one extension\n"
            "  crimekg add my-triples.ttl --dry-run        # check only; change nothing\n"
            "see docs/extending.md for the tutorial"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to add together")
    parser.add_argument("--source", metavar="TEXT_OR_IRI", help="where the data comes from (recorded)")
    parser.add_argument(
        "--author", metavar="NAME", help="who adds it (default: $CRIMEKG_AUTHOR or your login)"
    )
    parser.add_argument("--dry-run", action="store_true", help="validate and report; change nothing")
    parser.add_argument("--quiet", action="store_true", help="do not print the time of each stage")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import logging

    from graph_data.curation.merge import add

    logging.getLogger("rdflib").setLevel(logging.ERROR)
    stream = sys.stderr  # this object, not whatever sys.stderr is while the reasoner's thread redirects it
    stages = (lambda line: None) if args.quiet else (lambda line: print(line, file=stream, flush=True))
    result = add(args.files, source=args.source, author=args.author, dry_run=args.dry_run, report=stages)
    names = ", ".join(args.files)
    what = f"{result.new_triples} triple(s)" + (f" ({', '.join(result.summary)})" if result.summary else "")
    for note in result.notes:
        print(f"note: {note}")
    if result.status == "already-added":
        ext = result.extension
        print(f"{names}: already added as extension {ext.id} on {ext.added}; nothing changed")
    elif result.status == "nothing-new":
        print(f"{names}: all {result.triples} triple(s) are already in the graph; nothing to add")
    elif result.status == "would-add":
        print(f"dry run: {names} would add {what}; nothing was changed")
    else:
        ext = result.extension
        print(f"added extension {ext.id}: {what} from {names}")
        print(f"  graph  {ext.graph_iri}")
        print(f"  by {ext.author}, {ext.added}" + (f", source: {ext.source}" if ext.source else ""))
        if not ext.source:
            print("  note: no --source given; say where the data comes from next time (it is kept with it)")
        print(f"  see it: crimekg extensions show {ext.id}    undo: crimekg extensions remove {ext.id}")
    return 0
