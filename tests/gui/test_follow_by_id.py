"""Following tasks by id against a server that lists none (the sandbox's `documented` surface):
adding a task posted elsewhere by its id or its link, the plain words for a bad one, the
list's line and a failed check shown, and screenshots of the list and of a page whose
decisions AITasker does not yet let apps make."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from aitasker_desktop.api.errors import ServerError
from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.capabilities import Capabilities
from aitasker_desktop.domain.lifecycle import Action, Status
from aitasker_desktop.domain.task import Task, TaskPage
from aitasker_desktop.services.client_api import ClientApi
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.runner import InlineRunner
from aitasker_desktop.services.task_actions import TaskActionsService
from aitasker_desktop.services.tracker import TrackerService
from aitasker_desktop.storage.db import Store
from aitasker_desktop.ui.task_page.offer_panels import OPEN_ON_WEBSITE, NotAvailablePanel
from aitasker_desktop.ui.tasks.follow_bar import FollowBar
from tests.gui.conftest import AppOptions
from tests.gui.desktop_helpers import MovingClock, advance, start_desktop
from tests.gui.task_page_helpers import click, open_from_list, sandbox_of
from tests.gui.tips import tip_as_read
from tests.sample_brief import TO_REVIEW, post
from tests.screens import save_screen, screens_dir


@pytest.fixture
def clock() -> MovingClock:
    return MovingClock()


@pytest.fixture
def app(app_options: AppOptions, clock: MovingClock, qtbot: QtBot) -> Iterator[Desktop]:
    app_options.change(sandbox_surface="documented")
    app_options.built = True
    desktop = start_desktop(qtbot, app_options.options, clock=clock)
    desktop.window.resize(1280, 800)
    qtbot.waitUntil(lambda: desktop.capabilities.learned, timeout=20_000)
    qtbot.waitUntil(lambda: desktop.tracker.following_by_id, timeout=10_000)
    desktop.window.show_place("tasks")
    yield desktop
    desktop.shutdown()


def on_the_website(app: Desktop, title: str) -> Task:
    """A task posted outside this app (as on the website): the app does not know it."""
    client = app.connection.client
    assert client is not None
    return post(client, title=title)


def add(app: Desktop, qtbot: QtBot, text: str) -> FollowBar:
    bar = app.follow_bar
    bar.field.clear()
    qtbot.keyClicks(bar.field, text)
    return bar


def test_a_task_is_added_by_its_id_and_by_its_link(
    app: Desktop, clock: MovingClock, qtbot: QtBot
) -> None:
    by_id = on_the_website(app, "Posted on the website")
    by_link = on_the_website(app, "Linked from an email")
    place = app.tasks_place
    assert place.model.row_of(by_id.id) < 0  # nothing lists it: the app cannot know it
    # The empty list offers it, as does the File menu.
    assert place.add_by_id_button.isVisible()
    click(qtbot, place.add_by_id_button)
    bar = add(app, qtbot, by_id.id.upper())  # as pasted, in capitals
    assert bar.field_message.text() == ""
    click(qtbot, bar.confirm_button)
    qtbot.waitUntil(lambda: place.model.row_of(by_id.id) >= 0, timeout=10_000)
    qtbot.waitUntil(lambda: getattr(place.current_task(), "id", None) == by_id.id)
    assert bar.field_message.text() == "Added “Posted on the website”. It is followed now."

    menu_action = app.window.findChild(QAction, "add_task_by_id")
    assert menu_action is not None and menu_action in app.window.file_menu.actions()
    menu_action.trigger()
    assert bar.field.hasFocus() or bar.field_row.isVisible()
    add(app, qtbot, f"https://aitasker.co/dashboard/tasks/{by_link.id}?tab=bids")
    qtbot.keyClick(bar.field, "\r")
    qtbot.waitUntil(lambda: place.model.row_of(by_link.id) >= 0, timeout=10_000)
    qtbot.waitUntil(lambda: bar.mode_label.text().startswith("Following 2 tasks this app knows"))
    # Followed from now on: the tracker reads it by id as it moves.
    advance(app, clock, TO_REVIEW)
    app.tracker.poll_now()
    qtbot.waitUntil(
        lambda: getattr(app.tracker.task(by_link.id), "status", "") == Status.REVIEW,
        timeout=15_000,
    )


@pytest.mark.parametrize(
    ("pasted", "said"),
    [
        ("http://aitasker.co/tasks/1b4e28ba-2fa1-11d2-883f-0016d3cca427", "Only https links"),
        ("https://example.com/tasks/1b4e28ba-2fa1-11d2-883f-0016d3cca427", "is to example.com"),
        ("https://aitasker.co/pricing", "does not name a task"),
        ("task 42", "That is not a task id."),
    ],
)
def test_a_bad_link_is_explained_next_to_the_field(
    app: Desktop, qtbot: QtBot, pasted: str, said: str
) -> None:
    app.follow_bar.open_field()
    bar = add(app, qtbot, pasted)
    assert said in bar.field_message.text()
    assert bar.field_message.isVisible()
    assert not bar.confirm_button.isEnabled()
    assert bar.field.text() == pasted  # nothing the person pasted is lost


def test_an_id_aitasker_does_not_know_is_said_plainly(app: Desktop, qtbot: QtBot) -> None:
    app.follow_bar.open_field()
    bar = add(app, qtbot, "1b4e28ba-2fa1-11d2-883f-0016d3cca427")
    click(qtbot, bar.confirm_button)
    qtbot.waitUntil(lambda: "no task with this id" in bar.field_message.text(), timeout=10_000)
    assert app.tasks_place.model.total == 0


def test_a_link_as_an_email_wraps_it_is_added_and_again_is_said_to_be_followed(
    app: Desktop, qtbot: QtBot
) -> None:
    task = on_the_website(app, "Linked in an email")
    other = on_the_website(app, "Another one")
    place = app.tasks_place
    app.follow_bar.open_field()
    bar = add(app, qtbot, f"<https://aitasker.co/tasks/{task.id}>")
    assert bar.field_message.text() == "" and bar.confirm_button.isEnabled()
    click(qtbot, bar.confirm_button)
    qtbot.waitUntil(lambda: bar.field_message.text().startswith("Added"), timeout=10_000)
    assert bar.field_message.text() == "Added “Linked in an email”. It is followed now."
    add(app, qtbot, f'"{other.id}"')
    click(qtbot, bar.confirm_button)
    qtbot.waitUntil(lambda: place.model.row_of(other.id) >= 0, timeout=10_000)
    qtbot.waitUntil(lambda: getattr(place.current_task(), "id", None) == other.id)

    # The first again: said to be followed already, and selected in the list.
    add(app, qtbot, task.id)
    click(qtbot, bar.confirm_button)
    qtbot.waitUntil(lambda: "already" in bar.field_message.text(), timeout=10_000)
    assert bar.field_message.text() == (
        "“Linked in an email” was already followed. It is selected in the list."
    )
    qtbot.waitUntil(lambda: getattr(place.current_task(), "id", None) == task.id)
    assert place.model.total == 2


def test_a_task_added_while_aitasker_is_unreachable_is_added_once_it_answers(
    app: Desktop, qtbot: QtBot
) -> None:
    task = on_the_website(app, "Posted before the line went down")
    sandbox = sandbox_of(app)
    sandbox.stop()
    app.follow_bar.open_field()
    bar = add(app, qtbot, task.id)
    click(qtbot, bar.confirm_button)
    qtbot.waitUntil(lambda: "Could not reach" in bar.field_message.text(), timeout=30_000)
    assert bar.field_message.text() == (
        "Could not reach AITasker. The task will be added when the connection is back."
    )
    assert app.tasks_place.model.row_of(task.id) < 0

    sandbox.start()  # the same port: AITasker answers again, as the next check finds
    app.tracker.poll_now()
    qtbot.waitUntil(lambda: app.tasks_place.model.row_of(task.id) >= 0, timeout=20_000)
    qtbot.waitUntil(lambda: getattr(app.tasks_place.current_task(), "id", None) == task.id)
    assert (
        bar.field_message.text() == "Added “Posted before the line went down”. It is followed now."
    )


def test_the_time_to_decide_is_counted_on_the_apps_clock(
    app: Desktop, clock: MovingClock, qtbot: QtBot
) -> None:
    task = on_the_website(app, "Decided late in the day")
    app.follow_bar.open_field()
    click(qtbot, add(app, qtbot, task.id).confirm_button)
    qtbot.waitUntil(lambda: app.tasks_place.model.row_of(task.id) >= 0, timeout=10_000)
    advance(app, clock, TO_REVIEW)
    page = open_from_list(qtbot, app, task.id)
    qtbot.waitUntil(
        lambda: page.task is not None and page.task.status == Status.REVIEW,
        timeout=15_000,
    )
    advance(app, clock, 20 * 3600)  # 20 of the window's 24 hours have passed
    label = page.actions_panel.deadline_label
    # The page re-reads the app's clock every second: under 4 hours are left, not a day.
    qtbot.waitUntil(lambda: label.text().startswith("Time to decide: 3 h "), timeout=3000)


def test_screens_of_following_by_id_and_of_what_waits_on_aitasker(
    app: Desktop, clock: MovingClock, qtbot: QtBot
) -> None:
    folder = screens_dir("follow")
    for title in ("Green tea for office workers", "Matcha for night shifts"):
        task = on_the_website(app, title)
        app.follow_bar.open_field()
        add(app, qtbot, task.id)
        click(qtbot, app.follow_bar.confirm_button)
        listed = partial(app.tasks_place.model.row_of, task.id)
        qtbot.waitUntil(lambda: listed() >= 0, timeout=10_000)  # noqa: B023 (waited here)
    app.window.show_place("tasks")
    save_screen(
        app.tasks_place,
        folder / "list_following_by_id.png",
        texts=["Following 2 tasks this app knows; AITasker does not list tasks for apps yet."],
    )
    advance(app, clock, TO_REVIEW)
    page = open_from_list(qtbot, app, task.id)
    app.tracker.poll_now()
    qtbot.waitUntil(lambda: len(page.gallery_view.cards) >= 3, timeout=15_000)
    assert Action.REMIX not in page.actions_panel.buttons
    save_screen(
        page,
        folder / "task_page_not_available.png",
        texts=["AITasker does not yet let apps do this", "Remix the bids"],
    )


# -- without the app around it --------------------------------------------------------------


class Failing(ClientApi):
    """A server whose list fails with an error that is not about the connection."""

    def list_tasks(self, since: str | None = None, *, limit: int = 500) -> TaskPage:
        raise ServerError("AITasker had a problem answering.", status_code=500)

    def close(self) -> None:
        pass


def test_a_failed_check_shows_on_the_list_line(qtbot: QtBot, tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    connection = Connection(InlineRunner())
    store = Store(tmp_path / "app.sqlite")
    tracker = TrackerService(connection, store)
    bar = FollowBar(tracker, TaskActionsService(connection))
    qtbot.addWidget(bar)
    bar.show()
    connection.set_client(Failing(), World(WorldKind.SANDBOX, "http://127.0.0.1:1"))
    tracker.start()
    qtbot.waitUntil(lambda: bar.failure_label.isVisible(), timeout=5_000)
    assert bar.failure_label.text() == (
        "Your tasks could not be checked: AITasker had a problem answering. "
        "Try again in a few minutes."
    )
    assert not tracker.offline  # "online" shows, and the failure is said anyway
    tracker.close()
    store.close()


def test_the_website_button_opens_the_task_on_aitasker_over_https(qtbot: QtBot) -> None:
    connection = Connection(InlineRunner())

    class Quiet(ClientApi):
        def close(self) -> None:
            pass

    connection.set_client(Quiet(), World(WorldKind.ACCOUNT, "https://api.aitasker.co"))
    documented = Capabilities.model_validate({"rest": ["create", "get"], "a2a": True})
    actions = TaskActionsService(connection, offer=lambda: documented)
    panel = NotAvailablePanel(actions)
    qtbot.addWidget(panel)
    panel.show()
    task = Task(id="1b4e28ba-2fa1-11d2-883f-0016d3cca427", status=Status.AWAITING_APPROVAL)
    missing = [a for a in (Action.APPROVE, Action.REQUEST_REVISION, Action.DISPUTE)]
    assert not any(actions.offers(a) for a in missing)
    panel.show_missing(task, missing)
    assert panel.text.text() == (
        "Approve a delivery, ask for a revision or dispute a delivery. "
        "You can do it on the AITasker website."
    )
    assert panel.website_button.isVisible()
    assert panel.website_button.text() == OPEN_ON_WEBSITE
    assert panel.link == "https://aitasker.co/tasks/1b4e28ba-2fa1-11d2-883f-0016d3cca427"
    assert tip_as_read(panel.website_button.toolTip()) == panel.link
