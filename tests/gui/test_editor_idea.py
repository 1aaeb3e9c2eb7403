""" "Describe what you need in a sentence": a whole brief from an idea, against the real
embedded sandbox, undone in one Ctrl+Z; the hourly count, the refusal at none left, and
plain words for a server that fails."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import httpx
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.api.errors import NetworkError, RateLimited, ServerError
from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain import protocol
from aitasker_desktop.ui.editor import BriefEditor
from aitasker_desktop.ui.editor.idea_box import failure_text
from tests.gui.editor_helpers import pick
from tests.screens import save_screen, screens_dir

SCREENS = screens_dir("editor-idea")
FIELDS = ("title", "description", "category", "task_type", "budget_usd")


def fields(editor: BriefEditor) -> dict[str, object]:
    brief = editor.draft.brief
    return {f: getattr(brief, f) for f in FIELDS}


def shown(editor: BriefEditor) -> dict[str, object]:
    """What the screen shows for the same fields."""
    return {
        "title": editor.title_edit.text(),
        "description": editor.brief_edit.toPlainText(),
        "type": editor.type_combo.currentText(),
        "budget": editor.budget_spin.text(),
    }


def write(editor: BriefEditor, qtbot: QtBot, idea: str) -> None:
    box = editor.idea_box
    box.idea_edit.setFocus()
    box.idea_edit.selectAll()
    qtbot.keyClicks(box.idea_edit, idea)
    qtbot.mouseClick(box.write_button, Qt.MouseButton.LeftButton)


def shot(editor: BriefEditor, name: str, texts: list[str]) -> None:
    """The window at 1280x800, scrolled to the top of the editor, as a person sees it."""
    window = editor.window()
    window.resize(1280, 800)
    editor.scroll_area.verticalScrollBar().setValue(0)
    save_screen(window, SCREENS / name, texts=texts)


def uses_text(editor: BriefEditor) -> str:
    return editor.idea_box.uses.text()


def _shows(editor: BriefEditor, text: str) -> Callable[[], bool]:
    return lambda: text in uses_text(editor)


def test_a_sentence_fills_the_brief_and_one_undo_takes_it_back(
    editor: BriefEditor, qtbot: QtBot
) -> None:
    assert editor.idea_box.isVisible()
    assert uses_text(editor) == "10 brief drafts left this hour (of 10)."
    before, before_shown = fields(editor), shown(editor)
    write(editor, qtbot, "A wordmark for my bakery, Crumb & Co, calm and premium")
    qtbot.waitUntil(lambda: editor.draft.brief.description != "", timeout=10_000)
    brief = editor.draft.brief
    assert (brief.category, brief.task_type) == ("graphics-design", "wordmark")
    assert "wordmark for my bakery, Crumb & Co" in brief.description
    assert brief.title.startswith("Wordmark: ")
    assert brief.budget_usd == 45.0  # the type's median win price, as the sandbox answered
    # The screen shows what the draft holds.
    assert editor.brief_edit.toPlainText() == brief.description
    assert editor.title_edit.text() == brief.title
    assert editor.type_combo.currentText() == "Wordmark"
    assert "Undo (Ctrl+Z)" in editor.idea_box.done_note.text()
    assert uses_text(editor) == "9 brief drafts left this hour (of 10)."
    shot(editor, "1-brief-from-idea.png", ["Write the brief for me", "9 brief drafts left"])
    # One Ctrl+Z, the form's (from the button, which has focus after the click).
    qtbot.keyClick(editor.idea_box.write_button, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert fields(editor) == before
    assert shown(editor) == before_shown
    # And Ctrl+Shift+Z brings the whole of it back.
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Z, mods)
    assert editor.draft.brief.task_type == "wordmark"
    # The sentence typed stays in its box.
    assert "Crumb & Co" in editor.idea_box.idea_edit.text()


class HeldDrafts(httpx.BaseTransport):
    """The real sandbox, but a request for a brief waits until the test lets it through."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()
        self.asked = threading.Event()
        self.release = threading.Event()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == protocol.BRIEF_GENERATE:
            self.asked.set()
            self.release.wait(30)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


@pytest.fixture
def held(desktop: Desktop) -> Iterator[HeldDrafts]:
    server = desktop.sandbox.server
    assert server is not None
    transport = HeldDrafts()
    client = AITaskerClient(server.base_url, server.api_key, transport=transport)
    desktop.connection.set_client(client, desktop.connection.world)
    yield transport
    transport.release.set()  # nothing left waiting when the app closes


def test_what_the_person_types_while_it_is_written_is_kept(
    editor: BriefEditor, qtbot: QtBot, held: HeldDrafts
) -> None:
    box = editor.idea_box
    write(editor, qtbot, "A wordmark for my bakery, Crumb & Co, calm and premium")
    assert held.asked.wait(10)
    assert "You can keep working" in box.done_note.text()
    # The person does not wait: they start on their own brief.
    qtbot.keyClicks(editor.title_edit, "My own title typed meanwhile")
    qtbot.keyClicks(editor.brief_edit, "Deadline Friday, colours teal.")
    editor.budget_spin.setFocus()
    editor.budget_spin.lineEdit().selectAll()
    qtbot.keyClicks(editor.budget_spin, "42")
    mine = fields(editor)
    held.release.set()
    qtbot.waitUntil(lambda: "9 brief drafts" in uses_text(editor), timeout=10_000)
    qtbot.waitUntil(box.use_button.isVisible)
    assert fields(editor) == mine  # nothing typed is lost
    assert editor.title_edit.text() == "My own title typed meanwhile"
    assert editor.draft.brief.budget_usd == 42
    note = box.done_note.text()
    assert "You changed the title, brief and budget" in note and "nothing was replaced" in note
    shot(editor, "3-written-while-typing.png", ["Use the written brief", "nothing was replaced"])
    # The written brief is one click away, and one Ctrl+Z from the person's own again.
    qtbot.mouseClick(box.use_button, Qt.MouseButton.LeftButton)
    assert editor.draft.brief.task_type == "wordmark"
    assert editor.title_edit.text().startswith("Wordmark: ")
    assert not box.use_button.isVisible()
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert fields(editor) == mine


