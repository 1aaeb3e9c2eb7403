"""The one SQLite file the app keeps its data in.

WAL with `synchronous=FULL`: a committed transaction survives a crash of the app (and of the
machine). One connection, guarded by a re-entrant lock, serves every thread: writers never
contend inside the process. Most disk work runs on a worker, but not all: a draft saved by an
action (`DraftsService.save_now`, `flush` at shutdown) commits on the GUI thread, which then
waits for the lock if a worker holds it. Repositories (drafts, outbox, task cache, ...)
take a `Store` in their constructor and run their statements through `transaction()` and
`read()`.

Every string is cleaned of lone surrogates before it reaches SQLite (`to_json`, `text`), so a
pasted character can never make a save fail.
"""

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

from aitasker_desktop.domain.text import clean_text, clean_value
from aitasker_desktop.storage.schema import MIGRATIONS, Migration

log = logging.getLogger(__name__)

DEFAULT_BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The store cannot be opened or used; the message is fit to show to a person."""


class Store:
    """One SQLite database file: pragmas, migrations, and a locked connection."""

    def __init__(
        self,
        path: Path,
        *,
        migrations: Sequence[Migration] = MIGRATIONS,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0  # nesting of transaction() on the thread holding the lock
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(
                path,
                timeout=busy_timeout_ms / 1000,
                isolation_level=None,  # autocommit; transactions are explicit
                check_same_thread=False,  # shared across threads, guarded by self._lock
            )
        except sqlite3.Error as e:
            raise StoreError(f"Cannot open the local data file {path}: {e}") from e
        self._conn = conn
        try:
            self._configure(busy_timeout_ms)
            self._migrate(migrations)
        except BaseException:
            self.close()
            raise

    # -- setup -------------------------------------------------------------------------

    def _configure(self, busy_timeout_ms: int) -> None:
        c = self._require_open()
        try:
            c.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                log.warning("SQLite WAL mode unavailable for %s (got %s)", self.path, mode)
            c.execute("PRAGMA synchronous = FULL")
            c.execute("PRAGMA foreign_keys = ON")
            # Python's casefolding in SQL (SQLite's lower() folds ASCII only), for keys that
            # must match what the app computes, e.g. the task list's title_key.
            c.create_function("casefold", 1, _casefold, deterministic=True)
        except sqlite3.DatabaseError as e:
            raise StoreError(
                f"The local data file {self.path} is damaged or is not an AITasker store: {e}"
            ) from e

    def _migrate(self, migrations: Sequence[Migration]) -> None:
        current = self.schema_version
        if current > len(migrations):
            raise StoreError(
                f"The local data file {self.path} was written by a newer version of "
                f"AITasker Desktop (schema {current}, this version knows {len(migrations)})."
            )
        for version in range(current + 1, len(migrations) + 1):
            with self.transaction() as c:
                # Re-read under the write lock: another process may have migrated meanwhile.
                if c.execute("PRAGMA user_version").fetchone()[0] >= version:
                    continue
                for statement in migrations[version - 1]:
                    c.execute(statement)
                c.execute(f"PRAGMA user_version = {version}")

    # -- access ------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        with self.read() as c:
            return int(c.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE ... COMMIT); rolled back on an exception.

        Nested use on the same thread joins the outer transaction.
        """
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._require_open()
                finally:
                    self._depth -= 1
                return
            conn = self._require_open()
            conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield conn
            except BaseException:
                self._depth = 0
                conn.rollback()
                raise
            else:
                self._depth = 0
                try:
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.rollback()
                    raise

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """The connection for reading, held exclusively for the block."""
        with self._lock:
            yield self._require_open()

    def _require_open(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("The local data store is closed.")
        return self._conn

    def integrity_check(self) -> str:
        """SQLite's own check of the file: 'ok' when healthy."""
        with self.read() as c:
            rows = c.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(str(r[0]) for r in rows)

    def close(self) -> None:
        """Close the connection (checkpointing the WAL); further use raises StoreError."""
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()

    @property
    def closed(self) -> bool:
        return self._conn is None

    def __enter__(self) -> "Store":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _casefold(value: object) -> str | None:
    return None if value is None else str(value).casefold()


# -- values as stored ----------------------------------------------------------------------


def to_json(value: BaseModel | Any) -> str:
    """Compact JSON for a pydantic model or plain JSON value, lone surrogates cleaned."""
    if isinstance(value, BaseModel):
        try:
            return value.model_dump_json()
        except PydanticSerializationError:
            # Rare: a string that UTF-8 refuses. Clean every string and serialize the copy.
            cleaned = type(value).model_validate(clean_value(value.model_dump()))
            return cleaned.model_dump_json()
    return clean_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def text(value: str) -> str:
    """A string column's value, lone surrogates cleaned."""
    return clean_text(value)


def timestamp(moment: datetime) -> float:
    """Unix seconds for a datetime column (a naive datetime is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def from_timestamp(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
