"""Storage figures: autosave of a 5,000-character draft and the 10,000-task cache.

Run: .venv/bin/python bench/storage.py [--dir DIR]  (DIR: where the database goes; default a
temp dir, which may be a RAM disk: pass a folder on the real data disk for honest fsyncs).
Figures are printed last, one per line as `name: value unit`.
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aitasker_desktop.domain.brief import Brief, Draft, utcnow
from aitasker_desktop.domain.task import StatusChange, Task
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.drafts import Drafts
from aitasker_desktop.storage.task_cache import TaskCache

T0 = datetime(2025, 3, 1, tzinfo=UTC)


def tasks(n: int) -> list[Task]:
    return [
        Task(
            id=f"task-{i:05d}",
            title=f"Task number {i}: a blog post about tea",
            description="A brief of realistic length, written by office staff. " * 8,
            category="writing-translation",
            task_type="blog-post",
            requirements={"tone": "warm", "word_count": 800},
            budget_usd=20 + i % 50,
            status="review",
            created_at=T0 + timedelta(minutes=i),
            updated_at=T0 + timedelta(minutes=i, seconds=30),
            deadline_at=T0 + timedelta(hours=2),
            history=[StatusChange(status=s, at=T0) for s in ("open", "matching", "review")],
        )
        for i in range(n)
    ]


def ms(seconds: float) -> float:
    return seconds * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp, Store(Path(tmp) / "b.sqlite3") as s:
        drafts = Drafts(s)
        draft = Draft(brief=Brief(title="Typing"))
        saves: list[float] = []
        for i in range(200):
            brief = Brief(title="Typing", description=("é" * 5000)[: 4800 + i])
            draft = draft.model_copy(update={"brief": brief, "updated_at": utcnow()})
            start = time.perf_counter()
            drafts.save(draft)
            saves.append(time.perf_counter() - start)
        start = time.perf_counter()
        for _ in range(200):
            drafts.save(draft)
        unchanged = (time.perf_counter() - start) / 200

        cache = TaskCache(s, "bench")
        many = tasks(10_000)
        start = time.perf_counter()
        cache.upsert(many, cursor="c")
        upsert = time.perf_counter() - start
        sql, full = [], []
        for _ in range(5):
            start = time.perf_counter()
            cache.load_json()
            sql.append(time.perf_counter() - start)
            start = time.perf_counter()
            cache.load_all()
            full.append(time.perf_counter() - start)

    print(f"draft_save_5000_chars_median_ms: {ms(statistics.median(saves)):.2f} ms")
    print(f"draft_save_5000_chars_p95_ms: {ms(sorted(saves)[int(len(saves) * 0.95)]):.2f} ms")
    print(f"draft_save_unchanged_ms: {ms(unchanged):.4f} ms")
    print(f"task_cache_upsert_10k_ms: {ms(upsert):.0f} ms")
    print(f"task_cache_load_10k_sql_ms: {ms(statistics.median(sql)):.1f} ms")
    print(f"task_cache_load_10k_tasks_ms: {ms(statistics.median(full)):.0f} ms")


if __name__ == "__main__":
    main()
