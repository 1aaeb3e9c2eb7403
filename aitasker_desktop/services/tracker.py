"""Keeps the user's tasks current: the cached list at once, then one cheap poll per cycle.

On a world (sandbox or account) the cached tasks load first, off the GUI thread, so the list
opens at once and works offline. Then `client.list_changed(cursor)` asks for what changed
since the last cycle: one request per cycle (paged only past 200 changes, PAGE_SIZE in
task_listing.py), its cost growing with what changed, not with how many tasks exist. The
answer is written to the cache on the worker thread; the GUI thread only applies the result.

The interval adapts: fast while something moves on the platform's side or a decision window
closes soon, slow when nothing moves; never faster than the platform's read limit allows.
When the service cannot be reached the tracker says so (`offline_changed`), keeps the cached
tasks, backs off, and resumes by itself. There is never more than one poll in flight.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from aitasker_desktop.api.errors import AuthError, NetworkError, RateLimited
from aitasker_desktop.domain.lifecycle import MOVING, NEEDS_BUYER
from aitasker_desktop.domain.protocol import RATE_LIMIT_TASK_READS
from aitasker_desktop.domain.task import Task
from aitasker_desktop.services.connection import Connection, ConnectionState, World
from aitasker_desktop.services.runner import TaskRunner
from aitasker_desktop.services.task_listing import list_changed, parse_cached
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.task_cache import TaskCache

if TYPE_CHECKING:
    from aitasker_desktop.services.client_api import ClientApi

log = logging.getLogger(__name__)

# A poll is at most a few requests; the other reads of the app (bids, deliveries) share the
# same 300/min budget, so the tracker keeps well under a tenth of it.
MIN_INTERVAL_S = max(2.0, 60.0 / RATE_LIMIT_TASK_READS * 10)
# Parsing 10,000 cached tasks takes most of a second; the most recent ones are parsed and
# shown first so the list opens at once, the rest follow a moment later.
FIRST_LOAD = 300
APPLY_SLICE = 250  # tasks applied per event-loop turn (each slice is one model update)


@dataclass(frozen=True)
class Intervals:
    fast: float = 4.0  # something is moving, or a decision window closes soon
    waiting: float = 20.0  # the buyer has a decision to make, with time left
    slow: float = 60.0  # nothing moves
    closing_soon: timedelta = timedelta(minutes=15)
    offline: tuple[float, ...] = (3.0, 5.0, 10.0, 20.0, 40.0, 60.0)  # backoff, then the last


@dataclass(frozen=True)
class Transition:
    """A task whose status changed while the app watched (old_status None: first seen)."""

    task: Task
    old_status: str | None


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class TrackerService(QObject):
    tasks_changed = Signal(list)  # changed or new Task objects (also the rest of a cache load)
    task_changed = Signal(object)  # each changed Task
    tasks_loaded = Signal()  # the whole list was replaced (cache loaded, or another world)
    transitions = Signal(list)  # list[Transition]: status changes seen while watching
    offline_changed = Signal(bool)
    polled = Signal()  # a poll cycle succeeded
    poll_failed = Signal(object)  # ApiError

    def __init__(
        self,
        connection: Connection,
        store: Store,
        *,
        intervals: Intervals | None = None,
        clock: Callable[[], datetime] = _now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._store = store
        self._runner = connection.runner
        self._intervals = intervals or Intervals()
        self._clock = clock
        self._override: float | None = None
        self._world: World | None = None
        self._cache: TaskCache | None = None
        self._tasks: dict[str, Task] = {}
        self._cursor: str | None = None
        self._generation = 0  # bumped on every world switch: older results are dropped
        self._loaded = False
        self._in_flight = False
        self._again = False  # a poll was asked for while one was in flight
        self._offline = False
        self._failures = 0
        self._started = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.on_timer_timeout)
        connection.world_changed.connect(self.on_connection_world_changed)
        connection.state_changed.connect(self.on_connection_state_changed)

    # -- public ----------------------------------------------------------------------------

    def start(self) -> None:
        """Load the current world's cached tasks and start polling (when there is a client)."""
        if self._started:
            return
        self._started = True
        self._switch(self._connection.world)

    def stop(self) -> None:
        self._started = False
        self._timer.stop()

    @property
    def intervals(self) -> Intervals:
        return self._intervals

    @intervals.setter
    def intervals(self, intervals: Intervals) -> None:
        self._intervals = intervals

    @property
    def runner(self) -> TaskRunner:
        return self._runner

    @property
    def running(self) -> bool:
        return self._started

    @property
    def offline(self) -> bool:
        return self._offline

    @property
    def in_flight(self) -> bool:
        return self._in_flight

    @property
    def world(self) -> World | None:
        return self._world

    def tasks(self) -> list[Task]:
        return list(self._tasks.values())

    def task(self, task_id: str) -> Task | None:
        return self._tasks.get(task_id)

    def poll_now(self) -> None:
        """Refresh now (never a second poll in flight: one is queued behind it instead)."""
        if not self._started:
            return
        if self._in_flight:
            self._again = True
            return
        self._timer.stop()
        self._poll()

    def upsert(self, task: Task) -> None:
        """A task as an action returned it: show it now, and keep it in the cache."""
        changed = self._apply([task], notify=True)
        cache = self._cache
        if changed and cache is not None:
            self._runner.run(lambda: cache.upsert([task]), None, self._log_cache_error)
        if changed:
            self._schedule()  # the task may be moving now: poll sooner

    def set_interval_override(self, seconds: float | None) -> None:
        """A fixed poll interval from the settings (None or 0: adapt)."""
        self._override = max(float(seconds), MIN_INTERVAL_S) if seconds else None
        if self._started and not self._in_flight:
            self._schedule()

    def set_idle_interval(self, seconds: float) -> None:
        """How often to look when nothing moves (Settings: "Check for updates"); tasks that
        move or wait on a closing window are still polled fast."""
        slow = max(float(seconds), MIN_INTERVAL_S)
        waiting = min(self._intervals.waiting, slow)
        self._intervals = replace(self._intervals, slow=slow, waiting=waiting)
        if self._started and not self._in_flight:
            self._schedule()

    def next_interval(self) -> float:
        """Seconds until the next poll, given what the tasks are doing now."""
        if self._offline:
            steps = self._intervals.offline
            return steps[min(self._failures - 1, len(steps) - 1)] if steps else 60.0
        if self._override is not None:
            return self._override
        now = self._clock()
        soon = now + self._intervals.closing_soon
        interval = self._intervals.slow
        for task in self._tasks.values():
            status = task.status
            if status in MOVING:
                return self._intervals.fast
            if status in NEEDS_BUYER:
                deadline = task.deadline_at
                if deadline is not None and _aware(deadline) <= soon:
                    return self._intervals.fast
                interval = min(interval, self._intervals.waiting)
        return interval

    # -- worlds ----------------------------------------------------------------------------

    def on_connection_world_changed(self, world: object) -> None:
        if self._started:
            self._switch(world if isinstance(world, World) else None)

    def on_connection_state_changed(self, state: str) -> None:
        # Another call got through: the service is back, no need to wait out the backoff.
        if state == ConnectionState.ONLINE and self._offline and self._started:
            self.poll_now()

    def _switch(self, world: World | None) -> None:
        same = (
            world is not None
            and self._world is not None
            and world.cache_key == self._world.cache_key
            and self._loaded
        )
        self._world = world
        if same:
            self.poll_now()  # the same tasks, a new client: refresh
            return
        self._generation += 1
        self._timer.stop()
        self._loaded = False
        self._cursor = None
        self._set_offline(False)
        self._failures = 0
        had_tasks = bool(self._tasks)
        self._tasks = {}
        self._cache = TaskCache(self._store, world.cache_key) if world is not None else None
        if had_tasks:
            self.tasks_loaded.emit()
        cache = self._cache
        if cache is None:
            return
        generation = self._generation

        def load_first() -> tuple[list[Task], bool, str | None]:
            # Most recent first (by index): the first part shown is the top of the list as
            # usually sorted; the rest is read after the list has painted.
            docs = cache.load_json_recent(FIRST_LOAD)
            return parse_cached(docs), len(docs) == FIRST_LOAD, cache.get_cursor()

        def loaded(result: tuple[list[Task], bool, str | None]) -> None:
            if generation == self._generation:
                self.on_cache_loaded(result)

        self._runner.run(load_first, loaded, self._on_cache_load_failed, owner=self)

    def on_cache_loaded(self, result: tuple[list[Task], bool, str | None]) -> None:
        """The first part of the cache is parsed: show it, and parse the rest off-thread."""
        first, more, cursor = result
        self._tasks = {t.id: t for t in first}
        self._cursor = cursor
        self.tasks_loaded.emit()
        cache = self._cache
        if not more or cache is None:
            self._finish_load()
            return
        generation = self._generation

        def loaded_rest(tasks: list[Task]) -> None:
            if generation == self._generation:
                self.on_cache_rest_loaded(tasks)

        self._runner.run(
            lambda: parse_cached(cache.load_json_recent(offset=FIRST_LOAD)),
            loaded_rest,
            self._on_cache_load_failed,
            owner=self,
        )

    def on_cache_rest_loaded(self, tasks: list[Task]) -> None:
        added = [t for t in tasks if t.id not in self._tasks]  # an upsert may have come first
        for task in added:
            self._tasks[task.id] = task
        if added:
            self.tasks_changed.emit(added)  # rows appear; nothing changed, so no transitions
        self._finish_load()

    def _finish_load(self) -> None:
        self._loaded = True
        if self._started:
            self.poll_now()

    def _on_cache_load_failed(self, exc: BaseException) -> None:
        log.error("The cached tasks could not be read; starting from the service", exc_info=exc)
        if not self._loaded:
            self._finish_load()

    # -- polling ---------------------------------------------------------------------------

    def on_timer_timeout(self) -> None:
        self.poll_now()

    def _poll(self) -> None:
        if not self._loaded or self._cache is None or self._connection.client is None:
            return  # polling starts once the cache is loaded and a client is there
        self._in_flight = True
        self._again = False
        cache, since, generation = self._cache, self._cursor, self._generation

        def fetch(client: ClientApi) -> tuple[list[Task], str | None]:
            tasks, cursor = list_changed(client, since)
            if tasks or cursor != since:
                cache.upsert(
                    tasks, cursor=cursor
                )  # on the worker: the GUI thread waits for no disk
            return tasks, cursor

        self._connection.call(
            fetch,
            lambda result: self._on_poll_done(generation, since, result),
            lambda exc: self._on_poll_error(generation, exc),
            owner=self,
        )

    def _on_poll_done(
        self, generation: int, since: str | None, result: tuple[list[Task], str | None]
    ) -> None:
        if generation != self._generation or not self._started:
            self._in_flight = False
            self._after_poll()
            return
        tasks, cursor = result
        self._cursor = cursor
        self._failures = 0
        self._set_offline(False)
        # The first full listing of a world is not news: only later changes are.
        self._apply_slices(generation, tasks, since is not None)

    def _apply_slices(self, generation: int, tasks: list[Task], notify: bool) -> None:
        """Apply a poll's tasks a slice per event-loop turn, so a thousand changes never
        freeze the window; the poll counts as in flight until the last slice is applied."""
        if generation != self._generation or not self._started:
            self._in_flight = False
            self._after_poll()
            return
        self._apply(tasks[:APPLY_SLICE], notify=notify)
        rest = tasks[APPLY_SLICE:]
        if rest:
            # A few ms apart, not 0: zero timers run back to back before paints and input.
            QTimer.singleShot(5, self, lambda: self._apply_slices(generation, rest, notify))
            return
        self._in_flight = False
        self.polled.emit()
        self._after_poll()

    def _on_poll_error(self, generation: int, exc: BaseException) -> None:
        self._in_flight = False
        if generation == self._generation and self._started:
            if isinstance(exc, NetworkError):
                self._failures += 1
                self._set_offline(True)
            elif not isinstance(exc, RateLimited | AuthError):
                log.warning("Polling tasks failed: %s", exc)
            self.poll_failed.emit(exc)
        if isinstance(exc, RateLimited) and exc.retry_after and self._started:
            self._timer.start(int(max(exc.retry_after, self.next_interval()) * 1000))
            return
        self._after_poll()

    def _after_poll(self) -> None:
        if not self._started:
            return
        if self._again and not self._offline:
            self.poll_now()
        else:
            self._again = False
            self._schedule()

    def _schedule(self) -> None:
        if self._started and not self._in_flight:
            self._timer.start(int(self.next_interval() * 1000))

    def _set_offline(self, offline: bool) -> None:
        if offline != self._offline:
            self._offline = offline
            self.offline_changed.emit(offline)

    # -- applying --------------------------------------------------------------------------

    def _apply(self, tasks: Iterable[Task], *, notify: bool) -> list[Task]:
        changed: list[Task] = []
        moves: list[Transition] = []
        for task in tasks:
            old = self._tasks.get(task.id)
            if old is not None:
                if _older(task, old) or (old.updated_at == task.updated_at and old == task):
                    continue  # an answer overtaken by a newer one, or nothing new
                if old.status != task.status:
                    moves.append(Transition(task, old.status))
            else:
                moves.append(Transition(task, None))
            self._tasks[task.id] = task
            changed.append(task)
        if not changed:
            return changed
        self.tasks_changed.emit(changed)
        for task in changed:
            self.task_changed.emit(task)
        if notify and moves:
            self.transitions.emit(moves)
        return changed

    @staticmethod
    def _log_cache_error(exc: BaseException) -> None:
        log.error("A task could not be written to the cache", exc_info=exc)


def _older(new: Task, old: Task) -> bool:
    if new.updated_at is None or old.updated_at is None:
        return False
    return _aware(new.updated_at) < _aware(old.updated_at)
