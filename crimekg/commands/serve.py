"""`crimekg serve` — the graph over HTTP: a SPARQL 1.1 endpoint, a query page, linked data, the explorer.

Examples::

    crimekg serve                          # http://127.0.0.1:7878/ — the query page
    crimekg serve --port 0                 # any free port (the address is printed)
    crimekg serve my-draft.ttl             # preview your own file together with the graph
    crimekg serve --store ~/.cache/crimekg-store --timeout 10 --max-rows 5000
    python3 -c 'import secrets; print(secrets.token_urlsafe(32))' > token.txt
    crimekg serve --allow-update --token-file token.txt   # then: Authorization: Bearer <token>

Security defaults: read-only; SERVICE, LOAD and FROM of graphs outside the store refused; listens on
127.0.0.1 only; per-query timeout, row cap and request-size cap; no CORS. docs/endpoint.md has the rest.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

EXAMPLES = __doc__.split("Examples::", 1)[1]
MIN_TOKEN = 16


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "serve",
        parents=[common],
        help="serve the graph: SPARQL endpoint, query page, linked data, explorer",
        description="Serve the graph over HTTP until Ctrl+C.",
        epilog="examples:" + EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="extra RDF files to serve with the graph")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7878, help="port (default 7878; 0 picks a free one)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="per-query limit (30)")
    parser.add_argument("--store", metavar="DIR", help="keep the store on disk in DIR (default: a temp dir)")
    parser.add_argument("--max-rows", type=int, default=10_000, metavar="N", help="rows per answer (10000)")
    parser.add_argument(
        "--max-body", type=int, default=1_000_000, metavar="BYTES", help="largest request body (1000000)"
    )
    parser.add_argument("--workers", type=int, default=None, metavar="N", help="parallel queries (2-4)")
    parser.add_argument(
        "--worker-memory",
        type=int,
        default=2048,
        metavar="MB",
        help="memory cap per query worker (2048; 0: none)",
    )
    parser.add_argument("--allow-update", action="store_true", help="accept SPARQL Update with a token")
    parser.add_argument(
        "--token-file",
        metavar="FILE",
        help="file holding the update token (else the environment variable CRIMEKG_UPDATE_TOKEN)",
    )
    parser.add_argument("--cors", metavar="ORIGIN", help="allow browser pages from ORIGIN to query")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    parser.set_defaults(handler=run)


def read_token(token_file: str | None) -> str | None:
    """The update token from --token-file or CRIMEKG_UPDATE_TOKEN (never printed)."""
    from ontology.errors import UsageError

    if token_file:
        try:
            token = Path(token_file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise UsageError(f"cannot read the token file {token_file}: {error.strerror}") from None
    else:
        token = os.environ.get("CRIMEKG_UPDATE_TOKEN", "").strip()
    if not token:
        return None
    if len(token) < MIN_TOKEN or any(c.isspace() for c in token):
        raise UsageError(
            f"the update token must be at least {MIN_TOKEN} characters, without spaces",
            hint="make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'",
        )
    return token


def explorer_pages():
    """linkviz's page builder when linkviz provides one, else None (the server works without it)."""
    try:
        from linkviz.site import build_pages
    except ImportError:
        return None
    return build_pages


def run(args: argparse.Namespace) -> int:
    from graph_data.loader import all_sources, file_source
    from ontology.errors import UsageError
    from queries.endpoint.server import serve

    if args.port < 0 or args.port > 65535:
        raise UsageError(f"--port {args.port} is not a port number (0-65535)")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    token = read_token(args.token_file) if args.allow_update else None
    sources = all_sources() + [file_source(path) for path in args.files]
    serve(
        args.host,
        args.port,
        timeout=args.timeout,
        store_dir=args.store,
        allow_update=args.allow_update,
        token=token,
        pages=explorer_pages(),
        sources=sources,
        max_rows=args.max_rows,
        max_body=args.max_body,
        cors=args.cors,
        workers=args.workers,
        memory=args.worker_memory,
        quiet=args.quiet,
    )
    return 0
