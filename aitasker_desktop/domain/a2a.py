"""AITasker's A2A task as the client reads it, and how its states map to our lifecycle.

The shapes follow what AITasker documents for `POST /api/v1/a2a/rpc` (tasks/get and the other
methods answer `{id, status: {state}, artifacts?, metadata?}`); everything is parsed
leniently, and an unknown state is kept verbatim. AITasker does not publish how its A2A
states relate to the REST statuses: the mapping below is this project's decision, also
written in docs/api-conventions.md.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, model_validator

from aitasker_desktop.domain.lifecycle import Status


class A2AState(StrEnum):
    """The states AITasker documents (note the American `canceled`)."""

    SUBMITTED = "submitted"  # queued
    WORKING = "working"  # agents generating; also after selectBid and provideInput
    COMPLETED = "completed"  # prototypes (or the delivery) ready for the buyer
    CANCELED = "canceled"


# Decided: the A2A state each REST status shows as (the sandbox serves the same table).
A2A_STATE_OF: Final[dict[str, A2AState]] = {
    Status.OPEN: A2AState.SUBMITTED,
    Status.MATCHING: A2AState.WORKING,
    Status.PROTOTYPING: A2AState.WORKING,
    Status.REVIEW: A2AState.COMPLETED,
    Status.DELIVERING: A2AState.WORKING,
    Status.AWAITING_APPROVAL: A2AState.COMPLETED,
    Status.REVISION_REQUESTED: A2AState.WORKING,
    Status.DISPUTED: A2AState.WORKING,
    Status.COMPLETED: A2AState.COMPLETED,
    Status.REFUNDED: A2AState.CANCELED,
    Status.EXPIRED: A2AState.CANCELED,
    Status.CANCELLED: A2AState.CANCELED,
}


def lifecycle_status(state: str, *, known: str | None = None, selected: bool = False) -> str:
    """The REST status to show for an A2A `state`.

    A state stands for several statuses, so a status already known for the task is kept
    while it still shows as this state (a `completed` task that was approved stays
    `completed`, an `expired` one stays `expired`). Otherwise: `submitted` is open, `working`
    is prototyping (delivering once a bid was selected), `completed` is review (awaiting
    approval once a bid was selected), `canceled` is cancelled; any other state verbatim."""
    if known is not None and A2A_STATE_OF.get(known) == state:
        return known
    if state == A2AState.SUBMITTED:
        return Status.OPEN
    if state == A2AState.WORKING:
        return Status.DELIVERING if selected else Status.PROTOTYPING
    if state == A2AState.COMPLETED:
        return Status.AWAITING_APPROVAL if selected else Status.REVIEW
    if state == A2AState.CANCELED:
        return Status.CANCELLED
    return state


_SCORE = re.compile(r"score\s*[:=]\s*(-?\d+(?:\.\d+)?)", re.IGNORECASE)


def score_from(description: str) -> float | None:
    """The score an artifact's description carries, as in "Score: 0.85"; None without one."""
    match = _SCORE.search(description)
    return float(match.group(1)) if match else None


class _Lenient(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore")


class Prototype(_Lenient):
    """One artifact of an A2A task: an agent's prototype, its score in the description."""

    name: str = ""
    description: str = ""
    text: str = ""  # the text parts, joined
    score: float | None = None
    bid_id: str | None = None  # when the server names the bid (A2A's artifactId or metadata)

    @model_validator(mode="before")
    @classmethod
    def _from_wire(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        description = _text(data.get("description"))
        parts = _list(data.get("parts"))
        texts = [_text(p.get("text")) for p in parts if isinstance(p, dict)]
        meta = _dict(data.get("metadata"))
        bid = meta.get("bid_id") or data.get("artifactId") or data.get("bid_id")
        return {
            "name": _text(data.get("name")),
            "description": description,
            "text": "\n\n".join(t for t in texts if t),
            "score": score_from(description),
            "bid_id": bid if isinstance(bid, str) and bid else None,
        }


class A2ATask(_Lenient):
    """A task as an A2A method answers it."""

    id: str
    state: str = "unknown"
    prototypes: list[Prototype] = Field(default_factory=list)
    task_id: str | None = None  # metadata.task_id: the REST uuid (the A2A id may differ)
    selected_bid_id: str | None = None
    payment_method: str | None = None
    amount_usd: float | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _from_wire(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        status = data.get("status")
        state = status.get("state") if isinstance(status, dict) else status
        meta = _dict(data.get("metadata"))
        artifacts = _list(data.get("artifacts"))
        amount = meta.get("amount_usd")
        return {
            "id": data.get("id"),
            "state": state if isinstance(state, str) and state else "unknown",
            "prototypes": [a for a in artifacts if isinstance(a, dict)],
            "task_id": _id(meta.get("task_id")),
            "selected_bid_id": _id(meta.get("selected_bid_id")),
            "payment_method": _id(meta.get("payment_method")),
            "amount_usd": amount if _is_number(amount) else None,
            "metadata": meta,
        }

    @property
    def rest_id(self) -> str:
        """The id to use with the REST endpoints: metadata.task_id, else the A2A id."""
        return self.task_id or self.id


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _id(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) and value else None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
