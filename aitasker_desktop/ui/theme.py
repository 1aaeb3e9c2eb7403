"""Light and dark appearance: Fusion style with a palette for each scheme.

`apply_theme(app, "system" | "light" | "dark")`. "system" follows the operating system's colour
scheme (QStyleHints.colorScheme) and keeps following it when the user flips it while the app runs.
Fusion is used everywhere so both palettes look the same on every platform (native styles ignore
parts of a custom palette, e.g. the Windows 11 style).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

ThemeMode = Literal["system", "light", "dark"]
THEME_MODES: tuple[ThemeMode, ...] = ("system", "light", "dark")

# Stored on the application object (no module globals): the chosen mode, and whether the
# scheme-change handler is connected already (connect it once only).
_MODE_PROPERTY = "aitasker_theme_mode"
_HOOKED_PROPERTY = "aitasker_theme_hooked"
_SCHEME_PROPERTY = "aitasker_theme_scheme"  # the palette in effect: "light" or "dark"


def dark_palette() -> QPalette:
    """A complete dark palette, disabled roles included (greyed text must stay legible)."""
    window = QColor(45, 45, 48)
    base = QColor(30, 30, 32)
    alt_base = QColor(40, 40, 43)
    text = QColor(230, 230, 230)
    disabled_text = QColor(128, 128, 128)
    button = QColor(53, 53, 57)
    highlight = QColor(42, 130, 218)
    link = QColor(100, 170, 255)

    pal = QPalette()
    group = QPalette.ColorGroup
    role = QPalette.ColorRole
    for g in (group.Active, group.Inactive, group.Disabled):
        pal.setColor(g, role.Window, window)
        pal.setColor(g, role.WindowText, text)
        pal.setColor(g, role.Base, base)
        pal.setColor(g, role.AlternateBase, alt_base)
        pal.setColor(g, role.ToolTipBase, QColor(60, 60, 64))
        pal.setColor(g, role.ToolTipText, text)
        pal.setColor(g, role.PlaceholderText, QColor(150, 150, 150))
        pal.setColor(g, role.Text, text)
        pal.setColor(g, role.Button, button)
        pal.setColor(g, role.ButtonText, text)
        pal.setColor(g, role.BrightText, QColor(255, 90, 90))
        pal.setColor(g, role.Light, QColor(75, 75, 80))
        pal.setColor(g, role.Midlight, QColor(62, 62, 66))
        pal.setColor(g, role.Mid, QColor(40, 40, 43))
        pal.setColor(g, role.Dark, QColor(25, 25, 27))
        pal.setColor(g, role.Shadow, QColor(10, 10, 10))
        pal.setColor(g, role.Highlight, highlight)
        pal.setColor(g, role.HighlightedText, QColor(255, 255, 255))
        pal.setColor(g, role.Link, link)
        pal.setColor(g, role.LinkVisited, QColor(180, 140, 255))
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(group.Disabled, r, disabled_text)
    pal.setColor(group.Disabled, role.Highlight, QColor(80, 80, 85))
    pal.setColor(group.Disabled, role.HighlightedText, disabled_text)
    pal.setColor(group.Disabled, role.Button, QColor(48, 48, 51))
    return pal


# The frame of an unticked check box or radio button, and of a text box, spin box or combo box,
# must stand out from the window around it: a control's edge needs a contrast of 3 (WCAG
# 1.4.11). Fusion draws each from the Window colour, a shade darker (a check box's about 1.2 to
# 1 in dark mode, a text box's about the colour of its inside; 1.7 to 2 in light), and no
# palette role sets it on its own. So these classes get a palette of their own (Qt's per-class
# palette: no drawing code of ours runs, where a proxy style in Python cost ~40 ms of start-up)
# whose Window colour Fusion shades into a frame that has that contrast. For each class: how
# Fusion shades Window into the frame, undone (qfusionstyle.cpp), and the contrast asked of
# the frame. A radio button's ring is one antialiased pixel wide, paler on screen than its
# colour: it is asked for more; a field's line, straight, a little more than 3 (at a
# fractional scale it is antialiased too).
FIELD_FRAME_CONTRAST = 3.2
_FRAMES: dict[str, tuple[Callable[[QColor], QColor], float]] = {
    "QCheckBox": (lambda c: c.lighter(140).darker(110), 3.3),
    "QRadioButton": (lambda c: c.lighter(150), 4.0),
    # Fusion's outline, Window.darker(140): a line edit's, a spin box's and a combo box's frame.
    "QLineEdit": (lambda c: c.lighter(140), FIELD_FRAME_CONTRAST),
    "QAbstractSpinBox": (lambda c: c.lighter(140), FIELD_FRAME_CONTRAST),
    "QComboBox": (lambda c: c.lighter(140), FIELD_FRAME_CONTRAST),
    # A scroll area's frame: the outline, lighter(108).
    "QPlainTextEdit": (lambda c: c.darker(108).lighter(140), FIELD_FRAME_CONTRAST),
    "QTextEdit": (lambda c: c.darker(108).lighter(140), FIELD_FRAME_CONTRAST),
}
# Seen, but fainter than one that can be ticked or typed in.
DISABLED_FRAME_CONTRAST = 2.0


def frame_palettes(palette: QPalette) -> dict[str, QPalette]:
    """Per class name, `palette` with the Window colour from which Fusion draws that class's
    frame as `frame_colour` says, in each colour group."""
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    frames: dict[tuple[QPalette.ColorGroup, float], QColor] = {}  # shared by most classes
    out: dict[str, QPalette] = {}
    for name, (undo, contrast) in _FRAMES.items():
        own = QPalette(palette)
        for colour_group in (group.Active, group.Inactive, group.Disabled):
            asked = DISABLED_FRAME_CONTRAST if colour_group == group.Disabled else contrast
            frame = frames.get((colour_group, asked))
            if frame is None:
                frame = frames[colour_group, asked] = frame_colour(
                    palette.color(colour_group, role.Window),
                    palette.color(colour_group, role.Base),
                    palette.color(colour_group, role.WindowText),
                    asked,
                )
            # No brush: what fills with this Window (a text box's corner between its scroll
            # bars) paints nothing, and the window around shows through as before.
            own.setBrush(colour_group, role.Window, QBrush(undo(frame), Qt.BrushStyle.NoBrush))
        out[name] = own
    return out


def frame_colour(window: QColor, base: QColor, text: QColor, contrast: float) -> QColor:
    """The window colour moved towards the text colour just far enough for `contrast`
    against both the window and a box's inside (`base`), or as far as the text colour."""
    frame = QColor(window)
    for step in range(1, 21):
        share = step / 20
        frame = QColor.fromRgbF(
            *(a + (b - a) * share for a, b in zip(_rgb(window), _rgb(text), strict=True))
        )
        if min(contrast_ratio(frame, window), contrast_ratio(frame, base)) >= contrast:
            break
    return frame


