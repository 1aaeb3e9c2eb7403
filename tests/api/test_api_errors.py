"""Answers and failures become the right error, with plain messages."""

import ssl
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from aitasker_desktop.api import errors
from aitasker_desktop.api.decode import retry_after_seconds
from tests.api.conftest import sequence, task_json


def _get(make_client, response_or_exc, **kw):
    client = make_client(sequence(response_or_exc), max_attempts=1, **kw)
    return client


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, errors.AuthError),
        (403, errors.ForbiddenError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (500, errors.ServerError),
        (502, errors.ServerError),
        (503, errors.ServerError),
        (408, errors.TimeoutError_),
        (301, errors.BadResponse),
    ],
)
def test_status_maps_to_error(make_client, status, error):
    client = _get(make_client, httpx.Response(status, json={"detail": "Nope."}))
    with pytest.raises(error) as info:
        client.get_task("t1")
    assert info.value.status_code == status


def test_422_field_errors_are_plain_and_named_like_the_brief(make_client):
    detail = [
        {
            "loc": ["body", "title"],
            "msg": "String should have at least 5 characters",
            "type": "string_too_short",
            "ctx": {"min_length": 5},
        },
        {"loc": ["body", "brief"], "msg": "Field required", "type": "missing"},
        {
            "loc": ["body", "budget_usd"],
            "msg": "Input should be less than or equal to 300",
            "type": "less_than_equal",
            "ctx": {"le": 300},
        },
        {"loc": ["body", "experimentation"], "msg": "x", "type": "float_parsing"},
        {
            "loc": ["body", "requirements", "tone"],
            "msg": "Value error, tone unknown",
            "type": "value_error",
        },
    ]
    client = _get(make_client, httpx.Response(422, json={"detail": detail}))
    with pytest.raises(errors.ValidationError) as info:
        client.create_task({"title": "x"}, idempotency_key="k")
    fe = info.value.field_errors
    assert fe["title"] == "This is too short: use at least 5 characters."
    assert fe["description"] == "This is required."
    assert fe["budget_usd"] == "This can be at most 300."
    assert fe["experimentation"] == "This value is not in the right form."
    assert fe["requirements"] == "tone unknown"
    assert "5 of the fields" in info.value.message


def test_422_with_a_string_detail_shows_it(make_client):
    client = _get(
        make_client,
        httpx.Response(422, json={"detail": "This Idempotency-Key was used with another body."}),
    )
    with pytest.raises(errors.ValidationError) as info:
        client.create_task({}, idempotency_key="k")
    assert info.value.message == "This Idempotency-Key was used with another body."
    assert info.value.field_errors == {}


def test_402_carries_amount_balance_and_https_topup(make_client):
    detail = {
        "message": "Not enough credits.",
        "amount_usd": 25,
        "current_balance_usd": "3.5",
        "topup_url": "https://aitasker.co/billing",
    }
    client = _get(make_client, httpx.Response(402, json={"detail": detail}))
    with pytest.raises(errors.PaymentRequired) as info:
        client.create_task({}, idempotency_key="k")
    e = info.value
    assert (e.amount_usd, e.current_balance_usd) == (25.0, 3.5)
    assert e.topup_url == "https://aitasker.co/billing"
    assert e.message == "Not enough credits."


def test_402_refuses_a_non_https_topup_link(make_client):
    detail = {"amount_usd": 1, "topup_url": "javascript:alert(1)"}
    client = _get(make_client, httpx.Response(402, json={"detail": detail}))
    with pytest.raises(errors.PaymentRequired) as info:
        client.balance()
    assert info.value.topup_url is None


