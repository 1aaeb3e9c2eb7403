"""How many brief drafts each world has used this hour, kept in a small JSON file so a
restart does not reset the count. A missing or damaged file reads as no uses (the server
still refuses a use too many, and the app then says so)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from aitasker_desktop.domain.idea import HourlyUses
from aitasker_desktop.storage.atomic import write_text_atomic

log = logging.getLogger(__name__)
IDEA_USES_FILENAME = "brief-drafts-used.json"
_VERSION = 1
_MAX_WORLDS = 50  # a person has a sandbox and an account or two; never grows without end


class IdeaUsesFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, HourlyUses]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:  # unreadable or not JSON: start afresh
            log.warning("Brief draft counts unreadable (%s); counting afresh", type(exc).__name__)
            return {}
        worlds = data.get("worlds") if isinstance(data, dict) else None
        if not isinstance(worlds, dict):
            return {}
        return {str(k): HourlyUses.from_json(v) for k, v in list(worlds.items())[:_MAX_WORLDS]}

    def save(self, counts: dict[str, HourlyUses]) -> None:
        worlds = {k: v.to_json() for k, v in list(counts.items())[-_MAX_WORLDS:]}
        write_text_atomic(self.path, json.dumps({"version": _VERSION, "worlds": worlds}))
