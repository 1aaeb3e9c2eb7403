"""Every lifecycle path over HTTP: approve, revision, dispute, cancel, remix, expiry."""

import itertools

import httpx

from aitasker_desktop.sandbox import conventions as p
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.sandbox.lifecycle import TRANSITIONS
from aitasker_desktop.sandbox.schemas import BidGallery, Delivery, Task

from .helpers import post_task, task_status, to_delivery, to_review


def balance(client: httpx.Client) -> dict[str, float]:
    data: dict[str, float] = client.get(p.BALANCE).json()
    return data


def assert_valid_history(task: Task) -> None:
    """Every status step is a platform transition (notes keep the status they were sent in)."""
    statuses = [h.status for h in task.history if h.kind == "status"]
    for before, after in itertools.pairwise(statuses):
        assert after in TRANSITIONS[before], (before, after)


def test_review_gallery_has_real_scored_bids(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    gallery = BidGallery.model_validate(to_review(sb, client))
    assert 3 <= len(gallery.bids) <= 5
    assert gallery.total_bids_generated > len(gallery.bids)
    assert gallery.remix_available and gallery.remix_fee_usd == 1.0
    assert gallery.review_extensions_remaining == 2
    for bid in gallery.bids:
        assert bid.presented and bid.status == "presented" and bid.agent_name
        assert bid.bid_price_usd is not None and 5 <= bid.bid_price_usd <= 8
        assert set(bid.eval_breakdown) >= {"brief_adherence", "quality", "originality"}
        kinds = {a.media_type for a in bid.artifacts}
        assert kinds == {"text/markdown", "image/svg+xml", "text/csv"}
        svg = client.get(next(a.url for a in bid.artifacts if a.name.endswith(".svg")) or "")
        assert svg.status_code == 200 and svg.content.startswith(b"<svg")


def test_specific_briefs_score_higher(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    vague = to_review(
        sb,
        client,
        description="Write something good about our product please.",
        requirements={},
        budget_usd=5,
    )
    client.post("/sandbox/credits/top-up", json={"amount_usd": 50})
    specific = to_review(sb, client, budget_usd=5)

    def adherence(g: dict[str, object]) -> float:
        bids = g["bids"]
        assert isinstance(bids, list)
        return float(sum(b["eval_breakdown"]["brief_adherence"] for b in bids) / len(bids))

    assert adherence(specific) > adherence(vague)


def test_approve_charges_the_selected_price(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    task = Task.model_validate(to_delivery(sb, client))
    assert task.selected_bid_id and task.selected_price_usd
    delivery = Delivery.model_validate(client.get(p.DELIVERY.format(task_id=task.id)).json())
    assert delivery.revision == 0 and delivery.bid_id == task.selected_bid_id
    # The document, the image, the data file and a real one-page PDF report.
    assert len(delivery.files) == 4 and delivery.decide_by is not None
    assert delivery.files[-1].media_type == "application/pdf"
    for f in delivery.files:
        body = client.get(p.FILE.format(file_id=f.id))
        assert body.status_code == 200 and len(body.content) == f.size_bytes
    assert balance(client)["held_usd"] == task.selected_price_usd
    done = Task.model_validate(client.post(p.APPROVE.format(task_id=task.id)).json())
    assert done.status == "completed"
    money = balance(client)
    assert money["balance_usd"] == p.STARTING_CREDIT_USD - task.selected_price_usd
    assert money["total_spent_usd"] == task.selected_price_usd and money["held_usd"] == 0
    assert_valid_history(done)
    again = client.post(p.APPROVE.format(task_id=task.id))
    assert again.status_code == 409 and isinstance(again.json()["detail"], str)


def test_revision_then_approve(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    task = to_delivery(sb, client)
    url = p.REVISION.format(task_id=task["id"])
    assert client.post(url, json={"feedback": "   "}).status_code == 422
    assert client.post(url, json={}).status_code == 422
    revised = client.post(url, json={"feedback": "Make the intro shorter."})
    assert revised.json()["status"] == "revision_requested"
    sb.advance(600)
    assert task_status(client, task["id"]) == "awaiting_approval"
    delivery = client.get(p.DELIVERY.format(task_id=task["id"])).json()
    assert delivery["revision"] == 1
    assert delivery["feedback_history"] == ["Make the intro shorter."]
    done = Task.model_validate(client.post(p.APPROVE.format(task_id=task["id"])).json())
    assert done.status == "completed"
    assert_valid_history(done)


def test_dispute_is_refunded_after_a_while(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    task = to_delivery(sb, client)
    url = p.DISPUTE.format(task_id=task["id"])
    assert client.post(url, json={"reason": ""}).status_code == 422
    assert client.post(url, json={"reason": "Not what I asked."}).json()["status"] == "disputed"
    sb.advance(3600)
    assert task_status(client, task["id"]) == "refunded"
    money = balance(client)
    assert money["balance_usd"] == p.STARTING_CREDIT_USD and money["held_usd"] == 0


def test_cancel_releases_the_hold(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    task = post_task(client)
    assert balance(client)["held_usd"] == 8.0
    cancelled = client.post(p.CANCEL.format(task_id=task["id"])).json()
    assert cancelled["status"] == "cancelled"
    assert balance(client)["held_usd"] == 0.0
    refused = client.post(p.CANCEL.format(task_id=task["id"]))
    assert refused.status_code == 409
    assert "cancel" in refused.json()["detail"]
    assert client.post(p.CANCEL.format(task_id="nope")).status_code == 404


def test_remix_brings_new_agents_for_a_fee(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    gallery = to_review(sb, client, budget_usd=5)
    task_id = gallery["task"]["id"]
    first_agents = {b["agent_id"] for b in gallery["bids"]}
    remixed = client.post(p.REMIX.format(task_id=task_id))
    assert remixed.status_code == 200 and remixed.json()["status"] == "matching"
    assert balance(client)["total_spent_usd"] == 1.0
    sb.advance(20 + 420)
    second = client.get(p.BIDS.format(task_id=task_id)).json()
    assert second["task"]["status"] == "review"
    assert {b["round"] for b in second["bids"]} == {2}
    assert not first_agents & {b["agent_id"] for b in second["bids"]}
    assert_valid_history(Task.model_validate(second["task"]))


def test_extend_review_then_expiry(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    gallery = to_review(sb, client)
    task_id = gallery["task"]["id"]
    deadline = gallery["task"]["deadline_at"]
    url = p.EXTEND_REVIEW.format(task_id=task_id)
    extended = client.post(url).json()
    assert extended["deadline_at"] > deadline and extended["review_extensions_remaining"] == 1
    client.post(url)
    assert client.post(url).status_code == 409
    sb.advance(24 * 3600 * 2)
    assert task_status(client, task_id) == "review"
    sb.advance(24 * 3600 + 1)
    assert task_status(client, task_id) == "expired"
    assert (
        balance(client)["held_usd"] == 0 and balance(client)["balance_usd"] == p.STARTING_CREDIT_USD
    )


def test_approval_window_expires(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    task = to_delivery(sb, client)
    sb.advance(72 * 3600 + 1)
    assert task_status(client, task["id"]) == "expired"
    assert balance(client)["balance_usd"] == p.STARTING_CREDIT_USD


def test_actions_outside_their_state_are_409(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    task = post_task(client)
    for path in (p.REMIX, p.EXTEND_REVIEW, p.APPROVE):
        assert client.post(path.format(task_id=task["id"])).status_code == 409
    assert client.post(p.SELECT.format(task_id=task["id"]), json={"bid_id": "x"}).status_code == 409
    assert client.get(p.DELIVERY.format(task_id=task["id"])).status_code == 404


def test_a_rest_note_reaches_the_delivery(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    gallery = to_review(sb, client)
    task_id = gallery["task"]["id"]
    best = max(gallery["bids"], key=lambda b: b["eval_score"])
    client.post(p.SELECT.format(task_id=task_id), json={"bid_id": best["id"]})
    note = "The headline must fit on one line."
    noted = client.post(p.NOTES.format(task_id=task_id), json={"text": note})
    assert noted.status_code == 200
    entry = noted.json()["history"][-1]
    assert entry == {**entry, "status": "delivering", "kind": "note"} and note in entry["note"]
    assert_valid_history(Task.model_validate(noted.json()))
    sb.advance(600)
    delivery = client.get(p.DELIVERY.format(task_id=task_id)).json()
    draft = next(f for f in delivery["files"] if f["media_type"] == "text/markdown")
    assert note in client.get(p.FILE.format(file_id=draft["id"])).text
    client.post(p.APPROVE.format(task_id=task_id))
    late = client.post(p.NOTES.format(task_id=task_id), json={"text": "one more"})
    assert late.status_code == 409 and "note" in late.json()["detail"]
    assert client.post(p.NOTES.format(task_id="nope"), json={"text": "x"}).status_code == 404
