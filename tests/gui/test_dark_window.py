"""The whole window on the dark theme at 1280x800: the sidebar, the status bar and the menus
are dark too, at start with Dark saved and after a live switch in Settings (issue 9, item 13)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.app import show_window
from aitasker_desktop.desktop import Desktop, build_desktop
from aitasker_desktop.options import Options
from aitasker_desktop.storage.settings import Settings, SettingsStore
from aitasker_desktop.ui.theme import apply_theme, is_dark
from tests.gui.desktop_helpers import no_notices, real_time_sandbox, start_desktop
from tests.screens import colour_contrast, save_screen, screens_dir

SCREENS = screens_dir("window")


def _start(qtbot: QtBot, tmp_path: Path, theme: str) -> Desktop:
    SettingsStore(tmp_path / "data" / "data" / "settings.json").save(Settings(theme=theme))
    desktop = start_desktop(qtbot, Options(data_dir=tmp_path / "data"))
    desktop.window.resize(1280, 800)
    return desktop


@pytest.fixture
def light_again() -> Iterator[None]:
    yield
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    apply_theme(qapp, "light")


def _painted(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def _background(widget: QWidget) -> QColor:
    """The colour painted in the widget's empty bottom-left corner, as a person sees it."""
    image = _painted(widget)
    return image.pixelColor(QPoint(4, image.height() - 4))


def _all_dark(desktop: Desktop) -> bool:
    window = desktop.window
    return all(
        _background(part).lightness() < 100
        for part in (window.nav, window.statusBar(), window.menuBar())
    )


def _text_contrast(image: QImage, rect: QRect) -> float:
    """The strongest contrast between the fill at the left of `rect` and the pixels across its
    middle: the text's stems, as painted."""
    y = rect.center().y()
    fill = image.pixelColor(QPoint(rect.left() + 3, y))
    row = (image.pixelColor(QPoint(x, y)) for x in range(rect.left(), rect.right()))
    return max(colour_contrast(fill, colour) for colour in row)


def _sidebar_text_readable(desktop: Desktop) -> None:
    """The selected place and an unselected one, each readable on what is painted behind it."""
    nav = desktop.window.nav
    image = _painted(nav.viewport())  # item rectangles are in the viewport's coordinates
    for row in (nav.currentRow(), (nav.currentRow() + 1) % nav.count()):
        rect = nav.visualItemRect(nav.item(row)).adjusted(8, 2, -8, -2)  # inside the margins
        assert _text_contrast(image, rect) >= 4.5, nav.item(row).text()


def test_dark_saved_opens_a_dark_window(qtbot: QtBot, tmp_path: Path, light_again: None) -> None:
    desktop = _start(qtbot, tmp_path, "dark")
    try:
        qtbot.waitUntil(lambda: is_dark(desktop.window.palette()))
        qtbot.waitUntil(lambda: _all_dark(desktop))
        _sidebar_text_readable(desktop)
        save_screen(desktop.window, SCREENS / "window-dark-1280x800.png", texts=["no real money"])
    finally:
        desktop.shutdown()


@pytest.mark.parametrize(
    ("saved", "dark"),
    [
        pytest.param(None, True, id="dark saved"),
        pytest.param(b'{"dark_mode": true, "poll_interval": 60}', True, id="a version 1 file"),
        pytest.param(b'{"theme": "dark", "schema_version": "two"', False, id="damaged"),
    ],
)
def test_the_first_paint_is_in_the_saved_appearance(
    qtbot: QtBot,
    qapp: QApplication,
    tmp_path: Path,
    light_again: None,
    saved: bytes | None,
    dark: bool,
) -> None:
    """Before the desktop (and the settings' full load) exists, the window is already in the
    chosen scheme: a dark-theme user on a light system never sees a light window first."""
    settings = tmp_path / "data" / "data" / "settings.json"
    if saved is None:
        SettingsStore(settings).save(Settings(theme="dark"))
    else:
        settings.parent.mkdir(parents=True)
        settings.write_bytes(saved)
    window = show_window(qapp, Options(data_dir=tmp_path / "data"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=10_000):
        pass
    assert (_background(window.statusBar()).lightness() < 100) is dark
    assert is_dark(window.palette()) is dark
    if saved is not None:
        assert settings.read_bytes() == saved  # read, never rewritten before the full load


def test_one_unreadable_setting_keeps_the_appearance_and_the_next_start_is_quiet(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, light_again: None
) -> None:
    """A hand-edited file with one value out of range: the window is dark from the first
    paint and stays dark once the desktop reads the whole file; the banner names the one
    setting reset, and the repaired file is written, so the next start says nothing."""
    data = tmp_path / "data"
    settings = data / "data" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"schema_version": 2, "theme": "dark", "poll_seconds": 1}')
    window = show_window(qapp, Options(data_dir=data))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=10_000):
        pass
    assert is_dark(window.palette())
    desktop = build_desktop(
        Options(data_dir=data), window, sandbox_factory=real_time_sandbox, notifier=no_notices
    )
    desktop.start()
    try:
        qtbot.waitUntil(lambda: "Check for updates" in window.banner.text())
        assert "back to their defaults" in window.banner.text()
        assert is_dark(window.palette()) and _all_dark(desktop)
        qtbot.waitUntil(lambda: settings.exists(), timeout=10_000)
    finally:
        desktop.shutdown()
    again = SettingsStore(settings).load()
    assert again.problem is None and not again.first_run
    assert again.settings.theme == "dark" and again.settings.poll_seconds == 30
    assert [p.name for p in settings.parent.glob("settings.damaged-*.json")] != []


def test_menus_are_dark_and_settings_comes_after_undo_and_redo(
    qtbot: QtBot, tmp_path: Path, light_again: None
) -> None:
    desktop = _start(qtbot, tmp_path, "dark")
    try:
        window = desktop.window
        qtbot.waitUntil(lambda: is_dark(window.palette()))
        names = [a.text().replace("&", "") for a in window.edit_menu.actions() if a.text()]
        assert names == ["Undo", "Redo", "Settings…"]
        assert window.edit_menu.actions()[-2].isSeparator()
        for menu in (window.file_menu, window.edit_menu, window.view_menu, window.help_menu):
            menu.popup(window.mapToGlobal(QPoint(0, 0)))
            qtbot.waitUntil(menu.isVisible)
            assert _background(menu).lightness() < 100, menu.title()
            menu.grab().save(str(SCREENS / f"menu-{menu.title().strip('&').lower()}-dark.png"))
            menu.hide()
    finally:
        desktop.shutdown()


def test_a_live_switch_in_settings_turns_the_whole_window_dark_and_back(
    qtbot: QtBot, tmp_path: Path, light_again: None
) -> None:
    desktop = _start(qtbot, tmp_path, "light")
    try:
        assert desktop.accounts is not None
        qtbot.waitUntil(lambda: not is_dark(desktop.window.palette()))
        for mode in ("Dark", "Light"):
            desktop.accounts.settings_action.trigger()
            dialog = desktop.accounts.settings_dialog
            assert dialog is not None
            dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findText(mode))
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
            dark = mode == "Dark"
            qtbot.waitUntil(lambda: _all_dark(desktop) == dark)  # noqa: B023
            _sidebar_text_readable(desktop)
            save_screen(desktop.window, SCREENS / f"window-switched-{mode.lower()}.png")
    finally:
        desktop.shutdown()
