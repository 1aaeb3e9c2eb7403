"""A2A JSON-RPC 2.0 over HTTP on both surfaces: the five methods, and what goes wrong."""

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from aitasker_desktop.sandbox import conventions as p
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox

from .helpers import GOOD, make_client

BRIEF = GOOD["description"]
DATA = {"category": "writing-translation", "task_type": "blog-post", "budget_usd": 4}
TO_REVIEW = 10 + 20 + 420


@pytest.fixture(params=[p.Surface.FULL, p.Surface.DOCUMENTED])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EmbeddedSandbox]:
    with EmbeddedSandbox(tmp_path / "a2a", speed=0, surface=request.param) as sb:
        yield sb


@pytest.fixture
def http(server: EmbeddedSandbox) -> Iterator[httpx.Client]:
    with make_client(server) as c:
        yield c


def call(http: httpx.Client, method: str, params: Any, rpc_id: Any = "1") -> dict[str, Any]:
    answer = http.post(
        p.A2A_RPC, json={"jsonrpc": "2.0", "id": rpc_id, "method": method, "params": params}
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    assert body["jsonrpc"] == "2.0" and body["id"] == rpc_id
    assert ("result" in body) != ("error" in body)
    return body


def ok(http: httpx.Client, method: str, params: Any) -> dict[str, Any]:
    body = call(http, method, params)
    assert "result" in body, body
    result: dict[str, Any] = body["result"]
    return result


def error(http: httpx.Client, method: str, params: Any) -> dict[str, Any]:
    body = call(http, method, params)
    assert "error" in body, body
    failure: dict[str, Any] = body["error"]
    assert isinstance(failure["message"], str) and failure["message"]
    return failure


def send(http: httpx.Client, text: str = BRIEF, **data: Any) -> dict[str, Any]:
    message = {
        "role": "user",
        "parts": [{"type": "text", "text": text}, {"type": "data", "data": {**DATA, **data}}],
    }
    return ok(http, "message/send", {"message": message, "payment": {"method": "prepaid"}})


def test_send_creates_the_task_the_rest_api_shows(http: httpx.Client) -> None:
    result = send(http, title="Launch post for our app")
    assert result["status"] == {"state": "submitted"}
    meta = result["metadata"]
    assert meta["payment_method"] == "prepaid" and meta["amount_usd"] == 4.0
    # The A2A id is its own; metadata.task_id is the REST uuid.
    assert result["id"] != meta["task_id"] and uuid.UUID(result["id"])
    task = http.get(p.TASK.format(task_id=meta["task_id"])).json()
    assert task["title"] == "Launch post for our app" and task["description"] == BRIEF
    assert task["budget_usd"] == 4.0 and task["status"] == "open"
    assert http.get(p.BALANCE).json()["held_usd"] == 4.0
    # Without a title, one is made from the brief.
    untitled = send(http)
    titled = http.get(p.TASK.format(task_id=untitled["metadata"]["task_id"])).json()
    assert titled["title"].startswith("A blog post of 800 words")
    assert p.TITLE_MIN <= len(titled["title"]) <= p.TITLE_MAX


def test_get_maps_states_and_shows_prototypes(server: EmbeddedSandbox, http: httpx.Client) -> None:
    sent = send(http)
    for any_id in (sent["id"], sent["metadata"]["task_id"]):  # either id is accepted
        got = ok(http, "tasks/get", {"id": any_id})
        assert got["id"] == sent["id"] and got["status"]["state"] == "submitted"
        assert got["artifacts"] == []
    server.advance(10)
    assert ok(http, "tasks/get", {"id": sent["id"]})["status"]["state"] == "working"
    server.advance(20 + 420)
    got = ok(http, "tasks/get", {"id": sent["id"]})
    assert got["status"]["state"] == "completed"
    gallery = http.get(p.BIDS.format(task_id=sent["metadata"]["task_id"])).json()
    assert len(got["artifacts"]) == len(gallery["bids"]) >= 3
    for n, (artifact, bid) in enumerate(zip(got["artifacts"], gallery["bids"], strict=True), 1):
        assert artifact["name"] == f"prototype-{n}"
        assert artifact["description"] == f"Score: {bid['eval_score'] / 10:.2f}"
        [part] = artifact["parts"]
        assert part["type"] == "text" and bid["id"] in part["text"]
        assert bid["agent_name"] in part["text"]


def test_select_without_a_bid_takes_the_best_scored(
    server: EmbeddedSandbox, http: httpx.Client
) -> None:
    sent = send(http)
    task_id = sent["metadata"]["task_id"]
    early = error(http, "tasks/selectBid", {"id": sent["id"]})
    assert early["code"] == p.RpcCode.UNSUPPORTED_OPERATION and "review" in early["message"]
    server.advance(TO_REVIEW)
    bids = http.get(p.BIDS.format(task_id=task_id)).json()["bids"]
    best = max(bids, key=lambda b: b["eval_score"])
    chosen = ok(http, "tasks/selectBid", {"id": sent["id"]})
    assert chosen["status"]["state"] == "working"
    assert chosen["metadata"] == {"task_id": task_id, "selected_bid_id": best["id"]}
    task = http.get(p.TASK.format(task_id=task_id)).json()
    assert task["status"] == "delivering" and task["selected_bid_id"] == best["id"]
    server.advance(600)  # delivery ready: the buyer's move again
    assert ok(http, "tasks/get", {"id": task_id})["status"]["state"] == "completed"


def test_select_a_named_bid(server: EmbeddedSandbox, http: httpx.Client) -> None:
    sent = send(http)
    server.advance(TO_REVIEW)
    bids = http.get(p.BIDS.format(task_id=sent["metadata"]["task_id"])).json()["bids"]
    worst = min(bids, key=lambda b: b["eval_score"])
    unknown = error(http, "tasks/selectBid", {"id": sent["id"], "bidId": "no-such-bid"})
    assert unknown["code"] == p.RpcCode.INVALID_PARAMS
    assert unknown["data"]["errors"][0]["loc"] == ["params", "bidId"]
    chosen = ok(http, "tasks/selectBid", {"id": sent["id"], "bidId": worst["id"]})
    assert chosen["metadata"]["selected_bid_id"] == worst["id"]


def test_cancel_refunds_and_then_is_not_cancelable(http: httpx.Client) -> None:
    sent = send(http, budget_usd=9)
    assert http.get(p.BALANCE).json()["held_usd"] == 9.0
    canceled = ok(http, "tasks/cancel", {"id": sent["id"]})
    assert canceled["status"] == {"state": "canceled"}
    assert http.get(p.BALANCE).json()["held_usd"] == 0.0
    task = http.get(p.TASK.format(task_id=sent["metadata"]["task_id"])).json()
    assert task["status"] == "cancelled"
    again = error(http, "tasks/cancel", {"id": sent["id"]})
    assert again["code"] == p.RpcCode.TASK_NOT_CANCELABLE


def test_provide_input_is_kept_and_read_by_the_agents(
    server: EmbeddedSandbox, http: httpx.Client
) -> None:
    sent = send(http)
    note = "Please mention our free trial in the last paragraph."
    message = {"role": "user", "parts": [{"type": "text", "text": note}]}
    answered = ok(http, "tasks/provideInput", {"id": sent["id"], "message": message})
    assert answered["status"]["state"] == "submitted"  # the task's real state
    task = http.get(p.TASK.format(task_id=sent["metadata"]["task_id"])).json()
    last = task["history"][-1]
    assert last["kind"] == "note" and note in last["note"] and last["status"] == "open"
    server.advance(TO_REVIEW)
    got = ok(http, "tasks/get", {"id": sent["id"]})
    assert got["artifacts"] and all(note in a["parts"][0]["text"] for a in got["artifacts"])
    bids = http.get(p.BIDS.format(task_id=sent["metadata"]["task_id"])).json()["bids"]
    assert all("free trial" in b["agent_message"] for b in bids)


def test_a_note_before_a_remix_reaches_only_the_new_prototypes(tmp_path: Path) -> None:
    with EmbeddedSandbox(tmp_path, speed=0) as server, make_client(server) as http:
        sent = send(http)
        server.advance(TO_REVIEW)
        before = ok(http, "tasks/get", {"id": sent["id"]})["artifacts"]
        note = "Use British spelling throughout."
        message = {"role": "user", "parts": [{"type": "text", "text": note}]}
        ok(http, "tasks/provideInput", {"id": sent["id"], "message": message})
        assert not any(note in a["parts"][0]["text"] for a in before)
        task_id = sent["metadata"]["task_id"]
        assert http.post(p.REMIX.format(task_id=task_id)).status_code == 200
        server.advance(20 + 420)
        after = ok(http, "tasks/get", {"id": sent["id"]})["artifacts"]
        assert after and all(note in a["parts"][0]["text"] for a in after)


def test_a_note_on_a_finished_task_is_refused(http: httpx.Client) -> None:
    sent = send(http)
    ok(http, "tasks/cancel", {"id": sent["id"]})
    message = {"role": "user", "parts": [{"type": "text", "text": "One more thing"}]}
    refused = error(http, "tasks/provideInput", {"id": sent["id"], "message": message})
    assert refused["code"] == p.RpcCode.UNSUPPORTED_OPERATION


def test_payment_failure_carries_the_documented_data(tmp_path: Path) -> None:
    with (
        EmbeddedSandbox(tmp_path, speed=0, starting_credit_usd=3) as server,
        make_client(server) as http,
    ):
        failure = error(
            http,
            "message/send",
            {
                "message": {
                    "role": "user",
                    "parts": [{"type": "text", "text": BRIEF}, {"type": "data", "data": DATA}],
                }
            },
        )
        assert failure["code"] == p.RpcCode.PAYMENT_REQUIRED
        assert failure["data"] == {
            "amount_usd": 4.0,
            "current_balance_usd": 3.0,
            "topup_url": server.base_url + p.TOP_UP,
        }
        assert http.get(p.TASKS).json()["tasks"] == []


def test_bad_params_name_every_field(http: httpx.Client) -> None:
    failure = error(
        http,
        "message/send",
        {
            "message": {
                "role": "user",
                "parts": [
                    {"type": "text", "text": "too short"},
                    {
                        "type": "data",
                        "data": {"category": "writing-translation", "budget_usd": "5"},
                    },
                ],
            }
        },
    )
    assert failure["code"] == p.RpcCode.INVALID_PARAMS
    where = [tuple(e["loc"]) for e in failure["data"]["errors"]]
    data = ("params", "message", "parts", 1, "data")
    assert (*data, "task_type") in where and (*data, "budget_usd") in where
    assert ("params", "message", "parts", 0, "text") in where
    for params in (
        {},
        {"message": {"role": "agent", "parts": [{"type": "text", "text": BRIEF}]}},
        {"message": {"role": "user", "parts": []}},
        {"message": {"role": "user", "parts": [{"type": "text", "text": BRIEF}]}},
        {"message": {"role": "user", "parts": [{"type": "image", "url": "x"}]}},
    ):
        assert error(http, "message/send", params)["code"] == p.RpcCode.INVALID_PARAMS, params
    for method in ("tasks/get", "tasks/cancel", "tasks/selectBid", "tasks/provideInput"):
        assert error(http, method, {})["code"] == p.RpcCode.INVALID_PARAMS
        assert error(http, method, {"id": 5})["code"] == p.RpcCode.INVALID_PARAMS
    missing = error(http, "tasks/get", {"id": str(uuid.uuid4())})
    assert missing["code"] == p.RpcCode.TASK_NOT_FOUND


RAW_CASES: list[tuple[bytes, int, Any]] = [
    (b"{not json", p.RpcCode.PARSE_ERROR, None),
    (b"", p.RpcCode.PARSE_ERROR, None),
    (b"\xff\xfe", p.RpcCode.PARSE_ERROR, None),
    (b'{"jsonrpc": "2.0", "id": 1, "method": "tasks/get", "params": {"id": NaN}}', -32700, None),
    (b"[" * 50_000 + b"]" * 50_000, p.RpcCode.PARSE_ERROR, None),
    (b"[]", p.RpcCode.INVALID_REQUEST, None),
    (b'[{"jsonrpc": "2.0", "id": 1, "method": "tasks/get"}]', p.RpcCode.INVALID_REQUEST, None),
    (b'"hello"', p.RpcCode.INVALID_REQUEST, None),
    (b'{"id": 7, "method": "tasks/get", "params": {}}', p.RpcCode.INVALID_REQUEST, 7),
    (b'{"jsonrpc": "1.0", "id": "a", "method": "tasks/get"}', p.RpcCode.INVALID_REQUEST, "a"),
    (b'{"jsonrpc": "2.0", "method": "tasks/get", "params": {}}', p.RpcCode.INVALID_REQUEST, None),
    (b'{"jsonrpc": "2.0", "id": true, "method": "tasks/get"}', p.RpcCode.INVALID_REQUEST, None),
    (b'{"jsonrpc": "2.0", "id": 1.5, "method": "tasks/get"}', p.RpcCode.INVALID_REQUEST, None),
    (b'{"jsonrpc": "2.0", "id": "b", "method": 12}', p.RpcCode.INVALID_REQUEST, "b"),
    (b'{"jsonrpc": "2.0", "id": "c", "method": "tasks/list"}', p.RpcCode.METHOD_NOT_FOUND, "c"),
    (b'{"jsonrpc": "2.0", "id": "d", "method": "message/stream"}', -32601, "d"),
    (b'{"jsonrpc": "2.0", "id": "e", "method": "tasks/get", "params": [1]}', -32602, "e"),
]


def test_malformed_and_unknown_requests(http: httpx.Client) -> None:
    for raw, code, echoed in RAW_CASES:
        answer = http.post(p.A2A_RPC, content=raw, headers={"Content-Type": "application/json"})
        assert answer.status_code == 200, (raw[:60], answer.text)
        body = answer.json()
        assert body["jsonrpc"] == "2.0" and body["id"] == echoed, raw[:60]
        assert body["error"]["code"] == code, (raw[:60], body)
        assert "result" not in body
    assert http.get(p.CATEGORIES).status_code == 200  # still serving, same connection


def test_transport_failures_stay_http(server: EmbeddedSandbox) -> None:
    with httpx.Client(base_url=server.base_url, trust_env=False, timeout=60) as anon:
        no_key = anon.post(p.A2A_RPC, json={"jsonrpc": "2.0", "id": 1, "method": "tasks/get"})
        assert no_key.status_code == 401 and no_key.headers["WWW-Authenticate"] == "Bearer"
        card = anon.get(p.AGENT_CARD).json()
        assert card["url"] == server.base_url + p.A2A_RPC and card["skills"]
    with make_client(server) as http:
        huge = b'{"jsonrpc": "2.0", "id": 1, "method": "tasks/get", "params": {"id": "'
        huge += b"x" * (p.MAX_JSON_BODY + 10) + b'"}}'
        answer = http.post(p.A2A_RPC, content=huge, headers={"Content-Type": "application/json"})
        assert answer.status_code == 413
