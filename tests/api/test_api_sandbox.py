"""The real client against the real sandbox over loopback, through whole lifecycles."""

import io
from collections.abc import Iterator

import httpx
import pytest

from aitasker_desktop.api import errors
from aitasker_desktop.api.client import AITaskerClient, new_idempotency_key
from aitasker_desktop.domain.brief import to_create_payload
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.sandbox.conventions import STARTING_CREDIT_USD
from tests.sample_brief import DAY, DELIVERING, TO_REVIEW, brief, post


@pytest.fixture
def client(sandbox) -> Iterator[AITaskerClient]:
    with AITaskerClient(sandbox.base_url, sandbox.api_key, attempt_timeout=10) as c:
        yield c


def top_up(sandbox, amount: float = 1000) -> None:
    """Sandbox-only control (not part of AITasker): more credits for many tasks."""
    with httpx.Client(trust_env=False, timeout=60) as raw:
        r = raw.post(
            sandbox.base_url + "/sandbox/credits/top-up",
            json={"amount_usd": amount},
            headers={"Authorization": f"Bearer {sandbox.api_key}"},
        )
        r.raise_for_status()


def to_review(sandbox, client, task_id: str):
    sandbox.advance(TO_REVIEW)
    task = client.get_task(task_id)
    assert task.status == Status.REVIEW
    gallery = client.bids(task_id)
    assert 3 <= len(gallery.presented_bids) <= 5
    return gallery


def select_and_deliver(sandbox, client, task_id: str):
    gallery = to_review(sandbox, client, task_id)
    best = max(gallery.presented_bids, key=lambda b: b.eval_score or 0)
    assert client.select_bid(task_id, best.id).status == Status.DELIVERING
    sandbox.advance(DELIVERING)
    assert client.get_task(task_id).status == Status.AWAITING_APPROVAL
    return best


def test_account_catalog(client):
    catalog = client.catalog()
    assert len(catalog.categories) == 13
    assert catalog.task_type("writing-translation", "blog-post") is not None
    assert client.balance().balance_usd == STARTING_CREDIT_USD
    assert client.last_rate_limit is not None


def test_approve_lifecycle_with_files(sandbox, client):
    task = post(client, metadata={"source": "test"})
    assert task.status == Status.OPEN and task.metadata == {"source": "test"}
    gallery = to_review(sandbox, client, task.id)
    bid = gallery.presented_bids[0]
    assert bid.artifacts, "bids carry prototype artifacts"
    preview = client.fetch_bytes(bid.artifacts[0])
    assert preview

    select_and_deliver(sandbox, client, task.id)
    delivery = client.delivery(task.id)
    assert delivery.files and delivery.revision == 0
    for ref in delivery.files:
        out = io.BytesIO()
        seen: list[int] = []
        n = client.download(ref, out, progress=lambda done, _total, s=seen: s.append(done))
        assert n == len(out.getvalue()) > 0 and seen[-1] == n

    done = client.approve(task.id)
    assert done.status == Status.COMPLETED
    with pytest.raises(errors.ConflictError):
        client.approve(task.id)  # not allowed twice; never retried


def test_revision_then_approve(sandbox, client):
    task = post(client)
    select_and_deliver(sandbox, client, task.id)
    t = client.request_revision(task.id, "Please make the tips more concrete.")
    assert t.status == Status.REVISION_REQUESTED
    sandbox.advance(DELIVERING)
    assert client.get_task(task.id).status == Status.AWAITING_APPROVAL
    assert client.delivery(task.id).revision == 1
    assert client.approve(task.id).status == Status.COMPLETED


def test_dispute(sandbox, client):
    task = post(client)
    select_and_deliver(sandbox, client, task.id)
    assert client.dispute(task.id, "It is about coffee, not tea.").status == Status.DISPUTED
    sandbox.advance(3600 + 1)
    assert client.get_task(task.id).status == Status.REFUNDED


def test_cancel_releases_the_hold(sandbox, client):
    task = post(client)
    assert client.cancel(task.id).status == Status.CANCELLED
    with pytest.raises(errors.ConflictError):
        client.cancel(task.id)
    assert (client.balance().held_usd or 0) == 0


