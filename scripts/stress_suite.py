"""Run the whole suite N times in a row (default 5) while a CPU-bound process runs beside it,
as on a busy 2-core machine, and print how many runs passed and how long each took.

    .venv/bin/python scripts/stress_suite.py [--runs N] [-- extra pytest arguments]

Coverage is switched off here (it is measured by the ordinary `./run.sh test`); everything
else is the ordinary run. Exit status 0 only if every run passed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import subprocess
import sys
import time
from multiprocessing.synchronize import Event
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def burn(stop: Event) -> None:
    """Busy arithmetic until told to stop: one core's worth of competition."""
    x = 0
    while not stop.is_set():
        for i in range(100_000):
            x = (x * 31 + i) % 1_000_003


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    stop = multiprocessing.Event()
    hog = multiprocessing.Process(target=burn, args=(stop,), daemon=True)
    hog.start()
    results: list[tuple[int, float, str]] = []
    try:
        for run in range(1, args.runs + 1):
            started = time.monotonic()
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    "-p",
                    "no:cacheprovider",
                    "-q",
                    "--no-cov",
                    *args.pytest_args,
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            took = time.monotonic() - started
            lines = [line for line in proc.stdout.splitlines() if line.strip()]
            summary = lines[-1] if lines else "(no output)"
            results.append((proc.returncode, took, summary))
            print(
                f"run {run}: exit {proc.returncode} in {took / 60:.1f} min: {summary}", flush=True
            )
            if proc.returncode != 0:
                failed = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
                print("\n".join(f"    {line}" for line in failed), flush=True)
    finally:
        stop.set()
        hog.join(timeout=10)
    passed = sum(1 for code, _took, _summary in results if code == 0)
    slowest = max(took for _code, took, _summary in results)
    print(f"passed: {passed} of {len(results)} runs beside a CPU-bound process")
    print(f"slowest_run_min: {slowest / 60:.1f} min")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
