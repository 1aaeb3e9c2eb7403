"""The sandbox's simulated clock: real elapsed time times `speed`, plus manual advances.

Times are POSIX seconds (floats) inside the sandbox and ISO 8601 UTC on the wire.
"""

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime


class SimClock:
    """`now()` = start + (monotonic elapsed × speed) + everything `advance()` added.

    `speed` 0 freezes the clock so only `advance()` moves it (fully deterministic tests).
    """

    def __init__(
        self,
        *,
        speed: float = 1.0,
        start: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if not speed >= 0:
            raise ValueError("speed must be 0 or more")
        self.speed = float(speed)
        self._start = time.time() if start is None else float(start)
        self._monotonic = monotonic
        self._mono0 = monotonic()
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._start + (self._monotonic() - self._mono0) * self.speed + self._offset

    def advance(self, seconds: float) -> float:
        if not seconds >= 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += float(seconds)
        return self.now()


def iso(ts: float | None) -> str | None:
    """POSIX seconds to ISO 8601 UTC with a `Z`-free explicit offset, or None."""
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds")
