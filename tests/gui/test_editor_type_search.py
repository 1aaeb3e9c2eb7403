"""Finding the task type by the words people use: typed into the type box, picked with keys;
and the line under the type when the brief points to a narrower one (a wordmark)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.ui.editor import BriefEditor
from aitasker_desktop.ui.editor.pickers import SearchCombo
from tests.gui.editor_helpers import pick
from tests.gui.editor_rig import EditorRig, sandbox_catalog
from tests.gui.tips import assert_tip_reads
from tests.screens import save_screen, screens_dir

SCREENS = screens_dir("editor-type")


def popup_of(combo: SearchCombo) -> QAbstractItemView:
    completer = combo.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    return popup


def type_in(editor: BriefEditor, qtbot: QtBot, text: str) -> list[str]:
    """Type into the task type box; the list the person sees, top to bottom."""
    combo = editor.type_combo
    combo.setFocus()
    line = combo.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, text)
    popup = popup_of(combo)
    qtbot.waitUntil(popup.isVisible)
    model = popup.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


@pytest.mark.parametrize(
    ("typed", "first", "key"),
    [
        ("flyer", "Flyer & poster (Graphics & Design)", "graphics-design/flyer-design"),
        ("translate", "Translation (Writing & Translation)", "writing-translation/translation"),
        ("excel", "Spreadsheet (Data)", "data/spreadsheet"),
        ("powerpoint", "Presentation slides (Business)", "business/presentation-design"),
        ("presentation", "Presentation slides (Business)", "business/presentation-design"),
        ("resume", "Resume & CV (Writing & Translation)", "writing-translation/resume-writing"),
    ],
)
def test_common_words_list_the_type_first_and_keys_pick_it(
    editor: BriefEditor, qtbot: QtBot, typed: str, first: str, key: str
) -> None:
    listed = type_in(editor, qtbot, typed)
    assert listed[0] == first
    popup = popup_of(editor.type_combo)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    brief = editor.draft.brief
    assert f"{brief.category}/{brief.task_type}" == key
    # Its category is chosen, and the list now holds that category's types by name alone.
    qtbot.waitUntil(lambda: editor.type_combo.currentText() == first.split(" (")[0])
    assert editor.type_combo.current_key() == key


def test_api_lists_the_api_type_before_web_scraping(editor: BriefEditor, qtbot: QtBot) -> None:
    listed = type_in(editor, qtbot, "api")
    assert listed[0] == "API integration (Programming & Automation)"
    assert listed.index("Web scraping (Programming & Automation)") > 0
    editor.window().resize(1280, 800)
    save_screen(editor.window(), SCREENS / "1-api-search.png")
    popup = popup_of(editor.type_combo)
    assert popup.grab().save(str(SCREENS / "1-api-search-list.png"))


def test_a_clear_best_name_is_taken_on_tab(editor: BriefEditor, qtbot: QtBot) -> None:
    type_in(editor, qtbot, "wordm")
    qtbot.keyClick(popup_of(editor.type_combo), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: editor.draft.brief.task_type == "wordmark")


def test_several_matches_on_tab_say_so(editor: BriefEditor, qtbot: QtBot) -> None:
    type_in(editor, qtbot, "slides")  # Presentation slides and Pitch deck
    qtbot.keyClick(popup_of(editor.type_combo), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: "matches more than one" in editor.type_error.text())
    assert editor.draft.brief.task_type == ""


def test_a_text_only_logo_brief_suggests_a_wordmark(editor: BriefEditor, qtbot: QtBot) -> None:
    hint = editor.type_hint
    pick(qtbot, editor.category_combo, "graphics")
    pick(qtbot, editor.type_combo, "logo")
    assert editor.draft.brief.task_type == "logo-design"
    qtbot.keyClicks(editor.title_edit, "Crumb & Co name")
    qtbot.keyClicks(editor.brief_edit, "Our name in a clean serif typeface, text only.")
    qtbot.waitUntil(hint.row.isVisible)
    assert hint.button.text() == "Use Wordmark"
    assert "wordmark" in hint.label.text()
    window = editor.window()
    window.resize(1280, 800)
    editor.scroll_area.verticalScrollBar().setValue(0)
    save_screen(window, SCREENS / "2-wordmark-hint.png", texts=["Use Wordmark"])
    qtbot.mouseClick(hint.button, Qt.MouseButton.LeftButton)
    assert editor.draft.brief.task_type == "wordmark"
    assert editor.type_combo.currentText() == "Wordmark"
    assert not hint.row.isVisible()
    # One undo: back to the logo, and the hint comes back.
    qtbot.keyClick(editor.brief_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.draft.brief.task_type == "logo-design"
    assert "text only" in editor.draft.brief.description
    qtbot.waitUntil(hint.row.isVisible)


def test_an_ordinary_logo_brief_gets_no_hint(editor: BriefEditor, qtbot: QtBot) -> None:
    pick(qtbot, editor.category_combo, "graphics")
    pick(qtbot, editor.type_combo, "logo")
    qtbot.keyClicks(editor.brief_edit, "An owl symbol with our name beside it.")
    editor.type_hint.update()  # what the pause after typing does
    assert not editor.type_hint.row.isVisible()


MARKED = "<b>Logo</b> design &amp; a wordmark: the mark, its colours and files to print"


def served_with_markup() -> Catalog:
    """The sandbox's catalog as a server could send it: a type's description holds markup."""
    data = sandbox_catalog().model_dump(mode="json")
    for category in data["categories"]:
        for task_type in category["task_types"]:
            if task_type["slug"] == "logo-design":
                task_type["description"] = MARKED
    return Catalog.model_validate(data)


def test_a_type_description_that_looks_like_markup_reads_as_sent(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Hovering the type in the list shows the server's words, not a bold "Logo" and "&"."""
    rig = EditorRig(
        tmp_path / "data" / "store.sqlite3", tmp_path / "cache", catalog=served_with_markup()
    )
    qtbot.addWidget(rig.window)
    try:
        qtbot.waitUntil(lambda: rig.ready, timeout=10_000)
        combo = rig.editor.type_combo
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # the list
        view = combo.view()
        qtbot.waitUntil(view.isVisible)
        row = combo.findData("graphics-design/logo-design")
        tip = view.model().index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
        assert_tip_reads(tip, MARKED)
        combo.hidePopup()
    finally:
        rig.close()
