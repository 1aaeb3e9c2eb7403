"""The Drafts list's title cell: the title, and under it the brief's first words, as a mail
client lists a subject over the start of the message.

A draft without a title of its own shows "Untitled brief" in italics, in the colour of
placeholder text: a stand-in, not a title that was saved. Renaming in place (F2) edits the
first line only, starting from the saved title (empty for an untitled draft).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from aitasker_desktop.ui.drafts_model import SNIPPET_ROLE, UNTITLED_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex
PAD_X, PAD_Y, GAP = 6, 4, 2


class TitleDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        main = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        faint = main if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        first, second = self._lines(opt.rect, opt.font)
        painter.save()
        title_font = QFont(opt.font)  # a copy: the second line stays upright
        if index.data(UNTITLED_ROLE):
            title_font.setItalic(True)
            painter.setPen(faint)
        else:
            painter.setPen(main)
        painter.setFont(title_font)
        metrics = QFontMetrics(title_font)
        painter.drawText(
            first,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, first.width()),
        )
        painter.setFont(opt.font)
        painter.setPen(faint)
        painter.drawText(
            second,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(opt.font).elidedText(
                str(index.data(SNIPPET_ROLE) or ""), Qt.TextElideMode.ElideRight, second.width()
            ),
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        height = QFontMetrics(option.font).height()
        return QSize(240, 2 * height + GAP + 2 * PAD_Y)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setPlaceholderText("Untitled brief")
        editor.setAccessibleName("New title")
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        first, _second = self._lines(option.rect, option.font)
        editor.setGeometry(option.rect.x(), first.y() - 2, option.rect.width(), first.height() + 4)

    @staticmethod
    def _lines(rect: QRect, font: QFont) -> tuple[QRect, QRect]:
        height = QFontMetrics(font).height()
        inner = rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        first = QRect(inner.x(), inner.y(), inner.width(), height)
        second = QRect(inner.x(), inner.y() + height + GAP, inner.width(), height)
        return first, second
