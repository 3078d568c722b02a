"""No import cycles among the horizons modules.

Every import counts: at module level, inside functions (a "lazy" import is still a cycle, only
hidden), and under ``if TYPE_CHECKING:``. Importing ``a.b.c`` from outside package ``a.b`` also
depends on ``a.b``'s ``__init__`` (Python runs it first), so a package that re-exports its
submodules (``encounters.services``) counts as one with them. Migrations are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in sorted((ROOT / "horizons").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


def _imports(name: str, path: Path, is_package: bool, modules: set[str]) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([base] if base else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else base)
    depends = set()
    for target in found & modules:
        depends.add(target)
        parts = target.split(".")
        for end in range(2, len(parts)):
            parent = ".".join(parts[:end])
            if parent in modules and not (name == parent or name.startswith(parent + ".")):
                depends.add(parent)
    return depends - {name}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    names = set(modules)
    return {
        name: _imports(name, path, is_package, names)
        for name, (path, is_package) in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
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
    return sorted(found)


def test_the_finder_sees_a_cycle_through_a_lazy_import_and_a_package() -> None:
    graph = {
        "a.services": {"a.services.book"},
        "a.services.book": {"a.tasks"},
        "a.tasks": {"a.services"},
        "a.pure": set(),
    }
    assert cycles(graph) == [["a.services", "a.services.book", "a.tasks"]]
    assert cycles({"x": {"y"}, "y": {"z"}, "z": set()}) == []


def test_the_graph_counts_imports_inside_functions_and_parent_packages() -> None:
    graph = import_graph()
    # encounters.tasks queues emails and sends them through notifications; the reminder task
    # imports no service, so the services package (which imports the tasks) is not reached.
    assert "horizons.encounters.notifications" in graph["horizons.encounters.tasks"]
    assert "horizons.encounters.tasks" in graph["horizons.encounters.services.bookings"]
    assert "horizons.encounters.services" not in graph["horizons.encounters.tasks"]
    # adapters imports the security log inside a function: that still counts.
    assert "horizons.accounts.security_log" in graph["horizons.accounts.adapters"]


def test_no_import_cycles_among_horizons_modules() -> None:
    assert cycles(import_graph()) == []
