"""Helpers of the extension tests: the CLI in-process and in a subprocess, and a snapshot of everything an
addition may change."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "curation"
ROOT = Path(__file__).resolve().parents[2]
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def cli(*argv: str) -> Run:
    """``crimekg ARGV`` in this process (fast), with its exit code and output."""
    import logging

    from crimekg.cli import main

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # has .buffer, like sys.stdout
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse
            code = int(exit_.code or 0)
    texts = []
    for stream in (out, err):
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("utf-8"))
    return Run(code, *texts)


def cli_process(
    *argv: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 120
) -> Run:
    """``crimekg ARGV`` in a subprocess (for crashes and concurrent runs)."""
    proc = subprocess.run(
        [sys.executable, "-m", "crimekg", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=timeout,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def snapshot(data: Path) -> dict:
    """Everything an addition may change: the registry, the listed graphs and every file of the data dir
    except the index (a cache, rebuilt from the registry)."""
    from graph_data import extensions

    base = data / "extensions"
    registry = extensions.read_registry(base)
    files = {}
    if base.exists():
        for path in sorted(base.rglob("*")):
            if path.is_file() and "index" not in path.relative_to(base).parts and path.name != "lock":
                files[str(path.relative_to(base))] = path.read_bytes()
    return {
        "registry": json.loads(registry.to_json()),
        "graphs": {s.graph_iri: sorted(s.data.decode().splitlines()) for s in extensions.sources(base)},
        "files": files,
    }


def graph_view(data: Path) -> dict[str, set[str]]:
    """What queries see of the extensions: graph IRI → its N-Triples lines."""
    from graph_data import extensions

    return {s.graph_iri: set(s.data.decode().splitlines()) for s in extensions.sources(data / "extensions")}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