def test_remix_and_extend_review(sandbox, client):
    task = post(client)
    gallery = to_review(sandbox, client, task.id)
    assert gallery.remix_available
    extended = client.extend_review(task.id)
    assert extended.status == Status.REVIEW
    assert client.remix(task.id).status == Status.MATCHING
    sandbox.advance(TO_REVIEW)
    again = client.bids(task.id)
    assert client.get_task(task.id).status == Status.REVIEW
    assert {b.id for b in again.presented_bids}.isdisjoint({b.id for b in gallery.bids})


def test_review_expires_without_a_decision(sandbox, client):
    task = post(client)
    to_review(sandbox, client, task.id)
    sandbox.advance(DAY + 1)
    assert client.get_task(task.id).status == Status.EXPIRED


def test_list_changed_follows_the_cursor(sandbox, client):
    top_up(sandbox)
    ids = {post(client).id for _ in range(3)}
    tasks, cursor = client.list_changed(None)
    assert {t.id for t in tasks} == ids and cursor
    again, cursor2 = client.list_changed(cursor)
    assert again == [] and cursor2 == cursor
    sandbox.advance(11)  # every task moves to matching
    moved, _ = client.list_changed(cursor)
    assert {t.id for t in moved} == ids
    assert all(t.status == Status.MATCHING for t in moved)


def test_idempotent_create_returns_the_same_task(client):
    payload = to_create_payload(brief(), [], None)
    key = new_idempotency_key()
    first = client.create_task(payload, idempotency_key=key)
    second = client.create_task(payload, idempotency_key=key)
    assert first.id == second.id
    with pytest.raises(errors.ValidationError):
        client.create_task({**payload, "budget_usd": 9}, idempotency_key=key)


def test_validation_and_payment_errors(client):
    with pytest.raises(errors.ValidationError) as info:
        post(client, title="Tiny blog post title", description="too short", budget_usd=1)
    assert {"description", "budget_usd"} <= set(info.value.field_errors)
    for _ in range(int(STARTING_CREDIT_USD // 150)):  # hold the pretend credit
        post(client, budget_usd=150)
    with pytest.raises(errors.PaymentRequired) as pay:
        post(client, budget_usd=150)
    assert pay.value.amount_usd == 150


def test_guide_payload_with_brief_synonym_is_mapped(client):
    payload = to_create_payload(brief(), [], None)
    payload["brief"] = payload.pop("description")
    task = client.create_task(payload, idempotency_key=new_idempotency_key())
    assert task.description.startswith("A 900-word")


def test_bad_key_is_auth_error(sandbox):
    with (
        AITaskerClient(sandbox.base_url, "aitk_test_wrong_key_0000") as bad,
        pytest.raises(errors.AuthError),
    ):
        bad.balance()


def test_upload_attach_and_brand_kits(sandbox, client, tmp_path):
    path = tmp_path / "logo.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    up = client.upload(path)
    assert up.id and up.media_type == "image/svg+xml"
    assert client.fetch_bytes(_ref(up.id)) == path.read_bytes()
    kit = client.create_brand_kit(
        name="Acme", colors=["#112233"], fonts=["Inter"], voice_notes="Warm.", asset_ids=[up.id]
    )
    assert [k.id for k in client.brand_kits()] == [kit.id]
    task = client.create_task(
        to_create_payload(brief(), [up.id], kit.id), idempotency_key=new_idempotency_key()
    )
    assert task.attachments == [up.id] and task.brand_kit_id == kit.id
    client.delete_brand_kit(kit.id)
    client.delete_brand_kit(kit.id)  # already gone: fine
    assert client.brand_kits() == []


def test_brief_tools(client):
    suggestions = client.brief_suggestions(brief(description="Write me something nice."))
    assert suggestions
    text = client.generate_brief(
        "a blog post about tea", category="writing-translation", task_type="blog-post"
    )
    assert "tea" in text


def _ref(file_id: str):
    from aitasker_desktop.domain.task import FileRef

    return FileRef(id=file_id)


def test_sandbox_rate_limit_is_rate_limited(tmp_path):
    from aitasker_desktop.sandbox.embedded import EmbeddedSandbox

    sleeps: list[float] = []
    with (
        EmbeddedSandbox(tmp_path, create_per_minute=1) as sb,
        AITaskerClient(sb.base_url, sb.api_key, sleep=sleeps.append) as c,
    ):
        post(c)
        with pytest.raises(errors.RateLimited) as info:
            post(c)  # Retry-After is up to 60 s: slept through (fake), then exhausted
        assert info.value.retry_after
        assert all(s >= 1 for s in sleeps)
