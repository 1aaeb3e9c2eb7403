"""Helpers for the task page's GUI tests: answering prompts, clicking, following the tracker.

Posting a task and the sandbox's stage times are in tests/sample_brief.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services.client_api import ClientApi
from aitasker_desktop.ui.task_page.dialogs import Prompts
from aitasker_desktop.ui.task_page.page import TaskPage
from aitasker_desktop.ui.task_page.questions import Question


@dataclass
class Answers:
    """Stands in for the modal questions; records what the user was asked."""

    confirm_answer: bool = True
    folder: Path | None = None
    top_up_chosen: bool = False  # the answer to an error that offers "Top up credits…"
    top_up_amount: float | None = None
    asked: list[Question] = field(default_factory=list)
    folders_offered: list[Path] = field(default_factory=list)  # where each picker started
    errors: list[tuple[str, str, bool]] = field(default_factory=list)  # title, text, offer
    top_ups: list[tuple[float | None, float]] = field(default_factory=list)

    def confirm(self, _parent: QWidget, question: Question) -> bool:
        self.asked.append(question)
        return self.confirm_answer

    def pick_folder(self, _parent: QWidget, _title: str, start: Path) -> Path | None:
        self.folders_offered.append(start)
        return self.folder

    def report_error(self, _parent: QWidget, title: str, text: str, offer: bool) -> bool:
        self.errors.append((title, text, offer))
        return offer and self.top_up_chosen

    def ask_top_up(self, _parent: QWidget, can: float | None, suggested: float) -> float | None:
        self.top_ups.append((can, suggested))
        return self.top_up_amount

    def prompts(self) -> Prompts:
        return Prompts(self.confirm, self.pick_folder, self.report_error, self.ask_top_up)


def click(qtbot: QtBot, widget: QWidget) -> None:
    """Click like a person: scroll it into view first (a click goes to what is on screen)."""
    assert widget.isEnabled(), f"{widget.accessibleName()} is disabled"
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget)
        parent = parent.parentWidget()
    if widget.isVisible():
        qtbot.waitUntil(lambda: not widget.visibleRegion().isEmpty(), timeout=2000)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def refresh(qtbot: QtBot, page: TaskPage, status: str, tries: int = 5) -> None:
    """Press Refresh until the page shows `status` (the tracker does this when it runs)."""
    for _ in range(tries):
        if page.task is not None and page.task.status == status:
            return
        with qtbot.waitSignal(page.task_updated, timeout=10_000):
            click(qtbot, page.refresh_button)
    assert page.task is not None and page.task.status == status


def poll_until(qtbot: QtBot, desktop: Any, page: TaskPage, status: str) -> None:
    """Ask the tracker to poll now and wait until the page shows `status` (it would poll by
    itself, later)."""
    desktop.tracker.poll_now()
    qtbot.waitUntil(lambda: page.task is not None and page.task.status == status, timeout=10_000)


def open_from_list(qtbot: QtBot, desktop: Any, task_id: str) -> TaskPage:
    """Go to Tasks, wait for the row, click it: the task's page opens beside the list."""
    desktop.window.show_place("tasks")
    place = desktop.tasks_place
    desktop.tracker.poll_now()
    qtbot.waitUntil(lambda: place.model.row_of(task_id) >= 0, timeout=10_000)
    index = place.model.index(place.model.row_of(task_id), 0)
    assert index.isValid()
    place.table.scrollTo(index)
    rect = place.table.visualRect(index)
    qtbot.mouseClick(place.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page: TaskPage = desktop.task_page
    qtbot.waitUntil(lambda: page.isVisible() and page.task is not None and page.task.id == task_id)
    return page


SANDBOX_TOP_UP = "/sandbox/credits/top-up"  # the sandbox's own control, not AITasker's API


def client_of(desktop: Desktop) -> ClientApi:
    """The app's client (every test here runs connected)."""
    client = desktop.connection.client
    assert client is not None
    return client


def sandbox_of(desktop: Desktop) -> EmbeddedSandbox:
    """The app's sandbox server: the real one on loopback, in this process (tests/gui/
    desktop_helpers.py), which a test may stop and start again on the same port."""
    server = desktop.sandbox.server
    assert isinstance(server, EmbeddedSandbox)
    return server


def spend_all(client: ClientApi, most: float = 150.0) -> None:
    """Post tasks until every dollar of credit is held, whatever the sandbox starts with
    (each budget within a blog post's range)."""
    from tests.sample_brief import post

    least = 5.0  # a blog post's lowest budget in the sandbox's catalog
    while (left := client.balance().available_usd) > 0:
        if left < least:  # too little to post: add pretend credit up to one more post
            client.top_up(SANDBOX_TOP_UP, round(least - left, 2))
            left = least
        post(client, title="Holding credit", budget_usd=round(min(left, most), 2))


def on_next_dialog(
    qtbot: QtBot, handle: Callable[[QWidget], None], *, tries: int = 3000
) -> list[QWidget]:
    """Answer the next modal dialog as a person would, while its exec() runs: `handle` gets
    it once it is on screen (to read, grab and click). Returns the dialogs handled."""
    handled: list[QWidget] = []

    def look(left: int) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible():
            handled.append(dialog)
            try:
                handle(dialog)
            finally:
                # A handler that failed must not leave exec() waiting for ever.
                if dialog.isVisible() and hasattr(dialog, "reject"):
                    dialog.reject()
        elif left > 0:
            QTimer.singleShot(10, lambda: look(left - 1))

    QTimer.singleShot(0, lambda: look(tries))
    return handled


def press(dialog: QWidget, text: str) -> None:
    """Click the dialog's button that reads `text`."""
    buttons = [b for b in dialog.findChildren(QAbstractButton) if b.text() == text]
    assert buttons, (
        f"no button {text!r} in {[b.text() for b in dialog.findChildren(QAbstractButton)]}"
    )
    buttons[0].click()
