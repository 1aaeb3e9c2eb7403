"""Stand-in keychains for tests: in memory, missing (as on headless Linux), or hanging."""

import threading

import keyring.backend
import keyring.errors


class MemoryKeyring(keyring.backend.KeyringBackend):
    """An in-memory keychain; `calls` counts every use (to prove work left the GUI thread)."""

    priority = 1.0

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

    priority = 0.5

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
