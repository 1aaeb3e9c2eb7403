"""The brief generator through the real client: against the sandbox (fields and the uses
left from its rate-limit headers) and against answers a sandbox would not give."""

from __future__ import annotations

import httpx
import pytest

from aitasker_desktop.api import errors
from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox


def test_a_drafted_brief_with_the_uses_left(tmp_path) -> None:
    with (
        EmbeddedSandbox(tmp_path, generate_per_hour=2) as sb,
        AITaskerClient(sb.base_url, sb.api_key, attempt_timeout=30, max_attempts=1) as client,
    ):
        drafted = client.draft_brief(
            "A wordmark for my bakery", category="graphics-design", task_type="wordmark"
        )
        assert "wordmark for my bakery" in drafted.description
        assert (drafted.category, drafted.task_type) == ("graphics-design", "wordmark")
        assert drafted.budget_usd == 45.0
        assert (drafted.uses_limit, drafted.uses_left) == (2, 1)
        assert client.draft_brief("A flyer").uses_left == 0
        with pytest.raises(errors.RateLimited) as info:
            client.draft_brief("A third one")
        assert info.value.retry_after and info.value.retry_after > 60


def _client(answer: httpx.Response) -> AITaskerClient:
    return AITaskerClient(
        "http://127.0.0.1:9",
        "aitk_test_x",
        transport=httpx.MockTransport(lambda _request: answer),
        max_attempts=1,
        sleep=lambda _s: None,
    )


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, json=[1, 2]),
        httpx.Response(200, json={"title": "no brief"}),
        httpx.Response(200, json={"description": 42}),
        httpx.Response(200, text="<html>oops</html>"),
    ],
)
def test_an_answer_without_a_brief_is_a_bad_response(answer: httpx.Response) -> None:
    with _client(answer) as client, pytest.raises(errors.BadResponse):
        client.draft_brief("A logo")


def test_a_bare_string_answer_and_no_headers() -> None:
    with _client(httpx.Response(200, json="Write a calm logo.")) as client:
        drafted = client.draft_brief("A logo")
    assert drafted.description == "Write a calm logo."
    assert drafted.uses_left is None and drafted.uses_limit is None
