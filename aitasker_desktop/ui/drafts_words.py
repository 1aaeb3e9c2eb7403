"""What the Drafts place says in words about a draft: its status (posted, on its way, or still
a draft), the selected draft's start, and the line shown when the list is empty. Kept apart
from the widgets so the wording is read, and changed, in one place."""

from __future__ import annotations

from aitasker_desktop.domain.brief import Draft
from aitasker_desktop.services.drafts import TRASH_KEEP_DAYS
from aitasker_desktop.services.submission import SubmissionService, SubmissionState

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
