"""Where the API key is kept: the operating system's keychain (keyring), or, only when the user
explicitly chooses it, a file readable by them alone.

Every function here blocks (a keychain may show a prompt and wait); the account service calls
them off the GUI thread with a time limit. Errors come out as `KeychainUnavailable` (there is
no keychain: keyring raises NoKeyringError, even when reading) or `KeychainError` (there is one,
and it failed). Messages never contain the key.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

# keyring is imported where it is used: loading it (and its backends) costs about 0.2 s,
# which start-up should not pay on the GUI thread before a key is needed.

SERVICE_NAME = "AITasker Desktop"
ACCOUNT_NAME = "api-key"
KEY_FILENAME = "api-key.secret"


class KeychainUnavailable(Exception):
    """No keychain on this system (a headless Linux machine has none)."""


class KeychainError(Exception):
    """The keychain exists but refused or failed."""


def backend_name() -> str:
    """The keyring backend in use, for diagnostics (never its contents)."""
    import keyring

    try:
        backend = keyring.get_keyring()
    except Exception:
        return "unknown"
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _keyring_call[T](fn: Callable[..., T], *args: str) -> T:
    import keyring.errors

    try:
        return fn(*args)
    except keyring.errors.NoKeyringError as exc:
        raise KeychainUnavailable("No keychain is available on this computer.") from exc
    except keyring.errors.PasswordDeleteError:
        raise
    except Exception as exc:  # any backend failure: D-Bus, locked keychain, denied prompt
        raise KeychainError(f"The keychain failed ({type(exc).__name__}).") from None


def read_keychain() -> str | None:
    import keyring

    value: str | None = _keyring_call(keyring.get_password, SERVICE_NAME, ACCOUNT_NAME)
    return value or None


def write_keychain(api_key: str) -> None:
    import keyring

    _keyring_call(keyring.set_password, SERVICE_NAME, ACCOUNT_NAME, api_key)


def delete_keychain() -> None:
    import keyring
    import keyring.errors

    try:
        _keyring_call(keyring.delete_password, SERVICE_NAME, ACCOUNT_NAME)
    except keyring.errors.PasswordDeleteError:
        pass  # nothing was stored


class KeyFile:
    """The key in a file, mode 0600, created that way (never widened then narrowed)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> str | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        if os.name == "posix" and st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            # Someone widened it: narrow it again before trusting it.
            os.chmod(self.path, 0o600)
        value = self.path.read_text(encoding="utf-8").strip()
        return value or None

    def write(self, api_key: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: the file is created here with 0600, never reused with whatever mode it had.
        self.path.unlink(missing_ok=True)
        fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(api_key)
            fh.flush()
            os.fsync(fh.fileno())

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)

    def mode(self) -> int | None:
        try:
            return stat.S_IMODE(self.path.stat().st_mode)
        except FileNotFoundError:
            return None
