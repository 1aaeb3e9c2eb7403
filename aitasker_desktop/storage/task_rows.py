"""The task list's rows: what the list shows of a task, read a screenful at a time.

`task_rows` (schema step 3) holds a narrow row per cached task, written with its JSON by
`TaskCache`. The list never holds every task: it keeps what filtering needs (id, folded
title, category, type, status) and fetches the rest for the rows on screen, as Anki's browser
does. Reads go through connections of their own, one per thread, never the Store's writer:
in WAL mode a read does not wait for a poll's write transaction (and its fsync), so painting
never waits for the disk's writer.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Generator, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from aitasker_desktop.domain.lifecycle import NEEDS_BUYER
from aitasker_desktop.domain.task import Task
from aitasker_desktop.domain.text import folded
from aitasker_desktop.storage.db import StoreError, text, timestamp

# Ids per statement: under SQLite's default limit on bound parameters (32,766).
_IDS_PER_QUERY = 500
_CHUNK = 2000  # entries handed over at a time: the caller's arrays grow, no big temporaries


class TaskRow(NamedTuple):
    """One task as the list shows it (times in unix seconds, UTC)."""

    id: str
    title: str
    category: str
    task_type: str
    status: str
    price: float | None
    deadline_at: float | None
    changed_at: float | None


class ListEntry(NamedTuple):
    """What filtering and ordering a task need: its id, folded title (no case, no accents:
    domain.text.folded), kind, status, and the values the orders sort by."""

    id: str
    title_key: str
    category: str
    task_type: str
    status: str
    price: float | None
    deadline_at: float | None
    changed_at: float | None


# What `entries` hands over, a row per task: id, folded title, category, type, status,
# then the order values with their gaps filled as the orders rank them (no price or no
# change: -inf; no deadline: 1e300), so the list can take them into arrays as they are.
EntryRow = tuple[str, str, str, str, str, float, float, float]


class RowOrder(StrEnum):
    """The orders SQL gives (ties broken by id in the same direction)."""

    TITLE = "title"  # folded title: no case, no accents
    PRICE = "price"  # no price: lowest
    DEADLINE = "deadline"  # the buyer's decision window; others (no window): last
    CHANGED = "changed"  # the last change; undated: oldest


_FAR = 1e300
_URGENT = ", ".join(f"'{s}'" for s in sorted(NEEDS_BUYER))  # fixed strings, not user input
_KEYS: dict[RowOrder, str] = {
    RowOrder.TITLE: "title_key",
    RowOrder.PRICE: "price",
    RowOrder.DEADLINE: f"coalesce(CASE WHEN status IN ({_URGENT}) THEN deadline_at END, {_FAR})",
    RowOrder.CHANGED: "changed_at",  # with id: the order of the index task_rows_changed
}
_COLUMNS = "id, title, category, task_type, status, price, deadline_at, changed_at"

UPSERT_ROW = """
    INSERT INTO task_rows (world, id, title, title_key, category, task_type, status, price,
                           deadline_at, changed_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (world, id) DO UPDATE SET
        title = excluded.title, title_key = excluded.title_key, category = excluded.category,
        task_type = excluded.task_type, status = excluded.status, price = excluded.price,
        deadline_at = excluded.deadline_at, changed_at = excluded.changed_at
"""


def row_values(world: str, task: Task) -> tuple[object, ...]:
    """The `UPSERT_ROW` parameters for a task."""
    entry = list_entry(task)
    return (world, entry.id, text(task.title), *entry[1:])


def list_entry(task: Task) -> ListEntry:
    """A task's entry, as `entries` reads it back."""
    changed = task.updated_at or task.created_at
    return ListEntry(
        task.id,
        folded(text(task.title)),
        text(task.category),
        text(task.task_type),
        text(task.status),
        task.price_usd,
        None if task.deadline_at is None else timestamp(task.deadline_at),
        None if changed is None else timestamp(changed),
    )


def _order_by(order: RowOrder, descending: bool) -> str:
    direction = "DESC" if descending else "ASC"
    return f"{_KEYS[order]} {direction}, id {direction}"


class TaskRowReader:
    """Reads `task_rows` of one data file from any thread: each read borrows a connection
    no other thread is using (a few at most: the GUI thread and the runner's workers), and
    gives it back. Not one per thread: pool threads come and go."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []  # every one open
        self._idle: list[sqlite3.Connection] = []
        self._closed = False
        # A reader dropped without close() still closes its connections (tests and tools
        # forget).
        weakref.finalize(self, _close_all, self._connections)

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._closed:
                raise StoreError("The local data store is closed.")
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
            try:
                conn.execute("PRAGMA query_only = ON")
            except BaseException:
                conn.close()
                raise
            with self._lock:
                self._connections.append(conn)
        try:
            yield conn
        finally:
            with self._lock:
                if self._closed:
                    conn.close()
                else:
                    self._idle.append(conn)

    def read(self) -> AbstractContextManager[sqlite3.Connection]:
        """A read-only connection for the length of a `with` (other readers of the rows)."""
        return self._conn()

    def rows(self, world: str, ids: Sequence[str]) -> list[TaskRow]:
        """The rows of these tasks (those still cached), in no particular order."""
        out: list[TaskRow] = []
        with self._conn() as conn:
            for start in range(0, len(ids), _IDS_PER_QUERY):
                part = ids[start : start + _IDS_PER_QUERY]
                marks = ",".join("?" * len(part))
                cur = conn.execute(
                    f"SELECT {_COLUMNS} FROM task_rows WHERE world = ? AND id IN ({marks})",
                    (world, *part),
                )
                out.extend(TaskRow._make(r) for r in cur)
        return out

    def entries(
        self, world: str, order: RowOrder, descending: bool, limit: int | None = None
    ) -> Generator[list[EntryRow]]:
        """Every task's `EntryRow` in this order (the first `limit` only, if given), handed
        over a chunk at a time."""
        with self._conn() as conn:
            cur = conn.execute(
                "SELECT id, title_key, category, task_type, status, coalesce(price, -9e999),"
                f" coalesce(deadline_at, {_FAR}), coalesce(changed_at, -9e999) FROM task_rows"
                f" WHERE world = ? ORDER BY {_order_by(order, descending)} LIMIT ?",
                (world, -1 if limit is None else limit),
            )
            while chunk := cur.fetchmany(_CHUNK):
                yield chunk

    def order(self, world: str, order: RowOrder, descending: bool) -> list[str]:
        """Every task's id in this order. One string from SQLite, split here: SQLite sorts
        without the GIL, and 100,000 ids cost one Python object each, not a row each."""
        sql = f"FROM task_rows WHERE world = ? ORDER BY {_order_by(order, descending)}"
        with self._conn() as conn:
            count, joined = conn.execute(
                f"SELECT count(*), group_concat(id, char(10)) FROM (SELECT id {sql})", (world,)
            ).fetchone()
            ids: list[str] = joined.split("\n") if joined else []
            if len(ids) != count:  # an id with a line break (a server may send anything)
                ids = [r[0] for r in conn.execute(f"SELECT id {sql}", (world,))]
        return ids

    def task_json(self, world: str, task_id: str) -> str | None:
        """One cached task's JSON."""
        with self._conn() as conn:
            row = conn.execute(
                "SELECT json FROM tasks WHERE world = ? AND id = ?", (world, task_id)
            ).fetchone()
        return None if row is None else str(row[0])

    def count(self, world: str) -> int:
        with self._conn() as conn:
            row = conn.execute("SELECT count(*) FROM task_rows WHERE world = ?", (world,))
            return int(row.fetchone()[0])

    def close(self) -> None:
        """Close the idle connections; one in use closes when its read ends."""
        with self._lock:
            self._closed = True
            busy = [c for c in self._connections if c not in self._idle]
            self._connections[:] = busy
            _close_all(self._idle)


def _close_all(connections: list[sqlite3.Connection]) -> None:
    while connections:
        connections.pop().close()
