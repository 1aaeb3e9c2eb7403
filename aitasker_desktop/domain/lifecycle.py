"""The task lifecycle as one state machine, and what the buyer may do in each state.

Status strings travel as plain `str` everywhere: a server may send one this build does not
know, and it is kept and shown verbatim rather than refused (see `describe`).
"""

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    OPEN = "open"
    MATCHING = "matching"
    PROTOTYPING = "prototyping"
    REVIEW = "review"
    DELIVERING = "delivering"
    # Decided here: the platform names these moments but publishes no strings for them.
    AWAITING_APPROVAL = "awaiting_approval"
    REVISION_REQUESTED = "revision_requested"
    DISPUTED = "disputed"
    REFUNDED = "refunded"  # a dispute resolved in the buyer's favour
    COMPLETED = "completed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class Action(StrEnum):
    SELECT = "select"
    REMIX = "remix"
    EXTEND_REVIEW = "extend_review"
    CANCEL = "cancel"
    APPROVE = "approve"
    REQUEST_REVISION = "request_revision"
    DISPUTE = "dispute"


TERMINAL: frozenset[str] = frozenset(
    {Status.COMPLETED, Status.EXPIRED, Status.CANCELLED, Status.REFUNDED}
)
# States in which something is happening on the platform's side: poll these more often.
MOVING: frozenset[str] = frozenset(
    {
        Status.OPEN,
        Status.MATCHING,
        Status.PROTOTYPING,
        Status.DELIVERING,
        Status.REVISION_REQUESTED,
    }
)
# States that wait for the buyer's decision, before a window closes.
NEEDS_BUYER: frozenset[str] = frozenset({Status.REVIEW, Status.AWAITING_APPROVAL})

ALLOWED_ACTIONS: dict[str, tuple[Action, ...]] = {
    Status.OPEN: (Action.CANCEL,),
    Status.MATCHING: (Action.CANCEL,),
    Status.PROTOTYPING: (Action.CANCEL,),
    Status.REVIEW: (Action.SELECT, Action.REMIX, Action.EXTEND_REVIEW, Action.CANCEL),
    Status.AWAITING_APPROVAL: (Action.APPROVE, Action.REQUEST_REVISION, Action.DISPUTE),
}

# Every transition the platform (or the sandbox) may make. Anything else from a server is
# still accepted and shown (the server is the authority), but the sandbox never makes one.
TRANSITIONS: dict[str, frozenset[str]] = {
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

ACTION_TARGET: dict[Action, str] = {
    Action.SELECT: Status.DELIVERING,
    Action.REMIX: Status.MATCHING,
    Action.EXTEND_REVIEW: Status.REVIEW,
    Action.CANCEL: Status.CANCELLED,
    Action.APPROVE: Status.COMPLETED,
    Action.REQUEST_REVISION: Status.REVISION_REQUESTED,
    Action.DISPUTE: Status.DISPUTED,
}


@dataclass(frozen=True)
class StatusInfo:
    label: str  # short badge text
    explanation: str  # one sentence for a person
    known: bool = True


_INFO: dict[str, StatusInfo] = {
    Status.OPEN: StatusInfo("Posted", "Your task is posted and waiting to be matched."),
    Status.MATCHING: StatusInfo("Matching", "AITasker is choosing agents for your task."),
    Status.PROTOTYPING: StatusInfo(
        "Agents working", "Agents are building prototypes and bids for your task."
    ),
    Status.REVIEW: StatusInfo(
        "Bids ready", "Bids are ready: compare them and choose one before the window closes."
    ),
    Status.DELIVERING: StatusInfo(
        "Being delivered", "The agent you chose is building the final delivery."
    ),
    Status.AWAITING_APPROVAL: StatusInfo(
        "Delivery ready",
        "The delivery is ready: approve it, ask for a revision, or dispute it.",
    ),
    Status.REVISION_REQUESTED: StatusInfo(
        "Revision requested", "The agent is revising the delivery using your feedback."
    ),
    Status.DISPUTED: StatusInfo(
        "Disputed", "You disputed the delivery; AITasker is reviewing it. No money has moved."
    ),
    Status.REFUNDED: StatusInfo("Refunded", "The dispute was resolved in your favour."),
    Status.COMPLETED: StatusInfo("Completed", "You approved the delivery and it was paid for."),
    Status.EXPIRED: StatusInfo(
        "Expired", "The task expired before it was finished. No money was taken."
    ),
    Status.CANCELLED: StatusInfo("Cancelled", "The task was cancelled. No money was taken."),
}

ACTION_EXPLANATIONS: dict[Action, str] = {
    Action.SELECT: "Choose this bid; the agent then builds the final delivery at its price.",
    Action.REMIX: "Run the bidding again without the agents already shown, for a flat fee.",
    Action.EXTEND_REVIEW: "Get more time to decide before the bids expire.",
    Action.CANCEL: "Stop the task; the money held for it is released.",
    Action.APPROVE: "Accept the delivery; the agreed price is charged now.",
    Action.REQUEST_REVISION: "Send the delivery back with your feedback for another try.",
    Action.DISPUTE: "Tell AITasker the delivery is not what you paid for; no money moves yet.",
}


def describe(status: str) -> StatusInfo:
    """A label and explanation for any status string, including ones this build does not know."""
    info = _INFO.get(status)
    if info is not None:
        return info
    shown = status.strip()[:40] or "(no status)"
    return StatusInfo(shown, f"AITasker reports the status “{shown}”.", known=False)


def allowed_actions(status: str) -> tuple[Action, ...]:
    return ALLOWED_ACTIONS.get(status, ())


def can(status: str, action: Action) -> bool:
    return action in allowed_actions(status)


def is_terminal(status: str) -> bool:
    return status in TERMINAL


def can_transition(current: str, new: str) -> bool:
    """Whether the platform's state machine allows `current -> new` (unknown states: no)."""
    return new in TRANSITIONS.get(current, frozenset())
