"""What the Drafts place says in words about a draft: its status (posted, on its way, or still
a draft), the selected draft's start, the line shown when the list is empty, and what deleting
a draft that waits to be posted does. Kept apart
from the widgets so the wording is read, and changed, in one place."""

from __future__ import annotations

from aitasker_desktop.domain.brief import Draft
from aitasker_desktop.services.drafts import TRASH_KEEP_DAYS
from aitasker_desktop.services.submission import SubmissionService, SubmissionState, Withdrawal

STATUS_WORDS = {
    SubmissionState.SENDING: "Sending…",
    SubmissionState.QUEUED: "Waiting to send",
    SubmissionState.FAILED: "Not posted: needs changes",
}
PREVIEW_CHARS = 300


def status_word(draft: Draft, submission: SubmissionService | None) -> str:
    if draft.task_id:
        return "Posted"
    if submission is not None:
        state = submission.state_of(draft.id)
        if state in STATUS_WORDS:
            return STATUS_WORDS[state]
    return "Draft"


def preview_lines(draft: Draft) -> tuple[str, str]:
    """The title, and under it the task it was posted as and the brief's start."""
    lines = [draft.display_title]
    if draft.task_id:
        lines.append(f"Posted as task {draft.task_id}.")
    text = " ".join(draft.brief.description.split())
    cut = text[:PREVIEW_CHARS] + ("…" if len(text) > PREVIEW_CHARS else "")
    lines.append(cut if text else "No brief yet.")
    # The first line is the bold title; a title holding a line break goes on below it.
    title, _sep, rest = "\n".join(lines).partition("\n")
    return title, rest


def empty_text(query: str, trash: bool) -> str:
    if query:
        return f"Nothing matches “{query}”."
    if trash:
        return f"The trash is empty. Deleted drafts are kept here for {TRASH_KEEP_DAYS} days."
    return (
        "No drafts yet. Everything you write under New brief is saved here "
        "automatically as you type."
    )


# -- deleting a draft that waits to be posted ------------------------------------------------


def cancel_question(title: str) -> str:
    return (
        f"“{title}” is waiting to be posted: the app would send it as soon as AITasker can be "
        "reached. Deleting the draft cancels that, so the task will not be posted and no "
        "money is held for it."
    )


def forget_question(title: str, withdrawal: str) -> str:
    if withdrawal == Withdrawal.CANCELS:
        return (
            f"Delete “{title}” for good? It is waiting to be posted; deleting it cancels that, "
            "so the task will not be posted. This cannot be undone."
        )
    return f"Delete “{title}” for good? This cannot be undone."


def deleted_text(title: str, *, cancelled: bool) -> str:
    kept = f"It stays in the trash for {TRASH_KEEP_DAYS} days."
    if cancelled:
        return f"Deleted “{title}” and cancelled its posting: it will not be posted. {kept}"
    return f"Deleted “{title}”. {kept}"


def restored_unposted_text(title: str) -> str:
    return f"“{title}” is back as a draft. It was not posted; post it again when you are ready."


def cannot_delete_text(title: str, withdrawal: str) -> str:
    """Why a draft stays: its task is being posted now, or may be on AITasker already."""
    if withdrawal == Withdrawal.SENDING_NOW:
        return (
            f"“{title}” cannot be deleted: it is being sent to AITasker right now. Wait until "
            "it shows whether it was posted."
        )
    return (
        f"“{title}” cannot be deleted: the connection dropped while it was being posted, so "
        "AITasker may already have it. The app will finish posting it, once, when AITasker "
        "can be reached. If you no longer want it, cancel the task under Tasks then."
    )
