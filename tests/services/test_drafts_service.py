"""DraftsService: autosave off the GUI thread, newest wins, flush, trash, restart."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.domain.brief import Brief, Draft
from aitasker_desktop.domain.task import Task
from aitasker_desktop.services.drafts import DraftsService
from aitasker_desktop.services.runner import Runner
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.drafts import Drafts


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "store.sqlite3") as s:
        yield s


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[Runner]:
    r = Runner()
    yield r
    r.wait_for_idle(5000)
    qtbot.wait(1)  # let the last callbacks run before the runner goes


def _service(store: Store, runner: Runner, delay_ms: int = 50) -> DraftsService:
    return DraftsService(Drafts(store), runner, delay_ms=delay_ms)


def test_autosave_writes_after_the_last_change(qtbot: QtBot, store: Store, runner: Runner) -> None:
    svc = _service(store, runner)
    draft = svc.new_draft()
    assert Drafts(store).get(draft.id) is None  # nothing stored before the first change
    with qtbot.waitSignal(svc.saved, timeout=2000) as blocker:
        for ch in "Logo for a bakery":
            draft.brief.title += ch
            svc.schedule_save(draft)
    assert blocker.args == [draft.id]
    stored = Drafts(store).get(draft.id)
    assert stored is not None and stored.brief.title == "Logo for a bakery"
    assert svc.last_edited_id() == draft.id


def test_later_change_never_loses_to_earlier_write(
    qtbot: QtBot, store: Store, runner: Runner
) -> None:
    svc = _service(store, runner, delay_ms=1)
    draft = svc.new_draft()
    for i in range(200):
        draft.brief.description = f"version {i}"
        svc.schedule_save(draft)
        if i % 7 == 0:
            qtbot.wait(2)  # let timers fire and writes overlap with new changes
    qtbot.waitUntil(lambda: not svc.has_unsaved, timeout=5000)
    stored = Drafts(store).get(draft.id)
    assert stored is not None and stored.brief.description == "version 199"


def test_flush_writes_pending_at_once(store: Store, runner: Runner, qtbot: QtBot) -> None:
    svc = _service(store, runner, delay_ms=60_000)
    draft = svc.new_draft()
    draft.brief.title = "Pending"
    svc.schedule_save(draft)
    assert Drafts(store).get(draft.id) is None
    with qtbot.waitSignal(svc.saved):
        assert svc.flush() is True
    stored = Drafts(store).get(draft.id)
    assert stored is not None and stored.brief.title == "Pending"


def test_survives_a_restart(tmp_path: Path, qtbot: QtBot) -> None:
    db = tmp_path / "store.sqlite3"
    runner = Runner()
    with Store(db) as store:
        svc = _service(store, runner, delay_ms=60_000)
        draft = svc.new_draft()
        draft.brief.description = "Never lose this"
        svc.schedule_save(draft)
        svc.flush()
    with Store(db) as store:
        again = _service(store, runner)
        assert again.last_edited_id() == draft.id
        back = again.get(draft.id)
        assert back is not None and back.brief.description == "Never lose this"
    runner.wait_for_idle(5000)


def test_list_search_duplicate_trash_restore(store: Store, runner: Runner, qtbot: QtBot) -> None:
    svc = _service(store, runner)
    a = Draft(brief=Brief(title="Bakery logo", description="A warm logo for bread"))
    b = Draft(brief=Brief(title="Blog post", description="About tea"))
    for d in (a, b):
        svc.schedule_save(d)
    with qtbot.waitSignal(svc.drafts_changed):
        svc.flush()
    assert [d.brief.title for d in svc.list()] == ["Blog post", "Bakery logo"]
    assert [d.id for d in svc.list("bread")] == [a.id]

    with qtbot.waitSignal(svc.drafts_changed):
        copy = svc.duplicate(a.id)
    assert copy.id != a.id and copy.brief.title == "Bakery logo (copy)"

    assert svc.delete(a.id) is True
    assert a.id not in [d.id for d in svc.list()]
    assert [t.draft.id for t in svc.list_trash()] == [a.id]
    assert svc.restore(a.id) is True
    assert a.id in [d.id for d in svc.list()]


def test_new_from_task_and_mark_posted(store: Store, runner: Runner, qtbot: QtBot) -> None:
    svc = _service(store, runner)
    task = Task(
        id="t-1",
        title="Wordmark for Tea & Co",
        description="A wordmark that feels calm and premium.",
        category="graphics-design",
        task_type="logo-design",
        budget_usd=40,
        requirements={"tone": "calm"},
    )
    draft = svc.new_from_task(task)
    stored = Drafts(store).get(draft.id)
    assert stored is not None and stored.brief.title == "Wordmark for Tea & Co"
    assert stored.brief.requirements == {"tone": "calm"} and stored.task_id is None

    # The editor keeps autosaving its own object after the post: the task id must stick.
    svc.mark_posted(draft.id, "t-1")
    live = stored
    live.brief.title = "Edited after posting"
    svc.schedule_save(live)
    svc.flush()
    again = Drafts(store).get(draft.id)
    assert again is not None and again.task_id == "t-1"
    assert svc.find_by_task("t-1") is not None
    assert svc.last_edited_id() != draft.id


def test_a_trashed_draft_is_never_written_again(store: Store, runner: Runner, qtbot: QtBot) -> None:
    svc = _service(store, runner, delay_ms=1)
    draft = svc.new_draft()
    draft.brief.title = "Keep me as I was"
    svc.schedule_save(draft)
    svc.flush()
    with qtbot.waitSignal(svc.trashed) as trashed:
        assert svc.delete(draft.id)
    assert trashed.args == [draft.id] and svc.is_closed(draft.id)
    draft.brief.title = "Typed after the delete"
    assert svc.schedule_save(draft) is False
    qtbot.wait(20)  # any timer that could still fire, fires
    assert not svc.has_unsaved
    stored = Drafts(store).get(draft.id)
    assert stored is not None and stored.brief.title == "Keep me as I was"
    with qtbot.waitSignal(svc.restored):
        assert svc.restore(draft.id)
    assert svc.schedule_save(draft) is True
    svc.flush()
    stored = Drafts(store).get(draft.id)
    assert stored is not None and stored.brief.title == "Typed after the delete"


def test_deleted_for_good_stays_deleted_even_with_a_save_pending(
    store: Store, runner: Runner, qtbot: QtBot
) -> None:
    svc = _service(store, runner, delay_ms=60_000)
    draft = svc.new_draft()
    draft.brief.title = "Written once"
    svc.schedule_save(draft)
    svc.flush()
    draft.brief.title = "A change still waiting for its save"
    svc.schedule_save(draft)
    with qtbot.waitSignal(svc.forgotten):
        assert svc.delete_forever(draft.id)
    draft.brief.title = "And typed again"
    assert svc.schedule_save(draft) is False
    assert svc.flush() is True
    assert Drafts(store).get(draft.id) is None  # no save brought it back


def test_a_failed_write_says_why_keeps_the_change_and_retries(
    store: Store, runner: Runner, qtbot: QtBot
) -> None:
    """SQLite's own size limit stands in for a full disk (tests/disks.py does it for real)."""
    svc = _service(store, runner, delay_ms=1)
    draft = svc.new_draft()
    draft.brief.title = "Small"
    svc.schedule_save(draft)
    svc.flush()
    with store.read() as c:
        pages = c.execute("PRAGMA page_count").fetchone()[0]
        c.execute(f"PRAGMA max_page_count = {pages}")
    draft.brief.description = "x" * 20_000  # needs pages the file may not grow by
    with qtbot.waitSignal(svc.save_failed, timeout=5000) as failed:
        svc.schedule_save(draft)
    assert str(failed.args[0]).startswith("Not saved: the disk is full.")
    assert svc.is_failing and svc.has_unsaved
    with store.read() as c:
        c.execute("PRAGMA max_page_count = 1073741823")
    with qtbot.waitSignal(svc.saved, timeout=10_000):
        pass  # the retry, a few seconds later
    assert not svc.is_failing
    stored = Drafts(store).get(draft.id)
    assert stored is not None and stored.brief.description == "x" * 20_000
