"""`POST /api/v1/a2a/rpc`: AITasker's A2A JSON-RPC 2.0 endpoint, on both surfaces.

Every JSON-RPC answer is HTTP 200: a parse error is -32700, a malformed envelope (and any
batch: batches are not supported) -32600, an unknown method -32601, bad params -32602, and
an unexpected failure -32603, never an HTTP 500. Transport problems stay HTTP: 401 without
a valid key, 413 for a body over the cap, 429 past the rate limit.
"""

import json
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from . import conventions as c
from .a2a_methods import METHODS, RpcFailure
from .a2a_schemas import AgentCard, AgentSkill, RpcRequest, RpcResponse
from .deps import Caller, Runtime
from .errors import PaymentRequired, answers
from .runtime import SandboxRuntime

router = APIRouter(tags=["a2a"])
log = logging.getLogger(__name__)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _failure(rpc_id: Any, code: int, message: str, data: Any = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if data is not None:
        error["data"] = data
    return {"jsonrpc": "2.0", "id": rpc_id, "error": error}


def _valid_id(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return (isinstance(value, str) and len(value) <= 200) or (
        isinstance(value, int) and abs(value) < 2**53
    )


def _envelope(payload: Any) -> tuple[Any, str, dict[str, Any]] | dict[str, Any]:
    """(id, method, params) of a well-formed request, or the error answer for it."""
    if isinstance(payload, list):
        return _failure(
            None, c.RpcCode.INVALID_REQUEST, "Batch requests are not supported: send one."
        )
    if not isinstance(payload, dict):
        return _failure(None, c.RpcCode.INVALID_REQUEST, "The request must be a JSON object.")
    rpc_id = payload.get("id")
    echo = rpc_id if _valid_id(rpc_id) else None
    if payload.get("jsonrpc") != "2.0":
        return _failure(echo, c.RpcCode.INVALID_REQUEST, 'Invalid request: jsonrpc must be "2.0".')
    if not _valid_id(rpc_id):
        msg = "Invalid request: id must be a string or an integer (notifications are not served)."
        return _failure(None, c.RpcCode.INVALID_REQUEST, msg)
    method = payload.get("method")
    if not isinstance(method, str):
        return _failure(echo, c.RpcCode.INVALID_REQUEST, "Invalid request: method must be text.")
    params = payload.get("params", {})
    if method not in METHODS:
        return _failure(echo, c.RpcCode.METHOD_NOT_FOUND, f"Method not found: {method[:100]}")
    if not isinstance(params, dict):
        return _failure(echo, c.RpcCode.INVALID_PARAMS, "Invalid params: params must be an object.")
    return rpc_id, method, params


def _call(
    rt: SandboxRuntime, caller: str, rpc_id: Any, method: str, params: dict[str, Any], topup: str
) -> dict[str, Any]:
    try:
        result = METHODS[method](rt, caller, params)
    except RpcFailure as exc:
        return _failure(rpc_id, exc.code, exc.message, exc.data)
    except PaymentRequired as exc:
        data = {
            "amount_usd": exc.amount,
            "current_balance_usd": exc.balance,
            "topup_url": topup,
        }
        return _failure(rpc_id, c.RpcCode.PAYMENT_REQUIRED, exc.message, data)
    except Exception:  # an answer, never an HTTP 500
        log.exception("A2A %s failed", method)
        return _failure(rpc_id, c.RpcCode.INTERNAL_ERROR, "Internal error.")
    return {"jsonrpc": "2.0", "id": rpc_id, "result": result}


@router.post(
    c.A2A_RPC,
    response_model=RpcResponse,
    responses=answers(401, 413, 429),
    summary="A2A JSON-RPC 2.0: " + ", ".join(c.A2A_METHODS),
    description=(
        "The body is a JSON-RPC 2.0 request (shape below). Whatever the body, the answer is "
        "HTTP 200 with a JSON-RPC response: a malformed request is answered with a JSON-RPC "
        "error, not an HTTP one, so any JSON (or none) is accepted at the HTTP level."
    ),
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {
                "application/json": {
                    "schema": {
                        "description": "A JSON-RPC 2.0 request; see x-jsonrpc-request.",
                        "x-jsonrpc-request": RpcRequest.model_json_schema(),
                    }
                }
            },
        }
    },
)
async def rpc(request: Request, rt: Runtime, caller: Caller) -> JSONResponse:
    raw = await request.body()
    try:
        payload = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError):  # bad JSON, bad UTF-8, NaN, or nested past parsing
        return JSONResponse(_failure(None, c.RpcCode.PARSE_ERROR, "Parse error."))
    checked = _envelope(payload)
    if isinstance(checked, dict):
        return JSONResponse(checked)
    rpc_id, method, params = checked
    topup = request.app.state.topup_url(request)
    answer = await run_in_threadpool(_call, rt, caller, rpc_id, method, params, topup)
    return JSONResponse(answer)


@router.get(
    c.AGENT_CARD,
    response_model=AgentCard,
    summary="The A2A discovery card (public)",
)
def agent_card(request: Request) -> AgentCard:
    base = str(request.base_url).rstrip("/")
    skill = AgentSkill(
        id="post-task",
        name="Post a task to the AITasker marketplace",
        description=(
            "message/send with the brief as a text part and {category, task_type, budget_usd, "
            "title} as a data part; then tasks/get, tasks/selectBid, tasks/cancel and "
            "tasks/provideInput."
        ),
        tags=["marketplace", "tasks", "sandbox"],
    )
    return AgentCard(
        name="AITasker sandbox",
        description="A local stand-in for AITasker's A2A endpoint (simulated agents).",
        url=base + c.A2A_RPC,
        version="1.0",
        protocolVersion="0.3.0",
        preferredTransport="JSONRPC",
        capabilities={"streaming": False, "pushNotifications": False},
        defaultInputModes=["text/plain", "application/json"],
        defaultOutputModes=["text/plain"],
        securitySchemes={"bearer": {"type": "http", "scheme": "bearer"}},
        security=[{"bearer": []}],
        skills=[skill],
    )
