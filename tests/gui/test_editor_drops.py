"""Files dropped anywhere on the editor page are attached, whichever field they land on: never
pasted into it as their paths. Text dropped into a text field is still typed there, and a
picker shows only what the draft holds. Files copied in a file manager and pasted (Ctrl+V)
into the title or the idea box are attached too; text pasted there is still text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.ui.editor import BriefEditor
from tests.gui.editor_helpers import drag_and_drop, files_dragged, pick
from tests.screens import save_screen, screens_dir

SCREENS = screens_dir("editor-drops")


def attached(editor: BriefEditor) -> list[str]:
    return [a.name for a in editor.draft.brief.attachments]


def test_files_dropped_on_any_field_are_attached_not_pasted(
    editor: BriefEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    pick(qtbot, editor.category_combo, "writing")
    pick(qtbot, editor.type_combo, "blog")
    qtbot.keyClicks(editor.title_edit, "Bakery post")
    qtbot.keyClicks(editor.idea_box.idea_edit, "A blog post")
    category = editor.category_combo.currentText()
    fields = {
        "title": editor.title_edit.viewport(),
        "category": editor.category_combo.lineEdit(),
        "type": editor.type_combo.lineEdit(),
        "idea": editor.idea_box.idea_edit,
        "brief": editor.brief_edit.viewport(),
        "budget": editor.budget_spin.lineEdit(),
    }
    names: list[str] = []
    for where, widget in fields.items():
        assert widget is not None
        path = tmp_path / f"dropped on {where}.pdf"
        path.write_bytes(b"%PDF-1.4 x")
        assert drag_and_drop(widget, files_dragged([path])), where
        names.append(path.name)
        qtbot.waitUntil(lambda: attached(editor) == names)
        # Nothing was pasted: every field shows what it showed, and the draft holds it.
        assert editor.title_edit.text() == editor.draft.brief.title == "Bakery post", where
        assert editor.category_combo.currentText() == category, where
        assert editor.type_combo.currentText() == "Blog post", where
        assert editor.draft.brief.task_type == "blog-post", where
        assert editor.idea_box.idea_edit.text() == "A blog post", where
        assert editor.brief_edit.toPlainText() == "", where
    window = editor.window()
    window.resize(1280, 800)
    editor.scroll_area.ensureWidgetVisible(editor.attachments)
    save_screen(
        window, SCREENS / "1-dropped-on-fields.png", texts=["Drop files anywhere on this page"]
    )


def test_text_dropped_is_typed_in_a_text_field_and_refused_by_a_picker(
    editor: BriefEditor, qtbot: QtBot
) -> None:
    pick(qtbot, editor.category_combo, "writing")
    pick(qtbot, editor.type_combo, "blog")
    words = QMimeData()
    words.setText("Fresh bread")
    assert drag_and_drop(editor.title_edit.viewport(), words)
    assert editor.title_edit.text() == editor.draft.brief.title == "Fresh bread"
    assert drag_and_drop(editor.brief_edit.viewport(), words)
    assert editor.draft.brief.description == "Fresh bread"
    # A picker is chosen from its list: dropped text would show a type the draft lacks.
    picker = editor.type_combo.lineEdit()
    assert picker is not None
    assert not drag_and_drop(picker, words)
    assert editor.type_combo.currentText() == "Blog post"
    assert editor.draft.brief.task_type == "blog-post"
    assert attached(editor) == []


# -- pasting -----------------------------------------------------------------------------------


@pytest.fixture
def clipboard() -> Iterator[None]:
    yield
    QApplication.clipboard().clear()  # the next test starts with nothing copied


def paste(qtbot: QtBot, box: QWidget, mime: QMimeData) -> None:
    """Put `mime` on the clipboard and press Ctrl+V in `box`, as a person pastes."""
    QApplication.clipboard().setMimeData(mime)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_files_pasted_into_the_title_or_the_idea_box_are_attached(
    editor: BriefEditor, qtbot: QtBot, tmp_path: Path, clipboard: None
) -> None:
    qtbot.keyClicks(editor.title_edit, "Bakery post")
    qtbot.keyClicks(editor.idea_box.idea_edit, "A blog post")
    logo, menu, prices = (tmp_path / n for n in ("logo.pdf", "menu.pdf", "prices.pdf"))
    for path in (logo, menu, prices):
        path.write_bytes(b"%PDF-1.4 x")
    # Copied in a file manager: their URLs, and the same as text ("file:///…/logo.pdf").
    paste(qtbot, editor.title_edit, files_dragged([logo, menu]))
    qtbot.waitUntil(lambda: attached(editor) == ["logo.pdf", "menu.pdf"])
    assert editor.title_edit.text() == editor.draft.brief.title == "Bakery post"
    paste(qtbot, editor.idea_box.idea_edit, files_dragged([prices]))
    qtbot.waitUntil(lambda: attached(editor) == ["logo.pdf", "menu.pdf", "prices.pdf"])
    assert editor.idea_box.idea_edit.text() == "A blog post"
    assert editor.title_edit.text() == editor.draft.brief.title == "Bakery post"
    assert editor.brief_edit.toPlainText() == ""
    window = editor.window()
    window.resize(1280, 800)
    editor.scroll_area.ensureWidgetVisible(editor.attachments)
    save_screen(
        window, SCREENS / "2-pasted-into-fields.png", texts=["Drop files anywhere on this page"]
    )


def paste_from_menu(box: QWidget, mime: QMimeData) -> None:
    """Put `mime` on the clipboard, right-click `box` and choose Paste, as a person does."""
    QApplication.clipboard().setMimeData(mime)

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        (action,) = [a for a in menu.actions() if a.text().replace("&", "").startswith("Paste")]
        assert action.isEnabled()
        menu.setActiveAction(action)
        action.trigger()
        menu.close()

    QTimer.singleShot(0, choose)
    where = QPoint(10, 10)
    QApplication.sendEvent(
        box, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, box.mapToGlobal(where))
    )


def test_files_pasted_from_the_right_click_menu_are_attached(
    editor: BriefEditor, qtbot: QtBot, tmp_path: Path, clipboard: None
) -> None:
    qtbot.keyClicks(editor.title_edit, "Bakery post")
    logo, menu = tmp_path / "logo.pdf", tmp_path / "menu.pdf"
    for path in (logo, menu):
        path.write_bytes(b"%PDF-1.4 x")
    paste_from_menu(editor.idea_box.idea_edit, files_dragged([logo], with_text=False))
    qtbot.waitUntil(lambda: attached(editor) == ["logo.pdf"])
    assert editor.idea_box.idea_edit.text() == ""
    paste_from_menu(editor.title_edit.viewport(), files_dragged([menu]))
    qtbot.waitUntil(lambda: attached(editor) == ["logo.pdf", "menu.pdf"])
    assert editor.title_edit.text() == editor.draft.brief.title == "Bakery post"


def test_text_pasted_into_the_title_or_the_idea_box_is_text(
    editor: BriefEditor, qtbot: QtBot, clipboard: None
) -> None:
    words = QMimeData()
    words.setText("Fresh bread")
    paste(qtbot, editor.title_edit, words)
    assert editor.title_edit.text() == editor.draft.brief.title == "Fresh bread"
    paste(qtbot, editor.idea_box.idea_edit, words)
    assert editor.idea_box.idea_edit.text() == "Fresh bread"
    # A web link copied in a browser is no file of this computer: its address is pasted.
    link = QMimeData()
    link.setUrls([QUrl("https://example.com/bread.pdf")])
    link.setText("https://example.com/bread.pdf")
    paste(qtbot, editor.idea_box.idea_edit, link)
    assert editor.idea_box.idea_edit.text() == "Fresh breadhttps://example.com/bread.pdf"
    paste(qtbot, editor.title_edit, link)
    assert editor.title_edit.text() == "Fresh breadhttps://example.com/bread.pdf"
    assert editor.draft.brief.title == editor.title_edit.text()
    assert attached(editor) == []
