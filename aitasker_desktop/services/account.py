"""The account: checking an API key, keeping it safe, and choosing the world (sandbox or account).

Keychain calls run on a daemon thread of their own and are given up after a few seconds: a
keychain can wait forever on an unlock prompt nobody sees, and a stuck call must neither freeze
the window nor hold a pool thread (or the app's exit) hostage. A late answer is ignored.

Where the key ends up (`KeyPlace`): the keychain; a 0600 file, only when the user chose it;
or this session only, when there is no keychain, it failed, or it did not answer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from aitasker_desktop.api.errors import (
    ApiError,
    AuthError,
    ForbiddenError,
    NetworkError,
    TLSError,
)
from aitasker_desktop.domain.protocol import key_kind, mask_key
from aitasker_desktop.services.connection import ClientFactory, Connection, World, WorldKind
from aitasker_desktop.services.preferences import Preferences
from aitasker_desktop.storage import secrets
from aitasker_desktop.storage.secrets import KeychainError, KeychainUnavailable, KeyFile

if TYPE_CHECKING:
    from aitasker_desktop.services.client_api import ClientApi

log = logging.getLogger(__name__)

KEYCHAIN_TIMEOUT_S = 5.0


class KeychainTimeout(Exception):
    """The keychain did not answer in time."""


class KeyPlace(StrEnum):
    NONE = "none"
    KEYCHAIN = "keychain"
    FILE = "file"
    SESSION = "session"


NOTE_NO_KEYCHAIN = (
    "This computer has no keychain, so your key is kept for this session only. To keep it "
    "between sessions, choose “Keep the key in a file” in Settings."
)
NOTE_KEYCHAIN_SILENT = (
    "The keychain did not answer (it may be waiting for you to unlock it), so your key is kept "
    "for this session only."
)
NOTE_KEYCHAIN_FAILED = "The keychain refused to keep your key, so it is kept for this session only."
NOTE_FILE = (
    "Warning: your API key is kept in a file on this computer, readable only by your user "
    "account. Anyone who can sign in as you can read it."
)
NOTE_KEYCHAIN = "Your key is kept in this computer’s keychain."


def key_kind_text(kind: str) -> str:
    """What a key's prefix says about it, for the person who pasted it."""
    return {
        "live": "This is a live key: tasks you post spend real money.",
        "test": "This is a test key: nothing you do with it costs real money.",
        "legacy": "This is an older-style key (ait_…). It works like a live key: it spends money.",
    }.get(kind, "This key has an unfamiliar prefix. It worked; check it is the one you meant.")


class _Relay(QObject):
    finished = Signal(object, object)  # result, exception


def call_with_timeout(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    *,
    timeout_s: float,
    parent: QObject,
) -> None:
    """Run `fn` on a daemon thread; exactly one callback runs on the GUI thread: the answer, or
    `on_error(KeychainTimeout())` once `timeout_s` has passed without one."""
    relay = _Relay(parent)
    timer = QTimer(relay)
    timer.setSingleShot(True)
    settled = False

    def settle(result: object, exc: object) -> None:
        nonlocal settled
        if settled:
            return
        settled = True
        timer.stop()
        relay.deleteLater()
        if isinstance(exc, BaseException):
            on_error(exc)
        else:
            on_done(result)

    relay.finished.connect(settle)
    timer.timeout.connect(lambda: settle(None, KeychainTimeout()))

    def work() -> None:
        try:
            result, exc = fn(), None
        except BaseException as e:
            result, exc = None, e
        try:
            relay.finished.emit(result, exc)
        except RuntimeError:
            pass  # the relay is gone (timed out and deleted, or the app quit): nobody waits

    timer.start(int(timeout_s * 1000))
    threading.Thread(target=work, name="keychain", daemon=True).start()


