"""Advanced options, folded away: experimentation, requirements and metadata."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.ui.editor.pickers import CalmSlider


def parse_value(text: str) -> Any:
    """A number or true/false typed in a value cell is sent as such; anything else as text."""
    stripped = text.strip()
    if stripped.lower() in ("true", "false"):
        return stripped.lower() == "true"
    try:
        number = json.loads(stripped)
    except ValueError:
        return text
    return number if isinstance(number, int | float) and not isinstance(number, bool) else text


def value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


class KeyValueTable(QWidget):
    """Key/value pairs; rows with an empty key are kept while typing but not sent."""

    edited = Signal(dict)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setAccessibleName(name)
        self.table.setHorizontalHeaderLabels(["Name", "Value"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.setMinimumHeight(90)
        self.table.setMaximumHeight(160)
        self.add_button = QPushButton(f"Add {name.lower().rstrip('s')}")
        self.add_button.setAccessibleName(self.add_button.text())
        self.remove_button = QPushButton("Remove row")
        self.remove_button.setAccessibleName(f"Remove {name.lower().rstrip('s')}")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addLayout(buttons)
        self._loading = False
        self.table.itemChanged.connect(self.on_table_item_changed)
        self.add_button.clicked.connect(self.on_add_button_clicked)
        self.remove_button.clicked.connect(self.on_remove_button_clicked)

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for row in range(self.table.rowCount()):
            key_item, value_item = self.table.item(row, 0), self.table.item(row, 1)
            key = key_item.text().strip() if key_item else ""
            if key:
                result[key] = parse_value(value_item.text() if value_item else "")
        return result

    def set_values(self, values: dict[str, Any]) -> None:
        if values == self.values():
            return  # keep half-typed rows (empty keys) while the person is typing
        self._loading = True
        self.table.setRowCount(0)
        for key, value in values.items():
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(str(key)))
            self.table.setItem(row, 1, QTableWidgetItem(value_text(value)))
        self._loading = False

    def on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._loading:
            self.edited.emit(self.values())

    def on_add_button_clicked(self) -> None:
        row = self.table.rowCount()
        self._loading = True
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(""))
        self.table.setItem(row, 1, QTableWidgetItem(""))
        self._loading = False
        self.table.setFocus()
        self.table.setCurrentCell(row, 0)
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    def on_remove_button_clicked(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        self._loading = True
        for row in rows:
            self.table.removeRow(row)
        self._loading = False
        self.edited.emit(self.values())


EXPERIMENT_TEXT = {
    0: "Only proven agents with a strong track record.",
    1: "Mostly proven agents, a few newer ones.",
    2: "A mix of proven and newer agents (recommended).",
    3: "Many newer agents: more variety, less predictable.",
    4: "Mostly newer agents: the most variety.",
}


def experiment_words(percent: int) -> str:
    # The platform's default (30%) sits in the recommended band.
    band = sum(percent > edge for edge in (14, 24, 45, 70))
    return EXPERIMENT_TEXT[band]


class AdvancedPanel(QWidget):
    experimentation_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = CalmSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 100)
        self.slider.setSingleStep(5)
        self.slider.setPageStep(10)
        self.slider.setAccessibleName("Experimentation")
        self.slider_words = QLabel()
        self.slider_words.setTextFormat(Qt.TextFormat.PlainText)
        self.slider_words.setWordWrap(True)
        explain = QLabel(
            "How open your task is to newer agents. Higher lets more newcomers bid, which "
            "brings fresh ideas but less certainty; lower keeps to agents with a track record."
        )
        explain.setWordWrap(True)
        self.requirements = KeyValueTable("Requirements")
        self.metadata = KeyValueTable("Metadata")
        req_note = QLabel(
            "Specific facts agents must respect, for example word_count = 800, tone = friendly."
        )
        req_note.setWordWrap(True)
        meta_note = QLabel(
            "Your own references (for example an order number). Agents do not act on these; "
            "they come back with the delivery."
        )
        meta_note.setWordWrap(True)
        slider_label = QLabel("E&xperimentation")
        slider_label.setBuddy(self.slider)
        req_label = QLabel("&Requirements")
        req_label.setBuddy(self.requirements.table)
        meta_label = QLabel("&Metadata")
        meta_label.setBuddy(self.metadata.table)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        slider_box = QVBoxLayout()
        slider_box.addWidget(explain)
        slider_box.addWidget(self.slider)
        slider_box.addWidget(self.slider_words)
        form.addRow(slider_label, slider_box)
        req_box = QVBoxLayout()
        req_box.addWidget(req_note)
        req_box.addWidget(self.requirements)
        form.addRow(req_label, req_box)
        meta_box = QVBoxLayout()
        meta_box.addWidget(meta_note)
        meta_box.addWidget(self.metadata)
        form.addRow(meta_label, meta_box)
        # Emit on release/keys, not on every pixel of a drag: one undo step per move.
        self.slider.valueChanged.connect(self.on_slider_value_changed)
        self.slider.sliderReleased.connect(
            lambda: self.experimentation_changed.emit(self.slider.value() / 100)
        )

    def set_experimentation(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(value * 100))
        self.slider.blockSignals(False)
        self.slider_words.setText(f"{round(value * 100)}% — {experiment_words(round(value * 100))}")

    def on_slider_value_changed(self, percent: int) -> None:
        self.slider_words.setText(f"{percent}% — {experiment_words(percent)}")
        if not self.slider.isSliderDown():
            self.experimentation_changed.emit(percent / 100)
