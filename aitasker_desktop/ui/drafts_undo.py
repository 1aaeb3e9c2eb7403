"""The Drafts place's undo: a bar that says what was just done ("Deleted “X”", "Renamed
“X” to “Y”") with an Undo button, shown for a while, or why something was not done (then
without Undo); the question before a delete for good, and before deleting a draft that waits
to be posted."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from aitasker_desktop.ui import messages
from aitasker_desktop.ui.drafts_words import deleted_text

UNDO_VISIBLE_MS = 15_000


def ask(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(
        parent, "Delete for good?", question, defaultButton=QMessageBox.StandardButton.No
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_to_cancel_posting(parent: QWidget, question: str) -> bool:
    return messages.ask(
        parent,
        "Cancel posting?",
        question,
        "Delete and cancel posting",
        "Keep it waiting",
        default_yes=False,
    )


class UndoBar(QFrame):
    """ "Deleted “X”. Undo" — shown after a delete or a rename, for a while."""

    undo_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)  # why a draft was not deleted takes a few lines
        self.undo_button = QPushButton("Undo")
        self.undo_button.setAccessibleName("Undo")
        self.undo_button.clicked.connect(self.undo_clicked)
        close = QPushButton("Dismiss")
        close.setAccessibleName("Dismiss")
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 6, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.undo_button)
        row.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_deleted(self, title: str, *, cancelled: bool = False) -> None:
        self.show_done(deleted_text(title, cancelled=cancelled))

    def show_renamed(self, old: str, new: str) -> None:
        self.show_done(f"Renamed “{old}” to “{new}”.")

    def show_notice(self, text: str) -> None:
        """Something to read, with nothing to undo."""
        self.show_done(text)
        self.undo_button.hide()

    def show_done(self, text: str) -> None:
        self.undo_button.show()
        self.label.setText(text)
        self.setAccessibleName(text)
        self.show()
        self._timer.start(UNDO_VISIBLE_MS)

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)
