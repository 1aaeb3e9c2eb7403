"""Autosave in the whole app: typing is on disk, and a restart of the
app on the same data dir reopens the work in the editor and lists it under Drafts."""

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.options import Options
from aitasker_desktop.ui.drafts_model import DraftsModel
from tests.gui.desktop_helpers import start_desktop


def _start(qtbot: QtBot, data_dir: Path) -> Desktop:
    return start_desktop(qtbot, Options(data_dir=data_dir))


def test_typing_is_saved_and_survives_a_restart(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = _start(qtbot, data_dir)
    try:
        editor = first.editor
        assert first.drafts is not None
        editor.title_edit.setFocus()
        qtbot.keyClicks(editor.title_edit, "Logo for Rosie's Bakery")
        editor.brief_edit.setFocus()
        qtbot.keyClicks(editor.brief_edit, "A warm, hand-drawn logo for a family bakery.")
        # How soon is test_drafts_disk.py's business (counted in keys, not seconds).
        qtbot.waitUntil(lambda: not first.drafts.has_unsaved, timeout=10_000)
        draft_id = editor.draft.id
    finally:
        first.shutdown()

    second = _start(qtbot, data_dir)
    try:
        editor = second.editor
        assert editor.title_edit.text() == "Logo for Rosie's Bakery"
        assert editor.brief_edit.toPlainText() == "A warm, hand-drawn logo for a family bakery."
        assert editor.draft.id == draft_id

        second.window.show_place("drafts")
        page = second.drafts_page
        assert page is not None
        qtbot.waitUntil(lambda: page.proxy.rowCount() == 1)
        assert page.proxy.index(0, DraftsModel.TITLE).data() == "Logo for Rosie's Bakery"
        # Opening it from the list goes back to the editor with that draft.
        page.table.setFocus()
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
        assert second.window.current_place() == "new_brief"
    finally:
        second.shutdown()


def test_last_keystrokes_are_flushed_at_shutdown(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = _start(qtbot, data_dir)
    try:
        editor = getattr(first, "editor")  # noqa: B009
        editor.title_edit.setFocus()
        qtbot.keyClicks(editor.title_edit, "Quit right after typing")
    finally:
        first.shutdown()  # well before the autosave delay
    second = _start(qtbot, data_dir)
    try:
        assert second.editor.title_edit.text() == "Quit right after typing"
    finally:
        second.shutdown()
