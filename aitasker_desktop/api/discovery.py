"""Learning what an AITasker server offers, into a `Capabilities` value.

First from its public OpenAPI document (`/openapi.json`, which AITasker publishes): an
operation exists when the document lists its method and path (parameter names aside). When
the document is missing, unreadable, or does not describe this API (it lists neither
creating nor reading a task), each decided path is probed instead, with a request that
cannot change anything: it names a task that does not exist (the nil uuid), and a body, when
the operation takes one, that is missing its required field.

Reading a probe's answer: a 405, or a 404 saying only "Not Found" (what FastAPI and most
servers answer for a path they do not have), means the path is absent. Any other answer
means a route is there: a 404 that says anything else came from a route that looked for the
made-up task; a 422 from one that read the body; a 500 from one that failed on it. A wrong
key (401), no connection, a gateway error (502 to 504) or a rate limit stop the learning
with that error: nothing is guessed.

The A2A endpoint is asked `tasks/get` for the nil uuid: a JSON-RPC answer, even an error,
means it is there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from aitasker_desktop.api import decode
from aitasker_desktop.api.a2a import GET, A2AClient
from aitasker_desktop.api.call import Call, Retry
from aitasker_desktop.api.errors import (
    ApiError,
    AuthError,
    BadResponse,
    NetworkError,
    NotAvailable,
    NotFoundError,
    RateLimited,
    ServerError,
)
from aitasker_desktop.api.transport import Transport
from aitasker_desktop.domain import protocol as p
from aitasker_desktop.domain.capabilities import DOCUMENTED, Capabilities, Operation

NIL_ID: Final = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # a protocol template
    body: dict[str, Any] | None = None  # what a probe sends: incomplete on purpose
    params: dict[str, str | int] | None = None


ROUTES: Final[dict[Operation, Route]] = {
    Operation.CREATE: Route("POST", p.TASKS),
    Operation.GET: Route("GET", p.TASK),
    Operation.LIST_SINCE: Route("GET", p.TASKS, params={p.LIST_SINCE_PARAM: "0", "limit": 1}),
    Operation.SELECT: Route("POST", p.SELECT, body={}),
    Operation.REMIX: Route("POST", p.REMIX),
    Operation.EXTEND_REVIEW: Route("POST", p.EXTEND_REVIEW),
    Operation.CANCEL: Route("POST", p.CANCEL),
    Operation.NOTE: Route("POST", p.NOTES, body={}),
    Operation.DELIVERY: Route("GET", p.DELIVERY),
    Operation.APPROVE: Route("POST", p.APPROVE),
    Operation.REVISION: Route("POST", p.REVISION, body={}),
    Operation.DISPUTE: Route("POST", p.DISPUTE, body={}),
    Operation.UPLOAD: Route("POST", p.UPLOADS),
    Operation.BRAND_KITS: Route("GET", p.BRAND_KITS),
    Operation.FILES: Route("GET", p.FILE),
}
_PARAM: Final = re.compile(r"\{[^}]*\}")
_METHODS: Final = frozenset({"get", "post", "put", "patch", "delete"})


def learn(transport: Transport, a2a: A2AClient) -> Capabilities:
    """What the server offers. Raises AuthError, NetworkError, ServerError or RateLimited
    when it cannot be learned now (the caller keeps what it knew and tries later)."""
    doc = _openapi(transport)
    learned = from_openapi(doc, transport.base_url.path) if doc is not None else None
    if learned is not None:
        if learned.a2a:
            return learned
        return learned.model_copy(update={"a2a": probe_a2a(a2a)})
    rest = {op for op in DOCUMENTED}
    for op, route in ROUTES.items():
        if op not in DOCUMENTED and probe(transport, route):
            rest.add(op)
    return Capabilities(rest=frozenset(rest), a2a=probe_a2a(a2a), source="probe")


def _openapi(transport: Transport) -> Any | None:
    call = Call("GET", p.OPENAPI, Retry.ALWAYS, auth=False)
    try:
        reply = transport.send(call)
        return decode.parse_json(reply.body)
    except (NotFoundError, BadResponse):
        return None
    except ApiError as exc:
        if exc.status_code in (401, 403, 405, 410):  # not public here: learn by probing
            return None
        raise


def from_openapi(doc: Any, base_path: str = "") -> Capabilities | None:
    """Capabilities from an OpenAPI document; None when it does not describe this API."""
    paths = doc.get("paths") if isinstance(doc, dict) else None
    if not isinstance(paths, dict):
        return None
    listed: dict[tuple[str, str], set[str]] = {}  # (method, path) -> its parameter names
    prefix = base_path.rstrip("/")
    for raw_path, item in paths.items():
        if not isinstance(raw_path, str) or not isinstance(item, dict):
            continue
        path = _shape(raw_path.removeprefix(prefix) if prefix else raw_path)
        shared = _param_names(item.get("parameters"))
        for method, operation in item.items():
            if isinstance(method, str) and method.lower() in _METHODS:
                own = operation.get("parameters") if isinstance(operation, dict) else None
                listed[(method.upper(), path)] = shared | _param_names(own)
    rest = {op for op, route in ROUTES.items() if (route.method, _shape(route.path)) in listed}
    if not rest & DOCUMENTED:
        return None
    if Operation.LIST_SINCE in rest:
        names = listed[("GET", _shape(p.TASKS))]
        if names and p.LIST_SINCE_PARAM not in names:  # a list, but not of changes
            rest.discard(Operation.LIST_SINCE)
    a2a = ("POST", _shape(p.A2A_RPC)) in listed
    return Capabilities(rest=frozenset(rest), a2a=a2a, source="openapi")


def probe(transport: Transport, route: Route) -> bool:
    """Whether the server has `route` (see the module's notes on reading the answer)."""
    path = _PARAM.sub(NIL_ID, route.path)
    call = Call(route.method, path, Retry.ALWAYS, json=route.body, params=route.params)
    try:
        transport.send(call)
    except (AuthError, NetworkError, RateLimited):
        raise
    except ServerError as exc:
        if exc.status_code != 500:  # 502, 503, 504: down or busy, not an answer
            raise
        return True  # a route was reached, and failed on the made-up task
    except NotFoundError as exc:
        return not _plain_not_found(exc)
    except ApiError as exc:
        return exc.status_code != 405
    return True


def probe_a2a(a2a: A2AClient) -> bool:
    try:
        a2a.call(GET, {"id": NIL_ID})
    except NotAvailable:
        return False
    except BadResponse:
        return False  # something answers there, but not JSON-RPC
    except (AuthError, NetworkError, RateLimited):
        raise
    except ServerError as exc:
        if exc.status_code is not None:  # an HTTP 5xx, not JSON-RPC's internal error
            raise
    except ApiError:
        pass  # a JSON-RPC error answer: the endpoint is there
    return True


def _plain_not_found(exc: NotFoundError) -> bool:
    said = exc.message.strip().rstrip(".").lower()
    return said == "not found" or exc.message == NotFoundError.default_message


def _shape(path: str) -> str:
    return _PARAM.sub("{}", path).rstrip("/") or "/"


def _param_names(value: Any) -> set[str]:
    if not isinstance(value, list):
        return set()
    return {v["name"] for v in value if isinstance(v, dict) and isinstance(v.get("name"), str)}
