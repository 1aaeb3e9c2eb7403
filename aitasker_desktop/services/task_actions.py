"""The buyer's decisions on one task (select, remix, extend, cancel, approve, revise, dispute,
a note to the agents) and the reads a task's page needs (its bids and its delivery), all
through the Connection and routed by what the server offers (services/capabilities.py): our
REST path, else AITasker's A2A method, else `NotAvailable`. `offers(action)` tells a page
beforehand, so it shows no button that would fail.

An A2A answer carries only a state, so the task it updates is the cached one (`known`, read
on the worker), and when the server can read a task over REST it is read back at once: what
the page and the list show is the server's task, with the note in its history.

After every action the returned task goes to whoever tracks tasks (`on_task_updated`, the
tracker's `upsert`) and the balance is refreshed, since money may have moved.
When a payment is refused, the balance is read at once on the same worker and handed out
(`balance_read`) before the failure, so the message and the status bar say the same figure.

Offline, a decision is not queued: it fails at once, and the page says plainly that it was
not done (a buyer's decision made on stale information should not happen later by itself).
`back_online` tells a page showing an error that AITasker answers again, to recover.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from aitasker_desktop.api.errors import ApiError, PaymentRequired
from aitasker_desktop.api.operations import TaskOperations
from aitasker_desktop.domain.capabilities import Capabilities, Operation
from aitasker_desktop.domain.lifecycle import Action
from aitasker_desktop.domain.task import BidGallery, Delivery, Task
from aitasker_desktop.domain.task_ref import website_task_url
from aitasker_desktop.services.connection import Connection, ConnectionState

if TYPE_CHECKING:
    from aitasker_desktop.services.client_api import ClientApi

OnTask = Callable[[Task], None]
Known = Callable[[str], Task | None]  # the cached task, read on a worker
Offer = Callable[[], Capabilities]  # what the current world's server offers

NOTE = "note"  # the action name of a note to the agents (not a lifecycle decision)

# The operation behind each decision a page can offer.
OPERATION_OF: dict[str, Operation] = {
    Action.SELECT: Operation.SELECT,
    Action.REMIX: Operation.REMIX,
    Action.EXTEND_REVIEW: Operation.EXTEND_REVIEW,
    Action.CANCEL: Operation.CANCEL,
    Action.APPROVE: Operation.APPROVE,
    Action.REQUEST_REVISION: Operation.REVISION,
    Action.DISPUTE: Operation.DISPUTE,
    NOTE: Operation.NOTE,
}

# Actions after which the balance may have changed (held, released or charged).
MONEY_ACTIONS = frozenset(
    {Action.SELECT, Action.REMIX, Action.CANCEL, Action.APPROVE, Action.DISPUTE}
)


class TaskActionsService(QObject):
    task_updated = Signal(object)  # Task, as the service returned it after an action
    action_succeeded = Signal(str, object)  # action, Task
    action_failed = Signal(str, object)  # action, ApiError
    busy_changed = Signal(bool)
    balance_read = Signal(object)  # Balance, read right after a refused payment
    back_online = Signal()  # AITasker answers again after the app was offline

    def __init__(
        self,
        connection: Connection,
        *,
        on_task_updated: OnTask | None = None,
        on_money_moved: Callable[[], None] | None = None,
        offer: Offer = Capabilities.everything,
        known: Known = lambda _task_id: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._on_task_updated = on_task_updated
        self._on_money_moved = on_money_moved
        self._offer = offer
        self._known = known
        self._pending = 0
        self._offline = False
        connection.state_changed.connect(self.on_connection_state_changed)

    def on_connection_state_changed(self, state: str) -> None:
        if state == ConnectionState.OFFLINE:
            self._offline = True
        elif state == ConnectionState.ONLINE and self._offline:
            self._offline = False
            self.back_online.emit()

    # -- what the server offers ------------------------------------------------------------

    def offers(self, action: str) -> bool:
        """Whether the current server lets apps do `action` (a lifecycle Action or NOTE)."""
        op = OPERATION_OF.get(action)
        return op is None or self._offer().allows(op)

    def website_link(self, task_id: str) -> str | None:
        """The task's page on the AITasker website; None in the sandbox (it has none) or for
        a server not reached over https (whose website this app cannot know)."""
        world = self._connection.world
        if world is None or world.is_sandbox or not world.base_url.startswith("https://"):
            return None
        return website_task_url(task_id)

    def _ops(self, client: ClientApi) -> TaskOperations:
        return TaskOperations(client, self._offer())

    def _ref(self, task_id: str) -> Task | str:
        try:
            return self._known(task_id) or task_id
        except Exception:  # a damaged cache row: the id is enough to ask the server
            return task_id

    def set_task_sink(self, on_task_updated: OnTask | None) -> None:
        """Where updated tasks go (the tracker's `upsert`, once there is one)."""
        self._on_task_updated = on_task_updated

    @property
    def busy(self) -> bool:
        return self._pending > 0

    # -- reads -----------------------------------------------------------------------------

    def load_bids(
        self,
        task_id: str,
        on_done: Callable[[BidGallery], None],
        on_error: Callable[[BaseException], None],
        *,
        owner: QObject | None = None,
    ) -> None:
        self._connection.call(lambda c: c.bids(task_id), on_done, on_error, owner=owner)

    def load_delivery(
        self,
        task_id: str,
        on_done: Callable[[Delivery], None],
        on_error: Callable[[BaseException], None],
        *,
        owner: QObject | None = None,
    ) -> None:
        self._connection.call(
            lambda c: self._ops(c).delivery(task_id), on_done, on_error, owner=owner
        )

    def load_task(
        self,
        task_id: str,
        on_done: Callable[[Task], None],
        on_error: Callable[[BaseException], None],
        *,
        owner: QObject | None = None,
    ) -> None:
        self._connection.call(
            lambda c: self._ops(c).get(self._ref(task_id)), on_done, on_error, owner=owner
        )

    def add_task(
        self,
        task_id: str,
        on_done: Callable[[Task, bool], None],
        on_error: Callable[[BaseException], None],
        *,
        owner: QObject | None = None,
    ) -> None:
        """Read a task named by the person (its id or link) and follow it from now on;
        `on_done(task, already)`: `already` when it was followed before (the cache had it)."""

        def read(client: ClientApi) -> tuple[Task, bool]:
            known = self._ref(task_id)  # on the worker: the cache is on disk
            return self._ops(client).get(known), isinstance(known, Task)

        def done(result: tuple[Task, bool]) -> None:
            task, already = result
            if self._on_task_updated is not None:
                self._on_task_updated(task)
            on_done(task, already)

        self._connection.call(read, done, on_error, owner=owner)

    # -- decisions -------------------------------------------------------------------------

    def select(self, task_id: str, bid_id: str) -> None:
        self._act(Action.SELECT, task_id, lambda o, t: o.select(t, bid_id))

    def remix(self, task_id: str) -> None:
        self._act(Action.REMIX, task_id, lambda o, t: o.remix(t))

    def extend_review(self, task_id: str) -> None:
        self._act(Action.EXTEND_REVIEW, task_id, lambda o, t: o.extend_review(t))

    def cancel(self, task_id: str) -> None:
        self._act(Action.CANCEL, task_id, lambda o, t: o.cancel(t))

    def approve(self, task_id: str) -> None:
        self._act(Action.APPROVE, task_id, lambda o, t: o.approve(t))

    def request_revision(self, task_id: str, feedback: str) -> None:
        text = feedback.strip()
        self._act(Action.REQUEST_REVISION, task_id, lambda o, t: o.request_revision(t, text))

    def dispute(self, task_id: str, reason: str) -> None:
        text = reason.strip()
        self._act(Action.DISPUTE, task_id, lambda o, t: o.dispute(t, text))

    def note(self, task_id: str, text: str) -> None:
        """Send clarification text to the task's agents (the caller cleaned and limited it)."""
        self._act(NOTE, task_id, lambda o, t: o.note(t, text))

    def perform(self, action: str, task_id: str, text: str = "") -> bool:
        """One of the buyer's decisions on a task by its name (selecting needs a bid: see
        `select`); `text` is the revision request, the dispute's reason or the note. False when the
        action is not one of these."""
        run = {
            Action.REMIX: lambda: self.remix(task_id),
            Action.EXTEND_REVIEW: lambda: self.extend_review(task_id),
            Action.CANCEL: lambda: self.cancel(task_id),
            Action.APPROVE: lambda: self.approve(task_id),
            Action.REQUEST_REVISION: lambda: self.request_revision(task_id, text),
            Action.DISPUTE: lambda: self.dispute(task_id, text),
            NOTE: lambda: self.note(task_id, text),
        }.get(action)
        if run is not None:
            run()
        return run is not None

    def _act(
        self, action: str, task_id: str, fn: Callable[[TaskOperations, Task | str], Any]
    ) -> None:
        def work(client: ClientApi) -> Task:
            ops = self._ops(client)
            try:
                result = fn(ops, self._ref(task_id))
            except PaymentRequired:
                try:
                    # Emitted from this worker before the failure is: Qt delivers the two
                    # in that order, so the balance is current when the refusal is shown.
                    self.balance_read.emit(client.balance())
                except ApiError:
                    pass
                raise
            task = _task_of(result)
            op = OPERATION_OF.get(action)
            a2a = op is not None and ops.route(op) == "a2a"
            if task is not None and not (a2a and ops.route(Operation.GET) == "rest"):
                return task
            # An A2A answer carries only a state, and some answers no task: read it back.
            fresh = ops.get(task or task_id)
            return (
                fresh.model_copy(update={"a2a_id": task.a2a_id or fresh.a2a_id}) if task else fresh
            )

        def done(task: Task) -> None:
            self._finish()
            if self._on_task_updated is not None:
                self._on_task_updated(task)
            self.task_updated.emit(task)
            self.action_succeeded.emit(str(action), task)
            if action in MONEY_ACTIONS and self._on_money_moved is not None:
                self._on_money_moved()

        def failed(exc: BaseException) -> None:
            self._finish()
            self.action_failed.emit(str(action), exc)
            # A refused payment or a conflict: the balance shown may be stale.
            if self._on_money_moved is not None:
                self._on_money_moved()

        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._connection.call(work, done, failed, owner=self)

    def _finish(self) -> None:
        self._pending = max(0, self._pending - 1)
        if self._pending == 0:
            self.busy_changed.emit(False)


def _task_of(result: object) -> Task | None:
    if isinstance(result, Task):
        return result
    task = getattr(result, "task", None)
    return task if isinstance(task, Task) else None
