"""Spending summed in SQL over the cached task rows equals the domain's rule, to the cent."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.domain.spending import Bucket, SpendItem, summarise
from aitasker_desktop.domain.spending_csv import HEADER, csv_rows
from aitasker_desktop.domain.task import Task
from aitasker_desktop.storage.db import Store, timestamp
from aitasker_desktop.storage.spending import SpendingReader, save_csv
from aitasker_desktop.storage.task_cache import TaskCache
from aitasker_desktop.storage.task_rows import TaskRowReader

_worlds = itertools.count()


def as_item(task: Task) -> SpendItem:
    changed = task.updated_at or task.created_at
    return SpendItem(
        task.id,
        task.title,
        task.category,
        task.task_type,
        task.status,
        task.price_usd,
        None if changed is None else timestamp(changed),
    )


@pytest.fixture
def reader(store: Store) -> Iterator[SpendingReader]:
    spending = SpendingReader(TaskRowReader(store.path))
    yield spending
    spending.close()


tasks_strategy = st.lists(
    st.builds(
        Task,
        id=st.text(alphabet="abcdefgh", min_size=1, max_size=3),
        title=st.text(max_size=10),
        category=st.sampled_from(["data", "writing-translation", "business"]),
        task_type=st.just("blog-post"),
        status=st.sampled_from([*Status, "mystery"]),
        budget_usd=st.one_of(st.none(), st.floats(min_value=0, max_value=500)),
        selected_price_usd=st.one_of(
            st.none(), st.decimals(min_value=0, max_value=300, places=2).map(float)
        ),
        updated_at=st.one_of(
            st.none(),
            st.datetimes(
                min_value=datetime(2001, 1, 1),
                max_value=datetime(2035, 12, 31),
                timezones=st.just(UTC),
            ),
        ),
    ),
    max_size=40,
)


# No deadline: each example writes to SQLite with fsync, slow on a busy disk (the whole suite
# failed here on the 200 ms default while other helpers' suites ran).
@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40, deadline=None
)
@given(tasks_strategy, st.sampled_from([None, "2010-01", "2030-06"]))
def test_sql_sums_equal_the_domain_rule(
    store: Store, reader: SpendingReader, tasks: list[Task], since: str | None
) -> None:
    world = f"w{next(_worlds)}"
    TaskCache(store, world).upsert(tasks)
    items = [as_item(t) for t in {t.id: t for t in tasks}.values()]
    assert reader.summary(world, since) == summarise(items, since)
    listed = sorted(i.task_id for i in reader.items(world, since))
    assert listed == sorted(r[-1] for r in csv_rows(items, since=since)[1:])


def test_worlds_spend_apart(store: Store, reader: SpendingReader) -> None:
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    TaskCache(store, "sandbox").upsert(
        [Task(id="a", status=Status.COMPLETED, selected_price_usd=12.5, updated_at=now)]
    )
    TaskCache(store, "account").upsert(
        [Task(id="a", status=Status.REFUNDED, selected_price_usd=3.0, updated_at=now)]
    )
    assert reader.summary("sandbox", None).total(Bucket.SPENT) == 1250
    assert reader.summary("sandbox", None).total(Bucket.REFUNDED) == 0
    assert reader.summary("account", None).total(Bucket.REFUNDED) == 300


def test_the_csv_file_opens_in_excel_and_reads_back(tmp_path: Path) -> None:
    at = (datetime(2026, 11, 20, 12, tzinfo=UTC) - timedelta(days=1)).timestamp()
    items = [SpendItem("a", 'Ünïcode, "quoted"\nline', "data", "t", "completed", 19.99, at)]
    path = tmp_path / "spend.csv"
    save_csv(path, csv_rows(items))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(HEADER)
    assert rows[1][1] == 'Ünïcode, "quoted"\nline'
    assert rows[1][HEADER.index("Amount")] == "19.99"


def test_a_failed_save_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "spend.csv"
    path.write_text("the old report")

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full)
    with pytest.raises(OSError, match="No space"):
        save_csv(path, [["a"]])
    assert path.read_text() == "the old report"
    assert [p.name for p in tmp_path.iterdir()] == ["spend.csv"]
