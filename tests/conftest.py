"""Test-wide configuration: headless Qt, and every path the app writes inside a temp dir."""

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Import pydantic (through the domain) before pytest-qt's PySide6 is in play: PySide6 6.12's
# import hook otherwise trips pydantic into a circular import during collection.
import aitasker_desktop.domain.task  # noqa: F401

# Must be set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config: pytest.Config) -> None:
    # Garbage is collected on the main thread only (see services/gc_guard.py): a collection
    # triggered on a worker thread could destroy Qt objects from the wrong thread.
    gc.disable()


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_main_thread() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator["EmbeddedSandbox"]:  # noqa: F821
    """A real sandbox server on loopback (a random free port), fresh state, fast clock."""
    from aitasker_desktop.sandbox.embedded import EmbeddedSandbox

    data_dir: Path = tmp_path_factory.mktemp("sandbox")
    with EmbeddedSandbox(data_dir=data_dir, speed=1.0) as server:
        yield server


# -- keyring: tests never touch the real keychain ----------------------------------------------

import threading  # noqa: E402

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import keyring.errors  # noqa: E402


class MemoryKeyring(keyring.backend.KeyringBackend):
    """An in-memory keychain; `calls` counts every use (to prove work left the GUI thread)."""

    priority = 1.0  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}
        self.threads: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.threads.append(threading.current_thread().name)
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.threads.append(threading.current_thread().name)
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.threads.append(threading.current_thread().name)
        if self.store.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class NoKeyring(keyring.backend.KeyringBackend):
    """What headless Linux has: every call raises NoKeyringError, reading included."""

    priority = 0.5  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.NoKeyringError("No recommended backend was available.")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.NoKeyringError("No recommended backend was available.")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.NoKeyringError("No recommended backend was available.")


class HangingKeyring(MemoryKeyring):
    """A keychain waiting on a prompt nobody sees: every call blocks until `release` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.entered = threading.Event()
        self.entered_from: list[str] = []  # thread names: the GUI thread must never appear

    def get_password(self, service: str, username: str) -> str | None:
        self.entered_from.append(threading.current_thread().name)
        self.entered.set()
        self.release.wait(30)
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entered_from.append(threading.current_thread().name)
        self.entered.set()
        self.release.wait(30)
        super().set_password(service, username, password)


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
