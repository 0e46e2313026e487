"""`crimekg extensions list | show ID | remove ID` — the additions merged into the graph."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "extensions",
        parents=[common],
        help="list, show or remove the extensions added with `crimekg add`",
        description=(
            "Every `crimekg add` makes one extension: a named graph "
            "https://w3id.org/crimekg/graph/extension/<ID> with who added it, when, from which files and "
            "source. Extensions live in the data directory (--data-dir, $CRIMEKG_DATA, default "
            "~/.local/share/crimekg), outside the installed package, so upgrading crimekg keeps them."
        ),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="one line per extension")
    listing.set_defaults(handler=run_list)
    show = actions.add_parser("show", parents=[common], help="an extension's provenance and size")
    show.add_argument("id", metavar="ID", help="the extension's id (or a unique start of it)")
    show.add_argument("--triples", action="store_true", help="also print its triples (Turtle)")
    show.set_defaults(handler=run_show)
    remove = actions.add_parser("remove", parents=[common], help="take an extension out of the graph")
    remove.add_argument("id", metavar="ID", help="the extension's id (or a unique start of it)")
    remove.set_defaults(handler=run_remove)


def run_list(args: argparse.Namespace) -> int:
    from graph_data import extensions

    registry = extensions.read_registry()
    if not registry.extensions:
        print(f"no extensions in {extensions.root()} yet; add some with `crimekg add FILE`")
        return 0
    print(f"{'ID':18} {'ADDED':21} {'TRIPLES':>8}  {'AUTHOR':16} FILES / SOURCE")
    for ext in registry.extensions:
        files = ", ".join(f.name for f in ext.files)
        source = f" / {ext.source}" if ext.source else ""
        print(f"{ext.id:18} {ext.added:21} {ext.triples:8}  {ext.author[:16]:16} {files}{source}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from graph_data import extensions
    from ontology.errors import CrimekgError

    ext = extensions.read_registry().get(args.id)
    try:
        data = extensions.graph_file(ext).read_bytes()
    except OSError as error:
        raise CrimekgError(
            f"{extensions.graph_file(ext)}: the extension's graph file cannot be read ({error.strerror})",
            hint="restore the data directory from a backup, or remove the extension",
        ) from None
    intact = "intact" if extensions.sha256(data) == ext.data_sha256 else "CHANGED since it was added"
    print(f"extension  {ext.id}")
    print(f"graph      {ext.graph_iri}")
    print(f"added      {ext.added}  (prov:generatedAtTime)")
    print(f"author     {ext.author}")
    print(f"source     {ext.source or '(none given)'}")
    print(f"triples    {ext.triples}")
    for f in ext.files:
        print(f"file       {f.name}  {f.bytes} bytes  sha256 {f.sha256}")
    print(f"stored     {extensions.graph_file(ext)}  sha256 {ext.data_sha256} ({intact})")
    if args.triples:
        print()
        print(extensions.as_turtle(data), end="")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from graph_data.curation.merge import remove

    ext = remove(args.id)
    print(f"removed extension {ext.id} ({ext.triples} triples, added {ext.added} by {ext.author})")
    return 0
