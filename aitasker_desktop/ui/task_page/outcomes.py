"""What the page says when one of the buyer's decisions did not go through.

Offline, a decision is never queued to happen later by itself: it was not sent, and the
page says so plainly ("Your approval was not sent…"). When the answer was lost after
sending, nobody can tell yet whether it happened: the page says that, and checks again by
itself as soon as AITasker answers (see TaskPage.on_actions_back_online).
"""

from __future__ import annotations

from aitasker_desktop.api.errors import NetworkError, OutcomeUnknown, PaymentRequired, TLSError
from aitasker_desktop.domain.lifecycle import Action
from aitasker_desktop.domain.task import Balance
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
