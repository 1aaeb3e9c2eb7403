"""The main window: the places users go (New brief, Drafts, Tasks, Spending), a banner, a
status bar.

It is deliberately light so it can be shown before anything heavy is imported; app.py
fills in the places once the services are up (`set_place`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.ui.focus_ring import follow_focus
from aitasker_desktop.ui.tab_order import tab_into
from aitasker_desktop.ui.theme import is_dark, readable_background
from aitasker_desktop.ui.wrapping import ElidedLabel

PLACES: tuple[tuple[str, str], ...] = (
    ("new_brief", "New brief"),
    ("drafts", "Drafts"),
    ("tasks", "Tasks"),
    ("spending", "Spending"),
)


STARTING = "Starting…"
NOT_STARTED = "AITasker Desktop could not start: the message above says why."


class Banner(QFrame):
    """A strip across the top of the window: which world, offline, warnings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._label = QLabel(self)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self._label, 1)
        self.hide()

    # (background, text) per kind, for light and for dark themes.
    COLOURS = {
        "sandbox": (("#fff4ce", "#5c4400"), ("#4a3b00", "#ffe9a3")),
        "warning": (("#fde7e9", "#8a1f11"), ("#5c1a1a", "#ffd6d6")),
        "info": (("#e5f1fb", "#0b3d66"), ("#0b3556", "#d6ecff")),
    }

    def show_message(self, text: str, kind: str = "info") -> None:
        self._label.setText(text)
        self._kind = kind if kind in self.COLOURS else "info"
        self._apply_colours()
        self.setAccessibleName(text)
        self.show()

    def _apply_colours(self) -> None:
        # The application's palette: the banner's own is coloured by its style sheet.
        dark = QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
        sheet = "#banner {{ background: {}; }} #banner QLabel {{ color: {}; }}".format(
            *self.COLOURS[getattr(self, "_kind", "info")][1 if dark else 0]
        )
        if sheet != self.styleSheet():  # restyling raises another change event: only once
            self.setStyleSheet(sheet)

    def refresh_colours(self) -> None:
        """Light or dark colours to match the theme (the main window calls this: a widget
        with a style sheet of its own is not told when the application's palette changes)."""
        if hasattr(self, "_kind"):
            self._apply_colours()

    def text(self) -> str:
        return self._label.text()


