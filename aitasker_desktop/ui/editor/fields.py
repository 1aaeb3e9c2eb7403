"""The editor's text boxes (whose undo is the form's, and which are checked for spelling:
spell.py) and the plain-text messages shown next to fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QPalette, QResizeEvent, QTextCursor
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

from aitasker_desktop.domain.text import clean_text, typed_edits
from aitasker_desktop.services.spelling import SpellingService
from aitasker_desktop.ui.editor.file_drops import local_paths
from aitasker_desktop.ui.editor.spell import SpellTextEdit


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


def keep_typed_text(box: QPlainTextEdit, text: str, *, one_line: bool) -> str:
    """Make `box`, which holds `text` just typed or pasted, hold what the form keeps of it
    (domain/text.py: no controls, no bidi overrides); return that.

    Only the characters dropped are edited, so the cursor and the scroll stay where they were.
    The caller ignores the box's change signals meanwhile."""
    repaired = clean_text(text)
    if repaired != text:  # a lone surrogate pasted from elsewhere: rare, so all is put back
        position = box.textCursor().position()
        box.setPlainText(repaired)
        cursor = box.textCursor()
        cursor.setPosition(min(position, len(box.toPlainText())))
        box.setTextCursor(cursor)
        text = box.toPlainText()
    edits = typed_edits(text, one_line=one_line)
    if not edits:
        return text
    cursor = QTextCursor(box.document())
    cursor.beginEditBlock()
    for start, end, kept in reversed(edits):
        # Qt counts UTF-16 units: an emoji before the run counts two.
        cursor.setPosition(_utf16_length(text[:start]))
        cursor.setPosition(_utf16_length(text[:end]), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(kept)
    cursor.endEditBlock()
    return box.toPlainText()


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class FilesTextEdit(SpellTextEdit):
    """A text box of the editor into which files copied in a file manager and pasted are
    attached (`files_pasted`), not pasted as their paths; text pasted is still text. (Files
    dropped on it are attached too, as anywhere on the page: file_drops.py.)"""

    def __init__(
        self,
        undo: Callable[[], None],
        redo: Callable[[], None],
        spelling: SpellingService | None,
    ) -> None:
        super().__init__(undo, redo, spelling)
        self.files_pasted: Callable[[list[Path]], None] | None = None

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        if self.files_pasted is not None and local_paths(source):
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        files = local_paths(source)
        if files and self.files_pasted is not None:
            self.files_pasted(files)
            return
        self.insert_text(source)

    def insert_text(self, source: QMimeData) -> None:
        """Paste what `source` holds other than files."""
        super().insertFromMimeData(source)


class BriefTextEdit(FilesTextEdit):
    """The brief: plain text, checked for spelling; files pasted into it are attached."""


class TitleEdit(FilesTextEdit):
    """The title: one line, checked for spelling like the brief (a line edit has no document
    to underline in), and otherwise used as a line edit is: `text`, `setText`, `textEdited`
    for what the person changes, Enter does not break the line, pasted lines are joined.
    Files pasted into it are attached, as into the brief."""

    textEdited = Signal(str)

    def __init__(
        self,
        undo: Callable[[], None],
        redo: Callable[[], None],
        spelling: SpellingService | None,
    ) -> None:
        super().__init__(undo, redo, spelling)
        self._setting = False
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().setDocumentMargin(3)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(max(QLineEdit().sizeHint().height(), self._line_height()))
        self._placeholders: tuple[str, ...] = ()
        self.textChanged.connect(self.on_text_changed)

    def set_placeholders(self, *texts: str) -> None:
        """The example shown while empty, longest first: the first that fits on the line is
        shown (a plain text edit would wrap it onto a second line it has no room for)."""
        self._placeholders = texts
        self._fit_placeholder()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_placeholder()

    def _fit_placeholder(self) -> None:
        if not self._placeholders:
            return
        room = self.viewport().width() - 2 * int(self.document().documentMargin())
        text = fitting_text(self._placeholders, self.fontMetrics(), room)
        if text != self.placeholderText():
            self.setPlaceholderText(text)

    def _line_height(self) -> int:
        margins = self.contentsMargins()
        document = 2 * int(self.document().documentMargin())
        return self.fontMetrics().height() + document + margins.top() + margins.bottom()

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self._setting = True
        try:
            self.setPlainText(_one_line(text))
            self.moveCursor(QTextCursor.MoveOperation.End)
        finally:
            self._setting = False

    def cursorPosition(self) -> int:
        return self.textCursor().position()

    def setCursorPosition(self, position: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(self.toPlainText())))
        self.setTextCursor(cursor)

    def on_text_changed(self) -> None:
        if not self._setting:
            self.textEdited.emit(self.toPlainText())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # one line: Enter is for the window (a default button), not a break
            return
        super().keyPressEvent(event)

    def insert_text(self, source: QMimeData) -> None:
        if source.hasText():
            self.insertPlainText(_one_line(source.text()))


def fitting_text(texts: Sequence[str], metrics: QFontMetrics, room: int) -> str:
    """The first of `texts` as wide as `room` or less; else the last, cut after a whole word."""
    for text in texts:
        if metrics.horizontalAdvance(text) <= room:
            return text
    words = texts[-1].split()
    while len(words) > 1:
        words.pop()
        text = " ".join(words) + "…"
        if metrics.horizontalAdvance(text) <= room:
            return text
    return metrics.elidedText(texts[-1], Qt.TextElideMode.ElideRight, room)


def _one_line(text: str) -> str:
    return " ".join(text.replace("\u2029", "\n").replace("\r", "\n").split("\n"))


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
