"""What a failure of the data file means, in terms a person can act on.

SQLite reports a full disk as SQLITE_FULL only when a write comes up short; a write refused
outright (no space for a new page of the WAL, a read-only mount) arrives as a generic I/O or
"cannot open" error. For those the folder itself is asked: how much room is left, and whether
it can be written to.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from enum import StrEnum
from pathlib import Path

# Less free space than this on the data file's disk counts as full: SQLite needs room for a
# few pages of the write-ahead log and its index.
FULL_BELOW_BYTES = 256 * 1024


class DiskProblem(StrEnum):
    FULL = "full"  # the disk holding the data file has no room
    READ_ONLY = "read_only"  # the file, its folder or its disk cannot be written
    DAMAGED = "damaged"  # the file is not a database, or its pages are corrupt
    BUSY = "busy"  # another program holds the file locked
    OTHER = "other"


_BY_NAME = {
    "SQLITE_FULL": DiskProblem.FULL,
    "SQLITE_READONLY": DiskProblem.READ_ONLY,
    "SQLITE_CORRUPT": DiskProblem.DAMAGED,
    "SQLITE_NOTADB": DiskProblem.DAMAGED,
    "SQLITE_BUSY": DiskProblem.BUSY,
    "SQLITE_LOCKED": DiskProblem.BUSY,
}
_ERRNOS = {
    errno.ENOSPC: DiskProblem.FULL,
    errno.EDQUOT: DiskProblem.FULL,
    errno.EROFS: DiskProblem.READ_ONLY,
    errno.EACCES: DiskProblem.READ_ONLY,
    errno.EPERM: DiskProblem.READ_ONLY,
}


def disk_problem(exc: BaseException, folder: Path | None = None) -> DiskProblem:
    """Classify `exc` (or what it was raised from); `folder` is where the data file lives."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.Error):
            name = str(getattr(current, "sqlite_errorname", "") or "")
            base = "_".join(name.split("_")[:2])  # SQLITE_READONLY_DBMOVED -> SQLITE_READONLY
            if base in _BY_NAME:
                return _BY_NAME[base]
            if "malformed" in str(current) or "not a database" in str(current):
                return DiskProblem.DAMAGED
            return _ask_the_folder(folder)
        if isinstance(current, OSError) and current.errno in _ERRNOS:
            return _ERRNOS[current.errno]
        current = current.__cause__ or current.__context__
    return _ask_the_folder(folder) if folder is not None else DiskProblem.OTHER


def _ask_the_folder(folder: Path | None) -> DiskProblem:
    if folder is None:
        return DiskProblem.OTHER
    if free_bytes(folder) < FULL_BELOW_BYTES:
        return DiskProblem.FULL
    if not writable(folder):
        return DiskProblem.READ_ONLY
    return DiskProblem.OTHER


def free_bytes(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return FULL_BELOW_BYTES  # unknown: not evidence of a full disk


def writable(path: Path) -> bool:
    """Can this process write `path`? Asks the OS (a read-only mount says no even to root)."""
    try:
        return os.access(path, os.W_OK)
    except OSError:
        return False
