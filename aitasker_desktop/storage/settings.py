"""The user's settings: a pydantic model with a schema version, kept in one JSON file.

Writes are atomic (a temp file in the same folder, fsync, `os.replace`), so a crash mid-write
leaves the old file or the new one, never half of each. A file that cannot be read is set aside
as a timestamped backup and the app starts from defaults; `LoadResult.problem` says so in plain
words for the app to show.

The API key is never a setting: there is no field for it, and a migration drops one if an old or
hand-edited file carries it. There is no setting to turn TLS verification off, on purpose.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from aitasker_desktop.storage.atomic import write_text_atomic

DEFAULT_API_URL = "https://api.aitasker.co"
SCHEMA_VERSION = 2

WorldName = Literal["sandbox", "account"]
KeyStorage = Literal["keychain", "file"]
ThemeName = Literal["system", "light", "dark"]


class Settings(BaseModel):
    model_config = ConfigDict(
        defer_build=True, extra="ignore", validate_assignment=True, frozen=False
    )

    schema_version: int = SCHEMA_VERSION
    world: WorldName = "sandbox"
    account_url: str = DEFAULT_API_URL
    # "file" only ever by the user's explicit choice (Settings shows a warning while it stands).
    key_storage: KeyStorage = "keychain"
    poll_seconds: int = Field(default=30, ge=5, le=3600)
    notifications: bool = True
    theme: ThemeName = "system"


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


@dataclass(frozen=True)
class LoadResult:
    settings: Settings
    first_run: bool  # no settings file existed
    problem: str | None = None  # plain words for the user when the file could not be read
    backup_path: Path | None = None


class SettingsStore:
    """Reads and writes the settings file at `path` (see AppPaths.settings_path)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> LoadResult:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return LoadResult(Settings(), first_run=True)
        except OSError as exc:
            return LoadResult(
                Settings(),
                first_run=False,
                problem=f"Your settings could not be read ({exc.strerror}); using the defaults.",
            )
        try:
            raw = json.loads(data.decode("utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("not an object")
            return LoadResult(Settings.model_validate(migrate(raw)), first_run=False)
        except (ValueError, ValidationError, KeyError, TypeError):
            backup = self._set_aside()
            where = f" A copy of the old file was kept as {backup.name}." if backup else ""
            return LoadResult(
                Settings(),
                first_run=False,
                problem=f"Your settings file was damaged, so the defaults are in use.{where}",
                backup_path=backup,
            )

    def save(self, settings: Settings) -> None:
        """Write atomically (storage/atomic.py): the old settings or the new, never half."""
        payload = settings.model_dump(mode="json")
        payload["schema_version"] = SCHEMA_VERSION
        text = json.dumps(payload, indent=2, sort_keys=True) + "\n"
        write_text_atomic(self.path, text)

    def _set_aside(self) -> Path | None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.stem}.damaged-{stamp}{self.path.suffix}")
        n = 1
        while backup.exists():
            backup = self.path.with_name(f"{self.path.stem}.damaged-{stamp}-{n}{self.path.suffix}")
            n += 1
        try:
            os.replace(self.path, backup)
        except OSError:
            return None
        return backup
