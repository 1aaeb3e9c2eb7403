"""The appearance switch: Fusion, a real dark palette, and "system" following the OS."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QListWidget, QPlainTextEdit, QWidget
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


def test_a_text_box_frame_colour_shows_nowhere_else(qtbot: QtBot, qapp: QApplication) -> None:
    """Text boxes get a Window colour of their own, from which Fusion draws their stronger
    frame: the corner between a box's two scroll bars still shows the window's colour (it
    showed a pale square in dark mode), and its scroll bars are drawn as every other one."""
    try:
        apply_theme(qapp, "dark")
        holder = QWidget()
        qtbot.addWidget(holder)
        box = QPlainTextEdit("a long line " * 40 + "\n" * 80, holder)
        box.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        box.setGeometry(10, 10, 200, 120)
        listing = QListWidget(holder)
        listing.setGeometry(220, 10, 200, 120)
        holder.resize(430, 140)
        holder.show()
        qtbot.waitExposed(holder)
        bars = (box.verticalScrollBar(), box.horizontalScrollBar())
        qtbot.waitUntil(lambda: all(bar.isVisible() for bar in bars))
        window = qapp.palette().color(QPalette.ColorRole.Window)
        across, down = (bar.mapTo(holder, bar.rect().center()) for bar in bars)
        image = holder.grab().toImage()
        seen = image.pixelColor(QPoint(across.x(), down.y()) * image.devicePixelRatio())
        assert seen == window, seen.name()
        for bar in bars:
            assert bar.palette() == listing.verticalScrollBar().palette()
    finally:
        apply_theme(qapp, "light")
