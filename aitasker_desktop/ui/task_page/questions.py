"""What the page asks before a decision that moves money: (title, text, yes-label) each.

Every question names the amount involved, so nobody pays without seeing how much.
"""

from __future__ import annotations

from aitasker_desktop.domain.lifecycle import Action
from aitasker_desktop.domain.task import Bid, BidGallery, Task
from aitasker_desktop.services.formatting import money
from aitasker_desktop.ui.task_page.format import one_line

Question = tuple[str, str, str]

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
    return (
        "Select this bid",
        f"Choose the bid from {agent} at {price}?\n\n"
        f"{agent} will build the final delivery. {price} is charged when you approve it; "
        "the other bids are declined.",
        f"Select for {price}",
    )


def question_for(action: Action, task: Task, gallery: BidGallery | None) -> Question | None:
    """The question to ask before `action`, or None when it needs none."""
    title = ACTION_TITLES[action]
    if action is Action.REMIX:
        fee = money(gallery.remix_fee_usd if gallery else None)
        return (
            title,
            f"Run the bidding again for a flat fee of {fee}?\n\n"
            "Agents whose bids you have seen will not bid again. The fee is charged now.",
            f"Remix for {fee}",
        )
    if action is Action.CANCEL:
        held = "money" if task.budget_usd is None else money(task.budget_usd)
        return (
            title,
            f"Cancel “{one_line(task.title, 120)}”?\n\n"
            f"The {held} held for it is released; nothing is charged.",
            "Cancel task",
        )
    if action is Action.APPROVE:
        price = money(task.price_usd)
        return (
            title,
            f"Approve the delivery and pay {price} now?\n\n"
            "The payment is captured at once and cannot be undone.",
            f"Approve and pay {price}",
        )
    if action is Action.DISPUTE:
        return (
            title,
            "Dispute this delivery?\n\nAITasker will review it with your reason. "
            "No money moves until the dispute is resolved.",
            "Dispute",
        )
    return None  # extending and asking for a revision cost nothing
