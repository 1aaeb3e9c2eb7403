"""A task's page at 1280x800, light and dark, driven as a person does against the app's own
sandbox: a gallery of five bids (every row's price, score and Select in sight), sorted by
price, three bids compared, an artifact full size, the questions before cancelling,
remixing and selecting, and a delivery's PDF previewed. Screenshots are saved under
$AITASKER_SCREENS (else a temp folder), to be looked at."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.lifecycle import Action, Status
from aitasker_desktop.domain.task import Task
from aitasker_desktop.ui.task_page.page import TaskPage
from aitasker_desktop.ui.task_page.pdf_view import PdfPagesView
from aitasker_desktop.ui.theme import apply_theme
from tests.gui.task_page_helpers import (
    SANDBOX_TOP_UP,
    click,
    client_of,
    on_next_dialog,
    open_from_list,
    poll_until,
    press,
    sandbox_of,
)
from tests.sample_brief import DELIVERING, TO_REVIEW, post
from tests.screens import save_screen, screens_dir

SCREENS = screens_dir("task_page")


def task_with_five_bids(desktop: Desktop, batches: int = 6) -> Task:
    """The sandbox makes 3 to 5 bids per task: post a few until one has five."""
    client = client_of(desktop)
    client.top_up(SANDBOX_TOP_UP, 200)  # enough for every batch, whatever it starts
    for _ in range(batches):
        tasks = [post(client, title=f"Green tea post {n}", budget_usd=8) for n in range(6)]
        desktop.sandbox.server.advance(TO_REVIEW)
        for task in tasks:
            if len(client.bids(task.id).presented_bids) == 5:
                return task
    raise AssertionError("no task got five bids")


def in_sight(widget: QWidget, window: QWidget) -> bool:
    """Wholly visible: inside the window and not cut by any scroll area around it."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    region = widget.visibleRegion()
    return (
        window.rect().contains(rect)
        and not region.isEmpty()
        and region.boundingRect() == widget.rect()
    )


def grab(widget: QWidget, name: str, mode: str) -> None:
    """Saved, and checked: nothing on it is cut off."""
    save_screen(widget, SCREENS / f"{name}_{mode}.png")


