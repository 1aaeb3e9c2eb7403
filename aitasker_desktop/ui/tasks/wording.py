"""How a task reads in the list: one safe line of text per cell, and what the user does next.

Server strings are shown verbatim but made fit for one table cell by the app's one sanitizer
(`domain.text.one_line`): control, format and bidi-override characters (which could reorder
or hide what follows) are dropped, and oversized values are trimmed with an ellipsis. Nothing
here interprets markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aitasker_desktop.domain import text
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.lifecycle import NEEDS_BUYER, TERMINAL, Status
from aitasker_desktop.domain.task import Task
from aitasker_desktop.services import formatting

MAX_CELL_CHARS = 160
_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
MAX_TOOLTIP_CHARS = 1000


def one_line(value: object, limit: int = MAX_CELL_CHARS) -> str:
    """`value` as one line of plain text, at most `limit` characters (… when trimmed)."""
    return text.one_line(value, limit)


def humanize(slug: str) -> str:
    """'writing-translation' -> 'Writing translation'; anything not slug-like stays as is."""
    if slug and _SLUG.fullmatch(slug):
        words = slug.replace("_", "-").split("-")
        return " ".join(w for w in words if w).capitalize()
    return slug


MAX_KIND_CHARS = 60


@dataclass(frozen=True)
class KindNames:
    """Display names of categories and task types by slug, as the catalog gives them.

    A slug the catalog does not know (or no catalog yet) reads as its humanized self.
    """

    categories: Mapping[str, str] = field(default_factory=dict)
    task_types: Mapping[tuple[str, str], str] = field(default_factory=dict)
    # A type's name by its slug alone, for a task filed under a category the catalog lacks.
    type_names: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_catalog(cls, catalog: Catalog | None) -> KindNames:
        if catalog is None:
            return cls()
        categories: dict[str, str] = {}
        task_types: dict[tuple[str, str], str] = {}
        type_names: dict[str, str] = {}
        for category in catalog.categories:
            categories[category.slug] = one_line(category.name, MAX_KIND_CHARS)
            for task_type in category.task_types:
                name = one_line(task_type.name, MAX_KIND_CHARS)
                task_types[(category.slug, task_type.slug)] = name
                type_names.setdefault(task_type.slug, name)
        return cls(categories, task_types, type_names)

    def category(self, slug: str) -> str:
        return self.categories.get(slug) or humanize(one_line(slug, MAX_KIND_CHARS))

    def task_type(self, category: str, slug: str) -> str:
        return (
            self.task_types.get((category, slug))
            or self.type_names.get(slug)
            or humanize(one_line(slug, MAX_KIND_CHARS))
        )


NO_NAMES = KindNames()


def kind_text(task: Task, names: KindNames = NO_NAMES) -> str:
    """'Writing & Translation · Blog post' (catalog names, else the humanized slugs)."""
    return kind_words(task.category, task.task_type, names)


def kind_words(category: str, task_type: str, names: KindNames = NO_NAMES) -> str:
    shown_category = names.category(category) if category else ""
    shown_type = names.task_type(category, task_type) if task_type else ""
    if shown_category and shown_type:
        return f"{shown_category} · {shown_type}"
    return shown_category or shown_type or "—"


def left_text(seconds: float) -> str:
    """How long is left, the same in the list and on a task's page: '45 s left',
    '1 min 30 s left' (seconds only under two minutes, when they matter), '12 min left',
    '24 h 7 min left' (hours up to two days), '3 d 4 h left'; 'window closed' when past."""
    if seconds <= 0:
        return "window closed"
    total = int(seconds)
    if total < 60:
        return f"{total} s left"
    minutes, secs = divmod(total, 60)
    if minutes < 2:
        return f"{minutes} min {secs} s left" if secs else f"{minutes} min left"
    if minutes < 60:
        return f"{minutes} min left"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min left" if minutes else f"{hours} h left"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h left" if hours else f"{days} d left"


# What the buyer does next, per state; states that need nothing from them say what to expect.
_NEXT: dict[str, str] = {
    Status.OPEN: "Wait for matching",
    Status.MATCHING: "Wait for agents",
    Status.PROTOTYPING: "Wait for bids",
    Status.REVIEW: "Choose a bid",
    Status.DELIVERING: "Wait for the delivery",
    Status.AWAITING_APPROVAL: "Review the delivery",
    Status.REVISION_REQUESTED: "Wait for the revision",
    Status.DISPUTED: "Wait for AITasker's decision",
}


# What comes next while the platform works, said with when it is expected (its deadline).
_EXPECTED: dict[str, str] = {
    Status.OPEN: "Matching starts",
    Status.MATCHING: "Agents start",
    Status.PROTOTYPING: "Bids expected",
    Status.DELIVERING: "Delivery expected",
    Status.REVISION_REQUESTED: "Revision expected",
}


def seconds_left(task: Task, now: datetime) -> float | None:
    return seconds_until(task.deadline_at, now)


def seconds_until(deadline: datetime | None, now: datetime) -> float | None:
    if deadline is None:
        return None
    if deadline.tzinfo is None:  # a naive time from a server is taken as UTC
        deadline = deadline.replace(tzinfo=UTC)
    return (deadline - now).total_seconds()


def expected_text(seconds: float) -> str:
    """When something is expected, roughly: 'in about 5 min', 'in about 2 h', 'any moment'.
    Rough on purpose (one unit, rounded): the platform's windows are limits, not
    appointments. Numbers in the person's locale (a window of years reads '1,200 days')."""
    if seconds <= 30:
        return "any moment now"
    if seconds < 90:
        return "in about a minute"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"in about {formatting.count(minutes)} min"
    hours = round(seconds / 3600)
    if hours < 48:
        return f"in about {formatting.count(hours)} h"
    return f"in about {formatting.count_of(round(seconds / 86400), 'day')}"


def next_step(task: Task, now: datetime) -> str:
    """E.g. 'Choose a bid · 12 min left'; '—' once the task is finished."""
    return next_step_for(task.status, task.deadline_at, now)


def next_step_for(status: str, deadline: datetime | None, now: datetime) -> str:
    """What the buyer does next, with the time left to do it; or, while the platform works,
    what comes next and when: 'Bids expected in about 5 min'."""
    if status in TERMINAL:
        return "—"
    step = _NEXT.get(status, "—")
    left = seconds_until(deadline, now)
    if left is None:
        return step
    if status in NEEDS_BUYER:
        return f"{step} · {left_text(left)}"
    expected = _EXPECTED.get(status)
    return step if expected is None else f"{expected} {expected_text(left)}"


def changed_text(moment: datetime | None, now: datetime) -> str:
    """The last change in local time: the time today, else the date and time."""
    return formatting.moment_text(moment, now)


def last_change(task: Task) -> datetime | None:
    return task.updated_at or task.created_at
