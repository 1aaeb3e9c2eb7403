"""How fast the app is on screen and ready to work, beside a bare PySide6 window in the same run.

    .venv/bin/python bench/startup.py [--runs N]

Every figure is timed from process spawn to a line the process prints:
- bare_window_ms: a bare QMainWindow's first turn of the event loop after show().
- shown_ms: the app's window has painted (`--exit-when shown`).
- ready_ms: the app is ready to work (`--exit-when ready`): the window is shown, the pickers
  hold the catalog, the task list holds the cached tasks and the editor takes keys. On a
  used data folder (a catalog and 200 tasks cached) and on a fresh one (nothing cached: the
  catalog comes from the built-in sandbox, which starts on a worker).
Each `_ratio` divides by the bare window of the same run. Medians of N runs (default 5),
printed last, one per line as `name: value unit`. Goals (issue 11): ready_ms at most 800 on
a used folder and 1,500 on a fresh one, ready_ratio at most 4.
"""

from __future__ import annotations

import argparse
import os
import subprocess
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

# Run once, in a process of its own: start the app on DATA, let it fetch and cache the
# catalog, put 200 tasks in the sandbox and wait until the task list has cached them.
PREPARE = """
import sys, time
from pathlib import Path
import httpx
from PySide6.QtWidgets import QApplication
import aitasker_desktop.domain.task
from aitasker_desktop.desktop import build_desktop
from aitasker_desktop.options import Options
from aitasker_desktop.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
data = Path(sys.argv[1])
window = MainWindow()
window.show()
desktop = build_desktop(Options(data_dir=data), window, notifier=lambda _w: None)
desktop.start()

def wait(condition, what):
    deadline = time.monotonic() + 60
    while not condition():
        app.processEvents()
        time.sleep(0.01)
        if time.monotonic() > deadline:
            raise SystemExit("prepare: no " + what)

wait(lambda: desktop.connection.client is not None and desktop.catalog.is_fresh, "catalog")
server = desktop.sandbox.server
with httpx.Client(base_url=server.base_url, trust_env=False,
                  headers={"Authorization": "Bearer " + server.api_key}) as c:
    c.post("/sandbox/tasks/bulk", json={"count": 200}).raise_for_status()
desktop.tracker.poll_now()
wait(lambda: len(desktop.tracker.tasks()) >= 200, "tasks")
wait(lambda: any(data.rglob("catalog-*.json")), "catalog cache")
desktop.shutdown()
print("prepared", flush=True)
"""


def app_argv(data: Path, moment: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "aitasker_desktop",
        "--data-dir",
        str(data),
        "--exit-when",
        moment,
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    figures: dict[str, list[float]] = {
        name: [] for name in ("bare", "shown", "ready_used", "ready_fresh")
    }
    # An installed app starts from compiled bytecode (pip compiles a wheel's modules; run.sh
    # compiles the source tree once it is installed). Where PYTHONDONTWRITEBYTECODE is set,
    # nothing would ever be compiled and every run would pay ~0.4 s to compile the package.
    package = Path(__file__).resolve().parents[1] / "aitasker_desktop"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        used = Path(tmp) / "used"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        time_to_line([sys.executable, "-c", PREPARE, str(used)], "prepared", env=env)
        for run in range(args.runs):
            figures["bare"].append(time_to_line([sys.executable, "-c", BARE_WINDOW], "shown"))
            figures["shown"].append(time_to_line(app_argv(used, "shown"), "window shown"))
            figures["ready_used"].append(time_to_line(app_argv(used, "ready"), ": ready"))
            fresh = Path(tmp) / f"fresh{run}"
            figures["ready_fresh"].append(time_to_line(app_argv(fresh, "ready"), ": ready"))
    bare = median(figures["bare"])
    print(f"runs: {args.runs} (medians below)")
    print(f"bare_window_ms: {bare:.0f} ms")
    for name, label in (
        ("shown", "shown_ms"),
        ("ready_used", "ready_ms (used folder)"),
        ("ready_fresh", "ready_ms (fresh folder)"),
    ):
        value = median(figures[name])
        print(f"{label}: {value:.0f} ms; ratio {value / bare:.2f} x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
