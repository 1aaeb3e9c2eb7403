"""Two parts of the actions area that depend on what the server offers.

`NoteBox`: "Send a note to the agents", while agents work or a delivery is under review. The
text is cleaned (lone surrogates and control characters other than line breaks and tabs
go), limited to `MAX_NOTE_CHARS` with a plain message next to the box, and sent through the
task actions service (REST notes, else A2A `tasks/provideInput`); the note then shows in the
task's timeline. What was written stays in the box until the server has it.

`NotAvailablePanel`: the decisions the task's state allows but AITasker does not yet let apps
make, said in plain words, with a button that opens the task on the AITasker website (https
only; hidden where there is no such page, as in the sandbox).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from aitasker_desktop.api.errors import ConflictError
from aitasker_desktop.domain.capabilities import DOING
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.domain.task import Task
from aitasker_desktop.domain.text import clean_text
from aitasker_desktop.services.formatting import count
from aitasker_desktop.services.task_actions import NOTE, OPERATION_OF, TaskActionsService
from aitasker_desktop.ui.messages import open_https
from aitasker_desktop.ui.plain_tip import plain_tip
from aitasker_desktop.ui.task_page.format import plain_label

MAX_NOTE_CHARS = 2000
# While agents work (matching, prototyping, delivering, revising) or a delivery is reviewed.
NOTE_STATES = frozenset(
    {
        Status.MATCHING,
        Status.PROTOTYPING,
        Status.DELIVERING,
        Status.REVISION_REQUESTED,
        Status.AWAITING_APPROVAL,
    }
)
NOT_YET = "AITasker does not yet let apps do this"
OPEN_ON_WEBSITE = "Open on the AITasker website"


def clean_note(text: str) -> str:
    """The note as it is sent: no lone surrogates, no control or format characters (a
    right-to-left override would reorder what the agents read) except line breaks and tabs."""
    text = clean_text(text).replace("\r\n", "\n").replace("\r", "\n")
    kept = (ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf"))
    return "".join(kept).strip()


def note_problem(text: str) -> str:
    """Why this note cannot be sent as written ("" when it can)."""
    if not text:
        return "Write the note first."
    if len(text) > MAX_NOTE_CHARS:
        return (
            f"A note can be up to {count(MAX_NOTE_CHARS)} characters; "
            f"this one has {count(len(text))}. Shorten it to send."
        )
    return ""


class NoteBox(QWidget):
    def __init__(self, actions: TaskActionsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("note_box")
        self._actions = actions
        self._task_id: str | None = None
        self._sending = False
        title = plain_label("Send a note to the agents", name="note_title")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.explanation = plain_label(
            "Add a detail or clarify the brief; the agents read it as they work.",
            name="note_explanation",
        )
        self.text_box = QPlainTextEdit()
        self.text_box.setObjectName("note_text")
        self.text_box.setPlaceholderText("What should the agents know?")
        self.text_box.setAccessibleName("Note to the agents")
        self.text_box.setMaximumHeight(80)
        self.text_box.setTabChangesFocus(True)
        self.text_box.textChanged.connect(self.on_text_box_text_changed)
        self.message = plain_label("", name="note_message")
        self.send_button = QPushButton("Send note")
        self.send_button.setObjectName("send_note")
        self.send_button.setAccessibleName("Send note")
        self.send_button.clicked.connect(self.on_send_button_clicked)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        for widget in (title, self.explanation, self.text_box, self.message, self.send_button):
            column.addWidget(widget)
        actions.action_succeeded.connect(self.on_actions_action_succeeded)
        actions.action_failed.connect(self.on_actions_action_failed)
        self._update()

    def show_task(self, task: Task) -> None:
        if task.id != self._task_id:
            self._task_id = task.id
            self._sending = False
            self.text_box.clear()
            self.message.setText("")
        self.setVisible(task.status in NOTE_STATES and self._actions.offers(NOTE))
        self._update()

    def on_text_box_text_changed(self) -> None:
        if not self._sending:  # too long: say so as it happens; else nothing to say
            text = clean_note(self.text_box.toPlainText())
            self.message.setText(note_problem(text) if len(text) > MAX_NOTE_CHARS else "")
        self._update()

    def _update(self) -> None:
        text = clean_note(self.text_box.toPlainText())
        self.send_button.setEnabled(not self._sending and not note_problem(text))
        self.message.setVisible(bool(self.message.text()))

    def on_send_button_clicked(self) -> None:
        text = clean_note(self.text_box.toPlainText())
        problem = note_problem(text)
        if problem or self._task_id is None:
            self.message.setText(problem)
            self._update()
            return
        self._sending = True
        self.message.setText("Sending…")
        self._update()
        self._actions.note(self._task_id, text)

    def on_actions_action_succeeded(self, action: str, task: object) -> None:
        if action == NOTE and isinstance(task, Task) and task.id == self._task_id:
            self._sending = False
            self.text_box.clear()
            self.message.setText("Sent. The agents have your note; it is in the timeline.")
            self._update()

    def on_actions_action_failed(self, action: str, exc: object) -> None:
        if action == NOTE and self._sending:
            self._sending = False
            # Refused for the task's state: the page says above what the task is now.
            said = (
                "AITasker did not take it for the task as it is now (see above)."
                if isinstance(exc, ConflictError)
                else getattr(exc, "message", "") or "It did not go through."
            )
            self.message.setText(f"The note was not sent: {said} Your text is kept.")
            self._update()


class NotAvailablePanel(QWidget):
    def __init__(self, actions: TaskActionsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("not_available")
        self.setAccessibleName(NOT_YET)
        self._actions = actions
        self._link: str | None = None
        self.title = plain_label(NOT_YET, name="not_available_title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.text: QLabel = plain_label("", name="not_available_text")
        self.website_button = QPushButton(OPEN_ON_WEBSITE)
        self.website_button.setObjectName("open_website")
        self.website_button.setAccessibleName(OPEN_ON_WEBSITE)
        self.website_button.clicked.connect(self.on_website_button_clicked)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.text)
        column.addWidget(self.website_button)
        self.hide()

    def show_missing(self, task: Task, missing: Sequence[str]) -> bool:
        """The decisions `task`'s state allows that the server does not offer; whether any."""
        doing = [DOING[OPERATION_OF[a]] for a in missing if a in OPERATION_OF]
        self.setVisible(bool(doing))
        if not doing:
            return False
        self._link = self._actions.website_link(task.id)
        listed = doing[0] if len(doing) == 1 else ", ".join(doing[:-1]) + " or " + doing[-1]
        where = (
            "You can do it on the AITasker website."
            if self._link
            else "This sandbox has no website; on AITasker you would do it there."
        )
        self.text.setText(f"{listed[:1].upper()}{listed[1:]}. {where}")
        self.website_button.setVisible(self._link is not None)
        self.website_button.setToolTip(plain_tip(self._link or ""))
        return True

    @property
    def link(self) -> str | None:
        return self._link

    def on_website_button_clicked(self) -> None:
        if self._link:
            open_https(self._link)  # links open only for https
