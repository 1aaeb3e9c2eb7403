"""What the current world's server offers, learned once per connection and remembered.

On every new client (a world chosen, a key changed, a sandbox restarted: a reconnect), the
remembered value for that world is used at once and the server is asked again off the GUI
thread (its `/openapi.json`, else probes: api/discovery.py); a value older than a day is
learned again while connected. Until anything is known, the app assumes every path it
decided (`Capabilities.everything()`): the tracker still notices a missing list (a 404)
by itself.

`operations(client)` is how the services reach the server's task operations: our REST path
where it exists, else A2A, else `NotAvailable` (api/operations.py). `offers(op)` answers
beforehand, so no screen offers a button that would fail.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from aitasker_desktop.api.errors import AuthError
from aitasker_desktop.api.operations import TaskOperations
from aitasker_desktop.domain.capabilities import Capabilities, Operation
from aitasker_desktop.domain.clock import Clock, system_clock
from aitasker_desktop.services.connection import Connection, World
from aitasker_desktop.storage.capabilities_store import CapabilitiesStore, Remembered

if TYPE_CHECKING:
    from aitasker_desktop.services.client_api import ClientApi

log = logging.getLogger(__name__)

RELEARN_AFTER = timedelta(days=1)
RETRY_AFTER_MS = 60_000  # learning failed (offline, busy): try again in a minute


class CapabilitiesService(QObject):
    changed = Signal(object)  # Capabilities, for the current world

    def __init__(
        self,
        connection: Connection,
        store: CapabilitiesStore,
        *,
        clock: Clock = system_clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._store = store
        self._clock = clock
        self._runner = connection.runner
        self._current = Capabilities.everything()
        self._learned = False  # learned from this world's server (not assumed or remembered)
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.on_timer_timeout)
        connection.world_changed.connect(self.on_connection_world_changed)

    @property
    def current(self) -> Capabilities:
        return self._current

    @property
    def learned(self) -> bool:
        """Learned from the current world's server (else assumed or remembered)."""
        return self._learned

    def offers(self, op: Operation) -> bool:
        return self._current.allows(op)

    def operations(self, client: ClientApi) -> TaskOperations:
        """The task operations on `client`, routed by what its world offers (any thread)."""
        return TaskOperations(client, self._current)

    def stop(self) -> None:
        self._timer.stop()
        self._generation += 1

    # -- learning --------------------------------------------------------------------------

    def on_connection_world_changed(self, world: object) -> None:
        self._generation += 1
        self._timer.stop()
        self._learned = False
        self._set(Capabilities.everything())  # until this world's value is read or learned
        if not isinstance(world, World) or self._connection.client is None:
            return
        generation = self._generation
        key = world.cache_key
        self._runner.run(
            lambda: self._store.get(key),
            lambda remembered: self._on_remembered(generation, remembered),
            lambda exc: log.warning("Remembered capabilities unreadable: %s", exc),
            owner=self,
        )
        self.learn()

    def _on_remembered(self, generation: int, remembered: Remembered | None) -> None:
        if generation == self._generation and remembered is not None and not self._learned:
            self._set(remembered.capabilities)

    def learn(self) -> None:
        """Ask the current world's server what it offers (off the GUI thread)."""
        world = self._connection.world
        if world is None or self._connection.client is None:
            return
        generation, key = self._generation, world.cache_key
        self._timer.stop()

        def learn(client: ClientApi) -> Capabilities:
            learned = client.capabilities()
            self._store.put(key, learned, self._clock())
            return learned

        def done(learned: Capabilities) -> None:
            if generation != self._generation:
                return
            self._learned = True
            self._set(learned)
            self._timer.start(int(RELEARN_AFTER.total_seconds() * 1000))

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            log.warning("Could not learn what %s offers: %s", world.kind, exc)
            if not isinstance(exc, AuthError):  # a refused key: the next key relearns
                self._timer.start(RETRY_AFTER_MS)

        self._connection.call(learn, done, failed, owner=self)

    def on_timer_timeout(self) -> None:
        self.learn()

    def _set(self, capabilities: Capabilities) -> None:
        if capabilities != self._current:
            self._current = capabilities
            self.changed.emit(capabilities)
