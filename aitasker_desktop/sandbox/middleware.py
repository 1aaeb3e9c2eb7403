"""ASGI middleware: the request-body cap and the per-client rate limits.

The body cap counts the bytes the application actually reads, whatever the framing: a
chunked body has no Content-Length to check, so the count is what stops it. A declared
Content-Length over the cap is refused before any of the body is read.
"""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import conventions as c
from .ratelimit import RateLimiter

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def body_cap(path: str) -> int:
    return c.MAX_UPLOAD_BODY if path == c.UPLOADS else c.MAX_JSON_BODY


class BodyTooLarge(HTTPException):
    def __init__(self, cap: int) -> None:
        super().__init__(413, f"The request body is larger than {cap} bytes.")


async def _send_json(send: Send, status: int, body: Any, headers: dict[str, str]) -> None:
    raw = json.dumps(body).encode()
    pairs = [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    pairs += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": pairs})
    await send({"type": "http.response.body", "body": raw})


class BodyLimit:
    def __init__(self, app: ASGIApp, cap_for: Callable[[str], int] = body_cap) -> None:
        self.app = app
        self.cap_for = cap_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = self.cap_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if scope["method"] in _BODY_METHODS and declared.isdigit() and int(declared) > cap:
            error = BodyTooLarge(cap)
            await _send_json(send, 413, {"detail": error.detail}, {})
            return
        read = 0

        async def counted() -> Message:
            nonlocal read
            message = await receive()
            if message["type"] == "http.request":
                read += len(message.get("body", b""))
                if read > cap:
                    # Raised inside the app's body read; its exception handler answers 413,
                    # and the server discards the rest of the body without keeping it.
                    raise BodyTooLarge(cap)
            return message

        await self.app(scope, counted, send)


def _client_key(scope: Scope) -> str:
    auth = dict(scope["headers"]).get(b"authorization", b"")
    if auth:
        return "key:" + hashlib.sha256(auth).hexdigest()[:16]
    client = scope.get("client")
    return "ip:" + (client[0] if client else "unknown")


class RateLimit:
    """Per client and path prefix; every answer carries the limit headers, 429 Retry-After."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        limit, remaining = self.limiter.limits.default_per_minute, None
        if not (path.startswith(c.SANDBOX_PREFIX + "/") or path in c.PUBLIC_PATHS):
            decision = self.limiter.hit(_client_key(scope), scope["method"], path)
            limit, remaining = decision.limit, decision.remaining
            if not decision.allowed:
                headers = {
                    c.RATE_LIMIT_HEADER: str(limit),
                    c.RATE_REMAINING_HEADER: "0",
                    c.RETRY_AFTER_HEADER: str(decision.retry_after),
                }
                detail = f"Too many requests: retry after {decision.retry_after} s."
                await _send_json(send, 429, {"detail": detail}, headers)
                return
        extra = [
            (c.RATE_LIMIT_HEADER.lower().encode(), str(limit).encode()),
            (
                c.RATE_REMAINING_HEADER.lower().encode(),
                str(limit if remaining is None else remaining).encode(),
            ),
        ]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
