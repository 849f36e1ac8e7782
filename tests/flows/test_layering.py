"""The rooms of flows/ and cleaners/ import one way, with no cycle; only orchestrate has Prefect.

Every import counts, including those inside functions and under TYPE_CHECKING: a cycle hidden
behind a lazy import is still a cycle a reader has to untangle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("flows", "cleaners")
# Each module's room: the longest prefix below that names it or a package above it.
ROOMS = {
    "cleaners": "cleaners.records",
    "cleaners.records": "cleaners.records",
    "cleaners.text": "cleaners.text",
    "cleaners.documents": "cleaners.documents",
    "cleaners.fields": "cleaners.fields",
    "cleaners.extract": "cleaners.extract",
    "cleaners.links": "cleaners.links",
    "cleaners.corpus": "cleaners.corpus",
    "cleaners.assemble": "cleaners.assemble",
    "flows.errors": "base",
    "flows.config": "base",
    "flows.counters": "base",
    "flows.store": "store",
    "flows.inspect": "inspect",
    "flows.export": "export",
    "flows.net": "net",
    "flows.crawl": "crawl",
    "flows.orchestrate": "orchestrate",
    "flows.demo": "demo",
    "flows.cli": "cli",
}
# A room imports only rooms of a lower rank (and itself); rooms of one rank never meet.
RANKS = {
    "cleaners.records": 0,  # the values every stage passes on, and the package version
    "cleaners.text": 1,
    "cleaners.documents": 1,  # attached files read to text (PDF, DOCX, XLSX)
    "cleaners.fields": 2,
    "cleaners.extract": 2,
    "cleaners.links": 2,
    "cleaners.corpus": 2,
    "cleaners.assemble": 3,
    "base": 4,
    "net": 5,
    "inspect": 5,
    "export": 5,  # reads clean/ on its own, like inspect: the two never meet
    "store": 6,  # the WARC writer and the crawl state keep what the net brought back
    "crawl": 7,
    "orchestrate": 8,
    "demo": 9,
    "cli": 10,
}
PREFECT_ROOM = "orchestrate"  # the only room that may import prefect or prefect_dask


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def _imports(path: Path) -> Iterator[str]:
    """Yield every module name a file imports, wherever the import statement sits."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _room(module: str) -> str:
    """Return the room of a module: that of the longest ROOMS key naming it or a package above."""
    keys = [key for key in ROOMS if module == key or module.startswith(key + ".")]
    if not keys:
        raise AssertionError(f"{module} belongs to no room")
    return ROOMS[max(keys, key=len)]


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {target for target in _imports(path) if target in modules and target != name}
        for name, path in modules.items()
    }


def test_every_module_has_a_room() -> None:
    rooms = {_room(name) for name in _modules() if name != "flows"}
    assert rooms <= set(RANKS)


def test_rooms_import_only_downwards() -> None:
    wrong = [
        f"{source} → {target}"
        for source, targets in _graph().items()
        if source != "flows"
        for target in targets
        if target != "flows"
        and _room(source) != _room(target)
        and RANKS[_room(target)] >= RANKS[_room(source)]
    ]
    assert wrong == []


def test_there_is_no_import_cycle() -> None:
    graph = _graph()
    done: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        if node in trail:
            cycles.append([*trail[trail.index(node) :], node])
            return
        if node in done:
            return
        for target in sorted(graph[node]):
            visit(target, [*trail, node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    assert cycles == []


def test_only_orchestration_imports_prefect() -> None:
    offenders = [
        name
        for name, path in _modules().items()
        if name != "flows"
        and _room(name) != PREFECT_ROOM
        and any(target.split(".")[0] in {"prefect", "prefect_dask"} for target in _imports(path))
    ]
    assert offenders == []


@pytest.mark.parametrize("name", sorted(_modules()), ids=str)
def test_no_module_is_named_like_a_package_above_it(name: str) -> None:
    parts = name.split(".")
    assert len(set(parts)) == len(parts), f"{name} repeats a package name"
