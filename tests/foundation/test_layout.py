"""The package layout holds: layers import one way, no module imports itself back, HTTP stays in the endpoint.

Read from the source with :mod:`ast`, lazy imports inside functions included (a lazy import is still a
dependency). The layers, lowest first (docs/architecture.md draws them):

    ontology ← graph_data ← queries ← linkviz, queries.endpoint ← crimekg

``linkviz`` and ``queries.endpoint`` are siblings: neither imports the other (``crimekg serve`` hands the
explorer's page builder to the server).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ontology", "graph_data", "queries", "linkviz", "crimekg")
LAYER = {"ontology": 0, "graph_data": 1, "queries": 2, "linkviz": 3, "queries.endpoint": 3, "crimekg": 4}
#: Serving HTTP (a client such as the remote engine's is not serving and may live anywhere).
HTTP_SERVING = ("http.server", "socketserver", "wsgiref", "starlette", "uvicorn", "hypercorn", "gunicorn")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(module: str) -> str:
    if module == "queries.endpoint" or module.startswith("queries.endpoint."):
        return "queries.endpoint"
    return module.split(".")[0]


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function; relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # `from pkg import module` names a module too
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def project_graph() -> nx.DiGraph:
    modules = {
        module_name(path): path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
    }
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for target in imports_of(path):
            if target in modules and target != name:
                graph.add_edge(name, target)
    return graph


def test_layers_import_one_way():
    wrong = [
        f"{a} imports {b}"
        for a, b in project_graph().edges
        if LAYER[layer_of(b)] > LAYER[layer_of(a)]
        or (layer_of(a) != layer_of(b) and LAYER[layer_of(a)] == LAYER[layer_of(b)])
    ]
    assert not wrong, "imports against the layers:\n" + "\n".join(sorted(wrong))


def test_no_import_cycles():
    graph = project_graph()
    # a package's __init__ may re-export its own modules; a cycle through it is not a design cycle
    cycles = [c for c in nx.simple_cycles(graph) if not any(m in PACKAGES for m in c)]
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join([*c, c[0]]) for c in cycles)


def test_only_the_endpoint_serves_http():
    offenders = []
    for package in ("ontology", "graph_data", "queries", "linkviz"):
        for path in (ROOT / package).rglob("*.py"):
            if layer_of(module_name(path)) == "queries.endpoint":
                continue
            http = {m for m in imports_of(path) if m in HTTP_SERVING or m.split(".")[0] in HTTP_SERVING}
            if http:
                offenders.append(f"{module_name(path)}: {', '.join(sorted(http))}")
    assert not offenders, "HTTP code outside queries/endpoint:\n" + "\n".join(offenders)


def test_each_package_says_what_it_is():
    for package in (
        "ontology",
        "graph_data",
        "graph_data.curation",
        "queries",
        "queries.endpoint",
        "linkviz",
    ):
        init = ROOT / package.replace(".", "/") / "__init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring) > 40, (
            f"{init.relative_to(ROOT)} needs a docstring saying what it owns"
        )
