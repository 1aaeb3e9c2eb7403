"""The left side of a task's page: its title, kind and money, state and what it means, what
went wrong or was done, the buyer's actions, the brief and the timeline. Only its height
scrolls; text wraps to its width."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.ui.task_page.actions_panel import ActionsPanel
from aitasker_desktop.ui.task_page.format import plain_label
from aitasker_desktop.ui.task_page.timeline import Timeline


def _bold(label: QWidget, scale: float = 1.0) -> None:
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)


class TaskSummary(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = plain_label("No task selected.", name="task_title")
        _bold(self.title_label, 1.4)
        self.meta_label = plain_label("", name="task_meta")
        self.state_label = plain_label("", name="task_state")
        _bold(self.state_label)
        self.explain_label = plain_label("", name="task_explanation")
        self.error_label = plain_label("", name="task_error")
        self.error_label.setStyleSheet("color: #c42b1c;")
        self.error_label.hide()
        self.notice_label = plain_label("", name="task_notice")
        self.notice_label.hide()
        self.actions_panel = ActionsPanel()
        self.brief_view = QPlainTextEdit()
        self.brief_view.setReadOnly(True)
        self.brief_view.setAccessibleName("Brief")
        self.brief_view.setMaximumHeight(140)
        self.timeline = Timeline()
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setAccessibleName("Refresh")
        self.refresh_button.setToolTip("Ask AITasker for this task's latest state (F5)")
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.setEnabled(False)
        self.reuse_button = QPushButton("New brief from this task")
        self.reuse_button.setAccessibleName("New brief from this task")
        self.reuse_button.setToolTip("Start a new draft with this task's brief, to post it again")
        self.reuse_button.setEnabled(False)

        side = QWidget()
        column = QVBoxLayout(side)
        refresh_row = QHBoxLayout()
        refresh_row.addWidget(self.refresh_button)
        refresh_row.addWidget(self.reuse_button)
        refresh_row.addStretch(1)
        for widget in (
            self.title_label,
            self.meta_label,
            self.state_label,
            self.explain_label,
            self.error_label,
            self.notice_label,
            self.actions_panel,
            plain_label("Brief", name="heading"),
            self.brief_view,
            plain_label("Timeline", name="heading"),
            self.timeline,
        ):
            column.addWidget(widget)
            if widget is self.meta_label:
                column.addLayout(refresh_row)
        column.addStretch(1)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(side)
        self.setMinimumWidth(300)
