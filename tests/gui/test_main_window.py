"""The main window: the places, the world shown everywhere, banners in both themes."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aitasker_desktop.ui.main_window import MainWindow
from aitasker_desktop.ui.theme import apply_theme


def test_places_are_reachable_by_keyboard(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.nav.setFocus()
    qtbot.waitUntil(window.nav.hasFocus)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "New brief",
        "Drafts",
        "Tasks",
        "Spending",
    ]
    qtbot.keyClick(window.nav, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_place() == "spending"
    qtbot.keyClick(window.nav, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_place() == "tasks"
    qtbot.keyClick(window.nav, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_place() == "drafts"


def test_the_sandbox_is_marked_in_title_banner_and_status_bar(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.show_world("Sandbox (no real money)", is_sandbox=True)
    assert window.windowTitle().endswith("SANDBOX")
    assert window.world_banner.isVisible()
    assert "no real money" in window.world_banner.text()
    assert window.world_label.text() == "Sandbox (no real money)"
    window.show_world("AITasker account", is_sandbox=False)
    assert window.windowTitle() == "AITasker Desktop"
    assert not window.world_banner.isVisible()


def test_banners_follow_the_theme(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.show_world("Sandbox (no real money)", is_sandbox=True)
    try:
        apply_theme(app, "dark")
        qtbot.waitUntil(lambda: "#4a3b00" in window.world_banner.styleSheet())
        apply_theme(app, "light")
        qtbot.waitUntil(lambda: "#fff4ce" in window.world_banner.styleSheet())
    finally:
        apply_theme(app, "light")


def test_the_sidebar_follows_a_switch_of_theme(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(800, 500)
    window.show()
    qtbot.waitExposed(window)

    def sidebar_lightness() -> int:
        return window.nav.grab().toImage().pixelColor(20, 300).lightness()

    assert sidebar_lightness() > 200
    apply_theme(app, "dark")
    try:
        # It stayed light: a style sheet reads palette() once, when it is set.
        qtbot.waitUntil(lambda: sidebar_lightness() < 80)
    finally:
        apply_theme(app, "light")
    qtbot.waitUntil(lambda: sidebar_lightness() > 200)
