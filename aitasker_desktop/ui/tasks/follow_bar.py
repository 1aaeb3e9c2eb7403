"""The line above the task list that says how the app follows tasks, and adding one by id.

When AITasker lists no tasks for apps, the app follows the tasks it knows one by one; the
line says so ("Following 12 tasks this app knows; AITasker does not list tasks for apps
yet."). A failed check is said on the same line, in plain words, until a check succeeds: the
list never looks current while it is not. Only when AITasker cannot be reached at all is the
window's banner left to say it, once.

"Add a task by id or link…" opens a field under the line: a pasted task id or an AITasker
task link is checked as it is typed, the problem said next to the field; Add reads the task
from AITasker and follows it (`task_added` names it, for the list to select). When AITasker
cannot be reached, the task is added by itself once it answers again, as the field says.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from aitasker_desktop.api.errors import NetworkError, NotFoundError, TLSError
from aitasker_desktop.domain.task import Task
from aitasker_desktop.domain.task_ref import parse_task_ref
from aitasker_desktop.services import formatting
from aitasker_desktop.services.task_actions import TaskActionsService
from aitasker_desktop.services.tracker import TrackerService
from aitasker_desktop.ui.messages import error_text
from aitasker_desktop.ui.task_page.format import one_line

ADD_BY_ID = "Add a task by id or link…"
ERROR_STYLE = "color: #c42b1c;"
WAITING = "Could not reach AITasker. The task will be added when the connection is back."


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def mode_text(following_by_id: bool, known: int) -> str:
    if not following_by_id:
        return ""
    return (
        f"Following {formatting.count_of(known, 'task')} this app knows; "
        "AITasker does not list tasks for apps yet. Add one posted elsewhere by its id or link."
    )


class FollowBar(QWidget):
    task_added = Signal(str)  # the id of a task added by its id or link

    def __init__(
        self,
        tracker: TrackerService,
        actions: TaskActionsService,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("follow_bar")
        self._tracker = tracker
        self._actions = actions
        self._known = 0
        self._failure = ""
        self._adding: str | None = None
        self._waiting: str | None = None  # unreachable: the id to add once AITasker answers
        self.mode_label = _label("follow_mode")
        self.failure_label = _label("poll_failure")
        self.failure_label.setStyleSheet(ERROR_STYLE)
        self.add_button = QPushButton(ADD_BY_ID)
        self.add_button.setAccessibleName(ADD_BY_ID)
        self.add_button.clicked.connect(self.open_field)
        self.field = QLineEdit()
        self.field.setObjectName("task_ref")
        self.field.setAccessibleName("Task id or link")
        self.field.setPlaceholderText("Paste a task id or an AITasker task link")
        self.field.setClearButtonEnabled(True)
        self.field.setMaxLength(2000)
        self.field.textChanged.connect(self.on_field_text_changed)
        self.field.returnPressed.connect(self.on_confirm_clicked)
        self.confirm_button = QPushButton("Add")
        self.confirm_button.setAccessibleName("Add task")
        self.confirm_button.clicked.connect(self.on_confirm_clicked)
        self.field_message = _label("task_ref_message")
        self.field_row = QWidget()
        row = QHBoxLayout(self.field_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.confirm_button)
        row.addWidget(self.field_message, 1)
        self.field_row.hide()
        line = QHBoxLayout()
        line.addWidget(self.mode_label, 1)
        line.addWidget(self.add_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(line)
        column.addWidget(self.failure_label)
        column.addWidget(self.field_row)
        tracker.mode_changed.connect(self.on_tracker_mode_changed)
        tracker.poll_failed.connect(self.on_tracker_poll_failed)
        tracker.polled.connect(self.on_tracker_polled)
        tracker.tasks_loaded.connect(self.on_tracker_polled)
        # AITasker answers again: a call got through after it failed, or a poll did.
        actions.back_online.connect(self.on_aitasker_answered)
        tracker.polled.connect(self.on_aitasker_answered)
        self._update()

    def set_known(self, known: int) -> None:
        """How many tasks the list holds (what is followed)."""
        self._known = known
        self._update()

    def _update(self) -> None:
        text = mode_text(self._tracker.following_by_id, self._known)
        self.mode_label.setText(text)
        self.mode_label.setVisible(bool(text))
        self.failure_label.setText(self._failure)
        self.failure_label.setVisible(bool(self._failure))
        self.add_button.setVisible(self._tracker.following_by_id or self.field_row.isVisible())

    # -- the tracker -----------------------------------------------------------------------

    def on_tracker_mode_changed(self, _by_id: bool) -> None:
        self._update()

    def on_tracker_poll_failed(self, exc: object) -> None:
        if self._tracker.offline:
            # Unreachable: the window's banner says so, once for every place.
            self._failure = ""
        else:
            said = error_text(exc) if isinstance(exc, BaseException) else "It did not work."
            self._failure = f"Your tasks could not be checked: {said}"
        self._update()

    def on_tracker_polled(self) -> None:
        self._failure = ""
        self._update()

    # -- adding a task by id or link -------------------------------------------------------

    def open_field(self) -> None:
        self.field_row.show()
        self._update()
        self.field.setFocus()
        self.field.selectAll()

    def on_field_text_changed(self, text: str) -> None:
        if self._adding is None:
            self._waiting = None  # another id now: not the one waiting to be added
            ref = parse_task_ref(text)
            self.field_message.setText(ref.problem if text.strip() else "")
            self.field_message.setStyleSheet(ERROR_STYLE)
            self.confirm_button.setEnabled(ref.task_id is not None)

    def on_confirm_clicked(self) -> None:
        ref = parse_task_ref(self.field.text())
        self.field_message.setStyleSheet(ERROR_STYLE)
        if ref.task_id is None:
            self.field_message.setText(ref.problem)
            return
        self._look_for(ref.task_id)

    def _look_for(self, task_id: str) -> None:
        self._adding = task_id
        self._waiting = None
        self.confirm_button.setEnabled(False)
        self.field_message.setStyleSheet("")
        self.field_message.setText("Looking for the task on AITasker…")
        self._actions.add_task(task_id, self.on_task_found, self.on_task_not_found, owner=self)

    def on_aitasker_answered(self) -> None:
        if self._waiting is not None and self._adding is None:
            self._look_for(self._waiting)

    def on_task_found(self, task: Task, already: bool) -> None:
        self._adding = None
        self.field.clear()
        self.field_message.setStyleSheet("")
        title = one_line(task.title.strip() or "the task", 60)
        if already:
            said = f"“{title}” was already followed. It is selected in the list."
        else:
            said = f"Added “{title}”. It is followed now."
        self.field_message.setText(said)
        self.task_added.emit(task.id)

    def on_task_not_found(self, exc: BaseException) -> None:
        task_id, self._adding = self._adding, None
        self.confirm_button.setEnabled(True)
        self.field_message.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, NetworkError) and not isinstance(exc, TLSError):
            # Not the error's "the app will keep trying": this field's own promise, kept by
            # `on_aitasker_answered`.
            self._waiting = task_id
            self.field_message.setText(WAITING)
        elif isinstance(exc, NotFoundError):
            self.field_message.setText(
                "AITasker has no task with this id that your key can see. "
                "Check the link, and that it is this account's task."
            )
        else:
            self.field_message.setText(f"The task could not be read: {error_text(exc)}")
