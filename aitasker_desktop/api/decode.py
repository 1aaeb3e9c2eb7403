"""Turning AITasker's answers into domain models and errors.

Everything here works on bytes already read (and capped) by transport.py, so it never does
I/O. Error messages come from this module's own words; a server's `detail` is shown only when
it is a plain short string, and never with the API key in it.
"""

from __future__ import annotations

import email.utils
import json
import math
import re
import time
from collections.abc import Mapping
from itertools import accumulate
from typing import Any

import httpx
import pydantic

from aitasker_desktop.api.errors import (
    ApiError,
    AuthError,
    BadResponse,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    PaymentRequired,
    RateLimited,
    ServerError,
    TimeoutError_,
    ValidationError,
)

MAX_DETAIL_CHARS = 300
# Deepest nesting of objects and lists an answer may have. Python's decoder recurses once
# per level (about 1,000 raise RecursionError, fewer overflow a small thread stack) and
# pydantic's JSON reader stops near 200, so anything deeper is refused before decoding.
MAX_JSON_DEPTH = 100
# Field names the service may use that mean one of the Brief's fields.
FIELD_SYNONYMS: Mapping[str, str] = {"brief": "description"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# -- JSON and models ------------------------------------------------------------------------


def parse_json(body: bytes) -> Any:
    """The JSON in `body`; BadResponse for anything malformed, too deep or not finite."""
    if _too_deep(body):
        raise BadResponse("AITasker sent an answer nested too deeply for the app to read.")
    try:
        return json.loads(body, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadResponse() from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # NaN, Infinity, -Infinity


_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1


def _too_deep(body: bytes) -> bool:
    """Whether objects and lists nest deeper than MAX_JSON_DEPTH, without decoding.

    Brackets inside strings do not count: with escaped backslashes and quotes removed, every
    other piece between quotes is outside a string. All of it runs in C except one pass over
    the brackets, and only for bodies with enough of them."""
    if body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:
        return False
    unescaped = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(unescaped.split(b'"')[0::2])
    brackets = outside.translate(None, _NOT_BRACKET)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > MAX_JSON_DEPTH


def unwrap(data: Any, key: str) -> Any:
    """Accept both a bare object and one wrapped as {key: object}."""
    if isinstance(data, dict) and "id" not in data and isinstance(data.get(key), dict):
        return data[key]
    return data


def items(data: Any, *keys: str) -> list[Any]:
    """Accept a bare list or one wrapped under any of `keys`."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in keys:
            value = data.get(key)
            if isinstance(value, list):
                return value
    raise BadResponse()


def model[M: pydantic.BaseModel](cls: type[M], data: Any) -> M:
    if not isinstance(data, dict):
        raise BadResponse()
    try:
        return cls.model_validate(data)
    except pydantic.ValidationError:
        raise BadResponse() from None


def models[M: pydantic.BaseModel](cls: type[M], values: list[Any]) -> list[M]:
    return [model(cls, v) for v in values]


# -- errors ---------------------------------------------------------------------------------


class Redactor:
    """Removes a secret from any text before it reaches a message."""

    def __init__(self, secret: str | None) -> None:
        self._secret = secret if secret and len(secret) >= 4 else None

    def __call__(self, text: str) -> str:
        if self._secret and self._secret in text:
            text = text.replace(self._secret, "[API key]")
        return text


def plain_detail(value: Any, redact: Redactor) -> str | None:
    """A server `detail` worth showing to a person: a short single-paragraph string."""
    if not isinstance(value, str):
        return None
    text = _CONTROL.sub("", value).strip()
    if not text or ("<" in text and ">" in text):  # HTML or markup: not for people
        return None
    if len(text) > MAX_DETAIL_CHARS:
        text = text[: MAX_DETAIL_CHARS - 1].rstrip() + "…"
    return redact(text)


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Retry-After as seconds to wait: delta-seconds or an HTTP date; None if unusable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)


def _field_name(loc: Any) -> str:
    if not isinstance(loc, list | tuple) or not loc:
        return ""
    parts = [str(p) for p in loc]
    if parts[0] in {"body", "query", "path", "header"} and len(parts) > 1:
        parts = parts[1:]
    elif parts[0] in {"body", "query", "path", "header"}:
        return ""
    name = parts[0]
    return FIELD_SYNONYMS.get(name, name)


def _plain_field_message(item: Mapping[str, Any], redact: Redactor) -> str:
    kind = str(item.get("type", ""))
    ctx = item.get("ctx") if isinstance(item.get("ctx"), dict) else {}
    assert isinstance(ctx, dict)

    def num(key: str) -> str:
        value = ctx.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"{value:g}"
        return str(value) if value is not None else "?"

    if kind == "missing":
        return "This is required."
    if kind == "string_too_short":
        return f"This is too short: use at least {num('min_length')} characters."
    if kind == "string_too_long":
        return f"This is too long: use at most {num('max_length')} characters."
    if kind in {"greater_than_equal", "greater_than"}:
        key = "ge" if kind == "greater_than_equal" else "gt"
        return f"This must be at least {num(key)}." if key == "ge" else f"Must be over {num(key)}."
    if kind in {"less_than_equal", "less_than"}:
        key = "le" if kind == "less_than_equal" else "lt"
        return f"This can be at most {num(key)}." if key == "le" else f"Must be under {num(key)}."
    if kind.endswith("_parsing") or kind.endswith("_type"):
        return "This value is not in the right form."
    msg = plain_detail(item.get("msg"), redact)
    if msg:
        return msg.removeprefix("Value error, ")
    return "This value was not accepted."


def field_errors(detail: Any, redact: Redactor) -> dict[str, str]:
    """FastAPI's 422 `detail` list as {field: plain message}; the first problem per field."""
    out: dict[str, str] = {}
    if not isinstance(detail, list):
        return out
    for item in detail:
        if not isinstance(item, dict):
            continue
        name = _field_name(item.get("loc"))
        message = _plain_field_message(item, redact)
        out.setdefault(name, message)
    return out


def _float(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def payment_required(
    text: str | None, info: Mapping[str, Any], redact: Redactor, origin: httpx.URL | None
) -> PaymentRequired:
    """A payment failure from its fields (a 402's detail, or a JSON-RPC error's data).
    `origin`: the API's base URL; a top-up link there is kept as `own_topup_url`."""
    topup = info.get("topup_url")
    # A link that would carry the key somewhere is not offered at all.
    link = topup if isinstance(topup, str) and redact(topup) == topup else None
    return PaymentRequired(
        text,
        amount_usd=_float(info.get("amount_usd")),
        current_balance_usd=_float(info.get("current_balance_usd")),
        topup_url=link,
        own_topup_url=link if link and origin and _same_origin(link, origin) else None,
    )


def _same_origin(link: str, origin: httpx.URL) -> bool:
    try:
        url = httpx.URL(link)
    except (httpx.InvalidURL, TypeError):
        return False
    return (url.scheme, url.host, url.port) == (origin.scheme, origin.host, origin.port)


def error_for(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    redact: Redactor,
    origin: httpx.URL | None = None,
) -> ApiError:
    """The error for a non-2xx answer (body may be truncated or not JSON at all)."""
    try:
        data = parse_json(body) if body else None
    except BadResponse:
        data = None  # not JSON, or too deep to read: the status alone decides
    detail = data.get("detail") if isinstance(data, dict) else None
    text = plain_detail(detail, redact)
    if isinstance(detail, dict):
        text = plain_detail(detail.get("message") or detail.get("msg"), redact)

    if status == 401:
        return AuthError(status_code=401)
    if status == 403:
        return ForbiddenError(text, status_code=403)
    if status == 404:
        return NotFoundError(text, status_code=404)
    if status == 409:
        return ConflictError(text, status_code=409)
    if status == 422:
        fields = field_errors(detail, redact)
        message = text
        if message is None and fields:
            if "" in fields:
                message = fields.pop("")
            else:
                count = len(fields)
                message = (
                    "AITasker could not accept one of the fields."
                    if count == 1
                    else f"AITasker could not accept {count} of the fields."
                )
        return ValidationError(message, field_errors=fields)
    if status == 402:
        info = detail if isinstance(detail, dict) else {}
        return payment_required(text, info, redact, origin)
    if status == 429:
        return RateLimited(retry_after=retry_after_seconds(headers.get("retry-after")))
    if status >= 500:
        return ServerError(status_code=status)
    if 300 <= status < 400:
        return BadResponse("AITasker answered with an unexpected redirect.", status_code=status)
    if status == 408:
        return TimeoutError_("AITasker gave up waiting for the request.", status_code=status)
    return ApiError(text, status_code=status)
