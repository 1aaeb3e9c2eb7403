"""The time left to decide, on the actions panel: 'Time to decide: 4 min left.', counting
down each second while the page is on screen (and not at all while it is hidden)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from aitasker_desktop.domain.clock import Clock, system_clock
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.domain.task import Delivery, Task
from aitasker_desktop.ui.task_page.format import countdown

DECIDING = (Status.REVIEW, Status.AWAITING_APPROVAL)
ENDED = (Status.COMPLETED, Status.CANCELLED, Status.EXPIRED)


def deadline_of(task: Task, delivery: Delivery | None) -> datetime | None:
    """The task's own deadline; while a delivery waits for approval, its decide-by time."""
    if task.deadline_at is not None:
        return task.deadline_at
    if task.status == Status.AWAITING_APPROVAL and delivery is not None:
        return delivery.decide_by
    return None


def deadline_text(task: Task, delivery: Delivery | None, now: datetime) -> str:
    deadline = deadline_of(task, delivery)
    if deadline is None or task.status in ENDED:
        return ""
    left = countdown(deadline, now)
    return f"Time to decide: {left}." if task.status in DECIDING else f"Next step due: {left}."


class DeadlineClock(QObject):
    def __init__(
        self, label: QLabel, parent: QObject | None = None, *, clock: Clock = system_clock
    ) -> None:
        super().__init__(parent)
        self._label = label
        self._now = clock
        self._task: Task | None = None
        self._delivery: Delivery | None = None
        self._shown = False
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.on_timer_timeout)

    def show(self, task: Task | None, delivery: Delivery | None, *, on_screen: bool) -> None:
        self._task, self._delivery, self._shown = task, delivery, on_screen
        self._update()

    def stop(self) -> None:
        self._shown = False
        self._timer.stop()

    def on_timer_timeout(self) -> None:
        self._update()

    def _update(self) -> None:
        task = self._task
        text = "" if task is None else deadline_text(task, self._delivery, self._now())
        self._label.setText(text)
        self._label.setVisible(bool(text))
        if text and self._shown:
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
