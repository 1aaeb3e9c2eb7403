"""The leak watch that fails a test which leaves work running does see such work."""

import threading

import pytest
from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, QTimer
from pytestqt.qtbot import QtBot

from tests.leaks import LeakWatch


class _Blocked(QRunnable):
    def __init__(self, release: threading.Event) -> None:
        super().__init__()
        self.release = release

    def run(self) -> None:
        # Held until the test lets go, whatever the machine's load: a job that ended on a
        # timer of its own could end inside the watch's grace when the test is slowed.
        self.release.wait(60)


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
    try:
        left = watch.left_running()  # waits the grace, then up to 10 s more for the job
    finally:
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
