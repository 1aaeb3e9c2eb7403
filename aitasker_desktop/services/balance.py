"""The credit balance: fetched when the world changes, after money moves, and every few minutes."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from aitasker_desktop.domain.task import Balance
from aitasker_desktop.services.connection import Connection

REFRESH_INTERVAL_MS = 3 * 60 * 1000


class BalanceService(QObject):
    balance_changed = Signal(object)  # Balance | None (None: unknown, e.g. a new world)

    def __init__(
        self,
        connection: Connection,
        parent: QObject | None = None,
        *,
        interval_ms: int = REFRESH_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._balance: Balance | None = None
        self._in_flight = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)
        connection.world_changed.connect(self.on_connection_world_changed)

    @property
    def balance(self) -> Balance | None:
        return self._balance

    def start(self) -> None:
        self._timer.start()
        if self._connection.client is not None:
            self.refresh()

    def stop(self) -> None:
        self._timer.stop()

    def on_connection_world_changed(self, _world: object) -> None:
        self._balance = None
        self.balance_changed.emit(None)
        self.refresh()

    def refresh(self) -> None:
        """Fetch now (one request at a time; a refresh asked for meanwhile runs after it)."""
        if self._connection.client is None:
            return
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        client_then = self._connection.client
        self._connection.call(
            lambda client: client.balance(),
            lambda result: self._on_result(result, client_then),
            lambda _exc: self._on_result(None, client_then),
            owner=self,
        )

    def _on_result(self, result: object, client_then: object) -> None:
        self._in_flight = False
        # An answer from the previous world must not show in this one.
        if isinstance(result, Balance) and self._connection.client is client_then:
            self._balance = result
            self.balance_changed.emit(result)
        if self._again:
            self._again = False
            self.refresh()
