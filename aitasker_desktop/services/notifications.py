"""Tells the user what happened to their tasks: an in-app list, and the desktop where offered.

Events come from status changes the tracker saw (bids ready, delivery ready, completed,
expired, cancelled) and from a timer that notices a decision window about to close. Each
event has a dedupe key stored with it, so the same event is announced once, even across
restarts. The list is kept per world and persisted; writes run off the GUI thread.

Desktop notifications go through a callable given by the UI (a system tray's showMessage
where one exists: a headless machine has none, and the in-app list works alone).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from aitasker_desktop.domain.lifecycle import NEEDS_BUYER, Status
from aitasker_desktop.domain.notification import Notification, NotificationKind
from aitasker_desktop.domain.task import Task
from aitasker_desktop.services.tracker import TrackerService, Transition
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.notifications import Notifications

log = logging.getLogger(__name__)

DesktopNotifier = Callable[[str, str], None]  # (title, message)

COMPLETED_KIND = "completed"
RECENT_LIMIT = 200
_TITLE_CHARS = 80

# Which arrival in a status is worth telling, and how.
_ON_STATUS: dict[str, tuple[str, str]] = {
    Status.REVIEW: (
        NotificationKind.BIDS_READY,
        "Bids are ready for “{title}”: choose one before the window closes.",
    ),
    Status.AWAITING_APPROVAL: (
        NotificationKind.DELIVERY_READY,
        "The delivery for “{title}” is ready: approve it, ask for a revision, or dispute it.",
    ),
    Status.COMPLETED: (COMPLETED_KIND, "“{title}” is completed and paid for."),
    Status.EXPIRED: (NotificationKind.EXPIRED, "“{title}” expired. No money was taken."),
    Status.CANCELLED: (NotificationKind.CANCELLED, "“{title}” was cancelled."),
}
_DESKTOP_TITLES: dict[str, str] = {
    NotificationKind.BIDS_READY: "Bids ready",
    NotificationKind.DELIVERY_READY: "Delivery ready",
    NotificationKind.REVIEW_CLOSING: "Decide soon",
    NotificationKind.EXPIRED: "Task expired",
    NotificationKind.CANCELLED: "Task cancelled",
    COMPLETED_KIND: "Task completed",
}


def _now() -> datetime:
    return datetime.now(UTC)


def _short_title(task: Task) -> str:
    title = " ".join(task.title.split()) or "Untitled task"
    return title if len(title) <= _TITLE_CHARS else title[: _TITLE_CHARS - 1] + "…"


def _left(seconds: float) -> str:
    minutes = max(1, int(seconds // 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


class NotificationService(QObject):
    notified = Signal(object)  # Notification, just added
    changed = Signal()  # the list or its read state changed (reload the view)
    unread_changed = Signal(int)

    def __init__(
        self,
        tracker: TrackerService,
        store: Store,
        *,
        desktop: DesktopNotifier | None = None,
        closing_window: timedelta = timedelta(minutes=15),
        check_interval_ms: int = 30_000,
        clock: Callable[[], datetime] = _now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tracker = tracker
        self._store = store
        self._runner = tracker.runner
        self._desktop = desktop
        self._desktop_enabled = True
        self._closing_window = closing_window
        self._clock = clock
        self._repo: Notifications | None = None
        self._items: list[Notification] = []
        self._announced: set[str] = set()  # dedupe keys sent to the store this session
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.on_timer_timeout)
        tracker.transitions.connect(self.on_tracker_transitions)
        tracker.tasks_loaded.connect(self.on_tracker_tasks_loaded)
        tracker.tasks_changed.connect(self.on_tracker_tasks_changed)

    # -- public ----------------------------------------------------------------------------

    def start(self) -> None:
        self._timer.start()
        self.on_tracker_tasks_loaded()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def desktop_notifications(self) -> bool:
        return self._desktop_enabled

    @desktop_notifications.setter
    def desktop_notifications(self, enabled: bool) -> None:
        self._desktop_enabled = bool(enabled)

    def items(self) -> list[Notification]:
        """Newest first."""
        return list(self._items)

    def unread_count(self) -> int:
        return sum(1 for n in self._items if not n.read)

    def mark_read(self, notification_ids: list[int]) -> None:
        wanted = set(notification_ids)
        if not any(n.id in wanted and not n.read for n in self._items):
            return
        self._items = [
            n.model_copy(update={"read": True}) if n.id in wanted else n for n in self._items
        ]
        repo = self._repo
        if repo is not None:
            ids = sorted(wanted)
            self._runner.run(lambda: repo.mark_read(ids), None, _log_store_error)
        self.changed.emit()
        self.unread_changed.emit(self.unread_count())

    def mark_all_read(self) -> None:
        self.mark_read([n.id for n in self._items if not n.read])

    def check_deadlines(self, tasks: list[Task] | None = None) -> None:
        """Announce decision windows closing soon, for these tasks or all (on a timer)."""
        now = self._clock()
        limit = now + self._closing_window
        for task in self._tracker.waiting_tasks() if tasks is None else tasks:
            if task.status not in NEEDS_BUYER or task.deadline_at is None:
                continue
            deadline = task.deadline_at
            if deadline.tzinfo is None:
                deadline = deadline.replace(tzinfo=UTC)
            if now < deadline <= limit:
                what = "choose a bid" if task.status == Status.REVIEW else "decide on the delivery"
                left = _left((deadline - now).total_seconds())
                self._announce(
                    task,
                    NotificationKind.REVIEW_CLOSING,
                    f"About {left} left to {what} for “{_short_title(task)}”.",
                    f"{task.id}:closing:{task.status}:{deadline.isoformat()}",
                )

    # -- from the tracker ------------------------------------------------------------------

    def on_tracker_tasks_loaded(self) -> None:
        world = self._tracker.world
        key = world.cache_key if world is not None else None
        if self._repo is not None and self._repo.world == key:
            return
        self._repo = Notifications(self._store, key) if key is not None else None
        self._items = []
        self._announced = set()
        self.changed.emit()
        self.unread_changed.emit(0)
        repo = self._repo
        if repo is None:
            return

        def loaded(items: list[Notification]) -> None:
            if self._repo is repo:
                self._items = items
                self.changed.emit()
                self.unread_changed.emit(self.unread_count())

        self._runner.run(lambda: repo.recent(RECENT_LIMIT), loaded, _log_store_error, owner=self)

    def on_tracker_transitions(self, transitions: list[Transition]) -> None:
        for move in transitions:
            task = move.task
            event = _ON_STATUS.get(task.status)
            if event is None:
                continue
            kind, template = event
            arrivals = sum(1 for h in task.history if h.status == task.status) or 1
            self._announce(
                task,
                kind,
                template.format(title=_short_title(task)),
                f"{task.id}:{kind}:{arrivals}",
            )

    def on_tracker_tasks_changed(self, tasks: list[Task]) -> None:
        waiting = [t for t in tasks if t.status in NEEDS_BUYER]
        if waiting:
            self.check_deadlines(waiting)

    def on_timer_timeout(self) -> None:
        self.check_deadlines()

    # -- announcing ------------------------------------------------------------------------

    def _announce(self, task: Task, kind: str, text: str, dedupe_key: str) -> None:
        repo = self._repo
        if repo is None or dedupe_key in self._announced:
            return
        self._announced.add(dedupe_key)
        now = self._clock()

        def add() -> Notification | None:
            return repo.append(kind, text, task_id=task.id, dedupe_key=dedupe_key, now=now)

        def added(item: Notification | None) -> None:
            if item is None or self._repo is not repo:
                return  # announced before (another session): say it once
            self._items.insert(0, item)
            del self._items[RECENT_LIMIT:]
            self.notified.emit(item)
            self.changed.emit()
            self.unread_changed.emit(self.unread_count())
            self._show_on_desktop(item)

        self._runner.run(add, added, _log_store_error, owner=self)

    def _show_on_desktop(self, item: Notification) -> None:
        if self._desktop is None or not self._desktop_enabled:
            return
        try:
            self._desktop(_DESKTOP_TITLES.get(item.kind, "AITasker"), item.text)
        except Exception:
            log.exception("The desktop notification could not be shown")


def _log_store_error(exc: BaseException) -> None:
    log.error("The notification list could not be saved or read", exc_info=exc)
