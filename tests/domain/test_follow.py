"""Following tasks by id: which tasks a cycle reads, and that the reads stay in the budget
however often the tracker wakes; and a task named by a pasted id or link."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aitasker_desktop.domain.follow import FOLLOW_REQUESTS_PER_MINUTE, FollowPlan
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.domain.protocol import RATE_LIMIT_TASK_READS
from aitasker_desktop.domain.task_ref import parse_task_ref, website_task_url

ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
STATUSES = [s.value for s in Status] + ["something-new"]


def test_the_budget_is_under_a_tenth_of_the_read_limit() -> None:
    assert FOLLOW_REQUESTS_PER_MINUTE < RATE_LIMIT_TASK_READS / 10


def test_decisions_first_then_moving_tasks_finished_ones_last() -> None:
    plan = FollowPlan(burst=2)
    tasks = [
        ("done", Status.COMPLETED, None),
        ("moving", Status.PROTOTYPING, None),
        ("yours", Status.REVIEW, None),
    ]
    assert plan.due(tasks, now=0) == ["yours", "moving"]
    # The finished task is read when the budget has room, then only every few hours.
    assert plan.due(tasks, now=5) == ["done"]
    assert plan.due(tasks, now=60) == ["yours", "moving"]
    assert "done" not in plan.due(tasks, now=3600)


def test_a_decision_closing_soon_is_read_more_often() -> None:
    plan = FollowPlan()
    closing = [("t", Status.REVIEW, 600.0)]  # closes ten minutes from now
    plan.due(closing, now=0)
    assert plan.due(closing, now=16) == ["t"]
    relaxed = FollowPlan()
    far = [("t", Status.REVIEW, 86_400.0)]
    relaxed.due(far, now=0)
    assert relaxed.due(far, now=16) == []


def test_a_task_the_server_does_not_know_is_set_aside() -> None:
    plan = FollowPlan()
    tasks = [("gone", Status.PROTOTYPING, None)]
    assert plan.due(tasks, now=0) == ["gone"]
    plan.set_aside("gone")
    assert plan.due(tasks, now=10_000) == []


@settings(deadline=None, max_examples=60)
@given(
    count=st.integers(0, 400),
    wakes=st.lists(st.floats(0.0, 30.0, allow_nan=False), min_size=1, max_size=300),
    statuses=st.lists(st.sampled_from(STATUSES), min_size=1, max_size=10),
)
def test_reads_never_outrun_the_budget(count: int, wakes: list[float], statuses: list[str]) -> None:
    plan = FollowPlan()
    tasks = [(f"t{n}", statuses[n % len(statuses)], None) for n in range(count)]
    now, reads = 0.0, 0
    for gap in wakes:
        now += gap
        reads += len(plan.due(tasks, now))
    allowed = plan.burst + now * plan.requests_per_minute / 60.0
    assert reads <= allowed + 1e-9


# -- a pasted id or link --------------------------------------------------------------------


@pytest.mark.parametrize(
    "pasted",
    [
        ID,
        ID.upper(),
        f"  {{{ID}}} ",
        ID.replace("-", ""),
        f"https://aitasker.co/tasks/{ID}",
        f"https://app.aitasker.co/dashboard/tasks/{ID}/bids?tab=all",
        f"aitasker.co/tasks/{ID}",
        f"https://aitasker.co/dashboard?task={ID}",
        f"<https://aitasker.co/tasks/{ID}>",  # as an email wraps a link
        f' "<https://aitasker.co/tasks/{ID}>" ',
        f"“{ID}”",
        f"'{ID}'",
    ],
)
def test_an_id_or_an_aitasker_link_names_the_task(pasted: str) -> None:
    ref = parse_task_ref(pasted)
    assert ref.task_id == ID and ref.problem == ""


@pytest.mark.parametrize(
    ("pasted", "said"),
    [
        ("", "Paste a task's id or its link"),
        ("42", "That is not a task id."),
        (f"http://aitasker.co/tasks/{ID}", "Only https links from AITasker are accepted."),
        (f"https://aitasker.co.evil.example/tasks/{ID}", "is to aitasker.co.evil.example"),
        (f"https://notaitasker.co/tasks/{ID}", "is to notaitasker.co"),
        ("https://aitasker.co/pricing", "does not name a task"),
        ("https://[::1/tasks", "cannot be read"),
        ("x" * 5000, "too long"),
        (f"javascript:alert(1)//{ID}", "not to AITasker"),
    ],
)
def test_anything_else_is_refused_in_plain_words(pasted: str, said: str) -> None:
    ref = parse_task_ref(pasted)
    assert ref.task_id is None
    assert said in ref.problem


def test_the_website_link_is_https_and_quotes_an_odd_id() -> None:
    assert website_task_url(ID) == f"https://aitasker.co/tasks/{ID}"
    assert website_task_url("a/b?c") == "https://aitasker.co/tasks/a%2Fb%3Fc"
    assert uuid.UUID(website_task_url(ID).rsplit("/", 1)[1])
