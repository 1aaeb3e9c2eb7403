"""Spending figures: the sums per month and category of 10,000 cached tasks, and the CSV.

Run: .venv/bin/python bench/spending.py [--tasks N] [--dir DIR]
(DIR: where the database goes; default a temp dir.) Figures are printed last, one per line
as `name: value unit`:
- summary_<period>_ms: median time to sum a period in SQL (what a worker does when the
  Spending place opens, the period changes or the tasks change), all / last 12 months.
- summary_python_ms: the domain's `summarise` over the same tasks already in memory, for
  comparison (the SQL reads no JSON and builds no objects per task).
- export_ms: the whole export of all time: rows read, CSV built, written with fsync.
- export_kb: the size of that CSV file.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.domain.spending import Period, SpendItem, first_month, summarise
from aitasker_desktop.domain.spending_csv import csv_rows
from aitasker_desktop.domain.task import Task
from aitasker_desktop.storage.db import Store, timestamp
from aitasker_desktop.storage.spending import SpendingReader, save_csv
from aitasker_desktop.storage.task_cache import TaskCache
from aitasker_desktop.storage.task_rows import TaskRowReader

WORLD = "bench"
NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
CATEGORIES = ["writing-translation", "graphics-design", "data", "digital-marketing", "business"]


def make_tasks(count: int) -> list[Task]:
    rng = random.Random(7)
    statuses = list(Status)
    return [
        Task(
            id=f"task-{i:06d}",
            title=f'Task {i}: "quarterly" report, part {i % 7}',
            category=rng.choice(CATEGORIES),
            task_type="blog-post",
            budget_usd=round(rng.uniform(4, 300), 2),
            selected_price_usd=round(rng.uniform(4, 300), 2) if rng.random() < 0.6 else None,
            status=rng.choice(statuses),
            created_at=NOW - timedelta(days=rng.uniform(0, 3 * 365)),
            updated_at=NOW - timedelta(days=rng.uniform(0, 3 * 365)),
        )
        for i in range(count)
    ]


def median_ms(fn: object, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="aitasker-bench-spending-"))
    tasks = make_tasks(args.tasks)
    with Store(folder / "bench.sqlite3") as store:
        TaskCache(store, WORLD).upsert(tasks)
        reader = SpendingReader(TaskRowReader(store.path))
        today = date(2026, 11, 30)
        since_12 = first_month(Period.LAST_12_MONTHS, today)
        all_ms = median_ms(lambda: reader.summary(WORLD, None))
        last_12_ms = median_ms(lambda: reader.summary(WORLD, since_12))
        items = [
            SpendItem(
                t.id,
                t.title,
                t.category,
                t.task_type,
                t.status,
                t.price_usd,
                timestamp(t.updated_at) if t.updated_at else None,
            )
            for t in tasks
        ]
        python_ms = median_ms(lambda: summarise(items))
        assert reader.summary(WORLD, None) == summarise(items)  # the bench checks its sums
        out = folder / "spending.csv"
        export_ms = median_ms(lambda: save_csv(out, csv_rows(reader.items(WORLD, None))), runs=5)
        reader.close()
    print(f"tasks: {args.tasks}")
    print(f"summary_all_ms: {all_ms:.1f} ms")
    print(f"summary_last_12_months_ms: {last_12_ms:.1f} ms")
    print(f"summary_python_ms: {python_ms:.1f} ms")
    print(f"export_ms: {export_ms:.1f} ms")
    print(f"export_kb: {out.stat().st_size / 1024:.0f} kB")


if __name__ == "__main__":
    main()
