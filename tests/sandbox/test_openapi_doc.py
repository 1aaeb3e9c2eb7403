"""The OpenAPI documents written down beside the code (sandbox/openapi_doc.py) are the ones
the code builds, and a sandbox serves one only when this very code wrote it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import fastapi.applications
import httpx
import pytest

from aitasker_desktop.sandbox import app as sandbox_app
from aitasker_desktop.sandbox import conventions as c
from aitasker_desktop.sandbox import openapi_doc
from aitasker_desktop.sandbox.app import build_openapi, create_app
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.sandbox.runtime import SandboxRuntime

REWRITE = "python -m aitasker_desktop.sandbox.write_openapi"


@pytest.mark.parametrize("surface", list(c.Surface))
def test_the_written_down_documents_are_what_the_code_builds(
    surface: c.Surface, tmp_path: Path
) -> None:
    kept = openapi_doc.stored(surface)
    assert kept is not None, f"written down by other code: run `{REWRITE}`"
    assert kept == build_openapi(surface, tmp_path), f"out of date: run `{REWRITE}`"


def test_a_document_written_by_other_code_is_not_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As after a route changed: the fingerprint on the disk is not this code's.
    stale = {"fingerprint": "0" * 64, "document": {"openapi": "3.1.0", "paths": {}}}
    folder = tmp_path / "kept"
    folder.mkdir()
    (folder / "openapi-full.json").write_text(json.dumps(stale), encoding="utf-8")
    monkeypatch.setattr(openapi_doc, "STORED", folder)
    monkeypatch.setattr(sandbox_app, "_OPENAPI_BY_SURFACE", {})
    assert openapi_doc.stored(c.Surface.FULL) is None

    runtime = SandboxRuntime(tmp_path / "data")
    try:
        served = create_app(runtime, c.Surface.FULL).openapi()
    finally:
        runtime.close()
    assert c.TASKS in served["paths"]  # built from the routes, not the stale one
    assert served == build_openapi(c.Surface.FULL, tmp_path / "again")


def test_damaged_or_missing_documents_are_built_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(openapi_doc, "STORED", tmp_path)
    assert openapi_doc.stored(c.Surface.DOCUMENTED) is None  # missing
    (tmp_path / "openapi-documented.json").write_bytes(b'{"fingerprint": "\xff')
    assert openapi_doc.stored(c.Surface.DOCUMENTED) is None  # damaged
    written = openapi_doc.write_down(c.Surface.DOCUMENTED, {"openapi": "3.1.0"})
    assert written.parent == tmp_path
    assert openapi_doc.stored(c.Surface.DOCUMENTED) == {"openapi": "3.1.0"}


@pytest.fixture
def documented_url(tmp_path: Path) -> Iterator[str]:
    sandbox = EmbeddedSandbox(data_dir=tmp_path / "sb", surface=c.Surface.DOCUMENTED)
    sandbox.start()
    yield sandbox.base_url
    sandbox.stop()


def test_a_sandbox_serves_the_document_of_its_surface(
    documented_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def build_again(**_kwargs: object) -> None:
        raise AssertionError("the document was built again for a request (~300 ms)")

    monkeypatch.setattr(fastapi.applications, "get_openapi", build_again)
    served = httpx.get(documented_url + "/openapi.json", trust_env=False).json()
    assert served == openapi_doc.stored(c.Surface.DOCUMENTED)
    assert c.TASK in served["paths"]
    assert c.BRAND_KITS not in served["paths"]  # decided by this project: not documented
