"""The measurements that run in a child process of their own (``python -m benchmarks.child TASK``).

Each engine is measured in a fresh process, so that the memory one leaves behind does not count for the
next and a budget can end it. Arguments arrive as JSON on stdin; results leave as JSON lines
(:func:`benchmarks.common.emit`), one per finished step, so the steps done before a budget ran out count.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Callable

from benchmarks.common import Graph, emit, memory

RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig"}


class OverBudget(Exception):
    """A query ran past its time budget."""


def _sources(graph: Graph):
    return graph.sources()


def _rdflib_format(name: str) -> str:
    return RDFLIB_FORMATS[name[name.rfind(".") :]]


# --- loading -----------------------------------------------------------------------------------------


def embedded(args: dict) -> None:
    """crimekg's embedded store (GraphStore.embedded): load, memory, then every catalogue query."""
    from queries import catalog
    from queries.store import GraphStore

    graph = Graph.from_json(args["graph"])
    before = memory()
    started = time.perf_counter()
    if args.get("on_disk"):  # what crimekg serve's workers read: a RocksDB store in a directory
        import tempfile

        store = GraphStore.embedded(tempfile.mkdtemp(prefix="crimekg-bench-store-"), sources=_sources(graph))
    else:
        store = GraphStore.embedded(sources=_sources(graph))
    seconds = time.perf_counter() - started
    emit("load", {"seconds": round(seconds, 3), "triples": len(store.oxigraph), "before": before, **memory()})
    if args.get("census"):
        from benchmarks.synthetic import class_counts
        from graph_data.loader import GRAPH_BASE

        synthetic_graph = graph.sources()[-1].graph_iri
        emit(
            "census",
            {
                "seed": class_counts(store.oxigraph, GRAPH_BASE + "seed/"),
                "synthetic": class_counts(store.oxigraph, synthetic_graph),
            },
        )
    if not args.get("queries"):
        return
    skip = set(args.get("skip", ()))
    for query in catalog.catalogue():
        if query.name in skip:
            continue
        bindings = catalog.bind(query, {})
        emit("current", query.name)
        emit(
            f"queries/{query.name}",
            repeat(
                lambda q=query, b=bindings: _count(store.query(q.text, b)), args["repeat"], args["seconds"]
            ),
        )
    emit("after_queries", memory())


def pyoxigraph_native(args: dict) -> None:
    """pyoxigraph's own loader (Store.load with to_graph), for comparison with crimekg's load path."""
    import pyoxigraph as ox

    graph = Graph.from_json(args["graph"])
    before = memory()
    started = time.perf_counter()
    store = ox.Store()
    for source in _sources(graph):
        store.load(source.data, format=source.format, to_graph=source.graph)
    seconds = time.perf_counter() - started
    emit("load", {"seconds": round(seconds, 3), "triples": len(store), "before": before, **memory()})


def rdflib_graph(args: dict) -> None:
    """rdflib's in-memory Graph, parsed by rdflib: load time and memory."""
    import rdflib

    graph = Graph.from_json(args["graph"])
    before = memory()
    started = time.perf_counter()
    target = rdflib.Graph()
    for source in _sources(graph):
        target.parse(data=source.data, format=_rdflib_format(source.name))
    seconds = time.perf_counter() - started
    emit("load", {"seconds": round(seconds, 3), "triples": len(target), "before": before, **memory()})


