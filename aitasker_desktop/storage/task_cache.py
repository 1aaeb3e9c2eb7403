"""The local cache of tasks, so the task list opens instantly and works offline.

Everything here is per *world*: the sandbox and each account (base URL + key fingerprint) see
different tasks, so a `TaskCache` is bound to one world, and `clear()` forgets only that one.
A page from the service is applied with its listing cursor in one transaction, so the cursor
never runs ahead of the tasks it covers. Each task's list row (`task_rows`) is written in the
same transaction as its JSON.
"""

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from pydantic import TypeAdapter

from aitasker_desktop.domain.brief import utcnow
from aitasker_desktop.domain.lifecycle import NEEDS_BUYER, TERMINAL
from aitasker_desktop.domain.task import BidGallery, Delivery, Task
from aitasker_desktop.storage.db import Store, from_timestamp, text, timestamp, to_json
from aitasker_desktop.storage.task_rows import UPSERT_ROW, row_values

SANDBOX_WORLD = "sandbox"


@cache
def _task_list() -> TypeAdapter[list[Task]]:
    """Made when whole tasks are first read back (tools and tests), not at import, where it
    cost ~20 ms of the GUI thread's way to ready: the task list reads rows, not tasks."""
    return TypeAdapter(list[Task])


_UPSERT = """
    INSERT INTO tasks (world, id, json, status, title, updated_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (world, id) DO UPDATE SET
        json = excluded.json, status = excluded.status, title = excluded.title,
        updated_at = excluded.updated_at
"""


@dataclass(frozen=True)
class Merged:
    """A task `merge` wrote, with the status it had in the cache (None: it was not there)."""

    task: Task
    old_status: str | None


def world_id(base_url: str, api_key: str) -> str:
    """The cache key of an account: its base URL and a short fingerprint of the key.

    The fingerprint is a truncated SHA-256: it tells two keys apart, it does not reveal one.
    """
    fingerprint = hashlib.sha256(api_key.encode("utf-8")).hexdigest()[:16]
    return f"{base_url.rstrip('/')}#{fingerprint}"


