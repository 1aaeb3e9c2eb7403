"""The task list as a table model over the task cache, light at 100,000 tasks.

As in Anki's browser, the model is an ordered list of what is shown, and the rows are read
from the cache as the view paints them (`rows.RowCache`). What filtering needs of every task
is kept compactly (`index.TaskIndex`); orders come from SQL on the runner (SQLite sorts
without the GIL), filtering is a Python pass over the order on the GUI thread (~1 ms per
10,000 tasks).

No QSortFilterProxyModel: at 100,000 rows it calls `filterAcceptsRow` into Python for every
row on every keystroke (~100 ms) and holds a mapping per row. The model filters and sorts
itself, and is what the view shows.

Updates: a poll's changed rows get `dataChanged`; new rows are inserted where the order puts
them (`rowsInserted`); when rows move (a filter, a sort, a change that moves a row) it is one
layout change that carries the persistent indexes, so the selection survives. A reset only
when the world changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from aitasker_desktop.domain.task import Task
from aitasker_desktop.services.runner import TaskRunner
from aitasker_desktop.services.task_listing import RowOrder, TaskListing, list_entry
from aitasker_desktop.ui.tasks import wording
from aitasker_desktop.ui.tasks.index import STATUS_RANK, Group, TaskIndex
from aitasker_desktop.ui.tasks.rows import AFTER, BEFORE, HEADERS, Column, Row, RowCache
from aitasker_desktop.ui.tasks.shown import ShownRows, ranges

__all__ = ["HEADERS", "SORT_ROLE", "STATUS_ROLE", "TASK_ROLE", "Column", "Group"]

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex

TASK_ROLE = Qt.ItemDataRole.UserRole + 1  # the whole Task (read from the cache)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a raw value to sort by (str or float)
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3  # the raw status string (the badge's colour)

FIRST_ROWS = 300  # read and shown first, so the list paints at once; the rest follows

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
_SQL_ORDER = {
    Column.TITLE: RowOrder.TITLE,
    Column.PRICE: RowOrder.PRICE,
    Column.NEXT: RowOrder.DEADLINE,
    Column.CHANGED: RowOrder.CHANGED,
}


def _now() -> datetime:
    return datetime.now(UTC)


class TaskTableModel(ShownRows):
    def __init__(
        self,
        listing: TaskListing,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = _now,
        names: wording.KindNames = wording.NO_NAMES,
    ) -> None:
        super().__init__(parent, names)
        self._listing = listing
        self._runner = runner
        self._clock = clock
        self._rows = RowCache(listing.rows)
        self._rows.names = names
        self._sort: tuple[Column, Qt.SortOrder] = (Column.CHANGED, Qt.SortOrder.DescendingOrder)
        self._generation = 0  # bumped on reload: older answers are dropped
        self._loading = False  # the whole index is being read
        self._pending: list[Task] | None = None  # changes that came while it was read
        self._ordering = False  # an order is being made on the runner
        self._order_again = False
        self._task: Task | None = None  # the last whole task read (TASK_ROLE)

    # -- the Qt model interface ------------------------------------------------------------

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMN_COUNT

    def index(
        self,
        row: int,
        column: int,
        parent: Index = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        # The inherited index() asks rowCount() and columnCount() first: two more calls into
        # Python per index, and views make thousands of indexes per repaint.
        if parent.isValid() or not (0 <= row < len(self._shown) and 0 <= column < _COLUMN_COUNT):
            return QModelIndex()
        return self.createIndex(row, column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and 0 <= section < _COLUMN_COUNT
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        ):
            return HEADERS[Column(section)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting asks for a dozen roles per cell; answer the unused ones first and fast.
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._shown) and 0 <= column < _COLUMN_COUNT):
            return None
        col = _COLUMNS[column]
        if role == TASK_ROLE:
            return self.task_at(row)
        item = self._row(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return item.display(col, self._clock())
        if role == SORT_ROLE:
            return item.sort_value(col)
        if role == STATUS_ROLE:
            return item.data.status
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.tooltip(col, self._clock())
        return _RIGHT if col is Column.PRICE else None  # TextAlignmentRole

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < _COLUMN_COUNT:
            return
        self._sort = (Column(column), order)
        self._request_order()

    # -- rows ------------------------------------------------------------------------------

    def _row(self, row: int) -> Row:
        ids, shown = self._index.ids, self._shown
        task_id = ids[shown[row]]
        item = self._rows.get(task_id)
        if item is None:
            self._rows.load([ids[s] for s in shown[max(0, row - BEFORE) : row + AFTER]])
            item = self._rows.get(task_id)
            assert item is not None
        return item

    def task_at(self, row: int) -> Task | None:
        """The whole task shown in this row, read from the cache (the last one is kept)."""
        task_id = self.task_id_at(row)
        if task_id is None:
            return None
        if self._task is None or self._task.id != task_id:
            self._task = self._listing.task(task_id)
        return self._task

    def seconds_left(self, row: int) -> float | None:
        """Time left in the window the buyer must act in, for a row on screen."""
        return self._row(row).seconds_left(self._clock()) if 0 <= row < len(self._shown) else None

    def refresh_countdowns(self, rows: Iterable[int]) -> None:
        """Tell views the 'next step' cells of these rows changed (time moved on)."""
        wanted = sorted(r for r in set(rows) if 0 <= r < len(self._shown))
        for top, bottom in ranges(wanted):
            self.dataChanged.emit(
                self.index(top, Column.NEXT),
                self.index(bottom, Column.NEXT),
                [Qt.ItemDataRole.DisplayRole],
            )

    @property
    def row_cache(self) -> RowCache:
        return self._rows

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def sort_column(self) -> int:
        return int(self._sort[0])

    def set_kind_names(self, names: wording.KindNames) -> None:
        """Show categories and types by these names (a catalog arrived or changed): the
        column, the search and, when sorted by it, the order follow."""
        if names == self._names:
            return
        self._names = names
        self._rows.names = names
        self._rows.clear()
        self._typed = None
        if self._shown:
            last = len(self._shown) - 1
            self.dataChanged.emit(self.index(0, Column.KIND), self.index(last, Column.KIND))
        if self._needle:
            self._show(self._filtered(self._order))
        if self._sort[0] is Column.KIND:
            self._request_order()

    # -- the list's life -------------------------------------------------------------------

    def reload(self) -> None:
        """Read the current world's list from the cache: the first rows at once, the rest
        on the runner. (Another world: the one reset.)"""
        self._generation += 1
        generation = self._generation
        self.beginResetModel()
        self._index, self._order, self._shown = TaskIndex(), [], []
        self._inverse, self._typed, self._task = None, None, None
        self._fresh = set()
        self._rows.clear()
        self._pending = []
        self._ordering = self._order_again = False
        world = self._listing.world
        self._loading = world is not None
        self.endResetModel()
        self.summary_changed.emit()
        if world is None:
            return
        col, order = self._sort
        sql = _SQL_ORDER.get(col, RowOrder.CHANGED)
        descending = order == Qt.SortOrder.DescendingOrder if col in _SQL_ORDER else True
        listing = self._listing

        def read(limit: int | None) -> TaskIndex:
            index = TaskIndex()
            for chunk in listing.entries(world, sql, descending, limit):
                index.extend(chunk)
            return index

        def first_read(index: TaskIndex) -> None:
            if generation == self._generation:
                self._install(index, self._ordered(index, list(range(len(index)))))
                if len(index) < FIRST_ROWS:
                    self._finish_load()
                    return
                self._runner.run(lambda: read(None), rest_read, self._on_read_failed, owner=self)

        def rest_read(index: TaskIndex) -> None:
            if generation == self._generation:
                self._install(index, self._ordered(index, list(range(len(index)))))
                self._finish_load()

        self._runner.run(lambda: read(FIRST_ROWS), first_read, self._on_read_failed, owner=self)

    def _finish_load(self) -> None:
        self._loading = False
        pending, self._pending = self._pending or [], None
        if pending:
            self.apply(pending)  # changed while the index was read: it may not have them
        elif self._order_again:
            self._request_order()
        self.summary_changed.emit()

    def _on_read_failed(self, exc: BaseException) -> None:
        log.error("The task list could not be read from the cache", exc_info=exc)
        self._loading = False
        self._pending = None
        self.summary_changed.emit()

    def apply(self, tasks: Sequence[Task]) -> None:
        """Tasks just written to the cache: their rows change now; new ones, and rows that
        move, follow when the new order is read."""
        if self._pending is not None:
            self._pending.extend(tasks)
        index = self._index
        changed: list[int] = []
        added: list[int] = []
        for task in tasks:
            slot, new = index.put(list_entry(task))
            (added if new else changed).append(slot)
        self._fresh.update(added)
        self._rows.forget([t.id for t in tasks])
        if self._task is not None and any(t.id == self._task.id for t in tasks):
            self._task = None
        if changed and self._shown:
            self._changed_rows(changed)
        self._typed = None
        col, direction = self._sort
        sql = _SQL_ORDER.get(col)
        if sql is None or self._loading or self._ordering:
            self._request_order()  # after the order being made, or by SQL
        else:
            descending = direction == Qt.SortOrder.DescendingOrder
            key = index.order_key(sql)
            self._install(index, index.reordered(self._order, changed + added, key, descending))
        self.summary_changed.emit()

    # -- orders ----------------------------------------------------------------------------

    def _ordered(self, index: TaskIndex, base: list[int]) -> list[int]:
        """`base` (in an SQL order) in the model's order: the columns SQL cannot order by
        (names from the catalog, the lifecycle's order) are bucketed here."""
        col, order = self._sort
        descending = order == Qt.SortOrder.DescendingOrder
        if col is Column.KIND:
            texts = [wording.kind_words(c, t, self._names).casefold() for c, t in index.kind_pairs]
            rank = _ranks(texts)
            return index.bucketed(base, index.kinds, rank, descending)
        if col is Column.STATUS:
            keys = [STATUS_RANK.get(name, len(STATUS_RANK)) for name in index.status_names]
            return index.bucketed(base, index.statuses, _ranks(keys), descending)
        return base

    def _request_order(self) -> None:
        if self._loading or self._ordering:
            self._order_again = True
            return
        world = self._listing.world
        if world is None:
            return
        self._ordering, self._order_again = True, False
        col, order = self._sort
        sql = _SQL_ORDER.get(col, RowOrder.CHANGED)
        descending = order == Qt.SortOrder.DescendingOrder if col in _SQL_ORDER else True
        generation, index, listing = self._generation, self._index, self._listing
        ordered = self._ordered  # reads the sort and names now; runs on the runner

        def make() -> list[int]:
            slot_of = index.slot_of
            ids = listing.order(world, sql, descending)
            base = [s for s in map(slot_of.get, ids) if s is not None]
            return ordered(index, base)

        def made(order: list[int]) -> None:
            self._ordering = False
            if generation == self._generation and index is self._index:
                self._install(index, order)
            if self._order_again:
                self._request_order()

        def failed(exc: BaseException) -> None:
            self._ordering = False
            log.error("The task list could not be ordered", exc_info=exc)

        self._runner.run(make, made, failed, owner=self)


def _ranks(keys: Sequence[Any]) -> list[int]:
    """Each position's rank among `keys` (equal keys, equal rank)."""
    distinct = sorted(set(keys))
    rank_of = {k: i for i, k in enumerate(distinct)}
    return [rank_of[k] for k in keys]
