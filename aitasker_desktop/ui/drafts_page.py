"""The Drafts place: every brief written here, last edited first, with a trash and undo.

Open (Enter or double-click), rename (F2, or Rename in the menu: in place), duplicate, delete
(Delete; an "Undo" bar brings it back; the trash keeps drafts 30 days), search (Ctrl+F) in
titles, briefs and the kind of work. Posted drafts say so, with their task.

Deleting a draft that waits to be posted cancels that posting, after asking; a draft whose
task is being posted, or may already be on AITasker, cannot be deleted, and the bar says why.
Restoring a draft never posts it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QMenu, QWidget

from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.clock import Clock, system_clock
from aitasker_desktop.services.drafts import DraftsService
from aitasker_desktop.services.submission import SubmissionService, Withdrawal
from aitasker_desktop.ui.drafts_layout import DraftsLayout
from aitasker_desktop.ui.drafts_model import DraftRow, DraftSearch, DraftsModel
from aitasker_desktop.ui.drafts_undo import ask, ask_to_cancel_posting
from aitasker_desktop.ui.drafts_words import (
    cancel_question,
    cannot_delete_text,
    empty_text,
    forget_question,
    preview_lines,
    restored_unposted_text,
    status_word,
)

Confirm = Callable[[QWidget, str], bool]
Editing = QAbstractItemView.State.EditingState


class DraftsPage(DraftsLayout):
    open_requested = Signal(str)  # draft id: open it in the editor

    def __init__(
        self,
        drafts: DraftsService,
        submission: SubmissionService | None = None,
        *,
        confirm: Confirm = ask,
        confirm_cancel: Confirm = ask_to_cancel_posting,
        clock: Clock = system_clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(clock, parent)
        self._drafts = drafts
        self._submission = submission
        self._confirm = confirm
        self._confirm_cancel = confirm_cancel
        self._trash_mode = False
        self._stale = True
        # ("delete", id, title if its posting was cancelled, else "") | ("rename", id, old title)
        self._undo: list[tuple[str, str, str]] = []
        self._catalog: Catalog | None = None
        self._finder = DraftSearch()
        self.trash_model.set_renamable(False)
        self._connect_widgets()
        self._add_shortcuts()

        self._clock = QTimer(self)  # keeps "5 minutes ago" true
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(self.on_clock_timeout)

        drafts.drafts_changed.connect(self.on_drafts_changed)
        if submission is not None:
            submission.submitted.connect(self.on_submission_changed)
            submission.queued.connect(self.on_submission_changed)
            submission.failed.connect(self.on_submission_changed)
            submission.cancelled.connect(self.on_submission_changed)
        self._apply_mode()

    def _connect_widgets(self) -> None:
        """The layout's buttons, list, search and undo bar, to what they do here."""
        for button, slot in zip(
            self.action_buttons,
            (
                self.open_current,
                self.rename_current,
                self.duplicate_current,
                self.delete_current,
                self.restore_current,
                self.forget_current,
            ),
            strict=True,
        ):
            button.clicked.connect(slot)
        self.show_drafts.toggled.connect(self.on_show_drafts_toggled)
        self.search.installEventFilter(self)
        self.search_timer.timeout.connect(self.reload)
        self.table.customContextMenuRequested.connect(self.on_table_context_menu)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_changed)
        self.table.installEventFilter(self)
        self.undo_bar.undo_clicked.connect(self.undo_last)
        self.model.rename_requested.connect(self.on_model_rename_requested)

    def _add_shortcuts(self) -> None:
        """Ctrl+F and Ctrl+Z wherever the focus is on the page (F2 is the list's own)."""
        for text, key, slot in (
            ("Find", QKeySequence.StandardKey.Find, self.focus_search),
            ("Undo", QKeySequence.StandardKey.Undo, self.undo_last),
        ):
            action = QAction(text, self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

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
        words, sub, catalog = self._finder.words(query), self._submission, self._catalog
        if self._trash_mode:
            trashed = [
                t for t in self._drafts.list_trash() if self._finder.finds(t.draft, words, catalog)
            ]
            rows = [DraftRow(t.draft, t.deleted_at, status_word(t.draft, sub)) for t in trashed]
            self.trash_model.set_rows(rows)
        else:
            # Filtered here, not in SQL: the kind of work is searched by its catalog names.
            drafts = [d for d in self._drafts.list() if self._finder.finds(d, words, catalog)]
            self.model.set_rows([DraftRow(d, d.updated_at, status_word(d, sub)) for d in drafts])
        self._update_empty(query)
        if current is not None:
            self.select(current)
        if not self.table.currentIndex().isValid() and self.proxy.rowCount() > 0:
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._update_actions()

    def _update_empty(self, query: str) -> None:
        has_rows = self.proxy.rowCount() > 0
        self.table.setVisible(has_rows)
        self.preview.setVisible(has_rows)
        self.preview_title.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        self.empty.setText(empty_text(query, self._trash_mode))

    # -- selection -------------------------------------------------------------------------

    def on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.current_id() is not None
        for button in (self.open_button, self.duplicate_button, self.delete_button):
            button.setVisible(not self._trash_mode)
            button.setEnabled(has)
        self.rename_button.setVisible(not self._trash_mode)
        self.rename_button.setEnabled(self._can_rename())
        for button in (self.restore_button, self.forget_button):
            button.setVisible(self._trash_mode)
            button.setEnabled(has)
        self.trash_note.setVisible(self._trash_mode)
        row = self.current_row()
        title, rest = preview_lines(row.draft) if row is not None else ("", "")
        self.preview_title.setText(title)
        self.preview.setText(rest)

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

    def on_catalog_changed(self, catalog: Catalog | None) -> None:
        """Kinds of work by their names, in the list and in search."""
        self._catalog = catalog
        self.model.set_catalog(catalog)
        self.trash_model.set_catalog(catalog)
        if self.search.text().strip():
            self.on_drafts_changed()

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

    def _can_rename(self) -> bool:
        index = self.table.currentIndex()
        return (
            not self._trash_mode
            and index.isValid()
            and bool(index.siblingAtColumn(DraftsModel.TITLE).flags() & Qt.ItemFlag.ItemIsEditable)
        )

    def rename_current(self) -> None:
        """The title, edited in place (as F2 does); Enter keeps it, Escape does not."""
        if self._can_rename():
            self.table.setFocus()
            self.table.edit(self.table.currentIndex().siblingAtColumn(DraftsModel.TITLE))

    def on_model_rename_requested(self, draft_id: str, title: str) -> None:
        draft = self._drafts.get(draft_id)
        if draft is None:
            return
        old = draft.brief.title
        if self._drafts.rename(draft_id, title):  # the list reloads on drafts_changed
            self._undo.append(("rename", draft_id, old))
            renamed = self._drafts.get(draft_id)
            new = renamed.display_title if renamed is not None else title
            self.undo_bar.show_renamed(draft.display_title, new)

    def on_table_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        menu = QMenu(self)
        if self._trash_mode:
            choices = [("Restore", self.restore_current), ("Delete for good…", self.forget_current)]
        else:
            choices = [
                ("Open", self.open_current),
                ("Rename", self.rename_current),
                ("Duplicate", self.duplicate_current),
                ("Delete", self.delete_current),
            ]
        slots = {}
        for text, slot in choices:
            action = menu.addAction(text)
            slots[action] = slot
            if slot == self.rename_current:
                action.setShortcut(QKeySequence(Qt.Key.Key_F2))
                action.setEnabled(self._can_rename())
        self.context_menu = menu  # for tests and accessibility tools, while it is open
        # Done once the menu has closed, so an edit in place gets the focus back.
        chosen = menu.exec(self.table.viewport().mapToGlobal(position))
        menu.deleteLater()
        if chosen is not None and chosen in slots:
            slots[chosen]()

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

        def asked(what: str) -> bool:
            return what != Withdrawal.CANCELS or self._confirm_cancel(self, cancel_question(title))

        what = self._withdraw(draft_id, title, asked)
        if what is not None and self._drafts.delete(draft_id):
            cancelled = what == Withdrawal.CANCELS
            self._undo.append(("delete", draft_id, title if cancelled else ""))
            self.undo_bar.show_deleted(title, cancelled=cancelled)
            self.reload()
            if self.proxy.rowCount():
                self.table.setCurrentIndex(self.proxy.index(min(row, self.proxy.rowCount() - 1), 0))
            self.table.setFocus()

    def _withdraw(self, draft_id: str, title: str, asked: Callable[[str], bool]) -> str | None:
        """Before a draft is deleted: withdraw what waits to be posted from it, once `asked`
        agrees (it is told what deleting would do). The `Withdrawal` done, or None when the
        draft stays: the person said no, or its task is being posted or may be on AITasker
        already (the bar says so: deleting it could lose track of a task that holds money)."""
        sub = self._submission
        what = Withdrawal.NOTHING if sub is None else sub.withdrawal_of(draft_id)
        if what in (Withdrawal.NOTHING, Withdrawal.CANCELS):
            if not asked(what):
                return None
            if sub is not None:  # asked again: a retry may have started while the box was up
                what = sub.withdraw(draft_id)
        if what in (Withdrawal.NOTHING, Withdrawal.CANCELS):
            return what
        self.undo_bar.show_notice(cannot_delete_text(title, what))
        return None

    def undo_last(self) -> None:
        """Take back the last delete or rename made here."""
        if not self._undo:
            return
        what, draft_id, old_title = self._undo.pop()
        self.undo_bar.hide()
        if what == "delete":
            self._drafts.restore(draft_id)
            if old_title:  # its posting was cancelled: restoring does not post it
                self.undo_bar.show_notice(restored_unposted_text(old_title))
        else:
            self._drafts.rename(draft_id, old_title)
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

        def asked(what: str) -> bool:
            return self._confirm(self, forget_question(title, what))

        if self._withdraw(draft_id, title, asked) is not None:
            self._drafts.delete_forever(draft_id)
            self.reload()

    def on_clock_timeout(self) -> None:
        self.model.refresh_times()
        self.trash_model.refresh_times()

    # -- keys ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.table and self.table.state() == Editing:
                pass  # Enter that ends a rename in place reaches the table too: not an open
            elif watched is self.table:
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
                    self.search_timer.stop()
                    self.reload()
                    self.table.setFocus()
                    return True
        return super().eventFilter(watched, event)
