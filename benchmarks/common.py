"""What every benchmark shares: the graph of a size, child processes with budgets, memory, statistics."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
#: No child may take more address space than this (a runaway query must not take the machine down).
CHILD_MEMORY_LIMIT = 12 * 1024**3


@dataclass(frozen=True)
class Graph:
    """One benchmark graph: the ontology and seed of this checkout plus one synthetic N-Triples file."""

    size: int  # the size asked for (triples of ontology + seed + synthetic)
    synthetic: Path  # the N-Triples file
    triples: int  # triples of ontology + seed + synthetic, as generated
    sha256: str  # of the synthetic file
    copies: int  # full copies of the seed in the synthetic file (what an addition may refer to)

    def sources(self):
        """The crimekg sources of this graph (no researcher extensions)."""
        from graph_data.loader import all_sources, file_source

        return all_sources(include_extensions=False) + [file_source(self.synthetic)]

    def to_json(self) -> dict:
        return {
            "size": self.size,
            "synthetic": str(self.synthetic),
            "triples": self.triples,
            "sha256": self.sha256,
            "copies": self.copies,
        }

    @classmethod
    def from_json(cls, data: dict) -> Graph:
        return cls(data["size"], Path(data["synthetic"]), data["triples"], data["sha256"], data["copies"])


def memory() -> dict[str, float]:
    """This process's resident memory now and at its peak (VmRSS, VmHWM), in MB; native memory included."""
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0]) / 1024
    return {"rss_mb": round(found["VmRSS"], 1), "peak_rss_mb": round(found["VmHWM"], 1)}


def process_memory(pid: int) -> dict[str, float]:
    """Resident memory of another process (VmRSS, VmHWM), in MB."""
    found = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    found[key] = int(value.split()[0]) / 1024
    except OSError:
        return {}
    return {"rss_mb": round(found.get("VmRSS", 0), 1), "peak_rss_mb": round(found.get("VmHWM", 0), 1)}


def spread(times: Sequence[float]) -> dict[str, float]:
    """Median, minimum and number of timed runs, in milliseconds."""
    if not times:
        return {}
    return {
        "median_ms": round(statistics.median(times) * 1000, 2),
        "min_ms": round(min(times) * 1000, 2),
        "runs": len(times),
    }


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def child_environment(data_dir: Path | None = None) -> dict[str, str]:
    """The environment of a benchmark child: this checkout importable, an empty crimekg data directory."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if data_dir is not None:
        env["CRIMEKG_DATA"] = str(data_dir)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_LIMIT, CHILD_MEMORY_LIMIT))
    os.setsid()  # its own process group, so that a budget kills it with everything it started


def _own_group() -> None:
    os.setsid()


def run_child(
    task: str,
    arguments: dict,
    *,
    budget: float,
    data_dir: Path,
    step_budget: float | None = None,
    limit_memory: bool = True,
) -> dict:
    """Run ``python -m benchmarks.child TASK`` with ``arguments`` (JSON on stdin) within ``budget`` seconds.

    The child prints one JSON line per finished step (:func:`emit`); every step it finished is returned,
    with ``"stopped"`` saying why it did not finish when it did not (budget, memory, error). With
    ``step_budget``, a child that says nothing for that long after its first step is stopped too; the
    step it was in (its last ``current`` line) is returned as ``"stuck"``.
    """
    import select
    import tempfile

    started = time.perf_counter()
    errors = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        [PYTHON, "-m", "benchmarks.child", task],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errors,
        cwd=ROOT,
        env=child_environment(data_dir),
        preexec_fn=_limit_memory if limit_memory else _own_group,  # Chromium reserves far more address space
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(json.dumps(arguments))
    process.stdin.close()
    result: dict = {}
    deadline = started + budget
    last, steps, stopped, buffer = started, 0, None, ""
    while True:
        now = time.perf_counter()
        limit = deadline - now
        if step_budget is not None and steps:
            limit = min(limit, last + step_budget - now)
        if limit <= 0:
            _kill_group(process)
            stopped = f"budget of {budget:g} s reached" if now >= deadline else f"step over {step_budget:g} s"
            break
        readable, _, _ = select.select([process.stdout], [], [], min(limit, 1.0))
        if not readable:
            continue
        chunk = os.read(process.stdout.fileno(), 65536).decode()
        if not chunk:
            break
        buffer += chunk
        *lines, buffer = buffer.split("\n")
        for line in lines:
            if line.startswith('{"key": '):
                _store(result, json.loads(line))
                steps += 1
                last = time.perf_counter()
    process.wait()
    if stopped is None and process.returncode != 0:
        stopped = f"failed (exit {process.returncode})"
    result["elapsed_s"] = round(time.perf_counter() - started, 2)
    if stopped:
        result["stopped"] = stopped
        if "current" in result:
            result["stuck"] = result["current"]
        errors.seek(0)
        tail = errors.read().strip().splitlines()[-3:]
        if tail and process.returncode != -9:
            result["stderr"] = " | ".join(tail)
    errors.close()
    result.pop("current", None)
    return result


def _store(result: dict, step: dict) -> None:
    *parents, last = step["key"].split("/")
    where = result
    for part in parents:
        where = where.setdefault(part, {})
    where[last] = step["value"]


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, 9)
    except ProcessLookupError:
        pass


def emit(key: str, value: object) -> None:
    """In a child: report one finished step to the parent (one JSON line); ``a/b`` nests ``b`` in ``a``."""
    print(json.dumps({"key": key, "value": value}), flush=True)
