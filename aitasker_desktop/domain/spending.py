"""What a person spent, has on hold and got back, per month and per category.

The rule, from the task's status (AITasker authorises the budget at posting, the hold becomes
the chosen bid's price on select, and that price is captured on approval):

- spent: `completed`: the buyer approved and the price was captured.
- held: every unfinished status (posted, matching, agents working, bids ready, being
  delivered, delivery ready, revision requested, disputed): money is authorised, not taken.
  So the held total matches the balance's `held_usd`.
- refunded: `refunded` (a dispute resolved in the buyer's favour) and `cancelled` (always
  after posting, so after the hold; AITasker's A2A `tasks/cancel` says any payment is refunded).
- not counted: `expired` (AITasker: no money moves) and any status this build does not know
  (shown as "left out", never guessed).

A task counts once, with its price (the chosen bid's, else the budget), in the month of its
last change (for a finished task: when the money moved), in the person's local time.
Amounts are whole cents, so totals add up exactly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property

from aitasker_desktop.domain.lifecycle import Status

UNDATED = ""  # the month key of a task with no date (shown only for the whole history)
# Beyond these a value from a server is unreadable, and counts as no price or no date (the SQL
# in storage/spending.py applies the same bounds, so both sums agree to the cent).
MAX_PRICE_USD = 1e9
FIRST_MOMENT, END_MOMENT = 0.0, 4102444800.0  # 1970 to 2100, unix seconds


class Bucket(StrEnum):
    SPENT = "spent"
    HELD = "held"
    REFUNDED = "refunded"


BUCKETS: tuple[Bucket, ...] = (Bucket.SPENT, Bucket.HELD, Bucket.REFUNDED)

BUCKET_OF: Mapping[str, Bucket] = {
    Status.COMPLETED: Bucket.SPENT,
    Status.OPEN: Bucket.HELD,
    Status.MATCHING: Bucket.HELD,
    Status.PROTOTYPING: Bucket.HELD,
    Status.REVIEW: Bucket.HELD,
    Status.DELIVERING: Bucket.HELD,
    Status.AWAITING_APPROVAL: Bucket.HELD,
    Status.REVISION_REQUESTED: Bucket.HELD,
    Status.DISPUTED: Bucket.HELD,
    Status.REFUNDED: Bucket.REFUNDED,
    Status.CANCELLED: Bucket.REFUNDED,
}


def bucket_of(status: str) -> Bucket | None:
    """Where a task with this status counts; None: it moved no money (or is unknown)."""
    return BUCKET_OF.get(status)


def cents(price_usd: float | None) -> int:
    """A price as whole cents (half a cent up); a missing or unreadable price is nothing."""
    if price_usd is None or not 0 <= price_usd <= MAX_PRICE_USD:  # NaN compares False
        return 0
    return math.floor(price_usd * 100 + 0.5)


def month_key(moment: float | None) -> str:
    """'2026-11' for a unix time, in local time; `UNDATED` for none or an unreadable one."""
    if moment is None or not FIRST_MOMENT <= moment < END_MOMENT:
        return UNDATED
    local = datetime.fromtimestamp(moment)
    return f"{local.year:04d}-{local.month:02d}"  # strftime costs ten times as much


class Period(StrEnum):
    LAST_12_MONTHS = "last_12_months"
    THIS_YEAR = "this_year"
    ALL = "all"


PERIOD_NAMES: Mapping[Period, str] = {
    Period.LAST_12_MONTHS: "Last 12 months",
    Period.THIS_YEAR: "This year",
    Period.ALL: "All time",
}


def first_month(period: Period, today: date) -> str | None:
    """The first month key the period covers (None: everything, undated tasks included)."""
    if period is Period.ALL:
        return None
    if period is Period.THIS_YEAR:
        return f"{today.year:04d}-01"
    index = today.year * 12 + today.month - 1 - 11
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month key from `first` to `last`, both included ('2026-11' form)."""
    y, m = int(first[:4]), int(first[5:7])
    end = int(last[:4]) * 12 + int(last[5:7]) - 1
    out: list[str] = []
    index = y * 12 + m - 1
    while index <= end:
        out.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
        index += 1
    return out


@dataclass(frozen=True)
class SpendItem:
    """One task as spending sees it."""

    task_id: str
    title: str
    category: str
    task_type: str
    status: str
    price_usd: float | None
    changed_at: float | None  # unix seconds

    @property
    def bucket(self) -> Bucket | None:
        return bucket_of(self.status)

    @cached_property
    def month(self) -> str:
        return month_key(self.changed_at)


@dataclass(frozen=True)
class Cell:
    """The tasks of one month, one category and one bucket: how many, and their sum."""

    month: str
    category: str
    bucket: Bucket
    cents: int
    tasks: int


@dataclass(frozen=True)
class Summary:
    cells: tuple[Cell, ...]
    left_out: int = 0  # tasks in the period that moved no money or have an unknown status

    @classmethod
    def of(cls, cells: Iterable[Cell], left_out: int = 0) -> Summary:
        """Cells of the same month, category and bucket merged; sorted."""
        merged: dict[tuple[str, str, Bucket], tuple[int, int]] = {}
        for c in cells:
            key = (c.month, c.category, c.bucket)
            amount, tasks = merged.get(key, (0, 0))
            merged[key] = (amount + c.cents, tasks + c.tasks)
        ordered = sorted(
            merged.items(), key=lambda kv: (kv[0][0], kv[0][1], BUCKETS.index(kv[0][2]))
        )
        return cls(tuple(Cell(*key, *value) for key, value in ordered), left_out)

    def months(self) -> list[str]:
        """The months with any task, oldest first (undated first of all)."""
        return sorted({c.month for c in self.cells})

    def categories(self, month: str | None = None) -> list[str]:
        return sorted({c.category for c in self.cells if month is None or c.month == month})

    def total(
        self, bucket: Bucket | None = None, *, month: str | None = None, category: str | None = None
    ) -> int:
        """Cents, over the cells that match every filter given."""
        return sum(c.cents for c in self._matching(bucket, month, category))

    def tasks(
        self, bucket: Bucket | None = None, *, month: str | None = None, category: str | None = None
    ) -> int:
        return sum(c.tasks for c in self._matching(bucket, month, category))

    def _matching(
        self, bucket: Bucket | None, month: str | None, category: str | None
    ) -> list[Cell]:
        return [
            c
            for c in self.cells
            if (bucket is None or c.bucket is bucket)
            and (month is None or c.month == month)
            and (category is None or c.category == category)
        ]


def in_period(item: SpendItem, since: str | None) -> bool:
    return since is None or (item.month != UNDATED and item.month >= since)


def summarise(items: Iterable[SpendItem], since: str | None = None) -> Summary:
    """The summary of these tasks from month `since` on (None: all). A task id seen twice
    counts once, as its last copy (a task is one task whatever the list holds)."""
    latest = {item.task_id: item for item in items}
    cells: list[Cell] = []
    left_out = 0
    for item in latest.values():
        if not in_period(item, since):
            continue
        bucket = item.bucket
        if bucket is None:
            left_out += 1
            continue
        cells.append(Cell(item.month, item.category, bucket, cents(item.price_usd), 1))
    return Summary.of(cells, left_out)
