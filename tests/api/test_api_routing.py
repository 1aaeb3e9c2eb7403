"""TaskOperations: our REST path where the server has it, else A2A, else a plain "not yet"."""

import json
from typing import Any

import httpx
import pytest

from aitasker_desktop.api import errors
from aitasker_desktop.api.client import AITaskerClient, new_idempotency_key
from aitasker_desktop.api.operations import TaskOperations
from aitasker_desktop.domain.brief import to_create_payload
from aitasker_desktop.domain.capabilities import Capabilities, Operation
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.domain.task import Task
from tests.api.conftest import task_json
from tests.sample_brief import TO_REVIEW, brief

DOCUMENTED = Capabilities(rest=frozenset({Operation.CREATE, Operation.GET}), a2a=True)
FULL = Capabilities.everything()
NOTHING = Capabilities(rest=frozenset(), a2a=False)

KNOWN = Task(
    id="rest-1",
    title="Blog post about green tea",
    budget_usd=8.5,
    status=Status.REVIEW,
    category="writing-translation",
)


def a2a_server(state: str = "working", **metadata: Any):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path != "/api/v1/a2a/rpc":
            return httpx.Response(404, json={"detail": "Not Found"})
        rpc = json.loads(request.content)
        result = {"id": "a2a-1", "status": {"state": state}, "metadata": metadata}
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": rpc["id"], "result": result})

    return handler


def rest_server(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=task_json("rest-1", status="delivering"))


def sent(recorder) -> list[tuple[str, str, Any]]:
    out = []
    for r in recorder.requests:
        body = json.loads(r.content) if r.content else None
        method = body.get("method") if isinstance(body, dict) and "jsonrpc" in body else None
        out.append((r.method, r.url.path, method))
    return out


# -- A2A stands in where the REST path is missing --------------------------------------------


def test_select_over_a2a_updates_the_task_as_known(make_client, recorder):
    ops = TaskOperations(make_client(a2a_server("working", selected_bid_id="b-2")), DOCUMENTED)
    task = ops.select(KNOWN, "b-2")
    assert sent(recorder) == [("POST", "/api/v1/a2a/rpc", "tasks/selectBid")]
    assert json.loads(recorder.requests[0].content)["params"] == {"id": "rest-1", "bidId": "b-2"}
    assert task.status == Status.DELIVERING
    assert task.selected_bid_id == "b-2" and task.a2a_id == "a2a-1"
    assert (task.title, task.budget_usd, task.category) == (
        KNOWN.title,
        KNOWN.budget_usd,
        KNOWN.category,
    )

    # The A2A id learned from that answer is the one used next time.
    ops.cancel(task)
    assert json.loads(recorder.requests[1].content)["params"] == {"id": "a2a-1"}


def test_get_cancel_and_note_over_a2a(make_client, recorder):
    ops = TaskOperations(make_client(a2a_server("canceled")), DOCUMENTED)
    assert ops.cancel(KNOWN).status == Status.CANCELLED

    ops = TaskOperations(make_client(a2a_server("working")), DOCUMENTED)
    noted = ops.note(KNOWN.model_copy(update={"status": Status.PROTOTYPING}), "Use UK spelling.")
    assert noted.status == Status.PROTOTYPING

    a2a_only = Capabilities(rest=frozenset(), a2a=True)
    ops = TaskOperations(make_client(a2a_server("completed")), a2a_only)
    assert ops.get(KNOWN).status == Status.REVIEW  # still review: completed, nothing chosen
    # Only an id known: the state alone decides.
    assert ops.get("rest-1").status == Status.REVIEW
    methods = [m for _, _, m in sent(recorder)]
    assert methods == ["tasks/cancel", "tasks/provideInput", "tasks/get", "tasks/get"]


def test_get_prefers_the_documented_rest_path(make_client, recorder):
    ops = TaskOperations(make_client(rest_server), DOCUMENTED)
    assert ops.get(KNOWN).status == Status.DELIVERING
    assert sent(recorder) == [("GET", "/api/v1/tasks/rest-1", None)]


def test_full_server_uses_our_rest_paths(make_client, recorder):
    ops = TaskOperations(make_client(rest_server), FULL)
    ops.select(KNOWN, "b-1")
    ops.cancel(KNOWN)
    ops.note(KNOWN, "Use UK spelling.")
    ops.remix(KNOWN)
    assert [path for _, path, _ in sent(recorder)] == [
        "/api/v1/tasks/rest-1/select",
        "/api/v1/tasks/rest-1/cancel",
        "/api/v1/tasks/rest-1/notes",
        "/api/v1/tasks/rest-1/remix",
    ]
    assert json.loads(recorder.requests[2].content) == {"text": "Use UK spelling."}
    with pytest.raises(ValueError):
        ops.select(KNOWN, None)  # our REST select names the bid