def _rgb(colour: QColor) -> tuple[float, float, float]:
    return colour.redF(), colour.greenF(), colour.blueF()


def light_palette() -> QPalette:
    """Fusion's own light palette."""
    style = QStyleFactory.create("Fusion")
    return style.standardPalette()


def system_is_dark() -> bool:
    """True when the operating system asks for a dark scheme (Unknown counts as light)."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def effective_scheme(mode: str) -> Literal["light", "dark"]:
    """What `mode` means right now: "system" resolves to the OS scheme."""
    if mode == "dark":
        return "dark"
    if mode == "light":
        return "light"
    return "dark" if system_is_dark() else "light"


def current_mode(app: QApplication) -> ThemeMode:
    value = app.property(_MODE_PROPERTY)
    return value if value in THEME_MODES else "system"


def apply_theme(app: QApplication, mode: str) -> Literal["light", "dark"]:
    """Apply the appearance `mode` to the whole application; returns the scheme in effect.

    An unknown mode is treated as "system" (settings from a newer version must not crash us).
    """
    chosen: ThemeMode = mode if mode in THEME_MODES else "system"
    app.setProperty(_MODE_PROPERTY, chosen)
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    hints = QGuiApplication.styleHints()
    if not app.property(_HOOKED_PROPERTY):
        hints.colorSchemeChanged.connect(lambda scheme: _on_system_scheme_changed(app, scheme))
        app.setProperty(_HOOKED_PROPERTY, True)
    scheme = effective_scheme(chosen)
    # Applied already (before the window was first shown, app.py): setting it again would
    # send every widget a palette change for nothing.
    if app.property(_SCHEME_PROPERTY) != scheme:
        _set_palette(app, scheme)
    return scheme


def _set_palette(app: QApplication, scheme: Literal["light", "dark"]) -> None:
    palette = dark_palette() if scheme == "dark" else light_palette()
    app.setPalette(palette)  # which drops every class's own palette: set them again after it
    for class_name, own in frame_palettes(palette).items():
        # PySide takes the class name as str; its stubs say bytes, which it refuses.
        QApplication.setPalette(own, class_name)  # type: ignore[arg-type]
    # A child with no class palette of its own takes its parent's whole palette: the scroll
    # bars of a text box would take its Window colour, and Fusion draws their edges from it
    # (paler than every other scroll bar's). So scroll bars get the application's palette as
    # their own: a changed copy, since Qt tells palettes apart by identity (an unchanged copy
    # counts as none). Roles a box sets itself (a read-only box's Base) still reach them.
    own, active, window = QPalette(palette), QPalette.ColorGroup.Active, QPalette.ColorRole.Window
    own.setColor(active, window, palette.color(active, window))
    QApplication.setPalette(own, "QScrollBar")  # type: ignore[arg-type]
    app.setProperty(_SCHEME_PROPERTY, scheme)


# Message text readable on both schemes' window colours (contrast >= 4.5): (light, dark).
MESSAGE_COLOURS = {"error": ("#c42b1c", "#ff99a4"), "warning": ("#8a5300", "#fce100")}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def paint_message_colour(label: QWidget, kind: str | None) -> None:
    """Colour `label`'s text for `kind` ("error", "warning"; None: the ordinary text colour)
    against the application's current scheme. Call again after a theme change."""
    pair = MESSAGE_COLOURS.get(kind or "")
    palette = QPalette()  # only the role set here overrides what the label inherits
    if pair is not None:
        colour = QColor(pair[1 if is_dark(QGuiApplication.palette()) else 0])
        palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(one: QColor, other: QColor) -> float:
    """WCAG 2 contrast ratio, 1 to 21; ordinary text needs 4.5."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_background(background: QColor, text: QColor) -> QColor:
    """`background`, darkened (or lightened, for dark text) just enough for `text` on it to
    reach a contrast of 4.5: the theme's highlight with white text falls short (about 3.7)."""
    colour = QColor(background)
    for _ in range(20):
        if contrast_ratio(colour, text) >= 4.5:
            break
        colour = colour.darker(110) if text.lightness() > 128 else colour.lighter(110)
    return colour


def _on_system_scheme_changed(app: QApplication, scheme: Qt.ColorScheme) -> None:
    # Only "system" follows the OS; an explicit choice stays as the user set it. The signal's
    # argument is the new scheme (read it rather than re-query: some platforms update late).
    if current_mode(app) == "system":
        _set_palette(app, "dark" if scheme == Qt.ColorScheme.Dark else "light")
