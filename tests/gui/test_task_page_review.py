"""A task in review in the whole app, on its embedded sandbox: named as the catalog names it in
the list, its search and on its page; its countdown worded alike in both; and a bid chosen
from the comparison, through the same confirmation as a card's Select."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.ui.task_page.page import TaskPage
from aitasker_desktop.ui.tasks.model import Column
from tests.gui.task_page_helpers import Answers, click, open_from_list, poll_until
from tests.sample_brief import TO_REVIEW, post


def shown_ids(desktop: Desktop) -> list[str]:
    model = desktop.tasks_place.model
    return [str(model.task_id_at(r)) for r in range(model.rowCount())]


def to_review(qtbot: QtBot, desktop: Desktop, page: TaskPage) -> None:
    desktop.sandbox.server.advance(TO_REVIEW)
    with qtbot.waitSignal(page.gallery_loaded, timeout=10_000):
        poll_until(qtbot, desktop, page, Status.REVIEW)


def test_catalog_names_and_countdowns_read_alike_in_list_and_page(
    qtbot: QtBot, desktop: Desktop
) -> None:
    qtbot.waitUntil(lambda: desktop.catalog.catalog is not None, timeout=10_000)
    # The sandbox's balance holds both at their lowest budgets.
    mine = post(desktop.connection.client, title="Green tea for office workers", budget_usd=5)
    other = post(
        desktop.connection.client,
        title="Acme logo",
        category="graphics-design",
        task_type="social-graphics",
        description="Three social images for Acme, a bakery, announcing its new logo.",
        requirements={},
        budget_usd=5,
    )
    page = open_from_list(qtbot, desktop, mine.id)
    place = desktop.tasks_place
    qtbot.waitUntil(lambda: place.model.row_of(other.id) >= 0, timeout=10_000)
    row = place.model.row_of(mine.id)
    assert place.model.index(row, Column.KIND).data() == "Writing & Translation · Blog post"
    assert page.meta_label.text().startswith("Writing & Translation · Blog post · budget $5.00")

    # The search finds it by the catalog's name and by the slug.
    qtbot.keyClick(place, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is place.search
    qtbot.keyClicks(place.search, "Writing & Trans")
    assert shown_ids(desktop) == [mine.id]
    qtbot.keyClick(place.search, Qt.Key.Key_Escape)
    qtbot.keyClicks(place.search, "social-graphics")
    assert shown_ids(desktop) == [other.id]
    qtbot.keyClick(place.search, Qt.Key.Key_Escape)
    assert sorted(shown_ids(desktop)) == sorted([mine.id, other.id])

    # In review: the list's 'next step' and the page's time to decide say the same.
    to_review(qtbot, desktop, page)

    def cell() -> str:
        return str(place.model.index(place.model.row_of(mine.id), Column.NEXT).data())

    # A day from the sandbox's clock, which the advance put a few minutes ahead of ours.
    assert re.fullmatch(r"Choose a bid · 2[34] h \d+ min left", cell()), cell()
    label = page.actions_panel.deadline_label
    # Both are re-read as time passes (the page every second): they meet within one tick.
    qtbot.waitUntil(
        lambda: label.text() == f"Time to decide: {cell().split(' · ')[1]}.", timeout=3000
    )


def test_select_from_the_comparison_asks_with_the_price(qtbot: QtBot, desktop: Desktop) -> None:
    answers = Answers()
    page: TaskPage = desktop.task_page
    page.prompts = answers.prompts()
    task = post(desktop.connection.client)
    open_from_list(qtbot, desktop, task.id)
    to_review(qtbot, desktop, page)
    cards = page.gallery_view.cards
    assert len(cards) >= 3
    click(qtbot, cards[0].compare_box)
    click(qtbot, cards[2].compare_box)
    click(qtbot, page.gallery_view.compare_button)
    comparison = page.gallery_view.comparison
    assert comparison.isVisible()
    buttons = comparison.select_buttons
    # A button under each compared bid, reading as the card's does.
    assert [b.text() for b in buttons] == [
        cards[0].select_button.text(),
        cards[2].select_button.text(),
    ]
    assert all(b.isVisible() and b.accessibleName() == b.text() for b in buttons)

    # Declining the question selects nothing.
    chosen = cards[2].bid
    price = f"${chosen.bid_price_usd:,.2f}"
    answers.confirm_answer = False
    click(qtbot, buttons[1])
    title, text, yes, _no = answers.asked[-1]
    assert title == "Select this bid" and price in text and yes == f"Select for {price}"
    client = desktop.connection.client
    assert client is not None
    assert client.get_task(task.id).status == Status.REVIEW

    # From the keyboard: Tab from the table reaches the first button; Tab again the second.
    comparison.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(comparison, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is buttons[0]
    qtbot.keyClick(buttons[0], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is buttons[1]
    answers.confirm_answer = True
    qtbot.keyClick(buttons[1], Qt.Key.Key_Space)
    assert price in answers.asked[-1][1] and len(answers.asked) == 2
    qtbot.waitUntil(lambda: page.task is not None and page.task.status == Status.DELIVERING)
    assert page.task is not None and page.task.selected_price_usd == chosen.bid_price_usd
    assert client.get_task(task.id).selected_bid_id == chosen.id