@pytest.mark.parametrize(
    ("base", "link", "to_open", "own"),
    [
        # The sandbox's top-up: plain http on the API's own origin. Not for a browser.
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765/sandbox/credits/top-up", None, True),
        ("http://127.0.0.1:8765", "http://127.0.0.1:9999/sandbox/credits/top-up", None, False),
        ("http://127.0.0.1:8765", "http://localhost:8765/top-up", None, False),
        ("https://api.example.test", "https://api.example.test/top-up", True, True),
        ("https://api.example.test", "https://aitasker.co/billing", True, False),
    ],
)
def test_402_keeps_a_top_up_link_on_the_apis_own_origin(make_client, base, link, to_open, own):
    detail = {"amount_usd": 4, "topup_url": link}
    client = _get(make_client, httpx.Response(402, json={"detail": detail}), base_url=base)
    with pytest.raises(errors.PaymentRequired) as info:
        client.balance()
    assert info.value.topup_url == (link if to_open else None)
    assert info.value.own_topup_url == (link if own else None)


def test_429_retry_after_seconds_and_http_date(make_client):
    client = _get(make_client, httpx.Response(429, headers={"Retry-After": "7"}))
    with pytest.raises(errors.RateLimited) as info:
        client.balance()
    assert info.value.retry_after == 7

    when = datetime.now(UTC) + timedelta(seconds=30)
    seconds = retry_after_seconds(format_datetime(when, usegmt=True))
    assert seconds is not None and 28 <= seconds <= 31
    assert retry_after_seconds("garbage") is None
    assert retry_after_seconds("-5") == 0


def test_detail_shown_only_when_plain_and_short(make_client):
    long = "x" * 2000
    client = _get(make_client, httpx.Response(404, json={"detail": long}))
    with pytest.raises(errors.NotFoundError) as info:
        client.get_task("t1")
    assert len(info.value.message) <= 300

    client = _get(make_client, httpx.Response(404, json={"detail": "<html><b>boom</b></html>"}))
    with pytest.raises(errors.NotFoundError) as info:
        client.get_task("t1")
    assert info.value.message == errors.NotFoundError.default_message

    client = _get(make_client, httpx.Response(500, text="Traceback (most recent call last)"))
    with pytest.raises(errors.ServerError) as server_error:
        client.get_task("t1")
    assert "Traceback" not in str(server_error.value)


def test_malformed_json_is_bad_response(make_client):
    client = _get(make_client, httpx.Response(200, content=b"{not json"))
    with pytest.raises(errors.BadResponse):
        client.get_task("t1")


def test_wrong_shape_is_bad_response(make_client):
    client = _get(make_client, httpx.Response(200, json=[1, 2, 3]))
    with pytest.raises(errors.BadResponse):
        client.get_task("t1")
    client = _get(make_client, httpx.Response(200, json={"title": "no id"}))
    with pytest.raises(errors.BadResponse):
        client.get_task("t1")


def test_oversize_answer_is_bad_response(make_client):
    big = {"id": "t1", "description": "x" * 5000}
    client = _get(make_client, httpx.Response(200, json=big), max_response_bytes=1000)
    with pytest.raises(errors.BadResponse) as info:
        client.get_task("t1")
    assert "larger" in info.value.message


def test_unknown_status_string_is_kept(make_client):
    client = _get(make_client, httpx.Response(200, json=task_json(status="quantum")))
    assert client.get_task("t1").status == "quantum"


@pytest.mark.parametrize(
    ("exc", "error"),
    [
        (httpx.ConnectError("refused"), errors.NetworkError),
        (httpx.ConnectTimeout("slow"), errors.TimeoutError_),
        (httpx.ReadTimeout("slow"), errors.TimeoutError_),
        (httpx.ReadError("reset"), errors.NetworkError),
        (httpx.RemoteProtocolError("eof"), errors.NetworkError),
    ],
)
def test_network_failures(make_client, exc, error):
    client = _get(make_client, exc)
    with pytest.raises(error) as info:
        client.get_task("t1")
    assert type(info.value) is error
    assert str(exc) not in str(info.value)


def test_certificate_failure_is_tls_error(make_client, recorder):
    cause = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] self-signed")

    def handler(request):
        try:
            raise cause
        except ssl.SSLError as e:
            raise httpx.ConnectError("ssl") from e

    client = make_client(handler)
    with pytest.raises(errors.TLSError) as info:
        client.get_task("t1")
    assert not info.value.retryable
    assert len(recorder.requests) == 1  # never retried
    assert recorder.sleeps == []
