"""A brief from a one-sentence idea: AITasker's brief generator, and its hourly limit.

The service asks the generator through the connection (off the GUI thread) and keeps, per
world, how many uses are left this hour: the server's own count from its rate-limit headers
when it sends one, else a local count over a rolling hour. The count is saved on the disk
runner after every use, so a restart does not hand out ten more.

When the draft has no task type yet, the idea's own words pick one locally (the type
finder), so the server is asked for a brief of that type and the budget can be filled too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from aitasker_desktop.api.errors import ApiError, RateLimited
from aitasker_desktop.domain.brief import Brief
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.clock import Clock, system_clock
from aitasker_desktop.domain.idea import DraftedBrief, HourlyUses
from aitasker_desktop.domain.type_search import guess
from aitasker_desktop.services.connection import Connection
from aitasker_desktop.services.runner import TaskRunner
from aitasker_desktop.storage.idea_uses import IdeaUsesFile

log = logging.getLogger(__name__)
IDEA_MAX_CHARS = 500


@dataclass(frozen=True)
class UsesLeft:
    left: int
    limit: int
    back_at: datetime | None  # when one is free again, while none is left


class OutOfUses(ApiError):
    """No use left this hour: refused here, without asking the server."""

    def __init__(self, back_at: datetime | None) -> None:
        super().__init__("No brief drafts left this hour.")
        self.back_at = back_at


class BriefIdeasService(QObject):
    uses_changed = Signal()

    def __init__(
        self,
        connection: Connection,
        counts_file: IdeaUsesFile,
        disk_runner: TaskRunner,
        *,
        clock: Clock = system_clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._file = counts_file
        self._disk = disk_runner
        self._clock = clock
        self._counts = counts_file.load()
        connection.world_changed.connect(lambda _world: self.uses_changed.emit())

    def _now(self) -> float:
        return self._clock().timestamp()

    def _uses(self) -> HourlyUses | None:
        world = self._connection.world
        if world is None:
            return None
        return self._counts.setdefault(world.cache_key, HourlyUses())

    def uses_left(self) -> UsesLeft | None:
        """This hour's count in the current world (None before a world is chosen)."""
        uses = self._uses()
        if uses is None:
            return None
        now = self._now()
        back = uses.back_at(now)
        return UsesLeft(
            uses.left(now), uses.limit, datetime.fromtimestamp(back, UTC) if back else None
        )

    def draft(
        self,
        idea: str,
        brief: Brief,
        catalog: Catalog | None,
        on_done: Callable[[DraftedBrief], None],
        on_error: Callable[[BaseException], None],
        *,
        owner: QObject | None = None,
    ) -> None:
        """Ask for a brief from `idea`; exactly one of the callbacks is called."""
        uses = self._uses()
        left = self.uses_left()
        if uses is not None and left is not None and left.left == 0:
            on_error(OutOfUses(left.back_at))
            return
        category, task_type = brief.category, brief.task_type
        if catalog is not None and not task_type:
            hit = guess(catalog, idea)
            if hit is not None and (not category or hit.category == category):
                category, task_type = hit.category, hit.task_type.slug
        idea = " ".join(idea.split())[:IDEA_MAX_CHARS]

        def done(result: object) -> None:
            assert isinstance(result, DraftedBrief)
            if uses is not None:
                uses.record(self._now(), limit=result.uses_limit, left=result.uses_left)
                self._changed()
            on_done(result)

        def failed(exc: BaseException) -> None:
            if uses is not None and isinstance(exc, RateLimited):
                uses.refused(self._now(), exc.retry_after)
                self._changed()
            on_error(exc)

        self._connection.call(
            lambda client: client.draft_brief(idea, category=category, task_type=task_type),
            done,
            failed,
            owner=owner,
        )

    def _changed(self) -> None:
        snapshot = {
            k: HourlyUses(v.limit, list(v.uses), v.blocked_until) for k, v in self._counts.items()
        }
        # A count that cannot be saved (full disk) only costs a restart's worth of accuracy:
        # the server still refuses a use too many. Logged, not shown.
        self._disk.run(
            lambda: self._file.save(snapshot),
            on_error=lambda exc: log.warning("Brief draft count not saved: %s", exc),
        )
        self.uses_changed.emit()