class AccountService(QObject):
    key_place_changed = Signal(str, str)  # KeyPlace, a plain note for the user
    key_needed = Signal(str)  # the service refused the key: ask for it again (plain message)
    notice = Signal(str)  # something the user should read (keychain problems at startup)

    def __init__(
        self,
        connection: Connection,
        preferences: Preferences,
        key_file: KeyFile,
        client_factory: ClientFactory,
        connect_sandbox: Callable[[], None],
        *,
        api_url_override: str | None = None,
        keychain_timeout_s: float = KEYCHAIN_TIMEOUT_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._prefs = preferences
        self._key_file = key_file
        self._client_factory = client_factory
        self._connect_sandbox = connect_sandbox
        self._api_url_override = api_url_override
        self._timeout_s = keychain_timeout_s
        self._key: str | None = None  # held in memory only while an account is in use
        self.key_place = KeyPlace.NONE
        self.key_note = ""
        connection.auth_failed.connect(self.on_connection_auth_failed)

    # -- what the UI shows -----------------------------------------------------------------

    @property
    def account_url(self) -> str:
        return self._api_url_override or self._prefs.settings.account_url

    @property
    def key_hint(self) -> str:
        """The masked key (prefix…last4), or "" when there is none."""
        return mask_key(self._key) if self._key else ""

    @property
    def key_kind(self) -> str:
        return key_kind(self._key) if self._key else ""

    def secrets(self) -> list[str]:
        """The key held now, for the log redaction filter only (never shown, never stored)."""
        return [self._key] if self._key else []

    @property
    def in_account(self) -> bool:
        world = self._connection.world
        return world is not None and not world.is_sandbox

    @property
    def has_key(self) -> bool:
        return self._key is not None

    def _set_place(self, place: KeyPlace, note: str) -> None:
        self.key_place, self.key_note = place, note
        self.key_place_changed.emit(str(place), note)

    # -- connecting with a new key ----------------------------------------------------------

    def connect_with_key(
        self,
        api_key: str,
        on_done: Callable[[str], None],
        on_error: Callable[[str], None],
        *,
        owner: QObject | None = None,
    ) -> None:
        """Check `api_key` with the balance call; only if it works, keep it and switch to the
        account. `on_done(kind_text)` or `on_error(plain message)`; the key is in neither."""
        key = api_key.strip()
        if not key:
            on_error("Paste your API key first.")
            return
        if any(ch.isspace() for ch in key) or not key.isprintable():
            on_error("That does not look like an API key: it contains spaces or line breaks.")
            return
        url = self.account_url
        try:
            client = self._client_factory(url, key)
        except ApiError as exc:
            on_error(f"{exc.message} {exc.hint}".strip())
            return

        def checked(_balance: object) -> None:
            self._key = key
            self._store_key(key)
            self._use_account(client, key)
            on_done(key_kind_text(key_kind(key)))

        def refused(exc: BaseException) -> None:
            client.close()
            on_error(_key_check_message(exc))

        self._connection.runner.run(lambda: client.balance(), checked, refused, owner=owner)

    def _use_account(self, client: ClientApi, key: str) -> None:
        self._prefs.update(world="account")
        world = World(WorldKind.ACCOUNT, self.account_url, mask_key(key), key_kind(key))
        self._connection.set_client(client, world)

    def _store_key(self, key: str) -> None:
        if self._prefs.settings.key_storage == "file":
            self._write_file(key)
            return

        def stored(_: object) -> None:
            self._set_place(KeyPlace.KEYCHAIN, NOTE_KEYCHAIN)
            self._connection.runner.run(self._key_file.delete, owner=self)  # no stale copy

        call_with_timeout(
            lambda: secrets.write_keychain(key),
            stored,
            lambda exc: self._set_place(KeyPlace.SESSION, _keychain_note(exc)),
            timeout_s=self._timeout_s,
            parent=self,
        )

    def _write_file(self, key: str) -> None:
        def failed(exc: BaseException) -> None:
            log.error("Writing the key file failed: %s", type(exc).__name__)
            self._set_place(
                KeyPlace.SESSION,
                "The key file could not be written; the key is kept for this session only.",
            )

        self._connection.runner.run(
            lambda: self._key_file.write(key),
            lambda _: self._set_place(KeyPlace.FILE, NOTE_FILE),
            failed,
            owner=self,
        )

    # -- startup ----------------------------------------------------------------------------

    def start(self, *, force_sandbox: bool) -> None:
        """Pick the world at startup: the account if settings say so and a key is found,
        otherwise the sandbox."""
        if force_sandbox or self._prefs.settings.world != "account":
            self._connect_sandbox()
            return
        if self._prefs.settings.key_storage == "file":
            self._connection.runner.run(
                self._key_file.read,
                lambda key: self._on_key_loaded(key, KeyPlace.FILE, NOTE_FILE),
                lambda exc: self._on_key_load_failed(exc),
                owner=self,
            )
            return
        call_with_timeout(
            secrets.read_keychain,
            lambda key: self._on_key_loaded(key, KeyPlace.KEYCHAIN, NOTE_KEYCHAIN),
            self._on_key_load_failed,
            timeout_s=self._timeout_s,
            parent=self,
        )

    def _on_key_loaded(self, key: str | None, place: KeyPlace, note: str) -> None:
        if not key:
            self._connect_sandbox()
            self.key_needed.emit(
                "No saved API key was found, so the sandbox is open. Connect your account again "
                "to use it."
            )
            return
        self._key = key
        self._set_place(place, note)
        try:
            client = self._client_factory(self.account_url, key)
        except ApiError as exc:
            self._connect_sandbox()
            self.notice.emit(f"{exc.message} {exc.hint}".strip())
            return
        self._use_account(client, key)

    def _on_key_load_failed(self, exc: BaseException) -> None:
        self._connect_sandbox()
        if isinstance(exc, KeychainTimeout):
            reason = "The keychain did not answer (it may be waiting to be unlocked)."
        elif isinstance(exc, KeychainUnavailable):
            reason = "This computer has no keychain to read your key from."
        else:
            reason = "Your saved API key could not be read."
        self.notice.emit(f"{reason} The sandbox is open; connect your account in Settings.")

    # -- switching and forgetting -------------------------------------------------------------

    def use_sandbox(self) -> None:
        self._prefs.update(world="sandbox")
        self._connect_sandbox()

    def use_account(self) -> bool:
        """Back to the account with the key we hold; False when a key must be pasted first."""
        if self._key is None:
            return False
        self._on_key_loaded(self._key, self.key_place, self.key_note)
        return True

    def set_key_in_file(self, in_file: bool) -> None:
        """The user's explicit choice: keep the key in a 0600 file instead of the keychain."""
        self._prefs.update(key_storage="file" if in_file else "keychain")
        if self._key is None:
            return
        if in_file:
            self._write_file(self._key)
        else:
            self._store_key(self._key)

    def forget_key(self) -> None:
        """Remove the key from everywhere it is kept, and go back to the sandbox."""
        self._key = None
        self._connection.runner.run(self._key_file.delete, owner=self)
        call_with_timeout(
            secrets.delete_keychain,
            lambda _: None,
            lambda _: None,
            timeout_s=self._timeout_s,
            parent=self,
        )
        self._set_place(KeyPlace.NONE, "")
        self.use_sandbox()

    def on_connection_auth_failed(self, message: str) -> None:
        world = self._connection.world
        if world is not None and not world.is_sandbox:
            self.key_needed.emit(message)


def _keychain_note(exc: BaseException) -> str:
    if isinstance(exc, KeychainTimeout):
        return NOTE_KEYCHAIN_SILENT
    if isinstance(exc, KeychainUnavailable):
        return NOTE_NO_KEYCHAIN
    if isinstance(exc, KeychainError):
        return NOTE_KEYCHAIN_FAILED
    log.error("Unexpected keychain failure: %s", type(exc).__name__)
    return NOTE_KEYCHAIN_FAILED


def _key_check_message(exc: BaseException) -> str:
    if isinstance(exc, AuthError):
        return "AITasker did not accept this key. Check you copied all of it, or create a new one."
    if isinstance(exc, ForbiddenError):
        return (
            "This key is valid but lacks permission to read your balance, which the app needs. "
            "Create a key with full buyer access."
        )
    if isinstance(exc, NetworkError) and not isinstance(exc, TLSError):
        # Not the error's own hint ("the app will keep trying"): nothing checks the key again
        # by itself, so say what the person can do.
        return (
            f"The key could not be checked: {exc.message} Check your internet connection, "
            "then press Connect to try again. Meanwhile you can use the sandbox."
        )
    if isinstance(exc, ApiError):
        return f"The key could not be checked: {exc.message} {exc.hint}".strip()
    log.error("Checking a key failed unexpectedly: %s", type(exc).__name__)
    return "The key could not be checked. Try again."
