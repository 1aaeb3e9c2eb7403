"""Free-form JSON objects with a bounded depth and size, checked without recursion.

A client may send anything inside `requirements` or `metadata`; an object nested 900 deep
must be a 422 naming the field, not a RecursionError deep inside serialization.
"""

import json
import math
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from .conventions import JSON_OBJECT_MAX_BYTES, JSON_OBJECT_MAX_DEPTH


def json_depth_exceeds(value: Any, limit: int) -> bool:
    """Whether containers nest deeper than `limit` (an object of scalars has depth 1)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _has_non_finite(value: Any) -> bool:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, float) and not math.isfinite(node):
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def check_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PydanticCustomError("dict_type", "Input should be a valid dictionary")
    if json_depth_exceeds(value, JSON_OBJECT_MAX_DEPTH):
        raise PydanticCustomError(
            "json_too_deep",
            "This object nests deeper than {limit} levels.",
            {"limit": JSON_OBJECT_MAX_DEPTH},
        )
    if _has_non_finite(value):
        raise PydanticCustomError("finite_number", "Numbers must be finite (no NaN or Infinity).")
    size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    if size > JSON_OBJECT_MAX_BYTES:
        raise PydanticCustomError(
            "json_too_large",
            "This object is larger than {limit} bytes as JSON.",
            {"limit": JSON_OBJECT_MAX_BYTES},
        )
    return value


JsonObject = Annotated[
    dict[str, Any],
    BeforeValidator(check_object),
    Field(
        description=(
            f"A JSON object nested at most {JSON_OBJECT_MAX_DEPTH} deep and at most "
            f"{JSON_OBJECT_MAX_BYTES} bytes as JSON."
        )
    ),
]
