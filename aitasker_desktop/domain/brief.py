"""A brief: what the buyer writes. A draft is a brief that has not been posted yet.

Drafts hold anything the user typed, valid or not; `validate_brief` says what stops it from
being posted, in words a non-technical person understands.
"""

import unicodedata
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from aitasker_desktop.domain.capabilities import Capabilities, Operation
from aitasker_desktop.domain.catalog import (
    FALLBACK_BUDGET_MAX_USD,
    FALLBACK_BUDGET_MIN_USD,
    Catalog,
)

DEFAULT_EXPERIMENTATION = 0.3


def utcnow() -> datetime:
    return datetime.now(UTC)


class Attachment(BaseModel):
    """A local file attached to a brief; `upload_id` is set once the service has it."""

    model_config = ConfigDict(defer_build=True, extra="ignore")

    path: str
    name: str
    media_type: str = "application/octet-stream"
    size_bytes: int = 0
    upload_id: str | None = None


class Brief(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore", validate_assignment=True)

    title: str = ""
    description: str = ""  # the brief text; sent as `description` (the guide calls it `brief`)
    category: str = ""
    task_type: str = ""
    budget_usd: float | None = None
    requirements: dict[str, Any] = Field(default_factory=dict)
    experimentation: float = DEFAULT_EXPERIMENTATION
    brand_kit_id: str | None = None  # the local brand kit's id; see BrandKit.remote_id
    attachments: list[Attachment] = Field(default_factory=list)
    metadata: dict[str, Any] = Field(default_factory=dict)


class Draft(BaseModel):
    """A brief kept locally, with its bookkeeping."""

    model_config = ConfigDict(defer_build=True, extra="ignore")

    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    brief: Brief = Field(default_factory=Brief)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # Set once submitted: the posted task's id (the draft stays, as a record and a template).
    task_id: str | None = None

    @property
    def display_title(self) -> str:
        return self.brief.title.strip() or "Untitled brief"


class BrandKit(BaseModel):
    """A reusable set of brand assets, kept locally and sent with a task."""

    model_config = ConfigDict(defer_build=True, extra="ignore")

    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    name: str = "Brand kit"
    colors: list[str] = Field(default_factory=list)  # "#RRGGBB"
    fonts: list[str] = Field(default_factory=list)
    voice_notes: str = ""
    assets: list[Attachment] = Field(default_factory=list)
    remote_id: str | None = None  # the service's id once uploaded
    updated_at: datetime = Field(default_factory=utcnow)


def same_kit_name(one: str, other: str) -> bool:
    """Whether two kit names read as the same in the kit picker, where a person could not tell
    the kits apart: case, the spaces around a name and runs of spaces inside it aside."""
    return _kit_name_key(one) == _kit_name_key(other)


def _kit_name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


# -- rules -------------------------------------------------------------------------------

TITLE_MIN, TITLE_MAX = 5, 200
BRIEF_MIN, BRIEF_MAX = 20, 5000
EXPERIMENTATION_MIN, EXPERIMENTATION_MAX = 0.0, 1.0


class FieldProblem(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)

    field: str  # a Brief field name
    message: str


# The domain keeps numbers; how an amount reads is the caller's (services/formatting.py on
# the person's locale). `usd` is only the plain fallback for callers without one.
MoneyText = Callable[[float], str]


def usd(value: float) -> str:
    return f"${value:,.2f}"


def validate_brief(
    brief: Brief, catalog: Catalog | None, *, money: MoneyText = usd
) -> list[FieldProblem]:
    """Everything that stops this brief from being posted, one plain message per problem.

    Without a catalog (offline, never loaded) category and type are only checked for being
    chosen, and the budget against the platform's fallback range.
    """
    problems: list[FieldProblem] = []

    def add(field: str, message: str) -> None:
        problems.append(FieldProblem(field=field, message=message))

    title = brief.title.strip()
    if not title:
        add("title", "Give your task a title.")
    elif len(title) < TITLE_MIN:
        add("title", f"The title is too short: use at least {TITLE_MIN} characters.")
    elif len(title) > TITLE_MAX:
        add("title", f"The title is too long: {len(title)} of at most {TITLE_MAX} characters.")

    text = brief.description.strip()
    if not text:
        add("description", "Describe what you need: agents work only from your brief.")
    elif len(text) < BRIEF_MIN:
        add(
            "description",
            f"The brief is too short: write at least {BRIEF_MIN} characters "
            "so agents know what you need.",
        )
    elif len(text) > BRIEF_MAX:
        add(
            "description",
            f"The brief is too long: {len(text):,} of at most {BRIEF_MAX:,} characters.",
        )

    if not brief.category:
        add("category", "Choose what kind of work this is.")
    elif catalog is not None and catalog.categories and catalog.category(brief.category) is None:
        add("category", "That kind of work is not offered any more; choose another.")

    if not brief.task_type:
        add("task_type", "Choose the type of task.")
    elif catalog is not None and catalog.categories and brief.category:
        cat = catalog.category(brief.category)
        if cat is not None and cat.task_type(brief.task_type) is None:
            add("task_type", f"“{brief.task_type}” is not a type of {cat.name}; choose another.")

    # Without a type (or a catalog) the platform's own range applies: said as such, since
    # "for this type of task" would name a type that is not chosen.
    tt = catalog.task_type(brief.category, brief.task_type) if catalog is not None else None
    low, high = tt.budget_range if tt else (FALLBACK_BUDGET_MIN_USD, FALLBACK_BUDGET_MAX_USD)
    which = " for this type of task" if tt else ""
    if brief.budget_usd is None:
        add("budget_usd", "Set a budget.")
    elif brief.budget_usd < low:
        add("budget_usd", f"The budget must be at least {money(low)}{which}.")
    elif brief.budget_usd > high:
        add("budget_usd", f"The budget can be at most {money(high)}{which}.")

    if not EXPERIMENTATION_MIN <= brief.experimentation <= EXPERIMENTATION_MAX:
        add("experimentation", "Experimentation must be between 0 and 1.")
    return problems


def budget_advice(brief: Brief, catalog: Catalog | None, *, money: MoneyText = usd) -> str | None:
    """A plain warning when the budget is low for the type or well above the median win."""
    if brief.budget_usd is None or catalog is None:
        return None
    tt = catalog.task_type(brief.category, brief.task_type)
    if tt is None:
        return None
    median = catalog.median_win(brief.category, brief.task_type)
    low, _high = tt.budget_range
    if brief.budget_usd < low:
        return None  # validate_brief already says so
    if median is not None and brief.budget_usd < median * 0.6:
        return (
            f"Most tasks like this are won at about {money(median)}; "
            "with a lower budget fewer agents will bid."
        )
    if median is not None and brief.budget_usd > median * 2:
        return (
            f"Most tasks like this are won at about {money(median)}; "
            "you may be paying more than you need to."
        )
    return None


def to_create_payload(
    brief: Brief, attachment_ids: list[str], brand_kit_remote_id: str | None
) -> dict[str, Any]:
    """The JSON body of POST /api/v1/tasks, exactly as the agents will receive it."""
    payload: dict[str, Any] = {
        "title": brief.title.strip(),
        "description": brief.description.strip(),
        "category": brief.category,
        "task_type": brief.task_type,
        "budget_usd": brief.budget_usd,
        "requirements": dict(brief.requirements),
        "experimentation": brief.experimentation,
        "brand_kit_id": brand_kit_remote_id,
    }
    if attachment_ids:
        payload["attachments"] = list(attachment_ids)
    if brief.metadata:
        payload["metadata"] = dict(brief.metadata)
    return payload


def unoffered_parts(brief: Brief, offer: Capabilities) -> list[FieldProblem]:
    """The parts of `brief` the server cannot take (no uploads, no brand kits): each stops
    the post until removed, rather than failing on a missing path halfway through it.

    The draft keeps them: another world (the sandbox) may take them.
    """
    problems = []
    if brief.attachments and not offer.allows(Operation.UPLOAD):
        problems.append(
            FieldProblem(
                field="attachments",
                message="AITasker does not yet let apps attach files: remove them to post "
                "this brief here.",
            )
        )
    if brief.brand_kit_id and not offer.allows(Operation.BRAND_KITS):
        problems.append(
            FieldProblem(
                field="brand_kit_id",
                message="AITasker does not yet let apps use brand kits: choose no brand kit "
                "to post this brief here.",
            )
        )
    return problems
