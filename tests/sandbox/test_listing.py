"""The changed-since listing: a poll returns only what changed."""

import httpx

from aitasker_desktop.sandbox import conventions as p
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.sandbox.schemas import TaskPage

from .helpers import post_task


def sync(client: httpx.Client, since: str | None, limit: int = 100) -> tuple[list[str], str, int]:
    ids: list[str] = []
    requests = 0
    cursor = since
    while True:
        params: dict[str, str | int] = {"limit": limit}
        if cursor is not None:
            params["since"] = cursor
        page = TaskPage.model_validate(client.get(p.TASKS, params=params).json())
        requests += 1
        ids += [t.id for t in page.tasks]
        cursor = page.cursor
        if not page.has_more:
            assert cursor is not None
            return ids, cursor, requests


def test_since_cursor_returns_only_changed_tasks(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    client.post("/sandbox/tasks/bulk", json={"count": 250})
    mine = post_task(client)
    ids, cursor, requests = sync(client, None, limit=100)
    assert len(ids) == 251 and requests == 3
    assert sync(client, cursor) == ([], cursor, 1)
    client.post(p.CANCEL.format(task_id=ids[5]))
    changed, cursor2, _ = sync(client, cursor)
    assert changed == [ids[5]]
    assert int(cursor2) > int(cursor)
    # The simulation's own steps are changes too, visible once they are due.
    sb.advance(10)
    changed, _, _ = sync(client, cursor2)
    assert changed == [mine["id"]]
    assert client.get(p.TASK.format(task_id=mine["id"])).json()["status"] == "matching"


def test_bad_cursor_and_limit_are_422(client: httpx.Client) -> None:
    assert client.get(p.TASKS, params={"since": "abc"}).status_code == 422
    assert client.get(p.TASKS, params={"limit": 0}).status_code == 422
    assert client.get(p.TASKS, params={"limit": p.LIST_MAX_LIMIT + 1}).status_code == 422


def test_updated_at_moves_with_each_change(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    task = post_task(client)
    sb.advance(15)
    later = client.get(p.TASK.format(task_id=task["id"])).json()
    assert later["updated_at"] > task["updated_at"]
    assert [h["status"] for h in later["history"]] == ["open", "matching"]
