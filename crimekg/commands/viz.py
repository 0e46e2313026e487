"""`crimekg viz` — the interactive explorer as self-contained HTML pages (they work offline).

Examples::

    crimekg viz -o explorer/                 # every view and an index page into explorer/
    crimekg viz --view linkages -o links.html
    crimekg viz --view whole-graph -o - > whole.html
    crimekg viz --endpoint http://127.0.0.1:7878/sparql -o explorer/   # from a running endpoint
    crimekg viz --list

Views: linkages (crime-linkage network), instruments (instruments → provisions → what they address),
asset-recovery (the process, stage by stage), online-markets (ICT and online drug markets), whole-graph.
Open index.html in a browser; `crimekg serve` also serves the pages under /explore/.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXAMPLES = __doc__.split("Examples::", 1)[1]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "viz",
        parents=[common],
        help="write the interactive explorer (HTML pages that work offline)",
        description="Write the explorer's views as self-contained HTML pages: one view into a file, or "
        "every view plus an index page into a directory.",
        epilog="examples:" + EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--view", metavar="NAME", help="write only this view (see --list)")
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="with --view: the HTML file (default <view>.html; - for stdout); "
        "without: the directory (default explorer/)",
    )
    parser.add_argument("--endpoint", metavar="URL", help="read the graph from a SPARQL 1.1 query URL")
    parser.add_argument("--list", action="store_true", help="list the views and exit")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from linkviz import site, views

    if args.list:
        for view in views.VIEWS:
            print(f"{view.name:16} {view.title}")
        return 0
    chosen = [views.get(args.view)] if args.view else list(views.VIEWS)  # unknown name → UsageError
    model = _model(args.endpoint)
    pages = site.render_views(model, chosen)
    if args.view:
        return _write_one(pages[chosen[0].file_name], args.output or chosen[0].file_name)
    directory = Path(args.output or "explorer")
    if directory.suffix.lower() in {".html", ".htm"}:
        from ontology.errors import UsageError

        raise UsageError(
            f"{directory} looks like a file, but without --view the explorer is a set of pages",
            hint="give a directory with -o, or choose one view with --view NAME",
        )
    for path in site.write_pages(pages, directory):
        print(f"wrote {path}", file=sys.stderr)
    print(f"open {directory / site.INDEX} in a browser", file=sys.stderr)
    return 0


def _model(endpoint: str | None):  # -> networkx.MultiDiGraph
    from linkviz.model import build_model
    from queries.store import GraphStore

    store = GraphStore.remote(endpoint) if endpoint else GraphStore.embedded()
    with store:
        return build_model(store)


def _write_one(html: str, output: str) -> int:
    from crimekg.commands.export import write_file

    if output == "-":
        sys.stdout.write(html)
        return 0
    path = Path(output)
    if path.is_dir():
        from ontology.errors import UsageError

        raise UsageError(f"{path} is a directory", hint="with --view, -o names the HTML file to write")
    write_file(path, html.encode("utf-8"))
    print(f"wrote {path}", file=sys.stderr)
    return 0
