"""The task list's reads and the tracker's paging, both off the GUI thread where they can be.

`poll_pages` takes a changed-since listing a page at a time and writes each page to the cache
as it comes, with its cursor, so a poll holds one page in memory whatever a server answers;
a cycle stops after `MAX_PAGES_PER_CYCLE` pages and the tracker asks for the rest next cycle.

`TaskListing` is what the list reads through (the UI does not touch storage): the rows on
screen, every task's filter entry, an order, one whole task. Bound to the tracker's world.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from aitasker_desktop.domain.task import Task
from aitasker_desktop.storage.task_cache import Merged, TaskCache
from aitasker_desktop.storage.task_rows import (
    EntryRow,
    ListEntry,
    RowOrder,
    TaskRow,
    TaskRowReader,
    list_entry,
)

if TYPE_CHECKING:
    from aitasker_desktop.services.client_api import ClientApi

__all__ = [
    "EntryRow",
    "ListEntry",
    "RowOrder",
    "TaskListing",
    "TaskRow",
    "list_entry",
    "poll_pages",
]

# Decoding a page holds the GIL (the GUI thread waits meanwhile): 200 tasks take a few ms.
PAGE_SIZE = 200
# 2,000 tasks a cycle, ten requests: a first sync of a large account goes on next cycle.
MAX_PAGES_PER_CYCLE = 10


def poll_pages(
    client: ClientApi,
    cache: TaskCache,
    since: str | None,
    on_page: Callable[[list[Merged]], None],
    *,
    max_pages: int = MAX_PAGES_PER_CYCLE,
) -> tuple[str | None, bool]:
    """Fetch what changed after `since`, page by page: each page is merged into the cache
    with its cursor in one transaction and handed to `on_page` (what it changed), then
    dropped. Returns the cursor reached and whether more remain (the cap was hit)."""
    cursor = since
    for _ in range(max_pages):
        page = client.list_tasks(cursor, limit=PAGE_SIZE)
        advanced = page.cursor is not None and page.cursor != cursor
        if page.cursor is not None:
            cursor = page.cursor
        merged = cache.merge(page.tasks, cursor=cursor if advanced else None)
        if merged:
            on_page(merged)
        if not page.has_more or not advanced:
            return cursor, False
    return cursor, True


class TaskListing:
    """The list's reads for one world at a time (the tracker switches it)."""

    def __init__(self, reader: TaskRowReader) -> None:
        self._reader = reader
        self._world: str | None = None

    @property
    def world(self) -> str | None:
        return self._world

    @world.setter
    def world(self, world: str | None) -> None:
        self._world = world

    def rows(self, ids: Sequence[str], world: str | None = None) -> list[TaskRow]:
        """The rows of these tasks as cached (any thread; a screenful at a time)."""
        world = self._world if world is None else world
        return [] if world is None or not ids else self._reader.rows(world, ids)

    def entries(
        self, world: str, order: RowOrder, descending: bool, limit: int | None = None
    ) -> Iterator[list[EntryRow]]:
        """Every task's filter entry in this order, a chunk at a time (a worker's job)."""
        return self._reader.entries(world, order, descending, limit)

    def order(self, world: str, order: RowOrder, descending: bool) -> list[str]:
        """Every task's id in this order (a worker's job)."""
        return self._reader.order(world, order, descending)

    def task(self, task_id: str) -> Task | None:
        """The whole cached task (one row: fine on the GUI thread)."""
        if self._world is None:
            return None
        doc = self._reader.task_json(self._world, task_id)
        return None if doc is None else Task.model_validate_json(doc)

    def close(self) -> None:
        self._reader.close()
