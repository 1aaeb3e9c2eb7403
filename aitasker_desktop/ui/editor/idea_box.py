""" "Describe what you need in a sentence": the brief written from an idea, in one undoable step.

The box sits at the top of the editor. A click asks AITasker's brief generator (through the
ideas service, off the GUI thread) and fills title, brief, category, type and budget as ONE
change of the form, so the form's Undo (Ctrl+Z) takes the whole of it back. A draft that
already has text is replaced only after the person agrees, and what they change while the
brief is being written is never replaced unasked: the written brief is offered instead
(`on_brief_drafted` says why). Nothing is asked for on a locked draft. Uses left this hour
are shown beside the button; at none left the button refuses plainly and says when it comes back.
Errors are said in plain words under the box; the sentence typed stays where it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.api.errors import (
    ApiError,
    BadResponse,
    NotAvailable,
    NotFoundError,
    RateLimited,
    ServerError,
)
from aitasker_desktop.domain.brief import Brief
from aitasker_desktop.domain.idea import DraftedBrief
from aitasker_desktop.services import formatting
from aitasker_desktop.services.brief_ideas import IDEA_MAX_CHARS, BriefIdeasService, OutOfUses
from aitasker_desktop.ui.editor.fields import message_label, show_message
from aitasker_desktop.ui.editor.parts import note, set_text
from aitasker_desktop.ui.editor.undo_keys import FormLineEdit
from aitasker_desktop.ui.messages import ask, error_text

if TYPE_CHECKING:
    from aitasker_desktop.ui.editor.form import EditorForm

Confirm = Callable[[QWidget, str], bool]
UNDO_TEXT = "Write the brief from an idea"
WRITING = "Writing a brief from your idea… You can keep working: what you change is kept."
# The draft's fields a written brief fills, as the form names them for a person.
_FIELD_WORDS = {
    "category": "kind of work",
    "task_type": "kind of work",
    "title": "title",
    "description": "brief",
    "budget_usd": "budget",
    "requirements": "requirements",
}


def ask_to_replace(parent: QWidget, text: str) -> bool:
    return ask(parent, "Replace what you wrote?", text, "Replace", "Keep mine", default_yes=True)


class IdeaBox(QFrame):
    """The widgets: a sentence, a button, the uses left, and a line for what happened."""

    def __init__(
        self,
        undo: Callable[[], None],
        redo: Callable[[], None],
        files_pasted: Callable[[list[Path]], None],
    ) -> None:
        super().__init__()
        self.setObjectName("ideaBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 8)
        column.setSpacing(4)
        label = QLabel("Describe &what you need in a sentence")
        # Ctrl+Z is the form's, and pasted files are attached, as everywhere on the page.
        self.idea_edit = FormLineEdit(undo, redo, files_pasted)
        self.idea_edit.setPlaceholderText(
            "For example: a wordmark for my bakery, Crumb & Co, calm and premium"
        )
        self.idea_edit.setMaxLength(IDEA_MAX_CHARS)
        self.idea_edit.setAccessibleName("Describe what you need in a sentence")
        label.setBuddy(self.idea_edit)
        self.write_button = QPushButton("Write the brief for me")
        self.write_button.setAccessibleName("Write the brief for me")
        self.uses = note()
        self.uses.setAccessibleName("Brief drafts left this hour")
        row = QHBoxLayout()
        row.addWidget(self.idea_edit, 1)
        row.addWidget(self.write_button)
        self.message = message_label()
        self.message.setAccessibleName("About the brief draft")
        self.done_note = note()
        self.done_note.hide()
        self.use_button = QPushButton("Use the written brief")
        self.use_button.setAccessibleName("Use the written brief")
        self.use_button.hide()
        done = QHBoxLayout()
        done.addWidget(self.done_note, 1)
        done.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addWidget(label)
        column.addLayout(row)
        column.addWidget(self.uses)
        column.addWidget(self.message)
        column.addLayout(done)


class IdeaWriter(QObject):
    """What the box does, on the form it fills."""

    def __init__(
        self,
        form: EditorForm,
        box: IdeaBox,
        ideas: BriefIdeasService,
        *,
        confirm: Confirm = ask_to_replace,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._form, self._box, self._ideas = form, box, ideas
        self.confirm = confirm
        self._asked_for = ""  # the draft id the question in flight is about
        self._asked_with = Brief()  # the draft's brief when it was asked
        self._offered: dict[str, Any] | None = None  # written, not used: the person edited
        self._busy = False
        box.write_button.clicked.connect(self.on_write_button_clicked)
        box.idea_edit.returnPressed.connect(self.on_write_button_clicked)
        box.use_button.clicked.connect(self.on_use_button_clicked)
        ideas.uses_changed.connect(self.show_uses)
        form.loaded.connect(self.on_form_loaded)
        form.locked_changed.connect(self.on_form_locked_changed)
        self.show_uses()

    # -- showing ---------------------------------------------------------------------------

    def show_uses(self) -> None:
        status = self._ideas.uses_left()
        if status is None:
            text = "AITasker drafts up to 10 briefs an hour."
        elif status.left == 0:
            text = f"No brief drafts left this hour{_back(status.back_at)}."
        else:
            text = f"{formatting.count_of(status.left, 'brief draft')} left this hour " + (
                f"(of {formatting.count(status.limit)})."
            )
        set_text(self._box.uses, text)
        self._box.write_button.setEnabled(not self._busy and not self._form.is_locked)

    def _say(self, text: str) -> None:
        show_message(self._box.message, text)

    def _note(self, text: str) -> None:
        set_text(self._box.done_note, text)
        self._box.done_note.setVisible(bool(text))

    def _offer(self, values: dict[str, Any] | None) -> None:
        self._offered = values
        self._box.use_button.setVisible(values is not None)

    def on_form_loaded(self) -> None:
        self._say("")
        self._note("")
        self._offer(None)

    def on_form_locked_changed(self, locked: bool) -> None:
        """Nothing can be written into a locked draft: the box says so by being greyed."""
        self._box.idea_edit.setEnabled(not locked)
        self.show_uses()
        if locked and self._offered is not None:
            self._offer(None)
            self._note("")

    # -- asking ----------------------------------------------------------------------------

    def on_write_button_clicked(self) -> None:
        if self._busy or self._form.is_locked:
            return
        idea = self._box.idea_edit.text().strip()
        self._note("")
        self._offer(None)
        if len(idea) < 3:
            self._say("Write a sentence about what you need first, then click the button.")
            self._box.idea_edit.setFocus()
            return
        status = self._ideas.uses_left()
        if status is not None and status.left == 0:
            self._say(_out_of_uses(status.back_at))
            return
        brief = self._form.draft.brief
        if (brief.title.strip() or brief.description.strip()) and not self.confirm(
            self._form,
            "The title and brief you wrote will be replaced by a brief written from your "
            "idea. Undo (Ctrl+Z) brings yours back.",
        ):
            return
        self._asked_for = self._form.draft.id
        self._asked_with = brief.model_copy(deep=True)
        self._busy = True
        self._box.write_button.setEnabled(False)
        self._say("")
        self._note(WRITING)
        self._ideas.draft(
            idea,
            brief.model_copy(deep=True),
            self._form.catalog,
            self.on_brief_drafted,
            self.on_draft_failed,
            owner=self,
        )

    def _answered(self) -> bool:
        """The answer is still wanted: same draft on screen, and not being posted."""
        self._busy = False
        self.show_uses()
        self._note("")
        return self._form.draft.id == self._asked_for and not self._form.is_locked

    def on_brief_drafted(self, drafted: object) -> None:
        if not self._answered():
            return
        assert isinstance(drafted, DraftedBrief)
        values = drafted.fields_for(self._form.catalog)
        # The person may type on while it is written (seconds). Their changes to a field the
        # answer fills are never replaced unasked: the answer is offered, one click away.
        # Chosen over locking those fields meanwhile: nobody is kept waiting, and comparing
        # with the brief as asked catches every way a field changes (typing, a pick, Undo, a
        # rename from Drafts), where a lock would have to block each one.
        brief = self._form.draft.brief
        changed = [k for k in values if getattr(brief, k) != getattr(self._asked_with, k)]
        if changed:
            self._offer(values)
            self._note(
                f"A brief from your idea is ready. You changed the {_words(changed)} while it "
                "was being written, so nothing was replaced. Click “Use the written brief” to "
                "put it in place of yours; Undo (Ctrl+Z) brings yours back."
            )
            return
        self._use(values)

    def on_use_button_clicked(self) -> None:
        values = self._offered
        self._offer(None)
        if values is not None and not self._form.is_locked:
            self._use(values)

    def _use(self, values: dict[str, Any]) -> None:
        self._form.change(values, UNDO_TEXT)
        self._form.touch_all(set(values))
        gaps = (
            " and fill in what is left in <angle brackets>" if "<" in values["description"] else ""
        )
        self._note(
            f"Brief written from your idea: read it{gaps}. Undo (Ctrl+Z) takes the whole of "
            "it back."
        )

    def on_draft_failed(self, exc: BaseException) -> None:
        if not self._answered():
            return
        self._say(failure_text(exc))


def _words(fields: list[str]) -> str:
    """ "title, brief and budget": the fields as a person calls them, in the form's order."""
    words = list(dict.fromkeys(_FIELD_WORDS[f] for f in _FIELD_WORDS if f in fields))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _back(moment: datetime | None) -> str:
    return f"; more from {formatting.time(moment)}" if moment is not None else ""


