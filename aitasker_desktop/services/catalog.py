"""The catalog of categories and task types: from the service, cached for offline use.

On a world change the cached copy for that world is shown at once (read off the GUI thread),
then a fresh one is fetched; a fetch that fails leaves the cached copy in place and says so.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from aitasker_desktop.api.errors import ApiError
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.services.connection import Connection, World
from aitasker_desktop.storage.catalog_cache import CatalogCache

log = logging.getLogger(__name__)


class CatalogService(QObject):
    catalog_changed = Signal(object)  # Catalog
    load_failed = Signal(str)  # a plain message; the cached catalog (if any) stays

    def __init__(
        self, connection: Connection, cache: CatalogCache, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._cache = cache
        self._catalog: Catalog | None = None
        self._fresh = False
        self._world_key: str | None = None
        self._generation = 0  # bumped at every world change: older answers are dropped
        connection.world_changed.connect(self.on_connection_world_changed)
        if connection.world is not None:
            self.on_connection_world_changed(connection.world)

    @property
    def catalog(self) -> Catalog | None:
        return self._catalog

    @property
    def is_fresh(self) -> bool:
        """False while showing the cached copy (offline, or not fetched yet)."""
        return self._fresh

    def on_connection_world_changed(self, world: object) -> None:
        if not isinstance(world, World):
            return
        key = world.cache_key
        self._world_key = key
        self._generation += 1
        self._fresh = False

        def cached(catalog: object) -> None:
            # Only if still the current world and nothing fresher arrived meanwhile.
            if isinstance(catalog, Catalog) and key == self._world_key and not self._fresh:
                self._set(catalog)

        self._connection.runner.run(lambda: self._cache.load(key), cached, self._log_error)
        self.refresh()

    def refresh(self) -> None:
        if self._connection.client is None:
            return  # the world is chosen but not connected yet: it fetches once it is
        key, generation = self._world_key, self._generation

        def done(catalog: object) -> None:
            if not isinstance(catalog, Catalog) or generation != self._generation:
                return
            self._fresh = True
            self._set(catalog)
            if key is not None:
                self._connection.runner.run(
                    lambda: self._cache.save(key, catalog), None, self._log_error
                )

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return  # the last world's call (its close cut it short): not this one's news
            message = exc.message if isinstance(exc, ApiError) else "The catalog did not load."
            self.load_failed.emit(message)

        self._connection.call(lambda client: client.catalog(), done, failed, owner=self)

    def _set(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self.catalog_changed.emit(catalog)

    @staticmethod
    def _log_error(exc: BaseException) -> None:
        log.warning("Catalog cache: %s", exc)
