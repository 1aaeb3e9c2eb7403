"""What the Tasks place shows while it holds no task: why, in plain words, and what to do.

The reason follows the tracker (still reading, offline, connecting, or simply none yet); a
New brief button, and, where tasks can be followed by id, a button that opens that field.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from aitasker_desktop.services.tracker import TrackerService
from aitasker_desktop.ui.tasks.follow_bar import ADD_BY_ID

EMPTY_NO_TASKS = "No tasks yet — post one from New brief"
EMPTY_LOADING = "Reading your tasks…"
EMPTY_CONNECTING = "Connecting to AITasker… Your tasks will appear here."
EMPTY_OFFLINE = (
    "AITasker cannot be reached, and no tasks are saved on this computer yet. "
    "They will appear here once the connection is back; you can still write a brief."
)


def empty_text(tracker: TrackerService, listing_loading: bool) -> str:
    """Why the list is empty, in plain words (`listing_loading`: the list is being read)."""
    if listing_loading or (tracker.world is not None and not tracker.loaded):
        return EMPTY_LOADING
    if tracker.offline:
        return EMPTY_OFFLINE
    if tracker.world is None or not tracker.synced:
        return EMPTY_CONNECTING
    return EMPTY_NO_TASKS


class TasksEmptyState(QWidget):
    def __init__(
        self, add_by_id: Callable[[], None] | None = None, parent: QWidget | None = None
    ) -> None:
        """`add_by_id` opens the field that adds a task by id; without it, no such button."""
        super().__init__(parent)
        self.setObjectName("tasks_empty")
        self.label = QLabel(EMPTY_LOADING)
        self.label.setObjectName("tasks_empty_label")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.label.setFont(font)
        self.new_brief_button = QPushButton("New brief")
        self.new_brief_button.setAccessibleName("New brief")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.new_brief_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.add_by_id_button: QPushButton | None = None
        if add_by_id is not None:
            self.add_by_id_button = QPushButton(ADD_BY_ID)
            self.add_by_id_button.setAccessibleName(ADD_BY_ID)
            self.add_by_id_button.clicked.connect(add_by_id)
            layout.addWidget(self.add_by_id_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
