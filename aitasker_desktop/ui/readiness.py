"""When the app is ready to work, as a person would judge it: the pickers hold the catalog,
the task list holds the cached tasks, and the editor takes keys. The start-up benchmark and
the smoke runs (`--exit-when ready`) wait for this, not for the network."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from aitasker_desktop.services.catalog import CatalogService
from aitasker_desktop.services.tracker import TrackerService
from aitasker_desktop.ui.editor import BriefEditor


class Readiness(QObject):
    ready = Signal()

    def __init__(
        self,
        catalog: CatalogService,
        tracker: TrackerService,
        editor: BriefEditor,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._editor = editor
        self._tasks_loaded = False
        self._said = False
        catalog.catalog_changed.connect(self.check)
        tracker.tasks_loaded.connect(self.on_tracker_tasks_loaded)

    def on_tracker_tasks_loaded(self) -> None:
        self._tasks_loaded = True
        self.check()

    def is_ready(self) -> bool:
        editor = self._editor
        return (
            self._tasks_loaded
            and self._catalog.catalog is not None
            and editor.category_combo.count() > 0
            and editor.isVisible()
            and editor.category_combo.isEnabled()
        )

    def check(self, *_args: object) -> None:
        if not self._said and self.is_ready():
            self._said = True
            # One more turn of the loop: what changed has been painted by then.
            QTimer.singleShot(0, self.ready.emit)
