"""The notification policy: what a person is told, when, and how many at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.domain.notices import (
    MIN_LEAD,
    SUMMARY_KIND,
    Formats,
    Notice,
    closing_leads,
    closing_notice,
    status_notice,
    summarise,
)
from aitasker_desktop.domain.task import StatusChange, Task

OPENED = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


class PlainFormats:
    """Numbers as digits, durations in whole minutes (the app's are locale-aware)."""

    def count(self, n: int) -> str:
        return str(n)

    def duration(self, seconds: float) -> str:
        return f"{int(seconds // 60)} min"


FORMATS: Formats = PlainFormats()


def waiting(
    window: timedelta, *, status: str = Status.REVIEW, task_id: str = "t1", title: str = "Logo"
) -> Task:
    """A task that entered `status` at OPENED, with a window of `window` to decide."""
    return Task(
        id=task_id,
        title=title,
        status=status,
        deadline_at=OPENED + window,
        history=[
            StatusChange(status="open", at=OPENED - timedelta(hours=1)),
            StatusChange(status=status, at=OPENED),
        ],
    )


def test_a_day_long_window_warns_two_hours_and_fifteen_minutes_before() -> None:
    assert closing_leads(timedelta(hours=24)) == (timedelta(hours=2), timedelta(minutes=15))


def test_an_hour_long_window_warns_proportionally_less_but_never_under_a_minute() -> None:
    assert closing_leads(timedelta(hours=1)) == (timedelta(minutes=5), MIN_LEAD)
    assert closing_leads(timedelta(seconds=30)) == (timedelta(seconds=30),)
    assert closing_leads(timedelta(0)) == ()


def test_the_window_is_measured_from_the_latest_arrival_in_the_status() -> None:
    """A three-day approval window warns 6 h and 45 min before it closes."""
    task = waiting(timedelta(hours=72), status=Status.AWAITING_APPROVAL)
    early = closing_notice(task, OPENED + timedelta(hours=65), FORMATS)
    assert early is None  # 7 h left: not yet
    notice = closing_notice(task, OPENED + timedelta(hours=66, minutes=30), FORMATS)
    assert notice is not None
    assert notice.title == "Decide soon" and notice.needs_you
    assert notice.text == "About 330 min left to decide on the delivery for “Logo”."


def test_a_late_look_warns_once_for_the_latest_lead_only() -> None:
    """The app opened with 10 minutes left: one warning, not the 2-hour one as well."""
    task = waiting(timedelta(hours=24))
    at = OPENED + timedelta(hours=23, minutes=50)
    notice = closing_notice(task, at, FORMATS)
    assert notice is not None and notice.dedupe_key is not None
    assert notice.dedupe_key.endswith(":1")
    assert closing_notice(task, OPENED + timedelta(hours=24, seconds=1), FORMATS) is None


def test_an_extended_window_warns_again() -> None:
    task = waiting(timedelta(hours=24))
    before = closing_notice(task, OPENED + timedelta(hours=23), FORMATS)
    extended = task.model_copy(update={"deadline_at": OPENED + timedelta(hours=48)})
    after = closing_notice(extended, OPENED + timedelta(hours=44), FORMATS)
    assert before is not None and after is not None
    assert before.dedupe_key != after.dedupe_key


@given(
    window_s=st.integers(min_value=1, max_value=30 * 86_400),
    looks=st.lists(st.floats(min_value=0, max_value=1.2), min_size=1, max_size=40),
)
def test_warnings_come_in_order_once_each_and_never_too_early(
    window_s: int, looks: list[float]
) -> None:
    """Whatever the window and whenever the app looks (an injected clock moving forward):
    each lead is told at most once, later leads after earlier ones, only within its lead,
    and a look inside the last lead always has the last warning told by then."""
    window = timedelta(seconds=window_s)
    leads = closing_leads(window)
    task = waiting(window)
    told: list[str] = []
    for part in sorted(looks):
        now = OPENED + window * part
        left = OPENED + window - now
        notice = closing_notice(task, now, FORMATS)
        if notice is None:
            assert left <= timedelta(0) or left > leads[-1] or told[-1:] == [f"{len(leads) - 1}"]
            assert left <= timedelta(0) or left > leads[0] or told
            continue
        stage = int(str(notice.dedupe_key).rsplit(":", 1)[1])
        assert timedelta(0) < left <= leads[stage]
        assert stage == len(leads) - 1 or left > leads[stage + 1]
        if f"{stage}" not in told:  # the service tells each dedupe key once
            assert all(int(s) < stage for s in told)
            told.append(f"{stage}")
    assert len(told) <= len(leads) <= 2


@given(
    window_s=st.integers(min_value=int(MIN_LEAD.total_seconds()) * 96, max_value=90 * 86_400),
    factor=st.integers(min_value=1, max_value=10),
)
def test_leads_are_in_proportion_to_the_window(window_s: int, factor: int) -> None:
    short = closing_leads(timedelta(seconds=window_s))
    long = closing_leads(timedelta(seconds=window_s * factor))
    # In whole seconds: each lead is rounded, so `factor` times a rounded lead may be off by
    # up to half a second for each of the `factor` parts.
    assert len(long) == len(short) == 2
    for big, small in zip(long, short, strict=True):
        assert abs(big.total_seconds() - small.total_seconds() * factor) <= factor / 2 + 0.5


def test_a_refund_is_told_in_plain_words() -> None:
    task = waiting(timedelta(hours=1), status=Status.REFUNDED, title="  Logo\nfor Acme ")
    notice = status_notice(task)
    assert notice is not None
    assert notice.title == "Refunded"
    assert notice.text == (
        "The dispute over “Logo for Acme” was resolved in your favour: the money held for it "
        "is back in your balance."
    )
    assert not notice.needs_you


def test_moving_statuses_are_not_news() -> None:
    for status in (Status.OPEN, Status.MATCHING, Status.DELIVERING, Status.DISPUTED):
        assert status_notice(waiting(timedelta(hours=1), status=status)) is None


def test_a_second_arrival_in_review_is_told_again() -> None:
    task = waiting(timedelta(hours=24))
    again = task.model_copy(
        update={"history": [*task.history, StatusChange(status=Status.REVIEW, at=OPENED)]}
    )
    first, second = status_notice(task), status_notice(again)
    assert first is not None and second is not None and first.dedupe_key != second.dedupe_key


def test_many_notices_read_as_one_summary() -> None:
    notices: list[Notice] = []
    for i in range(7):
        notices.append(_notice(waiting(timedelta(hours=24), task_id=f"r{i}")))
    for i in range(5):
        notices.append(
            _notice(waiting(timedelta(hours=72), status=Status.AWAITING_APPROVAL, task_id=f"a{i}"))
        )
    notices.append(_notice(waiting(timedelta(hours=1), status=Status.REFUNDED, task_id="x")))
    notices.append(_notice(waiting(timedelta(hours=1), status=Status.COMPLETED, task_id="y")))
    summary = summarise(notices, FORMATS)
    assert summary.kind == SUMMARY_KIND and summary.needs_you and summary.task_id is None
    assert summary.title == "12 tasks need you"
    assert summary.text == (
        "12 tasks need you: bids ready on 7 tasks; 5 deliveries to approve; "
        "1 dispute refunded; 1 completed."
    )


def test_a_summary_of_news_that_needs_nothing() -> None:
    notices = [
        _notice(waiting(timedelta(hours=1), status=Status.EXPIRED, task_id=f"e{i}"))
        for i in range(4)
    ]
    summary = summarise(notices, FORMATS)
    assert summary.title == "4 task updates" and summary.text == "4 task updates: 4 expired."
    assert not summary.needs_you


def test_one_task_needing_two_decisions_counts_once() -> None:
    task = waiting(timedelta(hours=24))
    closing = closing_notice(task, OPENED + timedelta(hours=23), FORMATS)
    assert closing is not None
    summary = summarise([_notice(task), closing], FORMATS)
    assert summary.title == "1 task needs you"


def _notice(task: Task) -> Notice:
    notice = status_notice(task)
    assert notice is not None
    return notice
