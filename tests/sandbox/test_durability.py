"""A create and its idempotency key are one transaction: a sandbox process that dies at any
point of a create leaves either the task and its key, or neither, so a retry with the same
key never posts twice. The crashes are real (the process exits without cleanup)."""

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import httpx
import pytest

from aitasker_desktop.sandbox import conventions as p
from aitasker_desktop.sandbox.cli import CRASH_ENV
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox

from .helpers import GOOD

AUTH = {"Authorization": f"Bearer {p.SANDBOX_DEFAULT_KEY}"}


@contextmanager
def sandbox_process(
    data_dir: Path, crash_at: str = ""
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    env = {k: v for k, v in os.environ.items() if k != CRASH_ENV}
    if crash_at:
        env[CRASH_ENV] = crash_at
    cmd = [sys.executable, "-m", "aitasker_desktop.sandbox", "--port", "0", "--speed", "0"]
    cmd += ["--data-dir", str(data_dir)]
    with subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as proc:
        try:
            assert proc.stdout is not None
            base = proc.stdout.readline().split()[-1]
            deadline = time.monotonic() + 15
            while True:
                try:
                    httpx.get(base + p.HEALTH, trust_env=False, timeout=60)
                    break
                except httpx.ConnectError:
                    assert time.monotonic() < deadline, "the sandbox did not start"
                    time.sleep(0.05)
            yield proc, base
        finally:
            if proc.poll() is None:
                proc.terminate()
            proc.wait(timeout=10)


def tasks_in(data_dir: Path) -> int:
    with closing(sqlite3.connect(data_dir / "sandbox.sqlite3")) as db:
        return int(db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0])


@pytest.mark.parametrize(
    ("crash_at", "committed"),
    [("create_committed", True), ("create_in_transaction", False)],
)
def test_a_retry_after_a_crash_mid_create_never_duplicates(
    tmp_path: Path, crash_at: str, committed: bool
) -> None:
    key = {p.IDEMPOTENCY_HEADER: "crash-retry-1", **AUTH}
    with sandbox_process(tmp_path, crash_at) as (proc, base):
        with pytest.raises(httpx.TransportError):  # the answer never comes
            httpx.post(base + p.TASKS, json=GOOD, headers=key, trust_env=False, timeout=15)
        assert proc.wait(timeout=10) == 70  # it really died, at that point
    assert tasks_in(tmp_path) == (1 if committed else 0)
    with sandbox_process(tmp_path) as (_proc, base):
        retry = httpx.post(base + p.TASKS, json=GOOD, headers=key, trust_env=False, timeout=60)
        assert retry.status_code == (200 if committed else 201), retry.text
        again = httpx.post(base + p.TASKS, json=GOOD, headers=key, trust_env=False, timeout=60)
        assert again.status_code == 200 and again.json()["id"] == retry.json()["id"]
        listed = httpx.get(base + p.TASKS, headers=AUTH, trust_env=False, timeout=60).json()[
            "tasks"
        ]
        assert [t["id"] for t in listed] == [retry.json()["id"]]
        held = httpx.get(base + p.BALANCE, headers=AUTH, trust_env=False, timeout=60).json()[
            "held_usd"
        ]
        assert held == GOOD["budget_usd"]


def test_its_sqlite_runs_with_full_durability(sb: EmbeddedSandbox) -> None:
    assert sb.runtime is not None
    with sb.runtime.store.tx() as db:
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
