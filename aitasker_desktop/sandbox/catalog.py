"""The sandbox's catalog as it goes on the wire, and the lookups the simulation needs.

`GET /api/v1/categories` is documented as `{"categories": [{"slug", "name", "task_types"}]}`;
the per-type budget ranges, median win prices and brief checklists are this project's
optional extensions (docs/api-conventions.md).
"""

from pydantic import BaseModel, ConfigDict

from .conventions import BUDGET_CEILING_USD, BUDGET_FLOOR_USD


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TaskTypeOut(_Wire):
    slug: str
    name: str
    description: str
    budget_min_usd: float
    budget_max_usd: float
    median_win_usd: float
    brief_checklist: tuple[str, ...]


class CategoryOut(_Wire):
    slug: str
    name: str
    description: str
    median_win_usd: float
    task_types: tuple[TaskTypeOut, ...]

    def task_type(self, slug: str) -> TaskTypeOut | None:
        return next((t for t in self.task_types if t.slug == slug), None)


class Catalog(_Wire):
    categories: tuple[CategoryOut, ...]

    def category(self, slug: str) -> CategoryOut | None:
        return next((c for c in self.categories if c.slug == slug), None)

    def task_type(self, category: str, task_type: str) -> TaskTypeOut | None:
        cat = self.category(category)
        return cat.task_type(task_type) if cat else None

    def budget_range(self, category: str, task_type: str) -> tuple[float, float]:
        """The type's range; the whole envelope for an unknown type."""
        tt = self.task_type(category, task_type)
        if tt is None:
            return (BUDGET_FLOOR_USD, BUDGET_CEILING_USD)
        return (tt.budget_min_usd, tt.budget_max_usd)

    def median_win(self, category: str, task_type: str) -> float | None:
        tt = self.task_type(category, task_type)
        if tt is not None:
            return tt.median_win_usd
        cat = self.category(category)
        return cat.median_win_usd if cat else None
