"""Undo keys and the right-click menu of the editor's one-line fields go to the form's
history (one for the whole form), not to the widget's own; files pasted into such a field
are attached, as anywhere on the page, not pasted as their paths."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu

from aitasker_desktop.ui.editor.file_drops import local_paths


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
    """A one-line field whose Ctrl+Z and right-click undo are the form's, and into which
    files pasted are handed to `files_pasted` (when given) rather than pasted as paths.

    A line edit's paste is not virtual: it is caught where it starts, the Paste key and the
    right-click menu's Paste."""

    def __init__(
        self,
        undo: Callable[[], None],
        redo: Callable[[], None],
        files_pasted: Callable[[list[Path]], None] | None = None,
    ) -> None:
        super().__init__()
        self._undo, self._redo = undo, redo
        self._files_pasted = files_pasted

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if route_undo(event, self._undo, self._redo):
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            files = self._clipboard_files()
            if files:
                self._paste_files(files)
                return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = form_edit_menu(self, self._undo, self._redo)
        files = self._clipboard_files()
        paste = next((a for a in menu.actions() if a.objectName() == "edit-paste"), None)
        if files and paste is not None:
            paste.triggered.disconnect()
            paste.setEnabled(True)  # Qt enables it only for text on the clipboard
            paste.triggered.connect(lambda _=False: self._paste_files(files))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _clipboard_files(self) -> list[Path]:
        """The local files on the clipboard, when this field takes pasted files now."""
        if self._files_pasted is None or self.isReadOnly():
            return []
        mime = QApplication.clipboard().mimeData()
        return local_paths(mime) if mime is not None else []

    def _paste_files(self, files: list[Path]) -> None:
        if self._files_pasted is not None:
            self._files_pasted(files)
