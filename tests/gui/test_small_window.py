"""The Tasks place and a task's page in the smallest window the app is used in (800x600),
light and dark, driven as a person does against the app's own sandbox: the filter chips and
the search field keep their words, the bids' names, prices, scores and Select buttons are
whole (a long name shortened with "…", whole in its tooltip), and the delivery's buttons
are never drawn over its file list; the Drafts place ends a long title with "…".
Screenshots go under $AITASKER_SCREENS/small_window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.ui.editor import BriefEditor
from aitasker_desktop.ui.task_page.page import TaskPage
from aitasker_desktop.ui.theme import apply_theme
from tests.gui.editor_helpers import type_text
from tests.gui.task_page_helpers import (
    Answers,
    click,
    client_of,
    open_from_list,
    poll_until,
    sandbox_of,
)
from tests.gui.tips import tip_as_read
from tests.sample_brief import DELIVERING, TO_REVIEW, post
from tests.screens import overlapping, save_screen, screens_dir

SCREENS = screens_dir("small_window")
LONG_NAME = "Northwind Studio of Extremely Careful Long-Form Writing"


@pytest.fixture(params=["light", "dark"])
def mode(request: pytest.FixtureRequest) -> Iterator[str]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, request.param)
    yield request.param
    apply_theme(app, "light")


def look(widget: QWidget, name: str, *texts: str) -> None:
    """Saved and checked: every text whole, and nothing drawn over anything."""
    save_screen(widget, SCREENS / f"{name}.png", texts=texts)
    assert overlapping(widget) == [], name


def test_the_task_list_keeps_its_words(desktop: Desktop, qtbot: QtBot, mode: str) -> None:
    client = client_of(desktop)
    for n in range(3):
        post(client, title=f"Green tea post {n}")
    desktop.window.resize(800, 600)
    desktop.window.show_place("tasks")
    place = desktop.tasks_place
    desktop.tracker.poll_now()
    qtbot.waitUntil(lambda: place.model.total == 3, timeout=10_000)
    look(desktop.window, f"list_{mode}", "All (3)", "Needs you (0)", "In progress (3)")
    search = place.search
    words = search.fontMetrics().horizontalAdvance("Search title, category")
    assert search.width() > words  # not "S…"
    assert overlapping(place.filter_bar) == []


def test_a_task_page_is_whole_in_a_small_window(desktop: Desktop, qtbot: QtBot, mode: str) -> None:
    window = desktop.window
    window.resize(800, 600)
    task = post(client_of(desktop), budget_usd=8)
    page: TaskPage = open_from_list(qtbot, desktop, task.id)
    page.prompts = Answers().prompts()
    desktop.sandbox.server.advance(TO_REVIEW)
    # One agent with a name longer than a row has room for.
    runtime = sandbox_of(desktop).runtime
    assert runtime is not None
    bid = runtime.store.bids(task.id)[0]
    runtime.store.save_bid({**bid, "agent_name": LONG_NAME})
    with qtbot.waitSignal(page.gallery_loaded, timeout=10_000):
        poll_until(qtbot, desktop, page, Status.REVIEW)
    gallery = page.gallery_view
    look(window, f"gallery_{mode}", "Judge's score", "Select for $")
    long = gallery.card_for(bid["id"])
    assert long is not None
    shown = long.agent_label.text()
    assert shown.endswith("…") and LONG_NAME.startswith(shown[:-1])
    assert tip_as_read(long.agent_label.toolTip()) == LONG_NAME
    for card in gallery.cards:
        assert overlapping(card) == []

    for card in gallery.cards[:2]:
        click(qtbot, card.compare_box)
    click(qtbot, gallery.compare_button)
    # Below the rows, brought into sight.
    qtbot.waitUntil(lambda: not gallery.comparison.visibleRegion().isEmpty())
    look(window, f"comparison_{mode}", "Close comparison")
    click(qtbot, gallery.close_compare_button)

    click(qtbot, gallery.cards[0].select_button)
    qtbot.waitUntil(
        lambda: page.task is not None and page.task.status == Status.DELIVERING, timeout=10_000
    )
    desktop.sandbox.server.advance(DELIVERING)
    with qtbot.waitSignal(page.delivery_loaded, timeout=10_000):
        poll_until(qtbot, desktop, page, Status.AWAITING_APPROVAL)
    delivery = page.delivery_view
    look(window, f"delivery_{mode}", "Open", "Save…", "Save all…")
    # Two files at least in sight in the list, none hidden under the buttons.
    table = delivery.table
    in_sight = [
        r
        for r in range(delivery.files.rowCount())
        if table.viewport().rect().contains(table.visualRect(delivery.files.index(r, 0)))
    ]
    assert len(in_sight) >= 2
    assert overlapping(delivery) == []


def test_drafts_end_a_long_title_with_an_ellipsis(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot, mode: str
) -> None:
    title = (
        "Spring menu for the café on Station Road, with prices, allergens, opening hours"
        " and a note about the Sunday brunch"
    )
    desktop.window.resize(800, 600)
    type_text(editor.title_edit, title)
    qtbot.waitUntil(lambda: not desktop.drafts.has_unsaved)
    desktop.window.show_place("drafts")
    page = desktop.drafts_page
    qtbot.waitUntil(lambda: page.preview_title.full_text() == title)
    look(desktop.window, f"drafts_{mode}", "Drafts", "Open")
    shown = page.preview_title.text()
    assert shown.endswith("…") and title.startswith(shown[:-1])
    assert tip_as_read(page.preview_title.toolTip()) == title
