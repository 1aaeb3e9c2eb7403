"""The user's settings: a pydantic model with a schema version, kept in one JSON file.

Writes are atomic (a temp file in the same folder, fsync, `os.replace`), so a crash mid-write
leaves the old file or the new one, never half of each. A file that cannot be read is set aside
as a timestamped backup and the app starts from defaults; one whose values are only partly
readable is set aside too, and only the settings that could not be read fall back to their
defaults. `LoadResult.problem` says so in plain words for the app to show.

The API key is never a setting: there is no field for it, and a migration drops one if an old or
hand-edited file carries it. There is no setting to turn TLS verification off, on purpose.
The file's versions and their migrations are plain JSON work, in settings_raw.py.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from aitasker_desktop.storage.atomic import write_text_atomic
from aitasker_desktop.storage.settings_raw import SCHEMA_VERSION, read_raw

DEFAULT_API_URL = "https://api.aitasker.co"

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


_DAMAGED = "Your settings file was damaged, so the defaults are in use."

# Each setting as the Settings dialog names it, for the message when one is reset.
SETTING_NAMES = {
    "world": "Where you work",
    "account_url": "the account's address",
    "key_storage": "where the API key is kept",
    "poll_seconds": "Check for updates",
    "notifications": "Notifications",
    "theme": "Appearance",
}


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
            raw = read_raw(data)
        except (ValueError, KeyError, TypeError):
            return self._damaged(Settings(), _DAMAGED)
        try:
            return LoadResult(Settings.model_validate(raw), first_run=False)
        except ValidationError as exc:
            # A value out of range or misspelt (a hand edit, a newer version's value) costs
            # that setting only: the theme, the world and the rest are kept.
            bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
            try:
                kept = Settings.model_validate({k: v for k, v in raw.items() if k not in bad})
            except ValidationError:
                return self._damaged(Settings(), _DAMAGED)
            # In the order the dialog shows them (every field has a name: a test sees to it).
            names = ", ".join(label for name, label in SETTING_NAMES.items() if name in bad)
            return self._damaged(
                kept,
                f"Some settings could not be read, so they are back to their defaults: {names}.",
            )

    def _damaged(self, settings: Settings, problem: str) -> LoadResult:
        """The file is set aside as it was, for support or the person to look at."""
        backup = self._set_aside()
        where = f" A copy of the old file was kept as {backup.name}." if backup else ""
        return LoadResult(settings, first_run=False, problem=problem + where, backup_path=backup)

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
