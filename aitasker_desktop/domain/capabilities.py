"""What an AITasker server offers: which of our REST operations, and whether A2A.

Half of what the app does rests on paths this project decided, which a real AITasker server
may lack. `Capabilities` is a plain value (learned by api/discovery.py, kept per world by
the services as JSON) that says, per operation, where to send it: our REST path, the A2A
method, or nowhere yet, in which case the app says so in plain words.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, field_serializer, field_validator


class Operation(StrEnum):
    # Documented by AITasker (REST).
    CREATE = "create"
    GET = "get"
    # Named by AITasker, paths decided by this project (a server may lack them).
    LIST_SINCE = "list_since"
    SELECT = "select"
    REMIX = "remix"
    EXTEND_REVIEW = "extend_review"
    CANCEL = "cancel"
    NOTE = "note"
    DELIVERY = "delivery"
    APPROVE = "approve"
    REVISION = "revision"
    DISPUTE = "dispute"
    UPLOAD = "upload"
    BRAND_KITS = "brand_kits"
    FILES = "files"


DOCUMENTED: Final = frozenset({Operation.CREATE, Operation.GET})
DECIDED: Final = frozenset(Operation) - DOCUMENTED

# The A2A method that can stand in for an operation when the REST path is missing.
A2A_METHOD: Final[dict[Operation, str]] = {
    Operation.CREATE: "message/send",
    Operation.GET: "tasks/get",
    Operation.SELECT: "tasks/selectBid",
    Operation.CANCEL: "tasks/cancel",
    Operation.NOTE: "tasks/provideInput",
}

# "AITasker does not yet let apps ..." (errors.NotAvailable completes the sentence).
DOING: Final[dict[Operation, str]] = {
    Operation.CREATE: "post tasks",
    Operation.GET: "read a task",
    Operation.LIST_SINCE: "list your tasks",
    Operation.SELECT: "choose a bid",
    Operation.REMIX: "remix the bids",
    Operation.EXTEND_REVIEW: "extend the review window",
    Operation.CANCEL: "cancel a task",
    Operation.NOTE: "send notes to the agents",
    Operation.DELIVERY: "fetch a delivery",
    Operation.APPROVE: "approve a delivery",
    Operation.REVISION: "ask for a revision",
    Operation.DISPUTE: "dispute a delivery",
    Operation.UPLOAD: "attach files",
    Operation.BRAND_KITS: "use brand kits",
    Operation.FILES: "download files",
}

Route = Literal["rest", "a2a"]
Source = Literal["openapi", "probe", "assumed"]


class Capabilities(BaseModel):
    """Immutable; `model_dump_json()` / `from_json()` to keep it per world."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="ignore")

    version: int = 1
    rest: frozenset[Operation] = frozenset(Operation)
    a2a: bool = False
    source: Source = "assumed"

    @field_validator("rest", mode="before")
    @classmethod
    def _known_operations(cls, value: Any) -> Any:
        """Operations a newer or older app wrote that this one does not know are dropped."""
        if isinstance(value, list | tuple | set | frozenset):
            known = {op.value for op in Operation}
            return frozenset(Operation(v) for v in value if isinstance(v, str) and v in known)
        return value

    @field_serializer("rest")
    def _sorted(self, value: frozenset[Operation]) -> list[str]:
        return sorted(op.value for op in value)  # the same JSON for the same value

    @classmethod
    def everything(cls) -> Capabilities:
        """What this app assumed before it learned: every REST path it decided."""
        return cls(rest=frozenset(Operation), a2a=False, source="assumed")

    @classmethod
    def from_json(cls, text: str | bytes) -> Capabilities:
        """Read back what `model_dump_json()` wrote; ValueError when it is not that."""
        return cls.model_validate_json(text)

    def route(self, op: Operation) -> Route | None:
        """Where `op` goes: our REST path, else the A2A method, else None (not offered)."""
        if op in self.rest:
            return "rest"
        if self.a2a and op in A2A_METHOD:
            return "a2a"
        return None

    def allows(self, op: Operation) -> bool:
        return self.route(op) is not None

    @property
    def unavailable(self) -> frozenset[Operation]:
        return frozenset(op for op in Operation if not self.allows(op))
