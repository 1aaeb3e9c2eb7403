"""Spending read from the task list's rows in SQL, and written out as a CSV file.

The sums are SQLite's (a GROUP BY over `task_rows`, no JSON read), so 10,000 tasks cost a
few milliseconds on a worker. The SQL spells out domain/spending.py's rule (status to
bucket, price to cents, time to local month) with the same bounds, so its cells equal
`summarise` over the same tasks, to the cent (tests/storage/test_spending_sql.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from aitasker_desktop.domain.spending import (
    BUCKET_OF,
    END_MOMENT,
    FIRST_MOMENT,
    MAX_PRICE_USD,
    UNDATED,
    Bucket,
    Cell,
    SpendItem,
    Summary,
)
from aitasker_desktop.domain.spending_csv import csv_text
from aitasker_desktop.storage.atomic import write_text_atomic
from aitasker_desktop.storage.task_rows import TaskRowReader

BOM = "\ufeff"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# Fixed strings from the domain, not user input.
_BUCKET = (
    "CASE status "
    + " ".join(f"WHEN {_quoted(s)} THEN {_quoted(b)}" for s, b in sorted(BUCKET_OF.items()))
    + " END"
)
_CENTS = (
    f"CASE WHEN price >= 0 AND price <= {MAX_PRICE_USD!r}"
    " THEN CAST(price * 100 + 0.5 AS INTEGER) ELSE 0 END"
)
_MONTH = (
    f"CASE WHEN changed_at >= {FIRST_MOMENT!r} AND changed_at < {END_MOMENT!r}"
    f" THEN strftime('%Y-%m', changed_at, 'unixepoch', 'localtime') ELSE '{UNDATED}' END"
)
_IN_PERIOD = f"(:since IS NULL OR (month != '{UNDATED}' AND month >= :since))"
_SUMMARY = f"""
    SELECT month, category, bucket, sum(cents), count(*) FROM (
        SELECT {_MONTH} AS month, category, {_BUCKET} AS bucket, {_CENTS} AS cents
        FROM task_rows WHERE world = :world
    ) WHERE {_IN_PERIOD}
    GROUP BY month, category, bucket
"""
_ITEMS = f"""
    SELECT id, title, category, task_type, status, price, changed_at FROM (
        SELECT *, {_MONTH} AS month FROM task_rows WHERE world = :world AND {_BUCKET} IS NOT NULL
    ) WHERE {_IN_PERIOD}
"""


class SpendingReader:
    """Spending of one world from `task_rows` (any thread: each read borrows a connection)."""

    def __init__(self, reader: TaskRowReader) -> None:
        self._reader = reader

    def summary(self, world: str, since: str | None) -> Summary:
        """The sums per month, category and bucket from month `since` on (None: all)."""
        cells: list[Cell] = []
        left_out = 0
        with self._reader.read() as conn:
            for month, category, bucket, amount, tasks in conn.execute(
                _SUMMARY, {"since": since, "world": world}
            ):
                if bucket is None:
                    left_out += tasks
                else:
                    cells.append(Cell(month, category, Bucket(bucket), amount, tasks))
        return Summary.of(cells, left_out)

    def close(self) -> None:
        self._reader.close()

    def items(self, world: str, since: str | None) -> list[SpendItem]:
        """Every counted task from month `since` on, as the CSV lists them."""
        with self._reader.read() as conn:
            return [
                SpendItem(*row) for row in conn.execute(_ITEMS, {"since": since, "world": world})
            ]


def save_csv(path: Path, rows: Iterable[Iterable[str]]) -> None:
    """Write the rows as UTF-8 CSV with a byte order mark; a failure (a full disk) leaves
    no half-written file, and an existing one as it was."""
    write_text_atomic(path, BOM + csv_text(rows))
