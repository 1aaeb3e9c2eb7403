"""What a submission's failure means: whether to try again, whether the task may exist, and
what to tell the person; and what deleting its draft does to a submission still waiting.

Kept apart from the service that sends (submission.py) so the rules read in one place.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

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
from aitasker_desktop.storage.outbox import OutboxEntry, OutboxState

log = logging.getLogger(__name__)

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


def entry_may_be_posted(entry: OutboxEntry) -> bool:
    """Whether a create request of this entry may have reached the service. Also pending
    with the lost-answer message: so an older version, which put such entries back to
    pending, left them; they are treated as what they are."""
    return entry.state is OutboxState.SENDING or (
        entry.state is OutboxState.PENDING and entry.last_error == UNCONFIRMED_MESSAGE
    )


def log_failure(draft_id: str, exc: BaseException) -> None:
    """A refusal, or a lost answer that leaves the task unconfirmed, is what support asks
    about, so it is a warning (Help › Copy diagnostics lists recent ones). Being offline
    is not: it is said on screen and would push the real problems out of that list."""
    code = exc.status_code if isinstance(exc, ApiError) else None
    if is_permanent(exc):
        # The names only, and a few: what a server says is not trusted to be short.
        fields = sorted(exc.field_errors)[:10] if isinstance(exc, ValidationError) else []
        log.warning(
            "AITasker refused posting draft %s (%s): %s%s",
            draft_id[:8],
            code,
            exc,
            f" Fields: {', '.join(fields)}." if fields else "",
        )
    elif isinstance(exc, OutcomeUnknown):
        log.warning("Posting draft %s is unconfirmed: the answer was lost", draft_id[:8])
    else:
        log.info("Posting draft %s will be tried again (%s): %s", draft_id[:8], code, exc)


def failure_message(exc: ApiError) -> str:
    return f"{exc.message} {exc.hint}".strip()


def outbox_facts(waiting: Sequence[OutboxEntry], refused: Sequence[OutboxEntry]) -> dict[str, str]:
    """What support asks first about posts (Help › Copy diagnostics): how many wait, how many
    of those may already be on AITasker unconfirmed, and each refusal with its reason. Draft
    ids, not titles: a brief is the person's business, not the support request's."""
    unconfirmed = sum(1 for e in waiting if e.state is OutboxState.SENDING)
    facts = {
        "Posts waiting to send": f"{len(waiting)} ({unconfirmed} may have reached AITasker, "
        "not confirmed yet)",
        "Posts refused": str(len(refused)),
    }
    for entry in (*waiting, *refused):
        if entry.last_error:
            stamp = entry.updated_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            facts[f"  draft {entry.draft_id[:8]}"] = (
                f"{entry.state.value}, {entry.attempts} attempt(s), {stamp}: {entry.last_error}"
            )
    return facts
