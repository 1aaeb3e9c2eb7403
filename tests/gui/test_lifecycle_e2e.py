"""Whole task lives driven through the task page of the running app, against its sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.lifecycle import Action, Status
from aitasker_desktop.domain.task import Task
from aitasker_desktop.services.client_api import ClientApi
from aitasker_desktop.services.formatting import balance as balance_text
from aitasker_desktop.ui.task_page.page import TaskPage
from tests.gui.editor_helpers import pick, ready
from tests.gui.task_page_helpers import (
    Answers,
    click,
    open_from_list,
    poll_until,
    refresh,
    spend_all,
)
from tests.sample_brief import DAY, DELIVERING, REVISING, TO_REVIEW, post


def shown(page: TaskPage) -> Task:
    """The task the page shows (every step below has one)."""
    assert page.task is not None
    return page.task


def connected(desktop: Desktop) -> ClientApi:
    client = desktop.connection.client
    assert client is not None
    return client


def held(desktop: Desktop) -> float | None:
    balance = desktop.balance.balance
    return None if balance is None else balance.held_usd


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def page(desktop: Desktop, answers: Answers, qtbot: QtBot) -> Iterator[TaskPage]:
    """The task page as the app hosts it (in the Tasks place), with prompts a test answers."""
    page: TaskPage = desktop.task_page
    page.prompts = answers.prompts()
    desktop.window.resize(1400, 900)
    qtbot.waitUntil(lambda: desktop.balance.balance is not None)
    yield page


def open_in_review(desktop: Desktop, qtbot: QtBot, page: TaskPage, **overrides: object):
    """Post (through the client), open it from the task list, wait for its bids."""
    task = post(desktop.connection.client, **overrides)
    assert open_from_list(qtbot, desktop, task.id) is page
    assert page.state_label.text() == "Posted"
    desktop.sandbox.server.advance(TO_REVIEW)
    with qtbot.waitSignal(page.gallery_loaded, timeout=10_000):
        poll_until(qtbot, desktop, page, Status.REVIEW)
    assert len(page.gallery_view.cards) >= 3
    return task


def post_in_editor(desktop: Desktop, qtbot: QtBot, title: str) -> str:
    """Write and post a brief in New brief, as a person does; returns the new task's id."""
    editor = ready(desktop, qtbot)
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
    qtbot.waitUntil(lambda: desktop.window.current_place() == "tasks", timeout=15_000)
    desktop.tracker.poll_now()
    qtbot.waitUntil(lambda: any(t.title == title for t in desktop.tracker.tasks()), timeout=10_000)
    return next(t.id for t in desktop.tracker.tasks() if t.title == title)


