"""The ``crimekg`` command line: a thin dispatcher over the four packages.

Each subcommand group lives in its own module under :mod:`crimekg.commands` and exposes
``register(subparsers, common)``, where ``common`` is the parent parser holding the options every
subcommand shares (``--data-dir``, ``--debug``). Handlers return an exit code. Modules keep heavy
imports inside their handlers so that ``crimekg --help`` stays fast.

Errors a user can cause are :class:`ontology.errors.CrimekgError`: printed as a message, exit code from
the error, no traceback (``--debug`` shows it).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback

from crimekg import __version__

#: The subcommand groups, in the order ``crimekg --help`` lists them.
GROUPS = [
    "check",
    "export",
    "queries",
    "serve",
    "viz",
    "add",
    "extensions",
    "template",
]


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None,
        help="where researchers' extensions live (default: $CRIMEKG_DATA, else ~/.local/share/crimekg)",
    )
    common.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    parser = argparse.ArgumentParser(
        prog="crimekg",
        description="A knowledge graph of drug trafficking and its links to other crime.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"crimekg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in GROUPS:
        module = importlib.import_module(f"crimekg.commands.{name}")
        module.register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    from ontology.errors import CrimekgError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    if args.data_dir:
        os.environ["CRIMEKG_DATA"] = args.data_dir
    try:
        return int(args.handler(args) or 0)
    except CrimekgError as error:
        if args.debug:
            traceback.print_exc()
        print(f"crimekg {args.command}: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
