"""Task routes this project decided (AITasker names the operations but not their paths):
the changed-since list, the buyer's actions, notes, and the delivery.

Served on the `full` surface only; the `documented` surface answers 404 to each.
"""

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from . import conventions as c
from .deps import Caller, Runtime
from .errors import AUTHED, WITH_BODY, answers, field_error, unprocessable
from .lifecycle import Action
from .runtime import SandboxRuntime
from .schemas import Delivery, DisputeBody, NoteBody, RevisionBody, SelectBody, Task, TaskPage

router = APIRouter(tags=["tasks"])
ACTION = answers(401, 404, 409, 429)
ACTION_WITH_BODY = answers(*WITH_BODY, 404, 409)


@router.get(
    c.TASKS,
    response_model=TaskPage,
    responses=answers(*AUTHED, 422),
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
    since: Annotated[str | None, Query(max_length=40, pattern=r"^[0-9]*$")] = None,
    limit: Annotated[int, Query(ge=1, le=c.LIST_MAX_LIMIT)] = 100,
) -> Response:
    since_seq = int(since) if since else 0
    if since_seq > 2**62:
        raise unprocessable([field_error(["query", "since"], "Not a cursor from this server.")])
    rows = rt.store.changed_since(caller, since_seq, limit + 1)
    has_more = len(rows) > limit
    rows = rows[:limit]
    cursor = str(rows[-1][0]) if rows else str(since_seq)
    # Stored tasks were validated against `Task` when saved: the page is spliced, not rebuilt.
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


def _act(rt: SandboxRuntime, caller: str, task_id: str, action: Action, **kw: Any) -> Task:
    return Task.model_validate(rt.buyer.act(caller, task_id, action, **kw))


@router.post(
    c.SELECT, response_model=Task, responses=ACTION_WITH_BODY, summary="Choose a bid (review)"
)
def select_bid(task_id: str, body: SelectBody, rt: Runtime, caller: Caller) -> Task:
    return _act(rt, caller, task_id, Action.SELECT, bid_id=body.bid_id)


@router.post(
    c.REMIX,
    response_model=Task,
    responses=answers(401, 402, 404, 409, 429),
    summary="Re-run bidding without the agents already shown (flat fee, review)",
)
def remix(task_id: str, rt: Runtime, caller: Caller) -> Task:
    return _act(rt, caller, task_id, Action.REMIX)


@router.post(
    c.EXTEND_REVIEW,
    response_model=Task,
    responses=ACTION,
    summary="Push the review deadline back (limited count, review)",
)
def extend_review(task_id: str, rt: Runtime, caller: Caller) -> Task:
    return _act(rt, caller, task_id, Action.EXTEND_REVIEW)


@router.post(
    c.CANCEL,
    response_model=Task,
    responses=ACTION,
    summary="Cancel before a bid is chosen; the hold is released",
)
def cancel(task_id: str, rt: Runtime, caller: Caller) -> Task:
    return _act(rt, caller, task_id, Action.CANCEL)


@router.post(
    c.NOTES,
    response_model=Task,
    responses=ACTION_WITH_BODY,
    summary="Send the agents a note (the REST twin of A2A tasks/provideInput)",
    description=(
        "Clarification text for a running task. It is kept in the task's history (an entry "
        "of kind `note`) and read by whoever works on the task next: the agents building "
        "bids, a remix's agents, the winner building the delivery, or the agent revising it."
    ),
)
def add_note(task_id: str, body: NoteBody, rt: Runtime, caller: Caller) -> Task:
    return _act(rt, caller, task_id, Action.NOTE, text=body.text)


@router.get(
    c.DELIVERY,
    response_model=Delivery,
    responses=answers(401, 404, 429),
    tags=["deliveries"],
    summary="The latest delivery",
)
def get_delivery(task_id: str, rt: Runtime, caller: Caller) -> Delivery:
    return Delivery.model_validate(rt.buyer.delivery(caller, task_id))


@router.post(
    c.APPROVE,
    response_model=Task,
    responses=ACTION,
    tags=["deliveries"],
    summary="Approve the delivery; the chosen price is charged",
)
def approve(task_id: str, rt: Runtime, caller: Caller) -> Task:
    return _act(rt, caller, task_id, Action.APPROVE)


@router.post(
    c.REVISION,
    response_model=Task,
    responses=ACTION_WITH_BODY,
    tags=["deliveries"],
    summary="Ask for a revision (feedback required)",
)
def request_revision(task_id: str, body: RevisionBody, rt: Runtime, caller: Caller) -> Task:
    return _act(rt, caller, task_id, Action.REQUEST_REVISION, feedback=body.feedback)


@router.post(
    c.DISPUTE,
    response_model=Task,
    responses=ACTION_WITH_BODY,
    tags=["deliveries"],
    summary="Dispute the delivery (reason required); no money moves",
)
def dispute(task_id: str, body: DisputeBody, rt: Runtime, caller: Caller) -> Task:
    return _act(rt, caller, task_id, Action.DISPUTE, reason=body.reason)
