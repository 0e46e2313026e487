"""`crimekg export` — the merged graph as one file."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
from pathlib import Path

#: --format name → "module:function". Each function takes (sources, format, *, inferred) and returns the
#: bytes to write. Adding a format is adding a row here.
EXPORTERS: dict[str, str] = {
    "ttl": "graph_data.export:export",
    "nt": "graph_data.export:export",
    "jsonld": "graph_data.export:export",
    "trig": "graph_data.export:export",
    "nq": "graph_data.export:export",
    # the explorer's model (linkviz): nodes, edges and their evidence, for Gephi, Cytoscape and networkx
    "graphml": "linkviz.export:export",
    "gexf": "linkviz.export:export",
    "json": "linkviz.export:export",
}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "export",
        parents=[common],
        help="write the merged graph to a file (Turtle, N-Triples, JSON-LD, TriG …)",
        description=(
            "Write the ontology, the seed graph and your merged extensions as one file. With --inferred, "
            "add the derived edges (ckg:linkedWith, ckg:addresses of provisions, ckg:soldVia) and cheap "
            "OWL consequences (inverse and super-properties, super-classes)."
        ),
        epilog=(
            "examples:\n"
            "  crimekg export --format ttl -o crimekg.ttl\n"
            "  crimekg export --format trig --inferred -o crimekg.trig   # one named graph per file\n"
            "  crimekg export --format nt -o - | wc -l"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--format", choices=sorted(EXPORTERS), default="ttl", help="output format (default ttl)"
    )
    parser.add_argument("--inferred", action="store_true", help="add derived and inferred triples")
    parser.add_argument(
        "-o", "--output", metavar="FILE", default="-", help="where to write (default -, stdout)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from graph_data.loader import all_sources

    module, function = EXPORTERS[args.format].split(":")
    exporter = getattr(importlib.import_module(module), function)
    data = exporter(all_sources(), args.format, inferred=args.inferred)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_file(Path(args.output), data)
        print(f"wrote {len(data):,} bytes to {args.output}", file=sys.stderr)
    return 0


def write_file(path: Path, data: bytes) -> None:
    """Write all or nothing: a temporary file beside the target, renamed over it."""
    from ontology.errors import CrimekgError

    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # the mode a plain open() would give, not mkstemp's 0600
        os.replace(temporary, path)
    except OSError as error:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)
        raise CrimekgError(
            f"cannot write {path}: {error.strerror or error}",
            hint="choose a path in a folder that exists and that you may write to, or -o - for stdout",
        ) from None
