"""The five A2A methods over the same buyer operations as REST.

Each takes validated params and answers a result dict, or raises `RpcFailure`. Ids: a task's
A2A id is its own uuid (conventions.A2A_ID_NAMESPACE); every method accepts it or the REST
uuid, and every result names both (`id` and `metadata.task_id`).
"""

from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from . import conventions as c
from .a2a_schemas import (
    Artifact,
    ArtifactPart,
    DataPart,
    ProvideInputParams,
    SelectBidParams,
    SendParams,
    TaskData,
    TaskIdParams,
    TaskResult,
    TaskStatus,
    TextPart,
)
from .actions import a2a_id_for
from .errors import SandboxError
from .lifecycle import Action
from .runtime import SandboxRuntime
from .store import TaskRow
from .validation import create_rules


class RpcFailure(Exception):
    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data


def _loc(prefix: list[str | int], loc: Any) -> list[str | int]:
    return [*prefix, *(x if isinstance(x, int | str) else str(x) for x in loc)]


def invalid_params(errors: list[dict[str, Any]]) -> RpcFailure:
    first = errors[0]["msg"] if errors else "Invalid params."
    return RpcFailure(c.RpcCode.INVALID_PARAMS, f"Invalid params: {first}", {"errors": errors})


def parse[M: BaseModel](model: type[M], value: Any, prefix: list[str | int]) -> M:
    try:
        return model.model_validate(value)
    except PydanticError as exc:
        errors = [
            {"loc": _loc(prefix, e["loc"]), "msg": e["msg"], "type": e["type"]}
            for e in exc.errors(include_url=False)
        ]
        raise invalid_params(errors) from None


def _resolve(rt: SandboxRuntime, caller: str, any_id: str) -> TaskRow:
    """The caller's task by its A2A id or its REST uuid."""
    row = rt.store.load_task(any_id)
    if row is None:
        rest_id = rt.store.task_for_a2a_id(any_id)
        row = rt.store.load_task(rest_id) if rest_id else None
    if row is None or row.caller_id != caller:
        raise RpcFailure(c.RpcCode.TASK_NOT_FOUND, f"Task not found: {any_id[:100]}")
    rt.store.link_a2a_id(a2a_id_for(row.task["id"]), row.task["id"])
    return row