def test_a_whole_life_in_the_gui(
    desktop: Desktop, page: TaskPage, answers: Answers, qtbot: QtBot, tmp_path: Path
) -> None:
    task_id = post_in_editor(desktop, qtbot, "Green tea for office workers")
    assert open_from_list(qtbot, desktop, task_id) is page
    assert page.state_label.text() == "Posted"
    desktop.sandbox.server.advance(TO_REVIEW)
    with qtbot.waitSignal(page.gallery_loaded, timeout=10_000):
        poll_until(qtbot, desktop, page, Status.REVIEW)
    cards = page.gallery_view.cards
    assert len(cards) >= 3
    # The timeline lists every state so far with its time.
    assert [t.split(" | ")[0] for t in page.timeline.texts()][-1] == "● Bids ready"
    assert page.actions_panel.deadline_label.text().startswith("Time to decide: 2")  # a day
    # Previews arrive: the SVG as an image, the Markdown as text, the CSV as a table.
    details = page.gallery_view.details
    assert details.bid is cards[0].bid  # the first bid's details are shown below the rows
    qtbot.waitUntil(lambda: all(p.content is not None for p in details.previews), timeout=10_000)

    # Tick two bids and compare them side by side.
    assert not page.gallery_view.compare_button.isEnabled()
    click(qtbot, cards[0].compare_box)
    click(qtbot, cards[1].compare_box)
    click(qtbot, page.gallery_view.compare_button)
    compared = page.gallery_view.comparison.comparison
    assert page.gallery_view.comparison.isVisible()
    assert compared.columnCount() == 2
    assert compared.row_texts("Price") == [
        cards[0].price_label.text(),
        cards[1].price_label.text(),
    ]

    # Select the first one: the confirmation names its price.
    chosen = cards[0].bid
    price = f"${chosen.bid_price_usd:,.2f}"
    click(qtbot, cards[0].select_button)
    assert price in answers.asked[-1].text
    qtbot.waitUntil(lambda: shown(page).status == Status.DELIVERING, timeout=10_000)
    assert shown(page).selected_price_usd == chosen.bid_price_usd

    # The delivery arrives; it can be saved.
    desktop.sandbox.server.advance(DELIVERING)
    poll_until(qtbot, desktop, page, Status.AWAITING_APPROVAL)
    delivery = page.delivery_view
    qtbot.waitUntil(lambda: delivery.files.rowCount() == 4, timeout=10_000)
    answers.folder = tmp_path / "saved"
    answers.folder.mkdir()
    click(qtbot, delivery.save_all_button)
    qtbot.waitUntil(lambda: "Saved" in delivery.save_status.text(), timeout=10_000)
    assert sorted(p.name for p in answers.folder.iterdir()) == [
        "data.csv",
        "final.md",
        "final.svg",
        "report.pdf",
    ]
    assert answers.folders_offered[-1] == desktop.paths.downloads_dir  # the picker starts there

    # A revision needs feedback: the button waits for it.
    panel = page.actions_panel
    revise = panel.buttons[Action.REQUEST_REVISION]
    assert not revise.isEnabled()
    assert panel.notes[Action.REQUEST_REVISION].isVisible()
    qtbot.keyClicks(panel.texts[Action.REQUEST_REVISION], "Shorter intro, please.")
    assert not panel.notes[Action.REQUEST_REVISION].isVisible()
    click(qtbot, revise)
    qtbot.waitUntil(lambda: shown(page).status == Status.REVISION_REQUESTED, timeout=10_000)
    desktop.sandbox.server.advance(REVISING)
    poll_until(qtbot, desktop, page, Status.AWAITING_APPROVAL)
    qtbot.waitUntil(lambda: "Revision 1" in delivery.heading.text(), timeout=10_000)
    # What was asked for is shown again with the revision it led to.
    assert delivery.revisions_label.text() == (
        "Revisions asked for so far: 1. You can ask for 2 more."
    )
    assert delivery.history_label.isVisible()
    assert delivery.history_label.text() == (
        "What you asked for earlier:\nRevision 1: “Shorter intro, please.”"
    )

    # Approve: the confirmation says it pays the chosen price now; the balance is charged.
    before = connected(desktop).balance().balance_usd
    click(qtbot, page.actions_panel.buttons[Action.APPROVE])
    text = answers.asked[-1].text
    assert price in text and "now" in text
    qtbot.waitUntil(lambda: shown(page).status == Status.COMPLETED, timeout=10_000)
    after = connected(desktop).balance()
    assert chosen.bid_price_usd is not None
    assert after.balance_usd == pytest.approx(before - chosen.bid_price_usd)
    qtbot.waitUntil(lambda: desktop.balance_label.text() == balance_text(after), timeout=10_000)
    assert page.state_label.text() == "Completed"
    assert not page.actions_panel.buttons
    assert task_id == shown(page).id


def test_dispute_needs_a_reason(
    desktop: Desktop, page: TaskPage, answers: Answers, qtbot: QtBot
) -> None:
    open_in_review(desktop, qtbot, page)
    click(qtbot, page.gallery_view.cards[0].select_button)
    qtbot.waitUntil(lambda: shown(page).status == Status.DELIVERING, timeout=10_000)
    desktop.sandbox.server.advance(DELIVERING)
    poll_until(qtbot, desktop, page, Status.AWAITING_APPROVAL)
    dispute = page.actions_panel.buttons[Action.DISPUTE]
    assert not dispute.isEnabled()
    qtbot.keyClicks(page.actions_panel.texts[Action.DISPUTE], "   ")
    assert not dispute.isEnabled()
    qtbot.keyClicks(page.actions_panel.texts[Action.DISPUTE], "It is about coffee, not tea.")
    click(qtbot, dispute)
    assert "No money moves" in answers.asked[-1].text
    qtbot.waitUntil(lambda: shown(page).status == Status.DISPUTED, timeout=10_000)
    # The reason given is shown again with the delivery.
    history = page.delivery_view.history_label
    qtbot.waitUntil(lambda: "Your reason for the dispute" in history.text(), timeout=10_000)
    assert history.text().endswith("“It is about coffee, not tea.”") and history.isVisible()
    assert page.state_label.text() == "Disputed"


