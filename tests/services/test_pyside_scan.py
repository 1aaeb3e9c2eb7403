"""The quicker PySide6 feature scan gives PySide6's own answer, module by module."""

from __future__ import annotations

import inspect
import json
import sys
from types import ModuleType

import aitasker_desktop.domain.text as plain_module
import aitasker_desktop.services.gc_guard as qt_module
from aitasker_desktop.services.pyside_scan import speed_up_feature_scan


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
