"""What one request asks of the transport (`Call`), what it gets back (`Reply`), and how
safe it is to repeat (`Retry`; the rule is written out in transport.py)."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from aitasker_desktop.api.body import Progress


class Retry(enum.Enum):
    ALWAYS = "always"
    KEYED = "keyed"
    IF_NOT_PROCESSED = "if_not_processed"
    UNKEYED_CREATE = "unkeyed_create"

    @property
    def repeats_after_sending(self) -> bool:
        return self in (Retry.ALWAYS, Retry.KEYED)


@dataclass
class Call:
    method: str
    url: str  # a path under the base URL, or an absolute URL of the same origin
    retry: Retry
    params: Mapping[str, str | int] | None = None
    json: Any = None
    body: Callable[[], Iterable[bytes]] | None = None  # a fresh body for each attempt
    headers: dict[str, str] = field(default_factory=dict)
    max_bytes: int | None = None  # None: the client's max_response_bytes
    announced_bytes: int | None = None  # the size the server stated (a file's size_bytes)
    sink: Callable[[bytes], None] | None = None  # stream the body here instead of memory
    restart: Callable[[], bool] | None = None  # before a repeat: rewind the sink (or False)
    progress: Progress | None = None
    min_rate: float | None = None  # bytes/s: extends the deadline as the body arrives
    auth: bool = True
    attempts: int | None = None


@dataclass
class Reply:
    status: int
    headers: httpx.Headers
    body: bytes
