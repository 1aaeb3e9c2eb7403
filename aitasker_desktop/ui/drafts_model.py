"""The Drafts list as a Qt table model: one row per draft (or trashed draft).

Rows are plain `DraftRow` values; `set_rows` applies a new list with row removals and inserts
where it can (so the selection survives a delete, an undo or a duplicate) and a reset only
when the order changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from aitasker_desktop.domain.brief import Draft
from aitasker_desktop.domain.clock import Clock, system_clock
from aitasker_desktop.services import formatting

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class DraftRow:
    draft: Draft
    when: datetime  # last edited, or deleted (in the trash)
    status: str  # "Draft", "Posted", "Waiting to send", ...

    @property
    def id(self) -> str:
        return self.draft.id


def relative_time(when: datetime, now: datetime) -> str:
    """'just now', '5 minutes ago', 'yesterday', '3 days ago', then the date."""
    return formatting.ago(when, now)


def _kind(draft: Draft) -> str:
    brief = draft.brief
    if brief.task_type:
        return brief.task_type.replace("-", " ").capitalize()
    if brief.category:
        return brief.category.replace("-", " ").capitalize()
    return "Not chosen yet"


class DraftsModel(QAbstractTableModel):
    TITLE, KIND, STATUS, WHEN = range(4)

    def __init__(
        self,
        when_label: str = "Last edited",
        parent: QObject | None = None,
        *,
        clock: Clock = system_clock,
    ) -> None:
        super().__init__(parent)
        self._rows: list[DraftRow] = []
        self._headers = ("Title", "Type of task", "Status", when_label)
        self._clock = clock

    # -- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.TITLE:
                return row.draft.display_title
            if column == self.KIND:
                return _kind(row.draft)
            if column == self.STATUS:
                return row.status
            if column == self.WHEN:
                return relative_time(row.when, self._clock())
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.WHEN:
                return formatting.date_time(row.when)
            if column == self.STATUS and row.draft.task_id:
                return f"Posted as task {row.draft.task_id}"
            if column == self.TITLE:
                return row.draft.display_title
        if role == SORT_ROLE:
            if column == self.WHEN:
                return row.when.timestamp()
            return str(self.data(index)).casefold()
        if role == ID_ROLE:
            return row.id
        return None

    # -- contents --------------------------------------------------------------------------

    def row(self, index: int) -> DraftRow:
        return self._rows[index]

    def row_of(self, draft_id: str) -> int:
        for i, row in enumerate(self._rows):
            if row.id == draft_id:
                return i
        return -1

    def set_rows(self, rows: list[DraftRow]) -> None:
        new_ids = [r.id for r in rows]
        if len(set(new_ids)) != len(new_ids):
            raise ValueError("duplicate draft ids")
        wanted = set(new_ids)
        for i in range(len(self._rows) - 1, -1, -1):
            if self._rows[i].id not in wanted:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
        kept = [r.id for r in self._rows]
        if kept != [i for i in new_ids if i in set(kept)]:
            self.beginResetModel()  # the order changed: nothing to keep
            self._rows = list(rows)
            self.endResetModel()
            return
        for position, row in enumerate(rows):
            if position >= len(self._rows) or self._rows[position].id != row.id:
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.insert(position, row)
                self.endInsertRows()
            else:
                self._rows[position] = row
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self._headers) - 1)
            )

    def refresh_times(self) -> None:
        if self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, self.WHEN), self.index(last, self.WHEN))
