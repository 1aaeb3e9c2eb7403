"""One tracker cycle without a list endpoint: read the known tasks that are due, one by one.

Runs on the worker. Which ids are due, and how many the read budget allows, is
domain/follow.py's `FollowPlan`; each is read through TaskOperations (`GET /api/v1/tasks/{id}`
where the server has it, else A2A `tasks/get`, which updates the cached copy). A task the
server does not know (404: gone, or another account's) is not read again this session; a
failure that concerns the connection (offline, rate limit, a refused key) ends the cycle with
that error, after what was read so far is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from aitasker_desktop.api.errors import (
    ApiError,
    AuthError,
    NetworkError,
    NotFoundError,
    RateLimited,
)
from aitasker_desktop.domain.follow import FollowPlan
from aitasker_desktop.domain.task import Task
from aitasker_desktop.storage.task_cache import Merged, TaskCache

if TYPE_CHECKING:
    from aitasker_desktop.api.operations import TaskOperations


def poll_by_id(
    ops: TaskOperations,
    cache: TaskCache,
    plan: FollowPlan,
    now: float,
    on_page: Callable[[list[Merged]], None],
) -> int:
    """Read the due tasks, write what changed to the cache and hand it to `on_page`.
    Returns how many reads were made."""
    due = plan.due(cache.followed(), now)
    read: list[Task] = []
    failure: ApiError | None = None
    for task_id in due:
        try:
            read.append(ops.get(cache.get(task_id) or task_id))
        except NotFoundError:
            plan.set_aside(task_id)
            continue
        except (NetworkError, RateLimited, AuthError) as exc:
            failure = exc
            break
        except ApiError as exc:
            failure = failure or exc  # one odd answer: the others are still read
    if read:
        merged = cache.merge(read)
        if merged:
            on_page(merged)
    if failure is not None:
        raise failure
    return len(due)
