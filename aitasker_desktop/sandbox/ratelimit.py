"""Per-client, per-path-prefix rate limits in fixed windows of real (not simulated) time."""

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from . import conventions as c


@dataclass(frozen=True)
class Limits:
    """Requests allowed per window; tests lower them. Periods in real seconds."""

    create_per_minute: int = c.RATE_LIMIT_CREATE
    task_reads_per_minute: int = c.RATE_LIMIT_TASK_READS
    default_per_minute: int = c.RATE_LIMIT_DEFAULT
    suggestions_per_hour: int = c.RATE_LIMIT_SUGGESTIONS_PER_HOUR
    generate_per_hour: int = c.RATE_LIMIT_GENERATE_PER_HOUR

    def bucket(self, method: str, path: str) -> tuple[str, int, float]:
        """(bucket name, limit, period seconds) for a request."""
        if path == c.TASKS and method == "POST":
            return "create", self.create_per_minute, 60.0
        if path.startswith(c.TASKS) and method in ("GET", "HEAD"):
            return "task_reads", self.task_reads_per_minute, 60.0
        if path.startswith(c.BRIEF_SUGGESTIONS):
            return "suggestions", self.suggestions_per_hour, 3600.0
        if path.startswith(c.BRIEF_GENERATE):
            return "generate", self.generate_per_hour, 3600.0
        return "default", self.default_per_minute, 60.0


@dataclass
class _Window:
    start: float
    count: int = 0


@dataclass
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # whole seconds until the window resets (0 when allowed)


@dataclass
class RateLimiter:
    limits: Limits = field(default_factory=Limits)
    clock: Callable[[], float] = time.monotonic
    _windows: dict[tuple[str, str], _Window] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, client: str, method: str, path: str) -> Decision:
        name, limit, period = self.limits.bucket(method, path)
        now = self.clock()
        with self._lock:
            if len(self._windows) > 10_000:  # forget stale clients
                self._windows = {k: w for k, w in self._windows.items() if now - w.start < 3600.0}
            window = self._windows.get((client, name))
            if window is None or now - window.start >= period:
                window = self._windows[(client, name)] = _Window(now)
            if window.count >= limit:
                wait = max(1, math.ceil(window.start + period - now))
                return Decision(False, limit, 0, wait)
            window.count += 1
            return Decision(True, limit, limit - window.count, 0)
