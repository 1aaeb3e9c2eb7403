"""Task routes: create, list (changed since a cursor), read, bids, actions, delivery."""

import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response
from fastapi.responses import JSONResponse

from aitasker_desktop.domain import protocol as p
from aitasker_desktop.domain.brief import BRIEF_MIN
from aitasker_desktop.domain.lifecycle import Action
from aitasker_desktop.domain.task import BidGallery, Delivery, Task, TaskPage

from .deps import Caller, Runtime
from .models import DisputeBody, RevisionBody, SelectBody, TaskCreate
from .runtime import SandboxRuntime
from .simulation import SandboxError

router = APIRouter(tags=["tasks"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing or invalid API key"},
    404: {"description": "No such task"},
    409: {"description": "Not allowed in the task's current status"},
    429: {"description": "Rate limited; see Retry-After"},
}
MAX_METADATA_BYTES = 16 * 1024


def _field_error(field: str, msg: str, kind: str = "value_error") -> dict[str, Any]:
    return {"loc": ["body", field], "msg": msg, "type": kind}


def _check_create(rt: SandboxRuntime, caller: str, body: TaskCreate) -> dict[str, Any]:
    """The platform's checks beyond the schema; every problem at once, FastAPI-style."""
    errors: list[dict[str, Any]] = []
    fields = body.model_dump(mode="json")
    use_brief = not (body.description or "").strip() and body.brief is not None
    text = (body.brief if use_brief else body.description) or ""
    fields["description"] = text
    fields.pop("brief", None)
    if len(text.strip()) < BRIEF_MIN:
        errors.append(
            _field_error(
                "brief" if use_brief else "description",
                f"The brief must be at least {BRIEF_MIN} characters.",
                "string_too_short",
            )
        )
    category = rt.catalog.category(body.category)
    if category is None:
        errors.append(_field_error("category", f"Unknown category “{body.category}”."))
    elif category.task_type(body.task_type) is None:
        errors.append(
            _field_error("task_type", f"“{body.task_type}” is not a task type of {body.category}.")
        )
    low, high = rt.catalog.budget_range(body.category, body.task_type)
    if not low <= body.budget_usd <= high:
        errors.append(
            _field_error(
                "budget_usd",
                f"The budget must be between {low:g} and {high:g} USD for this type.",
                "out_of_range",
            )
        )
    for i, upload_id in enumerate(body.attachments or []):
        found = rt.store.file(upload_id)
        if found is None or found.kind != "upload":
            errors.append(
                {
                    "loc": ["body", "attachments", i],
                    "msg": "Unknown upload id; upload the file first.",
                    "type": "value_error",
                }
            )
    if body.brand_kit_id is not None and rt.store.brand_kit(caller, str(body.brand_kit_id)) is None:
        errors.append(_field_error("brand_kit_id", "Unknown brand kit."))
    if (
        body.metadata is not None
        and len(json.dumps(body.metadata, default=str)) > MAX_METADATA_BYTES
    ):
        errors.append(
            _field_error("metadata", f"metadata is larger than {MAX_METADATA_BYTES} bytes.")
        )
    if errors:
        raise SandboxError(422, errors)
    return fields


@router.post(
    p.TASKS,
    status_code=201,
    response_model=Task,
    responses={**_ERRORS, 402: {}, 422: {}},
    summary="Post a task",
    description=(
        "Post a task. The budget is held from your balance (402 when balance minus holds is "
        "below it). Send an `Idempotency-Key` header to make retries safe: the same key and "
        "body answer 200 with the same task; the same key with another body 422; the same key "
        "while the first request is in flight 409."
    ),
)
def create_task(
    body: TaskCreate,
    rt: Runtime,
    caller: Caller,
    idempotency_key: Annotated[
        str | None, Header(alias=p.IDEMPOTENCY_HEADER, max_length=255)
    ] = None,
) -> JSONResponse:
    fields = _check_create(rt, caller, body)
    task, created = rt.buyer.create(
        caller,
        fields,
        idempotency_key=idempotency_key,
        raw=body.model_dump(mode="json", exclude_unset=True),
    )
    headers = {} if created else {"Idempotent-Replayed": "true"}
    return JSONResponse(task, status_code=201 if created else 200, headers=headers)


@router.get(
    p.TASKS,
    response_model=TaskPage,
    responses=_ERRORS,
    summary="List tasks changed since a cursor",
    description=(
        "Without `since`, every task, oldest change first, paged by `limit`. With `since` (the "
        "`cursor` of an earlier answer) only tasks that changed after it. Follow `has_more`. "
        "The cursor is opaque; a poll's cost grows with what changed, not with how many tasks "
        "exist."
    ),
)
def list_tasks(
    rt: Runtime,
    caller: Caller,
    since: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=p.LIST_MAX_LIMIT)] = 100,
) -> Response:
    since_seq = 0
    if since:
        if not since.isascii() or not since.isdigit():
            raise SandboxError(
                422,
                [
                    {
                        "loc": ["query", "since"],
                        "msg": "Not a cursor from this server.",
                        "type": "value_error",
                    }
                ],
            )
        since_seq = int(since)
    rows = rt.store.changed_since(caller, since_seq, limit + 1)
    has_more = len(rows) > limit
    rows = rows[:limit]
    cursor = str(rows[-1][0]) if rows else str(since_seq)
    body = (
        '{"tasks":['
        + ",".join(t for _s, t in rows)
        + '],"cursor":'
        + json.dumps(cursor)
        + ',"has_more":'
        + ("true" if has_more else "false")
        + "}"
    )
    return Response(body, media_type="application/json")


