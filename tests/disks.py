"""Disks that fill up and turn read-only, for tests: real ones where this machine allows.

`small_disk(folder)` mounts a tiny tmpfs on `folder` when the tests run as root (a container,
CI as root): a full disk is then the kernel's ENOSPC and a read-only disk its EROFS, exactly
what a person's machine produces. Elsewhere the same calls fall back to what a user can do
without privileges: a folder and file without write permission (EACCES, real too), and a full
disk emulated by SQLite's own limit on the file's size (`PRAGMA max_page_count`), which fails
a write the way a full disk does (SQLITE_FULL). `SmallDisk.real` says which one a test got.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

FILLER = ".filler"


class SmallDisk:
    def __init__(self, folder: Path, real: bool) -> None:
        self.folder = folder
        self.real = real
        self._emulated_full: Callable[[], None] | None = None

    def fill(
        self, connection: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]
    ) -> None:
        """No room left. `connection` gives the store's connection, for the emulation."""
        if self.real:
            with open(self.folder / FILLER, "wb", buffering=0) as f:
                chunk = b"\0" * 4096
                try:
                    while True:
                        f.write(chunk)
                except OSError as e:
                    if e.errno != errno.ENOSPC:
                        raise
            return
        with connection() as c:
            pages = c.execute("PRAGMA page_count").fetchone()[0]
            c.execute(f"PRAGMA max_page_count = {int(pages)}")

        def undo() -> None:
            with connection() as c:
                c.execute("PRAGMA max_page_count = 1073741823")

        self._emulated_full = undo

    def free(self) -> None:
        """Room again, as when the person deletes something."""
        if self.real:
            (self.folder / FILLER).unlink(missing_ok=True)
        elif self._emulated_full is not None:
            self._emulated_full()
            self._emulated_full = None

    @property
    def can_be_read_only(self) -> bool:
        """Permissions do not stop root: without a mount, root cannot have a read-only disk."""
        return self.real or not (hasattr(os, "geteuid") and os.geteuid() == 0)

    def make_read_only(self) -> None:
        """Nothing on it can be written (no process is holding a file open for writing)."""
        if self.real:
            _run("mount", "-o", "remount,ro", str(self.folder))
            return
        for path in [self.folder, *self.folder.rglob("*")]:
            mode = path.stat().st_mode
            path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))

    def make_writable(self) -> None:
        if self.real:
            _run("mount", "-o", "remount,rw", str(self.folder))
            return
        for path in [self.folder, *self.folder.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def _can_mount() -> bool:
    if os.environ.get("AITASKER_TEST_NO_MOUNT"):  # to run the unprivileged path as root
        return False
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@contextlib.contextmanager
def small_disk(folder: Path, size_kb: int = 2048) -> Iterator[SmallDisk]:
    """A small disk at `folder`: a tmpfs of `size_kb` when possible (see the module note)."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = False
    if _can_mount():
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(folder)],
            capture_output=True,
        )
        mounted = result.returncode == 0
    disk = SmallDisk(folder, real=mounted)
    try:
        yield disk
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        else:
            with contextlib.suppress(OSError):
                disk.make_writable()  # so pytest can remove the temp dir