class TaskCache:
    def __init__(self, store: Store, world: str) -> None:
        self._store = store
        self.world = world

    # -- tasks -------------------------------------------------------------------------

    def upsert(self, tasks: Iterable[Task], *, cursor: str | None = None) -> int:
        """Insert or replace tasks (and set the cursor, if given) in one transaction."""
        tasks = list(tasks)
        with self._store.transaction() as c:
            self._write(c, tasks)
            if cursor is not None:
                self._set_cursor(cursor)
        return len(tasks)

    def merge(self, tasks: Sequence[Task], *, cursor: str | None = None) -> list[Merged]:
        """Write the tasks that are news, and the cursor if given, in one transaction.

        A task equal to its cached copy, or older than it (an answer overtaken by a newer
        one), is left out. Returns what was written, each with its previous status."""
        latest: dict[str, Task] = {t.id: t for t in tasks}  # the last copy of a task wins
        with self._store.transaction() as c:
            cached: dict[str, tuple[str, str, float | None]] = {}
            ids = list(latest)
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                rows = c.execute(
                    "SELECT id, json, status, updated_at FROM tasks WHERE world = ?"
                    f" AND id IN ({','.join('?' * len(part))})",
                    (self.world, *part),
                )
                cached.update((r[0], (r[1], r[2], r[3])) for r in rows)
            merged: list[Merged] = []
            for task in latest.values():
                old = cached.get(task.id)
                if old is not None:
                    doc, old_status, old_updated = old
                    updated = None if task.updated_at is None else timestamp(task.updated_at)
                    if updated is not None and old_updated is not None and updated < old_updated:
                        continue
                    if doc == to_json(task):
                        continue
                merged.append(Merged(task, None if old is None else old_status))
            self._write(c, [m.task for m in merged])
            if cursor is not None:
                self._set_cursor(cursor)
        return merged

    def _write(self, c: sqlite3.Connection, tasks: Sequence[Task]) -> None:
        rows = [
            (
                self.world,
                t.id,
                to_json(t),
                text(t.status),
                text(t.title),
                None if t.updated_at is None else timestamp(t.updated_at),
            )
            for t in tasks
        ]
        c.executemany(_UPSERT, rows)
        c.executemany(UPSERT_ROW, [row_values(self.world, t) for t in tasks])

    def load_json(self) -> list[str]:
        """Every cached task's JSON, as stored (the SQL part of `load_all`)."""
        with self._store.read() as c:
            rows = c.execute("SELECT json FROM tasks WHERE world = ?", (self.world,))
            return [r[0] for r in rows]

    def load_all(self) -> list[Task]:
        """Every cached task of this world (in no particular order: the view sorts)."""
        docs = self.load_json()
        if not docs:
            return []
        return _task_list().validate_json("[" + ",".join(docs) + "]")

    def get(self, task_id: str) -> Task | None:
        with self._store.read() as c:
            row = c.execute(
                "SELECT json FROM tasks WHERE world = ? AND id = ?", (self.world, task_id)
            ).fetchone()
        return None if row is None else Task.model_validate_json(row[0])

    def unfinished(self) -> list[tuple[str, str, float | None]]:
        """(id, status, deadline_at) of every task not finished (deadlines in unix seconds):
        what the tracker watches to choose its pace."""
        marks = ",".join("?" * len(TERMINAL))
        with self._store.read() as c:
            rows = c.execute(
                "SELECT id, status, deadline_at FROM task_rows"
                f" WHERE world = ? AND status NOT IN ({marks})",
                (self.world, *sorted(TERMINAL)),
            )
            return [(r[0], r[1], r[2]) for r in rows]

    def followed(self) -> list[tuple[str, str, float | None]]:
        """(id, status, deadline_at) of every task of this world, finished ones too: what
        the tracker reads one by one when the server cannot list what changed."""
        with self._store.read() as c:
            rows = c.execute(
                "SELECT id, status, deadline_at FROM task_rows WHERE world = ?", (self.world,)
            )
            return [(r[0], r[1], r[2]) for r in rows]

    def waiting(self) -> list[Task]:
        """The tasks waiting on the buyer (a decision window open), as the list knows them:
        id, title, status and deadline only (no JSON parsed: the whole task is a `get`)."""
        marks = ",".join("?" * len(NEEDS_BUYER))
        with self._store.read() as c:
            rows = c.execute(
                "SELECT id, title, status, deadline_at FROM task_rows"
                f" WHERE world = ? AND status IN ({marks})",
                (self.world, *sorted(NEEDS_BUYER)),
            ).fetchall()
        return [
            Task(
                id=r[0],
                title=r[1],
                status=r[2],
                deadline_at=None if r[3] is None else from_timestamp(r[3]),
            )
            for r in rows
        ]

    def count(self) -> int:
        with self._store.read() as c:
            return int(
                c.execute("SELECT count(*) FROM tasks WHERE world = ?", (self.world,)).fetchone()[0]
            )

    def remove(self, task_ids: Iterable[str]) -> None:
        with self._store.transaction() as c:
            pairs = [(self.world, i) for i in task_ids]
            c.executemany("DELETE FROM task_rows WHERE world = ? AND id = ?", pairs)
            c.executemany("DELETE FROM tasks WHERE world = ? AND id = ?", pairs)

    # -- the listing cursor ------------------------------------------------------------

    def get_cursor(self) -> str | None:
        with self._store.read() as c:
            row = c.execute(
                "SELECT cursor FROM task_cursors WHERE world = ?", (self.world,)
            ).fetchone()
        return None if row is None else str(row[0])

    def set_cursor(self, cursor: str | None) -> None:
        """Remember where the changed-since listing got to (None forgets it)."""
        with self._store.transaction():
            self._set_cursor(cursor)

    def _set_cursor(self, cursor: str | None) -> None:
        with self._store.transaction() as c:
            if cursor is None:
                c.execute("DELETE FROM task_cursors WHERE world = ?", (self.world,))
            else:
                c.execute(
                    "INSERT INTO task_cursors (world, cursor) VALUES (?, ?)"
                    " ON CONFLICT (world) DO UPDATE SET cursor = excluded.cursor",
                    (self.world, text(cursor)),
                )

    # -- per-task extras: the bid gallery and the delivery -----------------------------

    def save_gallery(self, task_id: str, gallery: BidGallery) -> bool:
        """Cache a task's bid gallery; False (nothing stored) if the task is not cached."""
        return self._save_extra(task_id, "gallery", to_json(gallery))

    def get_gallery(self, task_id: str) -> BidGallery | None:
        doc = self._get_extra(task_id, "gallery")
        return None if doc is None else BidGallery.model_validate_json(doc)

    def save_delivery(self, task_id: str, delivery: Delivery) -> bool:
        """Cache a task's delivery; False (nothing stored) if the task is not cached."""
        return self._save_extra(task_id, "delivery", to_json(delivery))

    def get_delivery(self, task_id: str) -> Delivery | None:
        doc = self._get_extra(task_id, "delivery")
        return None if doc is None else Delivery.model_validate_json(doc)

    def _save_extra(self, task_id: str, kind: str, doc: str) -> bool:
        with self._store.transaction() as c:
            cur = c.execute(
                "INSERT INTO task_extras (world, task_id, kind, json, fetched_at)"
                " SELECT ?, ?, ?, ?, ? WHERE EXISTS"
                " (SELECT 1 FROM tasks WHERE world = ? AND id = ?)"
                " ON CONFLICT (world, task_id, kind) DO UPDATE SET"
                " json = excluded.json, fetched_at = excluded.fetched_at",
                (self.world, task_id, kind, doc, timestamp(utcnow()), self.world, task_id),
            )
        return cur.rowcount > 0

    def _get_extra(self, task_id: str, kind: str) -> str | None:
        with self._store.read() as c:
            row = c.execute(
                "SELECT json FROM task_extras WHERE world = ? AND task_id = ? AND kind = ?",
                (self.world, task_id, kind),
            ).fetchone()
        return None if row is None else str(row[0])

    # -- switching worlds --------------------------------------------------------------

    def clear(self) -> None:
        """Forget this world's tasks, extras and cursor (other worlds are untouched)."""
        with self._store.transaction() as c:
            c.execute("DELETE FROM task_extras WHERE world = ?", (self.world,))
            c.execute("DELETE FROM task_rows WHERE world = ?", (self.world,))
            c.execute("DELETE FROM tasks WHERE world = ?", (self.world,))
            c.execute("DELETE FROM task_cursors WHERE world = ?", (self.world,))
