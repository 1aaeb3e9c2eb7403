"""The tracker and the notifications against the real sandbox, the real client and store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.domain import protocol
from aitasker_desktop.domain.notification import NotificationKind
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.notifications import NotificationService
from aitasker_desktop.services.runner import Runner
from aitasker_desktop.services.tracker import Intervals, TrackerService
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.task_cache import TaskCache
from tests.notices import RecordingNotices

BRIEF: dict[str, Any] = {
    "category": "writing-translation",
    "task_type": "blog-post",
    "budget_usd": 8.0,
    "title": "Launch post for our app",
    "description": (
        "A blog post of 800 words for small-business owners announcing our invoicing app, "
        "friendly tone, three sections with headings, markdown format."
    ),
}
# Long intervals: the tests drive each cycle with poll_now(), except where backoff is tested.
QUIET = Intervals(fast=600, waiting=600, slow=600, offline=(0.3,))


class CountingTransport(httpx.BaseTransport):
    """Records every request the client sends (method, path, query) before passing it on."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()
        self.requests: list[tuple[str, str, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path, request.url.query.decode()))
        return self._inner.handle_request(request)

    def lists(self) -> list[str]:
        return [q for m, p, q in self.requests if m == "GET" and p == protocol.TASKS]

    def close(self) -> None:
        self._inner.close()


class Rig:
    def __init__(self, sandbox: EmbeddedSandbox, tmp_path: Path, **client: Any) -> None:
        self.sandbox = sandbox
        self.runner = Runner()
        self.connection = Connection(self.runner)
        self.transport = CountingTransport()
        self.client = AITaskerClient(
            sandbox.base_url, sandbox.api_key, transport=self.transport, **client
        )
        self.store = Store(tmp_path / "app.sqlite")
        self.world = World(WorldKind.SANDBOX, sandbox.base_url)
        self.tracker = TrackerService(self.connection, self.store, intervals=QUIET)
        self.advanced = 0.0
        self.notices = RecordingNotices()
        self.notifications = NotificationService(
            self.tracker,
            self.store,
            desktop=self.notices,
            clock=self.sim_now,
            check_interval_ms=60_000,
        )
        self.poster = httpx.Client(
            base_url=sandbox.base_url,
            headers={"Authorization": f"Bearer {sandbox.api_key}"},
            trust_env=False,
            timeout=60,
        )
        r = self.poster.post("/sandbox/credits/top-up", json={"amount_usd": 100})
        assert r.status_code == 200, r.text

    def sim_now(self) -> datetime:
        """The sandbox's clock: real time (speed 1) plus what the test advanced."""
        return datetime.now(UTC) + timedelta(seconds=self.advanced)

    def advance(self, seconds: float) -> None:
        self.advanced += seconds
        self.sandbox.advance(seconds)

    def post(self, **changes: Any) -> str:
        r = self.poster.post(protocol.TASKS, json={**BRIEF, **changes})
        assert r.status_code == 201, r.text
        return str(r.json()["id"])

    def close(self) -> None:
        self.tracker.stop()
        self.notifications.stop()
        self.runner.wait_for_idle(10_000)
        self.connection.close()
        self.poster.close()
        self.store.close()


@pytest.fixture
def rig(qtbot: QtBot, sandbox: EmbeddedSandbox, tmp_path: Path) -> Iterator[Rig]:
    r = Rig(sandbox, tmp_path)
    yield r
    r.close()
    qtbot.wait(10)  # let the runner's last callbacks run before the objects go


def poll(qtbot: QtBot, rig: Rig) -> None:
    with qtbot.waitSignal(rig.tracker.polled, timeout=10_000):
        rig.tracker.poll_now()


def statuses(rig: Rig) -> dict[str, str]:
    return {t.id: t.status for t in rig.tracker.tasks()}


