"""Platform rules beyond the schema, reported together with the schema's own errors.

FastAPI stops at the schema: a too-short title would hide an out-of-range budget. A route
built with `RuleRoute` whose endpoint carries `body_rules` runs those rules on the raw body
even when the schema failed (skipping the fields the schema already refused), so one 422
lists every invalid field at once.
"""

import math
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from . import conventions as c
from .errors import field_error
from .runtime import SandboxRuntime

Rules = Callable[[SandboxRuntime, dict[str, Any], set[str]], list[dict[str, Any]]]


def body_rules(rules: Rules) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark an endpoint with the rules its body must also meet."""

    def mark(endpoint: Callable[..., Any]) -> Callable[..., Any]:
        endpoint.body_rules = rules  # type: ignore[attr-defined]
        return endpoint

    return mark


def _flagged(errors: list[Any]) -> set[str]:
    out = set()
    for err in errors:
        loc: tuple[Any, ...] = tuple(err.get("loc", ())) if isinstance(err, dict) else ()
        if len(loc) >= 2 and loc[0] == "body":
            out.add(str(loc[1]))
        elif len(loc) == 1 and loc[0] == "body":
            out.add("*")  # the whole body was refused (not an object, not JSON)
    return out


class RuleRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        rules: Rules | None = getattr(self.endpoint, "body_rules", None)
        if rules is None:
            return handler

        async def with_rules(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                errors = list(exc.errors())
                skip = _flagged(errors)
                if isinstance(exc.body, dict) and "*" not in skip:
                    rt: SandboxRuntime = request.app.state.runtime
                    errors += await run_in_threadpool(rules, rt, exc.body, skip)
                raise RequestValidationError(errors, body=exc.body) from None

        return with_rules


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _brief_errors(raw: dict[str, Any], skip: set[str]) -> list[dict[str, Any]]:
    if "description" in skip or "brief" in skip:
        return []
    description, brief = raw.get("description"), raw.get("brief")
    use_brief = not (isinstance(description, str) and description.strip()) and brief is not None
    text = brief if use_brief else description
    text = text if isinstance(text, str) else ""
    if len(text.strip()) >= c.BRIEF_MIN:
        return []
    where = "brief" if use_brief else "description"
    msg = f"The brief must be at least {c.BRIEF_MIN} characters."
    return [field_error(["body", where], msg, "string_too_short")]


def create_rules(rt: SandboxRuntime, raw: dict[str, Any], skip: set[str]) -> list[dict[str, Any]]:
    """POST /api/v1/tasks: brief length, catalog, budget range, uploads, brand kit."""
    errors = _brief_errors(raw, skip)
    category, task_type = raw.get("category"), raw.get("task_type")
    known_category = known_type = False
    if isinstance(category, str) and "category" not in skip:
        known_category = rt.catalog.category(category) is not None
        if not known_category:
            errors.append(field_error(["body", "category"], f"Unknown category “{category}”."))
    if known_category and isinstance(task_type, str) and "task_type" not in skip:
        known_type = rt.catalog.task_type(str(category), task_type) is not None
        if not known_type:
            msg = f"“{task_type}” is not a task type of {category}."
            errors.append(field_error(["body", "task_type"], msg))
    budget = _number(raw.get("budget_usd"))
    if budget is not None and "budget_usd" not in skip:
        if known_type:
            low, high = rt.catalog.budget_range(str(category), str(task_type))
        else:
            low, high = c.BUDGET_FLOOR_USD, c.BUDGET_CEILING_USD
        if not low <= budget <= high:
            msg = f"The budget must be between {low:g} and {high:g} USD for this type."
            errors.append(field_error(["body", "budget_usd"], msg, "out_of_range"))
    attachments = raw.get("attachments")
    if isinstance(attachments, list) and "attachments" not in skip:
        for i, upload_id in enumerate(attachments):
            found = rt.store.file(str(upload_id))
            if found is None or found.kind != "upload":
                msg = "Unknown upload id; upload the file first."
                errors.append(field_error(["body", "attachments", i], msg))
    kit = raw.get("brand_kit_id")
    unknown_kit = isinstance(kit, str) and rt.store.brand_kit(rt.caller_id, kit) is None
    if unknown_kit and "brand_kit_id" not in skip:
        errors.append(field_error(["body", "brand_kit_id"], "Unknown brand kit."))
    return errors


def brand_kit_rules(
    rt: SandboxRuntime, raw: dict[str, Any], skip: set[str]
) -> list[dict[str, Any]]:
    """POST /api/v1/brand-kits: every asset must be an upload."""
    assets = raw.get("asset_ids")
    if not isinstance(assets, list) or "asset_ids" in skip:
        return []
    errors = []
    for i, asset in enumerate(assets):
        row = rt.store.file(str(asset))
        if row is None or row.kind != "upload":
            errors.append(field_error(["body", "asset_ids", i], "Unknown upload id."))
    return errors
