"""The note to the agents: what is sent is what the person wrote, cleaned; too long is said
next to the box and nothing is lost; a failure keeps the text."""

from __future__ import annotations

from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from aitasker_desktop.api.errors import NetworkError
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.domain.task import StatusChange, Task
from aitasker_desktop.services.client_api import ClientApi
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.runner import InlineRunner
from aitasker_desktop.services.task_actions import TaskActionsService
from aitasker_desktop.ui.task_page.offer_panels import MAX_NOTE_CHARS, NoteBox, clean_note
from tests.gui.task_page_helpers import click

WORKING = Task(id="t1", title="Tea", status=Status.PROTOTYPING)


class Notes(ClientApi):
    def __init__(self) -> None:
        self.sent: list[str] = []
        self.fail: Exception | None = None

    def send_note(self, task_id: str, text: str) -> Task:
        if self.fail is not None:
            raise self.fail
        self.sent.append(text)
        at = datetime(2026, 11, 30, tzinfo=UTC)
        return WORKING.model_copy(
            update={"history": [StatusChange(status=WORKING.status, at=at, note=text)]}
        )

    def close(self) -> None:
        pass


def box_for(qtbot: QtBot, client: Notes) -> NoteBox:
    connection = Connection(InlineRunner())
    connection.set_client(client, World(WorldKind.SANDBOX, "http://127.0.0.1:1"))
    box = NoteBox(TaskActionsService(connection))
    qtbot.addWidget(box)
    box.show()
    box.show_task(WORKING)
    return box


def test_the_note_sent_is_cleaned_of_control_and_direction_characters(qtbot: QtBot) -> None:
    client = Notes()
    box = box_for(qtbot, client)
    assert box.isVisible() and not box.send_button.isEnabled()
    qtbot.keyClicks(box.text_box, "Use ")
    box.text_box.insertPlainText("\u202eUK\u202c spelling,\tplease")  # pasted
    click(qtbot, box.send_button)
    assert client.sent == ["Use UK spelling,\tplease"]
    assert box.message.text().startswith("Sent.")
    assert box.text_box.toPlainText() == ""


def test_too_long_is_said_next_to_the_box_and_nothing_is_lost(qtbot: QtBot) -> None:
    client = Notes()
    box = box_for(qtbot, client)
    pasted = "word " * 401  # 2,005 characters, pasted
    box.text_box.setPlainText(pasted)
    assert box.message.isVisible()
    assert box.message.text() == (
        f"A note can be up to {MAX_NOTE_CHARS:,} characters; this one has 2,004. "
        "Shorten it to send."
    )
    assert not box.send_button.isEnabled()
    assert box.text_box.toPlainText() == pasted
    box.text_box.setPlainText(pasted[:1500])
    assert not box.message.isVisible() and box.send_button.isEnabled()


def test_a_failed_note_keeps_the_text_and_says_why(qtbot: QtBot) -> None:
    client = Notes()
    client.fail = NetworkError("AITasker cannot be reached.")
    box = box_for(qtbot, client)
    qtbot.keyClicks(box.text_box, "Mention matcha.")
    click(qtbot, box.send_button)
    assert box.message.text() == (
        "The note was not sent: AITasker cannot be reached. Your text is kept."
    )
    assert box.text_box.toPlainText() == "Mention matcha."
    assert box.send_button.isEnabled()


def test_no_note_box_where_agents_are_not_working(qtbot: QtBot) -> None:
    box = box_for(qtbot, Notes())
    for status in (Status.OPEN, Status.REVIEW, Status.COMPLETED, Status.CANCELLED):
        box.show_task(WORKING.model_copy(update={"status": status}))
        assert not box.isVisible()


def test_clean_note_keeps_lines_and_drops_the_rest() -> None:
    assert clean_note(" a\r\nb\x00c\u200fd\ud800 ") == "a\nbcd\ufffd"
