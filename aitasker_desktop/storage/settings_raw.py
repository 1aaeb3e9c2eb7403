"""The settings file as plain JSON: its versions and migrations, and the one setting the
window needs before it is first shown (the appearance), read without pydantic, which
settings.py validates the whole file with once the desktop is built (~150 ms of imports later).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 2


# -- migrations: each takes the raw dict of version N and returns version N + 1 --------------


def _v0_to_v1(raw: dict[str, Any]) -> dict[str, Any]:
    # Version 0 (unversioned early builds) kept `sandbox: bool` and, wrongly, `api_key`.
    raw.pop("api_key", None)
    if "sandbox" in raw:
        raw["world"] = "sandbox" if raw.pop("sandbox") else "account"
    return raw


def _v1_to_v2(raw: dict[str, Any]) -> dict[str, Any]:
    # Version 1 called the polling interval `poll_interval` and the theme `dark_mode: bool|None`.
    if "poll_interval" in raw:
        raw["poll_seconds"] = raw.pop("poll_interval")
    if "dark_mode" in raw:
        dark = raw.pop("dark_mode")
        raw["theme"] = "system" if dark is None else ("dark" if dark else "light")
    return raw


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1, 1: _v1_to_v2}


def migrate(raw: dict[str, Any]) -> dict[str, Any]:
    """Bring a raw settings dict up to SCHEMA_VERSION. A newer file is read as far as we can."""
    version = raw.get("schema_version", 0)
    if not isinstance(version, int) or version < 0:
        raise ValueError("bad schema_version")
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](dict(raw))
        version += 1
        raw["schema_version"] = version
    raw.pop("api_key", None)  # whatever the version: a key in this file is never read
    raw["schema_version"] = SCHEMA_VERSION
    return raw


def read_raw(data: bytes) -> dict[str, Any]:
    """The file's contents as a dict of the current version; ValueError (JSON's too),
    KeyError or TypeError when it is not a settings object."""
    raw = json.loads(data.decode("utf-8"))
    if not isinstance(raw, dict):
        raise ValueError("not an object")
    return migrate(raw)


def theme_in(path: Path) -> str:
    """The appearance the settings file at `path` asks for, as written; "system" when there
    is none or the file cannot be read, as the full load then decides too. (ui/theme.py reads
    a mode it does not know as "system" as well.)"""
    try:
        theme = read_raw(path.read_bytes()).get("theme")
    except (OSError, ValueError, KeyError, TypeError):
        return "system"
    return theme if isinstance(theme, str) else "system"
