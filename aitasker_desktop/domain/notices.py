"""What to tell a person about their tasks, and when: the notification policy, without Qt.

- A status a person cares about (bids ready, delivery ready, refunded, ...) is one notice,
  once per arrival in that status.
- A decision window about to close is announced at leads in proportion to the window (2 h and
  15 min of a 24-hour window, 5 min and 1 min of an hour), each at most once per window; a
  late look announces only the latest lead passed, never a stale earlier one.
- Many notices at once (the first sync of a world, or a sync that brings many changes) are
  one summary ("12 tasks need you"), not a pop-up each.

Numbers and durations are worded by a `Formats` given by the caller (the app's one
formatting module), so they read as everywhere else in the app.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from aitasker_desktop.domain.lifecycle import NEEDS_BUYER, Status
from aitasker_desktop.domain.notification import NotificationKind
from aitasker_desktop.domain.task import Task

COMPLETED_KIND = "completed"
REFUNDED_KIND = "refunded"
SUMMARY_KIND = "summary"
# More new notices than this in one sync are summarised in one.
SUMMARY_AFTER = 3
# The leads, as parts of the window: 2 h and 15 min of the platform's 24-hour review window.
LEAD_FRACTIONS: tuple[float, ...] = (1 / 12, 1 / 96)
MIN_LEAD = timedelta(minutes=1)  # a warning with less time left than this is no use
# When a task's history does not say when its window opened: the platform's review window.
DEFAULT_WINDOW = timedelta(hours=24)
_TITLE_CHARS = 80


class Formats(Protocol):
    """How numbers read for people (services/formatting.py is one)."""

    def count(self, n: int) -> str: ...

    def duration(self, seconds: float) -> str: ...


@dataclass(frozen=True)
class Notice:
    """One thing to tell: `title` and `text` are what a person reads on the desktop."""

    kind: str
    title: str
    text: str
    task_id: str | None = None
    dedupe_key: str | None = None  # the same key is told once, across restarts
    needs_you: bool = False  # the person has a decision to make


@dataclass(frozen=True)
class _Event:
    kind: str
    title: str
    template: str
    needs_you: bool = False


_ON_STATUS: dict[str, _Event] = {
    Status.REVIEW: _Event(
        NotificationKind.BIDS_READY,
        "Bids ready",
        "Bids are ready for “{title}”: choose one before the window closes.",
        needs_you=True,
    ),
    Status.AWAITING_APPROVAL: _Event(
        NotificationKind.DELIVERY_READY,
        "Delivery ready",
        "The delivery for “{title}” is ready: approve it, ask for a revision, or dispute it.",
        needs_you=True,
    ),
    Status.REFUNDED: _Event(
        REFUNDED_KIND,
        "Refunded",
        "The dispute over “{title}” was resolved in your favour: the money held for it "
        "is back in your balance.",
    ),
    Status.COMPLETED: _Event(
        COMPLETED_KIND, "Task completed", "“{title}” is completed and paid for."
    ),
    Status.EXPIRED: _Event(
        NotificationKind.EXPIRED, "Task expired", "“{title}” expired. No money was taken."
    ),
    Status.CANCELLED: _Event(
        NotificationKind.CANCELLED, "Task cancelled", "“{title}” was cancelled."
    ),
}


def short_title(task: Task) -> str:
    """The task's title on one line, cut to fit a notification."""
    title = " ".join(task.title.split()) or "Untitled task"
    return title if len(title) <= _TITLE_CHARS else title[: _TITLE_CHARS - 1] + "…"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def status_notice(task: Task) -> Notice | None:
    """The notice for the status the task just reached; None if that status is not news."""
    event = _ON_STATUS.get(task.status)
    if event is None:
        return None
    arrivals = sum(1 for h in task.history if h.status == task.status) or 1
    return Notice(
        event.kind,
        event.title,
        event.template.format(title=short_title(task)),
        task.id,
        f"{task.id}:{event.kind}:{arrivals}",
        event.needs_you,
    )


