"""The editor at 200% scale, light and dark: screenshots from a process of its own (the scale
factor is read once, at start-up) and no control narrower than its text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.screens import screens_dir

SCREENS = screens_dir("editor2")
SCRIPT = Path(__file__).with_name("editor_screens.py")


# 960x540 at 200% is a 1920x1080 screen: the smallest common one people scale up; a
# 720x480 window on it is the smallest the editor is used in.
@pytest.mark.parametrize(
    ("theme", "size"), [("light", "960x540"), ("dark", "960x540"), ("light", "720x480")]
)
def test_200_percent_scale_nothing_clipped(theme: str, size: str, tmp_path: Path) -> None:
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(SCREENS), theme, size],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[-1] == "done"
    assert [line for line in lines if line.startswith("clipped:")] == []
    for step in ("1-empty", "2-window", "3-all-steps", "4-queued", "5-brand-kit"):
        assert (SCREENS / f"x2-{theme}-{size}-{step}.png").stat().st_size > 10_000
