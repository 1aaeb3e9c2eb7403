"""The Tasks place: status chips, a search field, the task table, and the selected task's page.

The table reads the tracker's cache (`TaskTableModel`) and follows its changes; the chips
say how many tasks each holds. The page below it belongs to the task page module; until a
page is given a short placeholder stands in. Countdowns in the 'Next step' column are
refreshed for the visible rows only: every second while one of them is under two minutes,
else every 30 seconds. Columns share the width by fixed parts, the title the largest.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.task import Task
from aitasker_desktop.services import formatting
from aitasker_desktop.services.tracker import TrackerService
from aitasker_desktop.ui.tasks.badge import StatusBadgeDelegate
from aitasker_desktop.ui.tasks.model import HEADERS, Column, Group, TaskTableModel
from aitasker_desktop.ui.tasks.wording import KindNames

CHIPS: tuple[tuple[str, str], ...] = (
    (Group.ALL, "All"),
    (Group.NEEDS_YOU, "Needs you"),
    (Group.IN_PROGRESS, "In progress"),
    (Group.FINISHED, "Finished"),
)
# Chips read as a segmented filter in both themes (palette roles follow the theme).
CHIP_STYLE = """
QPushButton {
    padding: 4px 12px; border: 1px solid palette(mid); border-radius: 12px;
    background: palette(base); color: palette(text);
}
QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight); }
QPushButton:focus { border: 2px solid palette(highlight); }
"""
FAST_TICK_MS = 1000
SLOW_TICK_MS = 30_000
ROW_HEIGHT_EXTRA = 10
# Each column's share of the width and its least width (px); the title takes what is left,
# and never less than the widest of the others.
COLUMN_SHARES: dict[Column, tuple[float, int]] = {
    Column.KIND: (0.20, 130),
    Column.STATUS: (0.11, 100),
    Column.PRICE: (0.08, 80),
    Column.NEXT: (0.19, 130),
    Column.CHANGED: (0.08, 80),
}
# A moment whose date and time read about as wide as any (two-digit month, day and hour).
WIDE_MOMENT = datetime(2026, 12, 28, 22, 58, tzinfo=UTC)

EMPTY_NO_TASKS = "No tasks yet — post one from New brief"
EMPTY_LOADING = "Reading your tasks…"
EMPTY_CONNECTING = "Connecting to AITasker… Your tasks will appear here."
EMPTY_OFFLINE = (
    "AITasker cannot be reached, and no tasks are saved on this computer yet. "
    "They will appear here once the connection is back; you can still write a brief."
)


class TaskPageLike(Protocol):
    def show_task(self, task: Task) -> None: ...
    def update_task(self, task: Task) -> None: ...


class FollowBarLike(Protocol):
    def set_known(self, known: int) -> None: ...
    def open_field(self) -> None: ...


class TaskTable(QTableView):
    """The table; Enter opens the current task (a plain QTableView would start editing)."""

    open_requested = Signal(QModelIndex)
    # The viewport's size may have changed (the table resized, a scroll bar came or went).
    # Not an event filter: a Python filter sees every event of the viewport.
    geometries_changed = Signal()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self.geometries_changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


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
        # The line saying how tasks are followed, and adding one by id (ui/tasks/follow_bar).
        self._follow: FollowBarLike | None = follow_bar  # type: ignore[assignment]
        self._shown_id: str | None = None

        self._select_when_listed: str | None = None  # a task just posted
        self._fitted_width = 0  # the viewport width the columns were last shared for
        self.model = TaskTableModel(tracker.listing, tracker.runner, self)

        # Filter chips: a row of checkable buttons, one checked, arrow keys move between them.
        self.chips = QButtonGroup(self)
        self.chips.setExclusive(True)
        chip_row = QHBoxLayout()
        chip_row.setSpacing(4)
        for group, label in CHIPS:
            chip = QPushButton(label)
            chip.setCheckable(True)
            chip.setAccessibleName(label)
            chip.setProperty("group", group)
            chip.setObjectName(f"chip_{group}")
            chip.setStyleSheet(CHIP_STYLE)
            self.chips.addButton(chip)
            chip_row.addWidget(chip)
            if group == Group.ALL:
                chip.setChecked(True)
        self.chips.buttonToggled.connect(self.on_chips_button_toggled)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title, category or type (Ctrl+F)")
        self.search.setAccessibleName("Search tasks")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.on_search_text_changed)
        self.refresh_button = QPushButton("Refresh now")
        self.refresh_button.setAccessibleName("Refresh now")
        self.refresh_button.clicked.connect(self.on_refresh_button_clicked)
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setObjectName("task_count")
        top = QHBoxLayout()
        top.addLayout(chip_row)
        top.addSpacing(12)
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.refresh_button)

        self.table = TaskTable()
        self.table.setObjectName("task_table")
        self.table.setAccessibleName("Tasks")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.setItemDelegateForColumn(Column.STATUS, StatusBadgeDelegate(self.table))
        vertical = self.table.verticalHeader()
        vertical.hide()
        # Uniform rows: a fixed height means no per-row measuring with 10,000 tasks.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + ROW_HEIGHT_EXTRA)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        self.table.geometries_changed.connect(self._fit_columns)
        self.table.sortByColumn(Column.CHANGED, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(self.on_table_selection_changed)
        self.table.open_requested.connect(self.on_table_open_requested)
        self.table.doubleClicked.connect(self.on_table_open_requested)

        self.no_match_label = QLabel("No tasks match. Clear the search or choose “All”.")
        self.no_match_label.setTextFormat(Qt.TextFormat.PlainText)
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_label.hide()

        empty = QWidget()
        empty.setObjectName("tasks_empty")
        self.empty_label = QLabel(EMPTY_LOADING)
        self.empty_label.setObjectName("tasks_empty_label")
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        font = self.empty_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.empty_label.setFont(font)
        self.new_brief_button = QPushButton("New brief")
        self.new_brief_button.setAccessibleName("New brief")
        self.new_brief_button.clicked.connect(self.new_brief_requested)
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.new_brief_button, 0, Qt.AlignmentFlag.AlignHCenter)
        if self._follow is not None:
            self.add_by_id_button = QPushButton("Add a task by id or link…")
            self.add_by_id_button.setAccessibleName("Add a task by id or link…")
            self.add_by_id_button.clicked.connect(self._follow.open_field)
            empty_layout.addWidget(self.add_by_id_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(1)

        list_area = QWidget()
        list_layout = QVBoxLayout(list_area)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.no_match_label)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(empty)
        self.list_stack.addWidget(list_area)

        self.placeholder = QLabel("Select a task to see its bids, delivery and decisions.")
        self.placeholder.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.page_stack = QStackedWidget()
        self.page_stack.setObjectName("task_page_area")
        self.page_stack.addWidget(self.placeholder)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list_stack)
        self.splitter.addWidget(self.page_stack)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([240, 560])  # the page (bids, delivery) needs the room

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(top)
        if follow_bar is not None:
            layout.addWidget(follow_bar)
        layout.addWidget(self.splitter, 1)

        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.on_find_shortcut_activated)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.search.clear)

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

    # -- the task page ---------------------------------------------------------------------

    def set_task_page(self, page: QWidget) -> None:
        """The page that shows one task (`show_task`, `update_task`)."""
        self._page = page  # type: ignore[assignment]
        self.page_stack.addWidget(page)
        current = self.current_task()
        if current is not None:
            self._show(current)

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
            self.search.clear()
            self.chips.buttons()[0].setChecked(True)
            row = self.model.row_of(task_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.table.setFocus()
        return True

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

    def on_chips_button_toggled(self, button: QPushButton, checked: bool) -> None:
        if checked:
            self.model.set_filter(str(button.property("group")), self.search.text())

    def on_search_text_changed(self, text: str) -> None:
        self.model.set_filter(self.model.group, text)

    def on_refresh_button_clicked(self) -> None:
        self._tracker.poll_now()

    def on_find_shortcut_activated(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

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
        rows = self._visible_rows()
        self.model.refresh_countdowns(rows)
        self._retick(rows)

    # -- helpers ---------------------------------------------------------------------------

    def _visible_rows(self) -> list[int]:
        viewport = self.table.viewport()
        first = self.table.rowAt(0)
        if first < 0:
            return []
        last = self.table.rowAt(viewport.height() - 1)
        if last < 0:
            last = self.model.rowCount() - 1
        return list(range(first, last + 1))

    def _retick(self, rows: list[int] | None = None) -> None:
        if not self.isVisible():
            self._tick.stop()  # nothing to count down on screen
            return
        rows = self._visible_rows() if rows is None else rows
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
            self.empty_label.setText(self._empty_text())
        self.count_label.setText(
            f"{formatting.count(shown)} of {formatting.count_of(total, 'task')}"
            if shown != total
            else formatting.count_of(total, "task")
        )
        self.count_label.setVisible(bool(total))
        self.count_label.setAccessibleName(f"{shown} of {total} tasks shown")
        counts = model.group_counts()
        for chip in self.chips.buttons():
            group = str(chip.property("group"))
            label = dict(CHIPS)[group]
            n = counts.get(group, 0)
            chip.setText(f"{label} ({formatting.count(n)})" if total else label)
            chip.setAccessibleName(f"{label}, {n} tasks" if total else label)

    def _empty_text(self) -> str:
        """Why the list is empty, in plain words."""
        tracker = self._tracker
        if self.model.loading or (tracker.world is not None and not tracker.loaded):
            return EMPTY_LOADING
        if tracker.offline:
            return EMPTY_OFFLINE
        if tracker.world is None or not tracker.synced:
            return EMPTY_CONNECTING
        return EMPTY_NO_TASKS

    def _fit_columns(self) -> None:
        """Share the table's width: each column its part (never under its least width),
        the title the rest, and the title never narrower than any other column."""
        width = self.table.viewport().width()
        if width <= 0 or width == self._fitted_width:
            return
        self._fitted_width = width
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        least = {  # a header is never cut (its sort arrow included)
            col: max(floor, metrics.horizontalAdvance(HEADERS[col]) + 30)
            for col, (_share, floor) in COLUMN_SHARES.items()
        }
        # Nor is a last change, whose length is the person's locale's ('12/28/26 10:58 PM').
        widest_moment = formatting.date_time(WIDE_MOMENT)
        least[Column.CHANGED] = max(
            least[Column.CHANGED], self.table.fontMetrics().horizontalAdvance(widest_moment) + 16
        )
        parts = {col: int(width * share) for col, (share, _floor) in COLUMN_SHARES.items()}

        def capped(cap: int) -> dict[Column, int]:
            return {col: max(least[col], min(part, cap)) for col, part in parts.items()}

        # The largest cap on the others that leaves the title (the rest) at least as wide as
        # any of them; at the narrowest, every other column at its least width.
        low, high = 0, max(parts.values())
        while low < high:
            cap = (low + high + 1) // 2
            trial = capped(cap)
            if width - sum(trial.values()) >= max(trial.values()):
                low = cap
            else:
                high = cap - 1
        widths = capped(low)
        for col, w in widths.items():
            self.table.setColumnWidth(col, w)

    def stop(self) -> None:
        self._tick.stop()

    def changeEvent(self, event: QEvent) -> None:
        # Style sheets resolve palette() once: re-apply them when the theme changes.
        if event.type() == QEvent.Type.PaletteChange:
            for chip in self.chips.buttons():
                chip.setStyleSheet("")
                chip.setStyleSheet(CHIP_STYLE)
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_columns()
        self._retick()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._tick.stop()
