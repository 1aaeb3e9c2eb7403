"""Where "now" comes from. Services and views take a `Clock` in their constructor, so tests
give them a fixed or moving time instead of the moment a module happened to be imported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]  # an aware datetime (UTC)


def system_clock() -> datetime:
    return datetime.now(UTC)
