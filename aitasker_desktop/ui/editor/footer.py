"""The bars around the form: above it, why it cannot be changed (and the way on); below it,
whether the draft is saved, what is happening, and the Post button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from aitasker_desktop.ui.editor.fields import message_label, show_message
from aitasker_desktop.ui.editor.parts import note


class LockBar(QWidget):
    """Why the form is locked, readable while it is greyed; Restore or Keep for a draft that
    went to the trash, or was deleted for good, while open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = message_label("warning")
        self.note.setAccessibleName("Why this brief cannot be changed")
        self.restore_button = QPushButton("Restore this draft")
        self.restore_button.setAccessibleName("Restore this draft")
        self.keep_button = QPushButton("Keep it as a new draft")
        self.keep_button.setAccessibleName("Keep it as a new draft")
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 10, 24, 6)
        row.addWidget(self.note, 1)
        for button in (self.restore_button, self.keep_button):
            button.hide()
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_note(self, text: str) -> None:
        show_message(self.note, text)
        self.setVisible(bool(text))


class EditorFooter(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.save_problem = message_label("error")
        self.save_problem.setAccessibleName("Saving problem")
        self.save_state = note()
        self.save_state.setWordWrap(False)
        self.save_state.setMinimumWidth(
            self.save_state.fontMetrics().horizontalAdvance("All changes saved") + 8
        )
        self.save_state.setAccessibleName("Save state")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Upload progress")
        self.progress.hide()
        self.message = note()
        self.message.setAccessibleName("Status")
        self.message.setProperty("messageKind", "info")
        self.topup_button = QPushButton("Top up credits…")
        self.topup_button.setAccessibleName("Top up credits…")
        self.topup_button.hide()
        self.new_button = QPushButton("Start a new brief")
        self.new_button.setAccessibleName("Start a new brief")
        self.post_button = QPushButton("Review and post…")
        self.post_button.setAccessibleName("Review and post…")
        self.post_button.setDefault(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 8, 24, 12)
        column.addWidget(self.save_problem)
        bar = QHBoxLayout()
        column.addLayout(bar)
        bar.addWidget(self.save_state)
        bar.addWidget(self.message, 1)
        bar.addWidget(self.progress)
        bar.addWidget(self.topup_button)
        bar.addWidget(self.new_button)
        bar.addWidget(self.post_button)

    def show_message(self, text: str, kind: str = "info", *, top_up: bool = False) -> None:
        """A plain line: "info", or "warning"/"error" (coloured for the theme)."""
        self.message.setProperty("messageKind", kind)
        show_message(self.message, text)
        self.topup_button.setVisible(top_up)

    def show_save_problem(self, text: str, kind: str = "error") -> None:
        self.save_problem.setProperty("messageKind", kind)
        show_message(self.save_problem, text)

    def set_busy(self, busy: bool) -> None:
        self.post_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def show_progress(self, done: int, total: int, what: str) -> None:
        self.progress.show()
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        self.show_message(what or "Posting your task…")
