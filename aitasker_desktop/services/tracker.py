"""Keeps the user's tasks current: the cached list at once, then one cheap poll per cycle.

The tracker never holds every task: the list reads the cache itself (`listing`). On a world
(sandbox or account) the tracker reads only what sets its pace (the unfinished tasks' status
and deadline, the tasks waiting on the buyer: services/task_watch.py), off the GUI thread.
Then each cycle asks for what changed since the last one, its cost growing with what changed,
not with how many tasks exist; pages are written to the cache on the worker and handed to the
GUI thread one by one, a bounded number a cycle (services/world_poll.py).

The interval adapts to what the tasks do (services/poll_cadence.py). When the service cannot
be reached the tracker says so (`offline_changed`), keeps the cached tasks, backs off, and
resumes by itself. There is never more than one poll in flight on a client; a new client (a
world switch) does not wait for the last one's poll, whose answer is dropped when it comes.

Without a list endpoint (the server's capabilities say so, or the list answers 404), the
tracker follows by id (`following_by_id`, `mode_changed`): each cycle reads the known tasks
that are due, within the read budget (services/follow_poll.py, domain/follow.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from aitasker_desktop.api.errors import AuthError, NetworkError, NotFoundError, RateLimited
from aitasker_desktop.domain.capabilities import Capabilities, Operation
from aitasker_desktop.domain.task import Task
from aitasker_desktop.services.connection import Connection, ConnectionState, World
from aitasker_desktop.services.poll_cadence import (
    MIN_INTERVAL_S,
    MORE_AFTER_S,
    Intervals,
    PollCadence,
)
from aitasker_desktop.services.runner import TaskRunner
from aitasker_desktop.services.task_listing import TaskListing
from aitasker_desktop.services.world_poll import CachedPace, WorldPoll, fetch_changes, read_pace
from aitasker_desktop.storage.db import Store, timestamp
from aitasker_desktop.storage.task_cache import Merged, TaskCache
from aitasker_desktop.storage.task_rows import TaskRowReader

if TYPE_CHECKING:
    from aitasker_desktop.services.client_api import ClientApi

log = logging.getLogger(__name__)

__all__ = ["MIN_INTERVAL_S", "MORE_AFTER_S", "Intervals", "TrackerService"]


def _now() -> datetime:
    return datetime.now(UTC)


class TrackerService(QObject):
    tasks_changed = Signal(list)  # changed or new Task objects, as written to the cache
    task_changed = Signal(object)  # each changed Task
    tasks_loaded = Signal()  # another world: the whole list is another (re-read `listing`)
    transitions = Signal(list)  # list[task_watch.Transition]: status changes seen watching
    offline_changed = Signal(bool)
    polled = Signal()  # a poll cycle succeeded
    poll_failed = Signal(object)  # ApiError
    mode_changed = Signal(bool)  # following by id (no list endpoint) or not
    # Private: a page written by the worker, handed to the GUI thread (generation, merged).
    _page_written = Signal(int, list)

    def __init__(
        self,
        connection: Connection,
        store: Store,
        *,
        intervals: Intervals | None = None,
        clock: Callable[[], datetime] = _now,
        offer: Callable[[], Capabilities] = Capabilities.everything,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._offer = offer
        self._by_id = False
        self._store = store
        self._runner = connection.runner
        self._cadence = PollCadence(intervals or Intervals(), clock)
        self._clock = clock
        self._world: World | None = None
        self._state = WorldPoll()  # what the tracker knows of this world: new on a switch
        self.listing = TaskListing(TaskRowReader(store.path))
        self._generation = 0  # bumped on every world switch: older results are dropped
        self._flight = 0  # the poll in flight now: bumped by each poll and each new client
        self._in_flight = False
        self._again = False  # a poll was asked for while one was in flight
        self._started = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.on_timer_timeout)
        # Queued from the worker; direct when a test runs the job inline (order kept).
        self._page_written.connect(self.on_page_written)
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

    def close(self) -> None:
        """Stop, and close the list's read connections (at shutdown)."""
        self.stop()
        self.listing.close()

    @property
    def intervals(self) -> Intervals:
        return self._cadence.intervals

    @intervals.setter
    def intervals(self, intervals: Intervals) -> None:
        self._cadence.intervals = intervals

    @property
    def runner(self) -> TaskRunner:
        return self._runner

    @property
    def running(self) -> bool:
        return self._started

    @property
    def offline(self) -> bool:
        return self._cadence.offline

    @property
    def in_flight(self) -> bool:
        return self._in_flight

    @property
    def world(self) -> World | None:
        return self._world

    @property
    def following_by_id(self) -> bool:
        """No list endpoint: the known tasks are read one by one."""
        return self._by_id

    def on_capabilities_changed(self, _capabilities: object = None) -> None:
        """The server's offer is known now: follow by id or by list, as it allows."""
        changed = self._update_mode()
        # Only for the world loaded now (a new world's offer may come before its tasks).
        current = self._state.loaded and self._world == self._connection.world
        if changed and self._started and current:
            self.poll_now()

    def _update_mode(self) -> bool:
        by_id = self._state.list_missing or not self._offer().allows(Operation.LIST_SINCE)
        if by_id == self._by_id:
            return False
        self._by_id = by_id
        self.mode_changed.emit(by_id)
        return True

    @property
    def synced(self) -> bool:
        """A poll of this world succeeded: the list holds what the service has."""
        return self._state.synced

    @property
    def loaded(self) -> bool:
        return self._state.loaded

    def tasks(self) -> list[Task]:
        """Every cached task of this world, read from the cache now (for tools and tests:
        the list reads a screenful at a time through `listing`)."""
        cache = self._state.cache
        return [] if cache is None else cache.load_all()

    def task(self, task_id: str) -> Task | None:
        cache = self._state.cache
        return None if cache is None else cache.get(task_id)

    def waiting_tasks(self) -> list[Task]:
        """The tasks waiting on the buyer's decision (a window is open): id, title, status
        and deadline at least (those read at start are no more)."""
        return self._state.watch.waiting_tasks()

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
        """A task as an action or a post returned it: written to the cache, then shown
        (`tasks_changed`), unless the cache holds a newer or equal copy."""
        cache = self._state.cache
        if cache is None:
            return
        generation = self._generation

        def written(merged: list[Merged]) -> None:
            if generation == self._generation and merged:
                self._apply(merged, notify=True)
                self._schedule()  # the task may be moving now: poll sooner

        self._runner.run(lambda: cache.merge([task]), written, self._log_cache_error, owner=self)

    def set_interval_override(self, seconds: float | None) -> None:
        """A fixed poll interval from the settings (None or 0: adapt)."""
        self._cadence.set_override(seconds)
        if self._started and not self._in_flight:
            self._schedule()

    def set_idle_interval(self, seconds: float) -> None:
        """How often to look when nothing moves (Settings: "Check for updates"); tasks that
        move or wait on a closing window are still polled fast."""
        self._cadence.set_idle(seconds)
        if self._started and not self._in_flight:
            self._schedule()

    def next_interval(self) -> float:
        """Seconds until the next poll, given what the tasks are doing now."""
        state = self._state
        plan = state.plan if self._by_id else None
        return self._cadence.next_interval(state.watch.paces(), more=state.more, plan=plan)

    # -- worlds ----------------------------------------------------------------------------

    def on_connection_world_changed(self, world: object) -> None:
        if self._started:
            self._switch(world if isinstance(world, World) else None)

    def on_connection_state_changed(self, state: str) -> None:
        # Another call got through: the service is back, no need to wait out the backoff.
        if state == ConnectionState.ONLINE and self._cadence.offline and self._started:
            self.poll_now()

    def _switch(self, world: World | None) -> None:
        self._let_go()
        same = (
            world is not None
            and self._world is not None
            and world.cache_key == self._world.cache_key
            and self._state.loaded
        )
        self._world = world
        if same:
            self.poll_now()  # the same tasks, a new client: refresh
            return
        self._generation += 1
        self._timer.stop()
        cache = TaskCache(self._store, world.cache_key) if world is not None else None
        self._state = WorldPoll(cache)
        self._update_mode()
        if self._cadence.reached():
            self.offline_changed.emit(False)
        self.listing.world = world.cache_key if world is not None else None
        self.tasks_loaded.emit()  # the list re-reads itself from the cache meanwhile
        if cache is None:
            return
        generation = self._generation

        def loaded(result: CachedPace) -> None:
            if generation == self._generation:
                self.on_cache_loaded(result)

        self._runner.run(lambda: read_pace(cache), loaded, self._on_cache_load_failed, owner=self)

    def _let_go(self) -> None:
        """A new client: the last one's poll may still be on its way (a name lookup, a
        slow answer), and this client's first poll does not wait for it. Its answer is
        dropped when it comes: this world's own poll says what the list holds."""
        self._flight += 1
        self._in_flight = False
        self._again = False

    def on_cache_loaded(self, result: CachedPace) -> None:
        """What sets the pace is read: start polling."""
        self._state.load_pace(result)
        self._finish_load()

    def _finish_load(self) -> None:
        self._state.loaded = True
        if self._started:
            self.poll_now()

    def _on_cache_load_failed(self, exc: BaseException) -> None:
        log.error("The cached tasks could not be read; starting from the service", exc_info=exc)
        if not self._state.loaded:
            self._finish_load()

    # -- polling ---------------------------------------------------------------------------

    def on_timer_timeout(self) -> None:
        self.poll_now()

    def _poll(self) -> None:
        state, cache = self._state, self._state.cache
        if not state.loaded or cache is None or self._connection.client is None:
            return  # polling starts once the cache is loaded and a client is there
        self._in_flight = True
        self._again = False
        self._flight += 1
        since, generation, flight = state.cursor, self._generation, self._flight
        by_id, now, offer = self._by_id, timestamp(self._clock()), self._offer()
        follow = state.plan if by_id else None

        def page(merged: list[Merged]) -> None:  # on the worker
            self._page_written.emit(generation, merged)

        def fetch(client: ClientApi) -> tuple[str | None, bool]:
            return fetch_changes(client, cache, since, page, follow=follow, offer=offer, now=now)

        self._connection.call(
            fetch,
            lambda result: self._on_poll_done(flight, result),
            lambda exc: self._on_poll_error(flight, exc, listing=not by_id),
            owner=self,
        )

    def on_page_written(self, generation: int, merged: list[Merged]) -> None:
        if generation == self._generation and self._started:
            # The first full listing of a world is not news: only later changes are.
            self._apply(merged, notify=self._state.synced)

    def _on_poll_done(self, flight: int, result: tuple[str | None, bool]) -> None:
        if flight != self._flight:
            return  # the last client's: let go of at the switch
        self._in_flight = False
        if self._started:
            state = self._state
            state.cursor, state.more = result
            if self._cadence.reached():
                self.offline_changed.emit(False)
            if not state.more:
                state.synced = True
            self.polled.emit()
        self._after_poll()

    def _on_poll_error(self, flight: int, exc: BaseException, *, listing: bool) -> None:
        if flight != self._flight:
            return  # the last client's (its close cut it short, most likely): not news
        self._in_flight = False
        if self._started and listing and isinstance(exc, NotFoundError):
            self._state.list_missing = True  # a server without the list: follow by id now
            self._update_mode()
            self._again = True
            self._after_poll()
            return
        if self._started:
            if isinstance(exc, NetworkError):
                if self._cadence.unreachable():
                    self.offline_changed.emit(True)
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
        if self._again and not self._cadence.offline:
            self.poll_now()
        else:
            self._again = False
            self._schedule()

    def _schedule(self) -> None:
        if self._started and not self._in_flight:
            self._timer.start(int(self.next_interval() * 1000))

    # -- applying --------------------------------------------------------------------------

    def _apply(self, merged: list[Merged], *, notify: bool) -> None:
        """Tasks just written to the cache: keep the pace and the waiting list, and tell."""
        moves = self._state.watch.note(merged)
        changed = [item.task for item in merged]
        self.tasks_changed.emit(changed)
        for task in changed:
            self.task_changed.emit(task)
        if notify and moves:
            self.transitions.emit(moves)

    @staticmethod
    def _log_cache_error(exc: BaseException) -> None:
        log.error("A task could not be written to the cache", exc_info=exc)
