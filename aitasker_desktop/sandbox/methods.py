"""Honest method answers: OPTIONS lists a path's methods, and a 405 names all of them.

Starlette's own 405 lists only the methods of the first route whose path matched (POST for
/api/v1/tasks, forgetting GET). These answers come from the surface's OpenAPI document, so
they list exactly what the surface documents and serves at that path.
"""

import re
from collections.abc import Callable

from fastapi import FastAPI, Request, Response

_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile(
        "^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$"
    )


def method_table(app: FastAPI) -> Callable[[str], list[str]]:
    """A lookup from a request path to the methods the surface documents there."""
    table = [
        (_pattern(path), sorted({m.upper() for m in ops if m in _METHODS} | {"OPTIONS"}))
        for path, ops in app.openapi()["paths"].items()
    ]

    def allowed(path: str) -> list[str]:
        found: set[str] = set()
        for pattern, methods in table:
            if pattern.match(path):
                found |= set(methods)
        return sorted(found)

    return allowed


def add_options_routes(app: FastAPI, allowed: Callable[[str], list[str]]) -> None:
    """An OPTIONS answer (204 with Allow) for every documented path."""

    async def options(request: Request) -> Response:
        return Response(status_code=204, headers={"Allow": ", ".join(allowed(request.url.path))})

    for path in app.openapi()["paths"]:
        app.add_api_route(path, options, methods=["OPTIONS"], include_in_schema=False)
