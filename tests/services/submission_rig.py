"""A SubmissionService against the real sandbox on loopback and a real store, with a wire
that records what was sent and plays faults (offline, lost answers) on request."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import httpx

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.domain.brief import Brief, Draft
from aitasker_desktop.domain.protocol import IDEMPOTENCY_HEADER
from aitasker_desktop.domain.task import Task
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services.connection import Connection
from aitasker_desktop.services.drafts import DraftsService
from aitasker_desktop.services.runner import Runner
from aitasker_desktop.services.submission import SubmissionService
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.outbox import Outbox

TASKS_PATH = "/api/v1/tasks"


class Wire(httpx.BaseTransport):
    """Forwards to the sandbox, records what was sent, and plays faults on request."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.offline = False
        self.lose_answers = 0  # how many create answers to drop after the server acted
        self.sent: list[tuple[str, str, str | None]] = []  # method, path, idempotency key
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.sent.append(
                (request.method, request.url.path, request.headers.get(IDEMPOTENCY_HEADER))
            )
            offline = self.offline
        if offline:
            raise httpx.ConnectError("connection refused", request=request)
        response = self.inner.handle_request(request)
        is_create = request.method == "POST" and request.url.path == TASKS_PATH
        with self._lock:
            lose = is_create and self.lose_answers > 0
            if lose:
                self.lose_answers -= 1
        if lose:
            response.read()
            response.close()
            raise httpx.ReadError("connection reset by peer", request=request)
        return response

    def creates(self) -> list[str | None]:
        with self._lock:
            return [
                key for method, path, key in self.sent if method == "POST" and path == TASKS_PATH
            ]

    def close(self) -> None:
        self.inner.close()


@dataclass
class Rig:
    sandbox: EmbeddedSandbox
    wire: Wire
    store: Store
    runner: Runner
    connection: Connection
    drafts: DraftsService
    outbox: Outbox
    service: SubmissionService
    events: list[tuple[str, str]] = field(default_factory=list)

    def posted(self) -> list[Task]:
        with AITaskerClient(self.sandbox.base_url, self.sandbox.api_key) as plain:
            return plain.list_tasks().tasks


def a_draft(title: str = "Blog post about green tea", budget: float = 5.0, **kw: object) -> Draft:
    brief = Brief(
        title=title,
        description="An 800-word blog post for tea lovers about brewing green tea well.",
        category="writing-translation",
        task_type="blog-post",
        budget_usd=budget,
        **kw,
    )
    return Draft(brief=brief)
