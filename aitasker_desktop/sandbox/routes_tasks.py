"""The task routes AITasker documents: create, read, and the bid gallery."""

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse

from . import conventions as c
from .deps import Caller, Runtime
from .errors import WITH_BODY, answers, unprocessable
from .schemas import BidGallery, Task, TaskCreate
from .validation import RuleRoute, body_rules, create_rules

router = APIRouter(tags=["tasks"], route_class=RuleRoute)


@router.post(
    c.TASKS,
    status_code=201,
    response_model=Task,
    responses={
        200: {"model": Task, "description": "A replay: the task an earlier identical request made"},
        **answers(*WITH_BODY, 402, 409),
    },
    summary="Post a task",
    description=(
        "Post a task. The budget is held from your balance (402 when balance minus holds is "
        "below it). Send an `Idempotency-Key` header to make retries safe: the same key and "
        "body answer 200 with the same task (`Idempotent-Replayed: true`); the same key with "
        "another body 422; the same key while the first request is in flight 409."
    ),
)
@body_rules(create_rules)
def create_task(
    body: TaskCreate,
    rt: Runtime,
    caller: Caller,
    idempotency_key: Annotated[
        str | None,
        Header(alias=c.IDEMPOTENCY_HEADER, max_length=c.IDEMPOTENCY_KEY_MAX),
    ] = None,
) -> JSONResponse:
    raw = body.model_dump(mode="json")
    errors = create_rules(rt, raw, set())
    if errors:
        raise unprocessable(errors)
    fields = dict(raw)
    use_brief = not (body.description or "").strip() and body.brief is not None
    fields["description"] = (body.brief if use_brief else body.description) or ""
    fields.pop("brief", None)
    task, created = rt.buyer.create(
        caller,
        fields,
        idempotency_key=idempotency_key,
        raw=body.model_dump(mode="json", exclude_unset=True),
    )
    wire = Task.model_validate(task).model_dump(mode="json")
    if created:
        return JSONResponse(wire, status_code=201)
    return JSONResponse(wire, status_code=200, headers={c.IDEMPOTENT_REPLAYED_HEADER: "true"})


@router.get(c.TASK, response_model=Task, responses=answers(401, 404, 429), summary="Get a task")
def get_task(task_id: str, rt: Runtime, caller: Caller) -> Task:
    return Task.model_validate(rt.buyer.load(caller, task_id).task)


@router.get(
    c.BIDS, response_model=BidGallery, responses=answers(401, 404, 429), summary="The bid gallery"
)
def get_bids(task_id: str, rt: Runtime, caller: Caller) -> BidGallery:
    return BidGallery.model_validate(rt.buyer.gallery(caller, task_id))
