"""The catalog of categories and task types, with budget ranges and median win prices.

The platform sends a task type as a bare slug or an object with a `slug`; per-type budget
ranges and median win prices are this project's optional extension (see docs).
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

FALLBACK_BUDGET_MIN_USD = 3.0
FALLBACK_BUDGET_MAX_USD = 300.0


def _title_from_slug(slug: str) -> str:
    return slug.replace("-", " ").replace("_", " ").strip().capitalize()


class TaskType(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore", frozen=True)

    slug: str
    name: str = ""
    description: str = ""
    budget_min_usd: float | None = None
    budget_max_usd: float | None = None
    median_win_usd: float | None = None
    # What a strong brief for this type covers (labels), used by the editor's checklist.
    brief_checklist: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_slug(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"slug": data}
        return data

    @model_validator(mode="after")
    def _default_name(self) -> "TaskType":
        if not self.name:
            object.__setattr__(self, "name", _title_from_slug(self.slug))
        return self

    @property
    def budget_range(self) -> tuple[float, float]:
        low = self.budget_min_usd if self.budget_min_usd is not None else FALLBACK_BUDGET_MIN_USD
        high = self.budget_max_usd if self.budget_max_usd is not None else FALLBACK_BUDGET_MAX_USD
        return (low, high) if low <= high else (FALLBACK_BUDGET_MIN_USD, FALLBACK_BUDGET_MAX_USD)


class Category(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore", frozen=True)

    slug: str
    name: str = ""
    description: str = ""
    task_types: tuple[TaskType, ...] = ()
    median_win_usd: float | None = None

    @field_validator("task_types", mode="before")
    @classmethod
    def _skip_junk(cls, value: Any) -> Any:
        # A malformed entry from a server is dropped, not allowed to sink the whole catalog.
        if not isinstance(value, list | tuple):
            return ()
        return [v for v in value if isinstance(v, str) or (isinstance(v, dict) and "slug" in v)]

    @model_validator(mode="after")
    def _default_name(self) -> "Category":
        if not self.name:
            object.__setattr__(self, "name", _title_from_slug(self.slug))
        return self

    def task_type(self, slug: str) -> TaskType | None:
        return next((t for t in self.task_types if t.slug == slug), None)


class Catalog(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore", frozen=True)

    categories: tuple[Category, ...] = Field(default_factory=tuple)

    def category(self, slug: str) -> Category | None:
        return next((c for c in self.categories if c.slug == slug), None)

    def task_type(self, category: str, task_type: str) -> TaskType | None:
        cat = self.category(category)
        return cat.task_type(task_type) if cat else None

    def budget_range(self, category: str, task_type: str) -> tuple[float, float]:
        tt = self.task_type(category, task_type)
        if tt is None:
            return (FALLBACK_BUDGET_MIN_USD, FALLBACK_BUDGET_MAX_USD)
        return tt.budget_range

    def median_win(self, category: str, task_type: str) -> float | None:
        tt = self.task_type(category, task_type)
        if tt is not None and tt.median_win_usd is not None:
            return tt.median_win_usd
        cat = self.category(category)
        return cat.median_win_usd if cat else None
