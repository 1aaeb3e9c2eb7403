"""Sandbox tests: a real server on loopback with a frozen clock, and a client for it."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from aitasker_desktop.sandbox.embedded import EmbeddedSandbox

from .helpers import make_client


@pytest.fixture
def sb(tmp_path: Path) -> Iterator[EmbeddedSandbox]:
    """A sandbox whose clock moves only by advance()."""
    with EmbeddedSandbox(tmp_path / "sb", speed=0) as server:
        yield server


@pytest.fixture
def client(sb: EmbeddedSandbox) -> Iterator[httpx.Client]:
    with make_client(sb) as c:
        yield c
