"""The sandbox's OpenAPI document, written down beside the code.

FastAPI builds the document from every route's models, some 300 ms, and a sandbox must have
it before it serves: apps read `/openapi.json` as they connect, and on a first run the app
waits for the sandbox's process to answer. The document depends on the code alone (the
sandbox's modules and the versions of FastAPI and pydantic), so it is kept as
resources/sandbox/openapi-<surface>.json with a fingerprint of that code. A process whose
code differs (a route changed and not written down yet, a bundle without sources) builds
the document as before, so what is served always matches the code.

    python -m aitasker_desktop.sandbox.write_openapi

writes the documents down again; a test fails while they are out of date.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import fastapi
import pydantic

from . import conventions as c

HERE = Path(__file__).resolve().parent
STORED = HERE.parent / "resources" / "sandbox"


def stored_path(surface: c.Surface) -> Path:
    return STORED / f"openapi-{surface.value}.json"


def fingerprint() -> str | None:
    """A hash of the sandbox's sources and of the libraries' versions that shape the
    document; None where the sources cannot be read (a frozen bundle keeps bytecode only)."""
    sources = sorted(HERE.glob("*.py"))
    if not sources:
        return None
    digest = hashlib.sha256(f"fastapi {fastapi.__version__} pydantic {pydantic.VERSION}".encode())
    for source in sources:
        try:
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
        except OSError:
            return None
    return digest.hexdigest()


def stored(surface: c.Surface) -> dict[str, Any] | None:
    """The written-down document when it was made by this very code, else None."""
    ours = fingerprint()
    if ours is None:
        return None
    try:
        kept = json.loads(stored_path(surface).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("fingerprint") != ours:
        return None
    document = kept.get("document")
    return document if isinstance(document, dict) else None


def write_down(surface: c.Surface, document: dict[str, Any]) -> Path:
    path = stored_path(surface)
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = {"fingerprint": fingerprint(), "document": document}
    path.write_text(json.dumps(kept, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
