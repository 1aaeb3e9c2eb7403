"""The checklist beside the brief: what a strong brief covers, ticked as the text covers it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from aitasker_desktop.domain.checklist import ChecklistItem


class ChecklistBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("A strong brief covers", parent)
        self.setAccessibleName("A strong brief covers")
        self._column = QVBoxLayout(self)
        self._labels: list[QLabel] = []
        self._items: list[ChecklistItem] = []

    def set_items(self, items: list[ChecklistItem]) -> None:
        if items == self._items:
            return
        self._items = items
        while len(self._labels) < len(items):
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            self._column.addWidget(label)
            self._labels.append(label)
        for label, item in zip(self._labels, items, strict=False):
            mark = "☑" if item.covered else "☐"
            label.setText(f"{mark}  {item.label}")
            label.setToolTip(item.hint)
            state = "covered" if item.covered else "not yet covered"
            label.setAccessibleName(f"{item.label}: {state}")
            label.setAccessibleDescription(item.hint)
            label.show()
        for label in self._labels[len(items) :]:
            label.hide()

    def covered(self) -> dict[str, bool]:
        return {i.label: i.covered for i in self._items}
