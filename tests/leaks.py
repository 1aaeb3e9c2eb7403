"""Finding work a test left running: QThreads, active QTimers, thread-pool jobs.

`LeakWatch.install` records every QThread, QTimer and QThreadPool that is started (by patching
their `start`); `left_running` then names whatever is still running once the test's widgets
are gone. Used by the autouse fixture in tests/conftest.py.
"""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThread, QThreadPool, QTimer
from shiboken6 import isValid

# How long a finishing job may take to return after it answered: its answer reaches the GUI
# thread a moment before its own thread is free again.
FINISHING_GRACE_MS = 2_000


class LeakWatch:
    def __init__(self) -> None:
        self.pools: weakref.WeakSet[QThreadPool] = weakref.WeakSet()
        self.threads: weakref.WeakSet[QThread] = weakref.WeakSet()
        self.timers: weakref.WeakSet[QTimer] = weakref.WeakSet()

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        pool_start, thread_start, timer_start = QThreadPool.start, QThread.start, QTimer.start

        def start_pool_job(pool: QThreadPool, *args: Any, **kwargs: Any) -> None:
            self.pools.add(pool)
            pool_start(pool, *args, **kwargs)

        def start_thread(thread: QThread, *args: Any, **kwargs: Any) -> None:
            self.threads.add(thread)
            thread_start(thread, *args, **kwargs)

        def start_timer(timer: QTimer, *args: Any, **kwargs: Any) -> None:
            self.timers.add(timer)
            timer_start(timer, *args, **kwargs)

        monkeypatch.setattr(QThreadPool, "start", start_pool_job)
        monkeypatch.setattr(QThread, "start", start_thread)
        monkeypatch.setattr(QTimer, "start", start_timer)

    def left_running(self) -> list[str]:
        """What is still running; each is stopped, so it cannot spill into the next test."""
        gc.collect()
        if QCoreApplication.instance() is not None:  # widgets closed by qtbot die later
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            gc.collect()
        left: list[str] = []
        for pool in list(self.pools):
            if isValid(pool) and not pool.waitForDone(FINISHING_GRACE_MS):
                left.append(f"{pool.activeThreadCount()} job(s) still running on {pool!r}")
                pool.clear()
                pool.waitForDone(10_000)
        for thread in list(self.threads):
            if isValid(thread) and not thread.wait(FINISHING_GRACE_MS):
                left.append(f"thread {thread.objectName() or thread!r} still running")
                thread.quit()
                thread.wait(10_000)
        for timer in list(self.timers):
            if isValid(timer) and timer.isActive():
                left.append(
                    f"active timer {timer.objectName() or timer!r} every {timer.interval()} ms"
                )
                timer.stop()
        return left
