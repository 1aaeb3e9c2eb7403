"""Screenshots of a task's page, light and dark: a task in review with its gallery and a
comparison, and a delivery under review. Saved under $AITASKER_SCREENS (else a temp folder)
to be looked at."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.lifecycle import Action, Status
from aitasker_desktop.ui.task_page.page import TaskPage
from aitasker_desktop.ui.theme import apply_theme
from tests.gui.task_page_helpers import Answers, click, open_from_list, poll_until
from tests.sample_brief import DELIVERING, TO_REVIEW, post
from tests.screens import save_screen, screens_dir

SCREENS = screens_dir("task_page")


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_screens(desktop: Desktop, qtbot: QtBot, mode: str) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    SCREENS.mkdir(parents=True, exist_ok=True)
    apply_theme(app, mode)
    try:
        window = desktop.window
        window.resize(1440, 900)
        page: TaskPage = desktop.task_page
        page.prompts = Answers().prompts()
        task = post(
            desktop.connection.client,
            title="Launch post: <b>Green tea</b> for busy office workers",
        )
        open_from_list(qtbot, desktop, task.id)
        desktop.sandbox.server.advance(TO_REVIEW)
        with qtbot.waitSignal(page.gallery_loaded, timeout=10_000):
            poll_until(qtbot, desktop, page, Status.REVIEW)
        cards = page.gallery_view.cards
        qtbot.waitUntil(
            lambda: all(p.content is not None for c in cards for p in c.previews),
            timeout=10_000,
        )
        save_screen(window, SCREENS / f"review_gallery_{mode}.png", texts=["Green tea", "Compare"])
        click(qtbot, cards[0].compare_box)
        click(qtbot, cards[1].compare_box)
        click(qtbot, cards[2].compare_box)
        click(qtbot, page.gallery_view.compare_button)
        qtbot.wait(50)
        save_screen(window, SCREENS / f"review_compare_{mode}.png", texts=["Green tea"])
        assert page.gallery_view.comparison.isVisible()

        click(qtbot, cards[0].select_button)
        qtbot.waitUntil(
            lambda: page.task is not None and page.task.status == Status.DELIVERING,
            timeout=10_000,
        )
        desktop.sandbox.server.advance(DELIVERING)
        with qtbot.waitSignal(page.delivery_loaded, timeout=10_000):
            poll_until(qtbot, desktop, page, Status.AWAITING_APPROVAL)
        preview = page.delivery_view.current_preview()
        assert preview is not None
        qtbot.waitUntil(lambda: preview.content is not None, timeout=10_000)
        qtbot.keyClicks(
            page.actions_panel.texts[Action.REQUEST_REVISION], "Make the intro shorter."
        )
        save_screen(window, SCREENS / f"delivery_{mode}.png", texts=["Green tea"])
        page.delivery_view.table.selectRow(1)  # the image
        image = page.delivery_view.current_preview()
        assert image is not None and image.kind == "svg"
        qtbot.waitUntil(lambda: image.content is not None, timeout=10_000)
        save_screen(window, SCREENS / f"delivery_image_{mode}.png", texts=["Green tea"])
    finally:
        apply_theme(app, "light")
