"""Showing what went wrong, in plain words, the same way everywhere.

An ApiError already carries a plain `message` and a `hint`; this module turns one into text
or a dialog. Raw exception text is never shown: anything that is not an ApiError becomes a
generic sentence (and the details go to the log).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from aitasker_desktop.api.errors import ApiError, PaymentRequired
from aitasker_desktop.services import formatting


def _money(value: float | None) -> str:
    return formatting.money(value, missing="unknown")


def error_text(exc: BaseException) -> str:
    """One or two plain sentences: what happened, then what to do."""
    if not isinstance(exc, ApiError):
        return "Something unexpected went wrong. Try again."
    text = exc.message
    if isinstance(exc, PaymentRequired):
        parts = [text]
        if exc.current_balance_usd is not None:
            parts.append(f"Your balance is {_money(exc.current_balance_usd)}.")
        if exc.amount_usd is not None:
            parts.append(f"This needs {_money(exc.amount_usd)}.")
        text = " ".join(parts)
    return f"{text} {exc.hint}".strip()


def open_https(url: str) -> bool:
    """Open a link in the browser, only if it is https."""
    qurl = QUrl(url)
    if qurl.scheme() != "https" or not qurl.host():
        return False
    return QDesktopServices.openUrl(qurl)


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """A modal message for an error that has no field to sit next to."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(error_text(exc))
    top_up = None
    if isinstance(exc, PaymentRequired) and exc.topup_url:
        top_up = box.addButton("Top up credits…", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if top_up is not None and box.clickedButton() is top_up and isinstance(exc, PaymentRequired):
        open_https(exc.topup_url or "")
