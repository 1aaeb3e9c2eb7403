"""The rows on screen: read from the cache as the view asks, kept in a small LRU, worded.

A view asks for the rows it paints; a miss reads a block around the row asked for (one
query by primary key, a millisecond or two), so scrolling reads a block every few screens
and a jump to the bottom reads one block. The cache keeps the last few thousand rows; the
words that do not depend on the clock are made once per row.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import IntEnum

from aitasker_desktop.domain.lifecycle import NEEDS_BUYER, describe
from aitasker_desktop.services import formatting
from aitasker_desktop.services.task_listing import TaskRow
from aitasker_desktop.ui.plain_tip import plain_tip
from aitasker_desktop.ui.tasks import wording
from aitasker_desktop.ui.tasks.index import STATUS_RANK

CAPACITY = 4096
BEFORE, AFTER = 32, 128  # a block read around a missed row (views scroll down more often)


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


def _moment(seconds: float | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


class Row:
    """One task's row, with the words that do not change with the clock."""

    __slots__ = ("data", "deadline", "kind", "price", "status", "title")

    def __init__(self, data: TaskRow, names: wording.KindNames) -> None:
        self.data = data
        self.title = wording.one_line(data.title) or "(untitled)"
        self.kind = wording.kind_words(data.category, data.task_type, names)
        self.status = wording.one_line(describe(data.status).label, 40)
        self.price = formatting.money(data.price)
        self.deadline = _moment(data.deadline_at)

    def display(self, col: Column, now: datetime) -> str:
        if col is Column.TITLE:
            return self.title
        if col is Column.KIND:
            return self.kind
        if col is Column.STATUS:
            return self.status
        if col is Column.PRICE:
            return self.price
        if col is Column.NEXT:
            return wording.next_step_for(self.data.status, self.deadline, now)
        return wording.changed_text(_moment(self.data.changed_at), now)

    def sort_value(self, col: Column) -> str | float:
        """The raw value the column sorts by (as the SQL orders do)."""
        data = self.data
        if col is Column.TITLE:
            return data.title.casefold()
        if col is Column.KIND:
            return self.kind.casefold()
        if col is Column.STATUS:
            return float(STATUS_RANK.get(data.status, len(STATUS_RANK)))
        if col is Column.PRICE:
            return -1.0 if data.price is None else float(data.price)
        if col is Column.NEXT:
            # Only a window the buyer must act in counts as urgent; the rest sort last.
            if data.status in NEEDS_BUYER and data.deadline_at is not None:
                return data.deadline_at
            return math.inf
        return -math.inf if data.changed_at is None else data.changed_at

    def tooltip(self, col: Column, now: datetime) -> str:
        if col is Column.STATUS:
            text = describe(self.data.status).explanation
        elif col is Column.TITLE:
            text = self.data.title[: wording.MAX_TOOLTIP_CHARS] or "(untitled)"
        else:
            text = self.display(col, now)
        return plain_tip(text)  # a server's markup shows as typed

    def seconds_left(self, now: datetime) -> float | None:
        """Time left in a window the buyer must act in (None: no such window)."""
        if self.data.status not in NEEDS_BUYER or self.data.deadline_at is None:
            return None
        return self.data.deadline_at - now.timestamp()


def _missing(task_id: str) -> TaskRow:
    # A task gone from the cache between the order and the paint: an empty row, not a loop.
    return TaskRow(task_id, "", "", "", "unknown", None, None, None)


class RowCache:
    """Rows by task id, least recently used first out."""

    def __init__(
        self, read: Callable[[Sequence[str]], list[TaskRow]], capacity: int = CAPACITY
    ) -> None:
        self._read = read
        self._capacity = capacity
        self._rows: OrderedDict[str, Row] = OrderedDict()
        self.names = wording.NO_NAMES
        self.reads = 0  # blocks read (for the bench and tests)

    @property
    def capacity(self) -> int:
        return self._capacity

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, task_id: str) -> Row | None:
        row = self._rows.get(task_id)
        if row is not None:
            self._rows.move_to_end(task_id)
        return row

    def load(self, ids: Sequence[str]) -> None:
        """Read the rows of these tasks that are not here yet (one block)."""
        block = [i for i in ids if i not in self._rows]
        if not block:
            return
        self.reads += 1
        found = {r.id: r for r in self._read(block)}
        for i in block:
            self._rows[i] = Row(found.get(i) or _missing(i), self.names)
        while len(self._rows) > self._capacity:
            self._rows.popitem(last=False)

    def peek(self, task_id: str) -> Row | None:
        return self._rows.get(task_id)

    def forget(self, ids: Sequence[str]) -> None:
        for task_id in ids:
            self._rows.pop(task_id, None)

    def clear(self) -> None:
        self._rows.clear()
