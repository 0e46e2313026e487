"""docs/extending.md works as written: its files and commands, run in order in an empty data directory,
give the output the page shows (``…`` stands for what differs between runs: ids, times, hashes)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from extendkit import ROOT, Run, cli, cli_process

from graph_data import extensions
from graph_data.curation.tabular import TEMPLATES

PAGE = ROOT / "docs" / "extending.md"
IN_A_PROCESS = {"query", "viz"}  # commands that build a store of the whole graph: one process each


def steps(text: str) -> list[tuple[str, str, list[str]]]:
    """("file", name, lines) and ("run", command, expected output lines), in page order."""
    found, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        marker = re.fullmatch(r"<!-- file: (\S+) -->", line.strip())
        if marker:
            end = lines.index("```", i + 2)
            found.append(("file", marker.group(1), lines[i + 2 : end]))
            i = end + 1
            continue
        if line.strip() == "```console":
            end = lines.index("```", i + 1)
            for block_line in lines[i + 1 : end]:
                if block_line.startswith("$ "):
                    found.append(("run", block_line[2:], []))
                elif found and found[-1][0] == "run" and block_line.strip():
                    found[-1][2].append(block_line)
            i = end + 1
            continue
        i += 1
    return found


def pattern(line: str) -> re.Pattern:
    parts = [re.escape(" ".join(part.split())) for part in line.strip().split("…")]
    return re.compile(".*".join(parts))


def run(command: str, data_dir: Path, folder: Path) -> tuple[Run, int]:
    command, _, comment = command.partition("#")
    expected = int(re.search(r"exit status (\d)", comment).group(1)) if "exit status" in comment else 0
    registry = extensions.read_registry(data_dir / "extensions")
    if "<ID>" in command:
        command = command.replace("<ID>", registry.extensions[-1].id)
    argv = shlex.split(command)
    assert argv[0] == "crimekg"
    if argv[1] in IN_A_PROCESS:
        return cli_process(*argv[1:], env={"CRIMEKG_DATA": str(data_dir)}, cwd=folder), expected
    return cli(*argv[1:]), expected


def test_the_tutorial_runs_as_written(data_dir, tmp_path):
    page = steps(PAGE.read_text(encoding="utf-8"))
    assert sum(kind == "run" for kind, _, _ in page) >= 15
    for kind, what, lines in page:
        if kind == "file":
            (tmp_path / what).write_text("\n".join(lines) + "\n", encoding="utf-8")
            continue
        result, expected = run(what, data_dir, tmp_path)
        assert result.code == expected, (what, result.text)
        assert "Traceback" not in result.text
        actual = [" ".join(line.split()) for line in result.text.splitlines()]
        position = 0
        for line in lines:  # each shown line appears, in the order shown
            wanted = pattern(line)
            while position < len(actual) and not wanted.fullmatch(actual[position]):
                position += 1
            assert position < len(actual), (what, line, result.text)
            position += 1
    assert extensions.read_registry(data_dir / "extensions").extensions == ()  # the tutorial cleans up
    assert "tutorial example" in (tmp_path / "linkages.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_the_column_reference_describes_every_column_as_the_template_does(name):
    text = PAGE.read_text(encoding="utf-8")
    section = text.split(f"### {name}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `([a-z_]+)`[^|]*\|[^|]*\| (.*?)(?: — \*several\*)? \|$", section, re.M)
    }
    columns = TEMPLATES[name].columns
    citation = {"source_document", "paragraph", "subparagraph", "footnote", "locator", "secondary_source"}
    for column in columns:
        if name != "linkage" and column.name in citation:
            continue  # documented once, under linkage
        assert rows.get(column.name) == column.help, column.name
