"""What can go wrong talking to AITasker, each with a plain message and what to do about it.

Messages are written for the person using the app and never contain the API key, a URL's
query string or a raw exception text.
"""

import math
from collections.abc import Mapping


class ApiError(Exception):
    """Base of every client error. `message` says what happened, `hint` what to do."""

    default_message = "Something went wrong talking to AITasker."
    default_hint = "Try again in a moment."

    def __init__(
        self,
        message: str | None = None,
        *,
        hint: str | None = None,
        status_code: int | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.hint = hint or self.default_hint
        self.status_code = status_code
        super().__init__(self.message)

    @property
    def retryable(self) -> bool:
        return False

    def __str__(self) -> str:
        return self.message


class AuthError(ApiError):
    default_message = "AITasker did not accept your API key."
    default_hint = "Check the key in Settings, or paste a new one."


class ForbiddenError(ApiError):
    default_message = "Your API key is not allowed to do this."
    default_hint = "Ask your AITasker administrator for a key with this permission."


class NotFoundError(ApiError):
    default_message = "AITasker could not find that."
    default_hint = "It may have been removed. Refresh and try again."


class ValidationError(ApiError):
    """422: the service refused the input. `field_errors` maps a field name to a message."""

    default_message = "AITasker could not accept some of what you entered."
    default_hint = "Correct the highlighted fields and try again."

    def __init__(
        self,
        message: str | None = None,
        *,
        field_errors: Mapping[str, str] | None = None,
        hint: str | None = None,
        status_code: int | None = 422,
    ) -> None:
        super().__init__(message, hint=hint, status_code=status_code)
        self.field_errors: dict[str, str] = dict(field_errors or {})


class PaymentRequired(ApiError):
    default_message = "Your AITasker balance is too low for this."
    default_hint = "Top up your credits, then try again."

    def __init__(
        self,
        message: str | None = None,
        *,
        amount_usd: float | None = None,
        current_balance_usd: float | None = None,
        topup_url: str | None = None,
        own_topup_url: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint, status_code=402)
        self.amount_usd = amount_usd
        self.current_balance_usd = current_balance_usd
        # Only https links are ever offered to open.
        self.topup_url = topup_url if topup_url and topup_url.startswith("https://") else None
        # A top-up link on the API's own origin (the sandbox's, plain http on loopback): not
        # for a browser, but the app may act on it with its key, as it does on the API.
        self.own_topup_url = own_topup_url


class RateLimited(ApiError):
    """Too many requests. `retry_after`: the seconds AITasker asked the app to wait."""

    default_message = "AITasker is receiving too many requests from you right now."

    def __init__(self, message: str | None = None, *, retry_after: float | None = None) -> None:
        if retry_after:
            wait = about(retry_after)
            message = message or (
                f"AITasker asked the app to wait {wait} before sending more requests."
            )
            hint = f"Try again in {wait}."
        else:
            hint = "Try again in a minute."
        super().__init__(message, hint=hint, status_code=429)
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return True


class ConflictError(ApiError):
    default_message = "This changed on AITasker while you were working on it."
    default_hint = "Refresh to see the current state, then try again."

    @property
    def retryable(self) -> bool:
        return True


class ServerError(ApiError):
    default_message = "AITasker had a problem on its side."
    default_hint = "Try again in a few minutes."

    @property
    def retryable(self) -> bool:
        return True


class BadResponse(ApiError):
    """The answer could not be understood (malformed, or larger than allowed)."""

    default_message = "AITasker sent an answer the app could not understand."
    default_hint = "Try again later; if it keeps happening, copy the diagnostics for support."


class NetworkError(ApiError):
    default_message = "Could not reach AITasker."
    default_hint = "Check your internet connection; the app will keep trying."

    @property
    def retryable(self) -> bool:
        return True


class TimeoutError_(NetworkError):
    default_message = "AITasker took too long to answer."


class TLSError(NetworkError):
    """The secure connection could not be verified. Never retried, never bypassed."""

    default_message = "The connection to AITasker could not be verified as secure."
    default_hint = (
        "Your network may be intercepting secure connections. Ask your IT department, "
        "or try another network."
    )

    @property
    def retryable(self) -> bool:
        return False


class OutcomeUnknown(NetworkError):
    """A create was sent but its answer was lost: it may or may not have been posted.

    Retrying with the same Idempotency-Key is safe and resolves it.
    """

    default_message = "The connection dropped before AITasker confirmed your task."
    default_hint = "The app will check again with the same request; it cannot be posted twice."


class CreateUnconfirmed(ApiError):
    """A create that had no safe way to be repeated (no idempotency key the server is known
    to honour) was sent, and its answer was lost: it may have been posted.

    Unlike OutcomeUnknown, nothing may send it again on its own: that could post the task
    twice. The person checks their tasks first."""

    default_message = "The connection dropped before AITasker confirmed your task."
    default_hint = (
        "It may have been posted. Check your tasks on the AITasker website before posting "
        "it again, so it is not posted twice."
    )


class NotAvailable(ApiError):
    """This AITasker server does not offer an operation the app needs (yet)."""

    def __init__(self, operation: str, doing: str, *, hint: str | None = None) -> None:
        super().__init__(
            f"AITasker does not yet let apps {doing}.",
            hint=hint or "You can do this on the AITasker website.",
        )
        self.operation = operation


class MethodNotSupported(NotAvailable):
    """The A2A endpoint answered "method not found" (-32601) for a method the app used."""

    def __init__(self, method: str, doing: str) -> None:
        super().__init__(method, doing)
        self.method = method


class InsecureURL(ApiError):
    default_message = "The AITasker address must start with https://."
    default_hint = "Only the built-in sandbox on this computer may use plain http."


def about(seconds: float) -> str:
    """A wait in plain words, rounded up: "about 45 seconds", "about 3 minutes"."""
    if seconds < 90:
        n = max(1, math.ceil(seconds))
        return f"about {n} second{'s' if n != 1 else ''}"
    if seconds < 90 * 60:
        return f"about {math.ceil(seconds / 60)} minutes"
    return f"about {math.ceil(seconds / 3600)} hours"
