"""The last catalog the service sent, kept so the editor works offline.

A JSON file (a cache: losing it costs one download), written atomically so a crash mid-write
leaves the previous copy. One file per world, since a real account and the sandbox may
offer different catalogs.
"""

import hashlib
import json
import logging
from pathlib import Path

from pydantic import ValidationError

from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.storage.atomic import write_text_atomic

log = logging.getLogger(__name__)


class CatalogCache:
    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def path_for(self, world_key: str) -> Path:
        digest = hashlib.sha256(world_key.encode("utf-8")).hexdigest()[:16]
        return self._folder / f"catalog-{digest}.json"

    def load(self, world_key: str) -> Catalog | None:
        """The cached catalog, or None when absent or unreadable (a damaged cache is ignored)."""
        path = self.path_for(world_key)
        try:
            return Catalog.model_validate_json(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValidationError, ValueError) as e:
            log.warning("Ignoring an unreadable catalog cache %s: %s", path.name, e)
            return None

    def save(self, world_key: str, catalog: Catalog) -> None:
        write_text_atomic(self.path_for(world_key), catalog.model_dump_json())


def read_json(path: Path) -> object:
    """The JSON in `path`, or None when it is absent or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        log.warning("Ignoring an unreadable file %s: %s", path.name, e)
        return None
