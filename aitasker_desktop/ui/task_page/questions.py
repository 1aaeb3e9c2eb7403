"""What the page asks before a decision that moves money or cannot be undone.

Every question names the amount involved, so nobody pays without seeing how much, and both
buttons say what they do ("Cancel the task" / "Keep the task"), never a bare "Cancel" beside
a "Cancel task".
"""

from __future__ import annotations

from typing import NamedTuple

from aitasker_desktop.domain.lifecycle import Action
from aitasker_desktop.domain.task import Bid, BidGallery, Task
from aitasker_desktop.services.formatting import money
from aitasker_desktop.ui.task_page.format import one_line


class Question(NamedTuple):
    title: str
    text: str
    yes: str  # the button that does it
    no: str  # the button that leaves everything as it is


ACTION_TITLES = {
    Action.SELECT: "Select a bid",
    Action.REMIX: "Remix",
    Action.EXTEND_REVIEW: "Extend review",
    Action.CANCEL: "Cancel task",
    Action.APPROVE: "Approve delivery",
    Action.REQUEST_REVISION: "Request revision",
    Action.DISPUTE: "Dispute delivery",
}


def select_question(bid: Bid) -> Question:
    agent = one_line(bid.agent_name, 60) or "this agent"
    price = money(bid.bid_price_usd)
    return Question(
        "Select this bid",
        f"Choose the bid from {agent} at {price}?\n\n"
        f"{agent} will build the final delivery. {price} is charged when you approve it; "
        "the other bids are declined.",
        f"Select for {price}",
        "Keep comparing",
    )


def _shown_bids(gallery: BidGallery | None) -> str:
    n = len(gallery.presented_bids) if gallery is not None else 0
    if n == 1:
        return "The bid shown now is declined at once: it cannot be chosen later"
    if n > 1:
        return f"The {n} bids shown now are declined at once: none of them can be chosen later"
    return "The bids shown now are declined at once: none of them can be chosen later"


def question_for(action: Action, task: Task, gallery: BidGallery | None) -> Question | None:
    """The question to ask before `action`, or None when it needs none."""
    title = ACTION_TITLES[action]
    if action is Action.REMIX:
        fee = money(gallery.remix_fee_usd if gallery else None)
        return Question(
            title,
            f"Run the bidding again for a flat fee of {fee}?\n\n"
            f"{_shown_bids(gallery)}, even if the new bids are no better. Agents whose bids "
            f"you have seen will not bid again. The fee of {fee} is charged now.",
            f"Remix for {fee}",
            "Keep these bids",
        )
    if action is Action.CANCEL:
        held = "money" if task.budget_usd is None else money(task.budget_usd)
        return Question(
            "Cancel this task?",
            f"Cancel “{one_line(task.title, 120)}”?\n\n"
            f"The {held} held for it is released; nothing is charged. A cancelled task "
            "cannot be restarted, but its brief can be posted again as a new task.",
            "Cancel the task",
            "Keep the task",
        )
    if action is Action.APPROVE:
        price = money(task.price_usd)
        return Question(
            title,
            f"Approve the delivery and pay {price} now?\n\n"
            "The payment is captured at once and cannot be undone.",
            f"Approve and pay {price}",
            "Not yet",
        )
    if action is Action.DISPUTE:
        return Question(
            title,
            "Dispute this delivery?\n\nAITasker will review it with your reason. "
            "No money moves until the dispute is resolved.",
            "Dispute",
            "Don't dispute",
        )
    return None  # extending and asking for a revision cost nothing