class MainWindow(QMainWindow):
    place_changed = Signal(str)
    first_painted = Signal()  # the window is on screen: start loading everything else

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._needs_you = 0  # tasks waiting on the person, counted in the title
        self._world_suffix = ""
        self._show_title()
        self.resize(1100, 720)
        self.setMinimumSize(720, 480)
        app = QApplication.instance()
        if isinstance(app, QApplication):  # every window and dialog of the app, from now on
            follow_focus(app)

        self.nav = QListWidget()
        self.nav.setObjectName("places")
        self.nav.setAccessibleName("Places")
        self.nav.setFixedWidth(180)
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self._style_chrome()
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.nav.setFont(font)
        self.stack = QStackedWidget()
        self._places: dict[str, int] = {}
        self._later: dict[str, Callable[[], object]] = {}  # see set_place_later
        for key, title in PLACES:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            placeholder = QLabel(STARTING)
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._places[key] = self.stack.addWidget(placeholder)
        self.nav.currentRowChanged.connect(self.on_nav_row_changed)

        self.banner = Banner()
        self.world_banner = Banner()
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.world_banner)
        column.addWidget(self.banner)
        column.addWidget(body, 1)
        self.setCentralWidget(central)

        # The first to give way when the status bar is short of room (a small or scaled
        # window): the banner names the world too, while the balance beside it is money.
        self.world_label = ElidedLabel(least=48)
        # Its whole text while there is room (an elided label's own policy takes only what
        # is left over, and a status bar leaves none).
        self.world_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.statusBar().addPermanentWidget(self.world_label)

        self._painted = False
        self._build_menus()
        self.nav.setCurrentRow(0)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            for banner in (self.banner, self.world_banner):
                banner.refresh_colours()
            self._style_chrome()

    def _style_chrome(self) -> None:
        """The sidebar's and the status bar's style sheets with the current theme's colours
        written in. (A sheet's palette(...) is read once, when the widget is first polished:
        the sidebar stayed light after a switch to dark, and when Dark was applied at start.)"""
        palette = QGuiApplication.palette()
        role = QPalette.ColorRole
        text = palette.color(role.HighlightedText)
        selected = readable_background(palette.color(role.Highlight), text)
        line = palette.color(role.Midlight if is_dark(palette) else role.Mid).name()
        nav_sheet = (
            f"QListWidget#places {{ background: {palette.color(role.AlternateBase).name()};"
            f" color: {palette.color(role.Text).name()}; padding-top: 12px; outline: 0;"
            f" border: none; border-right: 1px solid {line}; }}"
            "QListWidget#places::item { padding: 9px 16px; margin: 1px 8px; border-radius: 6px; }"
            f"QListWidget#places::item:selected {{ background: {selected.name()};"
            f" color: {text.name()}; }}"
        )
        # The status bar's pieces (world, key, balance, notifications) apart, not run together.
        bar_sheet = (
            f"QStatusBar::item {{ border: none; border-left: 1px solid {line}; }}"
            "QStatusBar QLabel { padding: 0px 8px; }"
        )
        # Restyling raises another change event: restyle only when the colours differ.
        for widget, sheet in ((self.nav, nav_sheet), (self.statusBar(), bar_sheet)):
            if sheet != widget.styleSheet():
                widget.setStyleSheet(sheet)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        self.file_menu = menu.addMenu("&File")
        self.edit_menu = menu.addMenu("&Edit")
        self.view_menu = menu.addMenu("&View")
        self.help_menu = menu.addMenu("&Help")
        for index, (_key, title) in enumerate(PLACES):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, row=index: self.nav.setCurrentRow(row))
            self.view_menu.addAction(action)
            self.addAction(action)  # the shortcut works even while the menu bar is hidden
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)  # from the first paint, whatever follows

    def finish_menus(self) -> None:
        """Quit goes last in the File menu, and Settings last in the Edit menu (after Undo and
        Redo, as people expect), after whatever the places added."""
        self.file_menu.removeAction(self.quit_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        settings = [
            action
            for action in self.edit_menu.actions()
            if action.menuRole() == QAction.MenuRole.PreferencesRole
        ]
        for action in settings:
            self.edit_menu.removeAction(action)
        if settings:
            self.edit_menu.addSeparator()
            self.edit_menu.addActions(settings)

    def show_start_failure(self, text: str) -> None:
        """Start-up could not build the places: why, in the banner, and in each place that
        would otherwise say "Starting…" for ever. File › Quit is there from the start."""
        self.banner.show_message(text, "warning")
        self._later.clear()
        for index in self._places.values():
            widget = self.stack.widget(index)
            if isinstance(widget, QLabel) and widget.text() == STARTING:
                widget.setText(NOT_STARTED)

    # -- places ----------------------------------------------------------------------------

    def set_place_later(self, key: str, build: Callable[[], object]) -> None:
        """`build` puts the place in (with `set_place`) when it is first shown or asked for:
        a place nobody opens costs start-up nothing."""
        self._later[key] = build

    def set_place(self, key: str, widget: QWidget) -> None:
        later = self._later.pop(key, None) is not None
        index = self._places[key]
        old = self.stack.widget(index)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.stack.insertWidget(index, widget)
        if later:  # a place put in as the window is built is in the focus chain's order
            tab_into(self.nav, widget)  # Tab from the sidebar goes into it
        if self.nav.currentRow() == index:
            self.stack.setCurrentIndex(index)

    def place(self, key: str) -> QWidget:
        self._build_later(key)
        widget = self.stack.widget(self._places[key])
        assert widget is not None
        return widget

    def show_place(self, key: str) -> None:
        self.nav.setCurrentRow(self._places[key])

    def current_place(self) -> str:
        item = self.nav.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def on_nav_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self._build_later(PLACES[row][0])
        self.stack.setCurrentIndex(row)
        self.place_changed.emit(PLACES[row][0])

    def _build_later(self, key: str) -> None:
        build = self._later.get(key)  # still listed while it builds: set_place takes it off
        if build is not None:
            try:
                build()
            finally:
                self._later.pop(key, None)

    # -- world -----------------------------------------------------------------------------

    def set_needs_you(self, count: int) -> None:
        """ "AITasker Desktop (2)": how many tasks wait on the person (0: no count)."""
        self._needs_you = max(0, count)
        self._show_title()

    def _show_title(self) -> None:
        count = f" ({self._needs_you})" if self._needs_you else ""
        self.setWindowTitle(f"AITasker Desktop{count}{self._world_suffix}")

    def show_world(self, label: str, is_sandbox: bool) -> None:
        """Say which world this is, everywhere it matters: title, banner, status bar."""
        self._world_suffix = " — SANDBOX" if is_sandbox else ""
        self._show_title()
        self.world_label.setText(label)
        if is_sandbox:
            self.world_banner.show_message(
                "Sandbox: tasks here are simulated and no real money is spent.", "sandbox"
            )
        else:
            self.world_banner.hide()
