"""The results of a run as Markdown tables (``<out>.md`` beside the JSON; docs/benchmarks.md quotes them).

python -m benchmarks.report benchmarks/results/2026-11-29.json      # print the tables again
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

CLASS_PREFIXES = {
    "https://w3id.org/crimekg/ontology#": "ckg:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
}


def short(iri: str) -> str:
    for prefix, name in CLASS_PREFIXES.items():
        if iri.startswith(prefix):
            return name + iri[len(prefix) :]
    return iri


def seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def millis(value: float | None) -> str:
    if value is None:
        return "—"
    if value >= 10_000:
        return f"{value / 1000:.1f} s"
    if value >= 100:
        return f"{value:.0f} ms"
    return f"{value:.1f} ms"


def megabytes(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} MB"


def latency(entry: dict | None) -> str:
    """A query figure: its median, ``> budget`` when it ran out of time, or what went wrong."""
    if not entry:
        return "not run"
    if "over_budget_s" in entry:
        return f"> {entry['over_budget_s']:g} s"
    if "error" in entry:
        return "error"
    return millis(entry.get("median_ms"))


def ratio(slow: dict | None, fast: dict | None) -> str:
    """How many times ``fast`` is faster than ``slow`` (``≥`` when ``slow`` ran out of budget)."""
    if not slow or not fast or fast.get("median_ms") in (None, 0):
        return "—"
    if "over_budget_s" in slow:
        return f"≥ {slow['over_budget_s'] * 1000 / fast['median_ms']:,.0f}×"
    if slow.get("median_ms") is None:
        return "—"
    value = slow["median_ms"] / fast["median_ms"]
    return f"{value:,.0f}×" if value >= 10 else f"{value:.1f}×"


def speedup(slow: dict | None, fast: dict | None) -> float | None:
    if not slow or not fast or not fast.get("median_ms"):
        return None
    if "over_budget_s" in slow:
        return slow["over_budget_s"] * 1000 / fast["median_ms"]
    return slow["median_ms"] / fast["median_ms"] if slow.get("median_ms") else None


def table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    align = align or "l" + "r" * (len(header) - 1)
    marks = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def stopped(entry: dict) -> str:
    return entry.get("stopped", "")


# --- sections ----------------------------------------------------------------------------------------


def machine_section(results: dict) -> str:
    m = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v)
    return "\n".join(
        [
            f"- date: {results['date']} (commit {m.get('commit', '?')}), "
            f"run took {results.get('duration_s', '?')} s",
            f"- command: `{results['command']}`",
            f"- machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, Linux {m['kernel']}; "
            f"load average at start {', '.join(f'{x:.2f}' for x in m['load_average_at_start'])}",
            f"- Python {m['python']}; {versions}; {m.get('chromium', '')}",
        ]
    )


def graphs_section(results: dict) -> str:
    rows = []
    for name, entry in results["sizes"].items():
        g = entry["graph"]
        rows.append(
            [
                name,
                f"{g['triples']:,}",
                f"{g['synthetic_triples']:,}",
                f"{g['copies']} + {g['partial_copy_resources']} resources",
                seconds(g["generate_s"]),
                f"`{g['sha256'][:16]}…`",
            ]
        )
    return table(["size", "triples", "synthetic", "seed copies", "generated in", "sha256 of the file"], rows)


def census_section(results: dict) -> str:
    sizes = list(results["sizes"])
    if not sizes:
        return ""
    census = {name: results["sizes"][name].get("embedded", {}).get("census") for name in sizes}
    seed = next((c["seed"] for c in census.values() if c), None)
    if not seed:
        return "(no census)"
    total_seed = sum(seed.values())
    rows = []
    for iri, count in sorted(seed.items(), key=lambda item: -item[1]):
        row = [short(iri), f"{count}", f"{100 * count / total_seed:.1f} %"]
        for name in sizes:
            found = census[name]["synthetic"] if census[name] else {}
            total = sum(found.values()) or 1
            row.append(f"{found.get(iri, 0):,} ({100 * found.get(iri, 0) / total:.1f} %)")
        rows.append(row)
    return table(["class", "seed", "seed share"] + [f"synthetic {n}" for n in sizes], rows)


def load_section(results: dict) -> str:
    rows = []
    for name, entry in results["sizes"].items():
        base = entry.get("embedded", {}).get("load", {})
        for key, title in (
            ("embedded", "crimekg embedded store (`GraphStore.embedded`)"),
            ("embedded-disk", "crimekg embedded store on disk (`GraphStore.embedded(DIR)`)"),
            ("pyoxigraph-native", "pyoxigraph `Store.load` (native parser, for reference)"),
            ("rdflib-graph", "rdflib `Graph` (rdflib parsers)"),
            ("rdflib-dataset", "rdflib `Dataset` (graph per file, union default)"),
        ):
            run = entry.get(key)
            if not run:
                continue
            load = run.get("load")
            if not load:
                rows.append([name, title, f"not finished: {stopped(run)}", "", "", ""])
                continue
            growth = load["peak_rss_mb"] - load["before"]["rss_mb"]
            relative = "1×" if key == "embedded" or not base else f"{load['seconds'] / base['seconds']:.1f}×"
            rows.append(
                [
                    name,
                    title,
                    seconds(load["seconds"]),
                    relative,
                    megabytes(load["peak_rss_mb"]),
                    megabytes(growth),
                ]
            )
    return table(
        ["size", "engine", "load", "vs embedded", "peak RSS", "peak RSS − RSS before load"], rows, "llrrrr"
    )


def check_section(results: dict) -> str:
    rows = []
    for name, entry in results["sizes"].items():
        stages = entry.get("check")
        if not stages:
            continue
        row = [name]
        load = next((s["check"]["timings"].get("load") for s in stages.values() if "check" in s), None)
        row.append(seconds(load))
        for stage in ("shacl", "owl", "qc"):
            run = stages.get(stage, {})
            if "check" in run:
                value = run["check"]["timings"].get(stage)
                verdict = (
                    "ok" if run["check"]["violations"] == 0 else f"{run['check']['violations']} violation(s)"
                )
                row.append(f"{seconds(value)} ({verdict})")
            else:
                row.append(f"> {run.get('elapsed_s', 0):.0f} s ({stopped(run) or 'not run'})")
        rows.append(row)
    return table(["size", "load (ox + rdflib)", "SHACL", "OWL (HermiT)", "QC queries"], rows)


def queries_section(results: dict, name: str) -> str:
    entry = results["sizes"][name]
    embedded = entry.get("embedded", {}).get("queries", {})
    disk = entry.get("embedded-disk", {}).get("queries", {})
    rdflib = entry.get("rdflib-dataset", {}).get("queries", {})
    endpoints = entry.get("endpoints", {})
    oxigraph = endpoints.get("oxigraph", {}).get("queries", {})
    crimekg = endpoints.get("crimekg", {}).get("queries", {})
    rows = []
    for query in sorted(embedded):
        e = embedded[query]
        counts = {x["rows"] for x in (e, rdflib.get(query), oxigraph.get(query)) if x and "rows" in x}
        rows.append(
            [
                f"`{query}`" + (" ≠" if len(counts) > 1 else ""),
                f"{e.get('rows', '—'):,}" if isinstance(e.get("rows"), int) else "—",
                latency(e),
                latency(rdflib.get(query)),
                ratio(rdflib.get(query), e),
                latency(disk.get(query)),
                latency(oxigraph.get(query)),
                latency(crimekg.get(query)),
                ratio(crimekg.get(query), oxigraph.get(query)),
            ]
        )
    return table(
        [
            "query",
            "rows",
            "embedded",
            "rdflib Dataset",
            "rdflib ÷ embedded",
            "embedded on disk",
            "oxigraph serve",
            "crimekg serve",
            "crimekg ÷ oxigraph",
        ],
        rows,
    )


def endpoints_section(results: dict) -> str:
    rows = []
    for name, entry in results["sizes"].items():
        endpoints = entry.get("endpoints")
        if not endpoints:
            continue
        ox, ck = endpoints.get("oxigraph", {}), endpoints.get("crimekg", {})
        for clients in ("1", "8", "32"):
            o, c = ox.get("load", {}).get(clients, {}), ck.get("load", {}).get(clients, {})
            share = (
                f"{100 * c['throughput_qps'] / o['throughput_qps']:.0f} %"
                if o.get("throughput_qps") and c.get("throughput_qps") is not None
                else "—"
            )
            rows.append(
                [
                    name,
                    clients,
                    _load(o),
                    _load(c),
                    share,
                ]
            )
    return table(
        [
            "size",
            "clients",
            "oxigraph serve: q/s, p50, p99",
            "crimekg serve: q/s, p50, p99",
            "crimekg ÷ oxigraph",
        ],
        rows,
        "lrllr",
    )


def _load(entry: dict) -> str:
    if not entry or "throughput_qps" not in entry:
        return "not run"
    errors = sum(entry.get("errors", {}).values())
    text = f"{entry['throughput_qps']:.1f} q/s, {millis(entry['p50_ms'])}, {millis(entry['p99_ms'])}"
    if errors:
        text += f"; {errors} failed ({', '.join(f'{n}× {s}' for s, n in entry['errors'].items())})"
    return text


def servers_section(results: dict) -> str:
    rows = []
    for name, entry in results["sizes"].items():
        for server in ("oxigraph", "crimekg"):
            record = entry.get("endpoints", {}).get(server)
            if not record:
                continue
            if "error" in record:
                rows.append([name, server, record["error"], "", "", ""])
                continue
            rows.append(
                [
                    name,
                    f"{server} serve",
                    seconds(record.get("load_s")) if "load_s" in record else "(in start-up)",
                    seconds(record.get("startup_s"))
                    + (
                        f" (explorer built at {seconds(record['explorer_ready_s'])})"
                        if record.get("explorer_ready_s")
                        else ""
                    ),
                    megabytes(record.get("memory_after_queries", {}).get("rss_mb")),
                    f"{len(record.get('mix', []))} queries",
                ]
            )
    return table(
        ["size", "server", "bulk load", "start-up to first answer", "RSS after catalogue", "throughput mix"],
        rows,
        "llrrrl",
    )


def add_section(results: dict) -> str:
    rows = []
    for name, entry in results["sizes"].items():
        add = entry.get("add")
        if not add:
            continue
        runs = add.get("runs", {})
        if not runs:
            rows.append([name, f"not finished: {stopped(add)}", "", ""])
            continue
        for n, run in sorted(runs.items(), key=lambda item: int(item[0])):
            what = "first (index built)" if n == "0" else f"next ({n})"
            stages = ", ".join(f"{k} {v:.2f}" for k, v in run["stages"].items())
            verdict = "added" if run["exit"] == 0 else f"exit {run['exit']}"
            rows.append([name, what, f"{seconds(run['seconds'])} ({verdict})", stages])
    return table(["size", "run", "wall time of `crimekg add` (1,000 triples)", "stages (s)"], rows, "llrl")


def explorer_section(results: dict) -> str:
    pages = results.get("explorer", {}).get("pages", {})
    rows = [
        [
            f"{p['nodes']:,}",
            f"{p['edges']:,}",
            f"{p['html_bytes'] / 1e6:.1f} MB",
            seconds(p["build_s"]),
            millis(p["ready_median_ms"]),
            ", ".join(millis(r) for r in p["ready_ms"]),
            millis(p["wall_median_ms"]),
        ]
        for p in pages.values()
    ]
    if not rows:
        return "(not run)" + (f": {stopped(results['explorer'])}" if results.get("explorer") else "")
    header = ["nodes", "edges", "page", "model + render (Python)", "ready (page clock, median)", "runs"]
    return table(header + ["goto() to ready (Playwright, median)"], rows)


def targets(results: dict) -> list[tuple[str, str, bool | None, str]]:
    """(target, figure, met, note) at the largest size run."""
    if not results["sizes"]:
        return []
    name = list(results["sizes"])[-1]
    entry = results["sizes"][name]
    t = results["targets"]
    found = []
    load = entry.get("embedded", {}).get("load", {}).get("seconds")
    found.append(
        (
            f"load ≤ {t['load_s']:g} s ({name})",
            seconds(load),
            None if load is None else load <= t["load_s"],
            "",
        )
    )
    embedded = entry.get("embedded", {}).get("queries", {})
    rdflib = entry.get("rdflib-dataset", {}).get("queries", {})
    ratios = {q: speedup(rdflib.get(q), e) for q, e in embedded.items()}
    known = {q: r for q, r in ratios.items() if r is not None}
    misses = sorted(q for q, r in known.items() if r < t["query_speedup"])
    if known:
        note = ("below: " + ", ".join(f"{q} ({known[q]:.1f}×)" for q in misses)) if misses else ""
        unknown = sorted(set(embedded) - set(known))
        if unknown:
            note += ("; " if note else "") + "no ratio: " + ", ".join(unknown)
        found.append(
            (
                f"every catalogue query ≥ {t['query_speedup']:g}× rdflib ({name})",
                f"{len(known) - len(misses)} of {len(embedded)} queries; lowest {min(known.values()):.1f}×",
                not misses and len(known) == len(embedded),
                note,
            )
        )
    endpoints = entry.get("endpoints", {})
    for clients in ("1", "8", "32"):
        o = endpoints.get("oxigraph", {}).get("load", {}).get(clients, {})
        c = endpoints.get("crimekg", {}).get("load", {}).get(clients, {})
        if o.get("throughput_qps") and c.get("throughput_qps") is not None:
            share = c["throughput_qps"] / o["throughput_qps"]
            found.append(
                (
                    f"throughput ≥ {100 * t['throughput_share']:.0f} % of oxigraph serve, "
                    f"{clients} client(s) ({name})",
                    f"{100 * share:.0f} % ({c['throughput_qps']:.1f} vs {o['throughput_qps']:.1f} q/s)",
                    share >= t["throughput_share"],
                    "",
                )
            )
    runs = entry.get("add", {}).get("runs", {})
    warm = [r["seconds"] for n, r in runs.items() if n != "0" and r["exit"] == 0]
    if runs:
        cold = runs.get("0", {}).get("seconds")
        figure = (
            f"{seconds(sorted(warm)[len(warm) // 2])} (first add, building the index: {seconds(cold)})"
            if warm
            else "—"
        )
        found.append(
            (
                f"add of 1,000 triples ≤ {t['add_s']:g} s ({name})",
                figure,
                bool(warm) and sorted(warm)[len(warm) // 2] <= t["add_s"],
                "",
            )
        )
    return found


def targets_section(results: dict) -> str:
    rows = [
        [target, figure, "met" if met else ("missed" if met is False else "—"), note]
        for target, figure, met, note in targets(results)
    ]
    return table(["target", "figure", "", "note"], rows, "llll")


def markdown(results: dict) -> str:
    parts = [
        "## Machine and run",
        machine_section(results),
        "## Targets",
        targets_section(results),
        "## Graphs",
        graphs_section(results),
        "### Class census (SPARQL: resources per class, seed graph vs synthetic part)",
        census_section(results),
        "## Load time and memory (each engine in a fresh process)",
        load_section(results),
        "## `crimekg check` per stage",
        check_section(results),
    ]
    for name in results["sizes"]:
        if results["sizes"][name].get("embedded", {}).get("queries"):
            parts += [
                f"## Catalogue queries at {name} (median latency, default parameters)",
                queries_section(results, name),
            ]
    parts += [
        "## Endpoints: start-up and memory",
        servers_section(results),
        "## Endpoint throughput and latency (catalogue mix)",
        endpoints_section(results),
        "## `crimekg add` of a 1,000-triple file",
        add_section(results),
        "## Explorer: render-to-interactive in Chromium",
        explorer_section(results),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    print(markdown(json.loads(Path(argv[0]).read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
