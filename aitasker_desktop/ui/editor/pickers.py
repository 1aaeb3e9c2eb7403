"""The editor's value fields: searchable combo boxes and the slider (the budget box is
money_box.py).

Two rules a person relies on while scrolling a long form and typing money:

* The mouse wheel over a field never changes its value unless the person is working in that
  field (it has focus); otherwise the wheel scrolls the page. Combo boxes never change by
  wheel at all (a category picked by accident also clears the task type), and Up/Down in a
  closed combo opens its list instead of switching entries unseen.
* Ctrl+Z and Ctrl+Shift+Z (also from the right-click menu) go to the form's undo, which
  holds whole values, never to a line edit's own history (which took $40 back to $4).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QCompleter,
    QSlider,
    QWidget,
)

from aitasker_desktop.ui.editor.undo_keys import form_edit_menu, route_undo

Callback = Callable[[], None]
# What typed text names: (item index, rank: lower is better), best first.
Ranker = Callable[[str], list[tuple[int, int]]]
_LIST_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def wheel_belongs_to_page(widget: QWidget, event: QWheelEvent) -> bool:
    """True when `widget` is not being worked in: the wheel then scrolls the page around it.

    The event is handed to the scrolling page explicitly rather than ignored for Qt to pass
    up: Qt passes only wheel events that came from the window system, and the page should
    scroll the same whoever sent the wheel.
    """
    if widget.hasFocus():
        return False
    scroll_page(widget, event)
    return True


def scroll_page(widget: QWidget, event: QWheelEvent) -> None:
    """Scroll the nearest scrolling page holding `widget` by `event`'s wheel turn."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    if parent is None:
        event.ignore()
        return
    viewport = parent.viewport()
    forwarded = QWheelEvent(
        viewport.mapFromGlobal(event.globalPosition()),
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
        event.source(),
    )
    QApplication.sendEvent(viewport, forwarded)
    event.accept()


class CalmSlider(QSlider):
    """A slider the page's scrolling cannot move."""

    def __init__(self, orientation: Qt.Orientation) -> None:
        super().__init__(orientation)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not wheel_belongs_to_page(self, event):
            super().wheelEvent(event)


