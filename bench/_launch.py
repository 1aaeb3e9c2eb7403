"""Shared by the start-up benches: time a process from spawn to a line on its stdout."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path


def headless_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra or {})
    return env


def time_to_line(
    argv: Sequence[str],
    marker: str,
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120.0,
) -> float:
    """Milliseconds from spawning `argv` until it prints a line containing `marker`."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env or headless_env(),
        cwd=cwd,
    )
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if marker in line:
                elapsed = (time.perf_counter() - start) * 1000
                proc.wait(timeout=timeout)
                return elapsed
            if time.perf_counter() - start > timeout:
                break
        raise RuntimeError(f"{argv[0]} never printed {marker!r}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
