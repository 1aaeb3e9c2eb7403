"""Topping up credit on the sandbox, in the app: how much to add, asked in a small dialog.

On the sandbox the credit is pretend, and the sandbox has its own top-up route (the link its
402 answers name); the app adds credit there with its key, never sending anyone to the real
website. On an account the server's https `topup_url` opens in the browser instead
(`services.balance.TopUpRoute`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.api.errors import PaymentRequired
from aitasker_desktop.domain.task import Balance
from aitasker_desktop.services.balance import BalanceService, TopUpRoute
from aitasker_desktop.services.formatting import money
from aitasker_desktop.ui.messages import error_text, open_https


class AskTopUpHolder(Protocol):
    """Whatever holds the `ask_top_up` question (a page's Prompts)."""

    @property
    def ask_top_up(self) -> Callable[[QWidget, float | None, float], float | None]: ...


MAX_TOP_UP_USD = 10_000.0
TOP_UP_STEP_USD = 50.0


def suggested_top_up(needed: float | None, can_spend: float | None) -> float:
    """What to offer: the shortfall rounded up to the next $50, and at least $100."""
    short = 0.0
    if needed is not None and math.isfinite(needed):
        short = needed - (can_spend if can_spend is not None and math.isfinite(can_spend) else 0)
    steps = math.ceil(max(short, 0.0) / TOP_UP_STEP_USD)
    return min(MAX_TOP_UP_USD, max(100.0, steps * TOP_UP_STEP_USD))


class TopUpDialog(QDialog):
    def __init__(
        self, can_spend: float | None, suggested: float, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Top up sandbox credit")
        self.setModal(True)
        intro = QLabel(
            "Add pretend credit to the sandbox. It is not real money and nothing is charged."
            + ("" if can_spend is None else f" You can spend {money(can_spend)} now.")
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.amount = QDoubleSpinBox()
        self.amount.setAccessibleName("Amount to add (USD)")
        self.amount.setPrefix("$")
        self.amount.setDecimals(2)
        self.amount.setRange(1.0, MAX_TOP_UP_USD)
        self.amount.setSingleStep(TOP_UP_STEP_USD)
        self.amount.setValue(suggested)
        self.amount.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # no change by a passing wheel
        form = QFormLayout()
        form.addRow("Amount to add", self.amount)
        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton(
            "Add credit", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton("Don't add", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.buttons)
        self.amount.setFocus()
        self.amount.selectAll()


def ask_top_up_amount(parent: QWidget, can_spend: float | None, suggested: float) -> float | None:
    dialog = TopUpDialog(can_spend, suggested, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    value = dialog.amount.value()
    dialog.deleteLater()
    return value if accepted else None


class TopUpOffer:
    """What "Top up credits…" does after a refused payment: on the sandbox, ask how much and
    add it in the app; on an account, open the server's https page. Never the website from
    the sandbox."""

    def __init__(
        self,
        parent: QWidget,
        balance: BalanceService,
        prompts: Callable[[], AskTopUpHolder],
        say: Callable[[str], None],
    ) -> None:
        self._parent = parent
        self._balance = balance
        self._prompts = prompts
        self._say = say
        balance.top_up_failed.connect(self.on_balance_top_up_failed)

    def can_offer(self, refused: PaymentRequired) -> bool:
        return self._balance.top_up_route(refused) is not TopUpRoute.NONE

    def run(self, refused: PaymentRequired) -> None:
        route = self._balance.top_up_route(refused)
        if route is TopUpRoute.WEBSITE:
            open_https(refused.topup_url or "")
            return
        if route is not TopUpRoute.IN_APP:
            return
        known = self._balance.balance
        can = known.available_usd if known is not None else None
        amount = self._prompts().ask_top_up(
            self._parent, can, suggested_top_up(refused.amount_usd, can)
        )
        if amount is None:
            return
        self._say("Adding pretend credit…")
        self._balance.top_up(refused, amount, lambda now: self.on_topped_up(amount, now))

    def on_topped_up(self, amount: float, now: Balance) -> None:
        self._say(
            f"Added {money(amount)} of pretend credit. You can spend "
            f"{money(now.available_usd)} now: try again."
        )

    def on_balance_top_up_failed(self, exc: object) -> None:
        if isinstance(exc, BaseException):
            self._say(f"No credit was added. {error_text(exc)}")
