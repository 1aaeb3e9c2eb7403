"""The guided brief editor (place "new_brief"): one scrolling page of numbered steps.

The form edits one Draft. Every change goes through `_change`, which pushes an undo command
(so Ctrl+Z works across the whole form) and asks the drafts service to save. The page never
touches the network or the disk itself: catalog, drafts, submission, spelling and brand kits
are services; file checks run on the runner.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from aitasker_desktop.api.errors import ApiError, PaymentRequired, RateLimited, ValidationError
from aitasker_desktop.domain.brief import (
    Attachment,
    Brief,
    Draft,
    budget_advice,
    to_create_payload,
    validate_brief,
)
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.checklist import evaluate
from aitasker_desktop.domain.text import clean_text, clean_value
from aitasker_desktop.services.attachments import Checked, check_files
from aitasker_desktop.services.brand_kits import BrandKitService
from aitasker_desktop.services.catalog import CatalogService
from aitasker_desktop.services.connection import Connection
from aitasker_desktop.services.drafts import DraftsService
from aitasker_desktop.services.spelling import SpellingService
from aitasker_desktop.services.submission import SubmissionService
from aitasker_desktop.ui.editor.attachments import local_paths
from aitasker_desktop.ui.editor.layout import EditorLayout
from aitasker_desktop.ui.editor.review import confirmation_text, money, render_preview
from aitasker_desktop.ui.editor.undo import SetFieldsCommand
from aitasker_desktop.ui.messages import error_text, open_https

Confirm = Callable[[QWidget, str], bool]
_FIELD_LABELS = {
    "title": "title",
    "description": "brief",
    "category": "kind of work",
    "task_type": "task type",
    "budget_usd": "budget",
    "attachments": "attachments",
    "brand_kit_id": "brand kit",
    "requirements": "requirements",
    "metadata": "metadata",
    "experimentation": "experimentation",
}


def ask_to_post(parent: QWidget, text: str) -> bool:
    box = QMessageBox(parent)
    box.setWindowTitle("Post this task?")
    box.setIcon(QMessageBox.Icon.Question)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    post = box.addButton("Post task", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(post)
    box.exec()
    return box.clickedButton() is post


class BriefEditor(EditorLayout):
    task_posted = Signal(object)  # Task: the app shows the Tasks place

    def __init__(
        self,
        *,
        catalog: CatalogService,
        drafts: DraftsService,
        submission: SubmissionService | None,
        connection: Connection,
        spelling: SpellingService | None = None,
        brand_kits: BrandKitService | None = None,
        confirm: Confirm = ask_to_post,
        parent: QWidget | None = None,
    ) -> None:
        # The stack is made after QWidget.__init__, owned by the page (Qt deletes it with it).
        super().__init__(
            lambda: self.undo_stack.undo(), lambda: self.undo_stack.redo(), spelling, parent
        )
        self.undo_stack = QUndoStack(self)
        self._catalog_service = catalog
        self._drafts = drafts
        self._submission = submission
        self._connection = connection
        self._brand_kits = brand_kits
        self._confirm = confirm
        self._draft: Draft = drafts.new_draft()
        self._touched: set[str] = set()
        self._server_errors: dict[str, str] = {}
        self._applying = False
        self._topup_url: str | None = None
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
        self._connect()
        self.reload_brand_kits()
        self._on_catalog(catalog.catalog)
        last = drafts.last_edited_id()
        if last is not None:
            self.open_draft(last)
        else:
            self._show_all()

    # -- wiring ----------------------------------------------------------------------------

    def _connect(self) -> None:
        self._catalog_service.catalog_changed.connect(self._on_catalog)
        self._catalog_service.load_failed.connect(self.on_catalog_load_failed)
        self.category_combo.picked.connect(self.on_category_combo_picked)
        self.type_combo.picked.connect(self.on_type_combo_picked)
        self.title_edit.textEdited.connect(self.on_title_edit_text_edited)
        self.brief_edit.textChanged.connect(self.on_brief_edit_text_changed)
        self.brief_edit.files_dropped = self.add_files
        self.budget_spin.valueChanged.connect(self.on_budget_spin_value_changed)
        self.attachments.files_chosen.connect(self.add_files)
        self.attachments.remove_requested.connect(self.on_attachments_remove_requested)
        self.advanced.experimentation_changed.connect(
            lambda v: self._change({"experimentation": v}, "Change experimentation")
        )
        self.advanced.requirements.edited.connect(
            lambda d: self._change({"requirements": d}, "Edit requirements")
        )
        self.advanced.metadata.edited.connect(
            lambda d: self._change({"metadata": d}, "Edit metadata")
        )
        self.kit_combo.activated.connect(self.on_kit_combo_activated)
        self.new_kit_button.clicked.connect(lambda: self.edit_brand_kit(None))
        self.edit_kit_button.clicked.connect(
            lambda: self.edit_brand_kit(self._draft.brief.brand_kit_id)
        )
        self.suggest_button.clicked.connect(self.on_suggest_button_clicked)
        self.post_button.clicked.connect(self.on_post_button_clicked)
        self.new_button.clicked.connect(self.start_new_brief)
        self.topup_button.clicked.connect(lambda: open_https(self._topup_url or ""))
        if self._brand_kits is not None:
            self._brand_kits.kits_changed.connect(self.reload_brand_kits)
        if self._submission is not None:
            self._submission.progress.connect(self.on_submission_progress)
            self._submission.submitted.connect(self.on_submission_submitted)
            self._submission.queued.connect(self.on_submission_queued)
            self._submission.failed.connect(self.on_submission_failed)
        self._drafts.saved.connect(self.on_drafts_saved)

    @property
    def draft(self) -> Draft:
        return self._draft

    @property
    def catalog(self) -> Catalog | None:
        return self._catalog_service.catalog

    # -- drafts ----------------------------------------------------------------------------

    def open_draft(self, draft_id: str) -> bool:
        draft = self._drafts.get(draft_id)
        if draft is None:
            return False
        self._load(draft)
        return True

    def start_new_brief(self) -> None:
        self._load(self._drafts.new_draft())
        self.footer_message("")

    def _load(self, draft: Draft) -> None:
        self._draft = draft
        self._touched = set()
        self._server_errors = {}
        self.undo_stack.clear()
        self._show_all()
        self.save_state.setText("Saved" if draft.brief != Brief() else "")

    def on_drafts_saved(self, draft_id: str) -> None:
        if draft_id == self._draft.id:
            self.save_state.setText("All changes saved")

    # -- changing the form -----------------------------------------------------------------

    def _change(self, values: dict[str, Any], text: str) -> None:
        if self._applying:
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
            self._touched.add(key)
            self._server_errors.pop(key, None)
        self._applying = True
        try:
            self._show_fields(set(values))
        finally:
            self._applying = False
        self._refresh()
        self.save_state.setText("Saving…")
        self._drafts.schedule_save(self._draft)

    def on_title_edit_text_edited(self, text: str) -> None:
        cleaned = clean_text(text)
        if cleaned != text:
            position = self.title_edit.cursorPosition()
            self.title_edit.setText(cleaned)
            self.title_edit.setCursorPosition(position)
        self._change({"title": cleaned}, "Typing in the title")

    def on_brief_edit_text_changed(self) -> None:
        if self._applying:
            return
        text = self.brief_edit.toPlainText()
        cleaned = clean_text(text)
        if cleaned != text:
            cursor = self.brief_edit.textCursor()
            position = cursor.position()
            self._applying = True
            self.brief_edit.setPlainText(cleaned)
            self._applying = False
            cursor = self.brief_edit.textCursor()
            cursor.setPosition(min(position, len(cleaned)))
            self.brief_edit.setTextCursor(cursor)
        self._change({"description": cleaned}, "Typing in the brief")

    def on_category_combo_picked(self, key: str) -> None:
        brief = self._draft.brief
        values: dict[str, Any] = {"category": key}
        catalog = self.catalog
        if (
            catalog is not None
            and brief.task_type
            and catalog.task_type(key, brief.task_type) is None
        ):
            values["task_type"] = ""  # the old type is not in the new category
        self._change(values, "Choose the kind of work")

    def on_type_combo_picked(self, key: str) -> None:
        category, _, task_type = key.partition("/")
        self._change({"category": category, "task_type": task_type}, "Choose the task type")

    def on_budget_spin_value_changed(self, value: float) -> None:
        self._change({"budget_usd": value if value > 0 else None}, "Change the budget")

    def on_kit_combo_activated(self, index: int) -> None:
        data = self.kit_combo.itemData(index)
        self._change({"brand_kit_id": str(data) if data else None}, "Choose a brand kit")

    def on_attachments_remove_requested(self, paths: list[str]) -> None:
        kept = [a for a in self._draft.brief.attachments if a.path not in paths]
        self._change({"attachments": kept}, "Remove attachments")

    def add_files(self, paths: list[Path]) -> None:
        """Check files off the GUI thread, then attach the good ones and say why not the rest."""
        runner = self._connection.runner
        runner.run(lambda: check_files(paths), self._on_files_checked, owner=self)

    def _on_files_checked(self, results: object) -> None:
        assert isinstance(results, list)
        current = list(self._draft.brief.attachments)
        known = {a.path for a in current}
        refused: list[tuple[str, str]] = []
        for checked in results:
            assert isinstance(checked, Checked)
            if checked.attachment is None:
                refused.append((checked.name, checked.reason))
            elif checked.attachment.path in known:
                refused.append((checked.name, "It is already attached."))
            else:
                if checked.image_bytes:
                    self.attachments.remember_thumbnail(
                        checked.attachment.path, checked.image_bytes
                    )
                current.append(clean_value(checked.attachment))
                known.add(checked.attachment.path)
        self.attachments.show_refusals(refused)
        self._change({"attachments": current}, "Attach files")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    # -- showing ---------------------------------------------------------------------------

    def _on_catalog(self, catalog: object) -> None:
        if isinstance(catalog, Catalog):
            self.catalog_note.setVisible(not self._catalog_service.is_fresh)
            self._applying = True
            try:
                self._show_fields({"category", "task_type"})
            finally:
                self._applying = False
            self._refresh()

    def on_catalog_load_failed(self, message: str) -> None:
        if self.catalog is None:
            self.catalog_note.setText(
                f"{message} The list of task types will appear when AITasker can be reached."
            )
        else:
            self.catalog_note.setText("Offline: showing the list of task types saved earlier.")
        self.catalog_note.show()

    def _show_all(self) -> None:
        self._applying = True
        try:
            self._show_fields(set(Brief.model_fields))
        finally:
            self._applying = False
        self._refresh()

    def _show_fields(self, fields: set[str]) -> None:
        brief = self._draft.brief
        catalog = self.catalog
        if "title" in fields and self.title_edit.text() != brief.title:
            self.title_edit.setText(brief.title)
        if "description" in fields and self.brief_edit.toPlainText() != brief.description:
            self.set_brief_text(brief.description)
        if fields & {"category", "task_type"}:
            self.show_kind(catalog, brief.category, brief.task_type)
        if "budget_usd" in fields:
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

    def _refresh(self) -> None:
        """Everything derived from the brief: counts, messages, checklist, hints, preview."""
        brief = self._draft.brief
        catalog = self.catalog
        self.show_counts(brief)
        problems = {p.field: p.message for p in validate_brief(brief, catalog)}
        problems.update(self._server_errors)
        for field, label in self.field_messages.items():
            text = problems.get(field, "") if field in self._touched else ""
            self.set_field_message(label, text)
        tt = catalog.task_type(brief.category, brief.task_type) if catalog else None
        self.checklist.set_items(
            evaluate(tt.brief_checklist if tt else None, f"{brief.title}\n{brief.description}")
        )
        self.show_budget_hints(catalog, brief, budget_advice(brief, catalog))
        kit = self._kit_name(brief.brand_kit_id)
        payload = to_create_payload(brief, [a.name for a in brief.attachments], kit)
        self.preview.setPlainText(
            render_preview(
                payload,
                catalog,
                attachment_names=[a.name for a in brief.attachments],
                brand_kit_name=kit,
            )
        )

    def _kit_name(self, kit_id: str | None) -> str | None:
        if not kit_id or self._brand_kits is None:
            return None
        kit = self._brand_kits.get(kit_id)
        return kit.name if kit else None

    def reload_brand_kits(self) -> None:
        kits = self._brand_kits.list_kits() if self._brand_kits is not None else []
        self.set_kits([(k.id, k.name) for k in kits], self._draft.brief.brand_kit_id)

    def edit_brand_kit(self, kit_id: str | None) -> None:
        from aitasker_desktop.ui.editor.brand_kit_dialog import BrandKitDialog

        if self._brand_kits is None:
            return
        kit = self._brand_kits.get(kit_id) if kit_id else None
        dialog = BrandKitDialog(self._brand_kits, self._connection.runner, kit, parent=self)
        dialog.kit_saved.connect(
            lambda saved: self._change({"brand_kit_id": saved.id}, "Choose a brand kit")
        )
        dialog.open()

    # -- suggestions -----------------------------------------------------------------------

    def on_suggest_button_clicked(self) -> None:
        brief = self._draft.brief.model_copy(deep=True)
        self.suggest_button.setEnabled(False)
        self.show_suggestions("Asking AITasker for suggestions…")
        self._connection.call(
            lambda client: client.brief_suggestions(brief),
            self._on_suggestions,
            self._on_suggestions_failed,
            owner=self,
        )

    def _on_suggestions(self, suggestions: object) -> None:
        self.suggest_button.setEnabled(True)
        items = (
            [getattr(s, "message", "") for s in suggestions]
            if isinstance(suggestions, list)
            else []
        )
        items = [m for m in items if m]
        if not items:
            self.show_suggestions("No suggestions: your brief already covers the basics.")
            return
        self.show_suggestions("\n".join(f"• {m}" for m in items))

    def _on_suggestions_failed(self, exc: BaseException) -> None:
        self.suggest_button.setEnabled(True)
        if isinstance(exc, RateLimited):
            wait = (
                f"in about {max(1, round((exc.retry_after or 0) / 60))} minutes"
                if exc.retry_after
                else "later this hour"
            )
            self.show_suggestions(
                "You have used this hour's suggestions (the platform allows "
                f"60 an hour). Try again {wait}."
            )
        elif isinstance(exc, ApiError) and exc.retryable:
            self.show_suggestions(
                "Suggestions need a connection to AITasker, which cannot be reached right "
                "now. Your brief is saved; try again when you are back online."
            )
        else:
            self.show_suggestions(error_text(exc))

    # -- posting ---------------------------------------------------------------------------

    def on_post_button_clicked(self) -> None:
        brief = self._draft.brief
        self._server_errors = {}
        problems = validate_brief(brief, self.catalog)
        self._touched.update(_FIELD_LABELS)
        self._refresh()
        if problems:
            names = ", ".join(dict.fromkeys(_FIELD_LABELS.get(p.field, p.field) for p in problems))
            self.footer_message(f"Before posting, check: {names}.", "error")
            self.focus_field(problems[0].field)
            return
        world = self._connection.world
        text = confirmation_text(
            brief.title,
            brief.budget_usd,
            sandbox=world is None or world.is_sandbox,
            files=len(brief.attachments),
        )
        if not self._confirm(self, text):
            return
        if self._submission is None:
            self.footer_message("Posting is not available yet; your brief is saved.", "error")
            return
        self.footer_message("Posting your task…")
        self.set_busy(True)
        if not self._submission.submit(self._draft, self.catalog):
            self.set_busy(False)

    def on_submission_progress(self, draft_id: str, done: int, total: int, what: str) -> None:
        if draft_id == self._draft.id:
            self.show_progress(done, total, what)

    def on_submission_submitted(self, draft_id: str, task: object) -> None:
        if draft_id != self._draft.id:
            return
        self.set_busy(False)
        self.start_new_brief()
        self.footer_message("Your task was posted. Agents are starting on it.")
        self.task_posted.emit(task)

    def on_submission_queued(self, draft_id: str, message: str) -> None:
        if draft_id != self._draft.id:
            return
        self.set_busy(False)
        self.start_new_brief()
        self.footer_message(
            f"{message} Your task is queued and will be sent automatically when AITasker "
            "can be reached.",
            "warning",
        )

    def on_submission_failed(self, draft_id: str, error: object) -> None:
        if draft_id != self._draft.id:
            return
        self.set_busy(False)
        self._topup_url = None
        if isinstance(error, ValidationError) and error.field_errors:
            known = {k: v for k, v in error.field_errors.items() if k in self.field_messages}
            self._server_errors = known
            self._touched.update(known)
            self._refresh()
            others = [v for k, v in error.field_errors.items() if k not in known]
            self.footer_message(" ".join([error.message, *others]), "error")
            if known:
                self.focus_field(next(iter(known)))
            return
        if isinstance(error, PaymentRequired):
            self._topup_url = error.topup_url
            balance = (
                money(error.current_balance_usd) if error.current_balance_usd is not None else None
            )
            said = error.current_balance_usd is not None and (
                f"{error.current_balance_usd:.2f}" in error.message
            )
            text = error.message + (f" Your balance is {balance}." if balance and not said else "")
            text += f" {error.hint}"
            self.footer_message(text, "error", top_up=bool(error.topup_url))
            return
        self.footer_message(
            error_text(error if isinstance(error, BaseException) else Exception()), "error"
        )

    def files_to_attach(self) -> list[Attachment]:
        return list(self._draft.brief.attachments)
