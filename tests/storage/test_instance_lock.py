"""One running app per data folder: the lock is held while its holder runs, names the holder,
and goes with it however it ends (a killed run leaves nothing to clear by hand)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aitasker_desktop.storage.instance_lock import InstanceLock, holder_pid

HOLDER = """
import sys
from pathlib import Path
from aitasker_desktop.storage.instance_lock import InstanceLock
lock = InstanceLock.acquire(Path(sys.argv[1]))
print("held" if lock else "not held", flush=True)
sys.stdin.read()  # until the test kills this process
"""


def test_held_until_released_and_names_its_holder(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "data"  # made on the way
    first = InstanceLock.acquire(folder)
    assert first is not None
    try:
        assert InstanceLock.acquire(folder) is None  # a second open of the file: refused
        assert holder_pid(folder) == os.getpid()
    finally:
        first.release()
    again = InstanceLock.acquire(folder)
    assert again is not None
    again.release()


def test_a_killed_holder_leaves_the_lock_free(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        assert InstanceLock.acquire(folder) is None
        assert holder_pid(folder) == holder.pid
    finally:
        holder.kill()
        holder.wait()
        for stream in (holder.stdin, holder.stdout):
            if stream is not None:
                stream.close()
    after = InstanceLock.acquire(folder)  # the file is still there: only the lock went
    assert after is not None
    assert holder_pid(folder) == os.getpid()
    after.release()


def test_a_folder_that_cannot_be_made_is_an_os_error(tmp_path: Path) -> None:
    in_the_way = tmp_path / "data"
    in_the_way.write_text("a file, not a folder")
    with pytest.raises(OSError):
        InstanceLock.acquire(in_the_way)