def _prototype_text(rt: SandboxRuntime, bid: dict[str, Any]) -> str:
    lines = [
        f"Bid {bid['id']} by {bid['agent_name']} at {bid['bid_price_usd']:.2f} USD.",
        bid["agent_message"],
        "",
    ]
    for ref in bid["artifacts"]:
        if ref["media_type"] == "text/markdown":
            row = rt.store.file(ref["id"])
            if row is not None and row.path.is_file():
                lines.append(row.path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(lines).strip()


def _artifacts(rt: SandboxRuntime, row: TaskRow) -> list[Artifact]:
    """The prototypes of the current round: the bids shown (or chosen), in order."""
    round_ = int(row.sim.get("round", 0))
    bids = [b for b in rt.store.bids(row.task["id"], round_) if b["status"] != "declined"]
    return [
        Artifact(
            name=f"prototype-{n}",
            description=f"Score: {float(bid['eval_score']) / 10:.2f}",
            parts=[ArtifactPart(type="text", text=_prototype_text(rt, bid))],
        )
        for n, bid in enumerate(bids, start=1)
    ]


def _result(row_task: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    state = c.A2A_STATE.get(row_task["status"], c.A2AState.WORKING)
    result = TaskResult(
        id=a2a_id_for(row_task["id"]),
        status=TaskStatus(state=state),
        metadata={"task_id": row_task["id"], **metadata},
    )
    return result.model_dump(mode="json", exclude_none=True)


def _act(
    rt: SandboxRuntime, caller: str, row: TaskRow, action: Action, **kw: Any
) -> dict[str, Any]:
    try:
        return rt.buyer.act(caller, row.task["id"], action, **kw)
    except SandboxError as exc:
        if exc.status_code == 409:
            code = (
                c.RpcCode.TASK_NOT_CANCELABLE
                if action == Action.CANCEL
                else c.RpcCode.UNSUPPORTED_OPERATION
            )
            raise RpcFailure(code, str(exc.detail)) from None
        if exc.status_code == 404:  # the task exists, so it is the bid that does not
            raise invalid_params(
                [{"loc": ["params", "bidId"], "msg": str(exc.detail), "type": "value_error"}]
            ) from None
        raise


def _text(parts: list[Any]) -> str:
    texts = [p.text for p in parts if isinstance(p, TextPart)]
    return "\n\n".join(t.strip() for t in texts if t.strip())


def _title_from(brief: str) -> str:
    flat = " ".join(brief.split())
    if len(flat) <= 80:
        return flat
    cut = flat[:79].rsplit(" ", 1)[0] + "…"
    return cut if len(cut) >= c.TITLE_MIN else flat[:80]


_DATA_FIELDS = ("category", "task_type", "budget_usd", "title")


def _task_from_parts(rt: SandboxRuntime, parts: list[Any]) -> tuple[TaskData, str]:
    """The data part and the brief of message/send, checked by the same rules as REST
    create; every problem at once, located in `params`."""
    data_at = next((i for i, p in enumerate(parts) if isinstance(p, DataPart)), None)
    text_at = next((i for i, p in enumerate(parts) if isinstance(p, TextPart)), None)
    if data_at is None:
        msg = "A data part with category, task_type and budget_usd is required."
        raise invalid_params(
            [{"loc": ["params", "message", "parts"], "msg": msg, "type": "missing"}]
        )
    prefix: list[str | int] = ["params", "message", "parts", data_at, "data"]
    brief_loc: list[str | int] = ["params", "message", "parts"]
    if text_at is not None:  # else the brief is missing altogether: blame the parts
        brief_loc += [text_at, "text"]
    data, brief = parts[data_at].data, _text(parts)
    errors: list[dict[str, Any]] = []
    try:
        TaskData.model_validate(data)
    except PydanticError as exc:
        errors = [
            {"loc": _loc(prefix, e["loc"]), "msg": e["msg"], "type": e["type"]}
            for e in exc.errors(include_url=False)
        ]
    skip = {str(e["loc"][len(prefix)]) for e in errors if len(e["loc"]) > len(prefix)}
    raw = {**{k: data[k] for k in _DATA_FIELDS if k in data}, "description": brief}
    for err in create_rules(rt, raw, skip):
        field = err["loc"][1]
        errors.append({**err, "loc": brief_loc if field == "description" else [*prefix, field]})
    if errors:
        raise invalid_params(errors)
    return TaskData.model_validate(data), brief


def message_send(rt: SandboxRuntime, caller: str, params: dict[str, Any]) -> dict[str, Any]:
    """Create a task from a text part (the brief) and a data part (what and how much)."""
    sent = parse(SendParams, params, ["params"])
    data, brief = _task_from_parts(rt, list(sent.message.parts))
    fields = {
        "category": data.category,
        "task_type": data.task_type,
        "budget_usd": data.budget_usd,
        "title": data.title or _title_from(brief),
        "description": brief,
    }
    task, _created = rt.buyer.create(caller, fields, idempotency_key=None, raw=None)
    return _result(task, payment_method=sent.payment.method, amount_usd=float(task["budget_usd"]))


def tasks_get(rt: SandboxRuntime, caller: str, params: dict[str, Any]) -> dict[str, Any]:
    ask = parse(TaskIdParams, params, ["params"])
    row = _resolve(rt, caller, ask.id)
    result = _result(row.task)
    result["artifacts"] = [a.model_dump(mode="json") for a in _artifacts(rt, row)]
    return result


def tasks_select_bid(rt: SandboxRuntime, caller: str, params: dict[str, Any]) -> dict[str, Any]:
    ask = parse(SelectBidParams, params, ["params"])
    row = _resolve(rt, caller, ask.id)
    task = _act(rt, caller, row, Action.SELECT, bid_id=ask.bidId)
    return _result(task, selected_bid_id=task["selected_bid_id"])


def tasks_cancel(rt: SandboxRuntime, caller: str, params: dict[str, Any]) -> dict[str, Any]:
    ask = parse(TaskIdParams, params, ["params"])
    row = _resolve(rt, caller, ask.id)
    return _result(_act(rt, caller, row, Action.CANCEL))


def tasks_provide_input(rt: SandboxRuntime, caller: str, params: dict[str, Any]) -> dict[str, Any]:
    ask = parse(ProvideInputParams, params, ["params"])
    prefix: list[str | int] = ["params", "message", "parts"]
    bad = [i for i, p in enumerate(ask.message.parts) if not isinstance(p, TextPart)]
    text = _text(ask.message.parts)
    if bad or not text or len(text) > c.TEXT_MAX:
        where = [*prefix, bad[0]] if bad else prefix
        msg = (
            "provideInput takes text parts only."
            if bad
            else f"The note must be 1 to {c.TEXT_MAX} characters of text."
        )
        raise invalid_params([{"loc": where, "msg": msg, "type": "value_error"}])
    row = _resolve(rt, caller, ask.id)
    return _result(_act(rt, caller, row, Action.NOTE, text=text))


METHODS = {
    "message/send": message_send,
    "tasks/get": tasks_get,
    "tasks/selectBid": tasks_select_bid,
    "tasks/cancel": tasks_cancel,
    "tasks/provideInput": tasks_provide_input,
}
