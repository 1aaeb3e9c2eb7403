"""Contract tests: AITasker's documented shapes, as the client decodes them.

The JSON in tests/api/fixtures/ is written by hand from what AITasker documents
(../shared/platform.md), not produced by the sandbox, so these tests hold the client to the
platform, not to our own server. The transport is mocked: these are shape tests.
"""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from aitasker_desktop.api import errors
from aitasker_desktop.api.operations import TaskOperations
from aitasker_desktop.domain.capabilities import Capabilities, Operation
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.domain.task import Task

FIXTURES = Path(__file__).parent / "fixtures"
TASK_ID = "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def serve(name: str, status: int = 200):
    """A handler answering every request with the fixture (a JSON-RPC one echoes the id)."""

    def handler(request: httpx.Request) -> httpx.Response:
        data = fixture(name)
        if isinstance(data, dict) and data.get("id") == "ECHO":
            data["id"] = json.loads(request.content)["id"]
        return httpx.Response(status, json=data)

    return handler


# -- REST ------------------------------------------------------------------------------------


def test_task_object(make_client, recorder):
    task = make_client(serve("task")).get_task(TASK_ID)
    assert recorder.requests[0].url.path == f"/api/v1/tasks/{TASK_ID}"
    assert task.id == TASK_ID
    assert task.title == "Blog post: green tea for busy office workers"
    assert task.budget_usd == 25.5
    assert task.price_usd == 25.5
    assert task.status == Status.PROTOTYPING
    assert task.requirements["seo_keywords"] == ["green tea", "focus"]
    assert task.created_at == datetime(2025, 3, 4, 9, 15, tzinfo=UTC)
    assert task.attachments is None and task.brand_kit_id is None
    assert task.compute_budget is None and task.prototype_tier is None


def test_task_with_an_unknown_status_and_attachment_urls(make_client):
    task = make_client(serve("task_unknown_status")).get_task("x")
    assert task.status == "awaiting_buyer_signoff"  # shown verbatim
    assert task.known_status is None
    assert task.attachments == ["https://files.aitasker.co/u/brief-sketch.png"]
    assert task.compute_budget == 4.75 and task.prototype_tier == 2
    assert task.expires_at is None


def test_bid_gallery(make_client):
    gallery = make_client(serve("bid_gallery")).bids(TASK_ID)
    assert gallery.task is not None and gallery.task.status == Status.REVIEW
    assert [b.agent_name for b in gallery.presented_bids] == ["Quill", "Leafwriter"]
    quill = gallery.bids[0]
    assert quill.bid_price_usd == 19.99
    assert quill.eval_score == 0.85
    assert quill.eval_breakdown == {"relevance": 0.9, "brief_adherence": 0.82, "quality": 0.84}
    assert quill.artifacts[0].url == "https://files.aitasker.co/p/b-101/prototype.md"
    assert quill.artifacts[0].name == "prototype.md"
    assert gallery.bids[1].agent_tier == 2
    assert gallery.bids[2].status == "declined"
    assert gallery.total_bids_generated == 7
    assert gallery.remix_available and gallery.remix_fee_usd == 1
    assert gallery.review_extensions_remaining == 2


def test_categories_with_slug_and_object_task_types(make_client):
    catalog = make_client(serve("categories")).catalog()
    assert [c.slug for c in catalog.categories] == [
        "writing-translation",
        "graphics-design",
        "data",
        "digital-marketing",
    ]
    writing = catalog.category("writing-translation")
    assert writing is not None and writing.name == "Writing & Translation"
    assert [t.slug for t in writing.task_types] == ["blog-post", "article", "copywriting"]
    logo = catalog.task_type("graphics-design", "logo-design")
    assert logo is not None and logo.name == "Logo design"  # no name sent: from the slug
    sheet = catalog.task_type("data", "spreadsheet")
    assert sheet is not None and sheet.name == "Spreadsheet"
    # Without ranges from the catalog, the reference's 3 to 300 USD.
    assert catalog.budget_range("writing-translation", "blog-post") == (3.0, 300.0)


def test_balance(make_client, recorder):
    balance = make_client(serve("balance")).balance()
    assert recorder.requests[0].url.path == "/api/v1/a2a/credits/balance"
    assert balance.balance_usd == 10.0
    assert balance.total_spent_usd == 0.0
    assert balance.held_usd is None  # our extension, absent on AITasker


def test_payment_required(make_client):
    client = make_client(serve("payment_required_402", status=402))
    with pytest.raises(errors.PaymentRequired) as info:
        client.create_task({"title": "x"}, idempotency_key="k")
    assert info.value.amount_usd == 25.5
    assert info.value.current_balance_usd == 3.25
    assert info.value.topup_url == "https://aitasker.co/dashboard/credits"
    assert info.value.message == "Insufficient credits for this task."


def test_validation_errors_name_every_field(make_client):
    client = make_client(serve("validation_422", status=422))
    with pytest.raises(errors.ValidationError) as info:
        client.create_task({"title": "x"}, idempotency_key="k")
    assert info.value.field_errors == {
        "budget_usd": "This can be at most 300.",
        "title": "This is too long: use at most 200 characters.",
        "category": "This is required.",
    }
    assert info.value.message == "AITasker could not accept 3 of the fields."


# -- A2A -------------------------------------------------------------------------------------


