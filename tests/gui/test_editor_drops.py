"""Files dropped anywhere on the editor page are attached, whichever field they land on: never
pasted into it as their paths. Text dropped into a text field is still typed there, and a
picker shows only what the draft holds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData
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
