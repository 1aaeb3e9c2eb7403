"""Undo keys and the right-click menu of the editor's one-line fields go to the form's
history (one for the whole form), not to the widget's own."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMenu


def route_undo(event: QKeyEvent, undo: Callable[[], None], redo: Callable[[], None]) -> bool:
    """Send Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) to the form's undo stack, not the widget's."""
    if event.matches(QKeySequence.StandardKey.Undo):
        undo()
        return True
    if event.matches(QKeySequence.StandardKey.Redo) or (
        event.key() == Qt.Key.Key_Z
        and event.modifiers()
        == (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    ):
        redo()
        return True
    return False


def form_edit_menu(line: QLineEdit, undo: Callable[[], None], redo: Callable[[], None]) -> QMenu:
    """`line`'s standard right-click menu with Undo and Redo going to the form's history."""
    menu = line.createStandardContextMenu()
    for action in menu.actions():
        name = action.text().replace("&", "").split("\t")[0]
        if name in ("Undo", "Redo"):
            action.triggered.disconnect()
            action.setEnabled(True)
            action.triggered.connect(undo if name == "Undo" else redo)
    return menu


class FormLineEdit(QLineEdit):
    """A one-line field whose Ctrl+Z and right-click undo are the form's."""

    def __init__(self, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        super().__init__()
        self._undo, self._redo = undo, redo

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not route_undo(event, self._undo, self._redo):
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = form_edit_menu(self, self._undo, self._redo)
        menu.exec(event.globalPos())
        menu.deleteLater()
