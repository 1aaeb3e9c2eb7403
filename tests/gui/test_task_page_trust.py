"""Where trust is at stake, on the app's own sandbox, driven as a person does: a hostile
agent name cannot reorder the Select question; offline, a decision is plainly not done and
never done later by itself, and the page recovers when the sandbox is back; what a save says
stays with its task; a delivered file opens with the system's app, never a folder picker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.lifecycle import Action, Status
from aitasker_desktop.domain.task import Task
from aitasker_desktop.ui.task_page.dialogs import Prompts
from aitasker_desktop.ui.task_page.page import TaskPage
from tests.gui.task_page_helpers import (
    SANDBOX_TOP_UP,
    Answers,
    click,
    client_of,
    on_next_dialog,
    open_from_list,
    poll_until,
    press,
    sandbox_of,
)
from tests.sample_brief import DELIVERING, TO_REVIEW, post

RLO = "\u202e"


class Opened(QObject):
    """Stands in for the system's handler of file:// and https:// links (what would open)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened() -> Iterator[Opened]:
    handler = Opened()
    for scheme in ("file", "https", "http"):
        QDesktopServices.setUrlHandler(scheme, handler, "open")  # type: ignore[arg-type]  # stubs say bytes; it takes str
    yield handler
    for scheme in ("file", "https", "http"):
        QDesktopServices.unsetUrlHandler(scheme)


def in_review(desktop: Desktop, qtbot: QtBot, **overrides: object) -> tuple[Task, TaskPage]:
    task = post(client_of(desktop), **overrides)
    page = open_from_list(qtbot, desktop, task.id)
    desktop.sandbox.server.advance(TO_REVIEW)
    with qtbot.waitSignal(page.gallery_loaded, timeout=10_000):
        poll_until(qtbot, desktop, page, Status.REVIEW)
    return task, page


def test_a_right_to_left_override_in_an_agent_name_cannot_reorder_the_question(
    desktop: Desktop, qtbot: QtBot
) -> None:
    desktop.window.resize(1280, 800)
    task = post(client_of(desktop))
    open_from_list(qtbot, desktop, task.id)
    desktop.sandbox.server.advance(TO_REVIEW)
    # A hostile agent's name, as the sandbox's store hands it out: the override would show
    # "Evil Co $123,456.78" reversed ("87.654,321$ oC livE") in every dialog that names it.
    runtime = sandbox_of(desktop).runtime
    assert runtime is not None
    store = runtime.store
    bid = store.bids(task.id)[0]
    store.save_bid({**bid, "agent_name": f"Evil Co {RLO}$123,456.78", "bid_price_usd": 6.5})
    page: TaskPage = desktop.task_page
    with qtbot.waitSignal(page.gallery_loaded, timeout=10_000):
        poll_until(qtbot, desktop, page, Status.REVIEW)
    card = page.gallery_view.card_for(bid["id"])
    assert card is not None
    assert card.agent_label.text() == "Evil Co $123,456.78"  # in the list of bids too
    seen: list[tuple[str, str, list[str]]] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append((dialog.windowTitle(), dialog.text(), [b.text() for b in dialog.buttons()]))
        press(dialog, "Keep comparing")

    on_next_dialog(qtbot, read)
    assert isinstance(page.prompts, Prompts)  # the app's own questions, not a test's
    click(qtbot, card.select_button)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    title, text, buttons = seen[0]
    assert title == "Select this bid"
    assert text.startswith("Choose the bid from Evil Co $123,456.78 at $6.50?")
    assert not any(ch in text for ch in (RLO, "\u202d", "\u2066", "\u2067", "\u2068"))
    assert buttons == ["Select for $6.50", "Keep comparing"]
    assert client_of(desktop).get_task(task.id).status == Status.REVIEW


def test_offline_a_decision_is_not_done_and_the_page_recovers_by_itself(
    desktop: Desktop, qtbot: QtBot
) -> None:
    answers = Answers()
    task, page = in_review(desktop, qtbot)
    page.prompts = answers.prompts()
    panel = page.actions_panel
    assert panel.buttons[Action.REMIX].isEnabled()
    chosen = page.gallery_view.cards[0]

    sandbox = sandbox_of(desktop)
    sandbox.stop()  # AITasker cannot be reached
    click(qtbot, chosen.select_button)
    qtbot.waitUntil(lambda: bool(answers.errors), timeout=15_000)
    title, text, offer = answers.errors[-1]
    assert title == "Select a bid did not go through" and not offer
    assert text.startswith("Your choice of bid was not sent: the app could not reach AITasker")
    assert "It will not be sent later by itself" in text
    assert "keep trying" not in text
    assert page.error_label.isVisible() and page.error_label.text() == text

    # A refresh while offline: the bids cannot load, and Remix and Extend wait for them.
    click(qtbot, page.refresh_button)
    qtbot.waitUntil(lambda: page.content.currentWidget() is page.waiting_label, timeout=15_000)
    assert "loads by itself as soon as AITasker answers" in page.waiting_label.text()

    sandbox.start()  # back, on the same port, with what it knew
    # Nobody presses Refresh: the tracker's next poll finds AITasker again, and the page
    # leaves its error, reloads the bids and offers Remix and Extend again.
    with qtbot.waitSignal(page.gallery_loaded, timeout=30_000):
        pass
    assert not page.error_label.isVisible()
    assert page.content.currentWidget() is page.gallery_view
    qtbot.waitUntil(lambda: page.actions_panel.buttons[Action.REMIX].isEnabled())
    assert page.actions_panel.buttons[Action.EXTEND_REVIEW].isEnabled()
    # What was not sent stays not done: the task is still waiting for a choice.
    desktop.tracker.poll_now()
    assert client_of(desktop).get_task(task.id).status == Status.REVIEW
    assert page.task is not None and page.task.status == Status.REVIEW


