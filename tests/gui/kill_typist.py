"""A person typing steadily into the real editor, to be killed (tests/gui/test_drafts_kill.py,
bench/autosave.py).

Usage: python -m tests.gui.kill_typist DATA_DIR [KEY_MS]

Starts the editor on DATA_DIR's store (it reopens the last draft, as the app does), puts the
cursor at the end of the brief and types `typed_text` onward from what the brief holds, one
key event every KEY_MS (default 110, the issue's tester), never pausing. It never calls save:
autosave does what it does. After every key it prints one line, `LENGTH MONOTONIC`: the
brief's length once the key went in, and when (time.monotonic, seconds). It prints `ready
LENGTH` first. It types until it is killed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import aitasker_desktop.domain.task  # noqa: F401  (pydantic before shiboken's hook)

TEXT = "Steady typing, never a pause: café menus, naïve art, 12.50 a slice. "


def typed_text(length: int) -> str:
    """The brief after `length` characters (deterministic, so a test can check it)."""
    return (TEXT * (length // len(TEXT) + 1))[:length]


def main(data_dir: Path, key_ms: int) -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from tests.gui.editor_rig import EditorRig

    app = QApplication(sys.argv[:1])
    rig = EditorRig(data_dir / "store.sqlite3", data_dir / "cache")
    editor = rig.editor
    while not rig.ready:
        app.processEvents()
        time.sleep(0.005)
    box = editor.brief_edit
    box.setFocus()
    cursor = box.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    box.setTextCursor(cursor)
    out = sys.stdout
    out.write(f"ready {len(box.toPlainText())}\n")
    out.flush()

    def type_one() -> None:
        length = len(box.toPlainText())
        ch = typed_text(length + 1)[-1]
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            key = ord(ch.upper()) if ch.isascii() else 0  # Qt's key codes are ASCII's
            app.sendEvent(box, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
        out.write(f"{len(box.toPlainText())} {time.monotonic():.4f}\n")
        out.flush()

    typist = QTimer()
    typist.setTimerType(Qt.TimerType.PreciseTimer)
    typist.setInterval(key_ms)
    typist.timeout.connect(type_one)
    typist.start()
    app.exec()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 110)
