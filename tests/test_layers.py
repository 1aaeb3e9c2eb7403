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
            assert target != "app", f"{path.name}: only the entry point may import app"
        if layer in QT_FREE:
            assert parts[0] not in QT_MODULES, f"{path.name}: {layer} must not import Qt"


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from aitasker_desktop.ui import main_window\nimport PySide6.QtCore\n")
    assert _imports(bad) == ["aitasker_desktop.ui", "PySide6.QtCore"]
