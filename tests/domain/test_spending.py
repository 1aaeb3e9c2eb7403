"""What counts as spent, held and refunded, and how the sums add up."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.domain.spending import (
    BUCKETS,
    UNDATED,
    Bucket,
    Period,
    SpendItem,
    bucket_of,
    cents,
    first_month,
    month_key,
    months_between,
    summarise,
)
from aitasker_desktop.domain.spending_csv import (
    HEADER,
    csv_rows,
    csv_text,
    plain_amount,
    safe_cell,
)


def moment(year: int, month: int, day: int = 15) -> float:
    return datetime(year, month, day, 12).timestamp()  # local time, as months are


def item(
    task_id: str = "t1",
    status: str = Status.COMPLETED,
    price: float | None = 12.5,
    at: float | None = None,
    *,
    title: str = "Blog post",
    category: str = "writing-translation",
) -> SpendItem:
    when = moment(2026, 11) if at is None else at
    return SpendItem(task_id, title, category, "blog-post", status, price, when)


@pytest.mark.parametrize(
    ("status", "bucket"),
    [
        (Status.COMPLETED, Bucket.SPENT),
        (Status.OPEN, Bucket.HELD),
        (Status.REVIEW, Bucket.HELD),
        (Status.DELIVERING, Bucket.HELD),
        (Status.AWAITING_APPROVAL, Bucket.HELD),
        (Status.REVISION_REQUESTED, Bucket.HELD),
        (Status.DISPUTED, Bucket.HELD),  # no money moves until the dispute is decided
        (Status.REFUNDED, Bucket.REFUNDED),
        (Status.CANCELLED, Bucket.REFUNDED),
        (Status.EXPIRED, None),  # AITasker: no money moves
        ("paid_out_somehow", None),  # unknown: left out, never guessed
    ],
)
def test_each_status_counts_where_its_money_is(status: str, bucket: Bucket | None) -> None:
    assert bucket_of(status) == bucket


def test_every_status_of_the_lifecycle_is_decided() -> None:
    decided = {s for s in Status if bucket_of(s) is not None} | {Status.EXPIRED}
    assert decided == set(Status)


@pytest.mark.parametrize(
    ("price", "expected"),
    [(12.5, 1250), (0.1 + 0.2, 30), (19.99, 1999), (0.005, 1), (None, 0), (-3.0, 0)],
)
def test_prices_become_whole_cents(price: float | None, expected: int) -> None:
    assert cents(price) == expected


def test_unreadable_prices_and_dates_count_as_none() -> None:
    assert cents(float("nan")) == 0
    assert cents(float("inf")) == 0
    assert month_key(None) == UNDATED
    assert month_key(float("nan")) == UNDATED
    assert month_key(1e300) == UNDATED


def test_a_summary_sums_per_month_category_and_bucket() -> None:
    items = [
        item("a", Status.COMPLETED, 12.5, moment(2026, 11)),
        item("b", Status.COMPLETED, 7.25, moment(2026, 11), category="data"),
        item("c", Status.DELIVERING, 30.0, moment(2026, 10)),
        item("d", Status.REFUNDED, 9.99, moment(2026, 10)),
        item("e", Status.EXPIRED, 40.0, moment(2026, 10)),
    ]
    summary = summarise(items)
    assert summary.months() == ["2026-10", "2026-11"]
    assert summary.total(Bucket.SPENT) == 1975
    assert summary.total(Bucket.SPENT, month="2026-11", category="data") == 725
    assert summary.total(Bucket.HELD, month="2026-10") == 3000
    assert summary.total(Bucket.REFUNDED) == 999
    assert summary.tasks() == 4
    assert summary.left_out == 1


def test_a_period_starts_at_its_first_month() -> None:
    today = date(2026, 3, 9)
    assert first_month(Period.LAST_12_MONTHS, today) == "2025-04"
    assert first_month(Period.THIS_YEAR, today) == "2026-01"
    assert first_month(Period.ALL, today) is None
    assert first_month(Period.LAST_12_MONTHS, date(2026, 12, 31)) == "2026-01"
    assert len(months_between("2025-04", "2026-03")) == 12
    assert months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_a_period_leaves_out_older_and_undated_tasks() -> None:
    items = [
        item("old", at=moment(2024, 1)),
        item("new", at=moment(2026, 2)),
        SpendItem("undated", "x", "data", "t", Status.COMPLETED, 5.0, None),
    ]
    assert summarise(items, "2026-01").tasks() == 1
    assert summarise(items).tasks() == 3  # all time: undated too, under no month
    assert UNDATED in summarise(items).months()


statuses = st.sampled_from([*Status, "mystery"])
prices = st.one_of(
    st.none(),
    st.floats(min_value=-5, max_value=10_000),
    st.sampled_from([float("nan"), float("inf"), 1e12]),
    st.decimals(min_value=0, max_value=5000, places=2).map(float),
)
moments = st.one_of(
    st.none(),
    st.floats(min_value=moment(2001, 1), max_value=moment(2035, 12)),
)
items_strategy = st.lists(
    st.builds(
        SpendItem,
        task_id=st.text(alphabet="abcdef", min_size=1, max_size=3),
        title=st.text(max_size=20),
        category=st.sampled_from(["data", "writing-translation", "business", ""]),
        task_type=st.just("t"),
        status=statuses,
        price_usd=prices,
        changed_at=moments,
    ),
    max_size=40,
)


@settings(deadline=None)  # a busy 2-core machine: no timing in tests
@given(items_strategy, st.sampled_from([None, "2010-01", "2030-06"]))
def test_months_add_up_to_the_total_and_no_task_counts_twice(
    items: list[SpendItem], since: str | None
) -> None:
    summary = summarise(items, since)
    for bucket in BUCKETS:
        per_month = sum(summary.total(bucket, month=m) for m in summary.months())
        per_category = sum(summary.total(bucket, category=c) for c in summary.categories())
        assert per_month == per_category == summary.total(bucket)
    assert sum(summary.total(b) for b in BUCKETS) == summary.total()
    # Each distinct task in the period is in exactly one cell, or left out.
    latest = {i.task_id: i for i in items}
    in_period = [
        i for i in latest.values() if since is None or (i.month != UNDATED and i.month >= since)
    ]
    assert summary.tasks() + summary.left_out == len(in_period)
    assert summary.total() == sum(cents(i.price_usd) for i in in_period if i.bucket is not None)
    # The CSV lists the same tasks, once each, with the same amounts.
    rows = csv_rows(items, since=since)[1:]
    assert len(rows) == summary.tasks()
    assert sorted(r[-1] for r in rows) == sorted(
        safe_cell(i.task_id) for i in in_period if i.bucket is not None
    )
    assert sum(round(float(r[6]) * 100) for r in rows) == summary.total()


def test_amounts_are_plain_numbers() -> None:
    assert plain_amount(123450) == "1234.50"
    assert plain_amount(5) == "0.05"
    assert plain_amount(0) == "0.00"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_would_run_as_a_formula_is_text(start: str) -> None:
    assert safe_cell(start + "1+2") == "'" + start + "1+2"


def test_hostile_titles_come_back_as_they_were_written() -> None:
    titles = [
        'Report, "final" version',
        "Two\nlines\r\nand more",
        "تقرير شهري عن المبيعات",  # right to left
        "mixed עברית and English, with a comma",
        "\u202eevil override",
        '=HYPERLINK("http://example.invalid","click")',
        "nul\x00inside",
        "lone \ud800 surrogate",
    ]
    items = [item(f"t{n}", title=t) for n, t in enumerate(titles)]
    text = csv_text(csv_rows(items))
    text.encode("utf-8")  # no lone surrogate left
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert read[0] == list(HEADER)
    got = {row[-1]: row[1] for row in read[1:]}
    assert got["t0"] == 'Report, "final" version'
    assert got["t1"] == "Two\nlines\r\nand more"
    assert got["t2"] == "تقرير شهري عن المبيعات"
    assert got["t3"] == "mixed עברית and English, with a comma"
    assert got["t4"] == "\u202eevil override"
    assert got["t5"] == '\'=HYPERLINK("http://example.invalid","click")'
    assert got["t6"] == "nulinside"
    assert got["t7"] == "lone \ufffd surrogate"
    row = read[1]
    assert row[HEADER.index("Amount")] == "12.50"
    assert row[HEADER.index("Currency")] == "USD"
