"""What the tracker knows of the world it polls now (sandbox or account), and one cycle.

A world switch starts a new `WorldPoll`, so nothing of the last world's listing carries over.
Each cycle asks for what changed since the cursor: one request unless more than a page
changed. Pages are written to the cache on the worker as they come and handed over one by
one; a cycle takes at most `MAX_PAGES_PER_CYCLE` pages (services/task_listing.py), whatever a
server says, and the next cycle goes on from there (`more`). Without a list endpoint, a cycle
reads the known tasks that are due instead, within the read budget (services/follow_poll.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aitasker_desktop.api.operations import TaskOperations
from aitasker_desktop.domain.capabilities import Capabilities
from aitasker_desktop.domain.follow import FollowPlan
from aitasker_desktop.domain.task import Task
from aitasker_desktop.services.follow_poll import poll_by_id
from aitasker_desktop.services.task_listing import poll_pages
from aitasker_desktop.services.task_watch import TaskWatch
from aitasker_desktop.storage.task_cache import Merged, TaskCache

if TYPE_CHECKING:
    from aitasker_desktop.services.client_api import ClientApi

__all__ = ["CachedPace", "WorldPoll", "fetch_changes", "read_pace"]

# What sets the pace, read from the cache: (id, status, deadline) of the unfinished tasks,
# the tasks waiting on the buyer, and the listing cursor.
CachedPace = tuple[list[tuple[str, str, float | None]], list[Task], str | None]


@dataclass(eq=False)
class WorldPoll:
    """The tracker's state for one world (no cache: no world)."""

    cache: TaskCache | None = None
    watch: TaskWatch = field(default_factory=TaskWatch)
    cursor: str | None = None  # where the listing goes on from
    loaded: bool = False  # what sets the pace is read from the cache (or could not be)
    synced: bool = False  # a poll of this world succeeded (the list is complete)
    more: bool = False  # the last cycle stopped at its page cap
    list_missing: bool = False  # the list answered 404 in this world
    plan: FollowPlan = field(default_factory=FollowPlan)  # following by id: who is due

    def load_pace(self, pace: CachedPace) -> None:
        """What sets the pace, as `read_pace` read it from the cache."""
        unfinished, waiting, self.cursor = pace
        self.watch.load(unfinished, waiting)


def read_pace(cache: TaskCache) -> CachedPace:
    """On the worker: what sets the pace, from the cache."""
    return cache.unfinished(), cache.waiting(), cache.get_cursor()


def fetch_changes(
    client: ClientApi,
    cache: TaskCache,
    since: str | None,
    page: Callable[[list[Merged]], None],
    *,
    follow: FollowPlan | None,
    offer: Capabilities,
    now: float,
) -> tuple[str | None, bool]:
    """One cycle, on the worker: each page is written to the cache and handed to `page`,
    then dropped (bounded memory). Returns the next cursor and whether the cycle stopped at
    its page cap. `follow`: no list endpoint, read the due tasks by id (the cursor stays)."""
    if follow is not None:
        poll_by_id(TaskOperations(client, offer), cache, follow, now, page)
        return since, False
    return poll_pages(client, cache, since, page)
