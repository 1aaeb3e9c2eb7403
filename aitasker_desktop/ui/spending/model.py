"""The spending table: a row per month with its totals, under it a row per category, and the
period's total at the bottom. Newest month first, as a report to a manager reads.

A new summary replaces the table whole (a model reset): it is a few dozen rows, read again
only when the period or the tasks change, and every row may differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from aitasker_desktop.domain.spending import BUCKETS, Summary
from aitasker_desktop.services import formatting

Index = QModelIndex | QPersistentModelIndex
ALL_CATEGORIES = "All categories"
TOTAL = "Total"


class Column(IntEnum):
    MONTH = 0
    CATEGORY = 1
    SPENT = 2
    HELD = 3
    REFUNDED = 4
    TASKS = 5


HEADERS = ("Month", "Category", "Spent", "Held", "Refunded", "Tasks")


@dataclass(frozen=True)
class SpendRow:
    month: str  # the month's name; empty on a category row under its month
    category: str  # the category's name, or ALL_CATEGORIES
    cents: tuple[int, int, int]  # spent, held, refunded
    tasks: int
    kind: str  # "month" | "category" | "total"


def table_rows(summary: Summary, category_name: Callable[[str], str] = str) -> list[SpendRow]:
    rows: list[SpendRow] = []
    for month in reversed(summary.months()):
        rows.append(_row(summary, formatting.month(month), ALL_CATEGORIES, "month", month=month))
        for category in sorted(summary.categories(month), key=category_name):
            rows.append(_row(summary, "", category_name(category), "category", month, category))
    if summary.cells:
        rows.append(_row(summary, TOTAL, ALL_CATEGORIES, "total"))
    return rows


def _row(
    summary: Summary,
    month_text: str,
    category_text: str,
    kind: str,
    month: str | None = None,
    category: str | None = None,
) -> SpendRow:
    spent, held, refunded = (summary.total(b, month=month, category=category) for b in BUCKETS)
    return SpendRow(
        month_text,
        category_text,
        (spent, held, refunded),
        summary.tasks(month=month, category=category),
        kind,
    )


class SpendingTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[SpendRow] = []

    def set_rows(self, rows: list[SpendRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> SpendRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section >= Column.SPENT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= Column.SPENT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.kind != "category":
            font = QFont(QApplication.font())
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and row.kind != "category":
            return QApplication.palette().brush(QPalette.ColorRole.AlternateBase)
        return None

    @staticmethod
    def _text(row: SpendRow, column: Column) -> str:
        if column is Column.MONTH:
            return row.month
        if column is Column.CATEGORY:
            return row.category
        if column is Column.TASKS:
            return formatting.count(row.tasks)
        return formatting.money(row.cents[column - Column.SPENT] / 100)
