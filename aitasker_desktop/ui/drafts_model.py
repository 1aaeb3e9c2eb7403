"""The Drafts list as a Qt table model: one row per draft (or trashed draft).

A row reads as a mail client's does: the title, and under it the first words of the brief
(`SNIPPET_ROLE`), so two drafts both untitled are still told apart; the kind of work by its
catalog names. The title is edited in place (F2): the model only asks for the rename
(`rename_requested`); the page saves it.

Rows are plain `DraftRow` values; `set_rows` applies a new list with row removals and
inserts where it can (so the selection survives a delete, an undo or a duplicate) and a
reset only when the order changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from aitasker_desktop.domain.brief import Draft
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.clock import Clock, system_clock
from aitasker_desktop.domain.text import folded
from aitasker_desktop.services import formatting
from aitasker_desktop.ui.plain_tip import plain_tip

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 3  # the brief's first words, the title's second line
UNTITLED_ROLE = Qt.ItemDataRole.UserRole + 4  # no title of its own: the title shown is a stand-in
SNIPPET_CHARS = 90

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


def kind_text(draft: Draft, catalog: Catalog | None) -> str:
    """The kind of work as the catalog names it ("Design · Logo", as the task list and a
    task's page do), the slug made readable while no catalog is known."""
    brief = draft.brief
    cat = catalog.category(brief.category) if catalog and brief.category else None
    tt = catalog.task_type(brief.category, brief.task_type) if catalog and brief.task_type else None
    if tt is not None:
        return f"{cat.name} · {tt.name}" if cat else tt.name
    if cat is not None and not brief.task_type:
        return cat.name
    if brief.task_type:
        return brief.task_type.replace("-", " ").capitalize()
    if brief.category:
        return brief.category.replace("-", " ").capitalize()
    return "Not chosen yet"


def snippet(draft: Draft) -> str:
    """The brief's first words on one line, cut at a word."""
    text = " ".join(draft.brief.description.split())
    if not text:
        return "No brief yet"
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def _search_text(draft: Draft, catalog: Catalog | None) -> str:
    brief = draft.brief
    kind = kind_text(draft, catalog)
    return "\n".join((brief.title, brief.description, kind, brief.category, brief.task_type))


class DraftSearch:
    """Which drafts hold every word typed, in the title, the brief or the kind of work (its
    names and keys: "logo" finds a draft whose type is Logo whatever its title), whatever
    the case or accents ("cafe" finds "café", and "café" "cafe": `folded`).

    The page reads every draft again for each search, and folding a long accented brief
    takes ~0.3 ms: so each draft's folded text is kept while its text stays the same, and
    typing a search folds only what was typed."""

    def __init__(self) -> None:
        self._folded: dict[str, tuple[str, str]] = {}  # draft id -> (its text, folded)

    @staticmethod
    def words(query: str) -> list[str]:
        return folded(query).split()

    def finds(self, draft: Draft, words: list[str], catalog: Catalog | None) -> bool:
        """Every one of `words` (a query's `words`) is in the draft's text."""
        if not words:
            return True
        text = _search_text(draft, catalog)
        known = self._folded.get(draft.id)
        if known is None or known[0] != text:
            known = self._folded[draft.id] = (text, folded(text))
        return all(word in known[1] for word in words)


class DraftsModel(QAbstractTableModel):
    TITLE, KIND, STATUS, WHEN = range(4)
    rename_requested = Signal(str, str)  # draft id, the title typed in place

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
        self._catalog: Catalog | None = None
        self._renamable = True  # the trash's rows are not

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

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.TITLE and self._renamable:
            row = self._rows[index.row()]
            if row.draft.task_id is None and row.status == "Draft":
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != self.TITLE:
            return False
        self.rename_requested.emit(self._rows[index.row()].id, str(value))
        return True  # the list is reloaded from what was saved

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.EditRole and column == self.TITLE:
            return row.draft.brief.title.strip()  # an untitled draft starts empty
        if role == SNIPPET_ROLE:
            return snippet(row.draft)
        if role == UNTITLED_ROLE:
            return not row.draft.brief.title.strip()
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.TITLE:
            return f"{row.draft.display_title}. {snippet(row.draft)}"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.TITLE:
                return row.draft.display_title
            if column == self.KIND:
                return kind_text(row.draft, self._catalog)
            if column == self.STATUS:
                return row.status
            if column == self.WHEN:
                return relative_time(row.when, self._clock())
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.WHEN:
                return formatting.date_time(row.when)
            if column == self.STATUS and row.draft.task_id:
                return plain_tip(f"Posted as task {row.draft.task_id}")  # the server's id
            if column == self.TITLE:
                return plain_tip(row.draft.display_title)  # as typed, never read as markup
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

    def set_catalog(self, catalog: Catalog | None) -> None:
        self._catalog = catalog
        if self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, self.KIND), self.index(last, self.KIND))

    def set_renamable(self, renamable: bool) -> None:
        self._renamable = renamable

    def refresh_times(self) -> None:
        if self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, self.WHEN), self.index(last, self.WHEN))
