"""An in-app notification: something about a task the user should know or act on."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class NotificationKind(StrEnum):
    BIDS_READY = "bids_ready"
    DELIVERY_READY = "delivery_ready"
    REVIEW_CLOSING = "review_closing"  # a decision window is about to close
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    SUBMITTED = "submitted"
    SUBMIT_FAILED = "submit_failed"


class Notification(BaseModel):
    """One entry of the notification list; `kind` stays a string so unknown kinds still show."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    id: int
    task_id: str | None = None
    kind: str
    text: str
    created_at: datetime
    read: bool = False
