"""What each world's server offers, as last learned (a row per world, see schema step 4).

A row that cannot be read back (written by a newer app, or damaged) reads as nothing
remembered: the app learns again instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aitasker_desktop.domain.capabilities import Capabilities
from aitasker_desktop.storage.db import Store, from_timestamp, timestamp

_UPSERT = """
    INSERT INTO world_capabilities (world, json, learned_at) VALUES (?, ?, ?)
    ON CONFLICT (world) DO UPDATE SET json = excluded.json, learned_at = excluded.learned_at
"""


@dataclass(frozen=True)
class Remembered:
    capabilities: Capabilities
    learned_at: datetime


class CapabilitiesStore:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, world: str) -> Remembered | None:
        with self._store.read() as c:
            row = c.execute(
                "SELECT json, learned_at FROM world_capabilities WHERE world = ?", (world,)
            ).fetchone()
        if row is None:
            return None
        try:
            return Remembered(Capabilities.from_json(row[0]), from_timestamp(float(row[1])))
        except (ValueError, TypeError, OverflowError):
            return None

    def put(self, world: str, capabilities: Capabilities, learned_at: datetime) -> None:
        with self._store.transaction() as c:
            c.execute(_UPSERT, (world, capabilities.model_dump_json(), timestamp(learned_at)))
