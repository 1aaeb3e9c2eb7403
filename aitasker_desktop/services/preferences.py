"""The settings while the app runs: one Settings object, changed in one place, saved off the
GUI thread. Other services read `preferences.settings` and react to `changed`.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal

from aitasker_desktop.services.runner import TaskRunner
from aitasker_desktop.storage.settings import Settings, SettingsStore

log = logging.getLogger(__name__)


class Preferences(QObject):
    changed = Signal(object)  # Settings (a copy)
    save_failed = Signal(str)  # plain words

    def __init__(
        self,
        store: SettingsStore,
        settings: Settings,
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._settings = settings
        self._runner = runner
        self._lock = threading.Lock()  # saves may overlap on the pool: newest snapshot wins

    @property
    def settings(self) -> Settings:
        return self._settings.model_copy()

    @property
    def path(self) -> str:
        return str(self._store.path)

    def update(self, **changes: Any) -> Settings:
        """Change some settings (validated), save, and announce the new settings."""
        new = self._settings.model_copy()
        for name, value in changes.items():
            setattr(new, name, value)  # validate_assignment: a bad value raises here
        if new == self._settings:
            return self.settings
        self._settings = new
        self.save()
        self.changed.emit(self.settings)
        return self.settings

    def save(self) -> None:
        def write() -> None:
            with self._lock:
                self._store.save(self._settings)

        def failed(exc: BaseException) -> None:
            log.error("Saving settings failed", exc_info=exc)
            self.save_failed.emit("Your settings could not be saved. Check free disk space.")

        self._runner.run(write, None, failed, owner=self)
