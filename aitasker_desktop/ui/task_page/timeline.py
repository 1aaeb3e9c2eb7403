"""A task's states with their times, oldest first (Task.history, else created/updated)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from aitasker_desktop.domain.lifecycle import describe
from aitasker_desktop.domain.task import Task
from aitasker_desktop.services import formatting
from aitasker_desktop.services.formatting import date_time as when
from aitasker_desktop.ui.plain_tip import plain_tip
from aitasker_desktop.ui.task_page.format import one_line, plain_label

MAX_ENTRIES = 30


def timeline_entries(task: Task) -> list[tuple[str, datetime | None, str]]:
    """(state label, time, note) rows; the newest MAX_ENTRIES when the history is long."""
    rows: list[tuple[str, datetime | None, str]] = [
        (describe(c.status).label, c.at, one_line(c.note, 200)) for c in task.history
    ]
    if not rows:
        if task.created_at is not None:
            rows.append((describe("open").label, task.created_at, ""))
        if task.status != "open" or not rows:
            rows.append((describe(task.status).label, task.updated_at, ""))
    if len(rows) > MAX_ENTRIES:
        hidden = len(rows) - MAX_ENTRIES
        rows = [
            ("…", None, f"{formatting.count_of(hidden, 'earlier change')} not shown"),
            *rows[-MAX_ENTRIES:],
        ]
    return rows


class Timeline(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Timeline")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(2)
        self.rows: list[tuple[QLabel, QLabel, QLabel]] = []

    def show_task(self, task: Task) -> None:
        for labels in self.rows:
            for label in labels:
                self._grid.removeWidget(label)
                label.deleteLater()
        self.rows = []
        entries = timeline_entries(task)
        for row, (state, at, note) in enumerate(entries):
            last = row == len(entries) - 1
            marker = "●" if last else "○"
            name = plain_label(f"{marker} {state}", wrap=False)
            name.setToolTip(plain_tip(note))  # a server's note, as sent
            if last:
                font = name.font()
                font.setBold(True)
                name.setFont(font)
            stamp = when(at) if at else ""
            time = plain_label(f"{stamp} — {note}" if stamp and note else stamp or note)
            text = plain_label(note)
            text.hide()  # shown with the time (one wrapping column fits a narrow panel)
            self._grid.addWidget(name, row, 0)
            self._grid.addWidget(time, row, 1)
            self.rows.append((name, time, text))
        self._grid.setColumnStretch(1, 1)

    def texts(self) -> list[str]:
        return [f"{a.text()} | {b.text()}" for a, b, _c in self.rows]