def test_the_list_follows_the_lifecycle_with_one_request_per_cycle(qtbot: QtBot, rig: Rig) -> None:
    a, b = rig.post(title="First"), rig.post(title="Second")
    rig.connection.set_client(rig.client, rig.world)
    with qtbot.waitSignal(rig.tracker.polled, timeout=10_000):
        rig.tracker.start()
    assert statuses(rig) == {a: "open", b: "open"}
    assert len(rig.transport.lists()) == 1

    rig.advance(10)
    changed: list[list[Any]] = []
    rig.tracker.tasks_changed.connect(changed.append)
    poll(qtbot, rig)
    assert statuses(rig) == {a: "matching", b: "matching"}
    assert len(rig.transport.lists()) == 2
    assert "since=" in rig.transport.lists()[-1]  # a changed-since query, not a full listing

    rig.advance(20)
    poll(qtbot, rig)
    assert set(statuses(rig).values()) == {"prototyping"}

    # Only the task that changed comes back.
    c = rig.post(title="Third")
    poll(qtbot, rig)
    assert [t.id for t in changed[-1]] == [c]
    # Nothing changed: the cycle costs one request and reports nothing.
    before = len(changed)
    poll(qtbot, rig)
    assert len(changed) == before
    assert len(rig.transport.lists()) == 5

    rig.advance(420)
    poll(qtbot, rig)
    assert statuses(rig)[a] == "review" and statuses(rig)[b] == "review"
    assert len(rig.transport.lists()) == 6
    # Every list request of every cycle was a single request (no per-task reads).
    assert all(p == protocol.TASKS for _, p, _ in rig.transport.requests)

    # The cache has what the list shows, and the cursor to continue from.
    cache = TaskCache(rig.store, rig.world.cache_key)
    assert {t.id: t.status for t in cache.load_all()} == statuses(rig)
    assert cache.get_cursor() is not None


def test_cached_tasks_show_before_the_first_poll(
    qtbot: QtBot, rig: Rig, sandbox: EmbeddedSandbox
) -> None:
    a = rig.post(title="Cached one")
    rig.connection.set_client(rig.client, rig.world)
    with qtbot.waitSignal(rig.tracker.polled, timeout=10_000):
        rig.tracker.start()
    rig.tracker.stop()

    # A second tracker on the same store, no client yet: the cached list loads at once.
    connection = Connection(rig.runner)
    second = TrackerService(connection, rig.store, intervals=QUIET)
    connection.set_client(None, rig.world)
    with qtbot.waitSignal(second.tasks_loaded, timeout=5_000):
        second.start()
    assert [t.id for t in second.tasks()] == [a]
    assert not second.in_flight  # no client: nothing to poll
    second.stop()


def test_the_interval_is_fast_while_moving_and_slow_when_idle(qtbot: QtBot, rig: Rig) -> None:
    rig.tracker.intervals = Intervals()  # the defaults
    assert rig.tracker.next_interval() == 60.0  # nothing at all
    rig.post()
    rig.connection.set_client(rig.client, rig.world)
    with qtbot.waitSignal(rig.tracker.polled, timeout=10_000):
        rig.tracker.start()
    assert rig.tracker.next_interval() == 4.0  # open: moving
    rig.advance(10 + 20 + 420)
    poll(qtbot, rig)
    assert rig.tracker.next_interval() == 20.0  # review with a day left
    rig.tracker.set_interval_override(30)
    assert rig.tracker.next_interval() == 30.0
    rig.tracker.set_interval_override(0.01)
    assert rig.tracker.next_interval() >= 2.0  # never faster than the limits allow


def test_offline_keeps_the_tasks_and_resumes_by_itself(
    qtbot: QtBot, sandbox: EmbeddedSandbox, tmp_path: Path
) -> None:
    rig = Rig(sandbox, tmp_path, max_attempts=1, attempt_timeout=2.0)
    restarted: EmbeddedSandbox | None = None
    try:
        a = rig.post(title="Still here")
        rig.connection.set_client(rig.client, rig.world)
        with qtbot.waitSignal(rig.tracker.polled, timeout=10_000):
            rig.tracker.start()

        port, data_dir = sandbox.port, sandbox.data_dir
        sandbox.stop()
        with qtbot.waitSignal(rig.tracker.offline_changed, timeout=10_000) as went:
            rig.tracker.poll_now()
        assert went.args == [True]
        assert rig.tracker.offline
        assert [t.id for t in rig.tracker.tasks()] == [a]  # the cached tasks stay

        # The service comes back on the same address: the tracker finds it unaided.
        restarted = EmbeddedSandbox(data_dir=data_dir, port=port, speed=1.0).start()
        with qtbot.waitSignal(rig.tracker.offline_changed, timeout=15_000) as back:
            pass
        assert back.args == [False]
        assert statuses(rig) == {a: "open"}
    finally:
        rig.close()
        if restarted is not None:
            restarted.stop()
        qtbot.wait(10)


