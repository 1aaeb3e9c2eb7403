"""How often the tracker looks: its intervals, and the pace the watched tasks set."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from aitasker_desktop.domain.lifecycle import MOVING, NEEDS_BUYER
from aitasker_desktop.domain.protocol import RATE_LIMIT_TASK_READS

# A poll is at most a few requests; the other reads of the app (bids, deliveries) share the
# same 300/min budget, so the tracker keeps well under a tenth of it.
MIN_INTERVAL_S = max(2.0, 60.0 / RATE_LIMIT_TASK_READS * 10)
# A cycle that stopped at its page cap goes on after this pause: 10 pages in 4 s stay well
# under the read limit (300 a minute), which the task pages' reads share.
MORE_AFTER_S = 4.0


@dataclass(frozen=True)
class Intervals:
    fast: float = 4.0  # something is moving, or a decision window closes soon
    waiting: float = 20.0  # the buyer has a decision to make, with time left
    slow: float = 60.0  # nothing moves
    closing_soon: timedelta = timedelta(minutes=15)
    offline: tuple[float, ...] = (3.0, 5.0, 10.0, 20.0, 40.0, 60.0)  # backoff, then the last


def watch_interval(
    intervals: Intervals, watched: Iterable[tuple[str, float | None]], soon: float
) -> float:
    """Fast while a task moves or a decision window closes before `soon` (unix seconds),
    `waiting` while a decision is open, else slow."""
    interval = intervals.slow
    for status, deadline in watched:
        if status in MOVING:
            return intervals.fast
        if status in NEEDS_BUYER:
            if deadline is not None and deadline <= soon:
                return intervals.fast
            interval = min(interval, intervals.waiting)
    return interval
