"""The task table of the Tasks place: its look, Enter to open, and columns sharing the width.

Columns share the width by fixed parts, the title the largest; they are shared again whenever
the viewport's width changes (the table resized, a scroll bar came or went).
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from aitasker_desktop.services import formatting
from aitasker_desktop.ui.tasks.badge import StatusBadgeDelegate
from aitasker_desktop.ui.tasks.model import HEADERS, Column, TaskTableModel

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


class TaskTable(QTableView):
    """The table; Enter opens the current task (a plain QTableView would start editing)."""

    open_requested = Signal(QModelIndex)

    _fitted_width = 0  # the viewport width the columns were last shared for

    def __init__(self, model: TaskTableModel, text_height: int) -> None:
        """`text_height` is the height of the place's font, which the rows are sized by."""
        super().__init__()
        self.setObjectName("task_table")
        self.setAccessibleName("Tasks")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setTabKeyNavigation(False)
        self.setItemDelegateForColumn(Column.STATUS, StatusBadgeDelegate(self))
        vertical = self.verticalHeader()
        vertical.hide()
        # Uniform rows: a fixed height means no per-row measuring with 10,000 tasks.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(text_height + ROW_HEIGHT_EXTRA)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicatorShown(True)
        self.setSortingEnabled(True)
        self.sortByColumn(Column.CHANGED, Qt.SortOrder.DescendingOrder)

    def updateGeometries(self) -> None:
        # The viewport's size may have changed. Not an event filter: a Python filter sees
        # every event of the viewport.
        super().updateGeometries()
        self.fit_columns()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def visible_rows(self) -> list[int]:
        first = self.rowAt(0)
        if first < 0:
            return []
        last = self.rowAt(self.viewport().height() - 1)
        if last < 0:
            last = self.model().rowCount() - 1
        return list(range(first, last + 1))

    def fit_columns(self) -> None:
        """Share the table's width: each column its part (never under its least width),
        the title the rest, and the title never narrower than any other column."""
        if not self.isVisible():
            return  # fitted when shown (~15 ms at start-up for a place nobody sees yet)
        width = self.viewport().width()
        if width <= 0 or width == self._fitted_width:
            return
        self._fitted_width = width
        metrics = self.horizontalHeader().fontMetrics()
        least = {  # a header is never cut (its sort arrow included)
            col: max(floor, metrics.horizontalAdvance(HEADERS[col]) + 30)
            for col, (_share, floor) in COLUMN_SHARES.items()
        }
        # Nor is a last change, whose length is the person's locale's ('12/28/26 10:58 PM').
        widest_moment = formatting.date_time(WIDE_MOMENT)
        least[Column.CHANGED] = max(
            least[Column.CHANGED], self.fontMetrics().horizontalAdvance(widest_moment) + 16
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
        for col, w in capped(low).items():
            self.setColumnWidth(col, w)
