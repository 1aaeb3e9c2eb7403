"""Retry-After is kept once per client: while AITasker's window is open, no call is sent."""

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request

from aitasker_desktop.api import errors
from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.api.net import DeadlineTransport
from aitasker_desktop.sandbox import app as sandbox_app
from aitasker_desktop.sandbox import embedded
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from tests.api.conftest import task_json
from tests.sample_brief import post

OK_TASK = httpx.Response(200, json=task_json())


# -- with a scripted server and a clock that moves only when the client sleeps -----------------


def test_one_calls_retry_after_holds_back_every_other_call(make_client, recorder):
    answers = {"/api/v1/tasks/t1": [httpx.Response(429, headers={"Retry-After": "20"})]}

    def handler(request: httpx.Request) -> httpx.Response:
        queue = answers.get(request.url.path)
        if queue:
            return queue.pop(0)
        if request.url.path.endswith("/balance"):
            return httpx.Response(200, json={"balance_usd": 10})
        return httpx.Response(200, json=task_json())

    client = make_client(handler, max_attempts=1, max_wait=30)
    with pytest.raises(errors.RateLimited):
        client.get_task("t1")
    start = recorder.now
    assert len(recorder.requests) == 1

    # Another call, on another path: it waits out the window, then is sent.
    assert client.balance().balance_usd == 10
    assert recorder.sleeps == [20.0]
    assert len(recorder.requests) == 2
    assert recorder.now - start == 20.0


def test_a_wait_past_the_bound_fails_at_once_saying_how_long(make_client, recorder):
    client = make_client(sequence_of(429, retry_after="45"), max_wait=30)
    with pytest.raises(errors.RateLimited) as info:
        client.get_task("t1")
    assert len(recorder.requests) == 1
    assert recorder.sleeps == []
    assert info.value.retry_after == 45
    assert info.value.message == (
        "AITasker asked the app to wait about 45 seconds before sending more requests."
    )
    assert info.value.hint == "Try again in about 45 seconds."

    # The window is still open: the next call sends nothing and says what is left.
    recorder.now += 10
    with pytest.raises(errors.RateLimited) as info:
        client.balance()
    assert len(recorder.requests) == 1
    assert info.value.retry_after == 35
    assert "about 35 seconds" in info.value.message


def test_a_long_window_is_said_in_minutes(make_client):
    client = make_client(sequence_of(429, retry_after="3600"))
    with pytest.raises(errors.RateLimited) as info:
        client.get_task("t1")
    assert info.value.message == (
        "AITasker asked the app to wait about 60 minutes before sending more requests."
    )


def test_one_call_never_waits_more_than_its_bound_in_all(make_client, recorder):
    """Before: three attempts could each wait 59 s. Now the waits of one call add up to at
    most max_wait, whatever mix of Retry-After and backoff."""
    client = make_client(sequence_of(429, retry_after="12"), max_attempts=10, max_wait=30)
    with pytest.raises(errors.RateLimited) as info:
        client.get_task("t1")
    assert recorder.sleeps == [12.0, 12.0]
    assert len(recorder.requests) == 3
    assert "about 12 seconds" in info.value.message

    recorder.sleeps.clear()
    recorder.now += 100
    client = make_client(sequence_of(500), max_attempts=50, max_wait=5, backoff_cap=2.0)
    with pytest.raises(errors.ServerError):
        client.get_task("t1")
    assert 0 < sum(recorder.sleeps) <= 5


def test_503_with_retry_after_closes_the_gate_too(make_client, recorder):
    client = make_client(sequence_of(503, retry_after="8"), max_attempts=1, max_wait=5)
    with pytest.raises(errors.ServerError):
        client.get_task("t1")
    with pytest.raises(errors.RateLimited) as info:  # 8 s to wait, 5 s allowed
        client.balance()
    assert "about 8 seconds" in info.value.message
    assert len(recorder.requests) == 1


def test_a_create_held_back_by_the_gate_was_certainly_not_sent(make_client, recorder):
    client = make_client(sequence_of(429, retry_after="50"), max_attempts=1)
    with pytest.raises(errors.RateLimited):
        client.get_task("t1")
    with pytest.raises(errors.RateLimited):  # not OutcomeUnknown: nothing was sent
        client.create_task({"title": "x"}, idempotency_key="k")
    assert len(recorder.requests) == 1


def test_closing_the_client_wakes_a_call_waiting_at_the_gate():
    """A call waiting out a long window does not hold the app's shutdown: close() ends it."""
    limited = httpx.Response(429, headers={"Retry-After": "600"})
    transport = httpx.MockTransport(lambda r: limited if "tasks" in r.url.path else OK_TASK)
    client = AITaskerClient(
        "https://api.example.test",
        "aitk_test_x",
        transport=transport,
        max_attempts=1,
        max_wait=900,
    )
    with pytest.raises(errors.RateLimited):  # the window opens for 600 s
        client.get_task("t1")
    outcome: list[BaseException] = []
    waiting = threading.Event()

    def wait_at_the_gate() -> None:
        waiting.set()
        try:
            client.balance()
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=wait_at_the_gate)
    thread.start()
    waiting.wait()
    client.close()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert len(outcome) == 1 and type(outcome[0]) is errors.NetworkError
    assert outcome[0].message == "The app stopped talking to AITasker before this was done."


