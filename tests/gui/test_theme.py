"""The appearance switch: Fusion, a real dark palette, and "system" following the OS."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aitasker_desktop.ui.theme import apply_theme, current_mode


def _window_lightness(app: QApplication) -> int:
    return app.palette().color(QPalette.ColorRole.Window).lightness()


def test_dark_and_light_palettes(qtbot: QtBot, qapp: QApplication) -> None:
    try:
        assert apply_theme(qapp, "dark") == "dark"
        assert qapp.style().name().lower() == "fusion"
        assert _window_lightness(qapp) < 80
        pal = qapp.palette()
        text = pal.color(QPalette.ColorRole.Text).lightness()
        disabled = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text).lightness()
        assert text > 200 and 100 < disabled < text  # greyed text still legible on dark
        assert apply_theme(qapp, "light") == "light"
        assert _window_lightness(qapp) > 200
    finally:
        apply_theme(qapp, "light")


def test_system_mode_follows_the_os_scheme_changes(qtbot: QtBot, qapp: QApplication) -> None:
    hints = QGuiApplication.styleHints()
    try:
        apply_theme(qapp, "system")  # the offscreen platform reports no scheme: light
        assert _window_lightness(qapp) > 200
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert _window_lightness(qapp) < 80
        apply_theme(qapp, "light")  # an explicit choice no longer follows the OS
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert _window_lightness(qapp) > 200
        assert current_mode(qapp) == "light"
        assert apply_theme(qapp, "purple") == "light"  # unknown mode: treated as system
        assert current_mode(qapp) == "system"
    finally:
        apply_theme(qapp, "light")
