"""The sandbox's REST request and response bodies, written from platform.md and the conventions.

Requests are strict (a budget sent as the string "5" is refused, naming the field); unknown
request fields are ignored, as documented. Responses forbid unknown fields, and every task
is validated against `Task` before it is stored, so the sandbox cannot answer a shape it does
not document. Times are ISO 8601 UTC strings.
"""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from . import conventions as c
from .bounded import JsonObject

Slug = Annotated[str, StringConstraints(min_length=1, max_length=c.SLUG_MAX)]
# At least one visible character. The class is spelled out (no `\s`) so that Python, the
# JSON Schema validators and the fuzzers all read the same set of blanks.
VISIBLE = (
    r"[^\t\n\x0b\x0c\r \x1c-\x1f\x85\xa0"
    r"\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
)
Text = Annotated[str, StringConstraints(min_length=1, max_length=c.TEXT_MAX, pattern=VISIBLE)]
ShortId = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Uuid = Annotated[
    str,
    StringConstraints(
        pattern=r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
    ),
]
Money = Annotated[float, Field(allow_inf_nan=False)]
Time = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


class _Request(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- requests ---------------------------------------------------------------------------------


class TaskCreate(_Request):
    """POST /api/v1/tasks. `brief` is accepted as a synonym of `description` (the guide's name)."""

    category: Slug
    task_type: Slug
    budget_usd: Money = Field(description="Within the task type's range (see the catalog).")
    title: str = Field(min_length=c.TITLE_MIN, max_length=c.TITLE_MAX)
    description: str | None = Field(
        None, max_length=c.BRIEF_MAX, description=f"The brief, {c.BRIEF_MIN} to {c.BRIEF_MAX}."
    )
    brief: str | None = Field(None, max_length=c.BRIEF_MAX, description="Synonym of description.")
    requirements: JsonObject = Field(default_factory=dict)
    experimentation: float = Field(c.DEFAULT_EXPERIMENTATION, ge=0, le=1, allow_inf_nan=False)
    brand_kit_id: Uuid | None = None
    attachments: list[ShortId] | None = Field(
        None, max_length=c.MAX_ATTACHMENTS, description="Upload ids from POST /api/v1/uploads."
    )
    metadata: JsonObject | None = Field(
        None, description="Opaque to AITasker; returned on the task and on delivery."
    )


class SelectBody(_Request):
    bid_id: ShortId


class RevisionBody(_Request):
    feedback: Text


class DisputeBody(_Request):
    reason: Text


class NoteBody(_Request):
    text: Text


class BrandKitCreate(_Request):
    name: Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=VISIBLE)]
    colors: list[Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]] = Field(
        default_factory=list, max_length=20
    )
    fonts: list[Annotated[str, StringConstraints(max_length=100)]] = Field(
        default_factory=list, max_length=20
    )
    voice_notes: str = Field("", max_length=c.TEXT_MAX)
    asset_ids: list[ShortId] = Field(default_factory=list, max_length=50)


class BriefDraft(_Request):
    """What the free brief tools read; every field optional."""

    title: str = Field("", max_length=1000)
    description: str = Field("", max_length=20000)
    brief: str | None = Field(None, max_length=20000)
    category: str = Field("", max_length=c.SLUG_MAX)
    task_type: str = Field("", max_length=c.SLUG_MAX)
    budget_usd: Money | None = None
    requirements: JsonObject = Field(default_factory=dict)
    idea: str = Field("", max_length=2000, description="generate: a sentence on what you need")


class AdvanceBody(_Request):
    seconds: float = Field(ge=0, le=10 * 365 * 24 * 3600, allow_inf_nan=False)


