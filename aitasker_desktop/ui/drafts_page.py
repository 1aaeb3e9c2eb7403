"""The Drafts place: every brief written here, last edited first, with a trash and undo.

Open (Enter or double-click), duplicate, delete (Delete; an "Undo" bar brings it back; the
trash keeps drafts 30 days), search (Ctrl+F). Posted drafts say so, with their task.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.brief import Draft
from aitasker_desktop.domain.clock import Clock, system_clock
from aitasker_desktop.services.drafts import TRASH_KEEP_DAYS, DraftsService
from aitasker_desktop.services.submission import SubmissionService, SubmissionState
from aitasker_desktop.ui.drafts_model import ID_ROLE, SORT_ROLE, DraftRow, DraftsModel

UNDO_VISIBLE_MS = 15_000
SEARCH_DELAY_MS = 150

STATUS_WORDS = {
    SubmissionState.SENDING: "Sending…",
    SubmissionState.QUEUED: "Waiting to send",
    SubmissionState.FAILED: "Not posted: needs changes",
}

Confirm = Callable[[QWidget, str], bool]


def ask(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(
        parent, "Delete for good?", question, defaultButton=QMessageBox.StandardButton.No
    )
    return answer == QMessageBox.StandardButton.Yes


class UndoBar(QFrame):
    """ "Deleted “X”. Undo" — shown after a delete, for a while."""

    undo_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setAccessibleName("Undo")
        self.undo_button.clicked.connect(self.undo_clicked)
        close = QPushButton("Dismiss")
        close.setAccessibleName("Dismiss")
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 6, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.undo_button)
        row.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_deleted(self, title: str) -> None:
        self.label.setText(f"Deleted “{title}”. It stays in the trash for {TRASH_KEEP_DAYS} days.")
        self.setAccessibleName(self.label.text())
        self.show()
        self._timer.start(UNDO_VISIBLE_MS)

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)


class DraftsPage(QWidget):
    open_requested = Signal(str)  # draft id: open it in the editor

    def __init__(
        self,
        drafts: DraftsService,
        submission: SubmissionService | None = None,
        *,
        confirm: Confirm = ask,
        clock: Clock = system_clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("draftsPage")
        self._drafts = drafts
        self._submission = submission
        self._confirm = confirm
        self._trash_mode = False
        self._stale = True
        self._undo_ids: list[str] = []

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
        self.show_drafts.toggled.connect(self.on_show_drafts_toggled)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search drafts")
        self.search.setAccessibleName("Search drafts")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(self.show_drafts)
        top.addWidget(self.show_trash)
        top.addStretch(1)
        top.addWidget(self.search, 1)

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
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DraftsModel.WHEN, Qt.SortOrder.DescendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DraftsModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (DraftsModel.KIND, DraftsModel.STATUS, DraftsModel.WHEN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_changed)
        self.table.installEventFilter(self)

        self.empty = QLabel()
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setObjectName("draftsEmpty")

        self.preview_title = QLabel()
        self.preview_title.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.preview_title.font()
        bold.setBold(True)
        self.preview_title.setFont(bold)
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.preview.setObjectName("draftPreview")
        self.preview.setAccessibleName("Selected draft")
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.open_button = QPushButton("Open")
        self.duplicate_button = QPushButton("Duplicate")
        self.delete_button = QPushButton("Delete")
        self.restore_button = QPushButton("Restore")
        self.forget_button = QPushButton("Delete for good…")
        actions = QHBoxLayout()
        for button, slot in (
            (self.open_button, self.open_current),
            (self.duplicate_button, self.duplicate_current),
            (self.delete_button, self.delete_current),
            (self.restore_button, self.restore_current),
            (self.forget_button, self.forget_current),
        ):
            button.setAccessibleName(button.text().rstrip("…"))
            button.clicked.connect(slot)
            actions.addWidget(button)
        actions.addStretch(1)
        self.trash_note = QLabel(
            f"Drafts in the trash are deleted for good after {TRASH_KEEP_DAYS} days."
        )
        self.trash_note.setTextFormat(Qt.TextFormat.PlainText)
        actions.addWidget(self.trash_note)

        self.undo_bar = UndoBar()
        self.undo_bar.undo_clicked.connect(self.undo_delete)

        page = QVBoxLayout(self)
        page.setContentsMargins(16, 12, 16, 12)
        page.addLayout(top)
        page.addWidget(self.undo_bar)
        page.addWidget(self.table, 1)
        page.addWidget(self.empty, 1)
        page.addWidget(self.preview_title)
        page.addWidget(self.preview)
        page.addLayout(actions)

        find = QAction("Find", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self.focus_search)
        self.addAction(find)
        undo = QAction("Undo delete", self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.triggered.connect(self.undo_delete)
        self.addAction(undo)

        self._clock = QTimer(self)  # keeps "5 minutes ago" true
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(self.on_clock_timeout)

        drafts.drafts_changed.connect(self.on_drafts_changed)
        if submission is not None:
            submission.submitted.connect(self.on_submission_changed)
            submission.queued.connect(self.on_submission_changed)
            submission.failed.connect(self.on_submission_changed)
        self._apply_mode()

    # -- loading ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._clock.start()
        if self._stale:
            self.reload()

    def hideEvent(self, event: QHideEvent) -> None:
        self._clock.stop()
        super().hideEvent(event)

    def on_drafts_changed(self) -> None:
        # Autosave fires this while the user types elsewhere: reload only when seen.
        self._stale = True
        if self.isVisible():
            QTimer.singleShot(0, self, self._reload_if_stale)

    def on_submission_changed(self, *_args: object) -> None:
        self.on_drafts_changed()

    def _reload_if_stale(self) -> None:
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        current = self.current_id()
        query = self.search.text().strip()
        if self._trash_mode:
            words = query.casefold().split()
            trashed = [
                t
                for t in self._drafts.list_trash()
                if all(
                    w in f"{t.draft.brief.title}\n{t.draft.brief.description}".casefold()
                    for w in words
                )
            ]
            rows = [DraftRow(t.draft, t.deleted_at, self._status(t.draft)) for t in trashed]
            self.trash_model.set_rows(rows)
        else:
            drafts = self._drafts.list(query)
            self.model.set_rows([DraftRow(d, d.updated_at, self._status(d)) for d in drafts])
        self._update_empty(query)
        if current is not None:
            self.select(current)
        if not self.table.currentIndex().isValid() and self.proxy.rowCount() > 0:
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._update_actions()

    def _status(self, draft: Draft) -> str:
        if draft.task_id:
            return "Posted"
        if self._submission is not None:
            state = self._submission.state_of(draft.id)
            if state in STATUS_WORDS:
                return STATUS_WORDS[state]
        return "Draft"

    def _update_empty(self, query: str) -> None:
        has_rows = self.proxy.rowCount() > 0
        self.table.setVisible(has_rows)
        self.preview.setVisible(has_rows)
        self.preview_title.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if query:
            self.empty.setText(f"Nothing matches “{query}”.")
        elif self._trash_mode:
            self.empty.setText(
                f"The trash is empty. Deleted drafts are kept here for {TRASH_KEEP_DAYS} days."
            )
        else:
            self.empty.setText(
                "No drafts yet. Everything you write under New brief is saved here "
                "automatically as you type."
            )

    # -- selection -------------------------------------------------------------------------

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        value = index.data(ID_ROLE)
        return str(value) if value else None

    def select(self, draft_id: str) -> bool:
        source = self.proxy.sourceModel()
        assert isinstance(source, DraftsModel)
        row = source.row_of(draft_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(source.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.current_id() is not None
        for button in (self.open_button, self.duplicate_button, self.delete_button):
            button.setVisible(not self._trash_mode)
            button.setEnabled(has)
        for button in (self.restore_button, self.forget_button):
            button.setVisible(self._trash_mode)
            button.setEnabled(has)
        self.trash_note.setVisible(self._trash_mode)
        title, _sep, rest = self._preview_text().partition("\n")
        self.preview_title.setText(title)
        self.preview.setText(rest)

    def _preview_text(self) -> str:
        index = self.table.currentIndex()
        if not index.isValid():
            return ""
        source = self.proxy.sourceModel()
        assert isinstance(source, DraftsModel)
        row = source.row(self.proxy.mapToSource(index).row())
        brief = row.draft.brief
        lines = [row.draft.display_title]
        if row.draft.task_id:
            lines.append(f"Posted as task {row.draft.task_id}.")
        text = " ".join(brief.description.split())
        lines.append(text[:300] + ("…" if len(text) > 300 else "") if text else "No brief yet.")
        return "\n".join(lines)

    # -- modes -----------------------------------------------------------------------------

    def on_show_drafts_toggled(self, checked: bool) -> None:
        self._trash_mode = not checked
        self._apply_mode()
        self.reload()

    def _apply_mode(self) -> None:
        for button in (self.show_drafts, self.show_trash):  # the chosen view reads bold
            font = button.font()
            font.setBold(button.isChecked())
            button.setFont(font)
        self.proxy.setSourceModel(self.trash_model if self._trash_mode else self.model)
        self.table.setAccessibleName("Trash" if self._trash_mode else "Drafts")
        self.table.sortByColumn(DraftsModel.WHEN, Qt.SortOrder.DescendingOrder)
        self._update_actions()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- actions ---------------------------------------------------------------------------

    def open_current(self) -> None:
        draft_id = self.current_id()
        if draft_id is not None and not self._trash_mode:
            self.open_requested.emit(draft_id)

    def on_table_double_clicked(self, _index: QModelIndex) -> None:
        if self._trash_mode:
            self.restore_current()
        else:
            self.open_current()

    def duplicate_current(self) -> None:
        draft_id = self.current_id()
        if draft_id is None or self._trash_mode:
            return
        copy = self._drafts.duplicate(draft_id)
        self.reload()
        self.select(copy.id)
        self.table.setFocus()

    def delete_current(self) -> None:
        draft_id = self.current_id()
        if draft_id is None or self._trash_mode:
            return
        row = self.table.currentIndex().row()
        title = str(self.table.currentIndex().siblingAtColumn(DraftsModel.TITLE).data())
        if self._drafts.delete(draft_id):
            self._undo_ids.append(draft_id)
            self.undo_bar.show_deleted(title)
            self.reload()
            if self.proxy.rowCount():
                self.table.setCurrentIndex(self.proxy.index(min(row, self.proxy.rowCount() - 1), 0))
            self.table.setFocus()

    def undo_delete(self) -> None:
        if not self._undo_ids:
            return
        draft_id = self._undo_ids.pop()
        self._drafts.restore(draft_id)
        self.undo_bar.hide()
        self.reload()
        self.select(draft_id)
        self.table.setFocus()

    def restore_current(self) -> None:
        draft_id = self.current_id()
        if draft_id is None or not self._trash_mode:
            return
        self._drafts.restore(draft_id)
        self.reload()

    def forget_current(self) -> None:
        draft_id = self.current_id()
        if draft_id is None or not self._trash_mode:
            return
        title = str(self.table.currentIndex().siblingAtColumn(DraftsModel.TITLE).data())
        if self._confirm(self, f"Delete “{title}” for good? This cannot be undone."):
            self._drafts.delete_forever(draft_id)
            self.reload()

    def on_clock_timeout(self) -> None:
        self.model.refresh_times()
        self.trash_model.refresh_times()

    # -- keys ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.table:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.on_table_double_clicked(self.table.currentIndex())
                    return True
                if key == Qt.Key.Key_Delete:
                    (self.forget_current if self._trash_mode else self.delete_current)()
                    return True
            elif watched is self.search:
                if key == Qt.Key.Key_Down and self.proxy.rowCount():
                    self.table.setFocus()
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._search_timer.stop()
                    self.reload()
                    self.table.setFocus()
                    return True
        return super().eventFilter(watched, event)
