"""The note above step 1 while the list of task types cannot be fetched from AITasker."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.services.catalog import CatalogService


class CatalogNote(QObject):
    """Says why the pickers are empty, or that they show a copy saved earlier, until a fetch
    succeeds."""

    def __init__(self, label: QLabel, catalog: CatalogService, parent: QObject) -> None:
        super().__init__(parent)
        self._label = label
        self._catalog = catalog
        self._offline = False  # the last fetch failed
        self._failure = ""
        catalog.catalog_changed.connect(self.on_catalog_changed)
        catalog.load_failed.connect(self.on_catalog_load_failed)

    def on_catalog_changed(self, catalog: object) -> None:
        if isinstance(catalog, Catalog):
            # The saved copy and the fetch race: whichever comes second decides the note.
            if self._catalog.is_fresh:
                self._offline = False
            self._show()

    def on_catalog_load_failed(self, message: str) -> None:
        self._offline = True
        self._failure = message
        self._show()

    def _show(self) -> None:
        if not self._offline or self._catalog.is_fresh:
            text = ""
        elif self._catalog.catalog is None:
            text = (
                f"{self._failure} The list of task types will appear when AITasker can be reached."
            )
        else:
            text = "Offline: showing the list of task types saved earlier."
        self._label.setText(text)
        self._label.setVisible(bool(text))
