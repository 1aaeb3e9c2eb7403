"""The editor's widgets and how they are laid out; no behaviour beyond showing values.

One scrolling column of numbered steps, a footer with the save state and the Post button.
Every field has a visible label tied to it (setBuddy) and the same accessible name.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.brief import BRIEF_MAX, BRIEF_MIN, TITLE_MAX, TITLE_MIN, Brief
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.services import formatting
from aitasker_desktop.services.spelling import SpellingService
from aitasker_desktop.ui.editor.advanced import AdvancedPanel
from aitasker_desktop.ui.editor.attachments import AttachmentsPanel
from aitasker_desktop.ui.editor.checklist_box import ChecklistBox
from aitasker_desktop.ui.editor.fields import (
    BriefTextEdit,
    TitleEdit,
    buddy_label,
    message_label,
    repaint_messages,
    replace_text,
    show_message,
)
from aitasker_desktop.ui.editor.footer import EditorFooter, LockBar
from aitasker_desktop.ui.editor.parts import field, heading, left, note, set_text
from aitasker_desktop.ui.editor.pickers import CalmCombo, MoneySpinBox, SearchCombo
from aitasker_desktop.ui.editor.review import money


class EditorLayout(QWidget):
    def __init__(
        self,
        undo: Callable[[], None],
        redo: Callable[[], None],
        spelling: SpellingService | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("briefEditor")
        content = self.content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 16, 24, 16)
        column.setSpacing(10)
        title = heading("New brief")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        title.setFont(font)
        column.addWidget(title)
        column.addWidget(
            note(
                "Agents work only from what you write here, and are judged on how closely "
                "they follow it. Your brief is saved as you type."
            )
        )

        # 1. kind of work
        column.addWidget(heading("1. What kind of work?"))
        self.catalog_note = note()
        self.catalog_note.hide()
        self.category_combo = SearchCombo("Type to search, e.g. writing", undo, redo)
        self.type_combo = SearchCombo("Type to search, e.g. logo", undo, redo)
        self.category_error = message_label()
        self.type_error = message_label()
        self.type_description = note()
        kind = QFormLayout()
        kind.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        kind.addRow(
            buddy_label("&Category", self.category_combo),
            field(self.category_combo, self.category_error),
        )
        kind.addRow(
            buddy_label("Task &type", self.type_combo),
            field(self.type_combo, self.type_description, self.type_error),
        )
        column.addWidget(self.catalog_note)
        column.addLayout(kind)

        # 2. describe it
        column.addWidget(heading("2. Describe the task"))
        self.title_edit = TitleEdit(undo, redo, spelling)
        self.title_edit.setPlaceholderText("For example: Blog post about our new bakery")
        self.title_count = note()
        self.title_error = message_label()
        self.brief_edit = BriefTextEdit(undo, redo, spelling)
        self.brief_edit.setPlaceholderText(
            "Who is it for? What exactly should you receive, in what format? What tone? "
            "What must it include or avoid? Any examples you like?"
        )
        self.brief_edit.setMinimumHeight(180)
        self.brief_count = note()
        self.brief_error = message_label()
        self.checklist = ChecklistBox()
        self.checklist.setMinimumWidth(200)
        self.suggest_button = QPushButton("Suggest improvements")
        self.suggest_button.setAccessibleName("Suggest improvements")
        self.suggestions = note()
        self.suggestions.setAccessibleName("Suggestions")
        self.suggestions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.suggestions.hide()
        text_form = QFormLayout()
        text_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        text_form.addRow(
            buddy_label("T&itle", self.title_edit),
            field(self.title_edit, self.title_count, self.title_error),
        )
        text_form.addRow(
            buddy_label("&Brief", self.brief_edit),
            field(self.brief_edit, self.brief_count, self.brief_error),
        )
        side = QVBoxLayout()
        side.addWidget(self.checklist)
        side.addWidget(self.suggest_button)
        side.addWidget(self.suggestions)
        side.addStretch(1)
        describe = QHBoxLayout()
        describe.addLayout(text_form, 3)
        describe.addLayout(side, 1)
        column.addLayout(describe)

        # 3. budget
        column.addWidget(heading("3. Budget"))
        self.budget_spin = MoneySpinBox(undo, redo)
        self.budget_spin.setRange(0, 1000)
        self.budget_spin.setDecimals(2)
        self.budget_spin.setPrefix("$ ")
        self.budget_spin.setSpecialValueText("Not set")
        self.budget_spin.setMinimumWidth(140)
        self.budget_hint = note()
        self.budget_advice = message_label("warning")
        self.budget_funds = message_label("warning")
        self.budget_funds.setAccessibleName("What you can spend now")
        self.budget_error = message_label()
        budget = QFormLayout()
        budget.addRow(
            buddy_label("B&udget (USD)", self.budget_spin),
            field(
                left(self.budget_spin),
                self.budget_hint,
                self.budget_advice,
                self.budget_funds,
                self.budget_error,
            ),
        )
        column.addLayout(budget)

        # 4. files and brand
        column.addWidget(heading("4. Files and brand kit (optional)"))
        self.attachments = AttachmentsPanel(
            "Attachments",
            "Drop files anywhere on this page, or add them: examples, data, logos. "
            "Pictures, PDFs, text and Office files up to 25 MB each.",
        )
        self.attachments_error = message_label()
        self.kit_combo = CalmCombo()
        self.new_kit_button = QPushButton("New kit…")
        self.new_kit_button.setAccessibleName("New brand kit")
        self.edit_kit_button = QPushButton("Edit kit…")
        self.edit_kit_button.setAccessibleName("Edit brand kit")
        self.kit_error = message_label()
        kit_row = QHBoxLayout()
        kit_row.addWidget(self.kit_combo, 1)
        kit_row.addWidget(self.new_kit_button)
        kit_row.addWidget(self.edit_kit_button)
        kit_box = QWidget()
        kit_box.setLayout(kit_row)
        kit_row.setContentsMargins(0, 0, 0, 0)
        files = QFormLayout()
        files.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        files.addRow(
            buddy_label("&Attachments", self.attachments.list),
            field(self.attachments, self.attachments_error),
        )
        files.addRow(buddy_label("Brand &kit", self.kit_combo), field(kit_box, self.kit_error))
        column.addLayout(files)

        # advanced, folded away
        self.advanced_toggle = QToolButton()
        self.advanced_toggle.setText("Advanced options")
        self.advanced_toggle.setAccessibleName("Advanced options")
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced = AdvancedPanel()
        self.advanced.hide()
        self.advanced_error = message_label()
        self.advanced_toggle.toggled.connect(self.on_advanced_toggle_toggled)
        column.addWidget(self.advanced_toggle)
        column.addWidget(self.advanced)
        column.addWidget(self.advanced_error)

        # 5. preview
        column.addWidget(heading("5. Review: what agents will receive"))
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setTabChangesFocus(True)
        self.preview.setMinimumHeight(160)
        preview_label = buddy_label("&Preview", self.preview)
        column.addWidget(preview_label)
        column.addWidget(self.preview)
        column.addStretch(1)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)

        self.footer_bar = EditorFooter()
        # The footer's parts, by the names the rest of the editor (and its tests) use.
        self.save_state = self.footer_bar.save_state
        self.progress = self.footer_bar.progress
        self.footer = self.footer_bar.message
        self.topup_button = self.footer_bar.topup_button
        self.new_button = self.footer_bar.new_button
        self.post_button = self.footer_bar.post_button
        # Above the form, outside it: stays readable while the form is locked (greyed).
        self.lock_bar = LockBar()
        self.lock_note = self.lock_bar.note
        self.restore_button = self.lock_bar.restore_button
        self.keep_button = self.lock_bar.keep_button
        # Below the form, beside the save state: a save that failed, and when it is safe again.
        self.save_problem = self.footer_bar.save_problem
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.lock_bar)
        outer.addWidget(self.scroll_area, 1)
        outer.addWidget(line)
        outer.addWidget(self.footer_bar)

        self.field_messages = {
            "category": self.category_error,
            "task_type": self.type_error,
            "title": self.title_error,
            "description": self.brief_error,
            "budget_usd": self.budget_error,
            "attachments": self.attachments_error,
            "brand_kit_id": self.kit_error,
            "experimentation": self.advanced_error,
            "requirements": self.advanced_error,
            "metadata": self.advanced_error,
        }
        self._field_widgets: dict[str, QWidget] = {
            "category": self.category_combo,
            "task_type": self.type_combo,
            "title": self.title_edit,
            "description": self.brief_edit,
            "budget_usd": self.budget_spin,
            "attachments": self.attachments.add_button,
            "brand_kit_id": self.kit_combo,
        }
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.category_combo,
            self.type_combo,
            self.title_edit,
            self.brief_edit,
            self.suggest_button,
            self.budget_spin,
            self.attachments.list,
            self.attachments.add_button,
            self.attachments.remove_button,
            self.kit_combo,
            self.new_kit_button,
            self.edit_kit_button,
            self.advanced_toggle,
            self.advanced.slider,
            self.advanced.requirements.table,
            self.advanced.requirements.add_button,
            self.advanced.requirements.remove_button,
            self.advanced.metadata.table,
            self.advanced.metadata.add_button,
            self.advanced.metadata.remove_button,
            self.preview,
            self.topup_button,
            self.new_button,
            self.post_button,
        ]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    def tab_chain(self) -> list[QWidget]:
        """The focusable controls in Tab order (for tests and accessibility checks)."""
        return [
            w
            for w in self.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(self)
        ]

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            repaint_messages(self)  # light <-> dark: message colours follow

    # -- showing values --------------------------------------------------------------------

    def on_advanced_toggle_toggled(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.advanced_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

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
            self.type_combo.setItemData(i, description, Qt.ItemDataRole.ToolTipRole)
        tt = catalog.task_type(category, task_type) if catalog else None
        self.type_description.setText(tt.description if tt else "")
        self.type_description.setVisible(bool(tt and tt.description))

    def set_brief_text(self, text: str) -> None:
        replace_text(self.brief_edit, text)

    def set_budget(self, value: float | None) -> None:
        self.budget_spin.blockSignals(True)
        self.budget_spin.setValue(value or 0)
        self.budget_spin.blockSignals(False)

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
