"""Rewrite the golden answers of the catalogue queries from the embedded store.

    python -m tests.queries.regenerate             # every query
    python -m tests.queries.regenerate NAME ...    # some of them
    python -m tests.queries.regenerate --check     # only list the goldens that would change

Read every changed answer against the paper (UNODC/CND/ES/2021/2) before committing it: a golden is a
claim that the answer is right, not a snapshot of whatever the graph says today.
"""

from __future__ import annotations

import argparse
import sys

from graph_data.loader import all_sources
from queries import catalog
from queries.store import GraphStore
from tests.queries.queries_goldens import existing_golden, golden_path, mismatch, serialize


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.queries.regenerate", description=__doc__)
    parser.add_argument("names", nargs="*", help="catalogue queries (default: all)")
    parser.add_argument("--check", action="store_true", help="report the changes, write nothing")
    args = parser.parse_args(argv)
    store = GraphStore.embedded(sources=all_sources(include_extensions=False))
    queries = [catalog.get(name) for name in args.names] if args.names else catalog.catalogue()
    changed = 0
    for query in queries:
        result = store.query(query.text, catalog.bind(query, {}))
        data = serialize(result)
        path = golden_path(query.name, result)
        old = existing_golden(query.name)
        before = old.read_bytes() if old else None
        kind = "nt" if path.suffix == ".nt" else "srj"
        if before is not None and mismatch(before, data, kind) is None:
            continue
        changed += 1
        print(f"{'new' if before is None else 'changed'}: {path.name}")
        if not args.check:
            if old and old != path:
                old.unlink()
            path.write_bytes(data)
    print(f"{changed} golden(s) {'would change' if args.check else 'written'}", file=sys.stderr)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
