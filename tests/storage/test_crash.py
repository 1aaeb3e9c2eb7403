"""Issue 3's crash test: a process typing into a draft is killed with SIGKILL many times;
after each kill the store opens cleanly and holds everything it acknowledged."""

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.drafts import Drafts
from tests.storage.crash_typist import expected_text

HELPER = Path(__file__).with_name("crash_typist.py")
ROOT = Path(__file__).resolve().parents[2]
KILLS = 40
DRAFT_ID = "crash-draft"


def _run_and_kill(db_path: Path, rng: random.Random, wait_for_typing: bool) -> int:
    """Start the typist, SIGKILL it at a random moment; the last length it acknowledged."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, str(HELPER), str(db_path), DRAFT_ID],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    acked: list[int] = []
    started = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            acked.append(int(line))
            started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if wait_for_typing:
            assert started.wait(20), "the typist never saved"
            time.sleep(rng.uniform(0.0, 0.25))
        else:
            time.sleep(rng.uniform(0.0, 0.6))  # may land while it starts or migrates
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        reader.join(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        assert proc.stdout is not None and proc.stderr is not None
        errors = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, errors
    return acked[-1] if acked else 0


@pytest.mark.slow
def test_killed_while_typing_loses_nothing_acknowledged(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("CRASH_SEED", "3")))
    db_path = tmp_path / "store.sqlite3"
    best = 0
    for i in range(KILLS):
        acked = _run_and_kill(db_path, rng, wait_for_typing=i % 5 != 0)
        best = max(best, acked)
        if not db_path.exists():
            assert best == 0
            continue
        with Store(db_path) as store:
            assert store.integrity_check() == "ok"
            draft = Drafts(store).get(DRAFT_ID)
        if draft is None:
            assert best == 0, f"kill {i}: draft lost after {best} acknowledged characters"
            continue
        text = draft.brief.description
        assert len(text) >= best, f"kill {i}: {len(text)} chars kept, {best} acknowledged"
        assert text == expected_text(len(text)), f"kill {i}: the draft's text is damaged"
        best = len(text)
    assert best > 0
