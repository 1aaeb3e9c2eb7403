"""Nothing a client sends may make the sandbox answer 500."""

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aitasker_desktop.sandbox import conventions as p
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox

from .helpers import GOOD, make_client

# json.dumps writes NaN and Infinity as the bare tokens a sloppy client might send.
JSON = {"Content-Type": "application/json"}
UNLIMITED: dict[str, Any] = {
    "create_per_minute": 10**9,
    "task_reads_per_minute": 10**9,
    "default_per_minute": 10**9,
    "suggestions_per_hour": 10**9,
    "generate_per_hour": 10**9,
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
# Bodies that look like a create, with any field replaced by anything.
create_bodies = st.builds(
    lambda changes: {**GOOD, **changes},
    st.dictionaries(
        st.sampled_from(
            [*GOOD, "brief", "metadata", "attachments", "brand_kit_id", "experimentation", "title"]
        ),
        json_values,
        max_size=4,
    ),
)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """One real server for the module (hypothesis runs many examples per test)."""
    data_dir = tmp_path_factory.mktemp("robust")
    with EmbeddedSandbox(data_dir, speed=0, **UNLIMITED) as sb, make_client(sb) as client:
        client.post("/sandbox/credits/top-up", json={"amount_usd": 100_000})
        yield client


settings_ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@settings_
@given(body=create_bodies | json_values)
def test_create_never_500s(api: httpx.Client, body: Any) -> None:
    response = api.post(p.TASKS, content=json.dumps(body), headers=JSON)
    assert response.status_code in (201, 402, 422), response.text


@settings_
@given(
    body=json_values,
    path=st.sampled_from(
        [p.SELECT, p.REVISION, p.DISPUTE, p.CANCEL, p.REMIX, p.EXTEND_REVIEW, p.APPROVE]
    ),
    task_id=st.text(max_size=40),
)
def test_actions_never_500(api: httpx.Client, body: Any, path: str, task_id: str) -> None:
    url = path.format(task_id=quote(task_id, safe="") or "x")
    response = api.post(url, content=json.dumps(body), headers=JSON)
    assert response.status_code < 500, response.text


@settings_
@given(since=st.text(max_size=50), limit=st.text(max_size=8))
def test_listing_never_500s(api: httpx.Client, since: str, limit: str) -> None:
    response = api.get(p.TASKS, params={"since": since, "limit": limit})
    assert response.status_code in (200, 422), response.text


@settings_
@given(
    raw=st.binary(max_size=200),
    path=st.sampled_from(
        [p.TASKS, p.BRAND_KITS, p.BRIEF_SUGGESTIONS, p.UPLOADS, "/sandbox/clock/advance"]
    ),
)
def test_garbage_bodies_never_500(api: httpx.Client, raw: bytes, path: str) -> None:
    response = api.post(path, content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code < 500, response.text


def test_deeply_nested_json_is_refused_not_crashed(api: httpx.Client) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    response = api.post(p.TASKS, content=deep, headers={"Content-Type": "application/json"})
    assert response.status_code in (400, 413, 422)