@router.get(p.TASK, response_model=Task, responses=_ERRORS, summary="Get a task")
def get_task(task_id: str, rt: Runtime, caller: Caller) -> JSONResponse:
    return JSONResponse(rt.buyer.load(caller, task_id).task)


@router.get(p.BIDS, response_model=BidGallery, responses=_ERRORS, summary="The bid gallery")
def get_bids(task_id: str, rt: Runtime, caller: Caller) -> JSONResponse:
    return JSONResponse(rt.buyer.gallery(caller, task_id))


def _act(rt: SandboxRuntime, caller: str, task_id: str, action: Action, **kw: Any) -> JSONResponse:
    return JSONResponse(rt.buyer.act(caller, task_id, action, **kw))


@router.post(p.SELECT, response_model=Task, responses=_ERRORS, summary="Choose a bid (review)")
def select_bid(task_id: str, body: SelectBody, rt: Runtime, caller: Caller) -> JSONResponse:
    return _act(rt, caller, task_id, Action.SELECT, bid_id=body.bid_id)


@router.post(
    p.REMIX,
    response_model=Task,
    responses={**_ERRORS, 402: {}},
    summary="Re-run bidding without the agents already shown (flat fee, review)",
)
def remix(task_id: str, rt: Runtime, caller: Caller) -> JSONResponse:
    return _act(rt, caller, task_id, Action.REMIX)


@router.post(
    p.EXTEND_REVIEW,
    response_model=Task,
    responses=_ERRORS,
    summary="Push the review deadline back (limited count, review)",
)
def extend_review(task_id: str, rt: Runtime, caller: Caller) -> JSONResponse:
    return _act(rt, caller, task_id, Action.EXTEND_REVIEW)


@router.post(
    p.CANCEL,
    response_model=Task,
    responses=_ERRORS,
    summary="Cancel before a bid is chosen; the hold is released",
)
def cancel(task_id: str, rt: Runtime, caller: Caller) -> JSONResponse:
    return _act(rt, caller, task_id, Action.CANCEL)


@router.get(
    p.DELIVERY,
    response_model=Delivery,
    responses=_ERRORS,
    tags=["deliveries"],
    summary="The latest delivery",
)
def get_delivery(task_id: str, rt: Runtime, caller: Caller) -> JSONResponse:
    return JSONResponse(rt.buyer.delivery(caller, task_id))


@router.post(
    p.APPROVE,
    response_model=Task,
    responses=_ERRORS,
    tags=["deliveries"],
    summary="Approve the delivery; the chosen price is charged",
)
def approve(task_id: str, rt: Runtime, caller: Caller) -> JSONResponse:
    return _act(rt, caller, task_id, Action.APPROVE)


@router.post(
    p.REVISION,
    response_model=Task,
    responses=_ERRORS,
    tags=["deliveries"],
    summary="Ask for a revision (feedback required)",
)
def request_revision(task_id: str, body: RevisionBody, rt: Runtime, caller: Caller) -> JSONResponse:
    return _act(rt, caller, task_id, Action.REQUEST_REVISION, feedback=body.feedback)


@router.post(
    p.DISPUTE,
    response_model=Task,
    responses=_ERRORS,
    tags=["deliveries"],
    summary="Dispute the delivery (reason required); no money moves",
)
def dispute(task_id: str, body: DisputeBody, rt: Runtime, caller: Caller) -> JSONResponse:
    return _act(rt, caller, task_id, Action.DISPUTE, reason=body.reason)
