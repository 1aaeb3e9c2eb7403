"""Malformed answers of every kind end as a typed error with a plain message, never a crash."""

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aitasker_desktop.api import decode, errors
from tests.api.conftest import task_json

DEPTH = decode.MAX_JSON_DEPTH


def nested(depth: int, kind: str = "dict") -> Any:
    """A value `depth` levels deep, built without recursion."""
    value: Any = "bottom"
    for _ in range(depth):
        value = {"a": value} if kind == "dict" else [value]
    return value


def deep_bytes(depth: int) -> bytes:
    """A JSON text `depth` levels deep, written directly (json.dumps would recurse)."""
    return b'{"detail": ' + b"[" * depth + b"]" * depth + b"}"


CALLS = {
    "get_task": lambda c: c.get_task("t1"),
    "list_tasks": lambda c: c.list_tasks(),
    "catalog": lambda c: c.catalog(),
    "balance": lambda c: c.balance(),
    "create": lambda c: c.create_task({"title": "x"}, idempotency_key="k1"),
    "cancel": lambda c: c.cancel("t1"),
}


@pytest.mark.parametrize("status", [200, 201, 400, 402, 404, 409, 422, 429, 500, 503])
@pytest.mark.parametrize("call", sorted(CALLS))
def test_deeply_nested_answers_are_typed_errors(make_client, status, call):
    body = deep_bytes(50_000)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"Content-Type": "application/json"})

    client = make_client(handler, max_attempts=2)
    with pytest.raises(errors.ApiError) as info:
        CALLS[call](client)
    assert info.value.message and "Recursion" not in info.value.message
    assert "{" not in info.value.message and "[" not in info.value.message
    if status < 300:
        assert isinstance(info.value, errors.BadResponse)
        assert "nested too deeply" in info.value.message


def test_the_depth_bound_is_exact(make_client):
    """Metadata as deep as the bound allows is kept whole; one level more is refused."""
    allowed = task_json(metadata=nested(DEPTH - 1))  # the task itself is one level
    client = make_client(lambda r: httpx.Response(200, json=allowed))
    task = client.get_task("t1")
    depth, value = 0, task.metadata
    while isinstance(value, dict):
        depth, value = depth + 1, value["a"]
    assert depth == DEPTH - 1

    refused = task_json(metadata=nested(DEPTH))
    client = make_client(lambda r: httpx.Response(200, json=refused))
    with pytest.raises(errors.BadResponse, match="nested too deeply"):
        client.get_task("t1")


def test_brackets_inside_strings_do_not_count(make_client):
    title = "[" * 5000 + '\\"{' * 3000 + "\\\\"
    client = make_client(lambda r: httpx.Response(200, json=task_json(title=title)))
    assert client.get_task("t1").title == title


def test_escaped_quotes_cannot_hide_brackets(make_client):
    """An escaped quote does not end a string, and an escaped backslash does not escape."""
    body = b'{"id": "t1", "title": "\\\\", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    client = make_client(lambda r: httpx.Response(200, content=body))
    with pytest.raises(errors.BadResponse, match="nested too deeply"):
        client.get_task("t1")


def test_a_422_nested_deeply_keeps_its_meaning(make_client):
    """The field errors cannot be read, but the person still learns the input was refused."""
    client = make_client(lambda r: httpx.Response(422, content=deep_bytes(5000)))
    with pytest.raises(errors.ValidationError) as info:
        client.create_task({"title": "x"}, idempotency_key="k")
    assert info.value.field_errors == {}
    assert info.value.message == errors.ValidationError.default_message


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_non_finite_numbers_are_not_json(make_client, constant):
    body = b'{"id": "t1", "budget_usd": ' + constant + b"}"
    client = make_client(lambda r: httpx.Response(200, content=body))
    with pytest.raises(errors.BadResponse):
        client.get_task("t1")


json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(
    max_examples=150,
    deadline=None,  # a busy machine is slow, not wrong
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    status=st.sampled_from([200, 201, 401, 402, 404, 409, 422, 429, 500]),
    body=st.one_of(
        json_values.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=200),
        st.integers(1, 3000).map(deep_bytes),
        json_values.map(lambda v: json.dumps({"id": "t1", "metadata": v}).encode()),
    ),
    call=st.sampled_from(sorted(CALLS)),
)
def test_any_answer_is_a_value_or_a_typed_error(make_client, status, body, call):
    client = make_client(lambda r: httpx.Response(status, content=body), max_attempts=1)
    try:
        CALLS[call](client)
    except errors.ApiError as exc:
        assert exc.message
