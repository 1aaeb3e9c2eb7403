"""One settings dialog: where you work (sandbox or account), polling, notifications, where the
data is kept, and appearance. Changes apply on OK; Cancel leaves everything as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.services.account import AccountService, KeyPlace
from aitasker_desktop.services.preferences import Preferences
from aitasker_desktop.ui.theme import paint_message_colour

POLL_CHOICES: tuple[tuple[str, int], ...] = (
    ("Every 15 seconds", 15),
    ("Every 30 seconds", 30),
    ("Every minute", 60),
    ("Every 2 minutes", 120),
    ("Every 5 minutes", 300),
)
THEME_CHOICES: tuple[tuple[str, str], ...] = (
    ("Follow the system", "system"),
    ("Light", "light"),
    ("Dark", "dark"),
)
KIND_WORDS = {"live": "live key", "test": "test key", "legacy": "older-style key"}
FORGET_NOTE = (
    "The key will be forgotten when you press OK: removed from this computer, and the "
    "sandbox used instead. Keep key takes this back."
)


def _label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class SettingsDialog(QDialog):
    key_change_requested = Signal()  # the person wants to paste a (new) key
    theme_chosen = Signal(str)

    def __init__(
        self,
        account: AccountService,
        preferences: Preferences,
        data_dir: str,
        open_folder: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._account = account
        self._prefs = preferences
        self._data_dir = data_dir
        self._open_folder = open_folder
        # Forget key is a change like any other: it waits for OK, and Cancel drops it.
        self._forget_pending = False
        self._account_before_forget = False  # the world chosen before Forget key was pressed
        self.setWindowTitle("Settings")
        self.setObjectName("settings")
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        layout.addWidget(self._build_world_box())
        layout.addLayout(self._build_form())
        layout.addStretch(1)
        layout.addWidget(self._build_buttons())

        account.key_place_changed.connect(self.on_account_key_place_changed)
        self.refresh_key()

    def _build_world_box(self) -> QGroupBox:
        """Sandbox or account, and the account's key: shown masked, changed, forgotten, and
        where it is kept."""
        settings = self._prefs.settings
        world_box = QGroupBox("Where you work")
        self.sandbox_radio = QRadioButton("Built-in sandbox (no real money)")
        self.account_radio = QRadioButton("AITasker account")
        for radio in (self.sandbox_radio, self.account_radio):
            radio.setAccessibleName(radio.text())
        group = QButtonGroup(self)
        group.addButton(self.sandbox_radio)
        group.addButton(self.account_radio)
        (self.account_radio if settings.world == "account" else self.sandbox_radio).setChecked(True)
        self.key_label = _label()
        self.key_label.setObjectName("masked_key")
        self.change_key_button = QPushButton("Change key…")
        self.change_key_button.setAccessibleName("Change key")
        self.change_key_button.clicked.connect(self.on_change_key_button_clicked)
        self.forget_key_button = QPushButton("Forget key")
        self.forget_key_button.setAccessibleName("Forget key")
        self.forget_key_button.clicked.connect(self.on_forget_key_button_clicked)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_label, 1)
        key_row.addWidget(self.change_key_button)
        key_row.addWidget(self.forget_key_button)
        self.key_file_check = QCheckBox("Keep the key in a file instead of the keychain")
        self.key_file_check.setAccessibleName(self.key_file_check.text())
        self.key_file_check.setChecked(settings.key_storage == "file")
        self.key_file_check.toggled.connect(self.on_key_file_check_toggled)
        self.key_note = _label()
        self.key_note.setObjectName("key_note")
        wl = QVBoxLayout(world_box)
        wl.addWidget(self.sandbox_radio)
        wl.addWidget(self.account_radio)
        wl.addLayout(key_row)
        wl.addWidget(self.key_file_check)
        wl.addWidget(self.key_note)
        return world_box

    def _build_form(self) -> QFormLayout:
        """Everything else: polling, notifications, appearance, and where the data is kept."""
        settings = self._prefs.settings
        self.poll_combo = QComboBox()
        self.poll_combo.setAccessibleName("Check for updates")
        for text, seconds in POLL_CHOICES:
            self.poll_combo.addItem(text, seconds)
        if self.poll_combo.findData(settings.poll_seconds) < 0:
            self.poll_combo.addItem(f"Every {settings.poll_seconds} seconds", settings.poll_seconds)
        self.poll_combo.setCurrentIndex(self.poll_combo.findData(settings.poll_seconds))
        self.notify_check = QCheckBox("Notify me when bids or deliveries arrive")
        self.notify_check.setAccessibleName(self.notify_check.text())
        self.notify_check.setChecked(settings.notifications)
        self.theme_combo = QComboBox()
        self.theme_combo.setAccessibleName("Appearance")
        for text, mode in THEME_CHOICES:
            self.theme_combo.addItem(text, mode)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.theme)))
        self.data_label = _label(self._data_dir)
        self.data_label.setObjectName("data_dir")
        self.data_label.setWordWrap(False)  # a path wraps only at spaces: it would be clipped
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton("Open folder")
        self.open_folder_button.setAccessibleName("Open folder")
        self.open_folder_button.clicked.connect(self.on_open_folder_button_clicked)
        form = QFormLayout()
        form.addRow("Check for updates", self.poll_combo)
        form.addRow("Notifications", self.notify_check)
        form.addRow("Appearance", self.theme_combo)
        form.addRow("Your data is kept in", self.open_folder_button)
        form.addRow(self.data_label)  # its own full-width row: paths are long
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                label.setTextFormat(Qt.TextFormat.PlainText)
        return form

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName("OK")
        return buttons

    def refresh_key(self) -> None:
        """Show the key as prefix…last4 only, with where it is kept, or that it will be
        forgotten on OK."""
        hint = self._account.key_hint
        if hint:
            kind = KIND_WORDS.get(self._account.key_kind, "key")
            self.key_label.setText(f"API key: {hint} ({kind})")
        else:
            self.key_label.setText("No API key yet.")
        self.change_key_button.setText("Change key…" if hint else "Connect…")
        self.forget_key_button.setText("Keep key" if self._forgetting() else "Forget key")
        self.forget_key_button.setAccessibleName(self.forget_key_button.text())
        self.forget_key_button.setEnabled(bool(hint))
        note = self._account.key_note
        if self._forgetting():
            note = FORGET_NOTE
        elif self.key_file_check.isChecked():
            note = (
                "Warning: the key will be kept in a file on this computer, readable only by "
                "your user account. Anyone who can sign in as you can read it."
            )
        self.key_note.setText(note)
        self.key_note.setVisible(bool(note))
        self._paint_note()

    def _forgetting(self) -> bool:
        return self._forget_pending and bool(self._account.key_hint)

    def _paint_note(self) -> None:
        warn = (
            self._forgetting()
            or self.key_file_check.isChecked()
            or self._account.key_place == KeyPlace.SESSION
        )
        paint_message_colour(self.key_note, "warning" if warn else None)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        # A theme switch arrives as a posted event that changeEvent is not given.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._paint_note()
        elif event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            self._fit_height()
        return handled

    def _fit_height(self) -> None:
        """Tall enough for every wrapped line at the current width: a note that grows to two
        lines (the key file warning, Forget key) would be cut, as a window's layout does not
        ask for that height on its own."""
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth():
            return
        height = max(layout.totalMinimumSize().height(), layout.totalHeightForWidth(self.width()))
        if self.minimumHeight() != height:
            self.setMinimumHeight(height)
        if self.height() < height:
            self.resize(self.width(), height)

    # -- slots ----------------------------------------------------------------------------

    def on_account_key_place_changed(self, _place: str, _note: str) -> None:
        self.refresh_key()

    def on_key_file_check_toggled(self, _checked: bool) -> None:
        self.refresh_key()

    def on_change_key_button_clicked(self) -> None:
        if self._forget_pending:  # the new key takes the old one's place: nothing to forget
            self.on_forget_key_button_clicked()
        self.key_change_requested.emit()

    def on_forget_key_button_clicked(self) -> None:
        """Forget key, or Keep key to take that back. Nothing happens until OK; without a key
        the account cannot be used, so the sandbox is chosen with it."""
        self._forget_pending = not self._forget_pending
        if self._forget_pending:
            self._account_before_forget = self.account_radio.isChecked()
            self.sandbox_radio.setChecked(True)
        elif self._account_before_forget:
            self.account_radio.setChecked(True)
        self.refresh_key()

    def on_open_folder_button_clicked(self) -> None:
        self._open_folder(self._data_dir)

    def accept(self) -> None:
        forget = self._forget_pending and self._account.has_key
        was_account = self._account.in_account and not forget
        if forget:
            self._account.forget_key()  # and back to the sandbox
        theme = str(self.theme_combo.currentData())
        self._prefs.update(
            poll_seconds=int(self.poll_combo.currentData()),
            notifications=self.notify_check.isChecked(),
            theme=theme,
        )
        want_file = self.key_file_check.isChecked()
        if want_file != (self._prefs.settings.key_storage == "file"):
            self._account.set_key_in_file(want_file)
        self.theme_chosen.emit(theme)
        want_account = self.account_radio.isChecked()
        super().accept()
        if want_account and not was_account:
            if not self._account.use_account():
                self.key_change_requested.emit()
        elif not want_account and was_account:
            self._account.use_sandbox()
