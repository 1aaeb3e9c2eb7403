"""The quicker PySide6 feature scan gives PySide6's own answer, module by module."""

from __future__ import annotations

import inspect
import json
import os
import sys
from types import ModuleType

import aitasker_desktop.domain.text as plain_module
import aitasker_desktop.services.gc_guard as qt_module
from aitasker_desktop.services.pyside_scan import in_standard_library, speed_up_feature_scan


def _pyside_answer(module: ModuleType) -> bool:
    """PySide6's own rule (shibokensupport/feature.py): the source says "PySide6"."""
    try:
        return "PySide6" in inspect.getsource(module)
    except (TypeError, OSError):
        return False


def test_the_quick_scan_answers_as_pyside_does() -> None:
    speed_up_feature_scan()
    speed_up_feature_scan()  # a second call keeps the one wrapper
    feature = sys.modules["shibokensupport.feature"]
    quick = feature._mod_uses_pyside
    assert getattr(quick, "quick", False)
    for module in (qt_module, plain_module, json, sys):
        assert quick(module) == _pyside_answer(module), module.__name__
    assert quick(qt_module) is True
    assert quick(plain_module) is False


def test_no_loaded_module_of_the_standard_library_says_pyside6() -> None:
    """What answering them without reading rests on, for every one this process loaded."""
    checked = 0
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py") and in_standard_library(path):
            assert _pyside_answer(module) is False, module.__name__
            checked += 1
    assert checked > 50


def test_third_party_packages_inside_a_system_wide_python_are_read() -> None:
    stdlib = os.path.join(os.sep, "usr", "lib", "python3.13")
    assert in_standard_library(os.path.join(stdlib, "json", "__init__.py"), stdlib)
    for outside in (
        os.path.join(stdlib, "site-packages", "PySide6", "__init__.py"),
        os.path.join(stdlib, "dist-packages", "shim.py"),
        os.path.join(os.sep, "usr", "lib", "python3.130", "json.py"),
    ):
        assert not in_standard_library(outside, stdlib), outside
