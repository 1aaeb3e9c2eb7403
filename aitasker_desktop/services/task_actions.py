"""The buyer's decisions on one task (select, remix, extend, cancel, approve, revise, dispute)
and the reads a task's page needs (its bids and its delivery), all through the Connection.

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
from aitasker_desktop.domain.lifecycle import Action
from aitasker_desktop.domain.task import BidGallery, Delivery, Task
from aitasker_desktop.services.connection import Connection, ConnectionState

if TYPE_CHECKING:
    from aitasker_desktop.services.client_api import ClientApi

OnTask = Callable[[Task], None]

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
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._on_task_updated = on_task_updated
        self._on_money_moved = on_money_moved
        self._pending = 0
        self._offline = False
        connection.state_changed.connect(self.on_connection_state_changed)

    def on_connection_state_changed(self, state: str) -> None:
        if state == ConnectionState.OFFLINE:
            self._offline = True
        elif state == ConnectionState.ONLINE and self._offline:
            self._offline = False
            self.back_online.emit()

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
        self._connection.call(lambda c: c.delivery(task_id), on_done, on_error, owner=owner)

    def load_task(
        self,
        task_id: str,
        on_done: Callable[[Task], None],
        on_error: Callable[[BaseException], None],
        *,
        owner: QObject | None = None,
    ) -> None:
        self._connection.call(lambda c: c.get_task(task_id), on_done, on_error, owner=owner)

    # -- decisions -------------------------------------------------------------------------

    def select(self, task_id: str, bid_id: str) -> None:
        self._act(Action.SELECT, task_id, lambda c: c.select_bid(task_id, bid_id))

    def remix(self, task_id: str) -> None:
        self._act(Action.REMIX, task_id, lambda c: c.remix(task_id))

    def extend_review(self, task_id: str) -> None:
        self._act(Action.EXTEND_REVIEW, task_id, lambda c: c.extend_review(task_id))

    def cancel(self, task_id: str) -> None:
        self._act(Action.CANCEL, task_id, lambda c: c.cancel(task_id))

    def approve(self, task_id: str) -> None:
        self._act(Action.APPROVE, task_id, lambda c: c.approve(task_id))

    def request_revision(self, task_id: str, feedback: str) -> None:
        text = feedback.strip()
        self._act(Action.REQUEST_REVISION, task_id, lambda c: c.request_revision(task_id, text))

    def dispute(self, task_id: str, reason: str) -> None:
        text = reason.strip()
        self._act(Action.DISPUTE, task_id, lambda c: c.dispute(task_id, text))

    def perform(self, action: Action, task_id: str, text: str = "") -> bool:
        """One of the buyer's decisions on a task by its name (selecting needs a bid: see
        `select`); `text` is the revision request or the dispute's reason. False when the
        action is not one of these."""
        run = {
            Action.REMIX: lambda: self.remix(task_id),
            Action.EXTEND_REVIEW: lambda: self.extend_review(task_id),
            Action.CANCEL: lambda: self.cancel(task_id),
            Action.APPROVE: lambda: self.approve(task_id),
            Action.REQUEST_REVISION: lambda: self.request_revision(task_id, text),
            Action.DISPUTE: lambda: self.dispute(task_id, text),
        }.get(action)
        if run is not None:
            run()
        return run is not None

    def _act(self, action: Action, task_id: str, fn: Callable[[ClientApi], Any]) -> None:
        def work(client: ClientApi) -> Task:
            try:
                result = fn(client)
            except PaymentRequired:
                try:
                    # Emitted from this worker before the failure is: Qt delivers the two
                    # in that order, so the balance is current when the refusal is shown.
                    self.balance_read.emit(client.balance())
                except ApiError:
                    pass
                raise
            task = _task_of(result)
            # Some answers carry no task (or an older shape): read it back.
            return task if task is not None else client.get_task(task_id)

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
