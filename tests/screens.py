"""Screenshots that check what a person sees, saved where people can look at them.

Set AITASKER_SCREENS=/some/folder to keep them; otherwise they go to a folder under the
system's temp dir, so a test run never writes outside temp and its own tree.

`save_screen` grabs a widget, saves the picture, and fails when a required text is not on
screen or when a visible label or button shows less than its text (cut off at the side, or
wrapped into more lines than it has room for), or an empty text box its example.
"""

import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QMargins, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)


def screens_dir(name: str) -> Path:
    root = os.environ.get("AITASKER_SCREENS")
    base = Path(root) if root else Path(tempfile.gettempdir()) / "aitasker-screens"
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.width() > 0 and (widget is root or widget.isVisibleTo(root))


def _plain(label: QLabel) -> bool:
    if label.textFormat() == Qt.TextFormat.PlainText:
        return True
    return label.textFormat() == Qt.TextFormat.AutoText and not GuiQt.mightBeRichText(label.text())


def _without_mnemonic(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text or not _plain(label):
        return None  # pictures, and rich text (laid out by a document, not by these rules)
    room = label.contentsRect().width() - 2 * label.margin() - max(label.indent(), 0)
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + 1:
            return f"needs {need} px of height, has {label.height()}"
        return None
    shown = _without_mnemonic(text) if label.buddy() is not None else text
    metrics = label.fontMetrics()
    need = max(metrics.horizontalAdvance(line) for line in shown.split("\n"))
    return f"needs {need} px of width, has {room}" if need > room + 1 else None


def _button_problem(button: QAbstractButton) -> str | None:
    if not button.text():
        return None  # icon-only
    need = button.minimumSizeHint().width()
    return f"needs {need} px of width, has {button.width()}" if need > button.width() + 1 else None


def placeholder_problem(box: QPlainTextEdit) -> str | None:
    """An empty plain text box draws its placeholder word-wrapped from the top (Qt's
    QPlainTextEdit::paintEvent): a problem when the lines need more height than it has."""
    text = box.placeholderText()
    if not text or not box.document().isEmpty():
        return None
    margin = int(box.document().documentMargin())
    room = box.viewport().rect().adjusted(margin, margin, 0, 0)
    flags = int(Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
    need = box.fontMetrics().boundingRect(room, flags, text).height()
    return f"needs {need} px of height, has {room.height()}" if need > room.height() + 1 else None


def clipped(root: QWidget) -> list[str]:
    """Every visible label or button under `root` that shows less than its text, and every
    empty plain text box whose placeholder does not fit."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _shown(widget, root):
            continue
        if isinstance(widget, QLabel):
            problem, text = _label_problem(widget), widget.text()
        elif isinstance(widget, QAbstractButton):
            problem, text = _button_problem(widget), widget.text()
        elif isinstance(widget, QPlainTextEdit):
            problem, text = placeholder_problem(widget), widget.placeholderText()
        else:
            continue
        if problem is not None:
            found.append(f"{type(widget).__name__} {text[:60]!r}: {problem}")
    return found


def overlapping(root: QWidget) -> list[str]:
    """Every two visible widgets under `root` with the same parent drawn over each other
    (a layout squeezed below what its widgets need draws them so)."""
    found: list[str] = []
    for parent in [root, *root.findChildren(QWidget)]:
        if not _shown(parent, root):
            continue
        children = [
            child
            for child in parent.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if not child.isWindow() and child.isVisibleTo(root) and not child.geometry().isEmpty()
        ]
        for n, one in enumerate(children):
            for other in children[n + 1 :]:
                if one.geometry().intersects(other.geometry()):
                    found.append(f"{_name(one)} over {_name(other)} in {_name(parent)}")
    return found


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    return f"{type(widget).__name__} {widget.objectName() or text[:30]!r}"


def visible_texts(root: QWidget) -> list[str]:
    """The texts of the visible labels and buttons under `root` (what a person can read)."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if _shown(widget, root) and isinstance(widget, QLabel | QAbstractButton):
            texts.append(_without_mnemonic(widget.text()))
    return texts


def save_screen(widget: QWidget, path: Path, *, texts: Iterable[str] = ()) -> None:
    """Save a screenshot of `widget` to `path`, then check it as a person would: every one of
    `texts` is on screen, and nothing is cut off."""
    # Layouts catch up with changed texts before the next paint: so does the picture. A scroll
    # area sizes its content from the content's layout, which then lays out again: a few
    # passes of the event loop, as the window gets before a person sees it. Each pass ends
    # laying out: the events it handled may have changed a text (a balance that arrived),
    # and a person sees that text only once its layout has caught up.
    for _ in range(3):
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    assert widget.grab().save(str(path)), f"could not save {path}"
    shown = visible_texts(widget)
    missing = [text for text in texts if not any(text in seen for seen in shown)]
    assert not missing, f"{path.name}: not on screen: {missing}"
    problems = clipped(widget)
    assert not problems, f"{path.name}: cut off: {problems}"


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def colour_contrast(one: QColor, other: QColor) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def contrast(label: QWidget, background: QWidget) -> float:
    """WCAG contrast ratio of `label`'s text on `background`, from the palettes Qt paints with
    (a disabled label paints with the Disabled group). 4.5 is the least for ordinary text."""
    # A style sheet's colour would paint over the palette, so this could not see it.
    assert "color" not in label.styleSheet(), f"{label.objectName()}: colour from a style sheet"
    group = QPalette.ColorGroup.Active if label.isEnabled() else QPalette.ColorGroup.Disabled
    fore = label.palette().color(group, label.foregroundRole())
    back = background.palette().color(QPalette.ColorGroup.Active, background.backgroundRole())
    return colour_contrast(fore, back)


def indicator_contrast(button: QCheckBox | QRadioButton) -> float:
    """How well an unticked check box's or radio button's frame stands out, from a grab: the
    least contrast of its frame (the pixel of the indicator most unlike the window around
    it) against that window and against the inside of the box. A control needs 3."""
    assert not button.isChecked(), "the frame is what shows when nothing is ticked"
    option = QStyleOptionButton()
    option.initFrom(button)
    element = QStyle.SubElement.SE_CheckBoxIndicator
    if isinstance(button, QRadioButton):
        element = QStyle.SubElement.SE_RadioButtonIndicator
    rect = button.style().subElementRect(element, option, button)
    # Grabbed within its window, as it is seen: a check box grabbed on its own is drawn without
    # the window around it (its own Window colour paints nothing: theme.py).
    window = button.window()
    image = window.grab(QRect(button.mapTo(window, QPoint(0, 0)), button.size())).toImage()
    scale = image.devicePixelRatio()

    def at(x: int, y: int) -> QColor:
        return image.pixelColor(round(x * scale), round(y * scale))

    around = at(rect.right() + 2, rect.center().y())  # between the box and its text
    inside = at(rect.center().x(), rect.center().y())
    pixels = [
        at(x, y)
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    ]
    frame = max(pixels, key=lambda colour: colour_contrast(colour, around))
    return min(colour_contrast(frame, around), colour_contrast(frame, inside))


def field_contrast(field: QWidget) -> float:
    """How well a text box's, combo box's or spin box's frame stands out from the window
    around it (a control's edge needs 3), from a grab as it is seen: on each side, the pixel
    of the frame (the outer two) most unlike the colour just outside the field (the colour
    most seen on a ring 2 pixels outside it); the least contrast of those four."""
    gap = 3
    # Grabbed within the nearest widget around it with room for that ring: a field grabbed on
    # its own is drawn without the window around it (theme.py), and a grab of the window
    # would miss a field scrolled out of sight.
    around_it = field.parentWidget()
    assert around_it is not None, "a field inside a window"
    area = QRect(field.pos(), field.size()).marginsAdded(QMargins(gap, gap, gap, gap))
    while not around_it.rect().contains(area) and not around_it.isWindow():
        area.translate(around_it.pos())
        around_it = around_it.parentWidget()
        assert around_it is not None
    image = around_it.grab(area).toImage()
    scale = image.devicePixelRatio()
    width, height = field.width(), field.height()

    def at(x: int, y: int) -> QColor:  # in the field's own coordinates
        return image.pixelColor(round((x + gap) * scale), round((y + gap) * scale))

    ring = [at(x, y) for x in range(-2, width + 2) for y in (-2, height + 1)]
    ring += [at(x, y) for y in range(-2, height + 2) for x in (-2, width + 1)]
    around = QColor.fromRgb(Counter(colour.rgb() for colour in ring).most_common(1)[0][0])
    middle_x, middle_y = width // 2, height // 2
    sides = [
        (at(0, middle_y), at(1, middle_y)),
        (at(width - 1, middle_y), at(width - 2, middle_y)),
        (at(middle_x, 0), at(middle_x, 1)),
        (at(middle_x, height - 1), at(middle_x, height - 2)),
    ]
    return min(max(colour_contrast(pixel, around) for pixel in side) for side in sides)
