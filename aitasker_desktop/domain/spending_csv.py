"""Spending as CSV, for a person to hand to their manager or open in a spreadsheet.

One row per counted task, columns in plain words, amounts as plain numbers ('1234.50') with
the currency in a column of its own, so a spreadsheet sums them. The csv module quotes what
needs quoting (commas, quotes, line breaks); right-to-left text passes through as it is.
A text cell that a spreadsheet would run as a formula (it begins with = + - @, or a tab or
carriage return that some strip before reading the rest) gets a leading apostrophe, which
spreadsheets show as text: a title is data, never a formula.

The file is written as UTF-8 with a byte order mark by storage/spending.py: Excel reads a
file without one in the system's legacy code page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from aitasker_desktop.domain.spending import (
    UNDATED,
    Bucket,
    SpendItem,
    cents,
    in_period,
    month_key,
)
from aitasker_desktop.domain.text import clean_text

CURRENCY = "USD"  # AITasker bills in US dollars
HEADER: tuple[str, ...] = (
    "Month",
    "Task",
    "Category",
    "Task type",
    "Status",
    "Counted as",
    "Amount",
    "Currency",
    "Last change (UTC)",
    "Task ID",
)
BUCKET_WORDS: dict[Bucket, str] = {
    Bucket.SPENT: "Spent",
    Bucket.HELD: "Held",
    Bucket.REFUNDED: "Refunded",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A text cell a spreadsheet shows as text: never run as a formula, no NUL (which some
    readers refuse), no lone surrogate (which UTF-8 cannot encode)."""
    text = clean_text(value).replace("\x00", "")
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def plain_amount(cents_: int) -> str:
    """'1234.50': no currency sign, no thousands separator, a dot for the decimals."""
    return f"{cents_ // 100}.{cents_ % 100:02d}"


def _utc(moment: float | None) -> str:
    if moment is None or month_key(moment) == UNDATED:  # no date, or an unreadable one
        return ""
    at = datetime.fromtimestamp(moment, UTC)
    return f"{at.year:04d}-{at.month:02d}-{at.day:02d} {at.hour:02d}:{at.minute:02d}"


def csv_rows(
    items: Iterable[SpendItem],
    *,
    since: str | None = None,
    status_name: Callable[[str], str] = str,
    category_name: Callable[[str], str] = str,
    type_name: Callable[[str, str], str] = lambda _c, t: t,
) -> list[list[str]]:
    """The header and one row per counted task in the period, newest month first; the names
    of statuses, categories and types as the app shows them."""
    latest = {item.task_id: item for item in items}
    counted = [
        (item, bucket)
        for item in latest.values()
        if in_period(item, since) and (bucket := item.bucket) is not None
    ]
    counted.sort(key=lambda pair: (pair[0].month, pair[0].changed_at or 0.0), reverse=True)
    rows = [list(HEADER)]
    for item, bucket in counted:
        cells = (
            item.month,
            item.title,
            category_name(item.category),
            type_name(item.category, item.task_type),
            status_name(item.status),
            BUCKET_WORDS[bucket],
        )
        rows.append(
            [
                *(safe_cell(c) for c in cells),
                plain_amount(cents(item.price_usd)),
                CURRENCY,
                _utc(item.changed_at),
                safe_cell(item.task_id),
            ]
        )
    return rows


def csv_text(rows: Iterable[Iterable[str]]) -> str:
    """The rows as CSV text (CRLF line ends, as RFC 4180 and Excel have them)."""
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerows(rows)
    return out.getvalue()
