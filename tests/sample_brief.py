"""A brief for tests to post through the real client, and how far to move the sandbox's
clock (its default windows, in seconds) for a task to reach each stage."""

from __future__ import annotations

from typing import Any

from aitasker_desktop.api.client import new_idempotency_key
from aitasker_desktop.domain.brief import Brief, to_create_payload
from aitasker_desktop.domain.task import Task

TO_REVIEW = 10 + 20 + 420 + 1  # open -> matching -> prototyping -> review
DELIVERING = 600 + 1
REVISING = 600 + 1
DAY = 24 * 3600


def brief(**overrides: Any) -> Brief:
    fields: dict[str, Any] = {
        "title": "Blog post about green tea",
        "description": "A 900-word blog post on green tea for busy office workers, "
        "friendly tone, with three practical tips and a short summary.",
        "category": "writing-translation",
        "task_type": "blog-post",
        "budget_usd": 8,
        "requirements": {"tone": "friendly", "word_count": 900},
    }
    fields.update(overrides)
    return Brief(**fields)


def post(client: Any, **overrides: Any) -> Task:
    """Post `brief(**overrides)` with no files and no brand kit; returns the new task."""
    payload = to_create_payload(brief(**overrides), [], None)
    task: Task = client.create_task(payload, idempotency_key=new_idempotency_key())
    return task
