"""The editor's widgets and how they are laid out; values are put into them by display.py.

One scrolling column of numbered steps, each built by a method of its own, between a lock bar
above and a footer with the save state and the Post button below. Every field has a visible
label tied to it (setBuddy) and the same accessible name.
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
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

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
)
from aitasker_desktop.ui.editor.footer import EditorFooter, LockBar
from aitasker_desktop.ui.editor.money_box import MoneySpinBox
from aitasker_desktop.ui.editor.parts import field, heading, left, note
from aitasker_desktop.ui.editor.pickers import CalmCombo, SearchCombo


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
        self._build_intro(column)
        self._build_kind(column, undo, redo)
        self._build_description(column, undo, redo, spelling)
        self._build_budget(column, undo, redo)
        self._build_files(column)
        self._build_advanced(column)
        self._build_preview(column)
        column.addStretch(1)
        self._build_frame(content)
        self._index_fields()
        self._set_tab_order()

    # -- building, one section of the column at a time ---------------------------------------

    def _build_intro(self, column: QVBoxLayout) -> None:
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

    def _build_kind(
        self, column: QVBoxLayout, undo: Callable[[], None], redo: Callable[[], None]
    ) -> None:
        """Step 1: the category and task-type pickers (a note above them while offline)."""
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

    def _build_description(
        self,
        column: QVBoxLayout,
        undo: Callable[[], None],
        redo: Callable[[], None],
        spelling: SpellingService | None,
    ) -> None:
        """Step 2: the title and the brief, with the checklist and suggestions beside them."""
        column.addWidget(heading("2. Describe the task"))
        self.title_edit = TitleEdit(undo, redo, spelling)
        self.title_edit.set_placeholders(
            "For example: Blog post about our new bakery", "e.g. Blog post about our bakery"
        )
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
        side = self._build_checklist_side()
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
        describe = QHBoxLayout()
        describe.addLayout(text_form, 3)
        describe.addLayout(side, 1)
        column.addLayout(describe)

    def _build_checklist_side(self) -> QVBoxLayout:
        """Beside the brief: what a good brief of this type covers, and suggestions."""
        self.checklist = ChecklistBox()
        self.checklist.setMinimumWidth(200)
        self.suggest_button = QPushButton("Suggest improvements")
        self.suggest_button.setAccessibleName("Suggest improvements")
        self.suggestions = note()
        self.suggestions.setAccessibleName("Suggestions")
        self.suggestions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.suggestions.hide()
        side = QVBoxLayout()
        side.addWidget(self.checklist)
        side.addWidget(self.suggest_button)
        side.addWidget(self.suggestions)
        side.addStretch(1)
        return side

    def _build_budget(
        self, column: QVBoxLayout, undo: Callable[[], None], redo: Callable[[], None]
    ) -> None:
        """Step 3: the budget box, with what similar tasks cost and what can be spent now."""
        column.addWidget(heading("3. Budget"))
        self.budget_spin = MoneySpinBox(undo, redo)
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

    def _build_files(self, column: QVBoxLayout) -> None:
        """Step 4: attachments and the brand kit, with its New and Edit buttons."""
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

    def _build_advanced(self, column: QVBoxLayout) -> None:
        """Folded away until asked for (or until one of its fields has a message)."""
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

    def _build_preview(self, column: QVBoxLayout) -> None:
        """Step 5: the brief as agents will receive it, read-only."""
        column.addWidget(heading("5. Review: what agents will receive"))
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setTabChangesFocus(True)
        self.preview.setMinimumHeight(160)
        column.addWidget(buddy_label("&Preview", self.preview))
        column.addWidget(self.preview)

    def _build_frame(self, content: QWidget) -> None:
        """The column scrolls between the lock bar above it and the footer below it."""
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

    def _index_fields(self) -> None:
        """Where each field of the brief shows its message, and which control it focuses."""
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

    def on_advanced_toggle_toggled(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.advanced_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
