"""Tells the user what happened to their tasks: an in-app list, and the desktop where offered.

What to say and when is the policy in domain/notices.py; this service applies it to what the
tracker sees and keeps the list. Events come from status changes (bids ready, delivery ready,
refunded, completed, expired, cancelled) and from a timer that notices a decision window
closing. Each has a dedupe key stored with it, so the same event is told once, even across
restarts. The list is kept per world and persisted; writes run off the GUI thread.

Notices are told a sync at a time: the changes of one poll cycle (or the tasks waiting on the
person when a world's first sync completes) are one batch, and a batch with more new notices
than `SUMMARY_AFTER` pops up as one summary ("12 tasks need you"), the single notices kept in
the list as read. `needs_you_changed` counts the tasks waiting on the person (the window
title shows it); `attention` asks the window to flag itself in the taskbar.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from aitasker_desktop.domain.clock import Clock, system_clock
from aitasker_desktop.domain.lifecycle import NEEDS_BUYER
from aitasker_desktop.domain.notices import (
    SUMMARY_AFTER,
    Formats,
    Notice,
    closing_notices,
    status_notice,
    summarise,
)
from aitasker_desktop.domain.notification import Notification
from aitasker_desktop.domain.task import Task
from aitasker_desktop.services import formatting
from aitasker_desktop.services.desktop_notices import NoSink, NoticeSink
from aitasker_desktop.services.task_watch import Transition
from aitasker_desktop.services.tracker import TrackerService
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.notifications import Notifications

log = logging.getLogger(__name__)

RECENT_LIMIT = 200
_Added = list[tuple[Notice, Notification]]


class NotificationService(QObject):
    notified = Signal(object)  # Notification, just added
    changed = Signal()  # the list or its read state changed (reload the view)
    unread_changed = Signal(int)
    needs_you_changed = Signal(int)  # how many tasks wait on the person's decision
    attention = Signal()  # something worth the person's attention was just told
    # A desktop notice was clicked: the id of the task it told of ("" for a summary).
    notice_clicked = Signal(str)

    def __init__(
        self,
        tracker: TrackerService,
        store: Store,
        *,
        desktop: NoticeSink | None = None,
        formats: Formats = formatting,
        check_interval_ms: int = 30_000,
        clock: Clock = system_clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tracker = tracker
        self._store = store
        self._runner = tracker.runner
        self._desktop: NoticeSink = desktop if desktop is not None else NoSink()
        self._desktop_enabled = True
        self._formats = formats
        self._clock = clock
        self._repo: Notifications | None = None
        self._items: list[Notification] = []
        self._announced: set[str] = set()  # dedupe keys sent to the store this session
        self._pending: list[Notice] = []  # this sync's notices, told when it ends
        self._caught_up = False  # this world's first sync was told
        self._needs_you = 0
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.on_timer_timeout)
        tracker.transitions.connect(self.on_tracker_transitions)
        tracker.tasks_loaded.connect(self.on_tracker_tasks_loaded)
        tracker.tasks_changed.connect(self.on_tracker_tasks_changed)
        tracker.polled.connect(self.on_tracker_polled)
        tracker.poll_failed.connect(self.on_tracker_poll_failed)

    # -- public ----------------------------------------------------------------------------

    def start(self) -> None:
        self._timer.start()
        self.on_tracker_tasks_loaded()

    def stop(self) -> None:
        self._timer.stop()

    def close(self) -> None:
        """Stop, and close the desktop's notices (their thread), at shutdown."""
        self.stop()
        self._desktop.close()

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

    def needs_you_count(self) -> int:
        """Tasks waiting on the person's decision (bids to choose, a delivery to approve)."""
        return self._needs_you

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
        """Announce decision windows closing soon, for these tasks or all (on a timer).
        Before this world's first sync, only while offline (the cached deadlines are all
        there is); otherwise the first sync's batch tells them."""
        if not (self._caught_up or self._tracker.offline):
            return
        waiting = self._tracker.waiting_tasks() if tasks is None else tasks
        self._pending.extend(closing_notices(waiting, self._clock(), self._formats))
        self._flush_unless_syncing()

    # -- from the tracker ------------------------------------------------------------------

    def on_tracker_tasks_loaded(self) -> None:
        self._count_needs_you()
        world = self._tracker.world
        key = world.cache_key if world is not None else None
        if self._repo is not None and self._repo.world == key:
            return
        self._repo = Notifications(self._store, key) if key is not None else None
        self._items = []
        self._announced = set()
        self._pending = []
        self._caught_up = False
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
        notices = (status_notice(move.task) for move in transitions)
        self._pending.extend(n for n in notices if n is not None)
        self._flush_unless_syncing()

    def on_tracker_tasks_changed(self, tasks: list[Task]) -> None:
        self._count_needs_you()
        self.check_deadlines([t for t in tasks if t.status in NEEDS_BUYER])

    def on_tracker_polled(self) -> None:
        self._count_needs_you()
        if not self._caught_up and self._tracker.synced:
            # The first sync of this world is complete: tell what waits on the person now
            # (what was told in an earlier session is not told again: the dedupe keys).
            self._caught_up = True
            waiting = self._tracker.waiting_tasks()
            notices = (status_notice(task) for task in waiting)
            self._pending.extend(n for n in notices if n is not None)
            self._pending.extend(closing_notices(waiting, self._clock(), self._formats))
        if self._caught_up:
            self._flush()

    def on_tracker_poll_failed(self, _exc: object) -> None:
        if self._caught_up:
            self._flush()  # what the pages before the failure brought

    def on_timer_timeout(self) -> None:
        self.check_deadlines()

    # -- announcing ------------------------------------------------------------------------

    def _count_needs_you(self) -> None:
        count = len(self._tracker.waiting_tasks())
        if count != self._needs_you:
            self._needs_you = count
            self.needs_you_changed.emit(count)

    def _flush_unless_syncing(self) -> None:
        """Tell now, unless a poll cycle is under way: then its end tells the whole batch."""
        if not self._tracker.in_flight:
            self._flush()

    def _flush(self) -> None:
        batch: list[Notice] = []
        for notice in self._pending:
            key = notice.dedupe_key
            if key is None or key not in self._announced:
                batch.append(notice)
                if key is not None:
                    self._announced.add(key)
        self._pending = []
        repo = self._repo
        if repo is None or not batch:
            return
        now = self._clock()

        def add() -> _Added:
            added = [(n, _append(repo, n, now)) for n in batch]
            return [(n, item) for n, item in added if item is not None]

        def added(items: _Added) -> None:
            if self._repo is repo and items:
                self._on_batch_added(repo, items, now)

        self._runner.run(add, added, _log_store_error, owner=self)

    def _on_batch_added(self, repo: Notifications, added: _Added, now: datetime) -> None:
        """New notices are in the store: few are told one by one, many as one summary."""
        if len(added) <= SUMMARY_AFTER:
            self._insert([item for _, item in added])
            for notice, _item in added:
                self._tell(notice)
            return
        summary = summarise([n for n, _ in added], self._formats)
        ids = [item.id for _, item in added]
        self._insert([item.model_copy(update={"read": True}) for _, item in added], quiet=True)

        def store() -> Notification | None:
            repo.mark_read(ids)
            return _append(repo, summary, now)

        def stored(item: Notification | None) -> None:
            if item is not None and self._repo is repo:
                self._insert([item])
                self._tell(summary)

        self._runner.run(store, stored, _log_store_error, owner=self)

    def _insert(self, items: list[Notification], *, quiet: bool = False) -> None:
        self._items[:0] = sorted(items, key=lambda n: n.id, reverse=True)
        del self._items[RECENT_LIMIT:]
        if not quiet:
            for item in items:
                self.notified.emit(item)
        self.changed.emit()
        self.unread_changed.emit(self.unread_count())

    def _tell(self, notice: Notice) -> None:
        if not self._desktop_enabled:
            return
        self.attention.emit()
        task_id = notice.task_id or ""
        try:
            self._desktop.show(notice.title, notice.text, lambda: self.notice_clicked.emit(task_id))
        except Exception:
            log.exception("The desktop notification could not be shown")


def _append(repo: Notifications, notice: Notice, now: datetime) -> Notification | None:
    return repo.append(
        notice.kind, notice.text, task_id=notice.task_id, dedupe_key=notice.dedupe_key, now=now
    )


def _log_store_error(exc: BaseException) -> None:
    log.error("The notification list could not be saved or read", exc_info=exc)
