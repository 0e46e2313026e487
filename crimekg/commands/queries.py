"""`crimekg queries` lists the catalogue; `crimekg query` answers one question.

Examples::

    crimekg queries --tag linkages
    crimekg query crimes-linked-to --param crime=corruption
    crimekg query provisions-of-instrument --param instrument=ckr:untoc --format csv
    crimekg query my-question.rq --store ~/.cache/crimekg-store
    echo 'SELECT * WHERE { ?c a ckg:CrimeType }' | crimekg query - --format json
    crimekg query coverage-matrix --endpoint http://127.0.0.1:7878/query --load
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

QUERY_HELP = __doc__.split("Examples::", 1)[1]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    listing = sub.add_parser(
        "queries", parents=[common], help="list the catalogue of questions", description="List the catalogue."
    )
    listing.add_argument("--tag", metavar="T", help="only the queries with this tag")
    listing.set_defaults(handler=list_queries)

    query = sub.add_parser(
        "query",
        parents=[common],
        help="answer a catalogue question or any SPARQL query",
        description="Run a catalogue query by NAME, a query FILE, or '-' (the query on standard input).",
        epilog="examples:" + QUERY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    query.add_argument("query", metavar="NAME|FILE|-")
    query.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter value (repeatable); IRIs as ckr:slug, slug or full IRI",
    )
    query.add_argument(
        "--format",
        "-f",
        choices=["table", "csv", "tsv", "json", "ttl", "nt", "jsonld"],
        help="table (default for SELECT/ASK), csv, tsv, json (SPARQL JSON results); "
        "ttl (default for CONSTRUCT/DESCRIBE), nt, jsonld",
    )
    query.add_argument("--graph", metavar="IRI", help="ask one named graph instead of the union of all")
    engine = query.add_mutually_exclusive_group()
    engine.add_argument("--store", metavar="DIR", help="an on-disk embedded store (created on first use)")
    engine.add_argument("--endpoint", metavar="URL", help="a remote SPARQL 1.1 query URL")
    query.add_argument("--update-url", metavar="URL", help="the endpoint's update URL, if separate")
    query.add_argument("--store-url", metavar="URL", help="the endpoint's Graph Store Protocol URL")
    query.add_argument(
        "--load", action="store_true", help="with --endpoint: load the whole graph into it first"
    )
    query.add_argument("--timeout", type=float, default=60.0, metavar="S", help="HTTP timeout for --endpoint")
    query.set_defaults(handler=run_query)


def list_queries(args: argparse.Namespace) -> int:
    from queries import catalog

    chosen = catalog.with_tag(args.tag) if args.tag else catalog.catalogue()
    if args.tag and not chosen:
        from ontology.errors import UsageError

        tags = sorted({tag for query in catalog.catalogue() for tag in query.tags})
        raise UsageError(f"no query has the tag {args.tag!r}", hint="tags: " + ", ".join(tags))
    width = max((len(query.name) for query in chosen), default=0)
    for query in chosen:
        print(f"{query.name.ljust(width)}  {query.summary}")
    return 0


def run_query(args: argparse.Namespace) -> int:
    from ontology.errors import LoadError, UsageError
    from queries import api, catalog, formats
    from queries.store import GraphStore, QuerySyntaxError

    params: dict[str, str] = {}
    for item in args.param:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            raise UsageError(f"--param {item!r} is not NAME=VALUE")
        params[name.strip()] = value
    query = _read_query(args.query, catalog, LoadError)
    bindings = catalog.bind(query, params)
    if args.endpoint:
        store = GraphStore.remote(
            args.endpoint, update_url=args.update_url, store_url=args.store_url, timeout=args.timeout
        )
        if args.load:
            store.load()
    elif args.update_url or args.store_url or args.load:
        raise UsageError("--update-url, --store-url and --load go with --endpoint")
    else:
        store = GraphStore.embedded(args.store) if args.store else api.default_store()
    try:
        result = store.query(query.text, bindings, graph=args.graph)
        formats.check_format(result, args.format)
        output = formats.render(result, args.format)
    except QuerySyntaxError as error:
        raise QuerySyntaxError(f"{query.name}: {error.message}", hint=error.hint) from None
    finally:
        if args.store:
            store.close()
    sys.stdout.buffer.write(output)
    sys.stdout.flush()
    return 0


def _read_query(spec: str, catalog, load_error):
    """A catalogue query by name, a file, or standard input ('-')."""
    if spec == "-":
        return catalog.parse_header(sys.stdin.read(), "<stdin>")
    path = Path(spec)
    if path.suffix in (".rq", ".sparql") or path.exists() or "/" in spec:
        try:
            return catalog.parse_header(path.read_text(encoding="utf-8"), spec)
        except (OSError, UnicodeDecodeError) as error:
            if not path.exists() and path.suffix == ".rq" and "/" not in spec:
                return catalog.get(spec)  # `crimekg query name.rq` names a catalogue file
            reason = getattr(error, "strerror", None) or str(error)
            raise load_error(f"cannot read the query ({reason})", path=spec) from None
    return catalog.get(spec)
