"""The real client against the real sandbox on both surfaces: `full` (our decided paths too)
and `documented` (only what AITasker documents; every decided path answers 404)."""

import threading
from collections.abc import Iterator

import httpx
import pytest

from aitasker_desktop.api import discovery, errors
from aitasker_desktop.api.client import AITaskerClient, new_idempotency_key
from aitasker_desktop.api.net import DeadlineTransport
from aitasker_desktop.api.operations import TaskOperations
from aitasker_desktop.domain.brief import to_create_payload
from aitasker_desktop.domain.capabilities import DECIDED, DOCUMENTED, Operation
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from tests.sample_brief import TO_REVIEW, brief

SURFACES = ["full", "documented"]
PLATFORM_TOPUP = "https://aitasker.co/dashboard/credits"


class Recording(httpx.BaseTransport):
    """The real transport, noting the method and path of every request sent."""

    def __init__(self) -> None:
        self.inner = DeadlineTransport()
        self.seen: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.seen.append((request.method, request.url.path))
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture(params=SURFACES)
def surface(request) -> str:
    return str(request.param)


@pytest.fixture
def sandbox_on(tmp_path, surface) -> Iterator[EmbeddedSandbox]:
    with EmbeddedSandbox(tmp_path, surface=surface) as sb:
        yield sb


@pytest.fixture
def recording() -> Recording:
    return Recording()


@pytest.fixture
def client(sandbox_on, recording) -> Iterator[AITaskerClient]:
    with AITaskerClient(sandbox_on.base_url, sandbox_on.api_key, transport=recording) as c:
        yield c


# -- what each surface offers -----------------------------------------------------------------


def test_capabilities_of_each_surface(client, surface):
    caps = client.capabilities()
    assert caps.source == "openapi" and caps.a2a is True
    if surface == "full":
        assert caps.rest == frozenset(Operation)
    else:
        assert caps.rest == DOCUMENTED
        assert caps.unavailable == DECIDED - {Operation.SELECT, Operation.CANCEL, Operation.NOTE}


def test_probing_tells_the_same_story_as_the_document(client):
    before = client.balance()
    caps = client.capabilities()
    for op in DECIDED:
        assert discovery.probe(client._t, discovery.ROUTES[op]) == (op in caps.rest), op
    assert discovery.probe_a2a(client.a2a) is True
    # The probes named no real task and sent no complete body: nothing was posted or held.
    after = client.balance()
    assert (after.balance_usd, after.held_usd) == (before.balance_usd, before.held_usd)


# -- a person's path through TaskOperations -----------------------------------------------------


def test_post_follow_select_cancel_and_note(sandbox_on, client, recording, surface):
    ops = TaskOperations(client, client.capabilities())
    payload = to_create_payload(brief(), [], None)
    first = ops.create(payload, idempotency_key=new_idempotency_key())
    second = ops.create(payload, idempotency_key=new_idempotency_key())
    assert (first.status, first.title) == (Status.OPEN, brief().title)

    sandbox_on.advance(TO_REVIEW)
    first = ops.get(first)
    assert first.status == Status.REVIEW
    gallery = client.bids(first.id)  # documented REST on both surfaces
    best = max(gallery.presented_bids, key=lambda b: b.eval_score or 0)

    recording.seen.clear()
    chosen = ops.select(first, best.id)
    assert chosen.status == Status.DELIVERING and chosen.selected_bid_id == best.id
    noted = ops.note(chosen, "Please use UK spelling throughout.")
    assert noted.status == Status.DELIVERING
    cancelled = ops.cancel(second)
    assert cancelled.status == Status.CANCELLED
    if surface == "full":
        assert recording.seen == [
            ("POST", f"/api/v1/tasks/{first.id}/select"),
            ("POST", f"/api/v1/tasks/{first.id}/notes"),
            ("POST", f"/api/v1/tasks/{second.id}/cancel"),
        ]
    else:
        assert recording.seen == [("POST", "/api/v1/a2a/rpc")] * 3

    # What the server holds, read over the documented REST path.
    held = client.get_task(first.id)
    assert held.status == Status.DELIVERING and held.selected_bid_id == best.id
    assert any("Please use UK spelling throughout." in h.note for h in held.history)
    assert client.get_task(second.id).status == Status.CANCELLED


