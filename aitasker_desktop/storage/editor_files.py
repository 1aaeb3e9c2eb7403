"""The personal spelling dictionary: a tiny JSON list in the data folder, written atomically."""

import json
from pathlib import Path

from aitasker_desktop.domain.text import clean_text
from aitasker_desktop.storage.atomic import write_text_atomic
from aitasker_desktop.storage.catalog_cache import read_json


class UserDictionary:
    """Words the user added with "Add to dictionary"."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def load(self) -> set[str]:
        data = read_json(self._path)
        if not isinstance(data, list):
            return set()
        return {w for w in data if isinstance(w, str) and w}

    def save(self, words: set[str]) -> None:
        cleaned = sorted({clean_text(w) for w in words if w})
        write_text_atomic(self._path, json.dumps(cleaned, ensure_ascii=False))
