"""Filtering and sorting of the task list: by status group, by typed text, by any column.

Sorting compares raw values (SORT_ROLE: numbers for money and times, casefolded text for
words), never the display text, so "$9.00" sorts below "$10.00". The sort itself is done by
the source model in Python (`TaskTableModel.sort`): a proxy sort calls `data()` twice per
comparison across the Python boundary, over a second for 10,000 rows; the model sorts its
precomputed keys in about 10 ms. The proxy forwards `sort()` and only filters.

The filter reads the model's precomputed per-row group and search text instead of calling
`data()`, and a change re-filters in one pass (`invalidate`: one layout change) rather than
incrementally (thousands of scattered row removals cost twice as much in the view).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from aitasker_desktop.ui.tasks.model import SORT_ROLE, Group, TaskTableModel


class TaskFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._group = Group.ALL
        self._needle = ""
        self._source: TaskTableModel | None = None
        self.setSortRole(SORT_ROLE)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        self._source = model if isinstance(model, TaskTableModel) else None
        super().setSourceModel(model)

    @property
    def group(self) -> str:
        return self._group

    @property
    def text(self) -> str:
        return self._needle

    def set_group(self, group: str) -> None:
        if group != self._group:
            self._group = group
            self.invalidate()

    def set_text(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self._needle = needle
            self.invalidate()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._source is not None:
            self._source.sort(column, order)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self._source
        if model is None:
            return True
        group = self._group
        if group != Group.ALL and model.groups[source_row] != group:
            return False
        return not self._needle or self._needle in model.search_texts[source_row]
