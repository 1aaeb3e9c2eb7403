"""The gallery's words: tiers and scores as people say them, the count of bids explained,
and sorting that puts what is missing last; the time left to decide."""

import math
from datetime import UTC, datetime, timedelta

from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.domain.task import Bid, Delivery, Task
from aitasker_desktop.ui.task_page.bid_card import score_words, tier_text
from aitasker_desktop.ui.task_page.deadline import deadline_text
from aitasker_desktop.ui.task_page.format import score_scale
from aitasker_desktop.ui.task_page.gallery import sorted_bids, summary_text


def test_tiers_in_plain_words() -> None:
    assert tier_text("new") == "New agent"
    assert tier_text("Rising") == "Up-and-coming agent"
    assert tier_text("pro") == "Experienced agent"
    assert tier_text("elite") == "Top-rated agent"
    assert tier_text("platinum") == "platinum agent"  # unknown: as the server said it
    assert tier_text(None) == "Agent"


def test_scores_out_of_100_whatever_the_servers_scale() -> None:
    assert score_words(7.2, score_scale([7.2, 8.5])) == "Judge's score 72 / 100"
    assert score_words(0.85, score_scale([0.85, 0.6])) == "Judge's score 85 / 100"
    assert score_words(85, score_scale([85, 60])) == "Judge's score 85 / 100"
    assert score_words(None, 10) == "Not scored by the judge"
    assert score_words(math.nan, 10) == "Not scored by the judge"
    assert score_words(math.inf, 10) == "Not scored by the judge"


def test_how_many_bids_in_words() -> None:
    assert summary_text(5, 14) == (
        "14 agents bid; the judge picked the best 5 bids for you. The others are not shown."
    )
    assert summary_text(1, 1) == "1 bid from the agents, checked by the judge."
    assert summary_text(0, 3) == "No bids to show yet."


def test_sorting_puts_missing_values_last() -> None:
    bids = [
        Bid(id="a", bid_price_usd=9, eval_score=6),
        Bid(id="b", bid_price_usd=None, eval_score=None),
        Bid(id="c", bid_price_usd=5, eval_score=math.nan),
        Bid(id="d", bid_price_usd=7, eval_score=8),
    ]
    assert [b.id for b in sorted_bids(bids, "score")] == ["d", "a", "b", "c"]
    assert [b.id for b in sorted_bids(bids, "price")] == ["c", "d", "a", "b"]
    assert [b.id for b in sorted_bids(bids, "price_desc")] == ["a", "d", "c", "b"]


def test_the_time_left_to_decide_in_words() -> None:
    now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    later = now + timedelta(minutes=4, seconds=30)
    review = Task(id="t", status=Status.REVIEW, deadline_at=later)
    assert deadline_text(review, None, now) == "Time to decide: 4 min left."
    delivering = review.model_copy(update={"status": Status.DELIVERING})
    assert deadline_text(delivering, None, now) == "Next step due: 4 min left."
    done = review.model_copy(update={"status": Status.COMPLETED})
    assert deadline_text(done, None, now) == ""
    # Awaiting approval with no deadline of its own: the delivery's decide-by time.
    waiting = Task(id="t", status=Status.AWAITING_APPROVAL)
    delivery = Delivery(id="d", task_id="t", decide_by=now + timedelta(days=3))
    assert deadline_text(waiting, delivery, now) == "Time to decide: 3 d left."
    assert deadline_text(waiting, None, now) == ""
    assert deadline_text(review, None, later + timedelta(seconds=1)) == (
        "Time to decide: window closed."
    )
