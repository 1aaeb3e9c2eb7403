"""The real brief editor on the real drafts service and store, without a server.

The app minus the network: the editor, its drafts service on a disk thread of its own, the
SQLite store at `db_path`, and a world whose service cannot be reached, so the catalog comes
from the cache as it does offline (the sandbox's catalog, written there first). Used by the
stateful editor test, the full-disk test and the typist that the kill test kills.
"""

from __future__ import annotations

import socket
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.sandbox.catalog_data import build_catalog
from aitasker_desktop.services.catalog import CatalogService
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.drafts import AUTOSAVE_DELAY_MS, AUTOSAVE_MAX_WAIT_MS, DraftsService
from aitasker_desktop.services.runner import Runner
from aitasker_desktop.services.spelling import SpellingService, person_dictionary
from aitasker_desktop.storage.catalog_cache import CatalogCache
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.drafts import Drafts
from aitasker_desktop.storage.editor_files import UserDictionary
from aitasker_desktop.ui.drafts_page import DraftsPage
from aitasker_desktop.ui.editor import BriefEditor


def sandbox_catalog() -> Catalog:
    """The sandbox's catalog as the client reads it (from its JSON, into the client's model)."""
    return Catalog.model_validate(build_catalog().model_dump(mode="json"))


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class EditorRig:
    def __init__(
        self,
        db_path: Path,
        cache_dir: Path,
        *,
        delay_ms: int = AUTOSAVE_DELAY_MS,
        max_wait_ms: int = AUTOSAVE_MAX_WAIT_MS,
        spelling: bool = False,
        catalog: Catalog | None = None,
    ) -> None:
        """`spelling`: check spelling in the person's English (QLocale's default), on a
        thread of its own, as the app does. `catalog`: the one the service sent last time
        (the sandbox's unless given)."""
        self.db_path = db_path
        world = World(WorldKind.SANDBOX, f"http://127.0.0.1:{closed_port()}")
        cache = CatalogCache(cache_dir)
        cache.save(world.cache_key, catalog or sandbox_catalog())
        self.store = Store(db_path)
        self.disk = Runner(max_threads=1)
        self.net = Runner()
        self.connection = Connection(self.net)
        self.catalog = CatalogService(self.connection, cache)
        self.speller = Runner(max_threads=1)
        self.spelling = (
            SpellingService(
                self.speller,
                UserDictionary(db_path.parent / "dictionary.json"),
                language=person_dictionary(),
            )
            if spelling
            else None
        )
        self.drafts = DraftsService(
            Drafts(self.store), self.disk, delay_ms=delay_ms, max_wait_ms=max_wait_ms
        )
        self.editor = BriefEditor(
            catalog=self.catalog,
            drafts=self.drafts,
            submission=None,
            connection=self.connection,
            spelling=self.spelling,
            confirm=lambda _parent, _text: False,
        )
        # The Drafts place beside it, opening drafts in the editor as app.py wires it.
        self.page = DraftsPage(self.drafts, confirm=lambda _parent, _question: True)
        self.page.open_requested.connect(self.on_page_open_requested)
        self.catalog.catalog_changed.connect(self.page.on_catalog_changed)
        self.places = QStackedWidget()
        self.places.addWidget(self.editor)
        self.places.addWidget(self.page)
        self.window = QMainWindow()
        self.window.setCentralWidget(self.places)
        self.window.resize(1280, 800)
        self.window.show()
        self.window.activateWindow()
        client = AITaskerClient(world.base_url, "aitk_test_unreachable", sleep=lambda _s: None)
        self.connection.set_client(client, world)

    def on_page_open_requested(self, draft_id: str) -> None:
        self.editor.open_draft(draft_id)
        self.show_editor()

    def show_editor(self) -> None:
        self.places.setCurrentWidget(self.editor)

    def show_drafts(self) -> None:
        self.places.setCurrentWidget(self.page)

    @property
    def ready(self) -> bool:
        """The catalog is shown and the window can take focus events."""
        return self.editor.catalog is not None and self.window.isActiveWindow()

    def close(self) -> None:
        """As the app shuts down: the last changes written, then everything stopped."""
        self.drafts.flush()
        self.drafts.stop()
        for runner in (self.disk, self.net, self.speller):
            runner.wait_for_idle(30_000)
        QApplication.processEvents()  # the last callbacks, while their owners still exist
        if self.spelling is not None:
            self.spelling.stop()  # as the app does: a verdict that came last asks no more
        for runner in (self.disk, self.net, self.speller):
            runner.shutdown(10_000)
        self.connection.set_client(None, None)
        self.window.close()
        self.window.deleteLater()
        self.store.close()
