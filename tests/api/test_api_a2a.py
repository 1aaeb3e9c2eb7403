"""The A2A client's safety: what is repeated, how errors read, and malformed answers."""

import json
from typing import Any

import httpx
import pytest

from aitasker_desktop.api import errors
from aitasker_desktop.api.decode import MAX_JSON_DEPTH
from tests.api.conftest import FAKE_KEY


def rpc_result(request: httpx.Request, result: Any) -> httpx.Response:
    rpc_id = json.loads(request.content)["id"]
    return httpx.Response(200, json={"jsonrpc": "2.0", "id": rpc_id, "result": result})


def rpc_error(request: httpx.Request, code: int, message: str, data: Any = None) -> httpx.Response:
    rpc_id = json.loads(request.content)["id"]
    error: dict[str, Any] = {"code": code, "message": message}
    if data is not None:
        error["data"] = data
    return httpx.Response(200, json={"jsonrpc": "2.0", "id": rpc_id, "error": error})


TASK = {"id": "a2a-1", "status": {"state": "submitted"}, "metadata": {"task_id": "rest-1"}}


def script(*steps):
    """Each request gets the next step: an exception to raise, or a function of the request."""
    queue = list(steps)

    def handler(request: httpx.Request) -> httpx.Response:
        step = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(step, Exception):
            raise step
        response: httpx.Response = step(request)
        return response

    return handler


def ok(request: httpx.Request) -> httpx.Response:
    return rpc_result(request, TASK)


def send(client):
    return client.a2a.send_message(
        "A brief that is long enough for agents.",
        category="writing-translation",
        task_type="blog-post",
        budget_usd=4,
        message_id="submission-1",
    )


# -- message/send: repeated only when it certainly was not processed ------------------------


def test_send_is_repeated_when_nothing_reached_the_server(make_client, recorder):
    client = make_client(script(httpx.ConnectError("refused"), ok))
    assert send(client).rest_id == "rest-1"
    assert len(recorder.requests) == 2
    for request in recorder.requests:
        assert request.headers["Idempotency-Key"] == "submission-1"
        assert json.loads(request.content)["params"]["message"]["messageId"] == "submission-1"


def test_send_is_repeated_after_429_once_the_window_passes(make_client, recorder):
    limited = httpx.Response(429, headers={"Retry-After": "3"}, json={"detail": "Slow down."})
    client = make_client(script(lambda r: limited, ok))
    assert send(client).id == "a2a-1"
    assert recorder.sleeps == [3.0]
    assert len(recorder.requests) == 2


@pytest.mark.parametrize(
    "fault",
    [
        httpx.ReadError("reset after the server read it"),
        httpx.ReadTimeout("no answer"),
        lambda r: httpx.Response(500),
        lambda r: httpx.Response(502),
        lambda r: rpc_error(r, -32603, "Internal error."),
    ],
    ids=["reset", "timeout", "500", "502", "rpc-internal-error"],
)
def test_send_that_may_have_been_processed_is_never_repeated(make_client, recorder, fault):
    client = make_client(script(fault, ok), max_attempts=5)
    with pytest.raises(errors.CreateUnconfirmed) as info:
        send(client)
    assert len(recorder.requests) == 1
    assert not isinstance(info.value, errors.OutcomeUnknown)  # nothing may repeat it
    assert "Check your tasks" in info.value.hint


def test_send_refused_by_the_server_is_its_plain_error(make_client, recorder):
    client = make_client(script(lambda r: rpc_error(r, -32004, "Budget below the minimum.")))
    with pytest.raises(errors.ConflictError) as info:
        send(client)
    assert info.value.message == "Budget below the minimum."
    assert len(recorder.requests) == 1


# -- the other methods -----------------------------------------------------------------------


def test_get_is_repeated_after_transient_failures(make_client, recorder):
    client = make_client(
        script(
            lambda r: httpx.Response(503), httpx.ReadError("x"), lambda r: httpx.Response(500), ok
        )
    )
    assert client.a2a.get("a2a-1").state == "submitted"
    assert len(recorder.requests) == 4


@pytest.mark.parametrize("method", ["cancel", "select", "note"])
def test_state_changes_are_not_repeated_after_a_lost_answer(make_client, recorder, method):
    client = make_client(script(httpx.ReadError("x"), ok), max_attempts=5)
    with pytest.raises(errors.OutcomeUnknown):
        if method == "cancel":
            client.a2a.cancel("a2a-1")
        elif method == "select":
            client.a2a.select_bid("a2a-1", "b1")
        else:
            client.a2a.provide_input("a2a-1", "Use UK spelling.")
    assert len(recorder.requests) == 1


def test_state_changes_are_repeated_when_not_sent(make_client, recorder):
    client = make_client(script(httpx.ConnectError("x"), ok))
    client.a2a.provide_input("a2a-1", "Use UK spelling.")
    assert len(recorder.requests) == 2


# -- errors in plain words -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (-32001, errors.NotFoundError),
        (-32002, errors.ConflictError),
        (-32004, errors.ConflictError),
        (-32603, errors.ServerError),
        (-31999, errors.ApiError),
    ],
)
def test_error_codes_map_to_typed_errors(make_client, code, kind):
    client = make_client(script(lambda r: rpc_error(r, code, "That task is not here.")))
    with pytest.raises(kind) as info:
        client.a2a.get("a2a-1")
    assert type(info.value) is kind


