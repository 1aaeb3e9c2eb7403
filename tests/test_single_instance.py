"""Opening the app again on the same data folder brings the open window forward instead of a
second window that would save its own copy of the same draft over the first's; a run that
does not answer is named in plain words; a killed run never stops the next."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aitasker_desktop.storage.instance_lock import holder_pid


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _launch(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aitasker_desktop", "--data-dir", str(root), *extra],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=110,
    )


@pytest.fixture
def first_run(tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The app, open on tmp_path/"root" as a person leaves it open, holding its folder."""
    root = tmp_path / "root"
    app = subprocess.Popen(
        [sys.executable, "-m", "aitasker_desktop", "--data-dir", str(root)],
        env=_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60  # a bound for a busy machine, not a measure
        while holder_pid(root / "data") != app.pid:
            assert app.poll() is None, "the first run ended"
            assert time.monotonic() < deadline, "the first run never took its folder"
            time.sleep(0.05)
        yield app
    finally:
        if app.poll() is None:
            if hasattr(signal, "SIGCONT"):  # if the test stopped it
                os.kill(app.pid, signal.SIGCONT)
            app.kill()
        app.wait()


def _log(root: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (root / "logs").glob("*.log*"))


def test_opening_it_again_brings_the_open_window_forward(
    first_run: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    root = tmp_path / "root"
    again = _launch(root)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.splitlines() == [
        f"aitasker-desktop: already open on {root / 'data'}: asking it to come forward.",
        "aitasker-desktop: its window was brought to the front.",
    ]
    assert "Traceback" not in again.stderr
    assert first_run.poll() is None  # the open app goes on
    assert "Opened again on this data folder: the window is brought to the front" in _log(root)

    first_run.kill()  # however it ends, the next launch starts as usual
    first_run.wait()
    after = _launch(root, "--exit-when", "ready")
    assert after.returncode == 0, after.stdout + after.stderr
    assert "aitasker-desktop: ready" in after.stdout


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="stops a process with SIGSTOP")
def test_an_open_app_that_does_not_answer_is_named_plainly(
    first_run: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    root = tmp_path / "root"
    os.kill(first_run.pid, signal.SIGSTOP)  # hung, as far as anyone can tell
    again = _launch(root, "--handover-patience", "1")
    assert again.returncode == 1, again.stdout + again.stderr
    said = again.stderr
    assert f"AITasker Desktop is already open on this data folder (process {first_run.pid})" in said
    assert "but it is not responding" in said
    assert "end that process" in said and "open AITasker Desktop again" in said
    assert "Traceback" not in said
    assert "aitasker-desktop: ready" not in again.stdout


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="stops a process with SIGSTOP")
def test_opened_again_as_the_open_app_ends_it_starts(
    first_run: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    root = tmp_path / "root"
    os.kill(first_run.pid, signal.SIGSTOP)  # it cannot answer: the new launch keeps asking
    app = [sys.executable, "-m", "aitasker_desktop"]
    again = subprocess.Popen(
        [*app, "--data-dir", str(root), "--exit-when", "ready"],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert again.stdout is not None
        assert "asking it to come forward" in again.stdout.readline()
        first_run.kill()  # and now it has ended
        first_run.wait()
        out, err = again.communicate(timeout=110)
    finally:
        if again.poll() is None:
            again.kill()
            again.wait()
    assert again.returncode == 0, out + err
    assert out.splitlines() == [
        "aitasker-desktop: it has closed meanwhile: starting.",
        "aitasker-desktop: ready",
    ]
    assert holder_pid(root / "data") == again.pid
