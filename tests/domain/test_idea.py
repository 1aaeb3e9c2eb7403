"""A drafted brief made safe, and the hourly count of drafts (rolling hour, server's word)."""

from __future__ import annotations

import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from aitasker_desktop.domain.brief import BRIEF_MAX, TITLE_MAX
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.idea import HOUR_S, DraftedBrief, HourlyUses
from aitasker_desktop.sandbox.catalog_data import build_catalog

CATALOG = Catalog.model_validate_json(build_catalog().model_dump_json())


def test_server_text_is_made_safe() -> None:
    drafted = DraftedBrief.model_validate(
        {
            "title": "Logo \u202efor\n\tus\x00 " + "x" * 400,
            "brief": "Line one\r\nLine two\u2066 \x07bell\ud800",
            "category": "graphics-design",
            "task_type": "logo-design",
            "budget_usd": "lots",
            "requirements": {"tone": "calm\x1b[31m", "nested": {"a": 1}, "": "x"},
        }
    )
    assert drafted.title.startswith("Logo for us")
    assert "\u202e" not in drafted.title and len(drafted.title) <= TITLE_MAX
    assert drafted.description == "Line one\nLine two bell\ufffd"
    assert drafted.budget_usd is None
    assert drafted.requirements == {"tone": "calm[31m"}


def test_only_a_known_type_and_a_budget_in_its_range_are_used() -> None:
    known = DraftedBrief(
        description="A wordmark for Crumb & Co.",
        category="graphics-design",
        task_type="wordmark",
        budget_usd=45,
    )
    assert known.fields_for(CATALOG) == {
        "description": "A wordmark for Crumb & Co.",
        "category": "graphics-design",
        "task_type": "wordmark",
        "budget_usd": 45.0,
    }
    unknown = known.model_copy(update={"task_type": "hologram", "budget_usd": 45})
    assert unknown.fields_for(CATALOG) == {"description": "A wordmark for Crumb & Co."}
    too_dear = known.model_copy(update={"budget_usd": 9_999.0})
    assert "budget_usd" not in too_dear.fields_for(CATALOG)


@settings(deadline=None)
@given(st.dictionaries(st.text(max_size=12), st.none() | st.text() | st.floats() | st.integers()))
@example({"uses_limit": ""})  # found by this test: a count that is not one failed the answer
@example({"uses_left": 2.5, "uses_limit": -1, "budget_usd": True})
def test_any_answer_parses_into_safe_fields(data: dict[str, object]) -> None:
    drafted = DraftedBrief.model_validate(data)
    assert len(drafted.description) <= BRIEF_MAX and len(drafted.title) <= TITLE_MAX
    assert drafted.budget_usd is None or (
        math.isfinite(drafted.budget_usd) and drafted.budget_usd > 0
    )
    for count in (drafted.uses_limit, drafted.uses_left):
        assert count is None or (type(count) is int and count >= 0)


def test_ten_uses_then_none_until_the_first_is_an_hour_old() -> None:
    uses = HourlyUses()
    for minute in range(10):
        assert uses.left(minute * 60.0) == 10 - minute
        uses.record(minute * 60.0)
    assert uses.left(600.0) == 0
    assert uses.back_at(600.0) == HOUR_S  # the first use, an hour on
    assert uses.left(HOUR_S + 1) == 1


def test_the_servers_count_wins() -> None:
    uses = HourlyUses()
    uses.record(100.0, limit=10, left=3)  # other apps of the same account used 6 more
    assert uses.left(100.0) == 3
    uses.record(200.0, limit=20, left=19)  # a new hour on the server's side
    assert uses.left(200.0) == 19


def test_a_refusal_blocks_until_the_server_says() -> None:
    uses = HourlyUses()
    uses.refused(1000.0, retry_after=120.0)
    assert uses.left(1000.0) == 0 and uses.back_at(1000.0) == 1120.0
    assert uses.left(1121.0) == 10


def test_a_damaged_count_reads_as_fresh() -> None:
    assert HourlyUses.from_json("nonsense").left(0.0) == 10
    damaged = HourlyUses.from_json(
        {"limit": -3, "uses": ["x", float("nan"), 5.0], "blocked_until": "no"}
    )
    assert damaged.limit == 10 and damaged.uses == [5.0] and damaged.blocked_until == 0.0
    again = HourlyUses.from_json(damaged.to_json())
    assert again == damaged
