"""The sandbox's state in one SQLite file (WAL) under its data dir, behind one lock.

Every public task is kept as the JSON the API returns, next to indexed columns the
simulation and the listing need: `seq` (the change sequence behind the list cursor) and
`next_event_at` (when the simulation must next look at the task). A poll therefore reads
only the rows that changed, and an idle task costs nothing.
"""

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import schemas

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    caller_id TEXT PRIMARY KEY, balance REAL NOT NULL, deposited REAL NOT NULL,
    spent REAL NOT NULL);
CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY, caller_id TEXT NOT NULL, seq INTEGER NOT NULL UNIQUE,
    status TEXT NOT NULL, next_event_at REAL, hold_usd REAL NOT NULL DEFAULT 0,
    task TEXT NOT NULL, sim TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tasks_caller_seq ON tasks (caller_id, seq);
CREATE INDEX IF NOT EXISTS tasks_due ON tasks (next_event_at) WHERE next_event_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS tasks_held ON tasks (caller_id) WHERE hold_usd > 0;
CREATE TABLE IF NOT EXISTS bids (
    id TEXT PRIMARY KEY, task_id TEXT NOT NULL, round INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS bids_task ON bids (task_id, round);
CREATE TABLE IF NOT EXISTS deliveries (
    id TEXT PRIMARY KEY, task_id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS deliveries_task ON deliveries (task_id, revision);
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY, caller_id TEXT, name TEXT NOT NULL, media_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL, kind TEXT NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (
    caller_id TEXT NOT NULL, key TEXT NOT NULL, body_hash TEXT NOT NULL, state TEXT NOT NULL,
    task_id TEXT, created_at REAL NOT NULL, PRIMARY KEY (caller_id, key));
CREATE TABLE IF NOT EXISTS brand_kits (
    id TEXT PRIMARY KEY, caller_id TEXT NOT NULL, data TEXT NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS a2a_ids (a2a_id TEXT PRIMARY KEY, task_id TEXT NOT NULL UNIQUE);
"""


@dataclass
class TaskRow:
    task: dict[str, Any]
    sim: dict[str, Any]
    caller_id: str
    hold_usd: float
    next_event_at: float | None
    seq: int


@dataclass(frozen=True)
class FileRow:
    id: str
    name: str
    media_type: str
    size_bytes: int
    kind: str
    path: Path


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class Store:
    """`starting_credit` is what a new account starts with (the sandbox's pretend credit)."""

    def __init__(self, data_dir: Path, *, starting_credit: float) -> None:
        self.starting_credit = float(starting_credit)
        data_dir.mkdir(parents=True, exist_ok=True)
        self.files_dir = data_dir / "files"
        self.files_dir.mkdir(exist_ok=True)
        self.lock = threading.RLock()
        self._depth = 0
        self._conn = sqlite3.connect(
            data_dir / "sandbox.sqlite3", check_same_thread=False, isolation_level=None
        )
        try:
            self._conn.execute("PRAGMA journal_mode=WAL")
            # The same durability as the app's own data: a commit survives a power cut.
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.executescript(SCHEMA)
        except BaseException:  # a full or read-only disk: nothing is left open
            self._conn.close()
            raise
        # A create and its idempotency key commit together, so nothing is left half done at
        # start. A key still marked pending (an older sandbox wrote them) is kept: deleting
        # it could let a retry post a task that was in fact created.

    def close(self) -> None:
        with self.lock:
            self._conn.close()

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction under the store's lock (re-entrant: nested calls join it)."""
        with self.lock:
            outer = self._depth == 0
            if outer:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self._conn
            except BaseException:
                self._depth -= 1
                if outer:
                    self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._conn.execute("COMMIT")

    # -- meta ------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self.tx() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.tx() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- accounts ----------------------------------------------------------------------------

    def account(self, caller_id: str) -> tuple[float, float, float]:
        """(balance, deposited, spent); a new account starts with its free credits."""
        with self.tx() as db:
            row = db.execute(
                "SELECT balance, deposited, spent FROM accounts WHERE caller_id = ?", (caller_id,)
            ).fetchone()
            if row is None:
                row = (self.starting_credit, self.starting_credit, 0.0)
                db.execute("INSERT INTO accounts VALUES (?, ?, ?, ?)", (caller_id, *row))
        return float(row[0]), float(row[1]), float(row[2])

    def charge(self, caller_id: str, amount: float) -> None:
        with self.tx() as db:
            self.account(caller_id)
            db.execute(
                "UPDATE accounts SET balance = round(balance - ?, 2), spent = round(spent + ?, 2)"
                " WHERE caller_id = ?",
                (amount, amount, caller_id),
            )

    def deposit(self, caller_id: str, amount: float) -> None:
        with self.tx() as db:
            self.account(caller_id)
            db.execute(
                "UPDATE accounts SET balance = round(balance + ?, 2),"
                " deposited = round(deposited + ?, 2) WHERE caller_id = ?",
                (amount, amount, caller_id),
            )

    def held(self, caller_id: str) -> float:
        with self.tx() as db:
            row = db.execute(
                "SELECT COALESCE(SUM(hold_usd), 0) FROM tasks WHERE caller_id = ? AND hold_usd > 0",
                (caller_id,),
            ).fetchone()
        return round(float(row[0]), 2)

    # -- tasks -------------------------------------------------------------------------------

    def next_seq(self) -> int:
        with self.tx() as db:
            row = db.execute("SELECT MAX(seq) FROM tasks").fetchone()
        return int(row[0] or 0) + 1

    def save_task(self, row: TaskRow) -> int:
        """Insert or update a task; every save is a change and takes the next sequence number.

        The task is checked against the documented schema first: what is stored is what the
        list, the task and the gallery answer.
        """
        row.task = schemas.Task.model_validate(row.task).model_dump(mode="json")
        with self.tx() as db:
            row.seq = self.next_seq()
            db.execute(
                "INSERT OR REPLACE INTO tasks"
                " (id, caller_id, seq, status, next_event_at, hold_usd, task, sim)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row.task["id"],
                    row.caller_id,
                    row.seq,
                    row.task["status"],
                    row.next_event_at,
                    round(row.hold_usd, 2),
                    _dumps(row.task),
                    _dumps(row.sim),
                ),
            )
        return row.seq

    def insert_many(self, rows: list[TaskRow]) -> int:
        with self.tx():
            seq = 0
            for row in rows:
                seq = self.save_task(row)
        return seq

    def load_task(self, task_id: str) -> TaskRow | None:
        with self.tx() as db:
            r = db.execute(
                "SELECT task, sim, caller_id, hold_usd, next_event_at, seq FROM tasks WHERE id = ?",
                (task_id,),
            ).fetchone()
        if r is None:
            return None
        return TaskRow(json.loads(r[0]), json.loads(r[1]), r[2], float(r[3]), r[4], int(r[5]))

    def changed_since(self, caller_id: str, since: int, limit: int) -> list[tuple[int, str]]:
        """(seq, task JSON) of the caller's tasks changed after `since`, oldest change first."""
        with self.tx() as db:
            rows = db.execute(
                "SELECT seq, task FROM tasks WHERE caller_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                (caller_id, since, limit),
            ).fetchall()
        return [(int(s), str(t)) for s, t in rows]

    def due(self, now: float, limit: int) -> list[str]:
        with self.tx() as db:
            rows = db.execute(
                "SELECT id FROM tasks WHERE next_event_at IS NOT NULL AND next_event_at <= ?"
                " ORDER BY next_event_at LIMIT ?",
                (now, limit),
            ).fetchall()
        return [str(r[0]) for r in rows]

    # -- bids and deliveries ------------------------------------------------------------------

    def save_bid(self, bid: dict[str, Any]) -> None:
        bid = schemas.Bid.model_validate(bid).model_dump(mode="json")
        with self.tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO bids (id, task_id, round, data) VALUES (?, ?, ?, ?)",
                (bid["id"], bid["task_id"], bid["round"], _dumps(bid)),
            )

    def bids(self, task_id: str, round_: int | None = None) -> list[dict[str, Any]]:
        with self.tx() as db:
            if round_ is None:
                rows = db.execute(
                    "SELECT data FROM bids WHERE task_id = ? ORDER BY round, rowid", (task_id,)
                ).fetchall()
            else:
                rows = db.execute(
                    "SELECT data FROM bids WHERE task_id = ? AND round = ? ORDER BY rowid",
                    (task_id, round_),
                ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def save_delivery(self, delivery: dict[str, Any]) -> None:
        delivery = schemas.Delivery.model_validate(delivery).model_dump(mode="json")
        with self.tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO deliveries (id, task_id, revision, data)"
                " VALUES (?, ?, ?, ?)",
                (delivery["id"], delivery["task_id"], delivery["revision"], _dumps(delivery)),
            )

    def latest_delivery(self, task_id: str) -> dict[str, Any] | None:
        with self.tx() as db:
            row = db.execute(
                "SELECT data FROM deliveries WHERE task_id = ? ORDER BY revision DESC LIMIT 1",
                (task_id,),
            ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    # -- files -------------------------------------------------------------------------------

    def add_file(
        self,
        name: str,
        media_type: str,
        content: bytes,
        *,
        kind: str,
        caller_id: str | None,
        now: float,
    ) -> FileRow:
        file_id = str(uuid.uuid4())
        path = self.files_dir / file_id
        path.write_bytes(content)
        with self.tx() as db:
            db.execute(
                "INSERT INTO files (id, caller_id, name, media_type, size_bytes, kind, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (file_id, caller_id, name, media_type, len(content), kind, now),
            )
        return FileRow(file_id, name, media_type, len(content), kind, path)

    def file(self, file_id: str) -> FileRow | None:
        with self.tx() as db:
            row = db.execute(
                "SELECT id, name, media_type, size_bytes, kind FROM files WHERE id = ?", (file_id,)
            ).fetchone()
        if row is None:
            return None
        return FileRow(row[0], row[1], row[2], int(row[3]), row[4], self.files_dir / row[0])

    # -- idempotency -------------------------------------------------------------------------

    def idempotency(self, caller_id: str, key: str) -> tuple[str, str, str | None] | None:
        """(body_hash, state, task_id) recorded for this key, if any."""
        with self.tx() as db:
            row = db.execute(
                "SELECT body_hash, state, task_id FROM idempotency WHERE caller_id = ? AND key = ?",
                (caller_id, key),
            ).fetchone()
        return None if row is None else (row[0], row[1], row[2])

    def record_idempotency(
        self, caller_id: str, key: str, body_hash: str, task_id: str, now: float
    ) -> None:
        """Remember a key as done; call it in the transaction that created the task."""
        with self.tx() as db:
            db.execute(
                "INSERT INTO idempotency (caller_id, key, body_hash, state, task_id, created_at)"
                " VALUES (?, ?, ?, 'done', ?, ?)",
                (caller_id, key, body_hash, task_id, now),
            )

    # -- A2A ids -----------------------------------------------------------------------------

    def link_a2a_id(self, a2a_id: str, task_id: str) -> None:
        with self.tx() as db:
            db.execute(
                "INSERT OR IGNORE INTO a2a_ids (a2a_id, task_id) VALUES (?, ?)", (a2a_id, task_id)
            )

    def task_for_a2a_id(self, a2a_id: str) -> str | None:
        with self.tx() as db:
            row = db.execute("SELECT task_id FROM a2a_ids WHERE a2a_id = ?", (a2a_id,)).fetchone()
        return None if row is None else str(row[0])

    # -- brand kits --------------------------------------------------------------------------

    def save_brand_kit(self, caller_id: str, kit: dict[str, Any], now: float) -> None:
        kit = schemas.BrandKit.model_validate(kit).model_dump(mode="json")
        with self.tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO brand_kits (id, caller_id, data, created_at)"
                " VALUES (?, ?, ?, ?)",
                (kit["id"], caller_id, _dumps(kit), now),
            )

    def brand_kits(self, caller_id: str) -> list[dict[str, Any]]:
        with self.tx() as db:
            rows = db.execute(
                "SELECT data FROM brand_kits WHERE caller_id = ? ORDER BY created_at, id",
                (caller_id,),
            ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def brand_kit(self, caller_id: str, kit_id: str) -> dict[str, Any] | None:
        with self.tx() as db:
            row = db.execute(
                "SELECT data FROM brand_kits WHERE caller_id = ? AND id = ?", (caller_id, kit_id)
            ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def delete_brand_kit(self, caller_id: str, kit_id: str) -> bool:
        with self.tx() as db:
            cur = db.execute(
                "DELETE FROM brand_kits WHERE caller_id = ? AND id = ?", (caller_id, kit_id)
            )
        return cur.rowcount > 0