def _whole_number(value: Any) -> Any:
    """JSON Schema's integer: 7 or 7.0, never "7" or true."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class BulkBody(_Request):
    count: Annotated[int, BeforeValidator(_whole_number)] = Field(ge=1, le=10_000)
    status: Literal["open", "completed", "cancelled", "expired"] = "open"


class TopUpBody(_Request):
    amount_usd: float = Field(gt=0, le=100_000, allow_inf_nan=False)


# -- responses --------------------------------------------------------------------------------


class HistoryEntry(_Wire):
    status: str
    at: Time
    note: str
    kind: Literal["status", "note"] = Field(
        "status", description="`note`: a note you sent the agents (the status did not change)."
    )


class Task(_Wire):
    id: str
    user_id: str
    title: str
    description: str
    category: str
    task_type: str
    requirements: dict[str, Any]
    budget_usd: float
    compute_budget: float | None
    status: str
    experimentation: float
    created_at: Time
    expires_at: Time
    attachments: list[str] | None
    brand_kit_id: str | None
    prototype_tier: int | None
    metadata: dict[str, Any] | None
    # This project's extensions.
    updated_at: Time
    deadline_at: Time | None
    selected_bid_id: str | None
    selected_price_usd: float | None
    review_extensions_remaining: int
    history: list[HistoryEntry]


class FileRef(_Wire):
    id: str
    name: str
    media_type: str
    size_bytes: int
    url: str


class Bid(_Wire):
    id: str
    task_id: str
    agent_id: str
    agent_name: str
    agent_tier: str
    agent_message: str
    round: int
    bid_price_usd: float
    prototype_summary: str
    artifacts: list[FileRef]
    eval_score: float
    eval_breakdown: dict[str, float]
    presented: bool
    selected: bool
    status: Literal["presented", "declined", "selected"]
    created_at: Time


class BidGallery(_Wire):
    task: Task
    bids: list[Bid]
    total_bids_generated: int
    remix_available: bool
    remix_fee_usd: float
    review_extensions_used: int
    review_extensions_remaining: int


class Delivery(_Wire):
    id: str
    task_id: str
    bid_id: str | None
    agent_name: str
    message: str
    revision: int
    files: list[FileRef]
    created_at: Time
    decide_by: Time
    feedback_history: list[str]
    metadata: dict[str, Any] | None
    revisions_remaining: int | None = Field(
        None, description="Extension: how many more revisions may be asked for."
    )
    dispute_reason: str | None = Field(
        None, description="Extension: the reason the buyer gave, once disputed."
    )


class Balance(_Wire):
    caller_id: str
    balance_usd: float
    total_deposited_usd: float
    total_spent_usd: float
    held_usd: float = Field(description="Extension: money authorised for open tasks.")


class TaskPage(_Wire):
    tasks: list[Task]
    cursor: str
    has_more: bool


class UploadedFile(_Wire):
    id: str
    name: str
    media_type: str
    size_bytes: int


class BrandKit(_Wire):
    id: str
    name: str
    colors: list[str]
    fonts: list[str]
    voice_notes: str
    asset_ids: list[str]
    created_at: Time


class BrandKitList(_Wire):
    brand_kits: list[BrandKit]


class Suggestion(_Wire):
    field: str
    message: str


class Suggestions(_Wire):
    suggestions: list[Suggestion]


class GeneratedBrief(_Wire):
    title: str
    description: str
    category: str
    task_type: str
    requirements: dict[str, str]
    budget_usd: float | None


class Health(_Wire):
    status: str
    service: str


class ClockOut(_Wire):
    now: Time
    speed: float


class BulkOut(_Wire):
    created: int
    cursor: str


# -- error bodies -----------------------------------------------------------------------------


class ErrorMessage(_Wire):
    detail: str


class FieldError(_Wire):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorBody(_Wire):
    detail: list[FieldError]


class PaymentDetail(_Wire):
    message: str
    amount_usd: float
    current_balance_usd: float
    topup_url: str = Field(
        description="Where to add credit: AITasker's page, or on the sandbox's full surface its "
        f"own `POST {c.TOP_UP}` (same origin as the API, plain http on loopback)."
    )
    held_usd: float
    available_usd: float


class PaymentRequiredBody(_Wire):
    detail: PaymentDetail
