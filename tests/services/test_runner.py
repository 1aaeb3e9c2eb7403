"""The background runner: work off the GUI thread, answers back on it, none after shutdown."""

import threading

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from aitasker_desktop.services.runner import InlineRunner, Runner


def test_work_runs_off_the_gui_thread_and_answers_on_it(qtbot: QtBot) -> None:
    runner = Runner()
    seen: dict[str, str] = {}

    def work() -> int:
        seen["work"] = threading.current_thread().name
        return 42

    results: list[int] = []

    def done(value: int) -> None:
        seen["done"] = threading.current_thread().name
        results.append(value)

    runner.run(work, done)
    qtbot.waitUntil(lambda: results == [42])
    assert seen["work"] != threading.main_thread().name
    assert seen["done"] == threading.main_thread().name
    runner.shutdown()


def test_failures_reach_the_error_handler(qtbot: QtBot) -> None:
    runner = Runner()
    errors: list[BaseException] = []

    def work() -> None:
        raise ValueError("boom")

    runner.run(work, lambda _: pytest.fail("no result expected"), errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], ValueError)
    runner.shutdown()


def test_no_answer_for_an_owner_that_is_gone(qtbot: QtBot) -> None:
    runner = Runner()
    owner = QObject()
    gate = threading.Event()
    called: list[object] = []
    runner.run(lambda: gate.wait(5), called.append, owner=owner)
    owner.deleteLater()
    qtbot.wait(10)  # the owner is destroyed while the job runs
    gate.set()
    runner.wait_for_idle(5000)
    qtbot.wait(50)
    assert called == []
    runner.shutdown()


def test_answers_still_queued_at_shutdown_are_dropped(qtbot: QtBot) -> None:
    runner = Runner()
    called: list[object] = []
    runner.run(lambda: 1, called.append)
    runner.shutdown()  # the job finishes, but its answer has not been delivered yet
    qtbot.wait(50)
    assert called == []
    runner.run(lambda: 2, called.append)  # nothing new starts after shutdown
    qtbot.wait(50)
    assert called == []


def test_inline_runner_answers_at_once() -> None:
    results: list[int] = []
    InlineRunner().run(lambda: 7, results.append)
    assert results == [7]


def test_jobs_let_go_of_leave_their_thread_to_the_work_behind_them(qtbot: QtBot) -> None:
    """A world switch lets go of the old client's calls: what they still wait on (a name
    lookup) must not hold the threads the new world's work needs."""
    runner = Runner(max_threads=1)
    old_client, started, stuck = object(), threading.Event(), threading.Event()
    answers: list[str] = []

    def old_call() -> str:
        started.set()
        stuck.wait(30)
        return "old"

    runner.run(old_call, answers.append, group=old_client)
    qtbot.waitUntil(started.is_set, timeout=5_000)
    runner.run(lambda: "new", answers.append)  # queued behind the stuck job
    runner.let_go(old_client)
    qtbot.waitUntil(lambda: answers == ["new"], timeout=5_000)
    stuck.set()
    qtbot.waitUntil(lambda: answers == ["new", "old"], timeout=5_000)  # its caller drops it
    assert runner.wait_for_idle(5_000)
    # The pool is its own size again: the stuck job took its thread back as it ended.
    pool = runner._pool
    assert pool.activeThreadCount() == 0 and pool.maxThreadCount() == 1
    runner.let_go(old_client)  # nothing of it runs any more: nothing changes
    assert pool.activeThreadCount() == 0
    runner.shutdown()
