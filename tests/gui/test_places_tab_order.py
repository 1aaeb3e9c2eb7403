"""Tab from the places sidebar goes into the page shown, on every place: also on those
built when first opened, whose widgets come after the status bar's in Qt's focus chain."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.ui.main_window import PLACES


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
