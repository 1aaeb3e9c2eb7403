"""The main window: the places, the world shown everywhere, banners in both themes."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aitasker_desktop.ui.main_window import NOT_STARTED, PLACES, MainWindow
from aitasker_desktop.ui.theme import apply_theme
from tests.screens import save_screen, screens_dir


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
    # Shown whole once the status bar has laid it out (it shortens only when short of room).
    qtbot.waitUntil(lambda: window.world_label.text() == "Sandbox (no real money)")
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


def _sidebar_lightness(window: MainWindow) -> int:
    """How light the sidebar is painted, below its last place (what a person sees)."""
    image = window.nav.grab().toImage()
    return image.pixelColor(image.width() // 2, image.height() - 10).lightness()


def test_the_sidebar_is_dark_at_start_with_dark_saved(qtbot: QtBot, tmp_path: Path) -> None:
    from aitasker_desktop.options import Options
    from aitasker_desktop.storage.paths import AppPaths
    from aitasker_desktop.storage.settings import Settings, SettingsStore
    from tests.gui.desktop_helpers import start_desktop

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    paths = AppPaths.under(tmp_path / "data").ensure()  # what --data-dir points at
    SettingsStore(paths.settings_path).save(Settings(theme="dark"))
    # The window is shown first, in the light palette, as the app starts; start reads Dark.
    desktop = start_desktop(qtbot, Options(data_dir=tmp_path / "data"), connected=False)
    window = desktop.window
    window.resize(1280, 800)
    try:
        qtbot.waitUntil(lambda: app.palette().color(QPalette.ColorRole.Window).lightness() < 80)
        qtbot.waitUntil(lambda: _sidebar_lightness(window) < 80)
        window.grab().save(str(screens_dir("main_window") / "start-dark-saved.png"))
    finally:
        desktop.shutdown()
        apply_theme(app, "light")


def test_the_sidebar_follows_a_live_switch(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    light = _sidebar_lightness(window)
    try:
        apply_theme(app, "dark")
        qtbot.waitUntil(lambda: _sidebar_lightness(window) < 80)
        window.grab().save(str(screens_dir("main_window") / "live-dark.png"))
        apply_theme(app, "light")
        qtbot.waitUntil(lambda: _sidebar_lightness(window) == light)
        assert light > 200
    finally:
        apply_theme(app, "light")


def test_a_start_that_cannot_use_its_folder_says_why_and_quits(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The desktop cannot be built (the data folder's place is a file): the banner says why,
    no place says "Starting…" for ever, and File › Quit closes the window."""
    from aitasker_desktop.app import Session
    from aitasker_desktop.options import Options

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    a_file = tmp_path / "data"
    a_file.write_text("not a folder")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    session = Session(Options(data_dir=a_file), app, window, None)
    session.start()
    assert session.failed and session.desktop is None
    said = window.banner.text()
    assert window.banner.isVisible() and said.startswith("AITasker Desktop cannot use its data")
    assert f"({a_file} is a file, not a folder)" in said
    assert said in capsys.readouterr().err  # on the terminal too
    for key, _title in PLACES:
        window.show_place(key)
        assert window.place(key).text() == NOT_STARTED  # type: ignore[attr-defined]
    save_screen(window, screens_dir("main_window") / "start-failed.png", texts=[NOT_STARTED])
    assert window.quit_action in window.file_menu.actions()
    window.file_menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(window.file_menu.isVisible)
    window.file_menu.setActiveAction(window.quit_action)
    qtbot.keyClick(window.file_menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.isVisible())
    session.shutdown()