def delivered(desktop: Desktop, qtbot: QtBot, page: TaskPage, title: str) -> Task:
    client = client_of(desktop)
    client.top_up(SANDBOX_TOP_UP, 20)
    task, _page = in_review(desktop, qtbot, title=title)
    click(qtbot, page.gallery_view.cards[0].select_button)
    qtbot.waitUntil(
        lambda: page.task is not None and page.task.status == Status.DELIVERING, timeout=10_000
    )
    desktop.sandbox.server.advance(DELIVERING)
    with qtbot.waitSignal(page.delivery_loaded, timeout=10_000):
        poll_until(qtbot, desktop, page, Status.AWAITING_APPROVAL)
    return task


def test_what_a_save_says_stays_with_its_task(
    desktop: Desktop, qtbot: QtBot, tmp_path: Path, opened: Opened
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    answers = Answers(folder=folder)
    page: TaskPage = desktop.task_page
    page.prompts = answers.prompts()
    first = delivered(desktop, qtbot, page, "First delivery")
    second = delivered(desktop, qtbot, page, "Second delivery")
    view = page.delivery_view

    open_from_list(qtbot, desktop, first.id)
    qtbot.waitUntil(lambda: view.delivery is not None and view.delivery.task_id == first.id)
    click(qtbot, view.save_all_button)
    qtbot.waitUntil(lambda: view.save_status.text().startswith("Saved "), timeout=10_000)
    said = view.save_status.text()
    assert str(folder) in said
    assert answers.folders_offered == [desktop.paths.downloads_dir]  # where the picker began
    assert view.open_folder_button.isVisible()
    click(qtbot, view.open_folder_button)
    assert opened.urls[-1] == QUrl.fromLocalFile(str(folder))

    open_from_list(qtbot, desktop, second.id)
    qtbot.waitUntil(lambda: view.delivery is not None and view.delivery.task_id == second.id)
    assert view.save_status.text() == ""  # nothing was saved from this one
    assert not view.open_folder_button.isVisible()

    open_from_list(qtbot, desktop, first.id)
    qtbot.waitUntil(lambda: view.delivery is not None and view.delivery.task_id == first.id)
    assert view.save_status.text() == said


def test_a_double_click_opens_the_file_with_the_systems_app(
    desktop: Desktop, qtbot: QtBot, opened: Opened
) -> None:
    answers = Answers()
    page: TaskPage = desktop.task_page
    page.prompts = answers.prompts()
    delivered(desktop, qtbot, page, "Open me")
    view = page.delivery_view
    row = next(
        r for r in range(view.files.rowCount()) if view.files.index(r, 1).data() == "PDF document"
    )
    rect = view.table.visualRect(view.files.index(row, 0))
    # A person's double-click: a press and release, then the double-click.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: bool(opened.urls), timeout=10_000)
    path = Path(opened.urls[-1].toLocalFile())
    assert path.parent == desktop.paths.downloads_dir and path.name == "report.pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    assert answers.folders_offered == []  # no folder picker
    assert view.save_status.text().startswith("Opened report.pdf")
    # Open again: the same file, not another copy.
    click(qtbot, view.open_button)
    assert opened.urls[-1] == QUrl.fromLocalFile(str(path))
    assert sorted(p.name for p in desktop.paths.downloads_dir.iterdir()) == ["report.pdf"]


def test_a_bids_artifact_opens_full_size_and_is_saved(
    desktop: Desktop, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "artifacts"
    folder.mkdir()
    answers = Answers(folder=folder)
    _task, page = in_review(desktop, qtbot)
    page.prompts = answers.prompts()
    tile = next(t for t in page.gallery_view.details.tiles if t.file.name.endswith(".svg"))
    click(qtbot, tile.open_button)
    viewer = page.viewer
    assert viewer is not None and viewer.isVisible()
    qtbot.waitUntil(lambda: viewer.preview.content is not None, timeout=10_000)
    click(qtbot, viewer.save_button)
    qtbot.waitUntil(lambda: viewer.status.text().startswith("Saved "), timeout=10_000)
    saved = folder / tile.file.name
    assert saved.read_bytes().startswith(b"<svg")
    assert page.gallery_view.save_status.text() == viewer.status.text()
    assert answers.folders_offered == [desktop.paths.downloads_dir]
    viewer.close()
