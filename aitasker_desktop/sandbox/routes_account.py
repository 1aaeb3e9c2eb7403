"""Catalog, credits, uploads, files, brand kits and the free brief tools."""

import mimetypes
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response

from aitasker_desktop.domain import protocol as p
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.task import Balance, RemoteBrandKit, UploadedFile

from . import briefs
from .clock import iso
from .deps import Caller, Runtime
from .models import BrandKitCreate, BriefDraft
from .simulation import SandboxError

router = APIRouter(tags=["account"])
_CHUNK = 1024 * 1024


@router.get(p.CATEGORIES, response_model=Catalog, summary="Categories and task types")
def categories(rt: Runtime, _caller: Caller) -> JSONResponse:
    return JSONResponse(rt.catalog.model_dump(mode="json"))


@router.get(p.BALANCE, response_model=Balance, summary="Credit balance (plus held_usd)")
def balance(rt: Runtime, caller: Caller) -> JSONResponse:
    return JSONResponse(rt.buyer.balance(caller))


@router.post(
    p.UPLOADS,
    response_model=UploadedFile,
    status_code=201,
    summary="Upload an attachment (multipart field `file`)",
    description=f"At most {p.MAX_UPLOAD_BYTES} bytes (413); media types: "
    + ", ".join(sorted(p.UPLOAD_MEDIA_TYPES))
    + " (else 422).",
)
def upload(file: Annotated[UploadFile, File()], rt: Runtime, caller: Caller) -> JSONResponse:
    name = (file.filename or "file").replace("\\", "/").rsplit("/", 1)[-1][:255] or "file"
    media_type = (file.content_type or "").split(";", 1)[0].strip().lower()
    if media_type in ("", "application/octet-stream"):
        media_type = (mimetypes.guess_type(name)[0] or "application/octet-stream").lower()
    if name.lower().endswith(".md") and media_type in ("", "application/octet-stream"):
        media_type = "text/markdown"
    if media_type not in p.UPLOAD_MEDIA_TYPES:
        raise SandboxError(422, f"Files of type “{media_type[:80]}” cannot be attached.")
    chunks: list[bytes] = []
    size = 0
    while chunk := file.file.read(_CHUNK):
        size += len(chunk)
        if size > p.MAX_UPLOAD_BYTES:
            raise SandboxError(413, f"The file is larger than {p.MAX_UPLOAD_BYTES // 2**20} MB.")
        chunks.append(chunk)
    row = rt.store.add_file(
        name, media_type, b"".join(chunks), kind="upload", caller_id=caller, now=rt.clock.now()
    )
    return JSONResponse(
        {
            "id": row.id,
            "name": row.name,
            "media_type": row.media_type,
            "size_bytes": row.size_bytes,
        },
        status_code=201,
    )


@router.get(
    p.FILE,
    summary="Download a file (artifact, delivery file or upload)",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def download(file_id: str, rt: Runtime, caller: Caller) -> FileResponse:
    row = rt.store.file(file_id)
    if row is None or not row.path.is_file():
        raise SandboxError(404, "File not found.")
    return FileResponse(row.path, media_type=row.media_type, filename=row.name)


@router.get(p.BRAND_KITS, summary='Your brand kits: {"brand_kits": [...]}')
def list_brand_kits(rt: Runtime, caller: Caller) -> dict[str, list[dict[str, Any]]]:
    return {"brand_kits": rt.store.brand_kits(caller)}


@router.post(
    p.BRAND_KITS, response_model=RemoteBrandKit, status_code=201, summary="Create a brand kit"
)
def create_brand_kit(body: BrandKitCreate, rt: Runtime, caller: Caller) -> JSONResponse:
    for i, asset in enumerate(body.asset_ids):
        row = rt.store.file(asset)
        if row is None or row.kind != "upload":
            raise SandboxError(
                422,
                [
                    {
                        "loc": ["body", "asset_ids", i],
                        "msg": "Unknown upload id.",
                        "type": "value_error",
                    }
                ],
            )
    now = rt.clock.now()
    kit = {"id": str(uuid.uuid4()), **body.model_dump(mode="json"), "created_at": iso(now)}
    rt.store.save_brand_kit(caller, kit, now)
    return JSONResponse(kit, status_code=201)


@router.get(p.BRAND_KIT, response_model=RemoteBrandKit, summary="A brand kit")
def get_brand_kit(kit_id: str, rt: Runtime, caller: Caller) -> JSONResponse:
    kit = rt.store.brand_kit(caller, kit_id)
    if kit is None:
        raise SandboxError(404, "Brand kit not found.")
    return JSONResponse(kit)


@router.delete(p.BRAND_KIT, status_code=204, summary="Delete a brand kit")
def delete_brand_kit(kit_id: str, rt: Runtime, caller: Caller) -> Response:
    if not rt.store.delete_brand_kit(caller, kit_id):
        raise SandboxError(404, "Brand kit not found.")
    return Response(status_code=204)


@router.post(
    p.BRIEF_SUGGESTIONS,
    tags=["brief tools"],
    summary='What the brief lacks: {"suggestions": [{field, message}]} (60/hour)',
)
def brief_suggestions(body: BriefDraft, rt: Runtime, _caller: Caller) -> dict[str, Any]:
    text = body.description or body.brief or ""
    return {
        "suggestions": briefs.suggestions(
            rt.catalog,
            title=body.title,
            text=text,
            category=body.category,
            task_type=body.task_type,
            budget_usd=body.budget_usd,
            requirements=body.requirements,
        )
    }


@router.post(
    p.BRIEF_GENERATE, tags=["brief tools"], summary="A drafted brief from an idea (10/hour)"
)
def brief_generate(body: BriefDraft, rt: Runtime, _caller: Caller) -> dict[str, Any]:
    return briefs.generate(
        rt.catalog,
        idea=body.idea or body.description or body.brief or "",
        title=body.title,
        category=body.category,
        task_type=body.task_type,
    )
