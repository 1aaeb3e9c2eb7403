"""The status column's badge: a rounded pill in the status group's colour with the label.

The label is drawn with QPainter.drawText, which never interprets markup, so an unknown status
from a server shows exactly as sent. Colours come in a light and a dark set and are picked from
the view's palette, so the badge stays legible in both themes.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from aitasker_desktop.ui.tasks.index import Group, status_group
from aitasker_desktop.ui.tasks.model import STATUS_ROLE

# (background, text) per status group, for light and dark palettes.
_LIGHT = {
    Group.NEEDS_YOU: ("#fff1c2", "#6b4b00"),
    Group.IN_PROGRESS: ("#dcebfb", "#0b3d66"),
    Group.FINISHED: ("#e6e6e6", "#3c3c3c"),
}
_DARK = {
    Group.NEEDS_YOU: ("#5c4700", "#ffe7a3"),
    Group.IN_PROGRESS: ("#173f66", "#cfe6ff"),
    Group.FINISHED: ("#444448", "#dddddd"),
}
_COMPLETED = {"light": ("#dff3e2", "#1d5b2a"), "dark": ("#1f4a2a", "#cdeed4")}
_FAILED = {"light": ("#f6e0e0", "#7a1f1f"), "dark": ("#5a2323", "#f3d0d0")}


def badge_colours(status: str, dark: bool) -> tuple[QColor, QColor]:
    scheme = "dark" if dark else "light"
    if status == "completed":
        bg, fg = _COMPLETED[scheme]
    elif status in ("expired", "cancelled"):
        bg, fg = _FAILED[scheme]
    else:
        bg, fg = (_DARK if dark else _LIGHT)[status_group(status)]
    return QColor(bg), QColor(fg)


class StatusBadgeDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        label = opt.text
        opt.text = ""  # the style draws the selection and focus; the pill is ours
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        status = str(index.data(STATUS_ROLE) or "")
        dark = opt.palette.color(QPalette.ColorRole.Base).lightness() < 128
        bg, fg = badge_colours(status, dark)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = opt.font
        font.setPointSizeF(max(font.pointSizeF() * 0.92, 7.0))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        rect = opt.rect.adjusted(6, 3, -6, -3)
        shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, max(rect.width() - 16, 8))
        width = min(metrics.horizontalAdvance(shown) + 16, rect.width())
        pill = QRectF(rect.x(), rect.y(), width, rect.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(fg)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, shown)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 20, size.height())
