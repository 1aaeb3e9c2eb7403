"""What a task's state means for its page: what to show while waiting, which states show
the delivery, and how a list's lean copy of a task is completed from what is shown."""

from __future__ import annotations

from datetime import UTC, datetime

from aitasker_desktop.domain.lifecycle import Status, describe
from aitasker_desktop.domain.task import StatusChange, Task

# States whose page shows the delivery.
DELIVERY_STATES = frozenset(
    {
        Status.AWAITING_APPROVAL,
        Status.REVISION_REQUESTED,
        Status.DISPUTED,
        Status.COMPLETED,
        Status.REFUNDED,
    }
)


def keep_details(old: Task, new: Task) -> Task:
    """`new`, with the brief and history of `old` where `new` (a list's copy) has none."""
    update: dict[str, object] = {}
    if not new.description and old.description:
        update["description"] = old.description
    if not new.history and old.history:
        history = list(old.history)
        if history[-1].status != new.status:
            at = new.updated_at or datetime.now(UTC)
            history.append(StatusChange(status=new.status, at=at))
        update["history"] = history
    return new.model_copy(update=update) if update else new


def waiting_text(task: Task) -> str:
    status = task.status
    if status in (Status.OPEN, Status.MATCHING, Status.PROTOTYPING):
        return "Bids will appear here when the agents have finished their prototypes."
    if status == Status.DELIVERING:
        return "The delivery will appear here when the agent has finished it."
    info = describe(status)
    return info.explanation
