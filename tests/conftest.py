"""Test-wide configuration: headless Qt, and every path the app writes inside a temp dir."""

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Import pydantic (through the domain) before pytest-qt's PySide6 is in play: PySide6 6.12's
# import hook otherwise trips pydantic into a circular import during collection.
import aitasker_desktop.domain.task  # noqa: F401
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from tests.leaks import LeakWatch

# Must be set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config: pytest.Config) -> None:
    # Garbage is collected on the main thread only (see services/gc_guard.py): a collection
    # triggered on a worker thread could destroy Qt objects from the wrong thread.
    gc.disable()


@pytest.fixture(autouse=True)
def _nothing_left_running(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test that leaves a QThread, an active QTimer or a thread-pool job behind (as
    napari's fixtures do): whatever it left would run into the next test. Also collects
    garbage on the main thread, where Qt objects must die (see pytest_configure)."""
    watch = LeakWatch()
    watch.install(monkeypatch)
    yield
    left = watch.left_running()
    # What outlives the test belongs to the session (modules, caches, wider fixtures): out of
    # the collector's sight, so each later collection walks only what its own test made.
    # Without this, a full collection of the grown heap took up to 1 s a test late in a run.
    gc.freeze()
    assert not left, "the test left work running: " + "; ".join(left)


@pytest.fixture
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedSandbox]:
    """A real sandbox server on loopback (a random free port), fresh state, fast clock."""

    data_dir: Path = tmp_path_factory.mktemp("sandbox")
    with EmbeddedSandbox(data_dir=data_dir, speed=1.0) as server:
        yield server


# -- keyring: tests never touch the real keychain ----------------------------------------------

import keyring  # noqa: E402

from tests.keyrings import HangingKeyring, MemoryKeyring, NoKeyring  # noqa: E402


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets a fresh in-memory keychain; the previous backend comes back after."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(memory_keyring: MemoryKeyring) -> NoKeyring:
    backend = NoKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def hanging_keyring(memory_keyring: MemoryKeyring) -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    keyring.set_keyring(backend)
    yield backend
    backend.release.set()  # let the stuck daemon thread finish: no thread outlives the test
