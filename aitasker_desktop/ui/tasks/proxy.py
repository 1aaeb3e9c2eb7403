"""Filtering and sorting of the task list: by status group, by typed text, by any column.

Sorting compares raw values (SORT_ROLE: numbers for money and times, casefolded text for
words), never the display text, so "$9.00" sorts below "$10.00". The sort itself is done by
the source model in Python (`TaskTableModel.sort`): a proxy sort calls `data()` twice per
comparison across the Python boundary, over a second for 10,000 rows; the model sorts its
precomputed keys in about 10 ms. The proxy forwards `sort()` and only filters.

The filter reads the model's precomputed per-row group and search text instead of calling
`data()`, and a change re-filters in one pass (`invalidate`: one layout change) rather than
incrementally (thousands of scattered row removals cost twice as much in the view).

Qt asks `filterAcceptsRow` once per source row on every re-filter, and each of those 10,000
calls crosses from C++ into Python (about a microsecond each, most of a keystroke's cost).
So a re-filter first decides every row in one Python pass, and while Qt rebuilds its
mapping each call only reads that answer. When the new text extends the old one (typing
on), only the rows accepted before can match, and only those are tested; when they all still
match, nothing changes and Qt is not asked at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    SignalInstance,
)

from aitasker_desktop.ui.tasks.model import SORT_ROLE, Group, TaskTableModel


def _change_signals(model: QAbstractItemModel) -> tuple[SignalInstance, ...]:
    return (
        model.rowsInserted,
        model.rowsRemoved,
        model.dataChanged,
        model.layoutChanged,
        model.modelReset,
    )


class TaskFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._group = Group.ALL
        self._needle = ""
        self._source: TaskTableModel | None = None
        # During a re-filter: each source row's answer. Between re-filters: the accepted
        # source rows with the text and group they were accepted for, until the model changes.
        self._answers: Sequence[bool] | None = None
        self._accepted: tuple[str, str, list[int]] | None = None
        self.setSortRole(SORT_ROLE)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        old = self.sourceModel()
        if old is not None:
            for signal in _change_signals(old):
                signal.disconnect(self.on_source_changed)
        self._source = model if isinstance(model, TaskTableModel) else None
        self._accepted = None
        super().setSourceModel(model)
        if model is not None:
            for signal in _change_signals(model):
                signal.connect(self.on_source_changed)

    def on_source_changed(self, *_args: object) -> None:
        self._accepted = None  # rows moved or changed: the last answers no longer hold

    @property
    def group(self) -> str:
        return self._group

    @property
    def text(self) -> str:
        return self._needle

    def set_group(self, group: str) -> None:
        if group != self._group:
            self._group = group
            self._refilter()

    def set_text(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self._needle = needle
            self._refilter()

    def _refilter(self) -> None:
        model = self._source
        if model is None:
            self.invalidate()
            return
        needle, group = self._needle, self._group
        texts, groups = model.search_texts, model.groups
        last = self._accepted
        candidates: Iterable[int]
        if last is not None and last[1] == group and last[0] in needle:
            candidates = last[2]  # typing on: nothing rejected before can match now
        else:
            candidates = range(len(texts))
        if group == Group.ALL:
            rows = [r for r in candidates if needle in texts[r]]
        else:
            rows = [r for r in candidates if groups[r] == group and needle in texts[r]]
        if last is not None and last[1] == group and last[2] == rows:
            # The same rows as shown (typing on within a word that already singles them
            # out): Qt's mapping is right as it is; no re-filter, no repaint.
            self._accepted = (needle, group, rows)
            return
        answers = [False] * len(texts)
        for r in rows:
            answers[r] = True
        self._answers = answers
        try:
            self.invalidate()
            self.rowCount()  # Qt rebuilds its mapping now, while the answers are valid
        finally:
            self._answers = None
        self._accepted = (needle, group, rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._source is not None:
            self._source.sort(column, order)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        answers = self._answers
        if answers is not None:
            return answers[source_row]
        model = self._source  # a row inserted or changed: decided on its own
        if model is None:
            return True
        group = self._group
        if group != Group.ALL and model.groups[source_row] != group:
            return False
        return not self._needle or self._needle in model.search_texts[source_row]
