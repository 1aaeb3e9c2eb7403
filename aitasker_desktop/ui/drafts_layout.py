"""The Drafts place's widgets, laid out: the heading with Drafts and Trash, search, the list
(two lines a row, renamed in place with F2), the selected draft's start, and the actions; and
which draft the list has selected, by id (the proxy's rows are not the model's). What they do
is drafts_page.py's."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.clock import Clock
from aitasker_desktop.services.drafts import TRASH_KEEP_DAYS
from aitasker_desktop.ui.drafts_delegate import GAP, PAD_Y, TitleDelegate
from aitasker_desktop.ui.drafts_model import ID_ROLE, SORT_ROLE, DraftRow, DraftsModel
from aitasker_desktop.ui.drafts_undo import UndoBar
from aitasker_desktop.ui.wrapping import ElidedLabel

SEARCH_DELAY_MS = 150


class DraftsLayout(QWidget):
    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftsPage")
        top = self._build_top()
        self._build_table(clock)
        self._build_preview()
        actions = self._build_actions()
        self.undo_bar = UndoBar()

        page = QVBoxLayout(self)
        page.setContentsMargins(16, 12, 16, 12)
        page.addLayout(top)
        page.addWidget(self.undo_bar)
        page.addWidget(self.table, 1)
        page.addWidget(self.empty, 1)
        page.addWidget(self.preview_title)
        page.addWidget(self.preview)
        page.addLayout(actions)

    def _build_top(self) -> QHBoxLayout:
        """The heading, Drafts and Trash (one of them chosen), and the search."""
        heading = QLabel("Drafts")
        heading.setObjectName("pageHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)

        self.show_drafts = QPushButton("Drafts")
        self.show_trash = QPushButton("Trash")
        self.view_group = QButtonGroup(self)
        for button in (self.show_drafts, self.show_trash):
            button.setCheckable(True)
            button.setAccessibleName(button.text())
            self.view_group.addButton(button)
        self.show_drafts.setChecked(True)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search drafts")
        self.search.setAccessibleName("Search drafts")
        self.search.setClearButtonEnabled(True)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(self.show_drafts)
        top.addWidget(self.show_trash)
        top.addStretch(1)
        top.addWidget(self.search, 1)
        return top

    def _build_table(self, clock: Clock) -> None:
        """The drafts and the trash models, one shown at a time through the sorting proxy."""
        self.model = DraftsModel(parent=self, clock=clock)
        self.trash_model = DraftsModel("Deleted", parent=self, clock=clock)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("draftsTable")
        self.table.setAccessibleName("Drafts")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # F2 renames in place (the title column; posted drafts and the trash cannot be).
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setItemDelegateForColumn(DraftsModel.TITLE, TitleDelegate(self.table))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DraftsModel.WHEN, Qt.SortOrder.DescendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        line = QFontMetrics(self.table.font()).height()  # two lines: title, the brief's start
        self.table.verticalHeader().setDefaultSectionSize(2 * line + GAP + 2 * PAD_Y)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DraftsModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (DraftsModel.KIND, DraftsModel.STATUS, DraftsModel.WHEN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def _build_preview(self) -> None:
        """The line shown instead of an empty list, and the selected draft's start."""
        self.empty = QLabel()
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setObjectName("draftsEmpty")

        # One line, ending in "…" when the window is too narrow (the whole title in its
        # tooltip): a long title wrapped would push the list up, and the list shows it too.
        self.preview_title = ElidedLabel()
        bold = self.preview_title.font()
        bold.setBold(True)
        self.preview_title.setFont(bold)
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.preview.setObjectName("draftPreview")
        self.preview.setAccessibleName("Selected draft")
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _build_actions(self) -> QHBoxLayout:
        """The buttons for a draft, then for a trashed one (the page shows one set), and the
        trash's note."""
        self.open_button = QPushButton("Open")
        self.rename_button = QPushButton("Rename")
        self.rename_button.setToolTip("Rename the draft (F2)")
        self.duplicate_button = QPushButton("Duplicate")
        self.delete_button = QPushButton("Delete")
        self.restore_button = QPushButton("Restore")
        self.forget_button = QPushButton("Delete for good…")
        self.action_buttons = (
            self.open_button,
            self.rename_button,
            self.duplicate_button,
            self.delete_button,
            self.restore_button,
            self.forget_button,
        )
        actions = QHBoxLayout()
        for button in self.action_buttons:
            button.setAccessibleName(button.text().rstrip("…"))
            actions.addWidget(button)
        actions.addStretch(1)
        self.trash_note = QLabel(
            f"Drafts in the trash are deleted for good after {TRASH_KEEP_DAYS} days."
        )
        self.trash_note.setTextFormat(Qt.TextFormat.PlainText)
        actions.addWidget(self.trash_note)
        return actions

    # -- the list's selection, by draft id -------------------------------------------------

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        value = index.data(ID_ROLE)
        return str(value) if value else None

    def select(self, draft_id: str) -> bool:
        """Make it the current row, scrolled into view; False when the list does not show it."""
        source = self.proxy.sourceModel()
        assert isinstance(source, DraftsModel)
        row = source.row_of(draft_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(source.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def current_row(self) -> DraftRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        source = self.proxy.sourceModel()
        assert isinstance(source, DraftsModel)
        return source.row(self.proxy.mapToSource(index).row())
