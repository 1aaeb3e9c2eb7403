"""Request bodies of the sandbox API (responses use the domain models in domain/task.py)."""

import uuid
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from aitasker_desktop.domain.brief import BRIEF_MAX, DEFAULT_EXPERIMENTATION, TITLE_MAX, TITLE_MIN

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
Slug = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class TaskCreate(BaseModel):
    """POST /api/v1/tasks. `brief` is accepted as a synonym of `description` (the guide's name)."""

    model_config = ConfigDict(extra="ignore")

    category: Slug
    task_type: Slug
    budget_usd: float = Field(allow_inf_nan=False, description="Within the type's range.")
    title: str = Field(min_length=TITLE_MIN, max_length=TITLE_MAX)
    description: str | None = Field(None, max_length=BRIEF_MAX, description="The brief.")
    brief: str | None = Field(None, max_length=BRIEF_MAX, description="Synonym of description.")
    requirements: dict[str, Any] = Field(default_factory=dict)
    experimentation: float = Field(DEFAULT_EXPERIMENTATION, ge=0, le=1, allow_inf_nan=False)
    brand_kit_id: uuid.UUID | None = None
    attachments: list[Annotated[str, StringConstraints(max_length=100)]] | None = Field(
        None, max_length=20, description="Upload ids from POST /api/v1/uploads."
    )
    metadata: dict[str, Any] | None = Field(
        None, description="Opaque to AITasker; returned on the task and on delivery."
    )


class SelectBody(BaseModel):
    bid_id: Annotated[str, StringConstraints(min_length=1, max_length=100)]


class RevisionBody(BaseModel):
    feedback: Text


class DisputeBody(BaseModel):
    reason: Text


class BrandKitCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    colors: list[Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]] = Field(
        default_factory=list, max_length=20
    )
    fonts: list[Annotated[str, StringConstraints(max_length=100)]] = Field(
        default_factory=list, max_length=20
    )
    voice_notes: str = Field("", max_length=5000)
    asset_ids: list[Annotated[str, StringConstraints(max_length=100)]] = Field(
        default_factory=list, max_length=50
    )


class BriefDraft(BaseModel):
    """What the free brief tools read; every field optional."""

    model_config = ConfigDict(extra="ignore")

    title: str = Field("", max_length=1000)
    description: str = Field("", max_length=20000)
    brief: str | None = Field(None, max_length=20000)
    category: str = Field("", max_length=100)
    task_type: str = Field("", max_length=100)
    budget_usd: float | None = Field(None, allow_inf_nan=False)
    requirements: dict[str, Any] = Field(default_factory=dict)
    idea: str = Field("", max_length=2000, description="generate: a sentence on what you need")


class AdvanceBody(BaseModel):
    seconds: float = Field(ge=0, le=10 * 365 * 24 * 3600, allow_inf_nan=False)


class BulkBody(BaseModel):
    count: int = Field(ge=1, le=50_000)
    status: str = Field("open", description="open, completed, cancelled or expired")


class TopUpBody(BaseModel):
    amount_usd: float = Field(gt=0, le=100_000, allow_inf_nan=False)
