"""What a submission's failure means: whether to try again, whether the task may exist, and
what to tell the person; and what deleting its draft does to a submission still waiting.

Kept apart from the service that sends (submission.py) so the rules read in one place.
"""

from __future__ import annotations

from aitasker_desktop.api.errors import (
    ApiError,
    ForbiddenError,
    NetworkError,
    NotFoundError,
    OutcomeUnknown,
    PaymentRequired,
    RateLimited,
    ValidationError,
)

OFFLINE_MESSAGE = (
    "AITasker cannot be reached right now. Your task is saved on this computer and will be "
    "posted automatically when the connection is back. It will not be posted twice."
)
UNCONFIRMED_MESSAGE = (
    "The connection dropped before AITasker confirmed your task. The app will check again "
    "with the same request, so it cannot be posted twice."
)


class SubmissionState:
    """What `state_of` answers, for the editor and the drafts list."""

    DRAFT = "draft"  # never submitted (or a failed submission was dismissed)
    SENDING = "sending"  # uploading or posting now
    QUEUED = "queued"  # waiting in the outbox to be sent (offline, or answer unconfirmed)
    SUBMITTED = "submitted"  # the task exists on the service
    FAILED = "failed"  # the service refused it; fix the draft and submit again


class Withdrawal:
    """What deleting a draft does to its submission (`SubmissionService.withdrawal_of`)."""

    NOTHING = "nothing"  # nothing waits: never submitted, refused, or already posted
    CANCELS = "cancels"  # waiting, and certainly not on AITasker: deleting cancels it
    SENDING_NOW = "sending_now"  # being sent this moment: wait for the outcome
    MAY_BE_POSTED = "may_be_posted"  # a request may have reached AITasker: it will be posted


def is_permanent(exc: BaseException) -> bool:
    """Whether the service refused the request for good (retrying the same body won't help)."""
    if isinstance(exc, ValidationError | PaymentRequired | ForbiddenError | NotFoundError):
        return True
    if isinstance(exc, NetworkError) or not isinstance(exc, ApiError):
        return False
    code = exc.status_code
    return code is not None and 400 <= code < 500 and code not in (401, 408, 409, 429)


def may_have_posted(exc: BaseException) -> bool:
    """Whether a create that failed with `exc` may have made the task all the same.

    The transport (api/transport.py) raises the plain NetworkError (a timeout or TLS failure
    included) and RateLimited for a keyed create only when no attempt can have reached the
    service, and OutcomeUnknown when one may have. Anything else not refused for good (a 401
    after a lost answer, a bug) is taken as may-have: the safe side of never twice."""
    if isinstance(exc, OutcomeUnknown):
        return True
    if isinstance(exc, NetworkError | RateLimited):
        return False
    return not is_permanent(exc)


def queued_message(exc: BaseException) -> str:
    if isinstance(exc, OutcomeUnknown):
        return UNCONFIRMED_MESSAGE
    if isinstance(exc, NetworkError) or not isinstance(exc, ApiError):
        return OFFLINE_MESSAGE
    return f"{exc.message} Your task is saved and will be sent again automatically."


def failure_message(exc: ApiError) -> str:
    return f"{exc.message} {exc.hint}".strip()
