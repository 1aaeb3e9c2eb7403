"""Sandbox-only controls under /sandbox/: NOT part of AITasker (same bearer key).

Served on the `full` surface only; on `documented`, tests move time and add credit through
the `EmbeddedSandbox` object instead.
"""

from fastapi import APIRouter

from . import conventions as c
from .clock import iso
from .deps import Caller, Runtime
from .errors import WITH_BODY, answers
from .schemas import AdvanceBody, Balance, BulkBody, BulkOut, ClockOut, TopUpBody

router = APIRouter(prefix=c.SANDBOX_PREFIX, tags=["sandbox (not part of AITasker)"])


@router.get(
    "/clock", response_model=ClockOut, responses=answers(401), summary="Simulated time and speed"
)
def clock(rt: Runtime, _caller: Caller) -> ClockOut:
    return ClockOut(now=iso(rt.clock.now()) or "", speed=rt.clock.speed)


@router.post(
    "/clock/advance",
    response_model=ClockOut,
    responses=answers(*(code for code in WITH_BODY if code != 429)),
    summary="Move simulated time forward and run what became due",
)
def advance(body: AdvanceBody, rt: Runtime, _caller: Caller) -> ClockOut:
    return ClockOut(now=iso(rt.advance(body.seconds)) or "", speed=rt.clock.speed)


@router.post(
    "/tasks/bulk",
    status_code=201,
    response_model=BulkOut,
    responses=answers(*(code for code in WITH_BODY if code != 429)),
    summary="Create N parked tasks quickly (for benchmarks; they do not advance)",
)
def bulk(body: BulkBody, rt: Runtime, caller: Caller) -> BulkOut:
    seq = rt.buyer.bulk_create(caller, body.count, body.status)
    return BulkOut(created=body.count, cursor=str(seq))


@router.post(
    "/credits/top-up",
    response_model=Balance,
    responses=answers(*(code for code in WITH_BODY if code != 429)),
    summary="Add pretend credit; the `topup_url` of this surface's 402 answers",
)
def top_up(body: TopUpBody, rt: Runtime, caller: Caller) -> Balance:
    return Balance.model_validate(rt.buyer.top_up(caller, body.amount_usd))
