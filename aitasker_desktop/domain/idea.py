"""A brief drafted from a one-sentence idea, and how many such drafts are left this hour.

AITasker's brief generator (`POST /api/v1/brief/generate`) allows 10 uses an hour. Its answer
is text from a server, so every string is made safe (`server_text`) before it can reach the
person's draft, and anything unusable is dropped rather than trusted. The count of uses left
comes from the server's rate-limit headers when it sends them; otherwise `HourlyUses` counts
locally over a rolling hour (kept on disk, so a restart does not reset it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from aitasker_desktop.domain.brief import BRIEF_MAX, TITLE_MAX
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.text import server_text

GENERATE_PER_HOUR = 10  # what AITasker documents
HOUR_S = 3600.0
_MAX_REQUIREMENTS = 20


class DraftedBrief(BaseModel):
    """The generator's answer, made safe; `uses_limit`/`uses_left` from its headers."""

    model_config = ConfigDict(defer_build=True, extra="ignore")

    title: str = ""
    description: str = ""
    category: str = ""
    task_type: str = ""
    budget_usd: float | None = None
    requirements: dict[str, str] = {}
    uses_limit: int | None = None
    uses_left: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _brief_synonym(cls, data: Any) -> Any:
        # The platform's guide calls the brief `brief`; its reference calls it `description`.
        if isinstance(data, dict) and not isinstance(data.get("description"), str):
            data = {**data, "description": data.get("brief", data.get("text", ""))}
        return data

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> str:
        return server_text(value, max_chars=TITLE_MAX, single_line=True)

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: Any) -> str:
        return server_text(value, max_chars=BRIEF_MAX)

    @field_validator("category", "task_type", mode="before")
    @classmethod
    def _slug(cls, value: Any) -> str:
        return server_text(value, max_chars=100, single_line=True)

    @field_validator("budget_usd", mode="before")
    @classmethod
    def _budget(cls, value: Any) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if not math.isfinite(value) or value <= 0:
            return None
        return round(float(value), 2)

    @field_validator("uses_limit", "uses_left", mode="before")
    @classmethod
    def _count(cls, value: Any) -> int | None:
        # The client fills these from the rate-limit headers; anything else is no count.
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return None
        return value

    @field_validator("requirements", mode="before")
    @classmethod
    def _requirements(cls, value: Any) -> dict[str, str]:
        if not isinstance(value, dict):
            return {}
        out: dict[str, str] = {}
        for key, item in list(value.items())[:_MAX_REQUIREMENTS]:
            name = server_text(key, max_chars=60, single_line=True)
            if name and isinstance(item, str | int | float) and not isinstance(item, bool):
                out[name] = server_text(str(item), max_chars=500)
        return out

    @property
    def usable(self) -> bool:
        return bool(self.description)

    def fields_for(self, catalog: Catalog | None) -> dict[str, Any]:
        """The brief fields to set: only a category/type pair the catalog knows, and a budget
        inside that type's range."""
        values: dict[str, Any] = {"description": self.description}
        if self.title:
            values["title"] = self.title
        tt = catalog.task_type(self.category, self.task_type) if catalog else None
        if tt is not None and catalog is not None:
            values["category"], values["task_type"] = self.category, self.task_type
            low, high = catalog.budget_range(self.category, self.task_type)
            if self.budget_usd is not None and low <= self.budget_usd <= high:
                values["budget_usd"] = self.budget_usd
        if self.requirements:
            values["requirements"] = dict(self.requirements)
        return values


@dataclass
class HourlyUses:
    """Uses of an hourly-limited tool in one world, over a rolling hour (epoch seconds)."""

    limit: int = GENERATE_PER_HOUR
    uses: list[float] = field(default_factory=list)
    blocked_until: float = 0.0  # the server said "no more" (429) until then

    def _recent(self, now: float) -> list[float]:
        return sorted(t for t in self.uses if now - HOUR_S < t <= now + 60.0)

    def left(self, now: float) -> int:
        if now < self.blocked_until:
            return 0
        return max(0, self.limit - len(self._recent(now)))

    def back_at(self, now: float) -> float | None:
        """When one use is free again (None while some are left)."""
        if self.left(now) > 0:
            return None
        recent = self._recent(now)
        freed = recent[len(recent) - self.limit] + HOUR_S if len(recent) >= self.limit else now
        return max(self.blocked_until, freed)

    def record(self, now: float, *, limit: int | None = None, left: int | None = None) -> None:
        """One use now; the server's own count, when it gave one, corrects ours."""
        self.uses = [*self._recent(now), now]
        self.blocked_until = 0.0  # the server just said yes
        if limit is not None and limit > 0:
            self.limit = limit
        if left is not None and 0 <= left <= self.limit:
            used = self.limit - left
            recent = self.uses
            # Fewer than the server counts: the missing ones are as recent as possible.
            self.uses = recent[-used:] if used else []
            self.uses = [now] * (used - len(self.uses)) + self.uses

    def refused(self, now: float, retry_after: float | None) -> None:
        """The server answered 429: none left until `retry_after` seconds from now."""
        wait = retry_after if retry_after and retry_after > 0 else HOUR_S
        self.blocked_until = now + min(wait, HOUR_S)

    def to_json(self) -> dict[str, Any]:
        return {"limit": self.limit, "uses": self.uses, "blocked_until": self.blocked_until}

    @classmethod
    def from_json(cls, data: Any) -> HourlyUses:
        """Lenient: a damaged entry reads as a fresh count, never as an error."""
        if not isinstance(data, dict):
            return cls()
        limit = data.get("limit")
        uses = data.get("uses")
        until = data.get("blocked_until")
        return cls(
            limit=limit if isinstance(limit, int) and 0 < limit <= 10_000 else GENERATE_PER_HOUR,
            uses=[
                float(t)
                for t in (uses if isinstance(uses, list) else [])[-1000:]
                if isinstance(t, int | float) and math.isfinite(t)
            ],
            blocked_until=float(until)
            if isinstance(until, int | float) and math.isfinite(until)
            else 0.0,
        )
