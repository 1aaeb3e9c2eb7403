"""A person's task lives against a server that serves only what AITasker documents, and
against the full sandbox: the app learns what the server offers and routes each decision to
what exists (REST, else A2A), follows tasks by id when no list exists, and says plainly what
AITasker does not yet let apps do. Everything is done by clicks and typing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.capabilities import Operation
from aitasker_desktop.domain.lifecycle import Action, Status
from aitasker_desktop.domain.task import Task
from aitasker_desktop.ui.task_page.offer_panels import NOT_YET
from aitasker_desktop.ui.task_page.page import TaskPage
from tests.gui.conftest import AppOptions
from tests.gui.desktop_helpers import MovingClock, advance, start_desktop
from tests.gui.editor_helpers import pick, ready
from tests.gui.task_page_helpers import Answers, click, open_from_list
from tests.sample_brief import TO_REVIEW
from tests.screens import save_screen, screens_dir


@pytest.fixture(params=["documented", "full"])
def surface(request: pytest.FixtureRequest, app_options: AppOptions) -> str:
    app_options.change(sandbox_surface=request.param)
    return str(request.param)


@pytest.fixture
def clock() -> MovingClock:
    return MovingClock()


@pytest.fixture
def app(
    surface: str, app_options: AppOptions, clock: MovingClock, qtbot: QtBot
) -> Iterator[Desktop]:
    app_options.built = True
    desktop = start_desktop(qtbot, app_options.options, clock=clock)
    desktop.window.resize(1400, 900)
    qtbot.waitUntil(lambda: desktop.capabilities.learned, timeout=20_000)
    qtbot.waitUntil(lambda: desktop.balance.balance is not None, timeout=10_000)
    yield desktop
    desktop.shutdown()


@pytest.fixture
def answers(app: Desktop) -> Answers:
    answers = Answers()
    app.task_page.prompts = answers.prompts()
    return answers


def shown(page: TaskPage) -> Task:
    assert page.task is not None
    return page.task


def post_in_editor(app: Desktop, qtbot: QtBot, title: str) -> None:
    """Write and post a brief in New brief, as a person does."""
    editor = ready(app, qtbot)
    editor._confirm = lambda _parent, _text: True  # the editor's "post and hold" question
    pick(qtbot, editor.category_combo, "writing")
    pick(qtbot, editor.type_combo, "blog")
    qtbot.keyClicks(editor.title_edit, title)
    qtbot.keyClicks(
        editor.brief_edit,
        "A 900-word blog post on green tea for busy office workers, friendly tone, "
        "with three practical tips and a short summary.",
    )
    editor.budget_spin.lineEdit().selectAll()
    qtbot.keyClicks(editor.budget_spin, "8")
    click(qtbot, editor.post_button)


def posted_and_selected(app: Desktop, qtbot: QtBot, title: str) -> Task:
    """The task appears in the list, selected, from the create answer: no poll is asked for."""
    before = app.balance.balance
    post_in_editor(app, qtbot, title)
    place = app.tasks_place
    qtbot.waitUntil(lambda: app.window.current_place() == "tasks", timeout=15_000)
    qtbot.waitUntil(
        lambda: getattr(place.current_task(), "title", None) == title,
        timeout=10_000,
    )
    task = place.current_task()
    assert task is not None
    # The balance moved with it (the budget is held).
    qtbot.waitUntil(lambda: app.balance.balance != before, timeout=10_000)
    return task


def test_a_life_on_each_surface(
    surface: str, app: Desktop, answers: Answers, clock: MovingClock, qtbot: QtBot
) -> None:
    documented = surface == "documented"
    caps = app.capabilities.current
    assert caps.allows(Operation.SELECT) and caps.allows(Operation.CANCEL)
    assert caps.allows(Operation.REMIX) is not documented
    if documented:
        assert caps.route(Operation.SELECT) == "a2a"

    # Post: the task is listed and selected at once; the list says how it follows tasks.
    first = posted_and_selected(app, qtbot, "Green tea for office workers")
    bar = app.follow_bar
    qtbot.waitUntil(lambda: app.tracker.following_by_id is documented, timeout=10_000)
    if documented:
        qtbot.waitUntil(lambda: bar.mode_label.isVisible())
        assert bar.mode_label.text().startswith(
            "Following 1 task this app knows; AITasker does not list tasks for apps yet."
        )
    else:
        assert not bar.mode_label.isVisible()
    second = posted_and_selected(app, qtbot, "Matcha for night shifts")

    # Follow both to their bids: the tracker reads them (by id on `documented`).
    advance(app, clock, TO_REVIEW)
    app.tracker.poll_now()
    qtbot.waitUntil(
        lambda: (
            {getattr(app.tracker.task(t.id), "status", "") for t in (first, second)}
            == {Status.REVIEW}
        ),
        timeout=20_000,
    )

    # Cancel the second one from its page.
    page = open_from_list(qtbot, app, second.id)
    qtbot.waitUntil(lambda: shown(page).status == Status.REVIEW, timeout=10_000)
    click(qtbot, page.actions_panel.buttons[Action.CANCEL])
    qtbot.waitUntil(lambda: shown(page).status == Status.CANCELLED, timeout=15_000)
    assert page.state_label.text() == "Cancelled"

    # The first: its bids, and what this server does not let apps do.
    page = open_from_list(qtbot, app, first.id)
    qtbot.waitUntil(
        lambda: (
            len(page.gallery_view.cards) >= 3
            and all(c.bid.task_id == first.id for c in page.gallery_view.cards)
        ),
        timeout=15_000,
    )
    panel = page.actions_panel
    missing = panel.not_available
    if documented:
        assert missing.isVisible()
        assert missing.title.text() == NOT_YET
        assert missing.text.text().startswith(
            "Remix the bids or extend the review window. This sandbox has no website"
        )
        assert Action.REMIX not in panel.buttons and Action.EXTEND_REVIEW not in panel.buttons
        assert not missing.website_button.isVisible()  # the sandbox has no website
    else:
        assert not missing.isVisible()
        assert {Action.REMIX, Action.EXTEND_REVIEW, Action.CANCEL} <= set(panel.buttons)

    # Select a bid: over A2A on `documented` (tasks/selectBid), REST on `full`.
    chosen = page.gallery_view.cards[1].bid
    click(qtbot, page.gallery_view.cards[1].select_button)
    qtbot.waitUntil(lambda: shown(page).status == Status.DELIVERING, timeout=15_000)
    assert shown(page).selected_bid_id == chosen.id

    # A note to the agents while they work: it shows in the timeline.
    note = page.actions_panel.note_box
    assert note.isVisible()
    assert not note.send_button.isEnabled()
    qtbot.keyClicks(note.text_box, "Please mention matcha once.")
    click(qtbot, note.send_button)
    qtbot.waitUntil(lambda: note.message.text().startswith("Sent."), timeout=15_000)
    assert note.text_box.toPlainText() == ""
    qtbot.waitUntil(
        lambda: any("Please mention matcha once." in t for t in page.timeline.texts()),
        timeout=10_000,
    )
    save_screen(  # the actions area (the page's other parts have screenshot tests of their own)
        page.actions_panel,
        screens_dir("follow") / f"note_sent_{surface}.png",
        texts=["Send a note to the agents", "Sent. The agents have your note"],
    )
