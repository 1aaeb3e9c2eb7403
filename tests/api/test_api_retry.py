"""The retry rule: what is repeated, how long it waits, and what a create reports."""

import httpx
import pytest

from aitasker_desktop.api import errors
from tests.api.conftest import sequence, task_json

OK_TASK = httpx.Response(200, json=task_json())
CREATED = httpx.Response(201, json=task_json())


def test_get_retried_on_5xx_with_capped_full_jitter(make_client, recorder):
    client = make_client(
        sequence(httpx.Response(500)), max_attempts=8, backoff_base=0.5, backoff_cap=2.0
    )
    with pytest.raises(errors.ServerError):
        client.get_task("t1")
    assert len(recorder.requests) == 8
    assert len(recorder.sleeps) == 7
    for n, delay in enumerate(recorder.sleeps):
        assert 0 <= delay <= min(2.0, 0.5 * 2**n)
    assert len(set(recorder.sleeps)) == 7  # jittered, not fixed


def test_get_recovers_after_transient_failures(make_client, recorder):
    client = make_client(
        sequence(httpx.ConnectError("x"), httpx.ReadTimeout("x"), httpx.Response(502), OK_TASK)
    )
    assert client.get_task("t1").id == "t1"
    assert len(recorder.requests) == 4


def test_retry_after_is_honoured(make_client, recorder):
    limited = httpx.Response(429, headers={"Retry-After": "12"})
    client = make_client(sequence(limited, OK_TASK))
    client.get_task("t1")
    assert recorder.sleeps and recorder.sleeps[0] >= 12


def test_retry_after_beyond_the_cap_raises_at_once(make_client, recorder):
    limited = httpx.Response(429, headers={"Retry-After": "3600"})
    client = make_client(sequence(limited, OK_TASK), max_wait=60)
    with pytest.raises(errors.RateLimited) as info:
        client.get_task("t1")
    assert info.value.retry_after == 3600
    assert recorder.sleeps == []
    assert len(recorder.requests) == 1


def test_503_retry_after_honoured(make_client, recorder):
    busy = httpx.Response(503, headers={"Retry-After": "5"})
    client = make_client(sequence(busy, OK_TASK))
    client.get_task("t1")
    assert recorder.sleeps[0] >= 5


def test_401_stops_at_once(make_client, recorder):
    client = make_client(sequence(httpx.Response(401), OK_TASK))
    with pytest.raises(errors.AuthError):
        client.create_task({}, idempotency_key="k")
    assert len(recorder.requests) == 1
    assert recorder.sleeps == []


@pytest.mark.parametrize("status", [400, 402, 403, 404, 410, 422])
def test_other_4xx_not_retried(make_client, recorder, status):
    client = make_client(sequence(httpx.Response(status), OK_TASK))
    with pytest.raises(errors.ApiError):
        client.get_task("t1")
    assert len(recorder.requests) == 1


def test_408_retried_even_for_state_changes(make_client, recorder):
    client = make_client(sequence(httpx.Response(408), OK_TASK))
    client.approve("t1")
    assert len(recorder.requests) == 2


# -- create -------------------------------------------------------------------------------


def test_create_reuses_the_key_on_every_attempt(make_client, recorder):
    client = make_client(
        sequence(httpx.ReadTimeout("lost"), httpx.Response(500), httpx.ReadError("reset"), CREATED)
    )
    task = client.create_task({"title": "x"}, idempotency_key="sub-1")
    assert task.id == "t1"
    keys = {r.headers["Idempotency-Key"] for r in recorder.requests}
    assert keys == {"sub-1"}
    assert len(recorder.requests) == 4


def test_create_lost_answer_exhausted_is_outcome_unknown(make_client, recorder):
    client = make_client(sequence(httpx.ReadTimeout("lost")), max_attempts=3)
    with pytest.raises(errors.OutcomeUnknown):
        client.create_task({}, idempotency_key="k")
    assert len(recorder.requests) == 3


def test_create_never_sent_is_network_error_not_outcome_unknown(make_client):
    client = make_client(sequence(httpx.ConnectError("refused")), max_attempts=3)
    with pytest.raises(errors.NetworkError) as info:
        client.create_task({}, idempotency_key="k")
    assert type(info.value) is errors.NetworkError


def test_create_lost_then_refused_is_still_outcome_unknown(make_client):
    client = make_client(
        sequence(httpx.ReadError("reset"), httpx.ConnectError("refused")), max_attempts=3
    )
    with pytest.raises(errors.OutcomeUnknown):
        client.create_task({}, idempotency_key="k")


def test_create_500s_exhausted_is_outcome_unknown(make_client):
    client = make_client(sequence(httpx.Response(500)), max_attempts=2)
    with pytest.raises(errors.OutcomeUnknown):
        client.create_task({}, idempotency_key="k")


def test_create_409_in_flight_is_retried_after_a_short_wait(make_client, recorder):
    client = make_client(sequence(httpx.Response(409), CREATED), conflict_wait=1.5)
    assert client.create_task({}, idempotency_key="k").id == "t1"
    assert recorder.sleeps[0] >= 1.5


def test_create_requires_a_key(make_client):
    client = make_client(sequence(CREATED))
    with pytest.raises(ValueError):
        client.create_task({}, idempotency_key="")


# -- state changes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.approve("t1"),
        lambda c: c.select_bid("t1", "b1"),
        lambda c: c.cancel("t1"),
        lambda c: c.remix("t1"),
        lambda c: c.extend_review("t1"),
        lambda c: c.request_revision("t1", "more"),
        lambda c: c.dispute("t1", "wrong"),
    ],
)
def test_state_change_not_repeated_after_sending(make_client, recorder, call):
    client = make_client(sequence(httpx.ReadTimeout("lost"), OK_TASK))
    with pytest.raises(errors.OutcomeUnknown) as info:
        call(client)
    assert "Refresh" in info.value.hint
    assert len(recorder.requests) == 1


def test_state_change_repeated_when_never_sent(make_client, recorder):
    client = make_client(sequence(httpx.ConnectError("x"), httpx.ConnectTimeout("x"), OK_TASK))
    assert client.approve("t1").id == "t1"
    assert len(recorder.requests) == 3


@pytest.mark.parametrize("status", [429, 503])
def test_state_change_repeated_when_server_did_nothing(make_client, recorder, status):
    client = make_client(sequence(httpx.Response(status), OK_TASK))
    assert client.approve("t1").id == "t1"
    assert len(recorder.requests) == 2


@pytest.mark.parametrize("status", [500, 502, 504])
def test_state_change_not_repeated_on_server_error(make_client, recorder, status):
    client = make_client(sequence(httpx.Response(status), OK_TASK))
    with pytest.raises(errors.ServerError):
        client.approve("t1")
    assert len(recorder.requests) == 1


def test_409_on_a_state_change_is_a_conflict(make_client, recorder):
    client = make_client(sequence(httpx.Response(409, json={"detail": "Already approved."})))
    with pytest.raises(errors.ConflictError) as info:
        client.approve("t1")
    assert info.value.message == "Already approved."
    assert len(recorder.requests) == 1
