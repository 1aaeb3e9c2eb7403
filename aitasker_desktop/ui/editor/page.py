"""The guided brief editor (place "new_brief"): one scrolling page of numbered steps.

The page puts together the form (form.py: the draft, undo, what is shown), posting
(posting.py) and suggestions (suggestions.py). It never touches the network or the disk
itself: catalog, drafts, submission, spelling and brand kits are services; file checks run on
the runner.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from aitasker_desktop.domain.brief import Attachment, BrandKit
from aitasker_desktop.services.brand_kits import BrandKitService
from aitasker_desktop.services.brief_ideas import BriefIdeasService
from aitasker_desktop.services.capabilities import CapabilitiesService
from aitasker_desktop.services.catalog import CatalogService
from aitasker_desktop.services.connection import Connection
from aitasker_desktop.services.drafts import DraftsService
from aitasker_desktop.services.spelling import SpellingService
from aitasker_desktop.services.submission import SubmissionService
from aitasker_desktop.ui.editor.form import EditorForm
from aitasker_desktop.ui.editor.idea_box import IdeaBox, IdeaWriter
from aitasker_desktop.ui.editor.keeping import DraftKeeper
from aitasker_desktop.ui.editor.kind import KindChoice
from aitasker_desktop.ui.editor.posting import Confirm, Posting, ask_to_post
from aitasker_desktop.ui.editor.suggestions import SuggestionsAsker
from aitasker_desktop.ui.editor.type_hint import TypeHint


class BriefEditor(EditorForm):
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
        ideas: BriefIdeasService | None = None,
        capabilities: CapabilitiesService | None = None,
        confirm: Confirm = ask_to_post,
        parent: QWidget | None = None,
    ) -> None:
        self.posting: Posting | None = None  # lock_if_sent may run before it exists
        self._kit_names: dict[str, str] = {}  # id -> name, as the picker lists them
        self._kits_asked = 0  # reloads asked for: only the last one's answer is shown
        self._opening_kit = False  # a kit is being read for its dialog
        super().__init__(
            catalog=catalog,
            drafts=drafts,
            connection=connection,
            spelling=spelling,
            brand_kits=brand_kits,
            capabilities=capabilities,
            parent=parent,
        )
        self.kind = KindChoice(self, parent=self)  # the two combo boxes, step 1
        self.type_hint = TypeHint(self, parent=self)  # "a wordmark, not a logo"
        self.idea_box = IdeaBox(self.undo_stack.undo, self.undo_stack.redo, self.add_files)
        self.idea_writer = (
            IdeaWriter(self, self.idea_box, ideas, parent=self) if ideas is not None else None
        )
        self._place_idea_box(shown=ideas is not None)
        self.keeper = DraftKeeper(self, drafts, parent=self)
        self.posting = Posting(self, submission, connection, confirm, parent=self)
        self.posting.task_posted.connect(self.task_posted)
        self.suggestions_asker = SuggestionsAsker(
            connection,
            self.suggest_button,
            lambda: self.draft,
            self.show_suggestions,
            parent=self,
        )
        self.new_kit_button.clicked.connect(lambda: self.edit_brand_kit(None))
        self.edit_kit_button.clicked.connect(
            lambda: self.edit_brand_kit(self.draft.brief.brand_kit_id)
        )
        self.new_button.clicked.connect(self.start_new_brief)
        if brand_kits is not None:
            brand_kits.kits_changed.connect(self.reload_brand_kits)
        self.reload_brand_kits()
        self.on_catalog_changed(catalog.catalog)
        last = drafts.last_edited_id()
        if last is None or not self.open_draft(last):
            self.show_all()

    def _place_idea_box(self, *, shown: bool) -> None:
        """Above step 1 (after the heading and its note), first in the Tab order."""
        column = self.content.layout()
        assert isinstance(column, QVBoxLayout)
        column.insertWidget(2, self.idea_box)
        self.files_to_page.watch(self.idea_box)  # its sentence box, too, hands files on
        self.idea_box.setVisible(shown)
        QWidget.setTabOrder(self.idea_box.idea_edit, self.idea_box.write_button)
        QWidget.setTabOrder(self.idea_box.write_button, self.category_combo)
        self._set_tab_order()

    @property
    def confirm(self) -> Confirm:
        """The "post and hold the money?" question (tests answer it instead of a person)."""
        assert self.posting is not None
        return self.posting.confirm

    @confirm.setter
    def confirm(self, confirm: Confirm) -> None:
        assert self.posting is not None
        self.posting.confirm = confirm

    # Tests written against the earlier single-module page set `_confirm`.
    _confirm = confirm

    def lock_if_sent(self) -> None:
        if self.posting is not None:
            self.posting.lock_if_sent()

    def reload_brand_kits(self) -> None:
        """Read the kits on the runner; the picker shows what it has until they come."""
        if self._brand_kits is None:
            return
        self._kits_asked += 1
        asked = self._kits_asked
        self._brand_kits.load_kits(lambda kits: self._on_kits_loaded(asked, kits), owner=self)

    def _on_kits_loaded(self, asked: int, kits: list[BrandKit]) -> None:
        if asked == self._kits_asked:  # else a later reload brings a newer list
            self.show_kits([(k.id, k.name) for k in kits])

    def show_kits(self, kits: list[tuple[str, str]]) -> None:
        """(id, name) of each kit, by name, in the picker; the draft's kit stays chosen."""
        self._kit_names = dict(kits)
        self.set_kits(kits, self.draft.brief.brand_kit_id)
        if self.is_locked:
            self.edit_kit_button.setEnabled(False)
        if self.draft.brief.brand_kit_id:
            self.refresh()  # the preview names it

    def kit_name(self, kit_id: str | None) -> str | None:
        return self._kit_names.get(kit_id) if kit_id else None

    def edit_brand_kit(self, kit_id: str | None) -> None:
        """Open the kit dialog: for a new kit at once, for `kit_id` once it is read."""
        if self._brand_kits is None or self.is_locked or self._opening_kit:
            return
        if not kit_id:
            self._open_kit_dialog(None)
            return
        self._opening_kit = True  # a second click meanwhile opens no second dialog
        self._brand_kits.load_kit(kit_id, self._on_kit_loaded, self._on_kit_unread, owner=self)

    def _on_kit_loaded(self, kit: BrandKit | None) -> None:
        self._opening_kit = False
        if not self.is_locked:  # locked meanwhile: it is being posted
            self._open_kit_dialog(kit)  # None: the kit is gone, so a new one, as before

    def _on_kit_unread(self) -> None:
        self._opening_kit = False

    def _open_kit_dialog(self, kit: BrandKit | None) -> None:
        from aitasker_desktop.ui.editor.brand_kit_dialog import BrandKitDialog

        assert self._brand_kits is not None
        dialog = BrandKitDialog(self._brand_kits, self._connection.runner, kit, parent=self)
        # Closed, it goes: each New kit… and Edit kit… makes a dialog of its own.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.kit_saved.connect(self.on_dialog_kit_saved)
        dialog.open()

    def on_dialog_kit_saved(self, kit: BrandKit) -> None:
        # Listed at once with its name as saved (the reload that follows brings the same),
        # so the picker never shows "No brand kit" for the kit just chosen.
        names = {**self._kit_names, kit.id: kit.name}
        self.show_kits(sorted(names.items(), key=lambda k: (k[1].casefold(), k[0])))
        self.change({"brand_kit_id": kit.id}, "Choose a brand kit")

    def files_to_attach(self) -> list[Attachment]:
        return list(self.draft.brief.attachments)
