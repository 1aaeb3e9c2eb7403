"""Opening the data file at start, whatever state it is in.

The app always starts. A healthy file opens as usual. A damaged one is moved aside (renamed,
never deleted: it is the person's data) and a new file is made, into which what can be read
of the old one is copied: with SQLite's own `.recover` (the sqlite3 command-line shell's,
which reads the raw pages) where that shell is installed, else row by row through Python's
sqlite3, stepping past the damaged part of each table. A file that cannot be written (a
read-only disk or folder, a full disk) is opened for reading, so the drafts are still shown,
and writing resumes by itself once it can (see `Store`). Each case comes with a notice in
plain words saying what happened and where the old file is.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aitasker_desktop.storage.db import Store, StoreError
from aitasker_desktop.storage.failures import (
    FULL_BELOW_BYTES,
    DiskProblem,
    disk_problem,
    free_bytes,
)

log = logging.getLogger(__name__)

# The person's own data: checked at every start (a few milliseconds). The task cache is the
# service's, fetched again if lost, and large: it is not checked here.
CHECKED_TABLES = ("drafts", "outbox", "brand_kits")
RECOVER_TIMEOUT_S = 120


@dataclass(frozen=True)
class StartNotice:
    """What was wrong with the data file at start, for the person and the log."""

    problem: DiskProblem
    text: str
    set_aside: Path | None = None  # where a damaged file now is
    drafts_recovered: int = 0
    recovered_with: str = ""  # "sqlite3 .recover" or "row by row"


def find_sqlite_shell() -> str | None:
    return shutil.which("sqlite3")


def open_store(
    path: Path,
    *,
    sqlite_shell: Callable[[], str | None] = find_sqlite_shell,
    now: Callable[[], datetime] = datetime.now,
) -> tuple[Store, StartNotice | None]:
    """The store at `path`, and a notice when it was not simply healthy. Never raises for a
    damaged, read-only or full file (an unusable store still opens, empty, in memory).
    `sqlite_shell` finds the sqlite3 shell used for `.recover` (None: read row by row)."""
    try:
        store = Store(path)
    except (StoreError, sqlite3.Error, OSError) as exc:
        problem = disk_problem(exc, path.parent)
        log.warning("The data file %s did not open (%s): %s", path, problem, exc)
        if problem is DiskProblem.DAMAGED:
            return _recover(path, sqlite_shell, now)
        return _read_only(path, problem, exc)
    damage = _damage(store)
    if damage:
        log.warning("The data file %s is damaged: %s", path, damage)
        store.close()
        return _recover(path, sqlite_shell, now)
    if free_bytes(path.parent) < FULL_BELOW_BYTES:  # it opened, but the next save may not fit
        text = (
            f"The disk that holds the app's data ({path.parent}) is full: what you change may "
            "not be saved until you free some space on it."
        )
        return store, StartNotice(DiskProblem.FULL, text)
    return store, None


def _damage(store: Store) -> str:
    """SQLite's quick check of the person's own tables: "" when they are sound."""
    found = []
    try:
        with store.read() as c:
            for table in CHECKED_TABLES:
                rows = c.execute(f"PRAGMA quick_check({table})").fetchall()
                found += [str(r[0]) for r in rows if str(r[0]) != "ok"]
    except sqlite3.DatabaseError as e:
        found.append(str(e))
    return "; ".join(found)


# -- cannot be written ---------------------------------------------------------------------


def _read_only(path: Path, problem: DiskProblem, exc: BaseException) -> tuple[Store, StartNotice]:
    folder = path.parent
    try:
        store = Store(path, read_only=True)
        shown = "Your drafts are shown, but"
    except (StoreError, sqlite3.Error, OSError) as e:
        log.warning("The data file %s cannot be read either: %s", path, e)
        store = Store(path, read_only=None)
        shown = "Your drafts cannot be shown for now, and"
    if problem is DiskProblem.FULL:
        why = f"The disk that holds the app's data ({folder}) is full."
        fix = "Free some space on it; saving starts again by itself."
    elif problem is DiskProblem.READ_ONLY:
        why = f"The app's data folder ({folder}) is read-only."
        fix = "Make it writable again (or ask whoever manages this computer)."
    elif problem is DiskProblem.BUSY:
        why = f"Another program is holding the app's data file ({path})."
        fix = "Close other copies of AITasker Desktop."
    else:
        why = f"The app's data file ({path}) could not be opened: {exc}"
        fix = "If it keeps happening, copy the diagnostics from the Help menu for support."
    text = f"{why} {shown} nothing you change can be saved until then. {fix}"
    return store, StartNotice(problem, text)


# -- damaged -------------------------------------------------------------------------------


def set_aside_name(path: Path, when: datetime) -> Path:
    stamp = when.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.damaged-{stamp}-{n}{path.suffix}")
    return candidate


def _recover(
    path: Path, sqlite_shell: Callable[[], str | None], now: Callable[[], datetime]
) -> tuple[Store, StartNotice]:
    aside = set_aside_name(path, now())
    try:
        os.replace(path, aside)
        for suffix in ("-wal", "-shm"):  # the log holds committed changes: keep it with it
            side = Path(f"{path}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{aside}{suffix}"))
    except OSError as e:
        log.error("The damaged data file %s could not be set aside: %s", path, e)
        store = Store(path, read_only=None)
        return store, StartNotice(
            DiskProblem.DAMAGED,
            f"The app's data file ({path}) is damaged, and it could not be moved aside to "
            f"make a new one ({e}). Nothing you change can be saved for now. Copy the "
            "diagnostics from the Help menu for support; the file has not been changed.",
        )
    try:
        store = Store(path)
    except (StoreError, sqlite3.Error, OSError) as e:
        store, notice = _read_only(path, disk_problem(e, path.parent), e)
        return store, StartNotice(
            DiskProblem.DAMAGED,
            f"The app's data file was damaged; it was moved aside to {aside}, unchanged. "
            + notice.text,
            set_aside=aside,
        )
    how = salvage(aside, store, sqlite_shell())
    with store.read() as c:
        drafts = int(c.execute("SELECT count(*) FROM drafts").fetchone()[0])
    log.warning("Recovered %d drafts from %s (%s)", drafts, aside, how)
    found = (
        f"{drafts} draft{'s were' if drafts != 1 else ' was'} recovered from it."
        if drafts
        else "No drafts could be recovered from it."
    )
    text = (
        f"The app's data file was damaged, so it was set aside and a new one made. {found} "
        f"The damaged file is kept, unchanged, at {aside}."
    )
    return store, StartNotice(DiskProblem.DAMAGED, text, aside, drafts, how)


def salvage(damaged: Path, store: Store, sqlite_shell: str | None) -> str:
    """Copy what can be read of `damaged` into `store`; how it was read.

    Both ways run when the shell is there (rows already copied are skipped by their keys):
    `.recover` reads pages a damaged index or table root hides, and some builds of the shell
    fail `.recover` outright (Debian's 3.40.1 answers "SQL logic error" even for a healthy
    file), in which case the rows read here are all there is.
    """
    ways = []
    if sqlite_shell:
        with tempfile.TemporaryDirectory() as tmp:
            scratch = Path(tmp) / "recovered.sqlite3"
            if _shell_recover(sqlite_shell, damaged, scratch):
                with _read(scratch) as source:
                    copy_tables(source, store)
                ways.append("sqlite3 .recover")
    try:
        with _read(damaged) as source:
            copy_tables(source, store)
        ways.append("row by row")
    except sqlite3.DatabaseError as e:
        log.warning("Nothing could be read from %s row by row: %s", damaged, e)
    return " and ".join(ways) or "nothing could be read"


class _read:
    """`damaged` opened for reading only, closed after (it is never written to)."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)

    def __enter__(self) -> sqlite3.Connection:
        return self._conn

    def __exit__(self, *_exc: object) -> None:
        self._conn.close()


