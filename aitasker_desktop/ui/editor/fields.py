"""The editor's text boxes (whose undo is the form's), spell checking, and the plain-text
messages shown next to fields."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)

from aitasker_desktop.services.spelling import Ranges, SpellingService


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


def replace_text(box: QPlainTextEdit, text: str) -> None:
    """Show `text` in `box` with the cursor where it differs from what was there (undo and
    redo put the cursor at the change, as a text editor's own undo does)."""
    old = box.toPlainText()
    prefix = 0
    while prefix < min(len(old), len(text)) and old[prefix] == text[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(text)) - prefix
        and old[len(old) - 1 - suffix] == text[len(text) - 1 - suffix]
    ):
        suffix += 1
    box.setPlainText(text)
    cursor = box.textCursor()
    cursor.setPosition(len(text) - suffix)  # where the change was
    box.setTextCursor(cursor)
    box.ensureCursorVisible()


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines misspelled words with the platform's spell-check squiggle.

    Qt re-highlights only the paragraph that changed; for it, the last text and result seen
    for the same paragraph number are handed to the checker, which re-checks only the words
    around the edit (a stale pairing after a paragraph split is still correct, just slower).
    """

    def __init__(self, document: QTextDocument, spelling: SpellingService) -> None:
        super().__init__(document)
        self._spelling = spelling
        self._last: dict[int, tuple[str, Ranges]] = {}  # paragraph number -> (text, result)
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._format.setUnderlineColor(QColor("#d13438"))
        spelling.ready.connect(self.on_spelling_changed)
        spelling.dictionary_changed.connect(self.on_spelling_changed)

    def on_spelling_changed(self) -> None:
        self._last.clear()  # verdicts changed: earlier results are no longer valid
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if not self._spelling.is_ready:
            return
        number = self.currentBlock().blockNumber()
        ranges = self._spelling.misspelled(text, self._last.get(number))
        self._last[number] = (text, ranges)
        for start, length in ranges:
            self.setFormat(start, length, self._format)


class BriefTextEdit(QPlainTextEdit):
    """The brief: plain text, the form's undo, spelling suggestions on right-click."""

    def __init__(
        self,
        undo: Callable[[], None],
        redo: Callable[[], None],
        spelling: SpellingService | None,
    ) -> None:
        super().__init__()
        self._undo, self._redo = undo, redo
        self._spelling = spelling
        self.setUndoRedoEnabled(False)  # the form's stack keeps the history
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.highlighter = SpellHighlighter(self.document(), spelling) if spelling else None
        self.files_dropped: Callable[[list[Path]], None] | None = None

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        # Files dropped on the brief are attached, not pasted as their paths.
        if source.hasUrls() and any(u.isLocalFile() for u in source.urls()):
            return self.files_dropped is not None
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        files = [Path(u.toLocalFile()) for u in source.urls() if u.isLocalFile()]
        if files and self.files_dropped is not None:
            self.files_dropped(files)
            return
        super().insertFromMimeData(source)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not route_undo(event, self._undo, self._redo):
            super().keyPressEvent(event)

    def context_menu_at(self, cursor: QTextCursor) -> QMenu:
        """The right-click menu for the word at `cursor`: suggestions first, then editing."""
        menu = QMenu(self)
        word_info = self._misspelled_word_at(cursor)
        if word_info is not None:
            start, word = word_info
            suggestions = self._spelling.suggestions(word) if self._spelling else []
            for suggestion in suggestions:
                action = menu.addAction(suggestion)
                action.triggered.connect(
                    lambda _=False, s=suggestion, b=start, w=word: self._replace(b, w, s)
                )
            if not suggestions:
                menu.addAction("No suggestions").setEnabled(False)
            add = menu.addAction(f"Add “{word}” to dictionary")
            add.triggered.connect(lambda _=False, w=word: self._add_word(w))
            menu.addSeparator()
        standard = self.createStandardContextMenu()
        standard.setParent(menu, standard.windowFlags())  # its actions live as long as the menu
        for action in standard.actions():
            if action.text().replace("&", "").split("\t")[0] in ("Undo", "Redo"):
                continue  # the Edit menu's undo covers the whole form
            menu.addAction(action)
        return menu

    def _misspelled_word_at(self, cursor: QTextCursor) -> tuple[int, str] | None:
        if self._spelling is None:
            return None
        block = cursor.block()
        found = self._spelling.word_at(block.text(), cursor.positionInBlock())
        if found is None or self._spelling.is_correct(found[1]):
            return None
        return block.position() + found[0], found[1]

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            cursor = self.cursorForPosition(event.pos())
        else:
            cursor = self.textCursor()
        menu = self.context_menu_at(cursor)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _replace(self, start: int, word: str, replacement: str) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(start + len(word), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(replacement)
        self.setTextCursor(cursor)

    def _add_word(self, word: str) -> None:
        if self._spelling is not None:
            self._spelling.add_word(word)


def message_label(kind: str = "error") -> QLabel:
    """A plain-text line shown next to a field: an error (red) or a note (muted)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setProperty("messageKind", kind)
    label.hide()
    return label


# Readable on both light and dark backgrounds (checked in the screenshots): (light, dark).
_COLOURS = {"error": ("#c42b1c", "#ff99a4"), "warning": ("#8a5300", "#fce100")}


def is_dark(widget: QWidget) -> bool:
    return widget.palette().window().color().lightness() < 128


def paint_message(label: QLabel, dark: bool | None = None) -> None:
    """Colour `label` for its `messageKind`, touching its palette only when that changes.

    A palette entry, not a style sheet: setStyleSheet re-polishes the widget, and the editor
    shows messages on every key.
    """
    pair = _COLOURS.get(str(label.property("messageKind")))
    colour = "" if pair is None else pair[1 if (is_dark(label) if dark is None else dark) else 0]
    if label.property("paintedColour") == colour:
        return
    label.setProperty("paintedColour", colour)
    palette = QPalette()  # only the roles set here override what the label inherits
    if colour:
        palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)


def show_message(label: QLabel, text: str) -> None:
    paint_message(label)
    if label.text() != text:
        label.setText(text)
    label.setVisible(bool(text))


def repaint_messages(root: QWidget) -> None:
    """After a theme change: colour every message label under `root` for the new palette."""
    dark = is_dark(root)
    for label in root.findChildren(QLabel):
        if label.property("messageKind") is not None:
            label.setProperty("paintedColour", None)
            paint_message(label, dark)


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A visible label tied to its field; the field's accessible name is the label's text."""
    label = QLabel(text)
    label.setBuddy(buddy)
    buddy.setAccessibleName(text.replace("&", ""))
    return label