def test_what_the_documented_surface_lacks_is_said_plainly(client, surface):
    ops = TaskOperations(client, client.capabilities())
    task = ops.create(to_create_payload(brief(), [], None), idempotency_key="k-1")
    if surface == "full":
        assert ops.list_changed(None)[0][0].id == task.id
        return
    for call, doing in [
        (lambda: ops.list_changed(None), "list your tasks"),
        (lambda: ops.remix(task), "remix the bids"),
        (lambda: ops.extend_review(task), "extend the review window"),
        (lambda: ops.delivery(task), "fetch a delivery"),
        (lambda: ops.approve(task), "approve a delivery"),
    ]:
        with pytest.raises(errors.NotAvailable) as info:
            call()
        assert info.value.message == f"AITasker does not yet let apps {doing}."


# -- the A2A client itself -----------------------------------------------------------------------


def test_a2a_lifecycle(sandbox_on, client):
    """The platform's own default: a blog post at 4 USD."""
    sent = client.a2a.send_message(
        "A 900-word blog post on green tea for busy office workers, with three tips.",
        category="writing-translation",
        task_type="blog-post",
        budget_usd=4,
        title="Green tea for office workers",
        message_id=new_idempotency_key(),
    )
    assert sent.state == "submitted"
    assert sent.payment_method == "prepaid" and sent.amount_usd == 4
    rest = client.get_task(sent.rest_id)
    assert rest.title == "Green tea for office workers" and rest.budget_usd == 4

    sandbox_on.advance(TO_REVIEW)
    got = client.a2a.get(sent.id)
    assert got.state == "completed"
    assert 3 <= len(got.prototypes) <= 5
    for prototype in got.prototypes:
        assert prototype.name.startswith("prototype-")
        assert prototype.score is not None and 0 <= prototype.score <= 1
        assert prototype.text

    gallery = client.bids(sent.rest_id)
    best = max(gallery.presented_bids, key=lambda b: b.eval_score or 0)
    chosen = client.a2a.select_bid(sent.id)  # no bid named: the best-scored one
    assert chosen.state == "working" and chosen.selected_bid_id == best.id

    with pytest.raises(errors.ConflictError):  # a task being delivered cannot be cancelled
        client.a2a.cancel(sent.id)


def test_a2a_note_and_cancel(sandbox_on, client):
    sent = client.a2a.send_message(
        "A short product description for a ceramic teapot, warm and concise.",
        category="writing-translation",
        task_type="copywriting",
        budget_usd=6,
        message_id=new_idempotency_key(),
    )
    assert client.a2a.provide_input(sent.id, "Mention it is dishwasher safe.").state
    history = client.get_task(sent.rest_id).history
    assert any("dishwasher safe" in h.note for h in history)
    assert client.a2a.cancel(sent.id).state == "canceled"
    assert client.get_task(sent.rest_id).status == Status.CANCELLED
    with pytest.raises(errors.ConflictError):
        client.a2a.cancel(sent.id)


def test_a2a_errors_are_typed(client):
    with pytest.raises(errors.MethodNotSupported) as info:
        client.a2a.call("tasks/teleport", {"id": "x"})
    assert info.value.message == "AITasker does not yet let apps do this."
    with pytest.raises(errors.NotFoundError):
        client.a2a.get(discovery.NIL_ID)
    with pytest.raises(errors.ValidationError) as invalid:
        client.a2a.send_message(
            "Too short",
            category="writing-translation",
            task_type="blog-post",
            budget_usd=100_000,
            message_id=new_idempotency_key(),
        )
    assert {"budget_usd", "description"} <= set(invalid.value.field_errors)


def test_a2a_payment_failure(tmp_path, surface):
    with (
        EmbeddedSandbox(tmp_path, surface=surface, starting_credit_usd=1) as sb,
        AITaskerClient(sb.base_url, sb.api_key) as client,
        pytest.raises(errors.PaymentRequired) as info,
    ):
        own = f"{sb.base_url}/sandbox/credits/top-up"
        client.a2a.send_message(
            "A 900-word blog post on green tea for busy office workers.",
            category="writing-translation",
            task_type="blog-post",
            budget_usd=4,
            message_id=new_idempotency_key(),
        )
    assert info.value.amount_usd == 4 and info.value.current_balance_usd == 1
    if surface == "documented":
        assert info.value.topup_url == PLATFORM_TOPUP
        assert info.value.own_topup_url is None
    else:  # the sandbox's own top-up: plain http, never opened, kept for the app to use
        assert info.value.topup_url is None
        assert info.value.own_topup_url == own
