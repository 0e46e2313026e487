"""`crimekg template NAME -o FILE.csv` — a spreadsheet to fill in and give to `crimekg add`."""

from __future__ import annotations

import argparse

NAMES = ("linkage", "statistic", "provision", "crime-type", "document")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "template",
        parents=[common],
        help="write a spreadsheet template (CSV) to fill in and add",
        description=(
            "Write the CSV template NAME: a header row naming the columns and one example row. Open it in "
            "a spreadsheet program, replace the example row with your own rows (one thing per row; several "
            "values in a cell separated by ';'), save as CSV UTF-8, and add it with `crimekg add FILE.csv`. "
            'Cells take labels, synonyms or ids ("drug trafficking", "drug-trafficking"); each '
            "column is described in docs/extending.md and by --columns."
        ),
        epilog=(
            "examples:\n  crimekg template linkage -o linkages.csv\n  crimekg template statistic --columns"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", choices=NAMES, metavar="NAME", help=" | ".join(NAMES))
    parser.add_argument("-o", "--output", metavar="FILE.csv", help="where to write it (default: print it)")
    parser.add_argument("--columns", action="store_true", help="describe each column instead")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from graph_data.curation.tabular import TEMPLATES, template_text
    from ontology.errors import UsageError

    template = TEMPLATES[args.name]
    if args.columns:
        print(f"{template.name}: {template.summary}")
        for column in template.columns:
            flags = " (required)" if column.required else ""
            flags += " (several, separated by ';')" if column.many else ""
            print(f"  {column.name:17} {column.help}{flags}")
        return 0
    if not args.output:
        print(template_text(args.name), end="")
        return 0
    path = Path(args.output)
    if path.exists() and not args.force:
        raise UsageError(f"{path} exists already", hint="choose another name, or add --force to overwrite it")
    try:
        path.write_text(template_text(args.name), encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {path} ({error.strerror})") from None
    print(f"wrote {path}: the {template.name} template; replace its example row with your rows, then")
    print(f"  crimekg add {path} --source '<where the data comes from>'")
    return 0
