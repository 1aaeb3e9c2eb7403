"""Keeping a screen readable in a small window (the window can be 800x600): a row whose parts
go one under the other when they no longer fit side by side, and a one-line label that
shortens its text with an ellipsis (the whole text in its tooltip) instead of cutting it.

Neither lets a layout squeeze a widget under its text, so nothing is drawn over anything."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QSpacerItem,
    QWidget,
)

from aitasker_desktop.ui.plain_tip import plain_tip

SPACING = 6


class WrapRow(QWidget):
    """Its parts side by side while each gets at least its minimum width, else one under
    the other. It asks for the room of the row, and needs only that of its widest part."""

    def __init__(
        self,
        parts: Sequence[tuple[QWidget | QLayout, int]],
        *,
        spacing: int = SPACING,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(spacing)
        self._spacing = spacing
        for part, stretch in parts:
            if isinstance(part, QLayout):
                self._box.addLayout(part, stretch)
            else:
                self._box.addWidget(part, stretch)
        # Room left over goes after the parts, not between them.
        self._box.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    @property
    def wrapped(self) -> bool:
        return self._box.direction() == QBoxLayout.Direction.TopToBottom

    def _items(self) -> list[QLayoutItem]:
        items = (self._box.itemAt(i) for i in range(self._box.count()))
        return [item for item in items if item is not None and not item.isEmpty()]

    def _width(self, items: list[QLayoutItem], each: list[int]) -> int:
        gaps = self._spacing * max(0, len(items) - 1)
        return sum(each) + gaps

    def side_by_side_width(self) -> int:
        """The least width that shows every part side by side."""
        items = self._items()
        return self._width(items, [_least(item, side_by_side=True) for item in items])

    def _preferred_width(self) -> int:
        items = self._items()
        return self._width(items, [_preferred(item) for item in items])

    def sizeHint(self) -> QSize:
        return QSize(self._preferred_width(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        width = max((_least(item, side_by_side=False) for item in self._items()), default=0)
        return QSize(width, super().minimumSizeHint().height())

    def _fit(self) -> None:
        side_by_side = self.width() >= self.side_by_side_width()
        direction = (
            QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        )
        if direction != self._box.direction():
            self._box.setDirection(direction)
            # Lines under one another sit closer than parts side by side.
            self._box.setSpacing(self._spacing if side_by_side else min(self._spacing, 4))
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a part's text (and width) changed
            self._fit()
        return super().event(event)


def _least(item: QLayoutItem, *, side_by_side: bool) -> int:
    widget = item.widget()
    if side_by_side and isinstance(widget, WrapRow):
        return widget.side_by_side_width()
    return item.minimumSize().width()


def _preferred(item: QLayoutItem) -> int:
    widget = item.widget()
    if isinstance(widget, WrapRow):
        return widget.sizeHint().width()
    return item.sizeHint().width()


class ElidedLabel(QLabel):
    """One line of plain text, shortened with "…" to the width it is given; the whole text
    is then its tooltip. It asks for the width of the whole text and needs `least`."""

    def __init__(
        self, text: str = "", *, least: int = 60, tip: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(least)
        self._tip = tip
        self._full = ""
        self._placed = False  # given its width by a layout: until then, the whole text
        self.setText(text)

    def setText(self, text: str) -> None:  # plain text only: the whole text, shown elided
        self._full = text
        self.updateGeometry()
        self._elide()

    def full_text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right()
        return QSize(width + 2 * self.margin() + 1, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._placed = True
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width() - 2 * self.margin()
        shown = (
            self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
            if self._placed
            else self._full
        )
        QLabel.setText(self, shown)
        cut = shown != self._full
        tip = "\n".join(t for t in (self._full if cut else "", self._tip) if t)
        self.setToolTip(plain_tip(tip))  # the text as typed, never read as markup
