"""The two questions the editor asks before it changes something for good, answered as a
person answers them: by clicking one of the dialog's buttons."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.ui.editor.idea_box import ask_to_replace
from aitasker_desktop.ui.editor.posting import ask_to_post

Ask = Callable[[QWidget, str], bool]


def answer(qtbot: QtBot, ask: Ask, text: str, button: str) -> tuple[bool, str, list[str]]:
    """Ask, click `button` once the dialog is up; what it returned, said and offered."""
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}

    def click_when_shown() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click_when_shown)
            return
        seen["text"] = box.text()
        seen["buttons"] = [b.text() for b in box.findChildren(QPushButton)]
        chosen = next(b for b in box.findChildren(QPushButton) if b.text() == button)
        qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click_when_shown)
    result = ask(parent, text)
    buttons = seen["buttons"]
    assert isinstance(buttons, list)
    return result, str(seen["text"]), sorted(buttons)


@pytest.mark.parametrize(("button", "posts"), [("Post task", True), ("Keep editing", False)])
def test_posting_asks_first(qtbot: QtBot, button: str, posts: bool) -> None:
    said = "Post “Menu photos” for $25.50?"
    result, text, buttons = answer(qtbot, ask_to_post, said, button)
    assert (result, text, buttons) == (posts, said, ["Keep editing", "Post task"])


@pytest.mark.parametrize(("button", "replaces"), [("Replace", True), ("Keep mine", False)])
def test_an_idea_asks_before_it_replaces_the_brief(
    qtbot: QtBot, button: str, replaces: bool
) -> None:
    said = "Replace the title and brief you wrote?"
    result, text, buttons = answer(qtbot, ask_to_replace, said, button)
    assert (result, text, buttons) == (replaces, said, ["Keep mine", "Replace"])
