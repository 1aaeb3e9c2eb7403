"""Requests and bytes of one polling cycle on the sandbox when one task changed.

For 10, 1,000 and 10,000 tasks: create them in bulk, sync everything once, change one task,
then poll with `GET /api/v1/tasks?since=<cursor>` (following `has_more`) and count requests
and response bytes. The cost must follow what changed, not how many tasks exist.

Then a hostile server that answers every listing page full and with `has_more` forever:
one tracker cycle (`poll_pages`, as the tracker runs it) reads at most its page cap, writes
each page to the cache as it comes, and holds one page at a time: poll_endless_pages is the
pages one cycle read, poll_endless_peak_mb the most Python memory it held at once (traced).

Then a server without the list (the sandbox's `documented` surface): the tracker follows the
tasks it knows by id. With 100 tasks that keep moving (the sandbox's clock stands still),
ten simulated minutes of the tracker's by-id cycles (`poll_by_id`, waking as the tracker
does: its fast interval, or later when the read budget is spent) are run against the real
server and every request counted: poll_requests_per_minute_100_active, which must stay under
a tenth of the documented read limit (300 a minute).

    python bench/poll_cost.py
"""

import sys
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aitasker_desktop.api.client import AITaskerClient, new_idempotency_key
from aitasker_desktop.api.operations import TaskOperations
from aitasker_desktop.domain import protocol as p
from aitasker_desktop.domain.capabilities import Operation
from aitasker_desktop.domain.follow import FollowPlan
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services.follow_poll import poll_by_id
from aitasker_desktop.services.task_listing import poll_pages
from aitasker_desktop.services.tracker import Intervals
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.task_cache import TaskCache

SIZES = (10, 1_000, 10_000)


def poll(client: httpx.Client, cursor: str | None) -> tuple[str, int, int, int]:
    """(new cursor, requests, body bytes, tasks) of one full cycle."""
    requests = size = tasks = 0
    while True:
        params: dict[str, str | int] = {p.LIST_LIMIT_PARAM: p.LIST_MAX_LIMIT}
        if cursor is not None:
            params[p.LIST_SINCE_PARAM] = cursor
        response = client.get(p.TASKS, params=params)
        response.raise_for_status()
        requests += 1
        size += len(response.content)
        page = response.json()
        tasks += len(page["tasks"])
        cursor = page["cursor"]
        if not page["has_more"]:
            assert cursor is not None
            return cursor, requests, size, tasks


def measure(count: int) -> tuple[int, int, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        limits: dict[str, Any] = {
            "task_reads_per_minute": 1_000_000,
            "default_per_minute": 1_000_000,
        }
        with EmbeddedSandbox(Path(tmp), speed=0, **limits) as sb:
            headers = {"Authorization": f"Bearer {sb.api_key}"}
            with httpx.Client(
                base_url=sb.base_url, headers=headers, trust_env=False, timeout=120
            ) as client:
                client.post("/sandbox/tasks/bulk", json={"count": count}).raise_for_status()
                cursor, full_requests, full_bytes, synced = poll(client, None)
                assert synced == count
                any_task = client.get(p.TASKS, params={"limit": 1}).json()["tasks"][0]
                client.post(p.CANCEL.format(task_id=any_task["id"])).raise_for_status()
                _cursor, requests, size, changed = poll(client, cursor)
                assert changed == 1
                return requests, size, full_requests, full_bytes


def endless(request: httpx.Request) -> httpx.Response:
    """Every page full, every page says there is more."""
    limit = int(request.url.params[p.LIST_LIMIT_PARAM])
    start = int(request.url.params.get(p.LIST_SINCE_PARAM, "0") or 0)
    tasks = [
        {"id": f"e{n}", "title": f"Endless {n}", "status": "completed", "description": "x" * 2000}
        for n in range(start, start + limit)
    ]
    return httpx.Response(
        200, json={"tasks": tasks, "cursor": str(start + limit), "has_more": True}
    )


def measure_endless() -> tuple[int, float, int]:
    """(pages read in one cycle, peak traced MB during it, tasks cached)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "app.sqlite")
        cache = TaskCache(store, "endless")
        client = AITaskerClient(
            "http://127.0.0.1:9", "aitk_test_endless", transport=httpx.MockTransport(endless)
        )
        pages: list[int] = []
        tracemalloc.start()
        poll_pages(client, cache, None, lambda merged: pages.append(len(merged)))
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        count = cache.count()
        client.close()
        store.close()
        return len(pages), peak / 1e6, count


class Counting(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.requests = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return super().handle_request(request)


def measure_by_id(active: int = 100, minutes: float = 10.0) -> tuple[float, int]:
    """(requests a minute, tasks read at least twice) following `active` moving tasks."""
    brief = {
        "category": "writing-translation",
        "task_type": "blog-post",
        "budget_usd": 4.0,
        "title": "A moving task",
        "description": "A 600-word blog post for a bench: friendly tone, three tips, summary.",
    }
    with tempfile.TemporaryDirectory() as tmp:
        limits: dict[str, Any] = {"create_per_minute": 100_000, "starting_credit_usd": 10_000}
        with EmbeddedSandbox(Path(tmp), speed=0, surface="documented", **limits) as sb:
            counting = Counting()
            client = AITaskerClient(sb.base_url, sb.api_key, transport=counting)
            store = Store(Path(tmp) / "app.sqlite")
            cache = TaskCache(store, "documented")
            for _ in range(active):
                cache.merge([client.create_task(brief, idempotency_key=new_idempotency_key())])
            ops = TaskOperations(client, client.capabilities())
            assert not ops.can(Operation.LIST_SINCE)  # the documented surface has no list
            counting.requests = 0
            plan, now, fast = FollowPlan(), 0.0, Intervals().fast
            read: dict[str, int] = {}
            while now < minutes * 60:
                before = counting.requests
                poll_by_id(ops, cache, plan, now, lambda _merged: None)
                for task_id, at in plan.checked.items():
                    if at == now and counting.requests > before:
                        read[task_id] = read.get(task_id, 0) + 1
                now += max(fast, plan.seconds_until_token())
            client.close()
            store.close()
            return counting.requests / minutes, sum(1 for n in read.values() if n >= 2)


def main() -> None:
    results = {n: measure(n) for n in SIZES}
    for n, (_r, _b, full_r, full_b) in results.items():
        print(f"initial full sync of {n}: {full_r} requests, {full_b} bytes")
    for n, (requests, _b, _fr, _fb) in results.items():
        print(f"poll_requests_{n}: {requests} requests")
    for n, (_r, size, _fr, _fb) in results.items():
        print(f"poll_bytes_{n}: {size} bytes")
    pages, peak_mb, cached = measure_endless()
    print(f"poll_endless_pages: {pages} pages ({cached} tasks cached)")
    print(f"poll_endless_peak_mb: {peak_mb:.1f} MB")
    per_minute, again = measure_by_id()
    print(
        f"poll_requests_per_minute_100_active: {per_minute:.1f} requests a minute "
        f"(read limit {p.RATE_LIMIT_TASK_READS}; {again} of 100 tasks read twice or more "
        "in 10 simulated minutes)"
    )


if __name__ == "__main__":
    main()
