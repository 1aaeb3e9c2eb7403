"""AITasker's A2A JSON-RPC 2.0 endpoint: the five task methods AITasker documents.

Requests go through the client's own Transport, so the key, the Retry-After gate, the
deadlines, the size caps and the nesting bound are those of every REST call.

Repeating a method (transport.py's rules):

* ``tasks/get`` reads: repeated after any transient failure (``Retry.ALWAYS``).
* ``tasks/selectBid``, ``tasks/cancel``, ``tasks/provideInput`` change the task: repeated
  only when the server cannot have acted (``Retry.IF_NOT_PROCESSED``); a note sent twice
  would reach the agents twice.
* ``message/send`` creates a task and holds its budget, and AITasker documents no
  idempotency for it. The client sends an ``Idempotency-Key`` header and the same value as
  the message's ``messageId`` (the A2A protocol's own message id) so a server that honours
  either returns the same task, but it cannot count on that: the call is repeated only when
  it certainly was not processed (no connection, or 408/429/503). When it may have been (a
  lost answer, a timeout after sending, a 5xx, or JSON-RPC's internal error -32603) the
  error is ``CreateUnconfirmed``, which nothing repeats on its own. A JSON-RPC error answer
  is the server's refusal: nothing was created.

JSON-RPC errors arrive over HTTP 200 and become the typed errors of errors.py: a payment
failure (its `data` carries amount_usd, current_balance_usd, topup_url) is PaymentRequired;
-32601 (method not found) is MethodNotSupported; -32602 (invalid params) a ValidationError
naming the fields; the A2A protocol's -32001 (task not found) NotFoundError and -32002/-32004
(not possible in the task's state) ConflictError; anything else a plain ApiError. Only a
short plain `message` from the server is shown, never with the key in it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Final

import httpx

from aitasker_desktop.api import decode
from aitasker_desktop.api.call import Call, Retry
from aitasker_desktop.api.decode import Redactor, plain_detail
from aitasker_desktop.api.errors import (
    ApiError,
    BadResponse,
    ConflictError,
    CreateUnconfirmed,
    MethodNotSupported,
    NotAvailable,
    NotFoundError,
    ServerError,
    ValidationError,
)
from aitasker_desktop.api.transport import Transport
from aitasker_desktop.domain import protocol
from aitasker_desktop.domain.a2a import A2ATask
from aitasker_desktop.domain.capabilities import A2A_METHOD, DOING

SEND: Final = "message/send"
GET: Final = "tasks/get"
SELECT_BID: Final = "tasks/selectBid"
CANCEL: Final = "tasks/cancel"
PROVIDE_INPUT: Final = "tasks/provideInput"

# JSON-RPC 2.0's codes, and the A2A protocol's own task codes.
PARSE_ERROR: Final = -32700
INVALID_REQUEST: Final = -32600
METHOD_NOT_FOUND: Final = -32601
INVALID_PARAMS: Final = -32602
INTERNAL_ERROR: Final = -32603
TASK_NOT_FOUND: Final = -32001
TASK_NOT_CANCELABLE: Final = -32002
UNSUPPORTED_OPERATION: Final = -32004
PAYMENT_REQUIRED: Final = -32010  # decided (AITasker documents only the data's fields)

_DOING_BY_METHOD: Final = {method: DOING[op] for op, method in A2A_METHOD.items()}
_RETRY: Final = {
    SEND: Retry.UNKEYED_CREATE,
    GET: Retry.ALWAYS,
    SELECT_BID: Retry.IF_NOT_PROCESSED,
    CANCEL: Retry.IF_NOT_PROCESSED,
    PROVIDE_INPUT: Retry.IF_NOT_PROCESSED,
}


class A2AClient:
    """Blocking, thread-safe as the Transport it shares with AITaskerClient."""

    def __init__(
        self, transport: Transport, *, new_id: Callable[[], str] = lambda: uuid.uuid4().hex
    ) -> None:
        self._t = transport
        self._new_id = new_id

    def __repr__(self) -> str:
        return f"<A2AClient {self._t.base_url}>"

    # -- the five methods ----------------------------------------------------------------

    def send_message(
        self,
        brief: str,
        *,
        category: str,
        task_type: str,
        budget_usd: float,
        title: str | None = None,
        requirements: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
        payment_method: str = "prepaid",
        message_id: str,
    ) -> A2ATask:
        """Post a task. `message_id`: one per submission, kept for its whole life.

        AITasker documents category, task_type, budget_usd and title for the data part;
        `requirements` and `metadata` ride along in it when given (a server may ignore them)."""
        if not message_id:
            raise ValueError("send_message needs a message id")
        data: dict[str, Any] = {
            "category": category,
            "task_type": task_type,
            "budget_usd": budget_usd,
        }
        if title:
            data["title"] = title
        if requirements:
            data["requirements"] = requirements
        if metadata:
            data["metadata"] = metadata
        params = {
            "message": {
                "role": "user",
                "messageId": message_id,
                "parts": [{"type": "text", "text": brief}, {"type": "data", "data": data}],
            },
            "payment": {"method": payment_method},
        }
        headers = {protocol.IDEMPOTENCY_HEADER: message_id}
        return self._task(SEND, params, headers=headers)

    def get(self, task_id: str) -> A2ATask:
        return self._task(GET, {"id": task_id})

    def select_bid(self, task_id: str, bid_id: str | None = None) -> A2ATask:
        """Choose a bid; without `bid_id` AITasker picks the best-scored one."""
        params: dict[str, Any] = {"id": task_id}
        if bid_id:
            params["bidId"] = bid_id
        return self._task(SELECT_BID, params)

    def cancel(self, task_id: str) -> A2ATask:
        return self._task(CANCEL, {"id": task_id})

    def provide_input(self, task_id: str, text: str) -> A2ATask:
        """Clarification text for a running task: a note to its agents."""
        message = {"role": "user", "parts": [{"type": "text", "text": text}]}
        return self._task(PROVIDE_INPUT, {"id": task_id, "message": message})

    # -- the envelope --------------------------------------------------------------------

    def _task(
        self, method: str, params: dict[str, Any], *, headers: dict[str, str] | None = None
    ) -> A2ATask:
        result = self.call(method, params, headers=headers)
        return decode.model(A2ATask, result)

    def call(
        self, method: str, params: dict[str, Any], *, headers: dict[str, str] | None = None
    ) -> Any:
        """One JSON-RPC request; its `result`, or the typed error for its `error`."""
        rpc_id = self._new_id()
        body = {"jsonrpc": "2.0", "id": rpc_id, "method": method, "params": params}
        call = Call(
            "POST",
            protocol.A2A_RPC,
            _RETRY.get(method, Retry.IF_NOT_PROCESSED),
            json=body,
            headers=dict(headers or {}),
        )
        try:
            reply = self._t.send(call)
        except ApiError as exc:
            if exc.status_code in (404, 405):  # no A2A endpoint on this server
                raise NotAvailable(method, _doing(method)) from None
            raise
        answer = decode.parse_json(reply.body)
        if not isinstance(answer, dict) or answer.get("jsonrpc") != "2.0":
            raise BadResponse()
        error = answer.get("error")
        if error is not None:
            if answer.get("id") not in (rpc_id, None):
                raise BadResponse()
            raise rpc_error(error, method, self._t.redact, self._t.base_url)
        if answer.get("id") != rpc_id or "result" not in answer:
            raise BadResponse()
        return answer["result"]


def rpc_error(
    error: Any, method: str, redact: Redactor, origin: httpx.URL | None = None
) -> ApiError:
    """The typed error for a JSON-RPC `error` object answered to `method`."""
    if not isinstance(error, dict):
        return BadResponse()
    code = error.get("code")
    code = code if isinstance(code, int) and not isinstance(code, bool) else None
    text = plain_detail(error.get("message"), redact)
    data = error.get("data")
    info = data if isinstance(data, dict) else {}
    if code == PAYMENT_REQUIRED or any(k in info for k in protocol.PAYMENT_FIELDS):
        return decode.payment_required(text, info, redact, origin)
    if code == METHOD_NOT_FOUND:
        return MethodNotSupported(method, _doing(method))
    if code == INVALID_PARAMS:
        fields = _field_errors(info.get("errors"), redact)
        return ValidationError(text, field_errors=fields, status_code=None)
    if code == TASK_NOT_FOUND:
        return NotFoundError(text)
    if code in (TASK_NOT_CANCELABLE, UNSUPPORTED_OPERATION):
        return ConflictError(text)
    if code == INTERNAL_ERROR and method == SEND:
        return CreateUnconfirmed()  # it may have been created before the failure
    if code == INTERNAL_ERROR:
        return ServerError()
    if code in (PARSE_ERROR, INVALID_REQUEST):
        return ApiError("AITasker could not read the app's request.")
    return ApiError(text)


def _doing(method: str) -> str:
    return _DOING_BY_METHOD.get(method, "do this")


def _field_errors(errors: Any, redact: Redactor) -> dict[str, str]:
    """-32602's `data.errors` (FastAPI-style `loc` lists under `params`) as {field: message}:
    a data part's field by its name, the text part as the brief (`description`)."""
    if not isinstance(errors, list):
        return {}
    rewritten = []
    for item in errors:
        if isinstance(item, dict):
            rewritten.append({**item, "loc": ["body", _field(item.get("loc"))]})
    return decode.field_errors(rewritten, redact)


def _field(loc: Any) -> str:
    parts = [str(p) for p in loc] if isinstance(loc, list | tuple) else []
    if "data" in parts[:-1]:
        return parts[parts.index("data") + 1]
    if parts and parts[-1] in ("text", "parts"):
        return "description"
    if parts and parts[-1] == "bidId":
        return "bid_id"
    return ""
