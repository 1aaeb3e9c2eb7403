"""Where the keyboard is, in a text box of several lines.

Fusion draws a line edit's, a spin box's and a combo box's frame in the highlight colour while
it has the keyboard focus, but a QPlainTextEdit's or QTextEdit's frame the same with or without
it: tabbing into the brief showed nothing but a thin caret. One hook on the application's focus
changes shows a ring, drawn as Fusion draws a line edit's, over the frame of the text box that
has the focus. No drawing code of ours runs for other widgets (a proxy style in Python would
run for every one).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QRegion
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QFrame, QWidget

_HOOKED_PROPERTY = "aitasker_focus_ring_hooked"
RING_WIDTH = 2  # Fusion's own: an outline, then a soft line inside it


def follow_focus(app: QApplication) -> None:
    """Show the ring on whichever text box has the focus, from now on (once per app)."""
    if app.property(_HOOKED_PROPERTY):
        return
    app.setProperty(_HOOKED_PROPERTY, True)
    app.focusChanged.connect(_on_focus_changed)


def _on_focus_changed(old: QWidget | None, new: QWidget | None) -> None:
    for widget, focused in ((old, False), (new, True)):
        if not _is_text_box(widget):
            continue
        assert widget is not None
        ring = _ring_of(widget)
        if ring is None and focused:
            ring = FocusRing(widget)
        if ring is not None:
            ring.setVisible(focused)
            if focused:
                ring.raise_()  # above what the box has gained since (a drop hint, say)


def _is_text_box(widget: QWidget | None) -> bool:
    # By class name, not isinstance: main_window.py imports this module before its first paint,
    # and PySide builds a class's enums on its first touch (the editor touches these later).
    if not isinstance(widget, QAbstractScrollArea) or widget.frameShape() == QFrame.Shape.NoFrame:
        return False
    meta = widget.metaObject()
    while meta is not None:
        if meta.className() in ("QPlainTextEdit", "QTextEdit"):
            return True
        meta = meta.superClass()
    return False


def _ring_of(box: QWidget) -> FocusRing | None:
    """The ring a text box has had since it first had the focus (shown only while it has)."""
    return box.findChild(FocusRing, options=Qt.FindChildOption.FindDirectChildrenOnly)


class FocusRing(QWidget):
    """Drawn over its text box's frame, above the text and the scroll bars, and masked to
    that frame: clicks go through it, and typing repaints it only where a line meets it."""

    def __init__(self, box: QWidget) -> None:
        super().__init__(box)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._follow(box)
        box.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self._follow(watched)
        return False

    def _follow(self, box: QWidget) -> None:
        area = box.rect()
        self.setGeometry(area)
        inside = area.adjusted(RING_WIDTH, RING_WIDTH, -RING_WIDTH, -RING_WIDTH)
        self.setMask(QRegion(area).subtracted(QRegion(inside)))

    def paintEvent(self, _event: QPaintEvent) -> None:
        # Fusion's highlighted outline: the highlight (of the box's palette), darker.
        active, highlight = QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight
        outline = self.palette().color(active, highlight).darker(125)
        soft = QColor(outline)
        soft.setAlpha(40)
        painter = QPainter(self)
        edge = self.rect().adjusted(0, 0, -1, -1)
        painter.setPen(outline)
        painter.drawRect(edge)
        painter.setPen(soft)
        painter.drawRect(edge.adjusted(1, 1, -1, -1))
        painter.end()
