"""Honest method answers: OPTIONS lists a path's methods, and a 405 names all of them.

Starlette's own 405 lists only the methods of the first route whose path matched (POST for
/api/v1/tasks, forgetting GET). These answers list every method the surface serves (and so
documents) at the path.
"""

import re
from collections.abc import Callable, Iterable

from fastapi import FastAPI, Request, Response
from fastapi.routing import APIRoute, APIRouter


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile(
        "^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$"
    )


def served_methods(routers: Iterable[APIRouter]) -> dict[str, set[str]]:
    """Path template → the methods the routers' documented routes serve there."""
    table: dict[str, set[str]] = {}
    for router in routers:
        for route in router.routes:
            if isinstance(route, APIRoute) and route.include_in_schema:
                table.setdefault(route.path, set()).update(route.methods or ())
    return table


def method_lookup(table: dict[str, set[str]]) -> Callable[[str], list[str]]:
    """A lookup from a request path to the methods served there (OPTIONS included)."""
    compiled = [(_pattern(path), methods | {"OPTIONS"}) for path, methods in table.items()]

    def allowed(path: str) -> list[str]:
        found: set[str] = set()
        for pattern, methods in compiled:
            if pattern.match(path):
                found |= methods
        return sorted(found)

    return allowed


def add_options_routes(
    app: FastAPI, paths: Iterable[str], allowed: Callable[[str], list[str]]
) -> None:
    """An OPTIONS answer (204 with Allow) for every served path."""

    async def options(request: Request) -> Response:
        return Response(status_code=204, headers={"Allow": ", ".join(allowed(request.url.path))})

    for path in sorted(set(paths)):
        app.add_api_route(path, options, methods=["OPTIONS"], include_in_schema=False)
