"""Helpers for the client's tests: a scripted fake server over httpx.MockTransport."""

import random
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from aitasker_desktop.api.client import AITaskerClient

FAKE_KEY = "aitk_test_SECRET1234567890abcdefXYZ"
BASE = "https://api.example.test"

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """Records every request the client sends and every sleep it takes; its clock moves
    only when the client sleeps, so waits are decided as they would be, without waiting."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []
        self.now = 1000.0

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def make_client(recorder: Recorder) -> Iterator[Callable[..., AITaskerClient]]:
    clients: list[AITaskerClient] = []

    def make(handler: Handler, **kwargs: Any) -> AITaskerClient:
        def record(request: httpx.Request) -> httpx.Response:
            request.read()
            recorder.requests.append(request)
            return handler(request)

        kwargs.setdefault("sleep", recorder.sleep)
        kwargs.setdefault("clock", recorder.clock)
        kwargs.setdefault("rng", random.Random(7))
        client = AITaskerClient(
            kwargs.pop("base_url", BASE),
            kwargs.pop("api_key", FAKE_KEY),
            transport=httpx.MockTransport(record),
            **kwargs,
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def task_json(task_id: str = "t1", status: str = "open", **extra: Any) -> dict[str, Any]:
    return {"id": task_id, "title": "A task", "status": status, **extra}


def sequence(*responses: httpx.Response | Exception) -> Handler:
    """A handler answering each request with the next item (an exception is raised)."""
    items = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        item = items.pop(0) if len(items) > 1 else items[0]
        if isinstance(item, Exception):
            raise item
        # A fresh copy each time: a response's stream can be read only once.
        return httpx.Response(item.status_code, headers=item.headers, content=item.content)

    return handler
