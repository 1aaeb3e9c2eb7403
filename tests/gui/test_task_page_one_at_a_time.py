"""One decision at a time, on the state the task is really in, on the app's own sandbox:
while a choice is on its way no other is offered (not a second bid, not a remix); when
AITasker refuses one because the task changed meanwhile (cancelled on the website), the
page reads the task again at once, shows its real state, and says so in plain words."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.lifecycle import Action, Status
from aitasker_desktop.domain.task import Task
from aitasker_desktop.ui.task_page.dialogs import Prompts
from aitasker_desktop.ui.task_page.page import TaskPage
from tests.gui.task_page_helpers import (
    Answers,
    click,
    client_of,
    open_from_list,
    poll_until,
    sandbox_of,
    spend_all,
)
from tests.sample_brief import TO_REVIEW, post

PROTOTYPING = 10 + 20 + 1  # open -> matching -> prototyping


@pytest.fixture
def answers() -> Answers:
    return Answers()


def in_review(desktop: Desktop, qtbot: QtBot, answers: Answers) -> tuple[Task, TaskPage]:
    desktop.window.resize(1280, 800)
    task = post(client_of(desktop), budget_usd=8)
    page = open_from_list(qtbot, desktop, task.id)
    page.prompts = answers.prompts()
    desktop.sandbox.server.advance(TO_REVIEW)
    with qtbot.waitSignal(page.gallery_loaded, timeout=10_000):
        poll_until(qtbot, desktop, page, Status.REVIEW)
    return task, page


def decisions(page: TaskPage) -> list[QWidget]:
    """Every button on the page that spends money or decides: Select on each bid (in the
    rows and in the comparison), Remix, Extend, Cancel."""
    gallery = page.gallery_view
    selects = [c.select_button for c in gallery.cards] + gallery.comparison.select_buttons
    return [*selects, *page.actions_panel.buttons.values()]


def test_while_a_choice_is_sent_no_other_decision_is_offered(
    desktop: Desktop, qtbot: QtBot, answers: Answers
) -> None:
    task, page = in_review(desktop, qtbot, answers)
    gallery = page.gallery_view
    for card in gallery.cards[:2]:
        click(qtbot, card.compare_box)
    click(qtbot, gallery.compare_button)
    chosen, other = gallery.cards[0], gallery.cards[1]
    assert all(b.isEnabled() for b in decisions(page) if b is not chosen.select_button)

    store = sandbox_of(desktop).runtime.store  # type: ignore[union-attr]  # started
    with store.lock:  # AITasker takes its time to answer: the choice is on its way
        click(qtbot, chosen.select_button)
        assert answers.asked and answers.asked[-1].title == "Select this bid"
        still = [b.accessibleName() for b in decisions(page) if b.isEnabled()]
        assert still == [], f"offered while the choice is on its way: {still}"
    # The answer: the first choice, and only it, was made.
    qtbot.waitUntil(
        lambda: page.task is not None and page.task.status == Status.DELIVERING, timeout=10_000
    )
    sent = client_of(desktop).get_task(task.id)
    assert sent.selected_bid_id == chosen.bid.id != other.bid.id
    assert answers.errors == []


def test_a_refused_decision_gives_the_choices_back(
    desktop: Desktop, qtbot: QtBot, answers: Answers
) -> None:
    _task, page = in_review(desktop, qtbot, answers)
    spend_all(client_of(desktop))  # a remix cannot be paid for: it will be refused
    store = sandbox_of(desktop).runtime.store  # type: ignore[union-attr]  # started
    with store.lock:
        click(qtbot, page.actions_panel.buttons[Action.REMIX])
        assert not any(c.select_button.isEnabled() for c in page.gallery_view.cards)
    qtbot.waitUntil(lambda: bool(answers.errors), timeout=10_000)
    assert answers.errors[-1][0] == "Remix did not go through"
    # The task still waits for a choice: each bid can be chosen again.
    qtbot.waitUntil(lambda: all(c.select_button.isEnabled() for c in page.gallery_view.cards))


def test_a_choice_on_a_task_cancelled_elsewhere_shows_what_it_is_now(
    desktop: Desktop, qtbot: QtBot, answers: Answers
) -> None:
    task, page = in_review(desktop, qtbot, answers)
    seen: list[tuple[str, str, str]] = []  # the message, with the state shown beside it

    def report_error(_parent: QWidget, title: str, text: str, _offer: bool) -> bool:
        seen.append((title, text, page.state_label.text()))
        return False

    page.prompts = Prompts(answers.confirm, answers.pick_folder, report_error, answers.ask_top_up)
    # Cancelled on the website meanwhile: the page still shows the bids.
    client_of(desktop).cancel(task.id)
    click(qtbot, page.gallery_view.cards[0].select_button)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    title, text, state = seen[0]
    assert title == "Select a bid did not go through"
    assert text == (
        "Nothing was done: this task changed on AITasker meanwhile. It is now “Cancelled”."
    )
    assert state == "Cancelled"  # read again at once, not at the next poll
    assert page.error_label.isVisible() and page.error_label.text() == text
    assert page.task is not None and page.task.status == Status.CANCELLED
    # Nothing of the old state is offered any more.
    assert page.content.currentWidget() is page.waiting_label
    assert not any(b.isVisible() for b in page.actions_panel.buttons.values())
    server = client_of(desktop).get_task(task.id)
    assert server.status == Status.CANCELLED and server.selected_bid_id is None


def test_a_note_to_a_task_cancelled_elsewhere_says_what_it_is_now(
    desktop: Desktop, qtbot: QtBot, answers: Answers
) -> None:
    desktop.window.resize(1280, 800)
    task = post(client_of(desktop), budget_usd=8)
    page = open_from_list(qtbot, desktop, task.id)
    page.prompts = answers.prompts()
    desktop.sandbox.server.advance(PROTOTYPING)
    poll_until(qtbot, desktop, page, Status.PROTOTYPING)
    note = page.actions_panel.note_box
    qtbot.keyClicks(note.text_box, "Mention matcha.")
    client_of(desktop).cancel(task.id)  # on the website, meanwhile
    click(qtbot, note.send_button)
    qtbot.waitUntil(lambda: bool(answers.errors), timeout=10_000)
    _title, text, _offer = answers.errors[-1]
    assert text == (
        "Nothing was done: this task changed on AITasker meanwhile. It is now “Cancelled”."
    )
    assert "“cancelled”" not in note.message.text()  # no raw status beside the box either
    assert page.task is not None and page.task.status == Status.CANCELLED
    assert page.state_label.text() == "Cancelled"
