"""Waiting as AITasker asks: one Retry-After gate per client, and a wait budget per call.

When AITasker answers 429 (or 503) with Retry-After, it asks this client, not one request,
to hold off. So the window is kept once per client (`RetryAfterGate`), and every call on
every thread waits at it before each attempt: while the window is open, nothing is sent.

Each call may spend at most `max_wait` seconds waiting in all (`WaitBudget`): at the gate,
and in backoff between attempts. When the next wait would pass that, the call stops at once
instead; a wait at the gate ends in `RateLimited`, which tells the person how long AITasker
asked the app to wait.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable

from aitasker_desktop.api.errors import RateLimited


class WaitBudget:
    """The seconds one call may still spend waiting."""

    def __init__(self, seconds: float) -> None:
        self.left = max(0.0, seconds)

    def allows(self, seconds: float) -> bool:
        return seconds <= self.left

    def spend(self, seconds: float) -> None:
        self.left = max(0.0, self.left - seconds)


class RetryAfterGate:
    """Shared by every call of one client. Thread-safe."""

    def __init__(self, clock: Callable[[], float], sleep: Callable[[float], object]) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._until = -math.inf

    def close_for(self, seconds: float) -> None:
        """AITasker asked for `seconds` of quiet from now (a longer window already open stays)."""
        with self._lock:
            self._until = max(self._until, self._clock() + max(0.0, seconds))

    def remaining(self) -> float:
        """Seconds until the window closes; 0 when requests may be sent."""
        with self._lock:
            return max(0.0, self._until - self._clock())

    def wait(self, budget: WaitBudget) -> None:
        """Return once no window is open, or raise RateLimited when waiting for it would
        spend more than `budget` allows (nothing is sent then)."""
        while (left := self.remaining()) > 0:
            if not budget.allows(left):
                raise RateLimited(retry_after=left)
            budget.spend(left)
            self._sleep(left)
