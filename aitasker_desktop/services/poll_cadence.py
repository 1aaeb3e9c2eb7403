"""When the tracker looks next.

The interval adapts: fast while something moves on the platform's side or a decision window
closes soon, slow when nothing moves; never faster than the platform's read limit allows. A
fixed interval from the settings replaces the pace. While the service cannot be reached the
tracker is offline and backs off step by step, whatever else holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from aitasker_desktop.domain.follow import FollowPlan
from aitasker_desktop.domain.lifecycle import MOVING, NEEDS_BUYER
from aitasker_desktop.domain.protocol import RATE_LIMIT_TASK_READS
from aitasker_desktop.storage.db import timestamp

__all__ = ["MIN_INTERVAL_S", "MORE_AFTER_S", "Intervals", "PollCadence", "watch_interval"]

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


class PollCadence:
    """The tracker's intervals, the settings' override, and the offline backoff."""

    def __init__(self, intervals: Intervals, clock: Callable[[], datetime]) -> None:
        self.intervals = intervals
        self._clock = clock
        self._override: float | None = None
        self._failures = 0  # polls in a row that could not reach the service
        self.offline = False

    def set_override(self, seconds: float | None) -> None:
        """A fixed poll interval from the settings (None or 0: adapt)."""
        self._override = max(float(seconds), MIN_INTERVAL_S) if seconds else None

    def set_idle(self, seconds: float) -> None:
        """How often to look when nothing moves; never slower while a decision waits."""
        slow = max(float(seconds), MIN_INTERVAL_S)
        waiting = min(self.intervals.waiting, slow)
        self.intervals = replace(self.intervals, slow=slow, waiting=waiting)

    def unreachable(self) -> bool:
        """A poll could not reach the service: back off one step further.
        True when the tracker has just gone offline."""
        self._failures += 1
        return self._set_offline(True)

    def reached(self) -> bool:
        """The service answered (or another world starts): no backoff.
        True when the tracker has just come back online."""
        self._failures = 0
        return self._set_offline(False)

    def _set_offline(self, offline: bool) -> bool:
        changed = offline != self.offline
        self.offline = offline
        return changed

    def next_interval(
        self,
        paces: Iterable[tuple[str, float | None]],
        *,
        more: bool,
        plan: FollowPlan | None,
    ) -> float:
        """Seconds until the next poll, given the (status, deadline) of the unfinished
        tasks, whether the last cycle stopped at its page cap, and the read budget when
        following by id (`plan`)."""
        if self.offline:
            steps = self.intervals.offline
            return steps[min(self._failures - 1, len(steps) - 1)] if steps else 60.0
        if self._override is not None:
            return self._override
        soon = timestamp(self._clock() + self.intervals.closing_soon)
        interval = watch_interval(self.intervals, paces, soon)
        if more:
            interval = min(interval, MORE_AFTER_S)  # the rest of a long listing
        if plan is not None:  # the read budget's pace, whichever comes later
            interval = max(interval, plan.seconds_until_token())
        return interval
