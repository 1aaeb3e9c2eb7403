"""The tracker's work off the GUI thread: fetching what changed, reading the cached list.

Both hold the GIL while pydantic decodes, and the GUI thread waits for it meanwhile, so both
work in small pieces: pages of 200 changed tasks, chunks of 500 cached ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import TypeAdapter

from aitasker_desktop.domain.task import Task

if TYPE_CHECKING:
    from aitasker_desktop.services.client_api import ClientApi

PAGE_SIZE = 200
MAX_PAGES = 500

_TASKS: TypeAdapter[list[Task]] = TypeAdapter(list[Task])


def list_changed(client: ClientApi, since: str | None) -> tuple[list[Task], str | None]:
    """Every task changed after `since`, and the cursor to keep: one request unless more than
    PAGE_SIZE tasks changed. `client.list_changed` with smaller pages: decoding a page
    holds the GIL, and the GUI thread waits for it; 200 tasks take a few milliseconds."""
    return client.list_changed(since, page_size=PAGE_SIZE, max_pages=MAX_PAGES)


def parse_cached(docs: list[str], chunk: int = 500) -> list[Task]:
    """Cached JSON documents as Tasks, a chunk at a time: one joined document of 10,000
    tasks leaves ~30 MB more resident (its temporaries fragment the heap), and each chunk
    gives the GIL back to the GUI thread in between."""
    tasks: list[Task] = []
    for start in range(0, len(docs), chunk):
        tasks.extend(_TASKS.validate_json("[" + ",".join(docs[start : start + chunk]) + "]"))
    return tasks