def _shell_recover(shell: str, damaged: Path, scratch: Path) -> bool:
    """`sqlite3 damaged .recover | sqlite3 scratch`, without a shell; True if it made one.

    The damaged file is copied first: `.recover` opens its input for writing.
    """
    copy = scratch.with_name("damaged-copy.sqlite3")
    try:
        shutil.copyfile(damaged, copy)
        for suffix in ("-wal",):
            if Path(f"{damaged}{suffix}").exists():
                shutil.copyfile(f"{damaged}{suffix}", f"{copy}{suffix}")
        dump = subprocess.run(
            [shell, str(copy), ".recover"],
            capture_output=True,
            timeout=RECOVER_TIMEOUT_S,
            check=False,
        )
        if dump.returncode != 0 or not dump.stdout:
            log.warning("sqlite3 .recover failed: %s", dump.stderr.decode(errors="replace"))
            return False
        subprocess.run(
            [shell, str(scratch)],
            input=dump.stdout,
            capture_output=True,
            timeout=RECOVER_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as e:
        log.warning("sqlite3 .recover did not run: %s", e)
        return False
    return scratch.exists()


def copy_tables(source: sqlite3.Connection, store: Store) -> None:
    """Every table `store` has, copied row by row from `source` where it has them too."""
    with store.read() as c:
        tables = [
            str(r[0])
            for r in c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        wanted = {t: [str(r[1]) for r in c.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    for table, columns in wanted.items():
        try:
            have = {str(r[1]) for r in source.execute(f'PRAGMA table_info("{table}")')}
        except sqlite3.DatabaseError:
            continue
        shared = [col for col in columns if col in have]
        if not shared:
            continue
        rows = read_rows(source, table, shared)
        names = ", ".join(f'"{col}"' for col in shared)
        marks = ", ".join("?" for _ in shared)
        with store.transaction() as c:
            for row in rows:
                try:
                    c.execute(f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({marks})', row)
                except sqlite3.Error:
                    continue  # a row the new schema refuses (a damaged value): skip it


def read_rows(
    source: sqlite3.Connection, table: str, columns: list[str]
) -> list[tuple[object, ...]]:
    """The rows of `table` that can be read. A table with rowids is read in rowid order, and
    a damaged stretch is stepped over by seeking further and further past it."""
    names = ", ".join(f'"{col}"' for col in columns)
    rows: dict[int, tuple[object, ...]] = {}
    after, step = -(2**63), 1
    while step < 2**62:
        try:
            cursor = source.execute(
                f'SELECT rowid, {names} FROM "{table}" WHERE rowid > ? ORDER BY rowid', (after,)
            )
            for rowid, *values in cursor:
                rows[int(rowid)] = tuple(values)
                after, step = int(rowid), 1
            break
        except sqlite3.OperationalError as e:
            if "no such column: rowid" not in str(e):
                after, step = after + step, step * 2
                continue
            return _read_plain(source, table, names)  # WITHOUT ROWID: one pass
        except sqlite3.DatabaseError:
            if after == -(2**63):
                after = 0  # rowids are positive: step forward from the first one
                continue
            after, step = after + step, step * 2
    return list(rows.values())


def _read_plain(source: sqlite3.Connection, table: str, names: str) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    try:
        for row in source.execute(f'SELECT {names} FROM "{table}"'):
            rows.append(tuple(row))
    except sqlite3.DatabaseError:
        pass  # what came before the damage is kept
    return rows
