"""Screenshots of the editor in a process of its own (so QT_SCALE_FACTOR can be set), and a
list of controls too narrow for their text.

    QT_SCALE_FACTOR=2 python tests/gui/editor_screens.py OUT_DIR light|dark

Prints one line per clipped control (`clipped: ...`), then `done`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

import aitasker_desktop.domain.task  # noqa: F401  (pydantic before shiboken's hook)
from aitasker_desktop.api.errors import ValidationError
from aitasker_desktop.desktop import build_desktop
from aitasker_desktop.options import Options
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services.sandbox_process import SandboxSetup
from aitasker_desktop.ui.editor.posting import QUEUED_NOTE
from aitasker_desktop.ui.main_window import MainWindow
from aitasker_desktop.ui.theme import apply_theme
from tests.screens import placeholder_problem


def _real_time_sandbox(setup: SandboxSetup) -> EmbeddedSandbox:
    return EmbeddedSandbox(data_dir=setup.data_dir, speed=1.0, surface=setup.surface)


def wait(app: QApplication, done, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def clipped(root: QWidget) -> list[str]:
    """Visible controls narrower than the text they show needs."""
    found = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 0:
            continue
        if isinstance(w, QLabel) and (w.wordWrap() or not w.text()):
            continue
        if isinstance(w, QAbstractButton) and not w.text():
            continue  # icon-only (a field's clear button)
        if isinstance(w, QLabel | QAbstractButton | QComboBox):
            need = w.minimumSizeHint().width()
            if isinstance(w, QComboBox) and not w.isEditable():
                need = w.sizeHint().width()
            if w.width() + 1 < need:
                name = w.accessibleName() or w.objectName() or type(w).__name__
                found.append(f"{name} ({w.width()} < {need})")
        elif (
            isinstance(w, QLineEdit)
            and w.text()
            and w.fontMetrics().horizontalAdvance(w.text()) > w.width() - 8
        ):
            found.append(f"{w.accessibleName()} text wider than the field")
        elif isinstance(w, QPlainTextEdit) and (problem := placeholder_problem(w)):
            found.append(f"{w.accessibleName()} example: {problem}")
    return found


def main() -> None:
    out, theme = Path(sys.argv[1]), sys.argv[2]
    out.mkdir(parents=True, exist_ok=True)
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    prefix = f"x{scale}-{theme}" + (f"-{sys.argv[3]}" if len(sys.argv) > 3 else "")
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow()
        width, height = (
            int(v) for v in (sys.argv[3] if len(sys.argv) > 3 else "1100x800").split("x")
        )
        window.resize(width, height)
        window.show()
        desktop = build_desktop(
            Options(data_dir=Path(tmp) / "data"), window, sandbox_factory=_real_time_sandbox
        )
        desktop.start()
        editor = desktop.editor
        wait(app, lambda: editor.catalog is not None)
        wait(app, lambda: desktop.connection is not None and desktop.connection.world is not None)
        # The balance too: its text is the status bar's longest, and it came at any moment.
        wait(app, lambda: desktop.balance.balance is not None)
        # After start-up: the app applies the theme from its settings while starting.
        apply_theme(app, theme)
        app.processEvents()
        window.show_place("new_brief")
        try:
            window.grab().save(str(out / f"{prefix}-1-empty.png"))
            for line in clipped(window):  # the empty fields' examples
                print(f"clipped: {line}")
            editor.category_combo.setCurrentIndex(
                editor.category_combo.findText("Writing & Translation")
            )
            index = next(
                i
                for i in range(editor.type_combo.count())
                if "Blog" in editor.type_combo.itemText(i)
            )
            editor.type_combo.setCurrentIndex(index)
            editor.title_edit.setText("Bakery blog post about our sourdough")
            editor.on_title_edit_text_edited(editor.title_edit.text())
            editor.brief_edit.setPlainText(
                "A friendly blog post for small bakery owners about keeping a sourdough "
                "starter alive through a busy week. Include three tips and a recieve-by date."
            )
            wait(app, lambda: desktop.spelling.is_settled, 60)  # read now: the brief has text
            editor.budget_spin.setValue(140)
            image = QImage(120, 80, QImage.Format.Format_RGB32)
            image.fill(Qt.GlobalColor.darkMagenta)
            png = Path(tmp) / "moodboard.png"
            image.save(str(png))
            bad = Path(tmp) / "movie.mov"
            bad.write_bytes(b"x")
            editor.add_files([png, bad])
            wait(app, lambda: len(editor.draft.brief.attachments) == 1)
            editor.advanced_toggle.setChecked(True)
            editor.show_suggestions("• Say who the readers are.\n• Give a word count.")
            assert editor.posting is not None
            editor.posting.on_submission_failed(
                editor.draft.id, ValidationError(field_errors={"title": "Be more specific."})
            )
            editor.flush_refresh()
            app.processEvents()
            window.grab().save(str(out / f"{prefix}-2-window.png"))
            content = editor.content
            content.resize(content.width(), content.sizeHint().height())
            content.grab().save(str(out / f"{prefix}-3-all-steps.png"))
            for line in clipped(window):
                print(f"clipped: {line}")
            editor.set_busy(False)
            editor.set_locked(QUEUED_NOTE)
            editor.footer_message("AITasker cannot be reached right now.", "warning")
            app.processEvents()
            window.grab().save(str(out / f"{prefix}-4-queued.png"))
            editor.set_locked("")
            editor.new_kit_button.click()
            from aitasker_desktop.ui.editor.brand_kit_dialog import BrandKitDialog

            dialog = editor.findChild(BrandKitDialog)
            assert dialog is not None
            dialog.name_edit.setText("Cafe Luna")
            dialog.colours_edit.setText("#1A73E8, #FFFFFF, teal")
            dialog.on_buttons_accepted()
            app.processEvents()
            dialog.grab().save(str(out / f"{prefix}-5-brand-kit.png"))
            for line in clipped(dialog):
                print(f"clipped: {line}")
            dialog.reject()
        finally:
            desktop.shutdown()
            window.close()
    print("done")


if __name__ == "__main__":
    main()
