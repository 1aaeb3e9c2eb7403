"""Tasks as the service returns them: the task, its bids, its delivery, and the balance.

Everything from a server is parsed leniently: unknown fields are ignored, missing ones take
defaults, and status strings stay strings, so an unexpected answer is shown, not fatal.
"""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from aitasker_desktop.domain.lifecycle import Status


class _Lenient(BaseModel):
    # defer_build: a model's validator is built when it is first used, not when the module
    # is imported (the app's models take ~40 ms to build at start-up, most unused by then).
    model_config = ConfigDict(defer_build=True, extra="ignore", populate_by_name=True)


class StatusChange(_Lenient):
    status: str
    at: datetime
    note: str = ""


class Task(_Lenient):
    id: str
    user_id: str | None = None
    title: str = ""
    description: str = ""
    category: str = ""
    task_type: str = ""
    requirements: dict[str, Any] = Field(default_factory=dict)
    budget_usd: float | None = None
    compute_budget: float | None = None
    status: str = "unknown"
    experimentation: float | None = None
    created_at: datetime | None = None
    expires_at: datetime | None = None
    attachments: list[str] | None = None
    brand_kit_id: str | None = None
    prototype_tier: int | None = None
    metadata: dict[str, Any] | None = None
    # This project's extensions (optional, so a real server without them still parses).
    updated_at: datetime | None = None
    deadline_at: datetime | None = None  # when the current stage's window closes
    selected_bid_id: str | None = None
    selected_price_usd: float | None = None
    review_extensions_remaining: int | None = None
    history: list[StatusChange] = Field(default_factory=list)
    # Learned by the client, not sent by REST: the task's id in AITasker's A2A methods,
    # which may differ from `id` (api/operations.py keeps it from A2A answers).
    a2a_id: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _brief_synonym(cls, data: Any) -> Any:
        if isinstance(data, dict) and "description" not in data and "brief" in data:
            data = {**data, "description": data["brief"]}
        return data

    @field_validator("status", mode="before")
    @classmethod
    def _status_text(cls, value: Any) -> str:
        return "unknown" if value is None else str(value)

    @field_validator("requirements", mode="before")
    @classmethod
    def _requirements_obj(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {}

    @field_validator("attachments", mode="before")
    @classmethod
    def _attachment_strings(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [str(v) for v in value]
        return None

    @property
    def known_status(self) -> Status | None:
        try:
            return Status(self.status)
        except ValueError:
            return None

    @property
    def price_usd(self) -> float | None:
        """What the buyer pays: the chosen bid's price once selected, else the budget."""
        return self.selected_price_usd if self.selected_price_usd is not None else self.budget_usd


class FileRef(_Lenient):
    """A file the service holds: a bid artifact, a delivery file or an upload."""

    id: str = ""
    name: str = "file"
    media_type: str = "application/octet-stream"
    size_bytes: int | None = None
    url: str | None = None  # absolute or relative to the API base; else FILE path by id

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        if isinstance(data, str):  # the platform's `artifacts` may be bare strings (URLs)
            return {"id": "", "name": data.rsplit("/", 1)[-1] or "file", "url": data}
        if isinstance(data, dict) and "file_id" in data and "id" not in data:
            return {**data, "id": data["file_id"]}
        return data


class Bid(_Lenient):
    id: str
    task_id: str = ""
    agent_id: str = ""
    agent_name: str = ""
    agent_tier: str | int | None = None
    agent_message: str = ""
    round: int = 1
    bid_price_usd: float | None = None
    prototype_summary: str = ""
    artifacts: list[FileRef] = Field(default_factory=list)
    eval_score: float | None = None
    eval_breakdown: dict[str, float] = Field(default_factory=dict)
    presented: bool = False
    selected: bool = False
    status: str = ""
    created_at: datetime | None = None

    @field_validator("eval_breakdown", mode="before")
    @classmethod
    def _numeric_breakdown(cls, value: Any) -> dict[str, float]:
        if not isinstance(value, dict):
            return {}
        out: dict[str, float] = {}
        for k, v in value.items():
            if isinstance(v, int | float) and not isinstance(v, bool):
                out[str(k)] = float(v)
        return out

    @field_validator("artifacts", mode="before")
    @classmethod
    def _artifact_list(cls, value: Any) -> Any:
        return value if isinstance(value, list) else []


class BidGallery(_Lenient):
    task: Task | None = None
    bids: list[Bid] = Field(default_factory=list)
    total_bids_generated: int = 0
    remix_available: bool = False
    remix_fee_usd: float | None = None
    review_extensions_used: int = 0
    review_extensions_remaining: int = 0

    @property
    def presented_bids(self) -> list[Bid]:
        shown = [b for b in self.bids if b.presented or b.status == "presented"]
        return shown or list(self.bids)


class Delivery(_Lenient):
    id: str = ""
    task_id: str = ""
    bid_id: str | None = None
    agent_name: str = ""
    message: str = ""
    revision: int = 0  # 0 for the first delivery, then 1, 2, ... after revision requests
    files: list[FileRef] = Field(default_factory=list)
    created_at: datetime | None = None
    decide_by: datetime | None = None  # when the approval window closes
    feedback_history: list[str] = Field(default_factory=list)  # each revision's request
    # Extensions (optional: a server without them still parses): how many more revisions
    # may be asked for, and the reason given when the delivery was disputed.
    revisions_remaining: int | None = None
    dispute_reason: str | None = None


class Balance(_Lenient):
    caller_id: str = ""
    balance_usd: float = 0.0
    total_deposited_usd: float = 0.0
    total_spent_usd: float = 0.0
    held_usd: float | None = None  # extension: money authorised for open tasks

    @property
    def available_usd(self) -> float:
        """What can be spent now: the balance minus what is held for tasks in progress."""
        return round(self.balance_usd - (self.held_usd or 0.0), 2)


class TaskPage(_Lenient):
    """One answer of the changed-since listing."""

    tasks: list[Task] = Field(default_factory=list)
    cursor: str | None = None
    has_more: bool = False


class Suggestion(_Lenient):
    field: str = "description"
    message: str


class UploadedFile(_Lenient):
    id: str
    name: str = ""
    media_type: str = "application/octet-stream"
    size_bytes: int = 0


class RemoteBrandKit(_Lenient):
    id: str
    name: str = ""
    colors: list[str] = Field(default_factory=list)
    fonts: list[str] = Field(default_factory=list)
    voice_notes: str = ""
    asset_ids: list[str] = Field(default_factory=list)
    created_at: datetime | None = None
