"""Putting values into the editor's widgets: the draft's fields, what is derived from them
(counts, hints, messages), the brand kits, the lock and the footer.

Kept apart from the building (layout.py) so that either reads on its own; nothing here holds
state of its own: the form (form.py) says what to show.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from aitasker_desktop.domain.brief import BRIEF_MAX, BRIEF_MIN, TITLE_MAX, TITLE_MIN, Brief
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.services import formatting
from aitasker_desktop.ui.editor.fields import replace_text, show_message
from aitasker_desktop.ui.editor.layout import EditorLayout
from aitasker_desktop.ui.editor.parts import set_text
from aitasker_desktop.ui.editor.review import money
from aitasker_desktop.ui.plain_tip import plain_tip


class EditorDisplay(EditorLayout):
    def show_kind(self, catalog: Catalog | None, category: str, task_type: str) -> None:
        cats = catalog.categories if catalog else ()
        self.category_combo.set_items([(c.slug, c.name) for c in cats], category)
        chosen = catalog.category(category) if catalog and category else None
        if chosen is not None:
            types = [(f"{chosen.slug}/{t.slug}", t.name, t.description) for t in chosen.task_types]
        else:  # no category yet: every type, so a person can search for "logo" directly
            types = [
                (f"{c.slug}/{t.slug}", f"{t.name} ({c.name})", t.description)
                for c in cats
                for t in c.task_types
            ]
        self.type_combo.set_items([(k, n) for k, n, _ in types], f"{category}/{task_type}")
        for i, (_k, _n, description) in enumerate(types):
            # The server's words: shown as sent, never read as markup.
            self.type_combo.setItemData(i, plain_tip(description), Qt.ItemDataRole.ToolTipRole)
        tt = catalog.task_type(category, task_type) if catalog else None
        self.type_description.setText(tt.description if tt else "")
        self.type_description.setVisible(bool(tt and tt.description))

    def set_brief_text(self, text: str) -> None:
        replace_text(self.brief_edit, text)

    def set_budget(self, value: float | None) -> None:
        self.budget_spin.show_amount(value)

    def show_counts(self, brief: Brief) -> None:
        t, d = len(brief.title.strip()), len(brief.description.strip())
        set_text(self.title_count, f"{t} of {TITLE_MAX} characters (at least {TITLE_MIN})")
        brief_max = formatting.count(BRIEF_MAX)
        set_text(
            self.brief_count,
            f"{formatting.count(d)} of {brief_max} characters (at least {BRIEF_MIN})",
        )

    def show_budget_hints(self, catalog: Catalog | None, brief: Brief, advice: str | None) -> None:
        tt = catalog.task_type(brief.category, brief.task_type) if catalog else None
        if tt is None:
            set_text(self.budget_hint, "Choose a task type to see what similar tasks cost.")
        else:
            low, high = tt.budget_range
            median = catalog.median_win(brief.category, brief.task_type) if catalog else None
            text = f"Budgets for {tt.name.lower()} range from {money(low)} to {money(high)}."
            if median is not None:
                text += f" Most are won at about {money(median)}."
            set_text(self.budget_hint, text)
        show_message(self.budget_advice, advice or "")

    def set_field_message(self, label: QLabel, text: str) -> None:
        if label is self.advanced_error and text:
            self.advanced_toggle.setChecked(True)
        show_message(label, text)

    def focus_field(self, field: str) -> None:
        widget = self._field_widgets.get(field)
        if widget is None and field in ("experimentation", "requirements", "metadata"):
            self.advanced_toggle.setChecked(True)
            widget = self.advanced.slider
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(widget)

    def set_kits(self, kits: list[tuple[str, str]], current: str | None) -> None:
        self.kit_combo.clear()
        self.kit_combo.addItem("No brand kit", None)
        for kit_id, name in kits:
            self.kit_combo.addItem(name, kit_id)
        self.select_kit(current)

    def select_kit(self, kit_id: str | None) -> None:
        index = self.kit_combo.findData(kit_id) if kit_id else 0
        self.kit_combo.setCurrentIndex(max(0, index))
        self.edit_kit_button.setEnabled(bool(kit_id))

    def _look_read_only(self, read_only: bool) -> None:
        """The text boxes that take no typing show the window's colour behind their text (as
        read-only boxes do on Windows), not the white of a place to type. Greyed (disabled)
        instead, a long brief could be neither read in full (no scrolling) nor copied."""
        window = self.palette().color(QPalette.ColorRole.Window)
        for box in (self.title_edit, self.brief_edit, self.budget_spin):
            palette = QPalette()  # no role set: the box follows the theme as before
            if read_only:
                palette.setColor(QPalette.ColorRole.Base, window)
            box.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        themed = event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if themed and self.title_edit.isReadOnly():  # light <-> dark: the new window colour
            self._look_read_only(True)

    def show_suggestions(self, text: str) -> None:
        self.suggestions.setText(text)
        self.suggestions.setVisible(bool(text))

    def footer_message(self, text: str, kind: str = "info", *, top_up: bool = False) -> None:
        self.footer_bar.show_message(text, kind, top_up=top_up)

    def show_lock_note(self, text: str) -> None:
        self.lock_bar.show_note(text)

    def show_save_problem(self, text: str, kind: str = "error") -> None:
        """Under the form: why the draft is not saved ("error"), or that it is again ("info")."""
        self.footer_bar.show_save_problem(text, kind)

    def set_busy(self, busy: bool) -> None:
        self.footer_bar.set_busy(busy)

    def show_progress(self, done: int, total: int, what: str) -> None:
        self.footer_bar.show_progress(done, total, what)

    def lock_controls(self, locked: bool, *, kit_chosen: bool) -> None:
        """Freeze (or free) every control that changes the brief; the lock bar says why."""
        # Text stays readable (read-only, not greyed): the person may want to check it.
        for text in (self.title_edit, self.brief_edit, self.budget_spin):
            text.setReadOnly(locked)
        self._look_read_only(locked)
        for control in (
            self.category_combo,
            self.type_combo,
            self.suggest_button,
            self.attachments,
            self.kit_combo,
            self.new_kit_button,
            self.advanced,
        ):
            control.setEnabled(not locked)
        self.edit_kit_button.setEnabled(not locked and kit_chosen)
        for combo in (self.category_combo, self.type_combo):
            line = combo.lineEdit()
            if line is not None:  # a disabled field's clear button would still stand out
                line.setClearButtonEnabled(not locked)
        self.post_button.setEnabled(not locked)
