"""Fault injection: hundreds of create submissions over a transport that fails on purpose.

Each submission has its own Idempotency-Key and, like the app's outbox, is re-submitted with
that same key until it gets an answer. Whatever the faults, the sandbox must end up holding
exactly one task per submission.
"""

import random
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from aitasker_desktop.api import errors
from aitasker_desktop.api.client import AITaskerClient, new_idempotency_key
from aitasker_desktop.api.net import DeadlineTransport
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from tests.api.conftest import Recorder

SUBMISSIONS = 300
SEED = 20240611


class FaultyTransport(httpx.BaseTransport):
    """Wraps a real transport; for each request, by a seeded draw, one of:

    - connect timeout / refused before anything is sent;
    - the request reaches the server, which commits, and the answer is dropped (reset);
    - the request is sent and the answer times out while the server is still working
      (the next attempt may find the same key in flight: 409);
    - 429 with Retry-After, or 503, without forwarding (the server did nothing);
    - 500 without forwarding, or 500 after the server committed;
    - passed through untouched.
    """

    def __init__(self, inner: httpx.BaseTransport, rng: random.Random) -> None:
        self.inner = inner
        self.rng = rng
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._background: list[threading.Thread] = []

    def _forward(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        response.close()
        return response

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            r = self.rng.random()
        if r < 0.10:
            self.counts["connect_timeout"] += 1
            raise httpx.ConnectTimeout("injected")
        if r < 0.15:
            self.counts["connect_refused"] += 1
            raise httpx.ConnectError("injected")
        if r < 0.30:
            self.counts["reset_after_commit"] += 1
            self._forward(request)
            raise httpx.ReadError("injected: connection reset after the server committed")
        if r < 0.35:
            self.counts["timeout_in_flight"] += 1
            request.read()
            t = threading.Thread(target=self._forward, args=(request,), daemon=True)
            t.start()
            self._background.append(t)
            raise httpx.ReadTimeout("injected: no answer yet")
        if r < 0.42:
            self.counts["429"] += 1
            return httpx.Response(429, headers={"Retry-After": "1"}, json={"detail": "slow"})
        if r < 0.45:
            self.counts["503"] += 1
            return httpx.Response(503)
        if r < 0.49:
            self.counts["500_before"] += 1
            return httpx.Response(500)
        if r < 0.53:
            self.counts["500_after_commit"] += 1
            self._forward(request)
            return httpx.Response(500)
        self.counts["passed"] += 1
        response = self.inner.handle_request(request)
        response.read()
        if response.status_code == 409:
            self.counts["answered_409_in_flight"] += 1
        return httpx.Response(
            response.status_code, headers=response.headers, content=response.content
        )

    def close(self) -> None:
        for t in self._background:
            t.join(timeout=10)
        self.inner.close()


@pytest.fixture
def roomy_sandbox(tmp_path) -> Iterator[EmbeddedSandbox]:
    limits: dict[str, Any] = {"create_per_minute": 100_000, "task_reads_per_minute": 100_000}
    with EmbeddedSandbox(tmp_path, **limits) as sb:
        with httpx.Client(trust_env=False, timeout=60) as raw:
            raw.post(
                sb.base_url + "/sandbox/credits/top-up",
                json={"amount_usd": 100_000},
                headers={"Authorization": f"Bearer {sb.api_key}"},
            ).raise_for_status()
        yield sb


def test_one_task_per_submission_under_faults(roomy_sandbox, capsys):
    sb = roomy_sandbox
    rng = random.Random(SEED)
    faulty = FaultyTransport(DeadlineTransport(), rng)
    time = Recorder()  # waits are decided, not slept: its clock moves as the client sleeps
    outcomes: Counter[str] = Counter()
    calls = 0
    with AITaskerClient(
        sb.base_url,
        sb.api_key,
        transport=faulty,
        sleep=time.sleep,
        clock=time.clock,
        rng=random.Random(SEED),
        max_attempts=4,
        conflict_wait=0.05,
    ) as client:
        for n in range(SUBMISSIONS):
            key = new_idempotency_key()
            payload = {
                "title": f"Fault injection task {n}",
                "description": "A short blog post about resilient networking, for testing.",
                "category": "writing-translation",
                "task_type": "blog-post",
                "budget_usd": 5,
                "metadata": {"submission": n},
            }
            for _ in range(50):  # the outbox: same key until there is an answer
                calls += 1
                try:
                    task = client.create_task(payload, idempotency_key=key)
                except errors.OutcomeUnknown:
                    outcomes["outcome_unknown"] += 1
                    continue
                except (errors.NetworkError, errors.ServerError, errors.RateLimited) as exc:
                    outcomes[type(exc).__name__] += 1
                    continue
                assert task.metadata == {"submission": n}
                outcomes["created"] += 1
                break
            else:
                pytest.fail(f"submission {n} never got an answer")
    faulty.close()

    with AITaskerClient(sb.base_url, sb.api_key) as clean:
        tasks, _ = clean.list_changed(None)
    per_submission = Counter(t.metadata["submission"] for t in tasks if t.metadata)
    assert len(tasks) == SUBMISSIONS
    assert set(per_submission) == set(range(SUBMISSIONS))
    assert max(per_submission.values()) == 1
    tries = sum(v for k, v in faulty.counts.items() if not k.startswith("answered"))
    with capsys.disabled():
        print(
            f"\nfault injection: submissions={SUBMISSIONS} create_calls={calls} "
            f"http_tries={tries} tasks={len(tasks)} faults={dict(faulty.counts)} "
            f"outcomes={dict(outcomes)}"
        )
    assert faulty.counts["reset_after_commit"] > 20
    assert faulty.counts["500_after_commit"] > 5