def test_a_call_on_a_closed_client_is_a_typed_error():
    transport = httpx.MockTransport(lambda r: OK_TASK)
    client = AITaskerClient("https://api.example.test", "aitk_test_x", transport=transport)
    client.close()
    with pytest.raises(errors.NetworkError):
        client.get_task("t1")


def sequence_of(status: int, retry_after: str | None = None):
    headers = {"Retry-After": retry_after} if retry_after else {}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, json={"detail": "Slow down."})

    return handler


# -- against the real sandbox, with its limits lowered ----------------------------------------


@dataclass
class Received:
    """What the sandbox's app was asked, in order: (monotonic time, method, path, status)."""

    log: list[tuple[float, str, str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return len(self.log)

    def statuses(self) -> list[int]:
        with self.lock:
            return [entry[3] for entry in self.log]


@pytest.fixture
def counted_sandbox(tmp_path, monkeypatch) -> Iterator[tuple[EmbeddedSandbox, Received]]:
    """A real sandbox on loopback whose app records every request it receives."""
    received = Received()
    real_create_app = sandbox_app.create_app

    def create_app(*args: Any, **kwargs: Any) -> FastAPI:
        app = real_create_app(*args, **kwargs)

        @app.middleware("http")
        async def record(request: Request, call_next: Any) -> Any:
            arrived = time.monotonic()
            response = await call_next(request)
            with received.lock:
                received.log.append(
                    (arrived, request.method, request.url.path, response.status_code)
                )
            return response

        return app

    monkeypatch.setattr(embedded, "create_app", create_app)
    with EmbeddedSandbox(tmp_path, create_per_minute=2) as sb:
        with httpx.Client(trust_env=False) as raw:  # sandbox-only: credits for many tasks
            raw.post(
                sb.base_url + "/sandbox/credits/top-up",
                json={"amount_usd": 1000},
                headers={"Authorization": f"Bearer {sb.api_key}"},
            ).raise_for_status()
        yield sb, received


def test_four_workers_send_nothing_inside_the_window(counted_sandbox):
    sb, received = counted_sandbox
    with AITaskerClient(sb.base_url, sb.api_key, max_wait=1.0) as client:
        post(client)
        post(client)
        with pytest.raises(errors.RateLimited) as first:
            post(client)
        assert received.statuses() == [200, 200, 201, 201, 429]  # health, top-up, ...
        asked = first.value.retry_after
        assert asked is not None and 1 <= asked <= 60

        before = received.count()
        failures: list[BaseException] = []
        outcomes: list[str] = []
        start = threading.Barrier(4)

        def worker(n: int) -> None:
            start.wait()
            for i in range(5):
                for call in (
                    lambda i=i: post(client, title=f"Worker {n} task {i}"),
                    lambda i=i: client.get_task(f"w{n}-{i}"),
                    client.balance,
                    client.catalog,
                ):
                    try:
                        call()
                    except errors.RateLimited as exc:
                        outcomes.append(exc.message)
                    except BaseException as exc:
                        failures.append(exc)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    assert failures == []
    assert len(outcomes) == 4 * 5 * 4
    assert all(m.startswith("AITasker asked the app to wait about ") for m in outcomes)
    assert received.count() == before  # not one request inside the window


class _Tagging(httpx.BaseTransport):
    """The real transport, noting which thread sent each request and when."""

    def __init__(self) -> None:
        self.inner = DeadlineTransport()
        self.sent: list[tuple[float, int]] = []
        self.lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.sent.append((time.monotonic(), threading.get_ident()))
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def test_racing_workers_stop_as_soon_as_any_of_them_learns_of_the_window(counted_sandbox):
    """Four workers post at once. A request already on its way when the first 429 arrives
    cannot be called back, but once a worker has been told to wait, it sends nothing more."""
    sb, received = counted_sandbox
    tagging = _Tagging()
    told: dict[int, float] = {}
    start = threading.Barrier(4)
    with AITaskerClient(sb.base_url, sb.api_key, transport=tagging, max_wait=1.0) as client:

        def worker(n: int) -> None:
            start.wait()
            for i in range(6):
                try:
                    post(client, title=f"Racing worker {n} task {i}")
                    client.balance()
                except errors.RateLimited:
                    told.setdefault(threading.get_ident(), time.monotonic())

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    assert len(told) == 4  # every worker was told to wait
    for when, thread in tagging.sent:
        if thread in told:
            assert when < told[thread], "a worker sent a request after it was told to wait"
    assert received.statuses().count(201) == 2
    assert received.count() == len(tagging.sent) + 2  # + the health check and the top-up
