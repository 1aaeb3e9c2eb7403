"""Test-wide configuration: headless Qt, and every path the app writes inside a temp dir."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Must be set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator["EmbeddedSandbox"]:  # noqa: F821
    """A real sandbox server on loopback (a random free port), fresh state, fast clock."""
    from aitasker_desktop.sandbox.embedded import EmbeddedSandbox

    data_dir: Path = tmp_path_factory.mktemp("sandbox")
    with EmbeddedSandbox(data_dir=data_dir, speed=1.0) as server:
        yield server
