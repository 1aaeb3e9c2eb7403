"""A brief confirmed while AITasker cannot be reached waits to be posted. Deleting its draft
under Drafts asks first and cancels the posting: when AITasker is back, no task is made and no
money is held, even after the draft is restored or deleted for good."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.ui.editor import BriefEditor
from tests.gui.editor_helpers import fill, server_tasks
from tests.gui.task_page_helpers import on_next_dialog, press
from tests.screens import save_screen, screens_dir

SCREENS = screens_dir("drafts")


def test_deleting_a_waiting_draft_cancels_its_posting(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot
) -> None:
    sandbox = desktop.sandbox.server
    submission = desktop.submission
    assert sandbox is not None and submission is not None
    editor.confirm = lambda _parent, _text: True
    fill(qtbot, editor, budget="8")
    sandbox.stop()  # AITasker cannot be reached
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "waiting to be posted" in editor.lock_note.text(), timeout=20_000)
    submission.stop()  # no retry in the background while the test reads the screen

    desktop.window.show_place("drafts")
    page = desktop.drafts_page
    qtbot.waitUntil(lambda: page.proxy.index(0, 2).data() == "Waiting to send")
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    said: list[str] = []

    def cancel_posting(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        save_screen(box, SCREENS / "cancel-posting-question-light.png")
        press(box, "Delete and cancel posting")

    on_next_dialog(qtbot, cancel_posting)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "Deleting the draft cancels that, so the task will not be posted" in said[0]
    assert page.undo_bar.label.text().startswith(
        "Deleted “Bakery blog post” and cancelled its posting: it will not be posted."
    )
    save_screen(desktop.window, SCREENS / "deleted-waiting-light.png")
    assert "will not be posted" in editor.footer.text()  # the editor no longer promises it

    # Restored from the trash, it is a draft again, not a post on its way; then gone for good.
    qtbot.mouseClick(page.show_trash, Qt.MouseButton.LeftButton)
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    assert page.proxy.index(0, 2).data() == "Draft"
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.show_drafts, Qt.MouseButton.LeftButton)
    assert page.proxy.index(0, 2).data() == "Draft"
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)  # nothing waits: no question
    qtbot.mouseClick(page.show_trash, Qt.MouseButton.LeftButton)
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    on_next_dialog(qtbot, lambda box: press(box, "&Yes"))
    qtbot.mouseClick(page.forget_button, Qt.MouseButton.LeftButton)
    assert page.proxy.rowCount() == 0

    sandbox.start()  # AITasker is back, same address, same data
    submission.resume()
    qtbot.waitUntil(lambda: submission.pending_count() == 0, timeout=20_000)
    assert server_tasks(desktop) == []
