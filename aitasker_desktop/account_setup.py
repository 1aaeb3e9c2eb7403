"""Wiring for accounts, settings, appearance and diagnostics (called from Desktop.start).

Kept out of app.py so that file stays a short list of `_install_*` steps. This is wiring, not a
layer: it builds the concrete objects and connects their signals to the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel

from aitasker_desktop.services.account import AccountService, KeyPlace
from aitasker_desktop.services.diagnostics import Diagnostics
from aitasker_desktop.services.preferences import Preferences
from aitasker_desktop.storage import secrets
from aitasker_desktop.storage.paths import AppPaths
from aitasker_desktop.storage.secrets import KEY_FILENAME, KeyFile
from aitasker_desktop.storage.settings import Settings, SettingsStore
from aitasker_desktop.ui.settings_dialog import SettingsDialog
from aitasker_desktop.ui.theme import apply_theme
from aitasker_desktop.ui.welcome import WelcomeDialog

if TYPE_CHECKING:
    from aitasker_desktop.api.client import AITaskerClient
    from aitasker_desktop.services.connection import Connection
    from aitasker_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class AccountSetup(QObject):
    def __init__(
        self,
        window: MainWindow,
        paths: AppPaths,
        connection: Connection,
        client_factory: Callable[[str, str], AITaskerClient],
        connect_sandbox: Callable[[], None],
        *,
        api_url: str | None,
        keychain_timeout_s: float | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.paths = paths
        self.connection = connection
        loaded = SettingsStore(paths.settings_path).load()
        self.first_run = loaded.first_run
        self.preferences = Preferences(
            SettingsStore(paths.settings_path), loaded.settings, connection.runner, parent=self
        )
        kwargs = {} if keychain_timeout_s is None else {"keychain_timeout_s": keychain_timeout_s}
        self.account = AccountService(
            connection,
            self.preferences,
            KeyFile(paths.data_dir / KEY_FILENAME),
            client_factory,
            connect_sandbox,
            api_url_override=api_url,
            parent=self,
            **kwargs,
        )
        self.diagnostics = Diagnostics(paths.log_dir, secrets=self.account.secrets)
        self.welcome: WelcomeDialog | None = None
        self.settings_dialog: SettingsDialog | None = None

        self.key_status = QLabel()
        self.key_status.setObjectName("key_status")
        self.key_status.hide()
        window.statusBar().addPermanentWidget(self.key_status)

        self.account.key_place_changed.connect(self.on_account_key_place_changed)
        self.account.key_needed.connect(self.on_account_key_needed)
        self.account.notice.connect(self.on_account_notice)
        self.preferences.changed.connect(self.on_preferences_changed)
        self.preferences.save_failed.connect(self.on_account_notice)
        self._add_menus()
        self._apply_theme(loaded.settings)
        if loaded.problem:
            log.warning("Settings reset: %s", loaded.problem)
            window.banner.show_message(loaded.problem, "warning")
        if loaded.first_run:
            self.preferences.save()  # the welcome is shown once, whichever path is taken

    def start(self, *, force_sandbox: bool, welcome: bool) -> None:
        self.account.start(force_sandbox=force_sandbox)
        if welcome and self.first_run and not force_sandbox:
            self.show_welcome()

    # -- menus -----------------------------------------------------------------------------

    def _add_menus(self) -> None:
        self.settings_action = QAction("Settings…", self.window)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.show_settings)
        self.window.edit_menu.addAction(self.settings_action)
        self.diagnostics_action = QAction("Copy diagnostics", self.window)
        self.diagnostics_action.triggered.connect(self.copy_diagnostics)
        self.window.help_menu.addAction(self.diagnostics_action)

    # -- dialogs ---------------------------------------------------------------------------

    def show_welcome(self, reconnect_message: str | None = None) -> WelcomeDialog:
        if self.welcome is not None and self.welcome.isVisible():
            self.welcome.raise_()  # several refused calls arrive together: ask once
            return self.welcome
        if self.welcome is not None:
            self.welcome.close()
            self.welcome.deleteLater()
        self.welcome = WelcomeDialog(
            self.account, reconnect_message=reconnect_message, parent=self.window
        )
        self.welcome.show()
        return self.welcome

    def show_settings(self) -> SettingsDialog:
        if self.settings_dialog is not None:
            self.settings_dialog.deleteLater()
        dialog = SettingsDialog(
            self.account,
            self.preferences,
            str(self.paths.data_dir),
            self.open_folder,
            parent=self.window,
        )
        dialog.key_change_requested.connect(lambda: self.show_welcome("Paste your API key."))
        self.settings_dialog = dialog
        dialog.show()
        return dialog

    def open_folder(self, path: str) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def diagnostics_text(self) -> str:
        world = self.connection.world
        facts = {
            "Data folder": str(self.paths.data_dir),
            "Settings file": str(self.paths.settings_path),
            "Keychain backend": secrets.backend_name(),
            "Key kept": str(self.account.key_place),
            "World": "none yet" if world is None else str(world.kind),
            "API address": "" if world is None else world.base_url,
            "Key": self.account.key_hint or "none",
            "Connection": str(self.connection.state),
        }
        return self.diagnostics.report(facts, self.account.secrets())

    def copy_diagnostics(self) -> None:
        QGuiApplication.clipboard().setText(self.diagnostics_text())
        self.window.statusBar().showMessage("Diagnostics copied to the clipboard.", 5000)

    # -- slots -----------------------------------------------------------------------------

    def on_account_key_place_changed(self, place: str, note: str) -> None:
        short = {
            KeyPlace.SESSION: "API key: this session only",
            KeyPlace.FILE: "⚠ API key kept in a file",
        }.get(KeyPlace(place))
        self.key_status.setText(short or "")
        self.key_status.setToolTip(note if short else "")
        self.key_status.setVisible(short is not None)
        if place in (KeyPlace.SESSION, KeyPlace.FILE):
            self.window.banner.show_message(note, "warning")

    def on_account_key_needed(self, message: str) -> None:
        self.window.banner.show_message(message, "warning")
        self.show_welcome(message)

    def on_account_notice(self, message: str) -> None:
        self.window.banner.show_message(message, "warning")

    def on_preferences_changed(self, settings: Settings) -> None:
        self._apply_theme(settings)

    def _apply_theme(self, settings: Settings) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, settings.theme)

    def close(self) -> None:
        self.diagnostics.close()
