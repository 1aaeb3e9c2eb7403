"""What is waiting to be posted cannot be changed, wherever it is opened from; a draft in the
trash looks read-only; and the editor's messages keep readable colours when the theme
changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.ui.editor import BriefEditor
from aitasker_desktop.ui.editor.posting import QUEUED_NOTE
from tests.gui.editor_helpers import drag_and_drop, files_dragged, fill, server_tasks
from tests.screens import save_screen, screens_dir

SCREENS = screens_dir("editor-lock")


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


def _background(box: QWidget) -> QColor:
    """The colour a person sees behind the text, at the box's empty right end."""
    image = box.grab().toImage()
    return image.pixelColor(image.width() - 30, image.height() // 2)


def test_a_draft_in_the_trash_looks_read_only_and_offers_nothing_to_do(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    assert desktop.drafts is not None
    fill(qtbot, editor)
    idea = editor.idea_box
    qtbot.keyClicks(idea.idea_edit, "A flyer for a bake sale")
    boxes = (editor.title_edit.viewport(), editor.brief_edit.viewport(), editor.budget_spin)
    white = [_background(box) for box in boxes]
    desktop.drafts.delete(editor.draft.id)  # from the Drafts place, while open here
    qtbot.waitUntil(lambda: editor.is_locked)
    assert editor.restore_button.isVisibleTo(editor)
    # Writing a brief is refused by its look, not by a click that does nothing.
    assert not idea.write_button.isEnabled()
    assert not idea.idea_edit.isEnabled()
    # The text stays readable, but on the window's colour: not a white place to type.
    window = editor.palette().color(QPalette.ColorRole.Window)
    for box, before in zip(boxes, white, strict=True):
        assert _background(box) == window != before
    assert editor.title_edit.isReadOnly() and editor.budget_spin.isReadOnly()
    logo = tmp_path / "logo.pdf"
    logo.write_bytes(b"%PDF-1.4 x")
    assert not drag_and_drop(editor.title_edit.viewport(), files_dragged([logo]))
    assert editor.draft.brief.attachments == []
    editor.window().resize(1280, 800)
    editor.scroll_area.verticalScrollBar().setValue(0)
    save_screen(editor.window(), SCREENS / "1-in-the-trash.png", texts=["Restore this draft"])

    qtbot.mouseClick(editor.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.is_locked)
    assert idea.write_button.isEnabled() and idea.idea_edit.isEnabled()
    assert [_background(box) for box in boxes] == white