def test_invalid_params_name_the_fields(make_client):
    data = {
        "errors": [
            {
                "loc": ["params", "message", "parts", 1, "data", "budget_usd"],
                "msg": "Input should be greater than or equal to 3",
                "type": "greater_than_equal",
                "ctx": {"ge": 3},
            },
            {
                "loc": ["params", "message", "parts", 0, "text"],
                "msg": "String should have at least 20 characters",
                "type": "string_too_short",
                "ctx": {"min_length": 20},
            },
        ]
    }
    client = make_client(script(lambda r: rpc_error(r, -32602, "Invalid params.", data)))
    with pytest.raises(errors.ValidationError) as info:
        send(client)
    assert info.value.field_errors == {
        "budget_usd": "This must be at least 3.",
        "description": "This is too short: use at least 20 characters.",
    }


def test_the_key_never_reaches_a_message(make_client):
    echo = f"Bad key {FAKE_KEY} for this task"
    link = f"https://aitasker.co/topup?key={FAKE_KEY}"
    client = make_client(
        script(lambda r: rpc_error(r, -32000, echo, {"amount_usd": 4, "topup_url": link}))
    )
    with pytest.raises(errors.PaymentRequired) as info:
        send(client)
    assert FAKE_KEY not in info.value.message
    assert "[API key]" in info.value.message
    assert info.value.topup_url is None  # a link carrying the key is not offered

    client = make_client(script(lambda r: rpc_error(r, -32000, "<b>bad</b>")))
    with pytest.raises(errors.ApiError) as plain:
        client.a2a.get("x")
    assert plain.value.message == errors.ApiError.default_message


def test_no_a2a_endpoint_is_not_available_in_plain_words(make_client):
    client = make_client(lambda r: httpx.Response(404, json={"detail": "Not Found"}))
    with pytest.raises(errors.NotAvailable) as info:
        client.a2a.cancel("a2a-1")
    assert info.value.message == "AITasker does not yet let apps cancel a task."


def test_a_retry_after_from_rest_holds_back_a2a_too(make_client, recorder):
    limited = httpx.Response(429, headers={"Retry-After": "50"})

    def handler(request: httpx.Request) -> httpx.Response:
        return limited if request.url.path.startswith("/api/v1/tasks") else ok(request)

    client = make_client(handler, max_attempts=1)
    with pytest.raises(errors.RateLimited):
        client.get_task("t1")
    with pytest.raises(errors.RateLimited) as info:
        client.a2a.get("a2a-1")
    assert len(recorder.requests) == 1
    assert "about 50 seconds" in info.value.message


# -- malformed answers -----------------------------------------------------------------------


def _raw(body: bytes):
    return lambda r: httpx.Response(200, content=body)


@pytest.mark.parametrize(
    "answer",
    [
        lambda r: httpx.Response(200, content=b"<html>Gateway</html>"),
        lambda r: httpx.Response(200, json=[1, 2]),
        lambda r: httpx.Response(200, json={"jsonrpc": "1.0", "id": 1, "result": {}}),
        lambda r: httpx.Response(
            200, json={"jsonrpc": "2.0", "id": "someone-else", "result": TASK}
        ),
        lambda r: rpc_result(r, "not an object"),
        lambda r: rpc_result(r, {"status": {"state": "working"}}),  # no id
        lambda r: httpx.Response(200, json={"jsonrpc": "2.0", "id": json.loads(r.content)["id"]}),
        lambda r: httpx.Response(
            200, json={"jsonrpc": "2.0", "id": json.loads(r.content)["id"], "error": "boom"}
        ),
        _raw(b'{"jsonrpc": "2.0", "id": "x", "result": ' + b"[" * 5000 + b"]" * 5000 + b"}"),
    ],
    ids=[
        "html",
        "list",
        "jsonrpc-1",
        "other-id",
        "result-text",
        "result-no-id",
        "neither",
        "error-text",
        "deep",
    ],
)
def test_malformed_answers_are_bad_responses(make_client, answer):
    client = make_client(script(answer), max_attempts=1)
    with pytest.raises(errors.BadResponse):
        client.a2a.get("a2a-1")


def test_an_answer_nested_to_the_bound_is_read(make_client):
    deep: Any = "x"
    for _ in range(MAX_JSON_DEPTH - 3):  # envelope, result and metadata are three levels
        deep = {"a": deep}
    client = make_client(script(lambda r: rpc_result(r, {**TASK, "metadata": {"deep": deep}})))
    assert client.a2a.get("a2a-1").metadata["deep"]["a"]


def test_an_oversized_answer_is_refused(make_client):
    big = {**TASK, "artifacts": [{"name": "p", "parts": [{"type": "text", "text": "x" * 300_000}]}]}
    client = make_client(script(lambda r: rpc_result(r, big)), max_response_bytes=100_000)
    with pytest.raises(errors.BadResponse, match="larger"):
        client.a2a.get("a2a-1")
