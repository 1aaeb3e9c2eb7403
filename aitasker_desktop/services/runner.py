"""Run blocking work (network, disk, keychain) off the GUI thread and hand back the result.

One small runner, like Picard's `run_task` or Anki's `QueryOp`: `run(fn, on_done, on_error)`
calls `fn` on a QThreadPool, then calls exactly one of the callbacks on the GUI thread.
Tests use `InlineRunner`, which does the same synchronously.

Jobs may belong to a `group` (the connection's calls: their client). `let_go(group)` gives
the threads of that group's jobs, running or still queued, back to the pool: a world switch
closes the old client, and whatever its calls still wait on that a close cannot cut (a name
lookup) must not hold the threads the new world's work needs. Each such job takes its
thread back as it ends, so the pool is its own size again once they have.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

T = TypeVar("T")
log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


class TaskRunner(Protocol):
    def run(
        self,
        fn: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
        group: object = None,
    ) -> None: ...

    def let_go(self, group: object) -> None: ...

    def wait_for_idle(self, timeout_ms: int = -1) -> bool: ...

    def shutdown(self, timeout_ms: int = 10_000) -> bool: ...


class _Relay(QObject):
    """Lives on the GUI thread; its signals cross back from the worker (queued)."""

    finished = Signal(object)
    failed = Signal(object)


@dataclass
class _Seat:
    group: object
    running: bool = False
    let_go: bool = False  # its thread is given back to the pool while it runs


class _Seats:
    """The pool's jobs, from `run` to their end, and which were let go of: such a job gives
    its thread back while it runs (`QThreadPool.releaseThread`, as a job that waits long may
    do for itself) and takes it again as it ends (`reserveThread`)."""

    def __init__(self, pool: QThreadPool) -> None:
        self._pool = pool
        self._lock = threading.Lock()  # taken before the pool's own, never the other way
        self._seats: dict[int, _Seat] = {}  # by id(job): alive until it has ended

    def add(self, job: int, group: object) -> None:
        with self._lock:
            self._seats[job] = _Seat(group)

    def enter(self, job: int) -> None:
        with self._lock:
            seat = self._seats[job]
            seat.running = True
            if seat.let_go:  # let go of while it was queued
                self._pool.releaseThread()

    def leave(self, job: int) -> None:
        with self._lock:
            if self._seats.pop(job).let_go:
                self._pool.reserveThread()

    def let_go(self, group: object) -> None:
        with self._lock:
            for seat in self._seats.values():
                if seat.group is group and not seat.let_go:
                    seat.let_go = True
                    if seat.running:
                        self._pool.releaseThread()  # the pool may start one more job now


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, seats: _Seats) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay
        self._seats = seats
        self.setAutoDelete(True)

    def run(self) -> None:
        self._seats.enter(id(self))
        try:
            result = self._fn()
        except BaseException as exc:
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(result)
        finally:
            self._seats.leave(id(self))


def alive(owner: QObject | None) -> bool:
    """Whether `owner` (of a callback) is still there to be answered: None always is."""
    return owner is None or shiboken6.isValid(owner)


def _report_unhandled(exc: BaseException) -> None:
    log.error("Background job failed with no error handler", exc_info=exc)


def _answer_done(on_done: OnDone | None, owner: QObject | None, result: object) -> None:
    """Hand a result to `on_done`, unless there is none or its owner is gone."""
    if on_done is not None and alive(owner):
        on_done(result)


def _answer_error(on_error: OnError | None, owner: QObject | None, exc: BaseException) -> None:
    """Hand a failure to `on_error` (logged when there is none), unless the owner is gone."""
    if alive(owner):
        (on_error or _report_unhandled)(exc)


class Runner(QObject):
    """Runs callables on a thread pool; callbacks run on the thread that owns the runner."""

    def __init__(self, max_threads: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._seats = _Seats(self._pool)
        self._relays: set[_Relay] = set()
        self._closed = False

    def run(
        self,
        fn: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
        group: object = None,
    ) -> None:
        if self._closed:
            return  # shutting down: nothing new starts, and nothing will be answered
        relay = _Relay(self)
        self._relays.add(relay)

        def finish() -> None:
            self._relays.discard(relay)
            relay.deleteLater()

        def done(result: object) -> None:
            finish()
            if not self._closed:
                _answer_done(on_done, owner, result)

        def failed(exc: object) -> None:
            finish()
            assert isinstance(exc, BaseException)
            if not self._closed:
                _answer_error(on_error, owner, exc)

        relay.finished.connect(done)
        relay.failed.connect(failed)
        job = _Job(fn, relay, self._seats)
        self._seats.add(id(job), group)
        self._pool.start(job)

    def let_go(self, group: object) -> None:
        """`group`'s jobs, running or queued, give their threads back: the work queued behind
        them starts now. They still answer, for their callers to drop."""
        if group is not None:
            self._seats.let_go(group)

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def wait_for_idle(self, timeout_ms: int = -1) -> bool:
        """Block until every started job has finished running (not its callbacks)."""
        return self._pool.waitForDone(timeout_ms)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Let running jobs finish, then drop their answers: results still queued for the
        GUI thread must not reach services whose store and client are already closed."""
        self._closed = True
        return self._pool.waitForDone(timeout_ms)


class InlineRunner:
    """Runs the job at once on the calling thread; for tests that want determinism."""

    def run(
        self,
        fn: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
        group: object = None,
    ) -> None:
        try:
            result = fn()
        except BaseException as exc:
            _answer_error(on_error, owner, exc)
            return
        _answer_done(on_done, owner, result)

    def let_go(self, group: object) -> None:
        pass  # nothing runs after `run` has returned

    def wait_for_idle(self, timeout_ms: int = -1) -> bool:
        return True

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        return True