def closing_leads(window: timedelta) -> tuple[timedelta, ...]:
    """How long before a window of this length closes to warn, longest first: in proportion
    to the window, never less than `MIN_LEAD`, never more than the window itself."""
    if window <= timedelta(0):
        return ()
    leads: list[timedelta] = []
    for fraction in LEAD_FRACTIONS:
        proportional = timedelta(seconds=round(window.total_seconds() * fraction))
        lead = min(max(proportional, MIN_LEAD), window)
        if not leads or lead < leads[-1]:
            leads.append(lead)
    return tuple(leads)


def window_of(task: Task) -> timedelta:
    """How long the task's current decision window is: from its latest arrival in its status
    to its deadline (the default window where the history does not say)."""
    if task.deadline_at is None:
        return timedelta(0)
    opened = [h.at for h in task.history if h.status == task.status]
    if not opened:
        return DEFAULT_WINDOW
    return _aware(task.deadline_at) - _aware(max(opened, key=_aware))


def closing_notice(task: Task, now: datetime, formats: Formats) -> Notice | None:
    """The "Decide soon" notice due now for a task waiting on the person, if any: for the
    latest lead already passed (so an app opened late warns once, not for every lead)."""
    if task.status not in NEEDS_BUYER or task.deadline_at is None:
        return None
    deadline = _aware(task.deadline_at)
    left = deadline - _aware(now)
    if left <= timedelta(0):
        return None
    due = [i for i, lead in enumerate(closing_leads(window_of(task))) if left <= lead]
    if not due:
        return None
    what = "choose a bid" if task.status == Status.REVIEW else "decide on the delivery"
    return Notice(
        NotificationKind.REVIEW_CLOSING,
        "Decide soon",
        f"About {formats.duration(left.total_seconds())} left to {what} for “{short_title(task)}”.",
        task.id,
        f"{task.id}:closing:{task.status}:{deadline.isoformat()}:{due[-1]}",
        needs_you=True,
    )


def closing_notices(tasks: Iterable[Task], now: datetime, formats: Formats) -> list[Notice]:
    return [n for n in (closing_notice(t, now, formats) for t in tasks) if n is not None]


def summarise(notices: Sequence[Notice], formats: Formats) -> Notice:
    """One notice that says what many say: "12 tasks need you" and what else happened."""
    by_kind = Counter(n.kind for n in notices)
    needing = len({n.task_id for n in notices if n.needs_you})
    parts = [
        phrase(formats.count(by_kind[kind]), by_kind[kind])
        for kind, phrase in _SUMMARY_PHRASES
        if by_kind[kind]
    ]
    others = len(notices) - sum(by_kind[kind] for kind, _ in _SUMMARY_PHRASES)
    if others:
        parts.append(f"{formats.count(others)} other {_plural(others, 'change')}")
    if needing:
        title = _tasks_need_you(needing, formats)
    else:
        title = f"{formats.count(len(notices))} task updates"
    # The list shows the text alone, so it starts with what the title says.
    return Notice(SUMMARY_KIND, title, f"{title}: {'; '.join(parts)}.", needs_you=needing > 0)


def _tasks_need_you(n: int, formats: Formats) -> str:
    return f"{formats.count(n)} {'task needs' if n == 1 else 'tasks need'} you"


def _plural(n: int, noun: str, plural: str | None = None) -> str:
    return noun if n == 1 else (plural or noun + "s")


# How each kind reads in a summary, given the count worded and as a number.
_SUMMARY_PHRASES: tuple[tuple[str, Callable[[str, int], str]], ...] = (
    (NotificationKind.BIDS_READY, lambda n, k: f"bids ready on {n} {_plural(k, 'task')}"),
    (
        NotificationKind.DELIVERY_READY,
        lambda n, k: f"{n} {_plural(k, 'delivery', 'deliveries')} to approve",
    ),
    (NotificationKind.REVIEW_CLOSING, lambda n, k: f"{n} {_plural(k, 'decision')} due soon"),
    (REFUNDED_KIND, lambda n, k: f"{n} {_plural(k, 'dispute')} refunded"),
    (COMPLETED_KIND, lambda n, k: f"{n} completed"),
    (NotificationKind.EXPIRED, lambda n, k: f"{n} expired"),
    (NotificationKind.CANCELLED, lambda n, k: f"{n} cancelled"),
)
