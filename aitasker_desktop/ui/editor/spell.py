"""Spell checking in the editor's text boxes, the title and the brief alike: a red wavy
underline under each misspelled word (a `QSyntaxHighlighter` on the box's document), and on
right-click the corrections, "Add to dictionary", then the usual editing actions.

The highlighter never waits for the checker: a word without a verdict yet is left plain, and
when verdicts arrive only the paragraphs holding those words are highlighted again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QKeyEvent,
    QSyntaxHighlighter,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit

from aitasker_desktop.services.spelling import Ranges, SpellingService
from aitasker_desktop.ui.editor.undo_keys import route_undo

if TYPE_CHECKING:
    from PySide6.QtGui import QTextCharFormat

LOOKING = "Looking for suggestions…"


@cache
def squiggle() -> QTextCharFormat:
    """The red wavy underline, made for the first misspelled word: PySide builds all of
    QTextFormat's enums the first time Python touches the class (~4 ms on the way to ready)."""
    from PySide6.QtGui import QTextCharFormat

    underline = QTextCharFormat()
    underline.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    underline.setUnderlineColor(QColor("#d13438"))
    return underline


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
        spelling.ready.connect(self.on_spelling_changed)
        spelling.dictionary_changed.connect(self.on_spelling_changed)
        spelling.verdicts_arrived.connect(self.on_spelling_verdicts_arrived)

    def on_spelling_changed(self) -> None:
        self._last.clear()  # verdicts changed: earlier results are no longer valid
        self.rehighlight()

    def on_spelling_verdicts_arrived(self, words: list[str]) -> None:
        """Highlight again the paragraphs that hold a word just judged (and only those)."""
        document = self.document()
        if document is None:
            return
        wanted = set(words)
        block = document.firstBlock()
        while block.isValid():
            found = {w.casefold() for w in self._spelling.words(block.text())}
            if found & wanted:
                self._last.pop(block.blockNumber(), None)
                self.rehighlightBlock(block)
            block = block.next()

    def highlightBlock(self, text: str) -> None:
        if not self._spelling.is_ready:
            if text.strip():
                self._spelling.load()  # `ready` highlights everything again
            return
        number = self.currentBlock().blockNumber()
        ranges = self._spelling.misspelled(text, self._last.get(number))
        self._last[number] = (text, ranges)
        for start, length in ranges:
            self.setFormat(start, length, squiggle())


class SpellTextEdit(QPlainTextEdit):
    """A plain-text box whose undo is the form's, checked for spelling as it is typed in."""

    def __init__(
        self,
        undo: Callable[[], None],
        redo: Callable[[], None],
        spelling: SpellingService | None,
    ) -> None:
        super().__init__()
        self._undo, self._redo = undo, redo
        self._spelling = spelling
        self.correcting = False  # a suggestion is being put in: a step of its own to undo
        self.setUndoRedoEnabled(False)  # the form's stack keeps the history
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.highlighter = SpellHighlighter(self.document(), spelling) if spelling else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not route_undo(event, self._undo, self._redo):
            super().keyPressEvent(event)

    def context_menu_at(self, cursor: QTextCursor) -> QMenu:
        """The right-click menu for the word at `cursor`: suggestions first, then editing."""
        menu = QMenu(self)
        word_info = self._misspelled_word_at(cursor)
        if word_info is not None and self._spelling is not None:
            start, word = word_info
            suggestions = self._spelling.suggestions(word)
            if suggestions is None:
                # Filled in where it stands when the corrections arrive, menu still open.
                looking = menu.addAction(LOOKING)
                looking.setEnabled(False)
                _PendingSuggestions(self, menu, looking, start, word)
            else:
                self._add_suggestions(menu, None, start, word, suggestions)
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

    def _add_suggestions(
        self, menu: QMenu, before: QAction | None, start: int, word: str, suggestions: list[str]
    ) -> None:
        actions = []
        for suggestion in suggestions:
            action = QAction(suggestion, menu)
            action.triggered.connect(
                lambda _=False, s=suggestion, b=start, w=word: self.replace_word(b, w, s)
            )
            actions.append(action)
        if not actions:
            actions.append(QAction("No suggestions", menu))
            actions[0].setEnabled(False)
        if before is None:
            menu.addActions(actions)
        else:
            menu.insertActions(before, actions)

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

    def replace_word(self, start: int, word: str, replacement: str) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(start + len(word), QTextCursor.MoveMode.KeepAnchor)
        self.correcting = True
        try:
            cursor.insertText(replacement)
        finally:
            self.correcting = False
        self.setTextCursor(cursor)

    def _add_word(self, word: str) -> None:
        if self._spelling is not None:
            self._spelling.add_word(word)


class _PendingSuggestions(QObject):
    """Waits, for as long as its menu lives, for a word's corrections, then puts them where
    "Looking for suggestions…" stood (a person need not right-click again)."""

    def __init__(
        self, box: SpellTextEdit, menu: QMenu, looking: QAction, start: int, word: str
    ) -> None:
        super().__init__(menu)  # goes with the menu, and its connection with it
        self._box, self._menu, self._looking = box, menu, looking
        self._start, self._word = start, word
        spelling = box._spelling
        assert spelling is not None
        self._spelling = spelling
        spelling.suggestions_ready.connect(self.on_suggestions_ready)

    def on_suggestions_ready(self, key: str) -> None:
        if key != self._word.casefold().replace("’", "'"):
            return
        found = self._spelling.suggestions(self._word)
        if found is None:
            return
        self._box._add_suggestions(self._menu, self._looking, self._start, self._word, found)
        self._menu.removeAction(self._looking)
        self._spelling.suggestions_ready.disconnect(self.on_suggestions_ready)
