"""Tasks move through their lives in any order while the cache is polled: the sums read from
SQL always equal what a person would add up by hand, and no task counts twice."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
)

from aitasker_desktop.domain.lifecycle import TRANSITIONS, Status
from aitasker_desktop.domain.spending import BUCKETS, Bucket, bucket_of
from aitasker_desktop.domain.task import Task
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.spending import SpendingReader
from aitasker_desktop.storage.task_cache import TaskCache
from aitasker_desktop.storage.task_rows import TaskRowReader

WORLD = "sandbox"
START = datetime(2026, 1, 10, 12, tzinfo=UTC)


class SpendingMachine(RuleBasedStateMachine):
    tasks = Bundle("tasks")

    def __init__(self) -> None:
        super().__init__()
        self._dir = tempfile.TemporaryDirectory()
        self.store = Store(Path(self._dir.name) / "store.sqlite3")
        self.cache = TaskCache(self.store, WORLD)
        self.reader = SpendingReader(TaskRowReader(self.store.path))
        self.now = START
        self.known: dict[str, Task] = {}  # what the service says now, per task

    def teardown(self) -> None:
        self.reader.close()
        self.store.close()
        self._dir.cleanup()

    def _write(self, task: Task) -> None:
        self.known[task.id] = task
        self.cache.merge([task])  # as a poll writes it

    @rule(target=tasks, budget=st.decimals(min_value=3, max_value=300, places=2))
    def post(self, budget: object) -> str:
        task_id = f"t{len(self.known)}"
        self._write(
            Task(
                id=task_id,
                title=f"Task {task_id}",
                category="data",
                status=Status.OPEN,
                budget_usd=float(budget),  # type: ignore[arg-type]
                updated_at=self.now,
            )
        )
        return task_id

    @rule(task_id=tasks, data=st.data(), price=st.integers(300, 30_000))
    def move(self, task_id: str, data: st.DataObject, price: int) -> None:
        """One of the moves the platform may make from the task's status."""
        task = self.known[task_id]
        moves = sorted(TRANSITIONS.get(task.status, frozenset()))
        if not moves:
            return  # finished: nothing moves it any more
        to = data.draw(st.sampled_from(moves))
        changes: dict[str, object] = {"status": to, "updated_at": self.now}
        if to == Status.DELIVERING:
            changes["selected_price_usd"] = price / 100
        self._write(task.model_copy(update=changes))

    @rule(task_id=tasks, data=st.data())
    def live_to_the_end(self, task_id: str, data: st.DataObject) -> None:
        """Moves until the task is finished (approved, refunded, cancelled or expired), a
        poll between each."""
        while TRANSITIONS.get(self.known[task_id].status):
            self.move(task_id, data, data.draw(st.integers(300, 30_000)))

    @rule(days=st.integers(1, 45))
    def time_passes(self, days: int) -> None:
        self.now += timedelta(days=days)

    @precondition(lambda self: bool(self.known))
    @rule()
    def the_same_page_comes_twice(self) -> None:
        self.cache.merge(list(self.known.values()))

    @invariant()
    def sums_equal_the_tasks_added_by_hand(self) -> None:
        summary = self.reader.summary(WORLD, None)
        for bucket in BUCKETS:
            by_hand = sum(
                round((t.price_usd or 0) * 100)
                for t in self.known.values()
                if bucket_of(t.status) is bucket
            )
            assert summary.total(bucket) == by_hand
        counted = [t for t in self.known.values() if bucket_of(t.status) is not None]
        assert summary.tasks() == len(counted)
        assert summary.tasks() + summary.left_out == len(self.known)
        months = summary.months()
        assert sum(summary.total(Bucket.SPENT, month=m) for m in months) == summary.total(
            Bucket.SPENT
        )


TestSpendingMachine = SpendingMachine.TestCase
TestSpendingMachine.settings = settings(max_examples=25, stateful_step_count=20, deadline=None)