def test_cancel_says_what_is_released(
    platform_credit: None, desktop: Desktop, page: TaskPage, answers: Answers, qtbot: QtBot
) -> None:
    open_in_review(desktop, qtbot, page, budget_usd=6)
    answers.confirm_answer = False
    click(qtbot, page.actions_panel.buttons[Action.CANCEL])
    asked = answers.asked[-1]
    assert "$6.00 held for it is released; nothing is charged" in asked.text
    # The buttons say what they do: never "Cancel task" beside "Cancel".
    assert (asked.title, asked.yes, asked.no) == (
        "Cancel this task?",
        "Cancel the task",
        "Keep the task",
    )
    assert shown(page).status == Status.REVIEW  # said no: nothing happened
    answers.confirm_answer = True
    click(qtbot, page.actions_panel.buttons[Action.CANCEL])
    qtbot.waitUntil(lambda: shown(page).status == Status.CANCELLED, timeout=10_000)
    qtbot.waitUntil(lambda: held(desktop) == 0, timeout=10_000)
    assert desktop.balance_label.text() == "Can spend now: $10.00"


def test_remix_shows_the_fee_and_extend_counts_down(
    desktop: Desktop, page: TaskPage, answers: Answers, qtbot: QtBot
) -> None:
    open_in_review(desktop, qtbot, page)
    panel = page.actions_panel
    qtbot.waitUntil(lambda: "left" in panel.buttons[Action.EXTEND_REVIEW].text())
    assert panel.buttons[Action.EXTEND_REVIEW].text() == "Extend review (2 left)"
    click(qtbot, panel.buttons[Action.EXTEND_REVIEW])
    qtbot.waitUntil(
        lambda: (
            page.actions_panel.buttons.get(Action.EXTEND_REVIEW) is not None
            and page.actions_panel.buttons[Action.EXTEND_REVIEW].text() == "Extend review (1 left)"
        ),
        timeout=10_000,
    )
    first_agents = {c.bid.agent_id for c in page.gallery_view.cards}
    assert page.actions_panel.buttons[Action.REMIX].text() == "Remix for $1.00…"
    click(qtbot, page.actions_panel.buttons[Action.REMIX])
    asked = answers.asked[-1]
    n_shown = len(first_agents)
    assert "$1.00" in asked.text
    assert f"The {n_shown} bids shown now are declined at once" in asked.text
    assert "none of them can be chosen later" in asked.text
    assert (asked.yes, asked.no) == ("Remix for $1.00", "Keep these bids")
    qtbot.waitUntil(lambda: shown(page).status == Status.MATCHING, timeout=10_000)
    desktop.sandbox.server.advance(TO_REVIEW)
    with qtbot.waitSignal(page.gallery_loaded, timeout=10_000):
        poll_until(qtbot, desktop, page, Status.REVIEW)
    agents = {c.bid.agent_id for c in page.gallery_view.cards}
    assert len(agents) >= 3
    assert not first_agents & agents  # only agents not shown before


def test_expiry_is_shown_and_ends_the_choices(
    desktop: Desktop, page: TaskPage, qtbot: QtBot
) -> None:
    open_in_review(desktop, qtbot, page)
    desktop.sandbox.server.advance(DAY + 60)
    refresh(qtbot, page, Status.EXPIRED)
    assert page.state_label.text() == "Expired"
    assert "No money was taken" in page.explain_label.text()
    assert not page.actions_panel.buttons
    assert page.actions_panel.none_label.isVisible()


def test_remix_without_credit_says_what_can_be_spent_now(
    desktop: Desktop, page: TaskPage, answers: Answers, qtbot: QtBot
) -> None:
    """The message and the status bar say one figure: the balance minus what is held."""
    open_in_review(desktop, qtbot, page, budget_usd=10)
    spend_all(connected(desktop))  # every dollar now held for tasks
    click(qtbot, page.actions_panel.buttons[Action.REMIX])
    qtbot.waitUntil(lambda: bool(answers.errors), timeout=10_000)
    title, text, _offer = answers.errors[-1]
    assert title == "Remix did not go through"
    now = connected(desktop).balance()
    assert now.available_usd == 0 and now.held_usd == now.balance_usd
    balance = f"${now.balance_usd:,.2f}"
    assert text == (
        f"Not enough credit. This needs $1.00, and you can spend $0.00 now: your balance is "
        f"{balance}, and {balance} of it is held for tasks in progress. "
        "Top up your credits, then try again."
    )
    assert page.error_label.isVisible() and page.error_label.text() == text
    assert (
        desktop.balance_label.text() == f"Can spend now: $0.00 (balance {balance}, {balance} held)"
    )
    assert shown(page).status == Status.REVIEW
