"""Build the self-contained app and measure it: size on disk and cold start to first window.

    .venv/bin/python bench/bundle.py [--runs N] [--appdir PATH]

`--appdir` measures an existing build instead of building. The start is timed from spawning
the bundled AppRun to its window's first paint, on a fresh data folder each run, headless.
Figures last, one per line as `name: value unit`. Aim: under 200 MB and 3 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _launch import headless_env, median, time_to_line

ROOT = Path(__file__).resolve().parents[1]


def size_mb(folder: Path) -> float:
    return (
        sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--appdir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        appdir = args.appdir
        if appdir is None:
            dist = Path(tmp) / "dist"
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "packaging" / "build.py"),
                    "--dist",
                    str(dist),
                    "--work",
                    str(Path(tmp) / "work"),
                    "--no-archive",
                ],
                check=True,
            )
            appdir = dist / "AITasker-Desktop.AppDir"
        env = headless_env({"PATH": "/usr/bin:/bin"})
        starts = []
        for run in range(args.runs):
            data = Path(tmp) / f"data{run}"
            starts.append(
                time_to_line(
                    [str(appdir / "AppRun"), "--data-dir", str(data), "--exit-when", "shown"],
                    "window shown",
                    env=env,
                    cwd=Path(tmp),
                )
            )
        print(f"runs: {args.runs} (median; first run {starts[0]:.0f} ms)")
        print(f"bundle_mb: {size_mb(appdir):.0f} MB")
        print(f"bundle_start_ms: {median(starts):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
