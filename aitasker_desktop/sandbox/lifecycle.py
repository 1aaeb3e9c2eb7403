"""The sandbox's task state machine: the steps the platform makes, and what a buyer may do when.

Written from the platform's documented lifecycle plus this project's decided statuses
(conventions.Status); the client keeps its own copy, so each side is checked against the
documents rather than against the other.
"""

from enum import StrEnum
from typing import Final

from .conventions import Status


class Action(StrEnum):
    SELECT = "select"
    REMIX = "remix"
    EXTEND_REVIEW = "extend_review"
    CANCEL = "cancel"
    APPROVE = "approve"
    REQUEST_REVISION = "request_revision"
    DISPUTE = "dispute"
    NOTE = "note"  # clarification text for the agents (A2A tasks/provideInput)


# A note is read by whoever works next: the agents building bids, a remix's agents, the winner
# building the delivery, or the agent revising it.
_NOTE_STATES = (
    Status.OPEN,
    Status.MATCHING,
    Status.PROTOTYPING,
    Status.REVIEW,
    Status.DELIVERING,
    Status.AWAITING_APPROVAL,
    Status.REVISION_REQUESTED,
)

ALLOWED: Final[dict[Action, frozenset[str]]] = {
    Action.SELECT: frozenset({Status.REVIEW}),
    Action.REMIX: frozenset({Status.REVIEW}),
    Action.EXTEND_REVIEW: frozenset({Status.REVIEW}),
    Action.CANCEL: frozenset({Status.OPEN, Status.MATCHING, Status.PROTOTYPING, Status.REVIEW}),
    Action.APPROVE: frozenset({Status.AWAITING_APPROVAL}),
    Action.REQUEST_REVISION: frozenset({Status.AWAITING_APPROVAL}),
    Action.DISPUTE: frozenset({Status.AWAITING_APPROVAL}),
    Action.NOTE: frozenset(_NOTE_STATES),
}

TRANSITIONS: Final[dict[str, frozenset[str]]] = {
    Status.OPEN: frozenset({Status.MATCHING, Status.CANCELLED, Status.EXPIRED}),
    Status.MATCHING: frozenset({Status.PROTOTYPING, Status.CANCELLED, Status.EXPIRED}),
    Status.PROTOTYPING: frozenset({Status.REVIEW, Status.CANCELLED, Status.EXPIRED}),
    Status.REVIEW: frozenset(
        {Status.DELIVERING, Status.MATCHING, Status.CANCELLED, Status.EXPIRED}
    ),
    Status.DELIVERING: frozenset({Status.AWAITING_APPROVAL, Status.EXPIRED, Status.CANCELLED}),
    Status.AWAITING_APPROVAL: frozenset(
        {Status.COMPLETED, Status.REVISION_REQUESTED, Status.DISPUTED, Status.EXPIRED}
    ),
    Status.REVISION_REQUESTED: frozenset(
        {Status.AWAITING_APPROVAL, Status.EXPIRED, Status.CANCELLED}
    ),
    Status.DISPUTED: frozenset({Status.REFUNDED, Status.COMPLETED}),
    Status.COMPLETED: frozenset(),
    Status.EXPIRED: frozenset(),
    Status.CANCELLED: frozenset(),
    Status.REFUNDED: frozenset(),
}

BULK_STATUSES: Final = (Status.OPEN, Status.COMPLETED, Status.CANCELLED, Status.EXPIRED)


def can(status: str, action: Action) -> bool:
    return status in ALLOWED[action]


def can_transition(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())


def refusal(status: str, action: Action) -> str:
    """A plain sentence for an action refused in the task's current status."""
    allowed = " or ".join(s for s in Status if s in ALLOWED[action])
    what = "send a note on" if action == Action.NOTE else action.value.replace("_", " ")
    return (
        f"You cannot {what} this task while it is “{status}”; that is possible only when it "
        f"is {allowed}."
    )
