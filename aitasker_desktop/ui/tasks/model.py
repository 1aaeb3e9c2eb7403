"""The task list as a table model over plain Task objects.

Polls change a few rows at a time, so the model is updated in place (`apply`: dataChanged for
changed rows, one row insert for new ones) and never reset by a poll; a reset happens only
when the whole list is replaced (first load, another world). The filter's inputs (status
group, casefolded search text) are precomputed per row so filtering 10,000 rows stays cheap.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from enum import IntEnum
from operator import itemgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from aitasker_desktop.domain.lifecycle import NEEDS_BUYER, TERMINAL, Status, describe
from aitasker_desktop.domain.task import Task
from aitasker_desktop.services import formatting
from aitasker_desktop.ui.tasks import wording

Index = QModelIndex | QPersistentModelIndex

TASK_ROLE = Qt.ItemDataRole.UserRole + 1  # the Task object
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a raw value to sort by (str or float)
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3  # the raw status string (the badge's colour)


class Column(IntEnum):
    TITLE = 0
    KIND = 1
    STATUS = 2
    PRICE = 3
    NEXT = 4
    CHANGED = 5


HEADERS: dict[Column, str] = {
    Column.TITLE: "Title",
    Column.KIND: "Category and type",
    Column.STATUS: "Status",
    Column.PRICE: "Budget or price",
    Column.NEXT: "Next step",
    Column.CHANGED: "Last change",
}


class Group:
    """Status groups for the filter."""

    ALL = "all"
    NEEDS_YOU = "needs_you"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


def status_group(status: str) -> str:
    if status in NEEDS_BUYER:
        return Group.NEEDS_YOU
    if status in TERMINAL:
        return Group.FINISHED
    return Group.IN_PROGRESS  # moving, disputed, and any status this build does not know


_COLUMNS = tuple(Column)
_COLUMN_COUNT = len(_COLUMNS)
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        SORT_ROLE,
        TASK_ROLE,
        STATUS_ROLE,
    }
)
# Asked for every painted cell: built once (an enum `|` costs a few Python calls).
_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

# Lifecycle order, so sorting by status reads like the life of a task.
_STATUS_RANK = {str(s): i for i, s in enumerate(Status)}


def _timestamp(moment: datetime | None) -> float:
    if moment is None:
        return math.inf
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _now() -> datetime:
    return datetime.now(UTC)


class TaskTableModel(QAbstractTableModel):
    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = _now,
        names: wording.KindNames = wording.NO_NAMES,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._names = names
        self._tasks: list[Task] = []
        self._rows: dict[str, int] = {}
        # Per row, for the filter proxy: the status group and the casefolded search text.
        self.groups: list[str] = []
        self.search_texts: list[str] = []
        self._sort: tuple[Column, Qt.SortOrder] | None = None
        self._keys: list[str | float] = []  # per row, the sort key of the sort column

    # -- the Qt model interface ------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tasks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def index(
        self,
        row: int,
        column: int,
        parent: Index = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        # The inherited index() asks rowCount() and columnCount() first: two more calls into
        # Python per index, and views and the proxy make thousands of indexes per repaint.
        if parent.isValid() or not (0 <= row < len(self._tasks) and 0 <= column < _COLUMN_COUNT):
            return QModelIndex()
        return self.createIndex(row, column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(Column)
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        ):
            return HEADERS[Column(section)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting asks for a dozen roles per cell; answer the unused ones first and fast.
        if role not in _ROLES:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._tasks) and 0 <= column < _COLUMN_COUNT) or not index.isValid():
            return None
        task = self._tasks[row]
        col = _COLUMNS[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(task, col)
        if role == SORT_ROLE:
            return self._sort_value(task, col)
        if role == TASK_ROLE:
            return task
        if role == STATUS_ROLE:
            return task.status
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(task, col)
        if col is Column.PRICE:  # TextAlignmentRole
            return _RIGHT
        return None

    # -- cells -----------------------------------------------------------------------------

    def _display(self, task: Task, col: Column) -> str:
        if col is Column.TITLE:
            return wording.one_line(task.title) or "(untitled)"
        if col is Column.KIND:
            return wording.kind_text(task, self._names)
        if col is Column.STATUS:
            return wording.one_line(describe(task.status).label, 40)
        if col is Column.PRICE:
            return formatting.money(task.price_usd)
        if col is Column.NEXT:
            return wording.next_step(task, self._clock())
        return wording.changed_text(wording.last_change(task), self._clock())

    def _sort_value(self, task: Task, col: Column) -> str | float:
        if col is Column.TITLE:
            return task.title.casefold()
        if col is Column.KIND:
            return wording.kind_text(task, self._names).casefold()  # as shown, not by slug
        if col is Column.STATUS:
            return float(_STATUS_RANK.get(task.status, len(_STATUS_RANK)))
        if col is Column.PRICE:
            price = task.price_usd
            return -1.0 if price is None else float(price)
        if col is Column.NEXT:
            # Only a window the buyer must act in counts as urgent; the rest sort last.
            if task.status in NEEDS_BUYER:
                return _timestamp(task.deadline_at)
            return math.inf
        changed = wording.last_change(task)
        return -math.inf if changed is None else _timestamp(changed)  # undated: oldest

    def _tooltip(self, task: Task, col: Column) -> str:
        if col is Column.STATUS:
            text = describe(task.status).explanation
        elif col is Column.TITLE:
            text = task.title[: wording.MAX_TOOLTIP_CHARS] or "(untitled)"
        else:
            text = self._display(task, col)
        # Tooltips guess rich text: escape, so a server's markup shows as typed.
        return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"

    # -- the list's life -------------------------------------------------------------------

    def tasks(self) -> list[Task]:
        return list(self._tasks)

    def task_at(self, row: int) -> Task | None:
        return self._tasks[row] if 0 <= row < len(self._tasks) else None

    def row_of(self, task_id: str) -> int:
        return self._rows.get(task_id, -1)

    def set_kind_names(self, names: wording.KindNames) -> None:
        """Show categories and types by these names (a catalog arrived or changed): the
        column, the search text and, when sorted by it, the order follow."""
        if names == self._names:
            return
        self._names = names
        self.search_texts = [_search_text(task, names) for task in self._tasks]
        if self._sort is not None and self._sort[0] is Column.KIND:
            self._keys = [self._sort_value(task, Column.KIND) for task in self._tasks]
        if self._tasks:
            # dataChanged also makes the filter proxy re-test the rows against the new text.
            last = len(self._tasks) - 1
            self.dataChanged.emit(self.index(0, Column.KIND), self.index(last, Column.KIND))
            self._resort()

    def set_tasks(self, tasks: Sequence[Task]) -> None:
        """Replace the whole list (first load, another world)."""
        self.beginResetModel()
        self._tasks = []
        self._rows = {}
        self.groups = []
        self.search_texts = []
        self._keys = []
        for task in tasks:
            if task.id in self._rows:
                self._replace(self._rows[task.id], task)
            else:
                self._append(task)
        order = self._sorted_order()
        if order is not None:
            self._permute(order)
        self.endResetModel()

    def apply(self, tasks: Iterable[Task]) -> None:
        """Changed and new tasks from a poll: dataChanged for known rows, inserts for new.

        When the changes move rows (the list is sorted by what changed), the update and the
        move are one layout change instead of dataChanged followed by a layout change: with
        a thousand changed rows that halves the work the proxy and the view do.
        """
        changed: dict[int, Task] = {}
        new: dict[str, Task] = {}
        for task in tasks:
            row = self._rows.get(task.id)
            if row is not None:
                changed[row] = task
            else:
                new[task.id] = task  # the last copy of a task wins
        if changed and self._sort is not None and self._moves_rows(changed):
            self._relayout(changed)
        elif changed:
            for row, task in changed.items():
                self._replace(row, task)
            last = len(Column) - 1
            for top, bottom in _ranges(sorted(changed)):
                self.dataChanged.emit(self.index(top, 0), self.index(bottom, last))
        if new:
            first = len(self._tasks)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for task in new.values():
                self._append(task)
            self.endInsertRows()
            self._resort()

    def _moves_rows(self, changed: dict[int, Task]) -> bool:
        assert self._sort is not None
        col = self._sort[0]
        keys = self._keys
        return any(self._sort_value(task, col) != keys[row] for row, task in changed.items())

    def _relayout(self, changed: dict[int, Task]) -> None:
        self.layoutAboutToBeChanged.emit()
        for row, task in changed.items():
            self._replace(row, task)
        order = self._sorted_order()
        if order is not None:
            self._move_persistent(self._permute(order))
        self.layoutChanged.emit()

    # -- sorting (done here, not in the proxy: see proxy.py) -------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (Column(column), order) if 0 <= column < len(Column) else None
        col = self._sort[0] if self._sort is not None else None
        self._keys = [] if col is None else [self._sort_value(t, col) for t in self._tasks]
        self._resort()

    @property
    def sort_column(self) -> int:
        return -1 if self._sort is None else int(self._sort[0])

    def _sorted_order(self) -> list[int] | None:
        """Rows in sorted order (old row numbers), or None when unsorted or already in order."""
        if self._sort is None:
            return None
        order = self._sort[1]
        keys = self._keys
        descending = order == Qt.SortOrder.DescendingOrder
        # Stable in both directions: equal keys keep their current order.
        rows = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
        if all(old == new for new, old in enumerate(rows)):
            return None
        return rows

    def _permute(self, order: list[int]) -> list[int]:
        """Reorder the rows so new row i is old row order[i]; returns old row -> new row."""
        pick = itemgetter(*order) if len(order) > 1 else (lambda seq: tuple(seq[:1]))
        self._tasks = list(pick(self._tasks))
        self.groups = list(pick(self.groups))
        self.search_texts = list(pick(self.search_texts))
        if self._keys:
            self._keys = list(pick(self._keys))
        self._rows = {task.id: row for row, task in enumerate(self._tasks)}
        new_of_old = [0] * len(order)
        for new, old in enumerate(order):
            new_of_old[old] = new
        return new_of_old

    def _resort(self) -> None:
        order = self._sorted_order()
        if order is None:
            return
        self.layoutAboutToBeChanged.emit()
        self._move_persistent(self._permute(order))
        self.layoutChanged.emit()

    def _move_persistent(self, new_of_old: list[int]) -> None:
        old_indexes = self.persistentIndexList()
        new_indexes = [self.index(new_of_old[i.row()], i.column()) for i in old_indexes]
        self.changePersistentIndexList(old_indexes, new_indexes)

    def refresh_countdowns(self, rows: Iterable[int]) -> None:
        """Tell views the 'next step' cells of these rows changed (time moved on)."""
        wanted = sorted(r for r in set(rows) if 0 <= r < len(self._tasks))
        for top, bottom in _ranges(wanted):
            self.dataChanged.emit(
                self.index(top, Column.NEXT),
                self.index(bottom, Column.NEXT),
                [Qt.ItemDataRole.DisplayRole],
            )

    def seconds_left(self, row: int) -> float | None:
        task = self.task_at(row)
        if task is None or task.status not in NEEDS_BUYER:
            return None
        return wording.seconds_left(task, self._clock())

    def _append(self, task: Task) -> None:
        self._rows[task.id] = len(self._tasks)
        self._tasks.append(task)
        self.groups.append(status_group(task.status))
        self.search_texts.append(_search_text(task, self._names))
        if self._sort is not None:
            self._keys.append(self._sort_value(task, self._sort[0]))

    def _replace(self, row: int, task: Task) -> None:
        self._tasks[row] = task
        self.groups[row] = status_group(task.status)
        self.search_texts[row] = _search_text(task, self._names)
        if self._sort is not None:
            self._keys[row] = self._sort_value(task, self._sort[0])


def _search_text(task: Task, names: wording.KindNames) -> str:
    # The slugs as sent and humanized, and the catalog's names as shown: 'blog-post',
    # 'blog post' and 'Writing & Translation' all find it.
    kind = f"{task.category}\n{task.task_type}"
    shown = f"{names.category(task.category)}\n{names.task_type(task.category, task.task_type)}"
    return f"{task.title}\n{kind}\n{kind.replace('-', ' ')}\n{shown}".casefold()


def _ranges(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted rows as contiguous (top, bottom) ranges; many scattered rows become one span."""
    out: list[tuple[int, int]] = []
    for row in rows:
        if out and out[-1][1] == row - 1:
            out[-1] = (out[-1][0], row)
        else:
            out.append((row, row))
    if len(out) > 64:  # one signal instead of hundreds: the views repaint what they show
        return [(out[0][0], out[-1][1])]
    return out
