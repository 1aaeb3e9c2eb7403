"""Tab from the places sidebar goes into the page shown, on every place: also on those
built when first opened, whose widgets come after the status bar's in Qt's focus chain.
On the Tasks place, Tab from the task list goes through the task's page (built when the
first task is shown) before the status bar."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.ui.main_window import PLACES
from tests.gui.task_page_helpers import client_of, open_from_list, poll_until
from tests.sample_brief import TO_REVIEW, post


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_tab_from_the_sidebar_goes_into_the_page_on_every_place(
    desktop: Desktop, qtbot: QtBot
) -> None:
    window = desktop.window
    window.activateWindow()
    qtbot.waitActive(window)
    window.nav.setFocus()
    qtbot.waitUntil(window.nav.hasFocus)
    landed: dict[str, str] = {}
    for row, (key, _title) in enumerate(PLACES):
        # Down the sidebar by keyboard, as a person does: Drafts and Spending are built now.
        while window.nav.currentRow() < row:
            qtbot.keyClick(window.nav, Qt.Key.Key_Down)
        assert window.current_place() == key
        qtbot.keyClick(window.nav, Qt.Key.Key_Tab)
        focused = _focused()
        landed[key] = focused.accessibleName() or focused.objectName()
        page = window.place(key)
        assert page.isAncestorOf(focused), (key, landed[key])
        qtbot.keyClick(focused, Qt.Key.Key_Backtab)  # and Shift+Tab goes back to the sidebar
        assert _focused() is window.nav, key
        # On through the page: every control of it comes before the status bar's.
        qtbot.keyClick(window.nav, Qt.Key.Key_Tab)
        for _ in range(80):
            if not page.isAncestorOf(_focused()):
                break
            qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
        assert window.statusBar().isAncestorOf(_focused()), (key, _focused().accessibleName())
        window.nav.setFocus()


def _tab_through(qtbot: QtBot, page: QWidget) -> list[QWidget]:
    """Tab on from the focused widget while focus stays in `page`; the controls visited."""
    visited: list[QWidget] = []
    for _ in range(80):
        qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
        if not page.isAncestorOf(_focused()):
            break
        visited.append(_focused())
    return visited


@pytest.mark.parametrize("stage", ["posted", "bids"])
def test_tab_from_the_task_list_goes_through_the_task_page_then_the_status_bar(
    desktop: Desktop, qtbot: QtBot, stage: str
) -> None:
    window = desktop.window
    window.resize(1280, 800)
    window.activateWindow()
    qtbot.waitActive(window)
    task = post(client_of(desktop))
    page = open_from_list(qtbot, desktop, task.id)  # the first task shown: the page is built
    if stage == "bids":  # bids shown: widgets made for this task
        desktop.sandbox.server.advance(TO_REVIEW)
        with qtbot.waitSignal(page.gallery_loaded, timeout=10_000):
            poll_until(qtbot, desktop, page, Status.REVIEW)
    table = desktop.tasks_place.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    visited = _tab_through(qtbot, page)
    assert visited, f"Tab from the list went to {_focused().accessibleName()!r}"
    # Every control of the page a person can Tab to, before the status bar's.
    assert window.statusBar().isAncestorOf(_focused()), _focused().accessibleName()
    reachable = [
        w
        for w in page.findChildren(QWidget)
        if w.isVisibleTo(window)
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not w.visibleRegion().isEmpty()
    ]
    missed = [w.accessibleName() or w.objectName() for w in reachable if w not in visited]
    assert not missed, missed
    # Shift+Tab from the page's first control goes back to the list.
    visited[0].setFocus()
    qtbot.keyClick(visited[0], Qt.Key.Key_Backtab)
    assert _focused() is table
