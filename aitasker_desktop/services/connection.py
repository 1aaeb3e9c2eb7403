"""The one place that holds the current AITasker client and which world it talks to.

Two worlds: the built-in sandbox (no money) and a real account. Services never keep a
client of their own; they call `connection.call(...)`, so switching worlds is one swap here.
A 401 from anywhere stops at once and asks for the key again (`auth_failed`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from aitasker_desktop.api.errors import ApiError, AuthError, NetworkError
from aitasker_desktop.services.runner import OnDone, OnError, TaskRunner

if TYPE_CHECKING:
    from aitasker_desktop.services.client_api import ClientApi

log = logging.getLogger(__name__)

# Makes a client for (base_url, api_key); the composition root gives the real one.
ClientFactory = Callable[[str, str], "ClientApi"]


class WorldKind(StrEnum):
    SANDBOX = "sandbox"
    ACCOUNT = "account"


@dataclass(frozen=True)
class World:
    kind: WorldKind
    base_url: str
    key_hint: str = ""  # the masked key (prefix and last four), never the key itself
    key_kind: str = ""  # "live", "test", "legacy" or "unknown"

    @property
    def is_sandbox(self) -> bool:
        return self.kind is WorldKind.SANDBOX

    @property
    def cache_key(self) -> str:
        """Cached tasks belong to one world; drafts belong to the user."""
        return "sandbox" if self.is_sandbox else f"{self.base_url}|{self.key_hint}"

    @property
    def label(self) -> str:
        if self.is_sandbox:
            return "Sandbox (no real money)"
        if self.key_kind == "test":
            return "AITasker test account"
        return "AITasker account"


class ConnectionState(StrEnum):
    STARTING = "starting"  # no client yet (the sandbox is starting, or no key)
    ONLINE = "online"
    OFFLINE = "offline"  # the service cannot be reached; work continues from the cache
    SIGNED_OUT = "signed_out"  # the key was refused: ask for it again


class Connection(QObject):
    world_changed = Signal(object)  # World
    state_changed = Signal(str)  # ConnectionState
    auth_failed = Signal(str)  # a plain message

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._client: ClientApi | None = None
        self._world: World | None = None
        self._state = ConnectionState.STARTING

    @property
    def runner(self) -> TaskRunner:
        return self._runner

    @property
    def client(self) -> ClientApi | None:
        return self._client

    @property
    def world(self) -> World | None:
        return self._world

    @property
    def state(self) -> ConnectionState:
        return self._state

    def set_client(self, client: ClientApi | None, world: World | None) -> None:
        old = self._client
        self._client, self._world = client, world
        if old is not None and old is not client:
            old.close()
            # What its calls still wait on that the close cannot cut (a name lookup) holds
            # no thread the new world's work needs; their answers are dropped by the callers.
            self._runner.let_go(old)
        self._set_state(ConnectionState.ONLINE if client else ConnectionState.STARTING)
        self.world_changed.emit(world)

    def _set_state(self, state: ConnectionState) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(str(state))

    def call(
        self,
        fn: Callable[[ClientApi], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run `fn(client)` off the GUI thread; results come back on the GUI thread.

        Also keeps the online/offline state current, and turns a 401 into `auth_failed`.
        """
        client = self._client
        if client is None:
            exc = NetworkError(
                "Not connected to AITasker yet.", hint="Wait a moment, or check Settings."
            )
            if on_error is not None:
                on_error(exc)
            return
        world = self._world

        def done(result: Any) -> None:
            if self._client is client:
                self._set_state(ConnectionState.ONLINE)
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            if self._client is client:
                if isinstance(exc, AuthError):
                    self._set_state(ConnectionState.SIGNED_OUT)
                    self.auth_failed.emit(exc.message)
                elif isinstance(exc, NetworkError):
                    self._set_state(ConnectionState.OFFLINE)
            if not isinstance(exc, ApiError):
                # A bug, not a service answer: log it with its traceback, show a plain line.
                log.error("Unexpected error talking to %s", world and world.kind, exc_info=exc)
                exc = ApiError("Something unexpected went wrong.", hint="Try again.")
            if on_error is not None:
                on_error(exc)

        self._runner.run(lambda: fn(client), done, failed, owner=owner, group=client)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
