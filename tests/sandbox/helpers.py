"""Helpers for the sandbox tests: a good payload, a client, and lifecycle shortcuts."""

from typing import Any

import httpx

from aitasker_desktop.sandbox import conventions as p
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox

GOOD: dict[str, Any] = {
    "category": "writing-translation",
    "task_type": "blog-post",
    "budget_usd": 8.0,
    "title": "Launch post for our app",
    "description": (
        "A blog post of 800 words for small-business owners announcing our invoicing app, "
        "friendly tone, three sections with headings, markdown format."
    ),
    "requirements": {"tone": "friendly", "word_count": 800},
}


def make_client(server: EmbeddedSandbox, key: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key or server.api_key}"}
    return httpx.Client(base_url=server.base_url, headers=headers, timeout=10, trust_env=False)


def post_task(client: httpx.Client, **changes: Any) -> dict[str, Any]:
    response = client.post(p.TASKS, json={**GOOD, **changes})
    assert response.status_code == 201, response.text
    task: dict[str, Any] = response.json()
    return task


def task_status(client: httpx.Client, task_id: str) -> str:
    status: str = client.get(p.TASK.format(task_id=task_id)).json()["status"]
    return status


def to_review(sb: EmbeddedSandbox, client: httpx.Client, **changes: Any) -> dict[str, Any]:
    """Post a task and let it reach review; returns the bid gallery."""
    task = post_task(client, **changes)
    sb.advance(10 + 20 + 420)
    gallery: dict[str, Any] = client.get(p.BIDS.format(task_id=task["id"])).json()
    assert gallery["task"]["status"] == "review"
    return gallery


def to_delivery(sb: EmbeddedSandbox, client: httpx.Client, **changes: Any) -> dict[str, Any]:
    """Post, select the best bid, and wait for the delivery; returns the task."""
    gallery = to_review(sb, client, **changes)
    task_id = gallery["task"]["id"]
    best = max(gallery["bids"], key=lambda b: b["eval_score"])
    r = client.post(p.SELECT.format(task_id=task_id), json={"bid_id": best["id"]})
    assert r.status_code == 200, r.text
    sb.advance(600)
    task: dict[str, Any] = client.get(p.TASK.format(task_id=task_id)).json()
    assert task["status"] == "awaiting_approval"
    return task