def test_notifications_for_bids_ready_closing_and_expiry_once_each(qtbot: QtBot, rig: Rig) -> None:
    desktop = rig.notices
    a = rig.post(title="<b>Logo</b> for Acme")
    rig.connection.set_client(rig.client, rig.world)
    rig.notifications.start()
    with qtbot.waitSignal(rig.tracker.polled, timeout=10_000):
        rig.tracker.start()
    assert rig.notifications.items() == []  # the first listing is not news

    rig.advance(10 + 20 + 420)
    with qtbot.waitSignal(rig.notifications.notified, timeout=10_000) as got:
        rig.tracker.poll_now()
    first = got.args[0]
    assert first.kind == NotificationKind.BIDS_READY and first.task_id == a
    assert "<b>Logo</b> for Acme" in first.text  # verbatim, for plain-text display
    poll(qtbot, rig)
    # The same arrival seen again (e.g. replayed after a crash): no second notice.
    rig.tracker.transitions.emit([_move(rig, a, "prototyping")])
    qtbot.wait(200)
    assert [n.kind for n in rig.notifications.items()] == [NotificationKind.BIDS_READY]

    rig.advance(24 * 3600 - 10 * 60)  # ten minutes left to choose
    poll(qtbot, rig)
    with qtbot.waitSignal(rig.notifications.notified, timeout=10_000) as closing:
        rig.notifications.check_deadlines()  # as its timer does
    assert closing.args[0].kind == NotificationKind.REVIEW_CLOSING
    assert "min left to choose a bid" in closing.args[0].text
    rig.notifications.check_deadlines()  # the timer runs again: no repeat
    qtbot.wait(200)

    rig.advance(11 * 60)
    with qtbot.waitSignal(rig.notifications.notified, timeout=10_000) as expired:
        rig.tracker.poll_now()
    assert expired.args[0].kind == NotificationKind.EXPIRED
    poll(qtbot, rig)
    qtbot.wait(200)
    assert [n.kind for n in rig.notifications.items()] == [
        NotificationKind.EXPIRED,
        NotificationKind.REVIEW_CLOSING,
        NotificationKind.BIDS_READY,
    ]
    assert rig.notifications.unread_count() == 3
    assert desktop.titles() == ["Bids ready", "Decide soon", "Task expired"]

    rig.notifications.desktop_notifications = False
    with qtbot.waitSignal(rig.notifications.changed, timeout=5_000):
        rig.notifications.mark_all_read()
    assert rig.notifications.unread_count() == 0


def _move(rig: Rig, task_id: str, old: str) -> Any:
    from aitasker_desktop.services.task_watch import Transition

    task = rig.tracker.task(task_id)
    assert task is not None
    return Transition(task, old)


