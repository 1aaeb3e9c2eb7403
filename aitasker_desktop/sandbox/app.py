"""The sandbox's FastAPI application: middleware, error shapes and the routers.

`create_app(runtime)` builds a fresh app over one `SandboxRuntime`; nothing happens at
import time. Errors look like the platform's: 422 as a list of field errors, everything
else `{"detail": ...}`. Every response carries the rate-limit headers.
"""

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from aitasker_desktop.domain import protocol as p

from . import routes_account, routes_sandbox, routes_tasks
from .runtime import SandboxRuntime
from .simulation import SandboxError

DESCRIPTION = """
A local stand-in for the AITasker API (https://api.aitasker.co), for development and demos.
It implements the documented endpoints with the documented field names, plus this project's
conventions where AITasker has not published one yet (see docs/api-conventions.md):
REST paths for task actions, deliveries, uploads and brand kits; a changed-since list cursor;
`Idempotency-Key` on create; the post-delivery statuses; extension fields on tasks.

Routes under `/sandbox/` are **not part of AITasker**: they control the simulation.
"""

MAX_JSON_BODY = 1024 * 1024
MAX_UPLOAD_BODY = p.MAX_UPLOAD_BYTES + 64 * 1024
PUBLIC_PATHS = frozenset({p.HEALTH, "/docs", "/openapi.json", "/docs/oauth2-redirect", "/redoc"})


def _client_key(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    if auth:
        return "key:" + hashlib.sha256(auth.encode("utf-8", "replace")).hexdigest()[:16]
    return "ip:" + (request.client.host if request.client else "unknown")


def _too_large(request: Request) -> bool:
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        return False
    cap = MAX_UPLOAD_BODY if request.url.path == p.UPLOADS else MAX_JSON_BODY
    return int(length) > cap


def create_app(rt: SandboxRuntime) -> FastAPI:
    app = FastAPI(
        title="AITasker sandbox",
        version="1.0",
        description=DESCRIPTION,
        openapi_tags=[
            {"name": "tasks", "description": "Post tasks, follow them, act on bids."},
            {"name": "deliveries", "description": "Approve, revise or dispute a delivery."},
            {"name": "account", "description": "Catalog, credits, uploads, files, brand kits."},
            {"name": "brief tools", "description": "Free, hourly-limited brief helpers."},
            {
                "name": "sandbox (not part of AITasker)",
                "description": "Simulation controls that exist only in this sandbox.",
            },
        ],
    )
    app.state.runtime = rt

    @app.middleware("http")
    async def limits(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        path = request.url.path
        if path.startswith("/sandbox/") or path in PUBLIC_PATHS:
            limit, remaining = rt.limiter.limits.default_per_minute, None
        else:
            decision = rt.limiter.hit(_client_key(request), request.method, path)
            limit, remaining = decision.limit, decision.remaining
            if not decision.allowed:
                return JSONResponse(
                    {"detail": f"Too many requests: retry after {decision.retry_after} s."},
                    status_code=429,
                    headers={
                        p.RATE_LIMIT_HEADER: str(limit),
                        p.RATE_REMAINING_HEADER: "0",
                        p.RETRY_AFTER_HEADER: str(decision.retry_after),
                    },
                )
        if _too_large(request):
            response: Response = JSONResponse(
                {"detail": "The request body is too large."}, status_code=413
            )
        else:
            response = await call_next(request)
        response.headers[p.RATE_LIMIT_HEADER] = str(limit)
        response.headers[p.RATE_REMAINING_HEADER] = str(limit if remaining is None else remaining)
        return response

    @app.exception_handler(SandboxError)
    async def sandbox_error(_request: Request, exc: SandboxError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail: list[dict[str, Any]] = []
        for err in exc.errors():
            loc = [x if isinstance(x, int | str) else str(x) for x in err.get("loc", ())]
            detail.append(
                {
                    "loc": loc,
                    "msg": str(err.get("msg", "")),
                    "type": str(err.get("type", "value_error")),
                }
            )
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )

    @app.get(p.HEALTH, tags=["account"], summary="Liveness (public)")
    def health() -> dict[str, str]:
        return {"status": "ok", "service": "aitasker-sandbox"}

    app.include_router(routes_tasks.router)
    app.include_router(routes_account.router)
    app.include_router(routes_sandbox.router)
    return app