# -- nothing stands in: said plainly, nothing sent --------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda ops: ops.select(KNOWN, "b"), "AITasker does not yet let apps choose a bid."),
        (lambda ops: ops.cancel(KNOWN), "AITasker does not yet let apps cancel a task."),
        (
            lambda ops: ops.note(KNOWN, "x"),
            "AITasker does not yet let apps send notes to the agents.",
        ),
        (lambda ops: ops.remix(KNOWN), "AITasker does not yet let apps remix the bids."),
        (
            lambda ops: ops.extend_review(KNOWN),
            "AITasker does not yet let apps extend the review window.",
        ),
        (lambda ops: ops.delivery(KNOWN), "AITasker does not yet let apps fetch a delivery."),
        (lambda ops: ops.approve(KNOWN), "AITasker does not yet let apps approve a delivery."),
        (
            lambda ops: ops.request_revision(KNOWN, "More tips"),
            "AITasker does not yet let apps ask for a revision.",
        ),
        (
            lambda ops: ops.dispute(KNOWN, "Off brief"),
            "AITasker does not yet let apps dispute a delivery.",
        ),
        (lambda ops: ops.list_changed(None), "AITasker does not yet let apps list your tasks."),
    ],
)
def test_what_the_server_lacks_is_said_plainly(make_client, recorder, call, message):
    caps = Capabilities(rest=frozenset({Operation.CREATE, Operation.GET}), a2a=False)
    ops = TaskOperations(make_client(rest_server), caps)
    with pytest.raises(errors.NotAvailable) as info:
        call(ops)
    assert info.value.message == message
    assert info.value.hint == "You can do this on the AITasker website."
    assert recorder.requests == []


def test_can_answers_before_anything_is_tried(make_client):
    ops = TaskOperations(make_client(rest_server), DOCUMENTED)
    offered = {op for op in Operation if ops.can(op)}
    assert offered == {
        Operation.CREATE,
        Operation.GET,
        Operation.SELECT,
        Operation.CANCEL,
        Operation.NOTE,
    }
    assert not TaskOperations(make_client(rest_server), NOTHING).can(Operation.GET)


def test_a_create_over_a2a_carries_the_whole_brief(make_client, recorder):
    server = a2a_server("submitted", task_id="rest-9", amount_usd=8)
    ops = TaskOperations(make_client(server), Capabilities(rest=frozenset(), a2a=True))
    payload = {**to_create_payload(brief(), [], None), "metadata": {"ref": "PO-17"}}
    task = ops.create(payload, idempotency_key="sub-9")
    params = json.loads(recorder.requests[0].content)["params"]
    text, data = params["message"]["parts"]
    assert text == {"type": "text", "text": brief().description}
    assert data["data"] == {
        "category": "writing-translation",
        "task_type": "blog-post",
        "budget_usd": 8,
        "title": brief().title,
        "requirements": {"tone": "friendly", "word_count": 900},
        "metadata": {"ref": "PO-17"},
    }
    assert params["message"]["messageId"] == "sub-9"
    assert (task.id, task.a2a_id, task.status) == ("rest-9", "a2a-1", Status.OPEN)
    assert task.requirements == {"tone": "friendly", "word_count": 900}


def test_files_and_brand_kits_cannot_travel_over_a2a(make_client, recorder):
    ops = TaskOperations(make_client(a2a_server()), Capabilities(rest=frozenset(), a2a=True))
    payload = to_create_payload(brief(), ["upload-1"], None)
    with pytest.raises(errors.NotAvailable, match="attach files"):
        ops.create(payload, idempotency_key="k")
    payload = to_create_payload(brief(), [], "kit-1")
    with pytest.raises(errors.NotAvailable, match="use brand kits"):
        ops.create(payload, idempotency_key="k")
    assert recorder.requests == []


# -- against the real sandbox (today's REST paths) --------------------------------------------


def test_the_sandbox_routes_over_rest(sandbox):
    with AITaskerClient(sandbox.base_url, sandbox.api_key) as client:
        ops = TaskOperations(client, client.capabilities())
        payload = to_create_payload(brief(), [], None)
        first = ops.create(payload, idempotency_key=new_idempotency_key())
        second = ops.create(payload, idempotency_key=new_idempotency_key())
        assert first.status == Status.OPEN and first.title == brief().title

        sandbox.advance(TO_REVIEW)
        gallery = client.bids(first.id)
        best = max(gallery.presented_bids, key=lambda b: b.eval_score or 0)
        chosen = ops.select(ops.get(first), best.id)
        assert chosen.status == Status.DELIVERING and chosen.selected_bid_id == best.id
        assert ops.cancel(second).status == Status.CANCELLED
        tasks, _ = ops.list_changed(None)
        assert {t.id: t.status for t in tasks} == {
            first.id: Status.DELIVERING,
            second.id: Status.CANCELLED,
        }
