"""How fast the app's window appears, beside a bare PySide6 window in the same run.

    .venv/bin/python bench/startup.py [--runs N]

Both are timed from process spawn to their first turn of the event loop after show(), the
app on a fresh data folder each run (so it also creates its store and starts its sandbox
after the window is up). Figures last, one per line as `name: value unit`.
`startup_ratio` aims at 1.5 or less: the app shows its window first and loads the rest after.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _launch import median, time_to_line

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1100, 720)
window.show()
QTimer.singleShot(0, lambda: (print("bare: window shown", flush=True), app.quit()))
app.exec()
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bare: list[float] = []
    app: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            bare.append(time_to_line([sys.executable, "-c", BARE_WINDOW], "window shown"))
            data = Path(tmp) / f"run{run}"
            app.append(
                time_to_line(
                    [
                        sys.executable,
                        "-m",
                        "aitasker_desktop",
                        "--data-dir",
                        str(data),
                        "--exit-when",
                        "shown",
                    ],
                    "window shown",
                )
            )
    print(f"runs: {args.runs} (medians below; first app run {app[0]:.0f} ms)")
    print(f"bare_window_ms: {median(bare):.0f} ms")
    print(f"startup_ms: {median(app):.0f} ms")
    print(f"startup_ratio: {median(app) / median(bare):.2f} x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
