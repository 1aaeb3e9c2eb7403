"""Brand kits: kept locally, sent to the service when a task that uses one is posted.

Two kits never share a name a person would read as the same (the picker could not tell them
apart): saving under another kit's name is refused, with words to show by the name.

A kit's remote id is only valid in the world it was uploaded to and for the contents it had,
so it is stored tagged with the world and cleared whenever the kit is edited.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from aitasker_desktop.api.errors import NetworkError
from aitasker_desktop.domain.brief import Attachment, BrandKit, same_kit_name, utcnow
from aitasker_desktop.domain.text import isolated
from aitasker_desktop.services.connection import Connection
from aitasker_desktop.services.runner import alive
from aitasker_desktop.storage.brand_kits import BrandKits

log = logging.getLogger(__name__)


def _world_tag(world_key: str) -> str:
    return hashlib.sha256(world_key.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class _NameTaken:
    by: str  # the other kit's name, as it is kept


def name_taken(name: str) -> str:
    return f"There is already a kit named “{isolated(name)}”. Give this one another name."


class BrandKitService(QObject):
    kits_changed = Signal()
    save_failed = Signal(str)  # a plain message

    def __init__(
        self, repo: BrandKits, connection: Connection, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._repo = repo
        self._connection = connection

    def list_kits(self) -> list[BrandKit]:
        """Blocking (it reads the store): on the GUI thread, use `load_kits`."""
        return self._repo.list_kits()

    def get(self, kit_id: str) -> BrandKit | None:
        """Blocking (it reads the store): on the GUI thread, use `load_kit`."""
        return self._repo.get(kit_id)

    def load_kits(
        self,
        on_done: Callable[[list[BrandKit]], None],
        on_failed: Callable[[], None] | None = None,
        *,
        owner: QObject,
    ) -> None:
        """Every kit, by name, read on the runner and handed to `on_done` on the GUI thread
        (unless `owner` is gone by then); a failed read is logged and told to `on_failed`."""
        self._connection.runner.run(
            self._repo.list_kits, on_done, self._read_failed(on_failed), owner=owner
        )

    def load_kit(
        self,
        kit_id: str,
        on_done: Callable[[BrandKit | None], None],
        on_failed: Callable[[], None] | None = None,
        *,
        owner: QObject,
    ) -> None:
        """The kit `kit_id` (None when there is none), as `load_kits` hands its list."""
        self._connection.runner.run(
            lambda: self._repo.get(kit_id), on_done, self._read_failed(on_failed), owner=owner
        )

    @staticmethod
    def _read_failed(then: Callable[[], None] | None) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            log.warning("Reading the brand kits failed: %s", exc)
            if then is not None:
                then()

        return failed

    def save(
        self,
        kit: BrandKit,
        new_asset_paths: list[Path],
        removed: list[Attachment],
        on_done: Callable[[BrandKit], None] | None = None,
        on_refused: Callable[[str], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Copy new assets into the kit's folder and store the kit, off the GUI thread; or,
        when another kit has its name, store nothing and say so to `on_refused`. The kit is
        stored (and `kits_changed` said) even when `owner`, whose callbacks these are, is
        gone by then (a dialog closed meanwhile): only the callbacks are dropped."""
        kit = kit.model_copy(deep=True)

        def work() -> BrandKit | _NameTaken:
            for other in self._repo.list_kits():
                if other.id != kit.id and same_kit_name(other.name, kit.name):
                    return _NameTaken(other.name)
            for asset in removed:
                self._repo.remove_asset(kit.id, asset)
            kit.assets = [a for a in kit.assets if a not in removed]
            for path in new_asset_paths:
                kit.assets.append(self._repo.import_asset(kit.id, path))
            kit.remote_id = None  # contents changed: upload again on next use
            kit.updated_at = utcnow()
            self._repo.save(kit)
            return kit

        def done(result: object) -> None:
            if isinstance(result, _NameTaken):
                if on_refused is not None and alive(owner):
                    on_refused(name_taken(result.by))
                return
            self.kits_changed.emit()
            if on_done is not None and isinstance(result, BrandKit) and alive(owner):
                on_done(result)

        def failed(exc: BaseException) -> None:
            log.warning("Saving a brand kit failed: %s", exc)
            self.save_failed.emit("The brand kit could not be saved. Check the disk has room.")

        self._connection.runner.run(work, done, failed, owner=self)

    def delete(self, kit_id: str) -> None:
        self._repo.delete(kit_id)
        self.kits_changed.emit()

    def ensure_remote(self, kit_id: str) -> str:
        """The service's id for this kit, uploading its assets and creating it if needed.

        Blocking: call it on a worker thread (the submission service does, before posting).
        """
        client, world = self._connection.client, self._connection.world
        if client is None or world is None:
            raise NetworkError("Not connected to AITasker yet.")
        kit = self._repo.get(kit_id)
        if kit is None:
            raise FileNotFoundError(f"brand kit {kit_id} not found")
        tag = _world_tag(world.cache_key)
        if kit.remote_id and kit.remote_id.startswith(f"{tag}:"):
            return kit.remote_id.split(":", 1)[1]
        asset_ids = [client.upload(Path(a.path), media_type=a.media_type).id for a in kit.assets]
        remote = client.create_brand_kit(
            name=kit.name,
            colors=list(kit.colors),
            fonts=list(kit.fonts),
            voice_notes=kit.voice_notes,
            asset_ids=asset_ids,
        )
        kit.remote_id = f"{tag}:{remote.id}"
        self._repo.save(kit)
        return remote.id
