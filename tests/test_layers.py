"""The architecture as a test: lower layers never import higher ones, core layers no Qt."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "aitasker_desktop"

# What each layer may import from the package (besides itself).
ALLOWED = {
    "domain": set(),
    "api": {"domain"},
    "storage": {"domain"},
    "sandbox": set(),  # written from the documents: none of the client (issue 14)
    "services": {"domain", "api", "storage", "sandbox"},
    "ui": {"domain", "services"},
}
QT_FREE = {"domain", "api", "storage", "sandbox"}
# The UI may name the client's error types (to show them), never the client itself.
EXCEPTIONS = {"ui": {"aitasker_desktop.api.errors"}}
QT_MODULES = ("PySide6", "shiboken6")
# The composition root and the entry points, above every layer: no layer imports them.
ROOT_MODULES = {"cli", "app", "desktop", "composition", "options"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _layer_files() -> list[tuple[str, Path]]:
    return [(layer, p) for layer in ALLOWED for p in sorted((PACKAGE / layer).rglob("*.py"))]


@pytest.mark.parametrize(("layer", "path"), _layer_files(), ids=lambda v: str(v))
def test_layer_imports(layer: str, path: Path) -> None:
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "aitasker_desktop" and len(parts) > 1:
            target = parts[1]
            if name in EXCEPTIONS.get(layer, set()):
                continue
            if target in ALLOWED and target != layer:
                assert target in ALLOWED[layer], f"{path.name}: {layer} must not import {name}"
            assert target not in ROOT_MODULES, f"{path.name}: {layer} must not import {name}"
        if layer in QT_FREE:
            assert parts[0] not in QT_MODULES, f"{path.name}: {layer} must not import Qt"


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from aitasker_desktop.ui import main_window\nimport PySide6.QtCore\n")
    assert _imports(bad) == ["aitasker_desktop.ui", "PySide6.QtCore"]


def _cycles() -> list[list[str]]:
    """Every group of package modules that import one another in a circle (Tarjan's strongly
    connected components over every import, wherever it is written: module level, inside a
    function, or under TYPE_CHECKING)."""
    import grimp

    graph = grimp.build_graph("aitasker_desktop")
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return groups


def test_no_import_cycle_anywhere_in_the_package() -> None:
    assert _cycles() == []
