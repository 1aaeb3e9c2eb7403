"""Which tasks the list shows, in which order: the rows of the task table, without the cells.

`TaskTableModel` (model.py) says what each cell holds; this class keeps the list of shown
slots (`index.TaskIndex`) and tells views how it changed as cheaply as will do: rows
appended, rows inserted where the order puts them, or one layout change that carries the
persistent indexes (the selection, the current row) to where their tasks went.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, filterfalse

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Signal

from aitasker_desktop.domain.text import folded
from aitasker_desktop.ui.tasks import wording
from aitasker_desktop.ui.tasks.index import Group, TaskIndex

Index = QModelIndex | QPersistentModelIndex


class ShownRows(QAbstractTableModel):
    summary_changed = Signal()  # the totals, the chip counts or the rows shown changed

    def __init__(self, parent: QObject | None, names: wording.KindNames) -> None:
        super().__init__(parent)
        self._names = names
        self._index = TaskIndex()
        self._order: list[int] = []  # every slot, in the sort order
        self._shown: list[int] = []  # the slots shown, in order
        self._inverse: dict[int, int] | None = None  # slot -> row, built when asked
        self._fresh: set[int] = set()  # slots added since the last order
        self._group = Group.ALL
        self._needle = ""
        self._typed: tuple[str, str, list[int]] | None = None  # the last filter's answer

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    @property
    def total(self) -> int:
        return len(self._index)

    def group_counts(self) -> dict[str, int]:
        return self._index.group_counts()

    def task_id_at(self, row: int) -> str | None:
        return self._index.ids[self._shown[row]] if 0 <= row < len(self._shown) else None

    def row_of(self, task_id: str) -> int:
        """The row showing this task, or -1 (not listed, or filtered out)."""
        slot = self._index.slot_of.get(task_id)
        if slot is None:
            return -1
        if self._inverse is None:
            self._inverse = {s: r for r, s in enumerate(self._shown)}
        return self._inverse.get(slot, -1)

    def is_listed(self, task_id: str) -> bool:
        """The task is in the list (shown, or hidden by the filter)."""
        return task_id in self._index.slot_of

    # -- filtering -------------------------------------------------------------------------

    @property
    def group(self) -> str:
        return self._group

    @property
    def text(self) -> str:
        return self._needle

    def set_filter(self, group: str, text: str) -> None:
        """Show the tasks of a chip whose title, category or type holds `text`."""
        needle = folded(text).strip()  # as the titles: "café" finds "Cafe", "cafe" "Café"
        if (group, needle) == (self._group, self._needle):
            return
        typed = self._typed
        self._group, self._needle = group, needle
        if typed is not None and typed[1] == group and typed[0] in needle:
            candidates: Sequence[int] = typed[2]  # typing on: nothing rejected can match now
        else:
            candidates = self._order
        self._show(self._filtered(candidates))

    def _filtered(self, candidates: Sequence[int]) -> list[int]:
        shown = self._index.matching(candidates, self._group, self._needle, self._names)
        self._typed = (self._needle, self._group, shown)
        return shown

    def _changed_rows(self, slots: list[int]) -> None:
        """dataChanged for these slots' rows: each row for a few, else one span (the view
        repaints what it shows either way, and finding 200 rows among 100,000 costs more)."""
        last = self.columnCount() - 1
        if len(slots) > 16:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._shown) - 1, last))
            return
        shown = self._shown
        rows = []
        for slot in slots:
            try:
                rows.append(shown.index(slot))  # a scan in C; no slot -> row map kept
            except ValueError:
                pass  # filtered out
        for top, bottom in ranges(sorted(rows)):
            self.dataChanged.emit(self.index(top, 0), self.index(bottom, last))

    # -- showing ---------------------------------------------------------------------------

    def _install(self, index: TaskIndex, order: list[int]) -> None:
        """Show `index` in `order` (filtered), telling the view as little as will do."""
        old_index, old_shown = self._index, self._shown
        shown = index.matching(order, self._group, self._needle, self._names)
        if index is not old_index:
            n = len(old_shown)
            same_start = [index.ids[s] for s in shown[:n]] == [old_index.ids[s] for s in old_shown]
            if same_start and len(shown) >= n:  # the rest of a first part: rows appended
                self._index, self._order, self._typed = index, order, None
                self._fresh = set()
                self._insert_tail(shown)
                return
            self._relayout(index, order, shown)
            return
        self._order = order
        fresh, self._fresh = self._fresh, set()
        self._typed = None
        if shown == old_shown:
            return
        if fresh and list(filterfalse(fresh.__contains__, shown)) == old_shown:
            self._insert_rows(shown, fresh)
            return
        self._relayout(index, order, shown)

    def _show(self, shown: list[int]) -> None:
        if shown != self._shown:
            self._relayout(self._index, self._order, shown)

    def _insert_tail(self, shown: list[int]) -> None:
        first = len(self._shown)
        self._inverse = None
        if len(shown) > first:
            self.beginInsertRows(QModelIndex(), first, len(shown) - 1)
            self._shown = shown
            self.endInsertRows()
        else:
            self._shown = shown
        self.summary_changed.emit()

    def _insert_rows(self, shown: list[int], fresh: set[int]) -> None:
        """New rows where the order puts them, a run at a time (top to bottom, so each
        run's row numbers are those of the list as it is at that moment)."""
        runs = ranges(list(compress(range(len(shown)), map(fresh.__contains__, shown))))
        if len(runs) > 64:  # scattered: one layout change costs the view less
            self._relayout(self._index, self._order, shown)
            return
        for top, bottom in runs:
            self.beginInsertRows(QModelIndex(), top, bottom)
            later = filterfalse(fresh.__contains__, shown[bottom + 1 :])
            self._shown = shown[: bottom + 1] + list(later)
            self._inverse = None
            self.endInsertRows()
        self._shown = shown
        self._inverse = None
        self.summary_changed.emit()

    def _relayout(self, index: TaskIndex, order: list[int], shown: list[int]) -> None:
        """Rows moved, came or went: one layout change; persistent indexes (the selection,
        the current row) follow their task, or become invalid when it is filtered out."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self._index.ids[self._shown[p.row()]] for p in old]
        self._index, self._order, self._shown = index, order, shown
        self._inverse = None
        rows: dict[str, int] = {}
        for task_id in set(old_ids):
            slot = index.slot_of.get(task_id)
            try:
                rows[task_id] = -1 if slot is None else shown.index(slot)
            except ValueError:
                rows[task_id] = -1
        new = [
            self.index(rows[task_id], p.column()) if rows[task_id] >= 0 else QModelIndex()
            for p, task_id in zip(old, old_ids, strict=True)
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
        self.summary_changed.emit()


def ranges(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted rows as contiguous (top, bottom) ranges."""
    out: list[tuple[int, int]] = []
    for row in rows:
        if out and out[-1][1] == row - 1:
            out[-1] = (out[-1][0], row)
        else:
            out.append((row, row))
    return out
