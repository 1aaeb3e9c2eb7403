"""The bar above the task table: status chips, a search field, the count, and Refresh now.

The chips and the search field filter the table's model; the chips say how many tasks each
holds, and the count how many of all are shown. In a narrow window the search, the count and
Refresh go under the chips, so each keeps its whole text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.services import formatting
from aitasker_desktop.ui.tasks.model import Group, TaskTableModel
from aitasker_desktop.ui.wrapping import WrapRow

CHIPS: tuple[tuple[str, str], ...] = (
    (Group.ALL, "All"),
    (Group.NEEDS_YOU, "Needs you"),
    (Group.IN_PROGRESS, "In progress"),
    (Group.FINISHED, "Finished"),
)
# Chips read as a segmented filter in both themes (palette roles follow the theme).
CHIP_STYLE = """
QPushButton {
    padding: 4px 12px; border: 1px solid palette(mid); border-radius: 12px;
    background: palette(base); color: palette(text);
}
QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight); }
QPushButton:focus { border: 2px solid palette(highlight); }
"""


class TaskFilterBar(QWidget):
    def __init__(self, model: TaskTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        # Filter chips: a row of checkable buttons, one checked, arrow keys move between them.
        self.chips = QButtonGroup(self)
        self.chips.setExclusive(True)
        chip_row = QHBoxLayout()
        chip_row.setSpacing(4)
        chip_row.setContentsMargins(0, 0, 0, 0)
        for group, label in CHIPS:
            chip = QPushButton(label)
            chip.setCheckable(True)
            chip.setAccessibleName(label)
            chip.setProperty("group", group)
            chip.setObjectName(f"chip_{group}")
            chip.setStyleSheet(CHIP_STYLE)
            self.chips.addButton(chip)
            chip_row.addWidget(chip)
            if group == Group.ALL:
                chip.setChecked(True)
        self.chips.buttonToggled.connect(self.on_chips_button_toggled)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title, category or type (Ctrl+F)")
        self.search.setAccessibleName("Search tasks")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.on_search_text_changed)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.search.clear)
        self.refresh_button = QPushButton("Refresh now")
        self.refresh_button.setAccessibleName("Refresh now")
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setObjectName("task_count")
        # Room for "Search title, category" at least: a field cut to "S…" says nothing.
        metrics = self.search.fontMetrics()
        self.search.setMinimumWidth(metrics.horizontalAdvance("Search title, category") + 40)
        chip_row.addStretch(1)
        find = QHBoxLayout()
        find.addWidget(self.search, 1)
        find.addWidget(self.count_label)
        find.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # it lines up with the place's edges
        layout.addWidget(WrapRow([(chip_row, 0), (find, 1)], spacing=12))

    def show_all(self) -> None:
        """Clear the search and choose “All”."""
        self.show_group(Group.ALL)

    def show_group(self, group: str) -> None:
        """Clear the search and choose this group's chip (“Needs you”…)."""
        self.search.clear()
        for chip in self.chips.buttons():
            if chip.property("group") == group:
                chip.setChecked(True)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def show_counts(self, total: int, shown: int, counts: dict[str, int]) -> None:
        """How many tasks are shown of all, and how many each chip holds (none while empty)."""
        self.count_label.setText(
            f"{formatting.count(shown)} of {formatting.count_of(total, 'task')}"
            if shown != total
            else formatting.count_of(total, "task")
        )
        self.count_label.setVisible(bool(total))
        self.count_label.setAccessibleName(f"{shown} of {total} tasks shown")
        for chip in self.chips.buttons():
            group = str(chip.property("group"))
            label = dict(CHIPS)[group]
            n = counts.get(group, 0)
            chip.setText(f"{label} ({formatting.count(n)})" if total else label)
            chip.setAccessibleName(f"{label}, {n} tasks" if total else label)

    def on_chips_button_toggled(self, button: QPushButton, checked: bool) -> None:
        if checked:
            self._model.set_filter(str(button.property("group")), self.search.text())

    def on_search_text_changed(self, text: str) -> None:
        self._model.set_filter(self._model.group, text)

    def changeEvent(self, event: QEvent) -> None:
        # Style sheets resolve palette() once: re-apply them when the theme changes.
        if event.type() == QEvent.Type.PaletteChange:
            for chip in self.chips.buttons():
                chip.setStyleSheet("")
                chip.setStyleSheet(CHIP_STYLE)
        super().changeEvent(event)
