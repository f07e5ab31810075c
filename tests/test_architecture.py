"""The shape of the code: no import cycles, and dependencies that point one way.

Imports are read from the source (module level and inside functions alike,
since an import moved into a function to dodge a cycle is still a cycle);
only `if TYPE_CHECKING:` blocks are left out, as they never run.
bot -> handlers -> storage, schedules -> storage: handlers never imports a
platform library or bot/, storage imports nothing above it, schedules never
imports handlers or bot.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "storage", "schedules")
PLATFORM_LIBRARIES = (
    "slack_bolt",
    "slack_sdk",
    "telegram",
    "microsoft_teams",
    "starlette",
    "fastapi",
)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(sub) for sub in ast.walk(node)}
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _project_module(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in MODULES.items():
        for name in _imported_names(path):
            target = _project_module(name)
            if target and target != module:
                graph[module].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in MODULES:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_there_is_no_import_cycle():
    assert _cycles(_graph()) == []


def test_the_cycle_check_would_catch_one():
    graph: dict[str, set[str]] = defaultdict(set, {m: set() for m in MODULES})
    a, b = "handlers.service", "handlers.forms"
    graph[a].add(b)
    graph[b].add(a)
    assert sorted([a, b]) in _cycles(graph)


def _layer(module: str) -> str:
    return module.split(".", 1)[0]


def test_dependencies_point_one_way():
    allowed = {
        "bot": {"bot", "handlers", "storage", "schedules"},
        "handlers": {"handlers", "storage"},
        "schedules": {"schedules", "storage"},
        "storage": {"storage"},
    }
    wrong = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        for target in targets
        if _layer(target) not in allowed[_layer(module)]
    ]
    assert wrong == []


def test_the_product_never_imports_a_platform_library():
    wrong = [
        f"{module} imports {name}"
        for module, path in MODULES.items()
        if _layer(module) != "bot"
        for name in _imported_names(path)
        if name.split(".", 1)[0] in PLATFORM_LIBRARIES
    ]
    assert wrong == []