def test_a2a_send_result(make_client, recorder):
    client = make_client(serve("a2a_send_result"))
    task = client.a2a.send_message(
        "A 900-word blog post on green tea for busy office workers.",
        category="writing-translation",
        task_type="blog-post",
        budget_usd=4,
        message_id="sub-1",
    )
    assert task.id == "a2a-task-71c0"
    assert task.state == "submitted"
    assert task.rest_id == TASK_ID
    assert task.payment_method == "prepaid" and task.amount_usd == 4
    sent = json.loads(recorder.requests[0].content)
    assert recorder.requests[0].url.path == "/api/v1/a2a/rpc"
    assert sent["jsonrpc"] == "2.0" and sent["method"] == "message/send"
    parts = sent["params"]["message"]["parts"]
    assert parts[0] == {
        "type": "text",
        "text": "A 900-word blog post on green tea for busy office workers.",
    }
    assert parts[1] == {
        "type": "data",
        "data": {"category": "writing-translation", "task_type": "blog-post", "budget_usd": 4},
    }
    assert sent["params"]["message"]["role"] == "user"
    assert sent["params"]["payment"] == {"method": "prepaid"}


def test_a2a_get_result_prototypes_and_scores(make_client, recorder):
    task = make_client(serve("a2a_get_result")).a2a.get("a2a-task-71c0")
    assert json.loads(recorder.requests[0].content)["params"] == {"id": "a2a-task-71c0"}
    assert task.state == "completed"
    assert [p.name for p in task.prototypes] == ["prototype-1", "prototype-2", "prototype-3"]
    assert [p.score for p in task.prototypes] == [0.85, 0.78, 0.6]
    assert task.prototypes[1].text == (
        "Why your 3 pm slump loves green tea.\n\nTip one: brew below boiling."
    )
    assert task.prototypes[2].text == ""
    assert task.task_id is None and task.rest_id == "a2a-task-71c0"


def test_a2a_select_cancel_and_provide_input(make_client, recorder):
    client = make_client(serve("a2a_select_result"))
    selected = client.a2a.select_bid("a2a-task-71c0", "b-101")
    assert selected.selected_bid_id == "b-101" and selected.state == "working"
    assert json.loads(recorder.requests[-1].content)["params"] == {
        "id": "a2a-task-71c0",
        "bidId": "b-101",
    }
    client.a2a.select_bid("a2a-task-71c0")  # the platform picks the best-scored bid
    assert json.loads(recorder.requests[-1].content)["params"] == {"id": "a2a-task-71c0"}

    cancelled = make_client(serve("a2a_cancel_result")).a2a.cancel("a2a-task-71c0")
    assert cancelled.state == "canceled"

    client = make_client(serve("a2a_provide_input_result"))
    assert client.a2a.provide_input("a2a-task-71c0", "Please use UK spelling.").state == "working"
    assert json.loads(recorder.requests[-1].content)["params"] == {
        "id": "a2a-task-71c0",
        "message": {"role": "user", "parts": [{"type": "text", "text": "Please use UK spelling."}]},
    }


def test_a2a_payment_failure_is_payment_required(make_client):
    client = make_client(serve("a2a_error_payment"))
    with pytest.raises(errors.PaymentRequired) as info:
        client.a2a.send_message(
            "A brief long enough.", category="c", task_type="t", budget_usd=4, message_id="m"
        )
    assert info.value.amount_usd == 4
    assert info.value.current_balance_usd == 1.5
    assert info.value.topup_url == "https://aitasker.co/dashboard/credits"
    assert info.value.message == "Payment required: insufficient prepaid credits."


def test_a2a_method_not_found_is_not_supported(make_client):
    client = make_client(serve("a2a_error_method_not_found"))
    with pytest.raises(errors.MethodNotSupported) as info:
        client.a2a.provide_input("a2a-task-71c0", "A note")
    assert info.value.method == "tasks/provideInput"
    assert info.value.message == "AITasker does not yet let apps send notes to the agents."
    assert isinstance(info.value, errors.NotAvailable)


def test_a2a_invalid_params_and_parse_errors_are_plain(make_client):
    client = make_client(serve("a2a_error_invalid_params"))
    with pytest.raises(errors.ValidationError) as info:
        client.a2a.get("x")
    assert info.value.message == "Invalid params: budget_usd must be a number"

    client = make_client(serve("a2a_error_parse"))
    with pytest.raises(errors.ApiError) as err:
        client.a2a.get("x")
    assert err.value.message == "AITasker could not read the app's request."


# -- routing over documented shapes -----------------------------------------------------------


def test_a_task_posted_over_a2a_is_a_task_with_its_rest_id(make_client):
    caps = Capabilities(rest=frozenset(), a2a=True, source="probe")
    ops = TaskOperations(make_client(serve("a2a_send_result")), caps)
    task = ops.create(
        {
            "title": "Blog post: green tea",
            "description": "A 900-word blog post on green tea for busy office workers.",
            "category": "writing-translation",
            "task_type": "blog-post",
            "budget_usd": 4,
        },
        idempotency_key="sub-1",
    )
    assert isinstance(task, Task)
    assert task.id == TASK_ID and task.a2a_id == "a2a-task-71c0"
    assert task.status == Status.OPEN
    assert task.title == "Blog post: green tea" and task.budget_usd == 4
    assert ops.can(Operation.NOTE) and not ops.can(Operation.REMIX)
