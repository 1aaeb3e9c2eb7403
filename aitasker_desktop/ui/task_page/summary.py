"""The left side of a task's page: its title, kind and money, state and what it means, what
went wrong or was done, the buyer's actions, the brief and the timeline. Only its height
scrolls; text wraps to its width."""

from __future__ import annotations

from typing import TYPE_CHECKING

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

from aitasker_desktop.domain.lifecycle import describe
from aitasker_desktop.services.formatting import money
from aitasker_desktop.ui.task_page.actions_panel import ActionsPanel
from aitasker_desktop.ui.task_page.format import plain_label, trim
from aitasker_desktop.ui.task_page.timeline import Timeline
from aitasker_desktop.ui.tasks.wording import NO_NAMES, KindNames, kind_text

if TYPE_CHECKING:
    from aitasker_desktop.domain.task import BidGallery, Task
    from aitasker_desktop.services.task_actions import TaskActionsService


def _bold(label: QWidget, scale: float = 1.0) -> None:
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)


class TaskSummary(QScrollArea):
    def __init__(self, actions: TaskActionsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: KindNames = NO_NAMES
        self._task: Task | None = None
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
        self.actions_panel = ActionsPanel(actions)
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

    def show_task(self, task: Task, gallery: BidGallery | None) -> None:
        self._task = task
        self.refresh_button.setEnabled(True)
        self.reuse_button.setEnabled(True)
        info = describe(task.status)
        self.title_label.setText(trim(task.title.strip(), 300) or "(untitled task)")
        self.meta_label.setText(self._meta_text(task))
        self.state_label.setText(info.label)
        self.explain_label.setText(info.explanation)
        self.brief_view.setPlainText(trim(task.description, 20_000) or "(no brief)")
        self.timeline.show_task(task)
        self.actions_panel.show_task(task, gallery)

    def set_names(self, names: KindNames) -> None:
        """Name the category and type as the catalog (and the task list) do."""
        self._names = names
        if self._task is not None:
            self.meta_label.setText(self._meta_text(self._task))

    def _meta_text(self, task: Task) -> str:
        parts = [kind_text(task, self._names), f"budget {money(task.budget_usd)}"]
        if task.selected_price_usd is not None:
            parts.append(f"chosen price {money(task.selected_price_usd)}")
        return " · ".join(p for p in parts if p)