def test_another_world_shows_its_own_tasks_and_cursor(qtbot: QtBot, rig: Rig) -> None:
    a = rig.post(title="Sandbox task")
    rig.connection.set_client(rig.client, rig.world)
    with qtbot.waitSignal(rig.tracker.polled, timeout=10_000):
        rig.tracker.start()
    assert [t.id for t in rig.tracker.tasks()] == [a]

    # An account (same server here, another cache key): its own, empty cache first.
    other = World(WorldKind.ACCOUNT, rig.sandbox.base_url, key_hint="aitk_test_…beef")
    client = AITaskerClient(rig.sandbox.base_url, rig.sandbox.api_key)
    loaded: list[list[str]] = []
    rig.tracker.tasks_loaded.connect(lambda: loaded.append([t.id for t in rig.tracker.tasks()]))
    with qtbot.waitSignal(rig.tracker.polled, timeout=10_000):
        rig.connection.set_client(client, other)
    assert [] in loaded  # the sandbox's tasks were not shown as the account's
    assert rig.tracker.world == other
    assert TaskCache(rig.store, other.cache_key).get_cursor() is not None
    # The sandbox's cache and cursor are untouched.
    sandbox_cache = TaskCache(rig.store, rig.world.cache_key)
    assert [t.id for t in sandbox_cache.load_all()] == [a]


class EndlessServer:
    """A hostile server: every listing page is full and says there is more, forever."""

    def __init__(self) -> None:
        self.served = 0
        self.queries: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != protocol.TASKS:
            return httpx.Response(404, json={"detail": "Not Found"})
        self.queries.append(request.url.query.decode())
        limit = int(request.url.params[protocol.LIST_LIMIT_PARAM])
        first = self.served
        self.served += limit
        tasks = [
            {
                "id": f"endless-{n:07d}",
                "title": f"Endless {n}",
                "category": "writing-translation",
                "task_type": "blog-post",
                "budget_usd": 9.5,
                "status": "completed",
                "description": "x" * 500,
                "updated_at": "2026-01-01T00:00:00Z",
            }
            for n in range(first, self.served)
        ]
        return httpx.Response(
            200, json={"tasks": tasks, "cursor": f"c{self.served}", "has_more": True}
        )


def test_a_server_that_always_has_more_is_read_a_capped_number_of_pages_per_cycle(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Pages are written to the cache and handed on one at a time, at most
    MAX_PAGES_PER_CYCLE a cycle; the next cycle goes on from the cursor reached."""
    from aitasker_desktop.services.task_listing import MAX_PAGES_PER_CYCLE, PAGE_SIZE
    from aitasker_desktop.services.tracker import MORE_AFTER_S

    server = EndlessServer()
    runner = Runner()
    connection = Connection(runner)
    store = Store(tmp_path / "app.sqlite")
    tracker = TrackerService(connection, store, intervals=QUIET)
    client = AITaskerClient(
        "http://127.0.0.1:9", "aitk_test_endless", transport=httpx.MockTransport(server)
    )
    world = World(WorldKind.ACCOUNT, "http://127.0.0.1:9", key_hint="aitk_test_…less")
    handed: list[int] = []
    tracker.tasks_changed.connect(lambda tasks: handed.append(len(tasks)))
    moves: list[object] = []
    tracker.transitions.connect(moves.append)
    try:
        connection.set_client(client, world)
        with qtbot.waitSignal(tracker.polled, timeout=20_000):
            tracker.start()
        cache = TaskCache(store, world.cache_key)
        assert len(server.queries) == MAX_PAGES_PER_CYCLE
        assert handed == [PAGE_SIZE] * MAX_PAGES_PER_CYCLE  # a page at a time, never more
        assert cache.count() == MAX_PAGES_PER_CYCLE * PAGE_SIZE
        assert cache.get_cursor() == f"c{server.served}"
        assert not tracker.synced  # more remain: the list says it is still catching up
        assert tracker.next_interval() == MORE_AFTER_S  # the rest soon, not in ten minutes

        with qtbot.waitSignal(tracker.polled, timeout=20_000):
            tracker.poll_now()
        assert len(server.queries) == 2 * MAX_PAGES_PER_CYCLE
        assert f"since=c{MAX_PAGES_PER_CYCLE * PAGE_SIZE}" in server.queries[MAX_PAGES_PER_CYCLE]
        assert cache.count() == 2 * MAX_PAGES_PER_CYCLE * PAGE_SIZE
        assert max(handed) == PAGE_SIZE
        assert moves == []  # catching up on a first listing is not news
    finally:
        tracker.close()
        runner.wait_for_idle(10_000)
        connection.close()
        store.close()
        qtbot.wait(10)
