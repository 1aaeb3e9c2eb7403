"""Money, dates, durations and counts read as a person in that locale expects them."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QLocale

from aitasker_desktop.domain.task import Balance
from aitasker_desktop.services import formatting

NOW = datetime(2026, 3, 5, 15, 30, tzinfo=UTC)


@pytest.fixture
def locale(request: pytest.FixtureRequest) -> Iterator[str]:
    previous = QLocale()
    QLocale.setDefault(QLocale(request.param))
    yield request.param
    QLocale.setDefault(previous)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_US", ["$25.00", "$1,234.50", "-$3.50", "$0.10", "—", "?"]),
        ("de_DE", ["25,00\xa0$", "1.234,50\xa0$", "-3,50\xa0$", "0,10\xa0$", "—", "?"]),
    ],
    indirect=["locale"],
)
def test_money_always_with_cents_in_the_persons_locale(locale: str, expected: list[str]) -> None:
    values = [25, 1234.5, -3.5, 0.1, None, float("nan")]
    shown = [formatting.money(v) for v in values]
    # Qt may separate the amount and the sign with a plain or a no-break space.
    assert [s.replace(" ", "\xa0") for s in shown] == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_US", "Can spend now: $6.50 (balance $8.50, $2.00 held)"),
        ("de_DE", "Can spend now: 6,50\xa0$ (balance 8,50\xa0$, 2,00\xa0$ held)"),
    ],
    indirect=["locale"],
)
def test_balance(locale: str, expected: str) -> None:
    text = formatting.balance(Balance(balance_usd=8.5, held_usd=2))
    assert text.replace("\xa0", " ") == expected.replace("\xa0", " ")
    assert formatting.balance(None) == "Can spend now: —"
    assert formatting.balance(Balance(balance_usd=float("inf"))) == "Can spend now: ?"


@pytest.mark.parametrize(
    ("locale", "ten_thousand", "tasks"),
    [("en_US", "10,000", "1,234 tasks"), ("de_DE", "10.000", "1.234 tasks")],
    indirect=["locale"],
)
def test_counts(locale: str, ten_thousand: str, tasks: str) -> None:
    assert formatting.count(10_000) == ten_thousand
    assert formatting.count_of(1_234, "task") == tasks
    assert formatting.count_of(1, "task") == "1 task"


@pytest.mark.parametrize(
    ("locale", "day_first"), [("en_US", False), ("de_DE", True)], indirect=["locale"]
)
def test_dates_follow_the_locales_order(locale: str, day_first: bool) -> None:
    moment = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    local = moment.astimezone()
    text = formatting.date(moment)
    day, month = str(local.day), str(local.month)
    assert day in text and month in text and "%" not in text
    if day_first:
        assert text.index(day) < text.index(f".{month:0>2}")
    else:
        assert text.startswith(f"{month}/")


@pytest.mark.parametrize("locale", ["en_US", "de_DE"], indirect=True)
def test_moment_text_is_the_time_today_and_the_date_before(locale: str) -> None:
    today = formatting.moment_text(NOW - timedelta(minutes=5), NOW)
    assert today == formatting.time(NOW - timedelta(minutes=5))
    earlier = formatting.moment_text(NOW - timedelta(days=40), NOW)
    assert formatting.date(NOW - timedelta(days=40)) in earlier
    assert formatting.moment_text(None, NOW) == "—"


def test_durations_and_ages() -> None:
    assert formatting.duration(45) == "45 s"
    assert formatting.duration(12 * 60 + 5) == "12 min"
    assert formatting.duration(2 * 3600 + 5 * 60) == "2 h 5 min"
    assert formatting.duration(3 * 86_400 + 4 * 3600) == "3 days 4 h"
    assert formatting.duration(-5) == "0 s"
    assert formatting.ago(NOW - timedelta(seconds=10), NOW) == "just now"
    assert formatting.ago(NOW - timedelta(minutes=1), NOW) == "1 minute ago"
    assert formatting.ago(NOW - timedelta(hours=30), NOW) == "yesterday"
    assert formatting.ago(NOW - timedelta(days=3), NOW) == "3 days ago"


@pytest.mark.parametrize("locale", ["en_US", "de_DE"], indirect=True)
def test_sizes(locale: str) -> None:
    assert formatting.size(None) == "size unknown"
    assert formatting.size(120) == "120 bytes"
    assert formatting.size(1536).endswith("kB")
    assert ("1,5" if locale == "de_DE" else "1.5") in formatting.size(1536)
