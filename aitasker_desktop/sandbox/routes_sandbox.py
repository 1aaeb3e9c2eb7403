"""Sandbox-only controls under /sandbox/: NOT part of AITasker (same bearer key)."""

from typing import Any

from fastapi import APIRouter

from .actions import BULK_STATUSES
from .clock import iso
from .deps import Caller, Runtime
from .models import AdvanceBody, BulkBody, TopUpBody
from .simulation import SandboxError

router = APIRouter(prefix="/sandbox", tags=["sandbox (not part of AITasker)"])


@router.get("/clock", summary="The simulated time and speed")
def clock(rt: Runtime, _caller: Caller) -> dict[str, Any]:
    return {"now": iso(rt.clock.now()), "speed": rt.clock.speed}


@router.post("/clock/advance", summary="Move simulated time forward and run what became due")
def advance(body: AdvanceBody, rt: Runtime, _caller: Caller) -> dict[str, Any]:
    return {"now": iso(rt.advance(body.seconds)), "speed": rt.clock.speed}


@router.post(
    "/tasks/bulk",
    status_code=201,
    summary="Create N parked tasks quickly (for benchmarks; they do not advance)",
)
def bulk(body: BulkBody, rt: Runtime, caller: Caller) -> dict[str, Any]:
    if body.status not in BULK_STATUSES:
        raise SandboxError(
            422,
            [
                {
                    "loc": ["body", "status"],
                    "msg": f"One of {', '.join(BULK_STATUSES)}.",
                    "type": "value_error",
                }
            ],
        )
    seq = rt.buyer.bulk_create(caller, body.count, body.status)
    return {"created": body.count, "cursor": str(seq)}


@router.post("/credits/top-up", summary="Add credits to the account")
def top_up(body: TopUpBody, rt: Runtime, caller: Caller) -> dict[str, Any]:
    return rt.buyer.top_up(caller, body.amount_usd)
