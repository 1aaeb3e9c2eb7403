"""The Tasks place: status chips, a search field, the task table, and the selected task's page.

The table reads the tracker's cache (`TaskTableModel`) and follows its changes; the bar above
it filters the table and says how many tasks each chip holds (ui/tasks/filter_bar). While
there is no task, the empty state says why (ui/tasks/empty_state). The page below the table
belongs to the task page module; until a page is given a short placeholder stands in.
Countdowns in the 'Next step' column are refreshed for the visible rows only: every second
while one of them is under two minutes, else every 30 seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.task import Task
from aitasker_desktop.services.tracker import TrackerService
from aitasker_desktop.ui.tab_order import tab_into
from aitasker_desktop.ui.tasks.empty_state import TasksEmptyState, empty_text
from aitasker_desktop.ui.tasks.filter_bar import TaskFilterBar
from aitasker_desktop.ui.tasks.model import Group, TaskTableModel
from aitasker_desktop.ui.tasks.table import TaskTable
from aitasker_desktop.ui.tasks.wording import KindNames

FAST_TICK_MS = 1000
SLOW_TICK_MS = 30_000


class TaskPageLike(Protocol):
    def show_task(self, task: Task) -> None: ...
    def update_task(self, task: Task) -> None: ...


class FollowBarLike(Protocol):
    def set_known(self, known: int) -> None: ...
    def open_field(self) -> None: ...


class TasksPlace(QWidget):
    new_brief_requested = Signal()
    task_opened = Signal(object)  # Task: Enter or a double click on a row

    def __init__(
        self,
        tracker: TrackerService,
        parent: QWidget | None = None,
        *,
        task_page: QWidget | None = None,
        follow_bar: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tasks_place")
        self._tracker = tracker
        self._page: TaskPageLike | None = None
        self._build_page: Callable[[], QWidget] | None = None  # see set_task_page_later
        # The line saying how tasks are followed, and adding one by id (ui/tasks/follow_bar).
        self._follow: FollowBarLike | None = follow_bar  # type: ignore[assignment]
        self._shown_id: str | None = None

        self._select_when_listed: str | None = None  # a task just posted
        self.model = TaskTableModel(tracker.listing, tracker.runner, self)

        self.filter_bar = TaskFilterBar(self.model)
        # Its parts stay named on the place too: the place is what people (and tests) use.
        self.chips = self.filter_bar.chips
        self.search = self.filter_bar.search
        self.count_label = self.filter_bar.count_label
        self.refresh_button = self.filter_bar.refresh_button
        self.refresh_button.clicked.connect(self.on_refresh_button_clicked)

        self.table = TaskTable(self.model, self.fontMetrics().height())
        self.table.selectionModel().selectionChanged.connect(self.on_table_selection_changed)
        self.table.open_requested.connect(self.on_table_open_requested)
        self.table.doubleClicked.connect(self.on_table_open_requested)

        self.list_stack = self._build_list_stack()
        self.page_stack = self._build_page_stack()
        self._lay_out(follow_bar)

        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.on_find_shortcut_activated)

        self._tick = QTimer(self)
        self._tick.setInterval(SLOW_TICK_MS)
        self._tick.timeout.connect(self.on_tick_timeout)

        tracker.tasks_loaded.connect(self.on_tracker_tasks_loaded)
        tracker.tasks_changed.connect(self.on_tracker_tasks_changed)
        tracker.offline_changed.connect(self.on_tracker_state_changed)
        tracker.polled.connect(self.on_tracker_state_changed)
        tracker.poll_failed.connect(self.on_tracker_state_changed)
        self.model.summary_changed.connect(self.on_model_summary_changed)
        self.on_tracker_tasks_loaded()
        if task_page is not None:
            self.set_task_page(task_page)

    def _build_list_stack(self) -> QStackedWidget:
        """The empty state while there is no task, else the table (and a line when the
        filters hide every task)."""
        self.no_match_label = QLabel("No tasks match. Clear the search or choose “All”.")
        self.no_match_label.setTextFormat(Qt.TextFormat.PlainText)
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_label.hide()

        follow = self._follow
        self.empty_state = TasksEmptyState(follow.open_field if follow is not None else None)
        self.empty_state.new_brief_button.clicked.connect(self.new_brief_requested)
        self.empty_label = self.empty_state.label
        self.new_brief_button = self.empty_state.new_brief_button
        if self.empty_state.add_by_id_button is not None:
            self.add_by_id_button = self.empty_state.add_by_id_button

        list_area = QWidget()
        list_layout = QVBoxLayout(list_area)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.no_match_label)
        stack = QStackedWidget()
        stack.addWidget(self.empty_state)
        stack.addWidget(list_area)
        return stack

    def _build_page_stack(self) -> QStackedWidget:
        """Where the selected task's page goes; a placeholder until one is selected."""
        self.placeholder = QLabel("Select a task to see its bids, delivery and decisions.")
        self.placeholder.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        stack = QStackedWidget()
        stack.setObjectName("task_page_area")
        stack.addWidget(self.placeholder)
        return stack

    def _lay_out(self, follow_bar: QWidget | None) -> None:
        """The bar (and the follow line) on top; the list over the task page, split."""
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list_stack)
        self.splitter.addWidget(self.page_stack)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([240, 560])  # the page (bids, delivery) needs the room
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.filter_bar)
        if follow_bar is not None:
            layout.addWidget(follow_bar)
        layout.addWidget(self.splitter, 1)

    # -- the task page ---------------------------------------------------------------------

    def set_task_page(self, page: QWidget) -> None:
        """The page that shows one task (`show_task`, `update_task`)."""
        self._take_page(page)
        current = self.current_task()
        if current is not None:
            self._show(current)

    def set_task_page_later(self, build: Callable[[], QWidget]) -> None:
        """The page is built when the first task is shown: until then the placeholder
        stands in, and start-up does not pay for the page's modules and widgets."""
        self._build_page = build

    def _take_page(self, page: QWidget) -> None:
        self._page = page  # type: ignore[assignment]
        self._build_page = None
        self.page_stack.addWidget(page)
        tab_into(self.table, page, made_later=True)  # made now: its controls came last

    @property
    def task_page(self) -> QWidget | None:
        return self._page if isinstance(self._page, QWidget) else None

    def current_task(self) -> Task | None:
        index = self.table.currentIndex()
        return self.model.task_at(index.row()) if index.isValid() else None

    def open_task(self, task_id: str) -> bool:
        """Select a task by id (clearing the filters if they hide it) and show its page."""
        row = self.model.row_of(task_id)
        if row < 0 and self.model.is_listed(task_id):
            self.filter_bar.show_all()
            row = self.model.row_of(task_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.table.setFocus()
        return True

    def show_needs_you(self) -> None:
        """The tasks waiting on the person's decision (a summary notice was clicked)."""
        self.filter_bar.show_group(Group.NEEDS_YOU)
        self.table.setFocus()

    def select_when_listed(self, task_id: str) -> None:
        """Select this task as soon as it is in the list (a task just posted: its row comes
        once the cache has it), or now if it already is."""
        self._select_when_listed = task_id
        self._select_pending()

    def _select_pending(self) -> None:
        task_id = self._select_when_listed
        if task_id is not None and self.model.is_listed(task_id) and self.open_task(task_id):
            self._select_when_listed = None

    def _show(self, task: Task) -> None:
        self._shown_id = task.id
        if self._page is None and self._build_page is not None:
            self._take_page(self._build_page())
        if self._page is not None:
            self._page.show_task(task)
            page = self.task_page
            if page is not None:
                self.page_stack.setCurrentWidget(page)

    # -- slots -----------------------------------------------------------------------------

    def on_catalog_changed(self, catalog: object) -> None:
        """Name categories and types as the catalog does (slugs humanized until it comes)."""
        self.model.set_kind_names(
            KindNames.from_catalog(catalog if isinstance(catalog, Catalog) else None)
        )

    def on_tracker_tasks_loaded(self) -> None:
        self.model.reload()
        self._retick()

    def on_tracker_tasks_changed(self, tasks: list[Task]) -> None:
        self.model.apply(tasks)
        if self._shown_id is not None and self._page is not None:
            for task in tasks:
                if task.id == self._shown_id:
                    self._page.update_task(task)
        self._retick()

    def on_tracker_state_changed(self, *_args: object) -> None:
        self._update_counts()

    def on_model_summary_changed(self) -> None:
        self._update_counts()
        self._select_pending()

    def on_refresh_button_clicked(self) -> None:
        self._tracker.poll_now()

    def on_find_shortcut_activated(self) -> None:
        self.filter_bar.focus_search()

    def on_table_selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes = selected.indexes()
        task = self.model.task_at(indexes[0].row()) if indexes else None
        if task is not None and task.id != self._shown_id:
            self._show(task)

    def on_table_open_requested(self, index: QModelIndex) -> None:
        task = self.model.task_at(index.row())
        if task is not None:
            self._show(task)
            self.task_opened.emit(task)
            page = self.task_page
            if page is not None:
                page.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_tick_timeout(self) -> None:
        rows = self.table.visible_rows()
        self.model.refresh_countdowns(rows)
        self._retick(rows)

    # -- helpers ---------------------------------------------------------------------------

    def _retick(self, rows: list[int] | None = None) -> None:
        if not self.isVisible():
            self._tick.stop()  # nothing to count down on screen
            return
        rows = self.table.visible_rows() if rows is None else rows
        urgent = False
        for row in rows:
            left = self.model.seconds_left(row)
            if left is not None and 0 < left < 120:
                urgent = True
                break
        interval = FAST_TICK_MS if urgent else SLOW_TICK_MS
        if self._tick.interval() != interval or not self._tick.isActive():
            self._tick.start(interval)

    def _update_counts(self) -> None:
        model = self.model
        total, shown = model.total, model.rowCount()
        if self._follow is not None:
            self._follow.set_known(total)
        self.list_stack.setCurrentIndex(1 if total else 0)
        self.page_stack.setVisible(bool(total))  # the empty state gets the whole place
        self.no_match_label.setVisible(bool(total) and not shown)
        if not total:
            self.empty_label.setText(empty_text(self._tracker, model.loading))
        self.filter_bar.show_counts(total, shown, model.group_counts())

    def stop(self) -> None:
        self._tick.stop()

    def focusNextPrevChild(self, next: bool) -> bool:  # Qt's name
        """Tab or Shift+Tab in the place (only then: not a hot path). The task page makes
        widgets as it shows a task, its bids or its delivery, and Qt puts each at the end of
        the window's focus chain: after the status bar. Tab from the list goes through the
        page, then on to the status bar."""
        page = self.task_page
        if page is not None:
            tab_into(self.table, page, made_later=True)
        return super().focusNextPrevChild(next)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.fit_columns()
        self._retick()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._tick.stop()
