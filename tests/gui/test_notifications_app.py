"""Notifications in the whole app, against the real sandbox on loopback: what pops up on the
desktop (a recording stand-in for the platform's notifications), the count of tasks that
need the person in the window title, and the taskbar alert.

The sandbox's clock stands still here (speed 0) and moves only by `advance`; the app reads
the same clock (its injected `clock`), so "time left" is exact and no wall clock is read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services import formatting
from aitasker_desktop.services.sandbox_process import SandboxSetup
from tests.gui.desktop_helpers import start_desktop
from tests.gui.task_page_helpers import Answers, click, open_from_list
from tests.notices import RecordingNotices
from tests.sample_brief import DAY, DELIVERING, TO_REVIEW, post
from tests.screens import save_screen, screens_dir

# A first sync with this many tasks waiting on the person (the report: 350 tasks, 200 pop-ups).
MANY = 60
SUMMARY = f"{MANY} tasks need you"
FALLBACK_NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@dataclass
class World:
    """The app's seams for these tests: the sandbox it starts, its clock, what it pops up."""

    compress: float = 1.0
    prepare: Callable[[EmbeddedSandbox], None] | None = None
    notices: RecordingNotices = field(default_factory=RecordingNotices)
    alerts: list[QWidget] = field(default_factory=list)
    sandbox: EmbeddedSandbox | None = None

    def factory(self, setup: SandboxSetup) -> EmbeddedSandbox:
        sandbox = EmbeddedSandbox(
            data_dir=setup.data_dir,
            speed=0.0,
            compress=self.compress,
            surface=setup.surface,
            create_per_minute=10_000,
        )
        if self.prepare is not None:  # tasks that exist before the app's first sync
            sandbox.start()
            self.prepare(sandbox)
        self.sandbox = sandbox
        return sandbox

    def now(self) -> datetime:
        """The sandbox's simulated clock (the app's clock in these tests)."""
        sandbox = self.sandbox
        if sandbox is None or sandbox.runtime is None:
            return FALLBACK_NOW
        return datetime.fromtimestamp(sandbox.runtime.clock.now(), UTC)

    def advance(self, seconds: float) -> None:
        assert self.sandbox is not None
        self.sandbox.advance(seconds)

    def start(self, qtbot: QtBot, tmp_path: Path) -> Desktop:
        from aitasker_desktop.options import Options

        app = start_desktop(
            qtbot,
            Options(data_dir=tmp_path / "data"),
            connected=False,
            sandbox_factory=self.factory,
            notifier=lambda _window: self.notices,
            alert=self.alerts.append,
            clock=self.now,
        )
        # Preparing many tasks on a busy machine takes a while: wait for it, not a time.
        qtbot.waitUntil(lambda: app.connection.client is not None, timeout=90_000)
        return app


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def app(qtbot: QtBot, tmp_path: Path, world: World) -> Iterator[Desktop]:
    desktop = world.start(qtbot, tmp_path)
    qtbot.waitUntil(lambda: desktop.tracker.synced, timeout=20_000)
    yield desktop
    desktop.shutdown()
    assert world.notices.closed  # the native notices' thread ends with the app


def client_of(app: Desktop) -> AITaskerClient:
    client = app.connection.client
    assert isinstance(client, AITaskerClient)
    return client


def poll(qtbot: QtBot, app: Desktop) -> None:
    with qtbot.waitSignal(app.tracker.polled, timeout=10_000):
        app.tracker.poll_now()


def settle(qtbot: QtBot, app: Desktop) -> None:
    """Let the last batch reach the store and come back (two jobs on the runner)."""
    app.runner.wait_for_idle(10_000)
    qtbot.wait(50)
    app.runner.wait_for_idle(10_000)
    qtbot.wait(50)


def test_a_task_that_needs_you_pops_up_once_counts_in_the_title_and_flags_the_window(
    qtbot: QtBot, app: Desktop, world: World
) -> None:
    window = app.window
    assert window.windowTitle() == "AITasker Desktop — SANDBOX"
    task = post(client_of(app), title="Logo for <b>Acme</b>")
    poll(qtbot, app)
    assert world.notices.shown == [] and world.alerts == []  # posted: nothing to decide

    world.advance(TO_REVIEW)
    poll(qtbot, app)
    qtbot.waitUntil(lambda: len(world.notices.shown) == 1, timeout=10_000)
    assert world.notices.shown == [
        (
            "Bids ready",
            "Bids are ready for “Logo for <b>Acme</b>”: choose one before the window closes.",
        )
    ]
    assert window.windowTitle() == "AITasker Desktop (1) — SANDBOX"
    assert world.alerts == [window]
    poll(qtbot, app)  # seen again: told once
    settle(qtbot, app)
    assert len(world.notices.shown) == 1 and world.alerts == [window]

    # The person deals with it: choosing a bid clears the count.
    answers = Answers()
    page = open_from_list(qtbot, app, task.id)
    page.prompts = answers.prompts()
    qtbot.waitUntil(lambda: bool(page.gallery_view.cards), timeout=10_000)
    click(qtbot, page.gallery_view.cards[0].select_button)
    qtbot.waitUntil(lambda: page.task is not None and page.task.status == Status.DELIVERING)
    qtbot.waitUntil(lambda: window.windowTitle() == "AITasker Desktop — SANDBOX")


