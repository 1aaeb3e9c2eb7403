"""A delivery's files as a list: names as they will be saved, types in words, sizes; as tall
as its rows up to FILES_IN_SIGHT, and in a narrow window names and sizes only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QTableView, QWidget

from aitasker_desktop.domain.file_types import file_type_words
from aitasker_desktop.domain.filenames import safe_filename
from aitasker_desktop.domain.task import FileRef
from aitasker_desktop.services.formatting import size
from aitasker_desktop.ui.plain_tip import plain_tip

MAX_FILES = 500
NARROW_TABLE = 360  # px: narrower, the list shows names and sizes only
AnyIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("Name", "Type", "Size")


class FilesModel(QAbstractTableModel):
    """A delivery's files. Names are shown as they will be saved (cleaned)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._files: list[FileRef] = []

    def set_files(self, files: list[FileRef]) -> None:
        self.beginResetModel()
        self._files = list(files)[:MAX_FILES]
        self.endResetModel()

    def file_at(self, row: int) -> FileRef | None:
        return self._files[row] if 0 <= row < len(self._files) else None

    @property
    def files(self) -> list[FileRef]:
        return list(self._files)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._files)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        file = self._files[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return safe_filename(file.name)
            if column == 1:
                return file_type_words(file.media_type, file.name)
            return size(file.size_bytes)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return plain_tip(f"Saved as “{safe_filename(file.name)}”. Double-click to open it.")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None


class FilesTable(QTableView):
    """The file list, asking for the height of `wanted` (its rows in sight). When narrow,
    the names get the room: the type is said above the preview too."""

    wanted = 0

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(self.wanted, self.minimumHeight()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.setColumnHidden(1, event.size().width() < NARROW_TABLE)
