"""Posting the brief: check it, confirm the money, hand it to the submission service, and
show what happened (posted, queued, refused) next to the fields it concerns.

While a submission is being sent or waits in the outbox, the form is locked with a note: the
outbox holds a copy of the brief, so an edit now would not be sent yet would look as if it
had been. "Start a new brief" stays available, and a refused submission unlocks the form.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from aitasker_desktop.api.errors import PaymentRequired, ValidationError
from aitasker_desktop.domain.brief import validate_brief
from aitasker_desktop.services import formatting
from aitasker_desktop.services.connection import Connection
from aitasker_desktop.services.submission import SubmissionService, SubmissionState
from aitasker_desktop.ui import messages
from aitasker_desktop.ui.editor.form import EditorForm
from aitasker_desktop.ui.editor.review import confirmation_text
from aitasker_desktop.ui.messages import ask, error_text, open_https

Confirm = Callable[[QWidget, str], bool]

FIELD_LABELS = {
    "title": "title",
    "description": "brief",
    "category": "kind of work",
    "task_type": "task type",
    "budget_usd": "budget",
    "attachments": "attachments",
    "brand_kit_id": "brand kit",
    "requirements": "requirements",
    "metadata": "metadata",
    "experimentation": "experimentation",
}

SENDING_NOTE = (
    "Posting this brief now. It cannot be changed while it is being sent, so the task is "
    "exactly what you confirmed."
)
QUEUED_NOTE = (
    "This brief is waiting to be posted: it will be sent automatically, once, when AITasker "
    "can be reached. It cannot be changed meanwhile, so the task is exactly what you "
    "confirmed. Use “Start a new brief” to keep working."
)
POSTED_NOTE = (
    "This brief has been posted as a task, so it cannot be changed here. To post something "
    "similar, duplicate it in Drafts."
)

CANCELLED_NOTE = "Posting cancelled: the draft was deleted, so this task will not be posted."


def ask_to_post(parent: QWidget, text: str) -> bool:
    return ask(parent, "Post this task?", text, "Post task", "Keep editing", default_yes=True)


def payment_text(error: PaymentRequired) -> str:
    # The server's words and the amount, never a bare balance that its holds contradict
    # ("needs 8.00 USD and 3.50 USD is available. Your balance is $10.00").
    return messages.payment_text(error, None)


class Posting(QObject):
    task_posted = Signal(object)  # Task: the app shows the Tasks place

    def __init__(
        self,
        form: EditorForm,
        submission: SubmissionService | None,
        connection: Connection,
        confirm: Confirm = ask_to_post,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._form = form
        self._submission = submission
        self._connection = connection
        self.confirm = confirm  # replaced in tests: a modal box would block them
        self._topup_url: str | None = None
        form.post_button.clicked.connect(self.on_post_button_clicked)
        form.topup_button.clicked.connect(lambda: open_https(self._topup_url or ""))
        if submission is not None:
            submission.progress.connect(self.on_submission_progress)
            submission.submitted.connect(self.on_submission_submitted)
            submission.queued.connect(self.on_submission_queued)
            submission.failed.connect(self.on_submission_failed)
            submission.cancelled.connect(self.on_submission_cancelled)

    def state_of(self, draft_id: str) -> str:
        if self._submission is None:
            return SubmissionState.DRAFT
        return self._submission.state_of(draft_id)

    def lock_if_sent(self) -> None:
        """After opening a draft: lock it if it is being sent, waiting, or already posted."""
        form = self._form
        state = self.state_of(form.draft.id)
        if state == SubmissionState.SENDING:
            form.set_busy(True)
            form.set_locked(SENDING_NOTE)
        elif state == SubmissionState.QUEUED:
            form.set_locked(QUEUED_NOTE)
        elif state == SubmissionState.SUBMITTED or form.draft.task_id:
            form.set_locked(POSTED_NOTE)

    def on_post_button_clicked(self) -> None:
        form = self._form
        if form.is_locked:
            return
        brief = form.draft.brief
        unoffered = form.unoffered()  # would fail halfway, on a path the server lacks
        problems = validate_brief(brief, form.catalog, money=formatting.money) + unoffered
        form.touch_all(set(FIELD_LABELS))
        if problems:
            names = ", ".join(dict.fromkeys(FIELD_LABELS.get(p.field, p.field) for p in problems))
            said = " ".join(p.message for p in unoffered)
            form.footer_message(f"Before posting, check: {names}. {said}".strip(), "error")
            form.focus_field(problems[0].field)
            return
        world = self._connection.world
        text = confirmation_text(
            brief.title,
            brief.budget_usd,
            sandbox=world is None or world.is_sandbox,
            files=len(brief.attachments),
            balance=form.balance,
        )
        if not self.confirm(form, text):
            return
        if self._submission is None:
            form.footer_message("Posting is not available yet; your brief is saved.", "error")
            return
        form.footer_message("Posting your task…")
        form.set_busy(True)
        form.set_locked(SENDING_NOTE)
        if not self._submission.submit(form.draft, form.catalog):
            # Refused before anything was stored: the signal already said why.
            form.set_busy(False)
            if self.state_of(form.draft.id) == SubmissionState.DRAFT:
                form.set_locked("")

    def on_submission_progress(self, draft_id: str, done: int, total: int, what: str) -> None:
        if draft_id == self._form.draft.id:
            self._form.show_progress(done, total, what)

    def on_submission_submitted(self, draft_id: str, task: object) -> None:
        form = self._form
        if draft_id != form.draft.id:
            # A queued brief went out while the person works on another one.
            title = getattr(task, "title", "")
            form.footer_message(f"Your waiting task “{title}” was posted.")
            return
        form.set_busy(False)
        form.start_new_brief()
        form.footer_message("Your task was posted. Agents are starting on it.")
        self.task_posted.emit(task)

    def on_submission_queued(self, draft_id: str, message: str) -> None:
        form = self._form
        if draft_id != form.draft.id:
            return
        form.set_busy(False)
        if self.state_of(draft_id) == SubmissionState.DRAFT:
            # Nothing was stored (not connected to any world yet): nothing waits to be sent.
            form.set_locked("")
            form.footer_message(
                "AITasker is not connected yet, so nothing was posted. Your brief is saved; "
                "post it again in a moment.",
                "warning",
            )
            return
        form.set_locked(QUEUED_NOTE)
        form.footer_message(message, "warning")

    def on_submission_cancelled(self, draft_id: str) -> None:
        """Its draft was deleted under Drafts while it waited: "will be posted" is untrue now."""
        if draft_id == self._form.draft.id:
            self._form.set_busy(False)
            self._form.footer_message(CANCELLED_NOTE)

    def on_submission_failed(self, draft_id: str, error: object) -> None:
        form = self._form
        if draft_id != form.draft.id:
            return
        form.set_busy(False)
        form.set_locked("")
        self._topup_url = None
        if isinstance(error, ValidationError) and error.field_errors:
            known = {k: v for k, v in error.field_errors.items() if k in form.field_messages}
            form.touch_all(set(known), known)
            others = [v for k, v in error.field_errors.items() if k not in known]
            form.footer_message(" ".join([error.message, *others]), "error")
            if known:
                form.focus_field(next(iter(known)))
            return
        if isinstance(error, PaymentRequired):
            self._topup_url = error.topup_url
            form.footer_message(payment_text(error), "error", top_up=bool(error.topup_url))
            return
        form.footer_message(
            error_text(error if isinstance(error, BaseException) else Exception()), "error"
        )