def test_the_bell_says_when_each_notice_came_by_the_apps_clock(
    qtbot: QtBot, app: Desktop, world: World
) -> None:
    """The app's clock here is the sandbox's, which moves only when told: the bell's list
    words when a notice came against it (the clock that stamped the notice), never the
    system's. Its time while that is today; its date once the app's clock is a year on."""
    post(client_of(app), title="Poster for the fair")
    world.advance(TO_REVIEW)
    poll(qtbot, app)
    qtbot.waitUntil(lambda: len(app.notifications.items()) == 1, timeout=10_000)
    came = app.notifications.items()[0].created_at
    assert came == world.now()

    def bids_ready_line() -> str:
        qtbot.mouseClick(app.bell, Qt.MouseButton.LeftButton)
        panel = app.bell.panel
        qtbot.waitUntil(panel.isVisible)
        lines = [panel.list.item(i).text() for i in range(panel.list.count())]
        qtbot.keyClick(panel.list, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not panel.isVisible())
        return next(line for line in lines if "Bids are ready for “Poster" in line)

    assert bids_ready_line().startswith(f"{formatting.time(came)}  Bids are ready")
    world.advance(400 * DAY)  # by the app's clock; the system's has not moved
    line = bids_ready_line()
    assert line.startswith(f"{formatting.date(came)}  Bids are ready"), line
    app.window.resize(1280, 800)
    qtbot.mouseClick(app.bell, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(app.bell.panel.isVisible)
    save_screen(app.bell.panel, screens_dir("notifications") / "a_year_on.png")
    app.bell.panel.hide()


def test_clicking_the_desktop_notice_opens_that_tasks_page(
    qtbot: QtBot, app: Desktop, world: World
) -> None:
    """The person is elsewhere (the editor, the window minimised) when "Bids ready" pops up;
    clicking it brings the window back on the task's page."""
    other = post(client_of(app), title="Flyer for the fair")
    task = post(client_of(app), title="Logo for the bakery")
    world.advance(TO_REVIEW)
    poll(qtbot, app)
    qtbot.waitUntil(lambda: len(world.notices.shown) == 2, timeout=10_000)
    window = app.window
    window.show_place("new_brief")
    window.showMinimized()
    logo = next(i for i, (_t, body) in enumerate(world.notices.shown) if "bakery" in body)

    world.notices.click(logo)
    page = app.task_page
    qtbot.waitUntil(lambda: page.isVisible() and page.task is not None, timeout=10_000)
    assert page.task is not None and page.task.id == task.id != other.id
    assert window.current_place() == "tasks" and not window.isMinimized()
    assert page.title_label.text() == "Logo for the bakery"


def test_a_refunded_dispute_is_told(qtbot: QtBot, app: Desktop, world: World) -> None:
    client = client_of(app)
    task = post(client, title="Launch post")
    world.advance(TO_REVIEW)
    poll(qtbot, app)
    bids = client.bids(task.id).bids
    client.select_bid(task.id, bids[0].id)
    world.advance(DELIVERING)
    poll(qtbot, app)
    qtbot.waitUntil(lambda: len(world.notices.shown) == 2, timeout=10_000)
    assert app.window.windowTitle() == "AITasker Desktop (1) — SANDBOX"

    client.dispute(task.id, "It is about coffee, not tea.")
    poll(qtbot, app)
    assert app.window.windowTitle() == "AITasker Desktop — SANDBOX"  # nothing to decide now
    world.advance(3600 + 1)
    poll(qtbot, app)
    qtbot.waitUntil(lambda: len(world.notices.shown) == 3, timeout=10_000)
    assert world.notices.titles() == ["Bids ready", "Delivery ready", "Refunded"]
    assert world.notices.shown[-1][1] == (
        "The dispute over “Launch post” was resolved in your favour: the money held for it "
        "is back in your balance."
    )
    assert app.notifications.items()[0].text == world.notices.shown[-1][1]  # the bell's list


def _many_in_review(count: int) -> Callable[[EmbeddedSandbox], None]:
    def prepare(sandbox: EmbeddedSandbox) -> None:
        sandbox.top_up(count * 10)
        with AITaskerClient(sandbox.base_url, sandbox.api_key) as client:
            for i in range(count):
                post(client, title=f"Blog post {i + 1}")
        sandbox.advance(TO_REVIEW)

    return prepare


def test_the_first_sync_of_many_tasks_is_one_summary(
    qtbot: QtBot, tmp_path: Path, world: World
) -> None:
    world.prepare = _many_in_review(MANY)
    app = world.start(qtbot, tmp_path)
    try:
        qtbot.waitUntil(lambda: len(world.notices.shown) >= 1, timeout=60_000)
        poll(qtbot, app)
        settle(qtbot, app)
        assert world.notices.shown == [(SUMMARY, f"{SUMMARY}: bids ready on {MANY} tasks.")]
        assert app.window.windowTitle() == f"AITasker Desktop ({MANY}) — SANDBOX"
        assert world.alerts == [app.window]
        # The bell counts one unread notice; each task's own is in the list, already read.
        assert app.notifications.unread_count() == 1
        assert app.bell.accessibleName() == "Notifications (1)"
        items = app.notifications.items()
        assert items[0].text == f"{SUMMARY}: bids ready on {MANY} tasks." and not items[0].read
        assert len(items) == MANY + 1 and all(n.read for n in items[1:])

        app.window.resize(1280, 800)
        qtbot.mouseClick(app.bell, Qt.MouseButton.LeftButton)
        panel = app.bell.panel
        qtbot.waitUntil(panel.isVisible)
        assert panel.list.item(0).text().endswith(f"{SUMMARY}: bids ready on {MANY} tasks.")
        assert panel.list.item(0).font().bold()  # the one unread
        save_screen(panel, screens_dir("notifications") / "first_sync_summary.png")
        panel.hide()

        # Clicking the summary, from elsewhere, shows the tasks that need the person.
        app.window.show_place("new_brief")
        qtbot.mouseClick(app.bell, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(panel.isVisible)
        summary = panel.list.visualItemRect(panel.list.item(0)).center()
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=summary)
        qtbot.waitUntil(lambda: app.window.current_place() == "tasks")
        assert not panel.isVisible()
        assert app.bell.accessibleName() == "Notifications"  # read now
        chip = app.tasks_place.chips.checkedButton()
        assert chip is not None and chip.text() == f"Needs you ({MANY})"
        # The same from the desktop's summary notice, the list filtered to "All" meanwhile.
        app.tasks_place.filter_bar.show_all()
        app.window.show_place("new_brief")
        world.notices.click(0)
        qtbot.waitUntil(lambda: app.window.current_place() == "tasks")
        chip = app.tasks_place.chips.checkedButton()
        assert chip is not None and chip.text() == f"Needs you ({MANY})"
    finally:
        app.shutdown()


@pytest.mark.parametrize(
    ("compress", "early", "first", "last"),
    [
        # A 24-hour window: warned 2 h and 15 min before it closes.
        (1.0, 3 * 3600, 7200, 900),
        # A 1-hour window (the sandbox's windows 24 times shorter): 5 min and 1 min before.
        (24.0, 6 * 60, 300, 60),
    ],
)
def test_decide_soon_comes_at_leads_in_proportion_to_the_window(
    qtbot: QtBot, tmp_path: Path, compress: float, early: int, first: int, last: int
) -> None:
    world = World(compress=compress)
    app = world.start(qtbot, tmp_path)
    try:
        qtbot.waitUntil(lambda: app.tracker.synced, timeout=20_000)
        task = post(client_of(app), title="Green tea")
        world.advance(TO_REVIEW / compress)
        poll(qtbot, app)
        qtbot.waitUntil(lambda: world.notices.titles() == ["Bids ready"], timeout=10_000)
        deadline = client_of(app).get_task(task.id).deadline_at
        assert deadline is not None

        def left_until(seconds: float) -> None:
            """Move the clock to `seconds` before the window closes and look (the timer)."""
            world.advance((deadline - world.now()).total_seconds() - seconds)
            app.notifications.on_timer_timeout()
            settle(qtbot, app)

        left_until(early)
        assert world.notices.titles() == ["Bids ready"]
        left_until(first - 1)
        assert world.notices.titles() == ["Bids ready", "Decide soon"]
        assert world.notices.shown[-1][1].startswith("About ")
        left_until(first - 30)  # looked again inside the same lead: not told twice
        assert world.notices.titles() == ["Bids ready", "Decide soon"]
        left_until(last - 1)
        assert world.notices.titles() == ["Bids ready", "Decide soon", "Decide soon"]
        left_until(5)
        assert len(world.notices.shown) == 3
        assert world.alerts == [app.window] * 3
    finally:
        app.shutdown()
