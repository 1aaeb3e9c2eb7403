"""The credit balance: fetched when the world changes, after money moves, and every few
minutes; and topping it up.

What a person can spend now is the balance minus what is held for tasks in progress
(`Balance.available_usd`): the status bar, the payment-refused message and the editor's
warning all say that one figure, written by services/formatting.py.

Topping up: on the sandbox, in the app, through the sandbox's own top-up route (the
`own_topup_url` its 402 answers carry), with pretend credit; on an account, the https
`topup_url` the server gave opens in the browser. Never the website from the sandbox.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QObject, QTimer, Signal

from aitasker_desktop.api.errors import PaymentRequired
from aitasker_desktop.domain.task import Balance
from aitasker_desktop.services.connection import Connection

REFRESH_INTERVAL_MS = 3 * 60 * 1000


def balance_tooltip(balance: Balance | None) -> str:
    if balance is None:
        return "Your credit is not known yet."
    return (
        "What you can spend now: your balance minus the money held for tasks in progress. "
        "A hold becomes a payment only when you approve a delivery."
    )


class TopUpRoute(StrEnum):
    NONE = "none"  # no way to top up from here
    IN_APP = "in_app"  # the sandbox's own top-up, with the app's key
    WEBSITE = "website"  # the account's https top-up page, in the browser


class BalanceService(QObject):
    balance_changed = Signal(object)  # Balance | None (None: unknown, e.g. a new world)
    topped_up = Signal(float, object)  # amount added, Balance after it
    top_up_failed = Signal(object)  # ApiError

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
        self._asked = 0  # bumped at every world change: the last world's answer is dropped
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
        # The last world's request may still be on its way (a name lookup, a slow answer):
        # this world's does not wait for it.
        self._asked += 1
        self._in_flight = self._again = False
        self._balance = None
        self.balance_changed.emit(None)
        self.refresh()

    def accept(self, balance: object) -> None:
        """A balance read elsewhere just now (e.g. right after a payment was refused)."""
        if isinstance(balance, Balance):
            self._balance = balance
            self.balance_changed.emit(balance)

    def refresh(self) -> None:
        """Fetch now (one request at a time; a refresh asked for meanwhile runs after it)."""
        if self._connection.client is None:
            return
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        asked = self._asked
        self._connection.call(
            lambda client: client.balance(),
            lambda result: self._on_result(result, asked),
            lambda _exc: self._on_result(None, asked),
            owner=self,
        )

    def _on_result(self, result: object, asked: int) -> None:
        if asked != self._asked:
            return  # the previous world's answer: it must not show in this one
        self._in_flight = False
        if isinstance(result, Balance):
            self._balance = result
            self.balance_changed.emit(result)
        if self._again:
            self._again = False
            self.refresh()

    # -- topping up ------------------------------------------------------------------------

    def top_up_route(self, refused: PaymentRequired) -> TopUpRoute:
        """How this refusal can be topped up: in the app on the sandbox (its own route
        only), in the browser on an account (https only), else not at all."""
        world = self._connection.world
        if world is None:
            return TopUpRoute.NONE
        if world.is_sandbox:
            return TopUpRoute.IN_APP if refused.own_topup_url else TopUpRoute.NONE
        return TopUpRoute.WEBSITE if refused.topup_url else TopUpRoute.NONE

    def top_up(
        self,
        refused: PaymentRequired,
        amount_usd: float,
        on_done: Callable[[Balance], None] | None = None,
    ) -> bool:
        """Add `amount_usd` of pretend credit through the sandbox's own top-up route; False
        when this refusal has none (an account's top-up is the website's)."""
        url = refused.own_topup_url
        if self.top_up_route(refused) is not TopUpRoute.IN_APP or not url:
            return False
        client_then = self._connection.client

        def done(result: object) -> None:
            if isinstance(result, Balance) and self._connection.client is client_then:
                self._balance = result
                self.balance_changed.emit(result)
                self.topped_up.emit(amount_usd, result)
                if on_done is not None:
                    on_done(result)

        self._connection.call(
            lambda client: client.top_up(url, amount_usd),
            done,
            self.top_up_failed.emit,
            owner=self,
        )
        return True
