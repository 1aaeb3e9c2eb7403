"""Fixtures for the storage tests: a fresh store in a temp dir, closed after each test."""

from collections.abc import Iterator
from pathlib import Path

import pytest

# Import pydantic's lazily loaded parts before pytest-qt imports PySide6: shiboken's import hook
# (PySide6 6.12) otherwise trips over pydantic's lazy module attributes (a circular ImportError).
import aitasker_desktop.domain.task  # noqa: F401
from aitasker_desktop.storage.db import Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "store.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store(db_path) as s:
        yield s
