"""What the About dialog says: versions, and the licences of what the app bundles."""

from __future__ import annotations

import platform
import re
from dataclasses import dataclass
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion

from aitasker_desktop import __version__

ROOT_DISTRIBUTION = "aitasker-desktop"


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str


def _licence(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    classifiers = [
        c.rsplit("::", 1)[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.count("::") >= 2
    ]
    if classifiers:
        return ", ".join(dict.fromkeys(classifiers))
    text = (meta.get("License") or "").strip()
    # Some projects paste their whole licence text here; keep the first line.
    return text.splitlines()[0][:80] if text else "see the project's licence"


def _requirement_names(dist: metadata.Distribution) -> list[str]:
    names = []
    for req in dist.requires or []:
        if "extra ==" in req:  # optional extras are not bundled
            continue
        match = re.match(r"[A-Za-z0-9._-]+", req)
        if match:
            names.append(match.group(0))
    return names


def bundled_components() -> list[Component]:
    """The app's run-time dependency closure, each with its version and licence."""
    seen: dict[str, Component] = {}
    queue = [ROOT_DISTRIBUTION]
    while queue:
        name = queue.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = Component(dist.metadata["Name"], dist.version, _licence(dist))
        queue.extend(_requirement_names(dist))
    seen.pop(ROOT_DISTRIBUTION, None)
    qt = Component("Qt", qVersion(), "LGPL-3.0-only")
    return sorted([*seen.values(), qt], key=lambda c: c.name.lower())


def version_lines() -> list[str]:
    return [
        f"AITasker Desktop {__version__}",
        f"Python {platform.python_version()} ({platform.python_implementation()})",
        f"PySide6 {pyside_version}, Qt {qVersion()}",
        f"{platform.system()} {platform.release()} ({platform.machine()})",
    ]
