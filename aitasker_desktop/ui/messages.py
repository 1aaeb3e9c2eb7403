"""Showing what went wrong, in plain words, the same way everywhere.

An ApiError already carries a plain `message` and a `hint`; this module turns one into text
or a dialog. Raw exception text is never shown: anything that is not an ApiError becomes a
generic sentence (and the details go to the log).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from aitasker_desktop.api.errors import ApiError, PaymentRequired
from aitasker_desktop.domain.task import Balance
from aitasker_desktop.domain.text import shown_text
from aitasker_desktop.services import formatting


def _money(value: float | None) -> str:
    return formatting.money(value, missing="unknown")


def error_text(exc: BaseException) -> str:
    """One or two plain sentences: what happened, then what to do."""
    if not isinstance(exc, ApiError):
        return "Something unexpected went wrong. Try again."
    if isinstance(exc, PaymentRequired):
        return payment_text(exc, None)
    # The message may be a server's words: shown through the one sanitizer.
    return f"{shown_text(exc.message, 1000)} {exc.hint}".strip()


def payment_text(exc: PaymentRequired, balance: Balance | None) -> str:
    """Why a payment was refused, saying what can be spent now: the balance minus what is
    held for tasks in progress, as the status bar says it. `balance` is the app's latest
    (read right after the refusal); without it the server's own words are shown, with the
    amount, and no balance that could contradict them."""
    need = f"This needs {_money(exc.amount_usd)}" if exc.amount_usd is not None else ""
    if balance is None:
        said = shown_text(exc.message, 500)
        return " ".join(p for p in (said, need and need + ".", exc.hint) if p)
    can = _money(max(balance.available_usd, 0.0))
    held = balance.held_usd or 0.0
    if held > 0:
        now = (
            f"you can spend {can} now: your balance is {_money(balance.balance_usd)}, and "
            f"{_money(held)} of it is held for tasks in progress."
        )
    else:
        now = f"you can spend {can} now."
    first = f"{need}, and {now}" if need else now[0].upper() + now[1:]
    return f"Not enough credit. {first} {exc.hint}"


def ask(parent: QWidget, title: str, text: str, yes: str, no: str, *, default_yes: bool) -> bool:
    """A question with two buttons that say what they do; True when `yes` was clicked.
    Plain text only: whatever `text` holds is shown as written."""
    # Imported when first used: PySide builds a class and its enums on first touch.
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button if default_yes else no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def open_https(url: str) -> bool:
    """Open a link in the browser, only if it is https."""
    # Imported when first used: PySide builds a class and its enums on first touch.
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    qurl = QUrl(url)
    if qurl.scheme() != "https" or not qurl.host():
        return False
    return QDesktopServices.openUrl(qurl)
