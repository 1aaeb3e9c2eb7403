"""Task operations routed to what the server offers (see domain/capabilities.py).

Each operation goes to our REST path where the server has it, else to the A2A method that
does the same (get, select, cancel, note, create), else raises `NotAvailable`, whose message
says in plain words that AITasker does not yet let apps do it. `can(op)` answers beforehand,
so a screen offers only what the server can do.

Ids: a task is known by its REST id. A2A calls use the task's `a2a_id` when the app has
learned it (every A2A answer names it), else the REST id, which AITasker's A2A methods may
or may not accept: the error, if any, is shown as it comes.

What comes back is always a domain `Task`. An A2A answer carries only an id, a state and
prototypes, so it updates the task the caller passes in (title, budget and the rest are
kept) with the state mapped to our lifecycle (domain/a2a.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from aitasker_desktop.api.errors import NotAvailable
from aitasker_desktop.domain.capabilities import DOING, Capabilities, Operation
from aitasker_desktop.domain.task import Delivery, Task

if TYPE_CHECKING:  # the A2A client loads httpx: not on the GUI thread at start
    from aitasker_desktop.api.a2a import A2AClient
    from aitasker_desktop.domain.a2a import A2ATask

TaskRef = Task | str  # the task as the app knows it, or only its REST id


class OperationsClient(Protocol):
    """What TaskOperations uses of a client (api.client.AITaskerClient is the real one)."""

    @property
    def a2a(self) -> A2AClient: ...

    def create_task(self, payload: dict[str, Any], *, idempotency_key: str) -> Task: ...
    def get_task(self, task_id: str) -> Task: ...
    def list_changed(
        self, since: str | None, *, page_size: int = 500
    ) -> tuple[list[Task], str | None]: ...
    def select_bid(self, task_id: str, bid_id: str) -> Task: ...
    def remix(self, task_id: str) -> Task: ...
    def extend_review(self, task_id: str) -> Task: ...
    def cancel(self, task_id: str) -> Task: ...
    def send_note(self, task_id: str, text: str) -> Task: ...
    def delivery(self, task_id: str) -> Delivery: ...
    def approve(self, task_id: str) -> Task: ...
    def request_revision(self, task_id: str, feedback: str) -> Task: ...
    def dispute(self, task_id: str, reason: str) -> Task: ...


class TaskOperations:
    """Blocking, like the client it wraps; run it off the GUI thread."""

    def __init__(self, client: OperationsClient, capabilities: Capabilities) -> None:
        self._client = client
        self.capabilities = capabilities

    def __repr__(self) -> str:
        return f"<TaskOperations {self._client!r} {self.capabilities.source}>"

    @property
    def _a2a(self) -> A2AClient:
        # Read when an operation goes to A2A, not before: a test's fake client has none.
        return self._client.a2a

    def route(self, op: Operation) -> str | None:
        """Where `op` goes now: "rest", "a2a", or None (AITasker does not offer it)."""
        return self.capabilities.route(op)

    def can(self, op: Operation) -> bool:
        return self.capabilities.allows(op)

    def require(self, op: Operation) -> None:
        """NotAvailable unless the server offers `op` one way or another."""
        if not self.can(op):
            raise NotAvailable(op.value, DOING[op])

    # -- the operations A2A can stand in for -----------------------------------------------

    def create(self, payload: dict[str, Any], *, idempotency_key: str) -> Task:
        """Post a task. Over A2A a lost answer is CreateUnconfirmed, never repeated by itself;
        attachments and a brand kit cannot travel there, so they are refused first."""
        if self._route(Operation.CREATE) == "rest":
            return self._client.create_task(payload, idempotency_key=idempotency_key)
        if payload.get("attachments"):
            raise NotAvailable(Operation.UPLOAD.value, DOING[Operation.UPLOAD])
        if payload.get("brand_kit_id"):
            raise NotAvailable(Operation.BRAND_KITS.value, DOING[Operation.BRAND_KITS])
        answer = self._a2a.send_message(
            str(payload.get("description") or payload.get("brief") or ""),
            category=str(payload.get("category", "")),
            task_type=str(payload.get("task_type", "")),
            budget_usd=float(payload.get("budget_usd") or 0),
            title=payload.get("title") or None,
            requirements=_object(payload.get("requirements")),
            metadata=_object(payload.get("metadata")),
            message_id=idempotency_key,
        )
        fields = {k: v for k, v in payload.items() if k in Task.model_fields}
        posted = Task.model_validate({**fields, "id": answer.rest_id})
        if answer.amount_usd is not None:
            posted = posted.model_copy(update={"budget_usd": answer.amount_usd})
        return _updated(posted, answer)

    def get(self, task: TaskRef) -> Task:
        if self._route(Operation.GET) == "rest":
            return self._client.get_task(_id(task))
        return _updated(_known(task), self._a2a.get(_a2a_id(task)))

    def select(self, task: TaskRef, bid_id: str | None) -> Task:
        """Choose a bid. Over A2A without `bid_id`, AITasker picks the best-scored one."""
        if self._route(Operation.SELECT) == "rest":
            if not bid_id:
                raise ValueError("choosing over REST needs the bid's id")
            return self._client.select_bid(_id(task), bid_id)
        return _updated(_known(task), self._a2a.select_bid(_a2a_id(task), bid_id))

    def cancel(self, task: TaskRef) -> Task:
        if self._route(Operation.CANCEL) == "rest":
            return self._client.cancel(_id(task))
        return _updated(_known(task), self._a2a.cancel(_a2a_id(task)))

    def note(self, task: TaskRef, text: str) -> Task:
        """Send clarification text to the task's agents."""
        if self._route(Operation.NOTE) == "rest":
            return self._client.send_note(_id(task), text)
        return _updated(_known(task), self._a2a.provide_input(_a2a_id(task), text))

    # -- REST only: NotAvailable where the server lacks the path -------------------------

    def list_changed(
        self, since: str | None, *, page_size: int = 500
    ) -> tuple[list[Task], str | None]:
        self.require(Operation.LIST_SINCE)
        return self._client.list_changed(since, page_size=page_size)

    def remix(self, task: TaskRef) -> Task:
        self.require(Operation.REMIX)
        return self._client.remix(_id(task))

    def extend_review(self, task: TaskRef) -> Task:
        self.require(Operation.EXTEND_REVIEW)
        return self._client.extend_review(_id(task))

    def delivery(self, task: TaskRef) -> Delivery:
        self.require(Operation.DELIVERY)
        return self._client.delivery(_id(task))

    def approve(self, task: TaskRef) -> Task:
        self.require(Operation.APPROVE)
        return self._client.approve(_id(task))

    def request_revision(self, task: TaskRef, feedback: str) -> Task:
        self.require(Operation.REVISION)
        return self._client.request_revision(_id(task), feedback)

    def dispute(self, task: TaskRef, reason: str) -> Task:
        self.require(Operation.DISPUTE)
        return self._client.dispute(_id(task), reason)

    def _route(self, op: Operation) -> str:
        route = self.capabilities.route(op)
        if route is None:
            raise NotAvailable(op.value, DOING[op])
        return route


def _object(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) and value else None


def _id(task: TaskRef) -> str:
    return task if isinstance(task, str) else task.id


def _a2a_id(task: TaskRef) -> str:
    return task if isinstance(task, str) else task.a2a_id or task.id


def _known(task: TaskRef) -> Task:
    return Task(id=task) if isinstance(task, str) else task


def _updated(task: Task, answer: A2ATask) -> Task:
    """`task` as the A2A answer leaves it: its state, its A2A id, the bid chosen."""
    # Loaded with the first A2A answer (api/a2a.py made it): its models cost ~4 ms at start.
    from aitasker_desktop.domain.a2a import lifecycle_status

    selected = answer.selected_bid_id or task.selected_bid_id
    status = lifecycle_status(
        answer.state,
        known=task.status if task.status != "unknown" else None,
        selected=selected is not None,
    )
    return task.model_copy(
        update={"status": status, "a2a_id": answer.id, "selected_bid_id": selected}
    )
