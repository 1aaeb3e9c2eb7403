"""A text box of several lines shows where the keyboard is, as a line edit or a combo box does:
a ring in the highlight colour round the one that has the focus, in light and in dark, on the
box's edge whatever its size."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.ui.editor import BriefEditor
from aitasker_desktop.ui.focus_ring import follow_focus
from aitasker_desktop.ui.theme import apply_theme
from tests.screens import save_screen, screens_dir


def ring_colour(box: QWidget) -> str:
    """Fusion's highlighted outline, as a focused line edit has it."""
    active, highlight = QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight
    return box.palette().color(active, highlight).darker(125).name()


def edge(box: QWidget, where: str = "top") -> str:
    """The colour of the box's outermost pixel, as it is on screen (its children drawn)."""
    image = box.grab().toImage()
    x, y = {
        "top": (image.width() // 2, 0),
        "bottom right": (image.width() - 1, image.height() - 1),
    }[where]
    return image.pixelColor(x, y).name()


def test_tab_from_the_title_into_the_brief_moves_the_ring(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot, qapp: QApplication
) -> None:
    title, brief = editor.title_edit, editor.brief_edit
    unfocused = edge(brief)
    assert unfocused != ring_colour(brief)

    qtbot.mouseClick(title.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(10, 5))
    qtbot.waitUntil(title.hasFocus)
    assert edge(title) == ring_colour(title)
    assert edge(brief) == unfocused

    qtbot.keyClick(title, Qt.Key.Key_Tab)
    qtbot.waitUntil(brief.hasFocus)
    assert edge(brief) == ring_colour(brief)
    assert edge(title) != ring_colour(title)
    assert title.toPlainText() == "" and brief.toPlainText() == ""  # Tab moved, typed nothing
    save_screen(editor, screens_dir("focus_ring") / "brief_focused_light.png")

    try:
        apply_theme(qapp, "dark")
        qtbot.waitUntil(lambda: edge(brief) == ring_colour(brief))
        assert edge(title) != ring_colour(title)
        save_screen(editor, screens_dir("focus_ring") / "brief_focused_dark.png")
    finally:
        apply_theme(qapp, "light")

    qtbot.keyClicks(brief, "Who it is for")  # typing under the ring: the text and ring stay
    assert brief.toPlainText() == "Who it is for"
    assert edge(brief) == ring_colour(brief)


def test_the_ring_follows_the_box_as_it_grows_and_leaves_with_the_focus(
    qtbot: QtBot, qapp: QApplication
) -> None:
    follow_focus(qapp)
    window = QWidget()
    qtbot.addWidget(window)
    column = QVBoxLayout(window)
    notes = QPlainTextEdit()
    other = QPlainTextEdit()
    column.addWidget(notes)
    column.addWidget(other)
    window.resize(300, 240)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)

    notes.setFocus()
    qtbot.waitUntil(lambda: edge(notes) == ring_colour(notes))
    window.resize(520, 400)
    qtbot.waitUntil(lambda: notes.width() > 400)
    assert edge(notes, "bottom right") == ring_colour(notes)

    qtbot.mouseClick(other.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.waitUntil(other.hasFocus)
    assert edge(other) == ring_colour(other)
    assert edge(notes) != ring_colour(notes)
