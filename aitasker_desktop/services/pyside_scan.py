"""A quicker answer to the question PySide6 asks of every module imported after it.

To support `from __feature__ import snake_case` (which this app never uses), PySide6 6.x
asks of each newly imported module whether its source says "PySide6", through
`inspect.getsource`: linecache, tokenize's encoding detection, a list of lines, a join. At
start-up that is some 380 modules and about 90 ms on the GUI thread, more than a tenth of
the time to ready. Reading the file's bytes answers the same question, and a module of the
standard library is known not to use PySide6 without reading it (typing.py alone is 130 kB).
Where PySide6 does not have the hook (another version), nothing changes; where a module has
no .py file, the original answer is used.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from types import ModuleType

# Third-party packages live under the standard library's folder in a system-wide install.
_THIRD_PARTY = ("site-packages", "dist-packages")


def speed_up_feature_scan() -> None:
    """Call first thing, before the app's own Qt modules are imported (idempotent)."""
    import PySide6.QtCore  # noqa: F401  (installs PySide6's import hook)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or getattr(original, "quick", False):
        return
    feature._mod_uses_pyside = _quick(original)  # type: ignore[attr-defined]


def in_standard_library(path: str, stdlib: str = os.path.dirname(os.__file__)) -> bool:
    """Whether the source file at `path` is one of the standard library's own."""
    prefix = stdlib + os.sep
    if not path.startswith(prefix):
        return False
    return path[len(prefix) :].split(os.sep, 1)[0] not in _THIRD_PARTY


def _quick(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        if in_standard_library(path):
            return False
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    mod_uses_pyside.quick = True  # type: ignore[attr-defined]
    return mod_uses_pyside
