"""The sandbox's FastAPI application, on one of two surfaces.

`create_app(runtime, surface)` builds a fresh app; nothing happens at import time. The
`full` surface serves AITasker's documented API, the paths this project decided, and the
`/sandbox/` controls. The `documented` surface serves only what AITasker documents; every
decided path answers 404 `{"detail": "Not Found"}` there, as a server that lacks it would,
and is absent from its `/openapi.json`. Both speak A2A JSON-RPC.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute, APIRouter
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import (
    a2a,
    openapi_doc,
    routes_account,
    routes_actions,
    routes_files,
    routes_sandbox,
    routes_tasks,
)
from . import conventions as c
from .errors import PaymentRequired, SandboxError
from .methods import add_options_routes, method_lookup, served_methods
from .middleware import BodyLimit, RateLimit
from .runtime import SandboxRuntime
from .schemas import Health

_DESCRIPTION = {
    c.Surface.FULL: """
A local stand-in for the AITasker API (https://api.aitasker.co), for development and demos.
It serves the documented endpoints with the documented field names, AITasker's A2A
JSON-RPC endpoint, and this project's conventions where AITasker has not published one yet
(see docs/api-conventions.md): REST paths for task actions, notes, deliveries, uploads and
brand kits; a changed-since list cursor; `Idempotency-Key` on create; the post-delivery
statuses; extension fields on tasks.

Routes under `/sandbox/` are **not part of AITasker**: they control the simulation.
""",
    c.Surface.DOCUMENTED: """
A local stand-in for the AITasker API serving **only what AITasker documents**: create, read
and the bid gallery of tasks, the catalog, the credit balance, the brief tools and the A2A
JSON-RPC endpoint. Everything this project decided (listing, select, remix, cancel,
deliveries, uploads, brand kits, the sandbox controls) answers 404 here.
""",
}
_DOCUMENTED_ROUTERS = (routes_tasks.router, routes_account.router, a2a.router)
_DECIDED_ROUTERS = (routes_actions.router, routes_files.router, routes_sandbox.router)


def _not_found_twins(served: set[str], routers: tuple[APIRouter, ...]) -> APIRouter:
    """Hidden routes answering 404 for each decided (method, path) on a path this surface
    also serves, so GET /api/v1/tasks (the decided list, next to the documented create) is a
    404 as on a server that lacks it, not a 405. Other decided paths match no route at all."""
    twins = APIRouter()

    def not_found() -> JSONResponse:
        return JSONResponse({"detail": "Not Found"}, status_code=404)

    for router in routers:
        for route in router.routes:
            if isinstance(route, APIRoute) and route.path in served:
                twins.add_api_route(
                    route.path,
                    not_found,
                    methods=sorted(route.methods or ()),
                    include_in_schema=False,
                )
    return twins


def _topup_url(surface: c.Surface) -> Callable[[Request], str]:
    def topup_url(request: Request) -> str:
        if surface != c.Surface.FULL:
            return c.PLATFORM_TOPUP_URL
        # The local address of this connection (not the Host header a client sent).
        host, port = request.scope.get("server") or ("127.0.0.1", 80)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}{c.TOP_UP}"

    return topup_url


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PaymentRequired)
    async def payment_required(request: Request, exc: PaymentRequired) -> JSONResponse:
        body = exc.body(request.app.state.topup_url(request))
        return JSONResponse({"detail": body}, status_code=402)

    @app.exception_handler(SandboxError)
    async def sandbox_error(_request: Request, exc: SandboxError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail: list[dict[str, Any]] = []
        for err in exc.errors():
            loc = [x if isinstance(x, int | str) else str(x) for x in err.get("loc", ())]
            kind = str(err.get("type", "value_error"))
            detail.append({"loc": loc, "msg": str(err.get("msg", "")), "type": kind})
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(request.app.state.allowed_methods(request.url.path))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)


def create_app(rt: SandboxRuntime, surface: c.Surface | str = c.Surface.FULL) -> FastAPI:
    surface = c.Surface(surface)
    app = _routed_app(rt, surface)
    # Ready before the server listens: apps read /openapi.json as they connect, and
    # building it on that request held the event loop for a second or more on a busy
    # machine, with the app's other requests waiting behind it (a stop meanwhile left
    # their sockets open). The document depends on the code alone: it is read from where it
    # was written down when this very code wrote it (openapi_doc.py), else built; a process
    # that starts many sandboxes (the tests) gets each surface's once.
    known = _OPENAPI_BY_SURFACE.get(surface)
    if known is None:
        known = openapi_doc.stored(surface) or app.openapi()
        _OPENAPI_BY_SURFACE[surface] = known
    # FastAPI's own way to serve a document one has (its docs, "Extending OpenAPI"): setting
    # `openapi_schema` alone is not enough, FastAPI builds it again on the first request.
    app.openapi = lambda: known  # type: ignore[method-assign]
    return app


def build_openapi(surface: c.Surface, data_dir: Path) -> dict[str, Any]:
    """The document as FastAPI builds it from the routes, never the written-down one."""
    rt = SandboxRuntime(data_dir)
    try:
        return _routed_app(rt, surface).openapi()
    finally:
        rt.close()


def _routed_app(rt: SandboxRuntime, surface: c.Surface) -> FastAPI:
    app = FastAPI(
        title="AITasker sandbox" + (" (documented surface)" if surface != c.Surface.FULL else ""),
        version="1.0",
        description=_DESCRIPTION[surface],
        openapi_tags=[
            {"name": "tasks", "description": "Post tasks, follow them, act on bids."},
            {"name": "deliveries", "description": "Approve, revise or dispute a delivery."},
            {"name": "account", "description": "Catalog, credits, uploads, files, brand kits."},
            {"name": "brief tools", "description": "Free, hourly-limited brief helpers."},
            {"name": "a2a", "description": "AITasker's A2A JSON-RPC 2.0 endpoint."},
            {
                "name": "sandbox (not part of AITasker)",
                "description": "Simulation controls that exist only in this sandbox.",
            },
        ],
    )
    app.state.runtime = rt
    app.state.surface = surface
    app.state.topup_url = _topup_url(surface)
    app.add_middleware(BodyLimit)
    app.add_middleware(RateLimit, limiter=rt.limiter)  # outermost: every answer has the headers
    _install_error_handlers(app)

    public = APIRouter()

    @public.get(c.HEALTH, response_model=Health, tags=["account"], summary="Liveness (public)")
    def health() -> Health:
        return Health(status="ok", service="aitasker-sandbox")

    routers: tuple[APIRouter, ...] = (public, *_DOCUMENTED_ROUTERS)
    if surface == c.Surface.FULL:
        routers += _DECIDED_ROUTERS
    for router in routers:
        app.include_router(router)
    table = served_methods(routers)
    if surface != c.Surface.FULL:
        app.include_router(_not_found_twins(set(table), _DECIDED_ROUTERS))
    app.state.allowed_methods = method_lookup(table)
    add_options_routes(app, table, app.state.allowed_methods)
    return app


_OPENAPI_BY_SURFACE: dict[c.Surface, dict[str, Any]] = {}
