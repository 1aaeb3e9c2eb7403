"""The sandbox's error answers, and their OpenAPI documentation.

Every answer other than success is `{"detail": ...}`: a plain sentence, FastAPI's list of
field errors (422), or the payment object (402). `answers(...)` documents the codes a route
can give, with the schema of each body, so `/openapi.json` lists every answer.
"""

from typing import Any

from . import conventions as c
from .schemas import ErrorMessage, PaymentRequiredBody, ValidationErrorBody


class SandboxError(Exception):
    """An answer other than success: `detail` is a plain sentence or a list of field errors."""

    def __init__(self, status_code: int, detail: str | list[dict[str, Any]]) -> None:
        super().__init__(str(detail))
        self.status_code = status_code
        self.detail = detail


class PaymentRequired(SandboxError):
    """402. The top-up link depends on where the answer goes, so the HTTP layer adds it."""

    def __init__(self, *, what: str, amount: float, balance: float, held: float) -> None:
        self.amount = round(amount, 2)
        self.balance = balance
        self.held = held
        self.available = round(balance - held, 2)
        self.message = (
            f"Your balance is too low to {what}: it needs {self.amount:.2f} USD and "
            f"{max(self.available, 0.0):.2f} USD is available."
        )
        super().__init__(402, self.message)

    def body(self, topup_url: str) -> dict[str, Any]:
        return {
            "message": self.message,
            "amount_usd": self.amount,
            "current_balance_usd": self.balance,
            "topup_url": topup_url,
            "held_usd": self.held,
            "available_usd": self.available,
        }


def field_error(loc: list[str | int], msg: str, kind: str = "value_error") -> dict[str, Any]:
    return {"loc": loc, "msg": msg, "type": kind}


def unprocessable(errors: list[dict[str, Any]]) -> SandboxError:
    return SandboxError(422, errors)


_DESCRIPTIONS = {
    400: "The body could not be parsed",
    401: "Missing or invalid API key",
    402: "The balance (minus holds) is too low",
    404: "Not found",
    409: "Not allowed in the task's current status, or the same Idempotency-Key is in flight",
    413: "The request body is larger than allowed",
    422: "Invalid input: every invalid field at once",
    429: "Rate limited; retry after Retry-After seconds",
}
_HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}},
    429: {
        c.RETRY_AFTER_HEADER: {
            "schema": {"type": "integer"},
            "description": "Whole seconds until the window resets",
        }
    },
}


def answers(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for these error codes, each with its body schema."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        model: type = ErrorMessage
        if code == 422:
            model = ValidationErrorBody
        elif code == 402:
            model = PaymentRequiredBody
        entry: dict[str, Any] = {"model": model, "description": _DESCRIPTIONS[code]}
        if code in _HEADERS:
            entry["headers"] = _HEADERS[code]
        out[code] = entry
    return out


# The answers shared by groups of routes.
AUTHED = (401, 429)
WITH_BODY = (400, 401, 413, 422, 429)