def rdflib_dataset(args: dict) -> None:
    """rdflib's in-memory Dataset (one named graph per file, union as default graph, like crimekg's store):
    load, memory, then every catalogue query within its budget."""
    import rdflib
    from rdflib.term import Variable

    import ontology
    from ontology.convert import term_to_rdflib
    from queries import catalog

    graph = Graph.from_json(args["graph"])
    before = memory()
    started = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    for source in _sources(graph):
        dataset.graph(rdflib.URIRef(source.graph_iri)).parse(
            data=source.data, format=_rdflib_format(source.name)
        )
    seconds = time.perf_counter() - started
    triples = sum(1 for _ in dataset.triples((None, None, None)))
    emit("load", {"seconds": round(seconds, 3), "triples": triples, "before": before, **memory()})
    if not args.get("queries"):
        return
    budgets: dict[str, float] = args["budgets"]
    for query in catalog.catalogue():
        if query.name not in budgets:
            continue
        emit("current", query.name)
        bindings = {Variable(k): term_to_rdflib(v) for k, v in catalog.bind(query, {}).items()}

        def run(q=query, b=bindings) -> int:
            return sum(1 for _ in dataset.query(q.text, initNs=ontology.PREFIXES, initBindings=b))

        emit(f"queries/{query.name}", within(run, budgets[query.name], args["repeat"]))
    emit("after_queries", memory())


def _count(result) -> int:
    return sum(1 for _ in result) if not isinstance(result, bool) else 1


def repeat(run: Callable[[], int], times: int, seconds: float) -> dict:
    """Run once to warm up (counted when it was slow), then up to ``times`` timed runs in ``seconds``."""
    from benchmarks.common import spread

    started = time.perf_counter()
    rows = run()
    first = time.perf_counter() - started
    samples = [first] if first > 1.0 else []
    spent = first
    while len(samples) < times and spent < seconds:
        started = time.perf_counter()
        rows = run()
        took = time.perf_counter() - started
        samples.append(took)
        spent += took
    return {"rows": rows, **spread(samples)}


def within(run: Callable[[], int], budget: float, times: int) -> dict:
    """Run under a SIGALRM budget (rdflib evaluates in Python, so the alarm stops it); repeat while cheap."""
    from benchmarks.common import spread

    def alarm(signum, frame):
        raise OverBudget()

    previous = signal.signal(signal.SIGALRM, alarm)
    samples: list[float] = []
    rows = None
    try:
        while len(samples) < times:
            left = budget - sum(samples)
            if samples and samples[-1] > left / 2:
                break
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.01) if samples else budget)
            started = time.perf_counter()
            try:
                rows = run()
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            samples.append(time.perf_counter() - started)
    except OverBudget:
        if not samples:
            return {"over_budget_s": budget}
    except MemoryError:
        if not samples:
            return {"error": "out of memory (limit of the benchmark child)"}
    except Exception as error:  # rdflib cannot evaluate the query
        return {"error": f"{type(error).__name__}: {error}"[:300]}
    finally:
        signal.signal(signal.SIGALRM, previous)
    return {"rows": rows, **spread(samples)}


# --- check -------------------------------------------------------------------------------------------


def check(args: dict) -> None:
    """`crimekg check` (graph_data.curation.check.run_check) with one stage; the others skipped."""
    from graph_data.curation.check import STAGES, run_check

    graph = Graph.from_json(args["graph"])
    stage = args["stage"]
    lines: list[str] = []
    report = run_check(_sources(graph), skip=[s for s in STAGES if s != stage], report=lines.append)
    emit(
        "check",
        {
            "timings": {k: round(v, 3) for k, v in report.timings.items()},
            "violations": len(report.violations),
            "rules": sorted({v.rule for v in report.violations})[:10],
            "triples": report.triples,
            **memory(),
        },
    )


TASKS = {
    "embedded": embedded,
    "pyoxigraph-native": pyoxigraph_native,
    "rdflib-graph": rdflib_graph,
    "rdflib-dataset": rdflib_dataset,
    "check": check,
}


def main() -> int:
    import logging

    logging.getLogger("rdflib").setLevel(logging.ERROR)
    task = sys.argv[1]
    args = json.loads(sys.stdin.read() or "{}")
    if task in TASKS:
        TASKS[task](args)
    else:
        from benchmarks import tasks  # the tasks that drive other programs (add, load generator, browser)

        tasks.TASKS[task](args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
