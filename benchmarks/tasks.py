"""Child tasks that drive other programs: the HTTP load generator, ``crimekg add``, Chromium."""

from __future__ import annotations

import http.client
import re
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.common import PYTHON, ROOT, Graph, child_environment, emit, percentile

# --- endpoint throughput -----------------------------------------------------------------------------


def loadgen(args: dict) -> None:
    """``clients`` threads, each with a keep-alive connection, send the query mix round-robin (each from
    its own offset) for ``warmup + seconds``; requests that end inside the last ``seconds`` count."""
    host, port, path = args["host"], args["port"], args["path"]
    bodies = [body.encode() for body in args["bodies"]]
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": args["accept"]}
    clients, seconds, warmup = args["clients"], args["seconds"], args["warmup"]
    records: list[tuple[int | str, float, float]] = []  # (status or error, latency, finished at)
    lock = threading.Lock()
    start = time.monotonic() + 0.2
    deadline = start + warmup + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=600)
        i = offset
        mine = []
        while True:
            now = time.monotonic()
            if now >= deadline:
                break
            if now < start:
                time.sleep(start - now)
            began = time.monotonic()
            try:
                connection.request("POST", path, body=bodies[i % len(bodies)], headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = http.client.HTTPConnection(host, port, timeout=600)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=600)
            ended = time.monotonic()
            mine.append((status, ended - began, ended))
            i += 1
        connection.close()
        with lock:
            records.extend(mine)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:  # let requests in flight at the deadline finish: the next level starts idle
        thread.join(max(0.0, deadline - time.monotonic()) + 300)
    counted = [r for r in records if start + warmup <= r[2] <= deadline]
    ok = [r[1] for r in counted if r[0] == 200]
    errors: dict[str, int] = {}
    for status, _, _ in counted:
        if status != 200:
            key = f"HTTP {status}" if isinstance(status, int) else status
            errors[key] = errors.get(key, 0) + 1
    emit(
        "load",
        {
            "clients": clients,
            "seconds": seconds,
            "ok": len(ok),
            "errors": errors,
            "throughput_qps": round(len(ok) / seconds, 2),
            "p50_ms": round(percentile(ok, 50) * 1000, 1) if ok else None,
            "p99_ms": round(percentile(ok, 99) * 1000, 1) if ok else None,
        },
    )


# --- crimekg add -------------------------------------------------------------------------------------

STAGE_LINE = re.compile(r"^(\w+)\s+([0-9.]+) s")


def add(args: dict) -> None:
    """Make the synthetic file a merged extension (the graph then has the benchmark's size), then time
    ``crimekg add`` of each 1,000-triple file, as a user runs it (a new process each time)."""
    from graph_data import extensions
    from graph_data.curation import commit

    graph = Graph.from_json(args["graph"])
    base = extensions.root()
    data = graph.synthetic.read_bytes()
    digest = extensions.sha256(data)
    info = extensions.InputFile(graph.synthetic.name, digest, len(data))
    with commit.locked(base):
        registry = extensions.read_registry(base)
        ext = extensions.Extension(
            id=f"{datetime.now(UTC):%Y%m%d}-{digest[:8]}",
            added=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            author="crimekg benchmarks",
            source="benchmarks.synthetic",
            files=(info,),
            input_sha256=extensions.inputs_sha256([info]),
            data_sha256=digest,
            triples=data.count(b"\n"),
        )
        commit.add(base, registry, ext, data)
    for n, path in enumerate(args["additions"]):
        started = time.perf_counter()
        done = subprocess.run(
            [PYTHON, "-m", "crimekg", "add", path, "--source", "benchmark", "--author", "benchmark"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=child_environment(Path(base).parent),
            timeout=args["budget"],
        )
        seconds = time.perf_counter() - started
        stages = {}
        for line in done.stderr.splitlines():
            match = STAGE_LINE.match(line.strip())
            if match:
                stages[match.group(1)] = float(match.group(2))
        result = {
            "seconds": round(seconds, 3),
            "exit": done.returncode,
            "stages": stages,
            "triples": Path(path).read_bytes().count(b"\n"),
        }
        if done.returncode != 0:
            result["output"] = (done.stdout + done.stderr)[-1500:]
        emit(f"runs/{n}", result)


# --- explorer ----------------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def explorer(args: dict) -> None:
    """Render-to-interactive of the explorer's whole-graph page of a synthetic model in Chromium: from
    navigation start to ``window.crimekgReady`` (set by the page once it is interactive)."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from linkviz import render, views
    from linkviz.synthetic import synthetic_model

    folder = Path(tempfile.mkdtemp(prefix="crimekg-bench-explorer-"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for nodes in args["nodes"]:
                started = time.perf_counter()
                model = synthetic_model(nodes, seed=0)
                view = views.get("whole-graph")
                part = views.select(model, view)
                html = render.page(part, view)
                build = time.perf_counter() - started
                page_file = folder / f"explorer-{nodes}.html"
                page_file.write_text(html, encoding="utf-8")
                ready, wall = [], []
                for _ in range(args["runs"]):
                    page = browser.new_page()
                    began = time.perf_counter()
                    page.goto(page_file.as_uri(), wait_until="commit")
                    # a selector, not wait_for_function: the page's CSP forbids the eval that needs
                    page.wait_for_selector(
                        "body[data-ready='true']", state="attached", timeout=args["budget"] * 1000
                    )
                    wall.append(time.perf_counter() - began)
                    ready.append(page.evaluate("window.crimekgReady"))
                    page.close()
                emit(
                    f"pages/{nodes}",
                    {
                        "nodes": part.number_of_nodes(),
                        "edges": part.number_of_edges(),
                        "html_bytes": len(html.encode()),
                        "build_s": round(build, 3),
                        "ready_ms": sorted(round(r, 1) for r in ready),
                        "ready_median_ms": round(sorted(ready)[len(ready) // 2], 1),
                        "wall_median_ms": round(sorted(wall)[len(wall) // 2] * 1000, 1),
                    },
                )
        finally:
            browser.close()


TASKS = {"loadgen": loadgen, "add": add, "explorer": explorer}
