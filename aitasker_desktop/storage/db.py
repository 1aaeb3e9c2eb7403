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

from aitasker_desktop.domain.text import clean_text, clean_value, folded
from aitasker_desktop.storage.schema import MIGRATIONS, Migration

log = logging.getLogger(__name__)

DEFAULT_BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The store cannot be opened or used; the message is fit to show to a person."""


class Store:
    """One SQLite database file: pragmas, migrations, and a locked connection.

    `read_only=True` opens a file that cannot be written (a read-only disk, a full disk, a
    folder without permission) so what it holds can still be shown; `read_only=None` starts
    from an empty in-memory copy of the schema when even that fails. Either way every write
    first tries to open the file for writing again, so writing resumes by itself once the
    disk has room or the permission is back; until then a write raises StoreError from the
    reason the file cannot be written.
    """

    def __init__(
        self,
        path: Path,
        *,
        migrations: Sequence[Migration] = MIGRATIONS,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        read_only: bool | None = False,
    ) -> None:
        self.path = path
        self._migrations = migrations
        self._busy_timeout_ms = busy_timeout_ms
        self._lock = threading.RLock()
        self._depth = 0  # nesting of transaction() on the thread holding the lock
        self._conn: sqlite3.Connection | None = None
        self._writable = read_only is False
        if read_only is None:
            self._conn = self._open_memory()
        elif read_only:
            self._conn = self._open_read_only()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = self._open_writable()

    @property
    def writable(self) -> bool:
        """False while the file could only be read (see the class note)."""
        return self._writable

    # -- setup -------------------------------------------------------------------------

    def _connect(self, target: str | Path, *, uri: bool = False) -> sqlite3.Connection:
        try:
            return sqlite3.connect(
                target,
                uri=uri,
                timeout=self._busy_timeout_ms / 1000,
                isolation_level=None,  # autocommit; transactions are explicit
                check_same_thread=False,  # shared across threads, guarded by self._lock
            )
        except sqlite3.Error as e:
            raise StoreError(f"Cannot open the local data file {self.path}: {e}") from e

    def _open_writable(self) -> sqlite3.Connection:
        conn = self._connect(self.path)
        try:
            self._configure(conn, wal=True)
            self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _open_read_only(self) -> sqlite3.Connection:
        """The file as it is, never written: `mode=ro`, else `immutable=1` (which needs no
        -shm file, so it also opens on a read-only or full disk)."""
        base = self.path.absolute().as_uri()
        failure: BaseException | None = None
        for query in ("mode=ro", "immutable=1"):
            conn = self._connect(f"{base}?{query}", uri=True)
            try:
                self._configure(conn, wal=False)
                version = self._version(conn)
                if version != len(self._migrations):
                    raise StoreError(
                        f"The local data file {self.path} needs updating (schema {version}, "
                        f"this version uses {len(self._migrations)}), and cannot be written."
                    )
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except BaseException as e:
                conn.close()
                failure = e
                continue
            return conn
        assert failure is not None
        raise failure

    def _open_memory(self) -> sqlite3.Connection:
        conn = self._connect(":memory:")
        self._configure(conn, wal=False)
        self._migrate(conn)
        return conn

    def _configure(self, conn: sqlite3.Connection, *, wal: bool) -> None:
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
            if wal:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    log.warning("SQLite WAL mode unavailable for %s (got %s)", self.path, mode)
                conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            # Python's casefolding and the app's folding (no case, no accents) in SQL
            # (SQLite's lower() folds ASCII only), for keys that must match what the app
            # computes: the task list's title_key (`fold` since step 5, `casefold` before).
            conn.create_function("casefold", 1, _casefold, deterministic=True)
            conn.create_function("fold", 1, _fold, deterministic=True)
        except sqlite3.DatabaseError as e:
            name = str(getattr(e, "sqlite_errorname", ""))
            damaged = name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT"))
            what = "is damaged or is not an AITasker store" if damaged else "cannot be opened"
            raise StoreError(f"The local data file {self.path} {what}: {e}") from e

    @staticmethod
    def _version(conn: sqlite3.Connection) -> int:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, conn: sqlite3.Connection) -> None:
        migrations = self._migrations
        current = self._version(conn)
        if current > len(migrations):
            raise StoreError(
                f"The local data file {self.path} was written by a newer version of "
                f"AITasker Desktop (schema {current}, this version knows {len(migrations)})."
            )
        for version in range(current + 1, len(migrations) + 1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Re-read under the write lock: another process may have migrated meanwhile.
                if self._version(conn) < version:
                    for statement in migrations[version - 1]:
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {version}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise

    def _become_writable(self) -> None:
        """Before a write while only reading: open the file for writing, or raise why not."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._open_writable()
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"The local data file {self.path} cannot be written: {e}") from e
        old, self._conn = self._conn, conn
        self._writable = True
        if old is not None:
            old.close()
        log.info("The local data file %s can be written again", self.path)

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
            self._require_open()
            if not self._writable:
                self._become_writable()
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


def _fold(value: object) -> str | None:
    return None if value is None else folded(str(value))


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
