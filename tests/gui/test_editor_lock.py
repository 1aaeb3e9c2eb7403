"""What is waiting to be posted cannot be changed, wherever it is opened from; and the
editor's messages keep readable colours when the theme changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.ui.editor import BriefEditor
from aitasker_desktop.ui.editor.posting import QUEUED_NOTE
from tests.gui.editor_helpers import fill, server_tasks


def test_a_queued_brief_opened_from_drafts_is_locked_and_posted_once(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot
) -> None:
    sandbox, drafts_page = desktop.sandbox.server, desktop.drafts_page
    assert sandbox is not None and drafts_page is not None
    editor.confirm = lambda _parent, _text: True
    fill(qtbot, editor, budget="8")
    queued_id = editor.draft.id
    sandbox.stop()
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.lock_note.text() == QUEUED_NOTE, timeout=20_000)

    # The person moves on to another brief, then looks for the waiting one in Drafts.
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    assert not editor.is_locked and editor.title_edit.text() == ""
    qtbot.keyClicks(editor.title_edit, "Second brief, still a draft")
    desktop.window.show_place("drafts")
    qtbot.waitUntil(lambda: drafts_page.select(queued_id))
    qtbot.mouseClick(drafts_page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.window.current_place() == "new_brief")
    assert editor.draft.id == queued_id
    assert editor.is_locked and editor.lock_note.text() == QUEUED_NOTE
    assert editor.title_edit.isReadOnly() and not editor.post_button.isEnabled()
    qtbot.keyClick(editor.brief_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.draft.brief.title == "Bakery blog post"  # undo cannot change it either

    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)  # back to other work
    sandbox.start()
    qtbot.waitUntil(lambda: "was posted" in editor.footer.text(), timeout=30_000)
    assert "Bakery blog post" in editor.footer.text()
    assert [t.title for t in server_tasks(desktop)] == ["Bakery blog post"]
    assert desktop.window.current_place() == "new_brief"  # not pulled away from the new brief


def test_message_colours_follow_the_theme(editor: BriefEditor, qtbot: QtBot) -> None:
    from aitasker_desktop.ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)

    def colour() -> str:
        return editor.title_error.palette().color(QPalette.ColorRole.WindowText).name()

    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)  # an empty brief
    assert editor.title_error.text() == "Give your task a title."
    assert colour() == "#c42b1c"
    try:
        apply_theme(app, "dark")  # the new palette reaches the widgets through the event loop
        qtbot.waitUntil(lambda: colour() == "#ff99a4")  # light red on a dark window
        assert editor.budget_error.palette().color(QPalette.ColorRole.WindowText).name() == (
            "#ff99a4"
        )
    finally:
        apply_theme(app, "light")
    qtbot.waitUntil(lambda: colour() == "#c42b1c")
