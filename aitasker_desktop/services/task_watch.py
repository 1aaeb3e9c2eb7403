"""What the tracker keeps of a world between polls, instead of every task: each unfinished
task's status and deadline (they set the pace) and the tasks waiting on the buyer (few, for
deadline notices). Each batch written to the cache keeps them current and says which tasks
changed status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aitasker_desktop.domain.lifecycle import NEEDS_BUYER, TERMINAL
from aitasker_desktop.domain.task import Task
from aitasker_desktop.storage.db import timestamp
from aitasker_desktop.storage.task_cache import Merged

__all__ = ["TaskWatch", "Transition"]


@dataclass(frozen=True)
class Transition:
    """A task whose status changed while the app watched (old_status None: first seen)."""

    task: Task
    old_status: str | None


class TaskWatch:
    """The watched tasks of one world (a world switch starts a new watch)."""

    def __init__(self) -> None:
        # Each unfinished task's status and deadline (unix seconds), by id.
        self._paces: dict[str, tuple[str, float | None]] = {}
        self._waiting: dict[str, Task] = {}

    def load(self, unfinished: list[tuple[str, str, float | None]], waiting: list[Task]) -> None:
        """What the cache holds at start: (id, status, deadline) of the unfinished tasks,
        and the tasks waiting on the buyer."""
        self._paces = {task_id: (status, deadline) for task_id, status, deadline in unfinished}
        self._waiting = {t.id: t for t in waiting}

    def paces(self) -> Iterable[tuple[str, float | None]]:
        """(status, deadline) of every unfinished task: what sets the poll interval."""
        return self._paces.values()

    def waiting_tasks(self) -> list[Task]:
        return list(self._waiting.values())

    def note(self, merged: list[Merged]) -> list[Transition]:
        """Tasks just written to the cache: keep the paces and the waiting tasks current,
        and return the status changes among them."""
        moves: list[Transition] = []
        for item in merged:
            task = item.task
            if item.old_status != task.status:
                moves.append(Transition(task, item.old_status))
            if task.status in TERMINAL:
                self._paces.pop(task.id, None)
            else:
                deadline = None if task.deadline_at is None else timestamp(task.deadline_at)
                self._paces[task.id] = (task.status, deadline)
            if task.status in NEEDS_BUYER:
                self._waiting[task.id] = task
            else:
                self._waiting.pop(task.id, None)
        return moves
