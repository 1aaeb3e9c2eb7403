"""Whether the draft on screen is safe: saving, saved, not saved (and why), or in the trash.

The footer's save state is only ever one of a few plain words; a save that fails is said in
full under the form, stays until a save succeeds again, and then says so. A draft moved to the
trash (or deleted for good) from the Drafts place while it is open here stops being edited:
the form locks, nothing more is saved into the trash, and the person is offered the way on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from aitasker_desktop.domain.brief import Brief, Draft
from aitasker_desktop.services.drafts import DraftsService

if TYPE_CHECKING:
    from aitasker_desktop.ui.editor.form import EditorForm

SAVING, SAVED, ALL_SAVED, NOT_SAVED = "Saving…", "Saved", "All changes saved", "Not saved"
IN_TRASH, DELETED = "In the trash", "Deleted"
TRASHED_NOTE = (
    "This draft was moved to the trash, so changes here are no longer saved. Restore it to "
    "keep working on it, or start a new brief."
)
FORGOTTEN_NOTE = (
    "This draft was deleted for good. What you see here is not saved anywhere: keep it as a "
    "new draft, or start a new brief."
)
SAFE_AGAIN = "Saved again: everything you typed is on disk."


class DraftKeeper(QObject):
    def __init__(
        self, form: EditorForm, drafts: DraftsService, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._form = form
        self._drafts = drafts
        self._failed = False  # a save failed and no save has succeeded since
        form.edited.connect(self.on_form_edited)
        form.loaded.connect(self.on_form_loaded)
        form.restore_button.clicked.connect(self.on_restore_button_clicked)
        form.keep_button.clicked.connect(self.on_keep_button_clicked)
        drafts.saved.connect(self.on_drafts_saved)
        drafts.save_failed.connect(self.on_drafts_save_failed)
        drafts.trashed.connect(self.on_drafts_trashed)
        drafts.restored.connect(self.on_drafts_restored)
        drafts.forgotten.connect(self.on_drafts_forgotten)
        drafts.renamed.connect(self.on_drafts_renamed)

    # -- saving ----------------------------------------------------------------------------

    def on_form_edited(self) -> None:
        self._form.save_state.setText(NOT_SAVED if self._failed else SAVING)
        if not self._failed:
            self._form.show_save_problem("")  # "saved again" has been read by now

    def on_form_loaded(self) -> None:
        form = self._form
        self._show_buttons(restore=False, keep=False)
        draft = form.draft
        if self._drafts.is_closed(draft.id):
            self._lock_closed(trashed=self._drafts.is_trashed(draft.id))
            return
        form.save_state.setText(
            NOT_SAVED if self._failed else SAVED if draft.brief != Brief() else ""
        )

    def on_drafts_saved(self, draft_id: str) -> None:
        if self._failed:
            self._failed = False
            self._form.show_save_problem(SAFE_AGAIN, "info")
        if draft_id == self._form.draft.id and not self._drafts.has_unsaved:
            self._form.save_state.setText(ALL_SAVED)

    def on_store_notice(self, text: str) -> None:
        """The data file could not be written at start: said here too, until a save works."""
        self._failed = True
        self._form.show_save_problem(text, "warning")
        self._form.save_state.setText(NOT_SAVED if self._form.draft.brief != Brief() else "")

    def on_drafts_save_failed(self, message: str) -> None:
        self._failed = True
        self._form.show_save_problem(message, "error")
        self._form.save_state.setText(NOT_SAVED)

    def on_drafts_renamed(self, draft_id: str, title: str) -> None:
        """Renamed under Drafts while open here: the title field shows it, and Undo here
        takes it back like any edit."""
        if draft_id == self._form.draft.id:
            self._form.change({"title": title}, "Rename the draft")

    # -- the trash -------------------------------------------------------------------------

    def on_drafts_trashed(self, draft_id: str) -> None:
        if draft_id == self._form.draft.id:
            self._lock_closed(trashed=True)

    def on_drafts_forgotten(self, draft_id: str) -> None:
        if draft_id == self._form.draft.id:
            self._lock_closed(trashed=False)

    def on_drafts_restored(self, draft_id: str) -> None:
        form = self._form
        if draft_id != form.draft.id:
            return
        self._show_buttons(restore=False, keep=False)
        form.set_locked("")
        form.save_state.setText(SAVED)
        form.lock_if_sent()

    def on_restore_button_clicked(self) -> None:
        self._drafts.restore(self._form.draft.id)

    def on_keep_button_clicked(self) -> None:
        """What is on screen becomes a new draft, saved at once, and editing goes on."""
        draft = Draft(brief=self._form.draft.brief.model_copy(deep=True))
        self._drafts.save_now(draft)
        self._form.load(draft)

    def _lock_closed(self, *, trashed: bool) -> None:
        self._form.show_save_problem("")  # about saving, which has stopped
        self._form.set_locked(TRASHED_NOTE if trashed else FORGOTTEN_NOTE)
        self._form.save_state.setText(IN_TRASH if trashed else DELETED)
        self._show_buttons(restore=trashed, keep=not trashed)

    def _show_buttons(self, *, restore: bool, keep: bool) -> None:
        self._form.restore_button.setVisible(restore)
        self._form.keep_button.setVisible(keep)
