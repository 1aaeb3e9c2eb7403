"""What the page says when one of the buyer's decisions did not go through.

Offline, a decision is never queued to happen later by itself: it was not sent, and the
page says so plainly ("Your approval was not sent…"). When the answer was lost after
sending, nobody can tell yet whether it happened: the page says that, and checks again by
itself as soon as AITasker answers (see TaskPage.on_actions_back_online).

When AITasker refuses a decision because the task moved on meanwhile (cancelled on the
website, already delivering), the page reads the task again at once and says so in the
app's own words (`changed_text`); the server's sentence, which names its raw statuses, goes
to the log only.
"""

from __future__ import annotations

from aitasker_desktop.api.errors import NetworkError, OutcomeUnknown, PaymentRequired, TLSError
from aitasker_desktop.domain.lifecycle import Action, describe
from aitasker_desktop.domain.task import Balance, Task
from aitasker_desktop.domain.text import shown_text
from aitasker_desktop.ui.messages import error_text, payment_text
from aitasker_desktop.ui.task_page.questions import ACTION_TITLES

NOT_DONE = {
    Action.SELECT: "Your choice of bid was not sent",
    Action.REMIX: "The remix was not started",
    Action.EXTEND_REVIEW: "The review was not extended",
    Action.CANCEL: "The task was not cancelled",
    Action.APPROVE: "Your approval was not sent and nothing was paid",
    Action.REQUEST_REVISION: "Your revision request was not sent",
    Action.DISPUTE: "Your dispute was not sent",
}

SAVE_NOT_DONE = (
    "Nothing was saved: the app could not reach AITasker to download the files. "
    "Save again when you are back online."
)

UNSURE = (
    "The connection dropped before AITasker confirmed this, so it is not known yet whether "
    "it went through. This page checks by itself as soon as AITasker answers: do not do it "
    "again before then."
)


CHANGED = "Nothing was done: this task changed on AITasker meanwhile."
CHECKING = f"{CHANGED} Checking where it stands now…"


def changed_text(before: str, now: Task | None, said: str) -> str:
    """What a refused decision did (nothing), once the task was read again: its state now,
    by the app's own name for it. `before` is the state the page showed; `said` the
    server's reason, shown only when the state is the same (then it is not about a state)."""
    if now is None:
        return f"{CHANGED} The app could not read it again just now: press Refresh to see it."
    if now.status != before:
        return f"{CHANGED} It is now “{describe(now.status).label}”."
    reason = shown_text(said, 500).strip()
    return (
        f"Nothing was done: {reason or 'AITasker did not allow it.'} This page now shows the "
        "task as it is on AITasker."
    )


def is_offline(exc: object) -> bool:
    """Nothing reached AITasker (a lost answer is not this: it may have been done)."""
    return isinstance(exc, NetworkError) and not isinstance(exc, OutcomeUnknown | TLSError)


def failure_title(action: str) -> str:
    """'Remix did not go through'."""
    title = ACTION_TITLES.get(Action(action), "Action") if action in set(Action) else "Action"
    return f"{title} did not go through"


def failure_text(action: str, exc: BaseException, balance: Balance | None) -> str:
    if isinstance(exc, OutcomeUnknown):
        return UNSURE
    if is_offline(exc):
        what = NOT_DONE.get(Action(action), "It was not done") if action in set(Action) else ""
        return (
            f"{what or 'It was not done'}: the app could not reach AITasker, so nothing "
            "changed. It will not be sent later by itself: do it again when you are back "
            "online. This page updates by itself when AITasker answers again."
        )
    if isinstance(exc, PaymentRequired):
        return payment_text(exc, balance)
    return error_text(exc)