def answer(qtbot: QtBot, page: TaskPage, name: str, mode: str, button: str) -> list[Any]:
    """The next question, screenshotted, its text and buttons recorded, then answered."""
    seen: list[Any] = []

    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append((dialog.text(), [b.text() for b in dialog.buttons()]))
        grab(dialog, name, mode)
        press(dialog, button)

    on_next_dialog(qtbot, handle)
    return seen


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_screens(desktop: Desktop, qtbot: QtBot, mode: str) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, mode)
    try:
        window = desktop.window
        window.resize(1280, 800)
        page: TaskPage = desktop.task_page
        task = task_with_five_bids(desktop)
        with qtbot.waitSignal(page.gallery_loaded, timeout=10_000):
            open_from_list(qtbot, desktop, task.id)
        gallery = page.gallery_view
        cards = gallery.cards
        assert len(cards) == 5
        parts = [(c, p) for c in cards for p in (c.price_label, c.score_label, c.select_button)]
        # No scrolling needed for any of them (waiting only for the layout to settle).
        qtbot.waitUntil(lambda: all(in_sight(p, window) for _c, p in parts), timeout=5000)
        for card in cards:
            assert card.score_label.text().startswith("Judge's score ")
            assert card.score_label.text().endswith(" / 100")
        details = gallery.details
        qtbot.waitUntil(
            lambda: all(p.content is not None for p in details.previews), timeout=10_000
        )
        grab(window, "gallery", mode)

        # Sort by price, from the sort box's list, as a person picks it.
        qtbot.mouseClick(gallery.sort_box, Qt.MouseButton.LeftButton)
        view = gallery.sort_box.view()
        qtbot.waitUntil(view.isVisible)
        qtbot.keyClick(view, Qt.Key.Key_Down)
        qtbot.keyClick(view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not view.isVisible())
        prices = [c.bid.bid_price_usd or 0 for c in gallery.cards]
        assert prices == sorted(prices) and gallery.sort_box.currentText().startswith("Price")
        # On screen in that order, once laid out.
        qtbot.waitUntil(lambda: [c.y() for c in gallery.cards] == sorted(c.y() for c in cards))

        # Three compared, with a preview of what each made and the whole summary.
        for card in gallery.cards[:3]:
            click(qtbot, card.compare_box)
        click(qtbot, gallery.compare_button)
        comparison = gallery.comparison
        assert comparison.isVisible()
        qtbot.waitUntil(
            lambda: all(p.content is not None for p in comparison.previews), timeout=10_000
        )
        assert len(comparison.previews) == 3  # each compared bid made an image
        qtbot.waitUntil(
            lambda: all(
                p.content is not None and not p.content.visibleRegion().isEmpty()
                for p in comparison.previews
            )
        )
        summary = comparison.comparison.row_texts("Summary")
        assert all(not s.endswith("…") for s in summary)
        assert summary[0] == gallery.cards[0].bid.prototype_summary
        grab(window, "comparison", mode)
        click(qtbot, gallery.close_compare_button)

        # An artifact full size, in a window of its own, with Save… beside it.
        click(qtbot, details.tiles[1].open_button)
        viewer = page.viewer
        assert viewer is not None and viewer.isVisible()
        qtbot.waitUntil(lambda: viewer.preview.content is not None, timeout=10_000)
        content = viewer.preview.content
        assert content is not None and content.width() > details.tiles[1].preview.width()
        grab(viewer, "artifact_full_size", mode)
        viewer.close()

        # The questions: each button says what it does; saying no changes nothing.
        asked = answer(qtbot, page, "cancel_question", mode, "Keep the task")
        click(qtbot, page.actions_panel.buttons[Action.CANCEL])
        assert asked and asked[0][1] == ["Cancel the task", "Keep the task"]
        asked = answer(qtbot, page, "remix_question", mode, "Keep these bids")
        click(qtbot, page.actions_panel.buttons[Action.REMIX])
        assert "The 5 bids shown now are declined at once" in asked[0][0]
        assert page.task is not None and page.task.status == Status.REVIEW

        chosen = gallery.cards[0]
        price = chosen.price_label.text()
        asked = answer(qtbot, page, "select_question", mode, f"Select for {price}")
        click(qtbot, chosen.select_button)
        assert asked[0][1] == [f"Select for {price}", "Keep comparing"]
        qtbot.waitUntil(
            lambda: page.task is not None and page.task.status == Status.DELIVERING, timeout=10_000
        )

        # The delivery: types in words, and the PDF's pages drawn.
        desktop.sandbox.server.advance(DELIVERING)
        with qtbot.waitSignal(page.delivery_loaded, timeout=10_000):
            poll_until(qtbot, desktop, page, Status.AWAITING_APPROVAL)
        delivery = page.delivery_view
        types = [delivery.files.index(r, 1).data() for r in range(delivery.files.rowCount())]
        assert types == ["Markdown document", "SVG image", "CSV table", "PDF document"]
        # Every file in sight, without scrolling the list.
        qtbot.waitUntil(
            lambda: all(
                delivery.table.viewport()
                .rect()
                .contains(delivery.table.visualRect(delivery.files.index(r, 0)))
                for r in range(delivery.files.rowCount())
            ),
            timeout=5000,
        )
        delivery.table.setFocus()
        for _ in range(3):
            qtbot.keyClick(delivery.table, Qt.Key.Key_Down)
        pdf = delivery.current_preview()
        assert pdf is not None and pdf.kind == "pdf"
        qtbot.waitUntil(lambda: isinstance(pdf.content, PdfPagesView), timeout=10_000)
        assert isinstance(pdf.content, PdfPagesView)
        assert pdf.content.summary.text() == "1 page"
        first_page = pdf.content.page_labels[0]
        assert not first_page.pixmap().isNull()
        # Drawn as wide as the room it has: no sideways scrolling.
        qtbot.waitUntil(lambda: not first_page.visibleRegion().isEmpty(), timeout=5000)
        assert first_page.width() <= pdf.content.viewport().width()
        grab(window, "delivery_pdf", mode)

        # Offline: the approval is plainly not done (nothing paid), and the page says it
        # reloads by itself once AITasker answers.
        sandbox_of(desktop).stop()
        answer(qtbot, page, "approve_question", mode, f"Approve and pay {price}")
        click(qtbot, page.actions_panel.buttons[Action.APPROVE])
        failed = answer(qtbot, page, "offline_error", mode, "Close")
        qtbot.waitUntil(lambda: bool(failed), timeout=30_000)
        assert failed[0][0].startswith("Your approval was not sent and nothing was paid")
        assert page.error_label.isVisible()
        click(qtbot, page.refresh_button)
        qtbot.waitUntil(lambda: page.content.currentWidget() is page.waiting_label, timeout=30_000)
        grab(window, "offline", mode)
    finally:
        apply_theme(app, "light")
