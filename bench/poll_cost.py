"""Requests and bytes of one polling cycle on the sandbox when one task changed.

For 10, 1,000 and 10,000 tasks: create them in bulk, sync everything once, change one task,
then poll with `GET /api/v1/tasks?since=<cursor>` (following `has_more`) and count requests
and response bytes. The cost must follow what changed, not how many tasks exist.

    python bench/poll_cost.py
"""

import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aitasker_desktop.domain import protocol as p
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox

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
            with httpx.Client(base_url=sb.base_url, headers=headers, trust_env=False) as client:
                client.post("/sandbox/tasks/bulk", json={"count": count}).raise_for_status()
                cursor, full_requests, full_bytes, synced = poll(client, None)
                assert synced == count
                any_task = client.get(p.TASKS, params={"limit": 1}).json()["tasks"][0]
                client.post(p.CANCEL.format(task_id=any_task["id"])).raise_for_status()
                _cursor, requests, size, changed = poll(client, cursor)
                assert changed == 1
                return requests, size, full_requests, full_bytes


def main() -> None:
    results = {n: measure(n) for n in SIZES}
    for n, (_r, _b, full_r, full_b) in results.items():
        print(f"initial full sync of {n}: {full_r} requests, {full_b} bytes")
    for n, (requests, _b, _fr, _fb) in results.items():
        print(f"poll_requests_{n}: {requests} requests")
    for n, (_r, size, _fr, _fb) in results.items():
        print(f"poll_bytes_{n}: {size} bytes")


if __name__ == "__main__":
    main()
