"""The form's state: the Draft being edited, form-wide undo, and what is shown from it.

Every change goes through `change`, which pushes an undo command (so Ctrl+Z works across the
whole form) and asks the drafts service to save. What is derived from the brief is shown at
once, except while the person types: then only the counts follow every key, and the rest waits
for a pause in typing (typing_pause.py). Any change that is not typing (a pick, undo, loading
a draft, posting) shows everything at once.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from aitasker_desktop.domain.brief import (
    Brief,
    Draft,
    FieldProblem,
    budget_advice,
    to_create_payload,
    unoffered_parts,
)
from aitasker_desktop.domain.brief import validate_brief as validate
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.checklist import evaluate
from aitasker_desktop.domain.task import Balance
from aitasker_desktop.services import formatting
from aitasker_desktop.services.attachments import check_files
from aitasker_desktop.services.brand_kits import BrandKitService
from aitasker_desktop.services.capabilities import CapabilitiesService
from aitasker_desktop.services.catalog import CatalogService
from aitasker_desktop.services.connection import Connection
from aitasker_desktop.services.drafts import DraftsService
from aitasker_desktop.services.spelling import SpellingService
from aitasker_desktop.ui.editor.catalog_note import CatalogNote
from aitasker_desktop.ui.editor.display import EditorDisplay
from aitasker_desktop.ui.editor.field_messages import FieldMessages
from aitasker_desktop.ui.editor.fields import keep_typed_text, show_message
from aitasker_desktop.ui.editor.file_drops import FilesToPage, local_paths
from aitasker_desktop.ui.editor.review import funds_warning, render_preview
from aitasker_desktop.ui.editor.typing_pause import TypingPause
from aitasker_desktop.ui.editor.undo import SetFieldsCommand

_TYPED_FIELDS = frozenset({"title", "description"})


class EditorForm(EditorDisplay):
    edited = Signal()  # the draft changed and was handed to the drafts service to save
    loaded = Signal()  # another draft (or a new one) is shown
    locked_changed = Signal(bool)  # the form was locked (True) or freed (set_locked)

    def __init__(
        self,
        *,
        catalog: CatalogService,
        drafts: DraftsService,
        connection: Connection,
        spelling: SpellingService | None,
        brand_kits: BrandKitService | None,
        capabilities: CapabilitiesService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        # The stack is made after QWidget.__init__, owned by the page (Qt deletes it with it).
        super().__init__(
            lambda: self.undo_stack.undo(), lambda: self.undo_stack.redo(), spelling, parent
        )
        self.undo_stack = QUndoStack(self)
        self._catalog_service = catalog
        self._drafts = drafts
        self._connection = connection
        self._brand_kits = brand_kits
        self._capabilities = capabilities
        self._draft: Draft = drafts.new_draft()
        self._messages = FieldMessages()
        self._applying = False
        self._typing = False  # the change being applied came from a key in a text field
        self._budget_typed = False  # ... from the budget box, which already shows it
        self._keeping = False  # dropping what a text box may not keep (its signals are ours)
        self._locked = False
        self._balance: Balance | None = None  # unknown until the balance service says
        self._pause = TypingPause(self.refresh, parent=self)
        self._catalog_note = CatalogNote(self.catalog_note, catalog, parent=self)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action.setShortcuts(
            [QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)]
        )
        for action in (self.undo_action, self.redo_action):
            # Only while the editor (or a field in it) has focus: other places have their own.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.setAcceptDrops(True)
        self.files_to_page = FilesToPage(self)  # files dropped on a field come here
        self.files_to_page.watch(self)
        self._connect_fields()

    def _connect_fields(self) -> None:
        self._catalog_service.catalog_changed.connect(self.on_catalog_changed)
        if self._capabilities is not None:  # learned after the editor opened, or another world
            self._capabilities.changed.connect(lambda _offer: self.refresh())
        self.title_edit.textEdited.connect(self.on_title_edit_text_edited)
        self.brief_edit.textChanged.connect(self.on_brief_edit_text_changed)
        self.title_edit.files_pasted = self.add_files
        self.brief_edit.files_pasted = self.add_files
        self.budget_spin.amount_edited.connect(self.on_budget_spin_amount_edited)
        self.budget_spin.unclear_left.connect(lambda said: self.remark("budget_usd", said))
        self.attachments.files_chosen.connect(self.add_files)
        self.attachments.remove_requested.connect(self.on_attachments_remove_requested)
        self.advanced.experimentation_changed.connect(
            lambda v: self.change({"experimentation": v}, "Change experimentation")
        )
        self.advanced.requirements.edited.connect(
            lambda d: self.change({"requirements": d}, "Edit requirements")
        )
        self.advanced.metadata.edited.connect(
            lambda d: self.change({"metadata": d}, "Edit metadata")
        )
        self.kit_combo.activated.connect(self.on_kit_combo_activated)

    @property
    def draft(self) -> Draft:
        return self._draft

    @property
    def catalog(self) -> Catalog | None:
        return self._catalog_service.catalog

    @property
    def is_locked(self) -> bool:
        return self._locked

    @property
    def balance(self) -> Balance | None:
        return self._balance

    def on_balance_changed(self, balance: object) -> None:
        self._balance = balance if isinstance(balance, Balance) else None
        show_message(self.budget_funds, funds_warning(self._draft.brief.budget_usd, self._balance))

    # -- drafts ----------------------------------------------------------------------------

    def open_draft(self, draft_id: str) -> bool:
        draft = self._drafts.get(draft_id)
        if draft is None:
            return False
        self.load(draft)
        return True

    def start_new_brief(self) -> None:
        self.load(self._drafts.new_draft())
        self.footer_message("")

    def load(self, draft: Draft) -> None:
        """Show `draft`; nothing said about the previous one stays on screen."""
        self._draft = draft
        self._messages.forget()
        self.set_locked("")
        self.set_busy(False)
        self.undo_stack.clear()
        self.show_suggestions("")
        self.attachments.show_refusals([])
        self.show_all()
        self.loaded.emit()
        self.lock_if_sent()

    def lock_if_sent(self) -> None:
        """Lock the form if the loaded draft is being sent or was sent (the page knows how)."""

    def set_locked(self, note: str) -> None:
        """Freeze the form while what it shows is being sent (or was sent), saying why.

        The submission carries a copy of the brief: an edit now would not be sent, yet
        would look as if it had been. The history is dropped, so undo cannot change it either.
        """
        locked = bool(note)
        self._locked = locked
        self.lock_controls(locked, kit_chosen=bool(self._draft.brief.brand_kit_id))
        if locked:
            self.undo_stack.clear()
            self.flush_refresh()
        self.show_lock_note(note)
        self.locked_changed.emit(locked)

    # -- changing the form -----------------------------------------------------------------

    def change(self, values: dict[str, Any], text: str) -> None:
        if self._applying or self._locked:
            return
        brief = self._draft.brief
        new = {k: v for k, v in values.items() if getattr(brief, k) != v}
        if not new:
            return
        old = {k: copy.deepcopy(getattr(brief, k)) for k in new}
        self.undo_stack.push(SetFieldsCommand(self._apply, old, copy.deepcopy(new), text))

    def _apply(self, values: dict[str, Any]) -> None:
        brief = self._draft.brief
        for key, value in values.items():
            setattr(brief, key, copy.deepcopy(value))
        self._messages.changed(values)
        self._applying = True
        try:
            self._show_fields(set(values))
        finally:
            self._applying = False
        if self._typing and set(values) <= _TYPED_FIELDS:
            self.show_counts(brief)
            self._pause.typed()
        else:
            self.refresh()
        self._drafts.schedule_save(self._draft)
        self.edited.emit()

    def _typed(self, values: dict[str, Any], text: str) -> None:
        self._typing = True
        try:
            self.change(values, text)
        finally:
            self._typing = False

    def on_title_edit_text_edited(self, text: str) -> None:
        if self._keeping:
            return
        kept = self._keep_typed(self.title_edit, text, one_line=True)
        what = "Correct the spelling" if self.title_edit.correcting else "Typing in the title"
        self._typed({"title": kept}, what)

    def on_brief_edit_text_changed(self) -> None:
        if self._applying or self._keeping:
            return
        text = self._keep_typed(self.brief_edit, self.brief_edit.toPlainText(), one_line=False)
        what = "Correct the spelling" if self.brief_edit.correcting else "Typing in the brief"
        self._typed({"description": text}, what)

    def _keep_typed(self, box: QPlainTextEdit, text: str, *, one_line: bool) -> str:
        # Dropped from the box itself, not only from the draft: the screen shows what is
        # saved and posted.
        self._keeping = True
        try:
            return keep_typed_text(box, text, one_line=one_line)
        finally:
            self._keeping = False

    def on_budget_spin_amount_edited(self, amount: object) -> None:
        # The box shows what was typed: writing the value back would move the cursor and
        # turn "12.50" into 125. Cents are kept as cents. Text that holds no amount ("12,50"
        # in English) holds no budget, and the box says why beside it.
        self._budget_typed = True
        try:
            value = float(amount) if isinstance(amount, Decimal) and amount > 0 else None
            self.change({"budget_usd": value}, "Change the budget")
        finally:
            self._budget_typed = False
        if said := self.budget_spin.unclear():
            self.remark("budget_usd", said)

    def on_kit_combo_activated(self, index: int) -> None:
        data = self.kit_combo.itemData(index)
        self.change({"brand_kit_id": str(data) if data else None}, "Choose a brand kit")

    def on_attachments_remove_requested(self, paths: list[str]) -> None:
        kept = [a for a in self._draft.brief.attachments if a.path not in paths]
        self.change({"attachments": kept}, "Remove attachments")

    def add_files(self, paths: list[Path]) -> None:
        """Check files off the GUI thread, then attach the good ones and say why not the rest."""
        if self._locked:
            return
        runner = self._connection.runner
        runner.run(lambda: check_files(paths), self._on_files_checked, owner=self)

    def _on_files_checked(self, results: object) -> None:
        assert isinstance(results, list)
        kept = self.attachments.take_checked(results, self._draft.brief.attachments)
        self.change({"attachments": kept}, "Attach files")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self._locked and local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        if paths and not self._locked:
            event.acceptProposedAction()
            self.add_files(paths)

    # -- showing ---------------------------------------------------------------------------

    def on_catalog_changed(self, catalog: object) -> None:
        if isinstance(catalog, Catalog):  # its note above step 1 is CatalogNote's
            self._applying = True
            try:
                self._show_fields({"category", "task_type"})
            finally:
                self._applying = False
            self.refresh()

    def show_all(self) -> None:
        self._applying = True
        try:
            self._show_fields(set(Brief.model_fields))
        finally:
            self._applying = False
        self.refresh()

    def _show_fields(self, fields: set[str]) -> None:
        brief = self._draft.brief
        if "title" in fields and self.title_edit.text() != brief.title:
            self.title_edit.setText(brief.title)
        if "description" in fields and self.brief_edit.toPlainText() != brief.description:
            self.set_brief_text(brief.description)
        if fields & {"category", "task_type"}:
            self.show_kind(self.catalog, brief.category, brief.task_type)
        if "budget_usd" in fields and not self._budget_typed:
            self.set_budget(brief.budget_usd)
        if "attachments" in fields:
            self.attachments.set_attachments(brief.attachments)
        if "experimentation" in fields:
            self.advanced.set_experimentation(brief.experimentation)
        if "requirements" in fields:
            self.advanced.requirements.set_values(brief.requirements)
        if "metadata" in fields:
            self.advanced.metadata.set_values(brief.metadata)
        if "brand_kit_id" in fields:
            self.select_kit(brief.brand_kit_id)

    def flush_refresh(self) -> None:
        """Show now whatever a pending refresh would show (before posting, in tests)."""
        if self._pause.pending:
            self.refresh()

    def refresh(self) -> None:
        """Everything derived from the brief: counts, messages, checklist, hints, preview."""
        self._pause.cancel()
        brief = self._draft.brief
        catalog = self.catalog
        self.show_counts(brief)
        problems = {p.field: p.message for p in validate(brief, catalog, money=formatting.money)}
        unoffered = {p.field: p.message for p in self.unoffered()}
        for label, text in self._messages.texts(problems, self.field_messages, unoffered):
            self.set_field_message(label, text)
        tt = catalog.task_type(brief.category, brief.task_type) if catalog else None
        self.checklist.set_items(
            evaluate(tt.brief_checklist if tt else None, f"{brief.title}\n{brief.description}")
        )
        self.show_budget_hints(
            catalog, brief, budget_advice(brief, catalog, money=formatting.money)
        )
        show_message(self.budget_funds, funds_warning(brief.budget_usd, self._balance))
        names = [a.name for a in brief.attachments]
        kit = self.kit_name(brief.brand_kit_id)
        preview = render_preview(
            to_create_payload(brief, names, kit),
            catalog,
            attachment_names=names,
            brand_kit_name=kit,
        )
        if self.preview.toPlainText() != preview:
            self.preview.setPlainText(preview)

    def unoffered(self) -> list[FieldProblem]:
        """What the brief holds that this world's server cannot take (attachments, a kit)."""
        if self._capabilities is None:
            return []
        return unoffered_parts(self._draft.brief, self._capabilities.current)

    def remark(self, field: str, message: str) -> None:
        """Show `message` at `field` until the next change (e.g. a typed pick refused)."""
        self._messages.remark(field, message)
        self.refresh()

    def touch_all(self, fields: set[str], server_errors: dict[str, str] | None = None) -> None:
        """Show messages for `fields` from now on (after a Post click or a service answer)."""
        self._messages.touch(fields, server_errors)
        self.refresh()

    # -- brand kits ------------------------------------------------------------------------

    def kit_name(self, kit_id: str | None) -> str | None:
        """The brand kit's name, as the picker lists it (the page knows the kits)."""
        return None
