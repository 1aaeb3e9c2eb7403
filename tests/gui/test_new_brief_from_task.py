"""'New brief from this task': a posted task's brief becomes a new draft in the editor."""

from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from tests.gui.task_page_helpers import click, open_from_list
from tests.sample_brief import post


def test_a_posted_task_starts_a_new_brief(desktop: Desktop, qtbot: QtBot) -> None:
    task = post(desktop.connection.client, title="Green tea launch post")
    page = open_from_list(qtbot, desktop, task.id)
    drafts_before = len(desktop.drafts.list())
    qtbot.waitUntil(page.reuse_button.isEnabled)
    click(qtbot, page.reuse_button)

    qtbot.waitUntil(lambda: desktop.window.current_place() == "new_brief")
    editor = desktop.editor
    qtbot.waitUntil(lambda: editor.title_edit.text() == "Green tea launch post")
    assert editor.brief_edit.toPlainText() == task.description
    assert len(desktop.drafts.list()) == drafts_before + 1
    # A new draft, not the posted one: it can be edited and posted again.
    assert not editor.title_edit.isReadOnly()