class CalmCombo(QComboBox):
    """A combo box that changes only when a person opens it and chooses."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        scroll_page(self, event)  # never a new choice, even with focus

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _LIST_KEYS and not self.view().isVisible():
            self.showPopup()  # the person sees the list before anything changes
            return
        super().keyPressEvent(event)


class SearchCombo(CalmCombo):
    """A combo box you can type into: the list narrows to entries containing what you type.

    `picked(key)` is emitted when the person chooses an entry: from the list, by Enter, or by
    typing part of a name that matches exactly one entry and moving on. `cleared()` when they
    empty the field (the clear button, or deleting the text). Text that matches no entry, or
    several, is not kept on screen: the field goes back to what is chosen and `unmatched(text)`
    says what was typed, so the screen never shows a value the draft does not hold.
    """

    picked = Signal(str)
    cleared = Signal()
    unmatched = Signal(str)

    def __init__(self, placeholder: str, undo: Callback, redo: Callback) -> None:
        super().__init__()
        self._undo, self._redo = undo, redo
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText(placeholder)
        line.setClearButtonEnabled(True)
        # Text dropped in would stay on screen unpicked (no typing, no leaving the field to
        # check it): a picker takes no drops; files dropped on it go to the page (attached).
        line.setAcceptDrops(False)
        completer = QCompleter(self)
        completer.setModel(self.model())
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        completer.activated[str].connect(self._on_completer_activated)  # type: ignore[index]
        self.currentIndexChanged.connect(self._on_current_index_changed)
        line.editingFinished.connect(self._on_editing_finished)
        line.textEdited.connect(self._on_text_edited)
        line.installEventFilter(self)
        self._ranker: Ranker | None = None
        self._shown_count = 0  # how often the form set what this box shows
        self._ranked = QStringListModel(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self.on_app_focus_changed)

    def set_ranker(self, ranker: Ranker) -> None:
        """Search with `ranker` (names, descriptions, synonyms; best first) instead of the
        entries' labels containing the text."""
        self._ranker = ranker
        completer = self.completer()
        assert completer is not None
        completer.setModel(self._ranked)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)

    def _show_ranked(self, text: str) -> None:
        assert self._ranker is not None
        found = self._ranker(text) if text.strip() else []
        self._ranked.setStringList([self.itemText(i) for i, _rank in found])
        completer = self.completer()
        if completer is None:
            return
        if found:
            completer.complete()
        elif (popup := completer.popup()) is not None:
            popup.hide()

    def _on_completer_activated(self, text: str) -> None:
        index = self.findText(text, Qt.MatchFlag.MatchExactly)
        if index >= 0:
            self.setCurrentIndex(index)

    def _show_picked(self, key: str, shown: int) -> None:
        if shown != self._shown_count:
            return  # the form has shown something since (cleared, undone): that stands
        index = self.findData(key)
        if index >= 0 and (
            index != self.currentIndex() or self.currentText() != self.itemText(index)
        ):
            self.select_key(key)

    def _on_current_index_changed(self, index: int) -> None:
        if index >= 0:
            key = str(self.itemData(index))
            self.picked.emit(key)
            shown = self._shown_count  # what the form showed in answer to the pick
            # A pick from the completion list: afterwards QComboBox looks the completion's
            # text up again and the line edit writes it. When the pick refilled the list
            # ("Wordmark (Graphics & Design)" is now "Wordmark") that would show nothing
            # chosen; show the pick once they are done.
            QTimer.singleShot(0, self, lambda: self._show_picked(key, shown))

    def _on_text_edited(self, text: str) -> None:
        if self._ranker is not None:
            self._show_ranked(text)
        if not text.strip():
            # Even when nothing looks chosen: a pick may still be on its way to the screen
            # (see _on_current_index_changed). Clearing what is already clear changes nothing.
            self.cleared.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.lineEdit():
            kind = event.type()
            if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                if route_undo(event, self._undo, self._redo):
                    return True
            elif kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
                line = self.lineEdit()
                assert line is not None
                menu = form_edit_menu(line, self._undo, self._redo)
                menu.exec(event.globalPos())
                menu.deleteLater()
                return True
        return super().eventFilter(watched, event)

    def on_app_focus_changed(self, old: QWidget | None, now: QWidget | None) -> None:
        # Tab while the completion list is open moves focus on without `editingFinished`
        # (and the completer eats the focus-out event): watch where focus went instead. The
        # list opening, or the window losing focus (`now` is None), is not moving on.
        if old is not self or now is None or now is self:
            return
        completer = self.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None:
            if now is popup:
                return
            popup.hide()
        self._on_editing_finished()

    def _on_editing_finished(self) -> None:
        typed = self.currentText().strip()
        if not typed:
            return
        labels = [self.itemText(i).casefold() for i in range(self.count())]
        folded = typed.casefold()
        if self.currentIndex() >= 0 and labels[self.currentIndex()] == folded:
            return
        exact = [i for i, lbl in enumerate(labels) if lbl == folded]
        matches = exact or self._matches(typed, labels)
        if len(matches) == 1:
            if matches[0] == self.currentIndex():
                self.setEditText(self.itemText(matches[0]))  # "blo" back to "Blog post"
            else:
                # Sets the text too. Not set again after: picking may refill the list (a
                # type picked without a category lists that category's types).
                self.setCurrentIndex(matches[0])
            return
        # Nothing or several: show what is chosen again, and say what happened.
        current = self.currentIndex()
        self.setEditText(self.itemText(current) if current >= 0 else "")
        self.unmatched.emit(typed)

    def _matches(self, typed: str, labels: list[str]) -> list[int]:
        """The entries `typed` names; with a ranker, a clear best by name alone."""
        if self._ranker is None:
            folded = typed.casefold()
            return [i for i, lbl in enumerate(labels) if folded in lbl]
        found = self._ranker(typed)
        if len(found) > 1 and found[0][1] <= 1 and found[0][1] < found[1][1]:
            return [found[0][0]]  # "wordmark" names one type; its synonyms were also found
        return [i for i, _rank in found]

    def current_key(self) -> str:
        data = self.currentData()
        return (
            str(data) if data and self.currentText() == self.itemText(self.currentIndex()) else ""
        )

    def set_items(self, items: list[tuple[str, str]], current: str) -> None:
        """(key, label) pairs; `current` is selected, or nothing when it is not among them."""
        self._shown_count += 1
        self.blockSignals(True)
        self.clear()
        for key, label in items:
            self.addItem(label, key)
        self._select(current)
        self.blockSignals(False)

    def select_key(self, key: str) -> None:
        self._shown_count += 1
        self.blockSignals(True)
        self._select(key)
        self.blockSignals(False)

    def _select(self, key: str) -> None:
        index = self.findData(key) if key else -1
        self.setCurrentIndex(index)
        self.setEditText(self.itemText(index) if index >= 0 else "")
