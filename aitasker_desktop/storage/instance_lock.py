"""One running app per data folder.

Two windows on the same folder would each reopen the same last draft and save their own text
over the other's, and each start a sandbox on the same state. The first run holds an advisory
lock on a file in the data folder for as long as it runs; a second run finds it held and hands
over to the first (services/other_launches.py) instead of starting.

The lock is the operating system's (flock, or a locked byte on Windows), taken on an open
file: it goes when the process does, however it ends, so a crash never leaves a stale lock
to clear by hand. The file keeps the holder's process id, for a plain message if it does not
answer.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

LOCK_FILENAME = "app.lock"


class InstanceLock:
    """Held from `acquire` until `release` or the process ends."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, folder: Path) -> InstanceLock | None:
        """The lock on `folder` (made if missing), or None when another process holds it.
        OSError when the folder or the file cannot be made or opened: the caller goes on
        without (the window then says what is wrong with the folder)."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOCK_FILENAME
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if not _try_lock(fd):
                os.close(fd)
                return None
            # The holder's id, for whoever finds it held (read by holder_pid).
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:
            os.close(fd)
            raise
        return cls(path, fd)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file lets go of the lock
            self._fd = None


def holder_pid(folder: Path) -> int | None:
    """The process id the holder wrote, when it can be read."""
    try:
        text = (folder / LOCK_FILENAME).read_text(encoding="ascii").strip()
        return int(text) if text else None
    except (OSError, ValueError):
        return None


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        # A byte far past anything written: the process id stays readable to others.
        os.lseek(fd, 1 << 20, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLOCK):  # another process holds it
                return False
            raise
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
