"""What start-up leaves for later (issue 11): a run that is ready to work has not loaded the
places and dialogs nobody opened, nor httpx's command-line client."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# The app as `aitasker-desktop` runs it, then the modules it holds once it was ready.
CHILD = """
import sys
from aitasker_desktop.cli import main
code = main(sys.argv[1:])
print("loaded:", " ".join(name for name, module in sys.modules.items() if module is not None))
sys.exit(code)
"""

NOT_AT_START = (
    "aitasker_desktop.ui.drafts_page",
    "aitasker_desktop.ui.spending.place",
    "aitasker_desktop.ui.task_page.page",
    "aitasker_desktop.ui.settings_dialog",
    "aitasker_desktop.ui.welcome",
    "httpx._main",  # and with it rich, click and pygments, when they are installed
)


def test_ready_to_work_without_what_was_not_opened(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-c", CHILD, "--data-dir", str(tmp_path / "data"), "--exit-when", "ready"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "aitasker-desktop: ready" in result.stdout
    line = next(x for x in result.stdout.splitlines() if x.startswith("loaded:"))
    loaded = set(line.split()[1:])
    assert "aitasker_desktop.ui.editor.page" in loaded and "httpx" in loaded  # it did run
    assert sorted(loaded & set(NOT_AT_START)) == []
