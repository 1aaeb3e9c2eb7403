"""Text pasted into the title and the brief: controls and bidi overrides are not kept, in the
box or in the draft, so what is on screen is what is saved and posted; right-to-left text and
emoji are kept, and the cursor stays where the paste put it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.ui.editor import BriefEditor
from tests.gui.editor_helpers import fill, saved_draft, server_tasks

TITLE = "Menu\tfor the café 🍰 \u202eevil\u202c שלום \u200fעולם مرحبا \x07bell\x00nul"
TITLE_KEPT = "Menu for the café 🍰 evil שלום \u200fעולם مرحبا bellnul"
BRIEF = (
    "Line one\twith tab\nLine two 🍰👩‍👩‍👧\n"
    "شعار لمخبز \x1b[31mred\x1b[0m\u2066isolated\u2069\x00 end"
)
BRIEF_KEPT = "Line one with tab\nLine two 🍰👩‍👩‍👧\nشعار لمخبز [31mred[0misolated end"


def paste(qtbot: QtBot, box: QWidget, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_pasted_controls_are_not_kept_and_the_screen_is_what_is_saved(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot
) -> None:
    paste(qtbot, editor.title_edit, TITLE)
    paste(qtbot, editor.brief_edit, BRIEF)
    assert editor.title_edit.text() == TITLE_KEPT == editor.draft.brief.title
    assert editor.brief_edit.toPlainText() == BRIEF_KEPT == editor.draft.brief.description
    qtbot.waitUntil(lambda: not desktop.drafts.has_unsaved)
    stored = saved_draft(desktop, editor.draft.id)
    assert stored is not None
    assert (stored.brief.title, stored.brief.description) == (TITLE_KEPT, BRIEF_KEPT)
    # Typing goes on where the paste ended.
    qtbot.keyClicks(editor.brief_edit, "!")
    assert editor.draft.brief.description == BRIEF_KEPT + "!"


def test_the_cursor_stays_after_what_was_pasted_mid_line(editor: BriefEditor, qtbot: QtBot) -> None:
    paste(qtbot, editor.title_edit, "🍰 Bakery menu")  # QTest cannot type an emoji
    editor.title_edit.setCursorPosition(len("🍰 Bakery ") + 1)  # the cake is two UTF-16 units
    paste(qtbot, editor.title_edit, "\u202enew\u202c\t")
    qtbot.keyClicks(editor.title_edit, "X")
    assert editor.title_edit.text() == "🍰 Bakery new Xmenu" == editor.draft.brief.title


def test_the_title_posted_is_the_title_shown(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot
) -> None:
    editor.confirm = lambda _parent, _text: True
    fill(qtbot, editor)
    editor.title_edit.selectAll()
    paste(qtbot, editor.title_edit, "Bakery\tpost\x00\x07 \u202eevil\u202c menu")
    assert editor.title_edit.text() == "Bakery post evil menu"
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.window.current_place() == "tasks", timeout=15_000)
    (task,) = server_tasks(desktop)
    assert task.title == "Bakery post evil menu"
