"""Following tasks one by one, when the server cannot list what changed.

AITasker documents no list of a buyer's tasks for apps yet. Then the app polls the tasks it
knows (every task it posted or opened, kept in its cache) one `GET` at a time, within a
budget well under the read limit: tasks that are moving or wait on the person first, finished
ones rarely. `FollowPlan` decides which ids a cycle reads; it is pure (time is passed in), so
the tracker, the tests and bench/poll_cost.py run the same arithmetic.

The budget is a token bucket: `requests_per_minute` tokens a minute, at most `burst` saved,
so however often the tracker wakes, the reads it makes average out under the rate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from aitasker_desktop.domain.lifecycle import MOVING, NEEDS_BUYER, TERMINAL
from aitasker_desktop.domain.protocol import RATE_LIMIT_TASK_READS

# A tenth of the read limit is the tracker's share (the task pages' reads share the rest);
# following by id keeps a fifth below that for safety: 24 a minute against 300.
FOLLOW_REQUESTS_PER_MINUTE: Final = RATE_LIMIT_TASK_READS / 10 * 0.8


@dataclass(frozen=True)
class FollowPace:
    """How often one task wants to be read (seconds), by what it is doing."""

    moving: float = 20.0  # the platform is working on it
    waiting: float = 30.0  # it waits on the person's decision
    closing_soon: float = 15.0  # ...and the window closes within `soon`
    soon: float = 15 * 60.0
    other: float = 120.0  # a status this app does not know
    finished: float = 6 * 3600.0  # completed, cancelled, expired: a dispute may reopen one

    def interval(self, status: str, deadline: float | None, now: float) -> float:
        if status in TERMINAL:
            return self.finished
        if status in MOVING:
            return self.moving
        if status in NEEDS_BUYER:
            if deadline is not None and deadline - now <= self.soon:
                return self.closing_soon
            return self.waiting
        return self.other


def _rank(status: str) -> int:
    """Who goes first when the budget is short: the person's decisions, then moving tasks."""
    if status in NEEDS_BUYER:
        return 0
    if status in MOVING:
        return 1
    if status in TERMINAL:
        return 3
    return 2


@dataclass
class FollowPlan:
    """Which known tasks to read now. `checked` holds when each was last read (seconds on
    the caller's clock); a task never read is due at once (a finished one only when no
    other task wants the budget)."""

    requests_per_minute: float = FOLLOW_REQUESTS_PER_MINUTE
    burst: float = 6.0
    pace: FollowPace = field(default_factory=FollowPace)
    checked: dict[str, float] = field(default_factory=dict)
    aside: set[str] = field(default_factory=set)  # the server does not know them
    _tokens: float = 0.0
    _filled_at: float | None = None

    def _refill(self, now: float) -> None:
        if self._filled_at is None:
            self._tokens = self.burst
        else:
            gained = max(0.0, now - self._filled_at) * self.requests_per_minute / 60.0
            self._tokens = min(self.burst, self._tokens + gained)
        self._filled_at = now

    def due(self, tasks: Iterable[tuple[str, str, float | None]], now: float) -> list[str]:
        """The ids to read now, most urgent first, as many as the budget allows; each is
        counted as read (`set_aside` one the server turned out not to know)."""
        self._refill(now)
        candidates: list[tuple[int, float, str]] = []
        for task_id, status, deadline in tasks:
            if task_id in self.aside:
                continue
            last = self.checked.get(task_id)
            if last is None:
                candidates.append((_rank(status), float("-inf"), task_id))
                continue
            interval = self.pace.interval(status, deadline, now)
            overdue = (now - last) / interval
            if overdue >= 1.0:
                candidates.append((_rank(status), -overdue, task_id))
        candidates.sort()
        take = min(len(candidates), int(self._tokens))
        chosen = [task_id for _r, _o, task_id in candidates[:take]]
        self._tokens -= len(chosen)
        for task_id in chosen:
            self.checked[task_id] = now
        return chosen

    def seconds_until_token(self) -> float:
        """How long until one more read is allowed (0: now)."""
        if self._tokens >= 1.0:
            return 0.0
        return (1.0 - self._tokens) * 60.0 / self.requests_per_minute

    def set_aside(self, task_id: str) -> None:
        """The server answered that it does not know this task: stop reading it."""
        self.aside.add(task_id)