def _out_of_uses(back_at: datetime | None) -> str:
    when = f"at {formatting.time(back_at)}" if back_at is not None else "within the hour"
    return (
        "You have used this hour's brief drafts (AITasker allows 10 an hour). The next one "
        f"is free {when}; nothing you wrote is lost meanwhile."
    )


def failure_text(exc: BaseException) -> str:
    """Plain words for why no brief came back; the sentence typed is kept either way."""
    if isinstance(exc, OutOfUses):
        return _out_of_uses(exc.back_at)
    if isinstance(exc, RateLimited):
        wait = formatting.duration(exc.retry_after) if exc.retry_after else "a while"
        return (
            f"AITasker says this hour's brief drafts are used up. Try again in {wait}; "
            "your sentence is kept."
        )
    if isinstance(exc, BadResponse):
        return (
            "AITasker's answer held no brief we could use. Try again, or rephrase your "
            "sentence; nothing in your draft changed."
        )
    if isinstance(exc, ServerError):
        return (
            "AITasker had a problem writing the brief on its side. Try again in a few "
            "minutes; your sentence is kept."
        )
    if isinstance(exc, NotFoundError | NotAvailable):
        return (
            "This AITasker server does not offer brief drafting to apps. Write the brief "
            "below; your sentence is kept."
        )
    if isinstance(exc, ApiError) and exc.retryable:
        return (
            "Writing a brief needs a connection to AITasker, which cannot be reached right "
            "now. Your sentence is kept; try again when you are back online."
        )
    return f"{error_text(exc)} Your sentence is kept."
