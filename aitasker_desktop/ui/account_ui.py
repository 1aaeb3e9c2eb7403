"""The account as the window shows it: the Settings and Copy diagnostics menu items, the
key's place in the status bar, the welcome and settings dialogs, and the theme.

Built by the composition root from services it already made; it builds no service itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel

from aitasker_desktop.services.account import AccountService, KeyPlace
from aitasker_desktop.services.preferences import Preferences
from aitasker_desktop.ui.main_window import MainWindow
from aitasker_desktop.ui.theme import apply_theme

if TYPE_CHECKING:  # the dialogs load when first opened, not at start-up
    from aitasker_desktop.ui.settings_dialog import SettingsDialog
    from aitasker_desktop.ui.welcome import WelcomeDialog

KEY_STATUS = {
    KeyPlace.SESSION: "API key: this session only",
    KeyPlace.FILE: "⚠ API key kept in a file",
}


class AccountUi(QObject):
    def __init__(
        self,
        window: MainWindow,
        account: AccountService,
        preferences: Preferences,
        *,
        data_dir: str,
        diagnostics_text: Callable[[], str],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.account = account
        self.preferences = preferences
        self._data_dir = data_dir
        self._diagnostics_text = diagnostics_text
        self.welcome: WelcomeDialog | None = None
        self.settings_dialog: SettingsDialog | None = None

        self.key_status = QLabel()
        self.key_status.setObjectName("key_status")
        self.key_status.hide()
        window.statusBar().addPermanentWidget(self.key_status)

        self.settings_action = QAction("Settings…", window)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.show_settings)
        window.edit_menu.addAction(self.settings_action)
        self.diagnostics_action = QAction("Copy diagnostics", window)
        self.diagnostics_action.triggered.connect(self.copy_diagnostics)
        window.help_menu.addAction(self.diagnostics_action)

        account.key_place_changed.connect(self.on_account_key_place_changed)
        account.key_needed.connect(self.on_account_key_needed)
        account.notice.connect(self.on_notice)
        preferences.changed.connect(self.on_preferences_changed)
        preferences.save_failed.connect(self.on_notice)

    # -- dialogs ---------------------------------------------------------------------------

    def show_welcome(self, reconnect_message: str | None = None) -> WelcomeDialog:
        if self.welcome is not None and self.welcome.isVisible():
            self.welcome.raise_()  # several refused calls arrive together: ask once
            return self.welcome
        if self.welcome is not None:
            self.welcome.close()
            self.welcome.deleteLater()
        from aitasker_desktop.ui.welcome import WelcomeDialog

        self.welcome = WelcomeDialog(
            self.account,
            reconnect_message=reconnect_message,
            connect_later=self.settings_place(),
            parent=self.window,
        )
        self.welcome.show()
        return self.welcome

    def settings_place(self) -> str:
        """Where a person finds Settings, in the words the menu bar shows: "Edit › Settings…
        (Ctrl+,)"."""
        menu = self.window.edit_menu.title().replace("&", "")
        item = self.settings_action.text().replace("&", "")
        keys = self.settings_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        return f"{menu} › {item}" + (f" ({keys})" if keys else "")

    def show_settings(self) -> SettingsDialog:
        """Open Settings; when it is open already (it is not modal), bring it to the front
        with what the person has changed in it so far."""
        open_dialog = self.settings_dialog
        if open_dialog is not None and open_dialog.isVisible():
            state = open_dialog.windowState() & ~Qt.WindowState.WindowMinimized
            open_dialog.setWindowState(state)
            open_dialog.raise_()
            open_dialog.activateWindow()
            return open_dialog
        if self.settings_dialog is not None:
            self.settings_dialog.deleteLater()
        from aitasker_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.account, self.preferences, self._data_dir, self.open_folder, parent=self.window
        )
        dialog.key_change_requested.connect(lambda: self.show_welcome("Paste your API key."))
        self.settings_dialog = dialog
        dialog.show()
        return dialog

    def open_folder(self, path: str) -> None:
        # Imported when first used: PySide builds a class and its enums on first touch.
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def copy_diagnostics(self) -> None:
        QGuiApplication.clipboard().setText(self._diagnostics_text())
        self.window.statusBar().showMessage("Diagnostics copied to the clipboard.", 5000)

    # -- slots -----------------------------------------------------------------------------

    def on_account_key_place_changed(self, place: str, note: str) -> None:
        short = KEY_STATUS.get(KeyPlace(place))
        self.key_status.setText(short or "")
        self.key_status.setToolTip(note if short else "")
        self.key_status.setVisible(short is not None)
        if short is not None:
            self.window.banner.show_message(note, "warning")

    def on_account_key_needed(self, message: str) -> None:
        self.window.banner.show_message(message, "warning")
        self.show_welcome(message)

    def on_notice(self, message: str) -> None:
        self.window.banner.show_message(message, "warning")

    def on_preferences_changed(self, _settings: object) -> None:
        self.apply_theme()

    def apply_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.preferences.settings.theme)