def test_a_draft_with_text_is_replaced_only_when_the_person_agrees(
    editor: BriefEditor, qtbot: QtBot
) -> None:
    asked: list[str] = []
    writer = editor.idea_writer
    assert writer is not None

    def decline(_parent: object, text: str) -> bool:
        asked.append(text)
        return False

    writer.confirm = decline
    qtbot.keyClicks(editor.title_edit, "My own title")
    write(editor, qtbot, "A flyer for our summer sale")
    assert asked and "Undo (Ctrl+Z)" in asked[0]
    assert editor.draft.brief.title == "My own title"
    assert uses_text(editor) == "10 brief drafts left this hour (of 10)."  # nothing asked
    writer.confirm = lambda _parent, _text: True
    qtbot.mouseClick(editor.idea_box.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.draft.brief.task_type == "flyer-design", timeout=10_000)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.draft.brief.title == "My own title"
    assert editor.draft.brief.task_type == ""


def test_none_left_this_hour_is_refused_plainly(editor: BriefEditor, qtbot: QtBot) -> None:
    writer = editor.idea_writer
    assert writer is not None
    writer.confirm = lambda _parent, _text: True
    for left in range(9, -1, -1):
        write(editor, qtbot, f"An excel sheet to track invoices, take {10 - left}")
        expected = f"{left} brief drafts left" if left != 1 else "1 brief draft left"
        if left == 0:
            expected = "No brief drafts left this hour; more from "
        qtbot.waitUntil(_shows(editor, expected), timeout=10_000)
    assert editor.draft.brief.task_type == "spreadsheet"
    title = editor.draft.brief.title
    write(editor, qtbot, "A flyer for the autumn fair")
    message = editor.idea_box.message
    assert message.isVisible()
    assert "used this hour's brief drafts" in message.text()
    assert "The next one is free at " in message.text()
    assert editor.draft.brief.title == title  # nothing changed
    assert editor.idea_box.idea_edit.text() == "A flyer for the autumn fair"
    shot(editor, "2-none-left.png", ["No brief drafts left", "used this hour's brief drafts"])


def test_the_count_survives_a_restart(desktop: Desktop, editor: BriefEditor, qtbot: QtBot) -> None:
    from aitasker_desktop.services.brief_ideas import BriefIdeasService
    from aitasker_desktop.storage.idea_uses import IDEA_USES_FILENAME, IdeaUsesFile

    assert editor.idea_writer is not None
    write(editor, qtbot, "A logo for my bakery")
    qtbot.waitUntil(lambda: "9 brief drafts" in uses_text(editor), timeout=10_000)
    path = desktop.paths.data_dir / IDEA_USES_FILENAME
    desktop.disk_runner.wait_for_idle(10_000)
    again = BriefIdeasService(desktop.connection, IdeaUsesFile(path), desktop.disk_runner)
    left = again.uses_left()
    assert left is not None and left.left == 9


def test_an_empty_sentence_is_explained_not_sent(editor: BriefEditor, qtbot: QtBot) -> None:
    qtbot.mouseClick(editor.idea_box.write_button, Qt.MouseButton.LeftButton)
    assert "Write a sentence" in editor.idea_box.message.text()
    assert uses_text(editor).startswith("10 ")


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (NetworkError(), "cannot be reached"),
        (ServerError(), "problem writing the brief on its side"),
        (RateLimited(retry_after=1500), "Try again in 25 min"),
    ],
)
def test_failures_are_said_in_plain_words(exc: Exception, words: str) -> None:
    text = failure_text(exc)
    assert words in text and "kept" in text


def test_a_server_that_fails_leaves_the_draft_and_the_sentence(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot
) -> None:
    """A 503 from the service (a fault the sandbox does not make): said under the box."""

    def unavailable(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, json={"detail": "down for maintenance"})

    failing = AITaskerClient(
        "http://127.0.0.1:9",
        "aitk_test_x",
        transport=httpx.MockTransport(unavailable),
        max_attempts=1,
        sleep=lambda _s: None,
    )
    world = desktop.connection.world
    desktop.connection.set_client(failing, world)
    pick(qtbot, editor.category_combo, "writing")
    write(editor, qtbot, "Translate our menu into Spanish")
    message = editor.idea_box.message
    qtbot.waitUntil(message.isVisible, timeout=10_000)
    assert "problem writing the brief" in message.text()
    assert editor.draft.brief.category == "writing-translation"
    assert editor.draft.brief.description == ""
    assert editor.idea_box.idea_edit.text() == "Translate our menu into Spanish"
    assert editor.idea_box.write_button.isEnabled()
