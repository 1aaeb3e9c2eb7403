"""Helpers for the editor's GUI tests: start the app, pick in combos, fill, drop files."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.desktop import Desktop
from aitasker_desktop.options import Options
from aitasker_desktop.services.sandbox_process import SandboxSetup
from aitasker_desktop.ui.editor import BriefEditor
from aitasker_desktop.ui.main_window import MainWindow
from tests.gui import desktop_helpers


class UnreachableSandbox:
    """A sandbox world whose address answers nothing (a closed port on loopback)."""

    def __init__(self, _setup: SandboxSetup) -> None:
        self.base_url = f"http://127.0.0.1:{_closed_port()}"
        self.api_key = "aitk_test_unreachable"

    def start(self) -> object:
        return self

    def advance(self, seconds: float) -> None:
        raise RuntimeError("an unreachable sandbox has no clock")

    def stop(self) -> None:
        pass


def start_desktop(
    qtbot: QtBot, data_dir: Path, *, unreachable: bool = False
) -> tuple[Desktop, MainWindow]:
    """The whole app on `data_dir`; with `unreachable`, its sandbox world answers nothing."""
    seams: dict[str, Any] = {"sandbox_factory": UnreachableSandbox} if unreachable else {}
    app = desktop_helpers.start_desktop(qtbot, Options(data_dir=data_dir), **seams)
    return app, app.window


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ready(desktop: Desktop, qtbot: QtBot) -> BriefEditor:
    editor = desktop.editor
    qtbot.waitUntil(lambda: editor.catalog is not None, timeout=10_000)
    desktop.window.show_place("new_brief")
    desktop.window.activateWindow()
    qtbot.waitUntil(desktop.window.isActiveWindow)
    return editor


def drop(widget: QWidget, paths: list[Path]) -> None:
    assert drag_and_drop(widget, files_dragged(paths, with_text=False))


def files_dragged(paths: list[Path], *, with_text: bool = True) -> QMimeData:
    """Files as a file manager drags them: their URLs and (with_text) the same as text."""
    mime = QMimeData()
    urls = [QUrl.fromLocalFile(str(p)) for p in paths]
    mime.setUrls(urls)
    if with_text:
        mime.setText("\n".join(u.toString() for u in urls))
    return mime


def drag_and_drop(widget: QWidget, mime: QMimeData) -> bool:
    """Drag `mime` onto `widget` and let go, as a person does; whether anything took it.

    Qt offers a drag the widget refuses to its parents, and the drop goes where it was taken.
    """
    args = (
        QPoint(10, 10).toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(*args)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(widget, QDragMoveEvent(*args))
    dropped = QDropEvent(*args)
    QApplication.sendEvent(widget, dropped)
    return dropped.isAccepted()


def server_tasks(desktop: Desktop) -> list:  # type: ignore[type-arg]
    assert desktop.sandbox.running
    with AITaskerClient(desktop.sandbox.server.base_url, desktop.sandbox.server.api_key) as client:
        return list(client.list_tasks().tasks)


def saved_draft(desktop: Desktop, draft_id: str):
    """The draft as the store holds it (not the editor's live object)."""
    from aitasker_desktop.storage.drafts import Drafts

    assert desktop.store is not None
    return Drafts(desktop.store).get(draft_id)


def pick(qtbot: QtBot, combo, text: str) -> None:
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), text)
    # The list narrows to entries containing the text; Down and Enter take the first.
    popup = combo.completer().popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def fill(qtbot: QtBot, ed: BriefEditor, *, budget: str = "25") -> None:
    pick(qtbot, ed.category_combo, "writing")
    pick(qtbot, ed.type_combo, "blog")
    qtbot.keyClicks(ed.title_edit, "Bakery blog post")
    qtbot.keyClicks(ed.brief_edit, "A blog post for small bakery owners, friendly tone.")
    ed.budget_spin.lineEdit().selectAll()
    qtbot.keyClicks(ed.budget_spin, budget)


def type_text(widget: QWidget, text: str) -> None:
    """Key by key; letters beyond ASCII arrive as a keyboard layout sends them (their text,
    no key code), since QTest's own typing handles ASCII only."""
    for ch in text:
        if ch.isascii():
            QTest.keyClicks(widget, ch)
            continue
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
