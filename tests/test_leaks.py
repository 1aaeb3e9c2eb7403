"""The leak watch that fails a test which leaves work running does see such work."""

import threading

import pytest
from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, QTimer
from pytestqt.qtbot import QtBot

from tests.leaks import FINISHING_GRACE_MS, LeakWatch


class _Blocked(QRunnable):
    def __init__(self, release: threading.Event) -> None:
        super().__init__()
        self.release = release

    def run(self) -> None:
        # Longer than the watch's grace, short enough to end by itself once reported.
        self.release.wait(2 * FINISHING_GRACE_MS / 1000)


def test_an_active_timer_a_running_thread_and_a_pool_job_are_each_named(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    watch = LeakWatch()
    watch.install(monkeypatch)
    owner = QObject()
    timer = QTimer(owner)
    timer.setObjectName("heartbeat")
    timer.start(1000)
    thread = QThread(owner)
    thread.setObjectName("worker")
    thread.start()  # runs its own event loop until told to quit
    pool = QThreadPool(owner)
    release = threading.Event()
    pool.start(_Blocked(release))
    left = watch.left_running()
    release.set()
    assert any("heartbeat" in line for line in left)
    assert any("worker" in line for line in left)
    assert any("job(s) still running" in line for line in left)
    assert not timer.isActive() and not thread.isRunning()


def test_work_that_ended_is_not_reported(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    watch = LeakWatch()
    watch.install(monkeypatch)
    owner = QObject()
    timer = QTimer(owner)
    timer.start(1000)
    timer.stop()
    pool = QThreadPool(owner)
    done = threading.Event()
    pool.start(_Blocked(done))
    done.set()
    assert watch.left_running() == []
