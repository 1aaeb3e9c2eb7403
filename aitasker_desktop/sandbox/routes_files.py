"""Uploads, file downloads and brand kits: paths this project decided (full surface only)."""

import mimetypes
import uuid
from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import FileResponse, Response

from . import conventions as c
from .clock import iso
from .deps import Caller, Runtime
from .errors import AUTHED, WITH_BODY, SandboxError, answers, field_error, unprocessable
from .schemas import BrandKit, BrandKitCreate, BrandKitList, UploadedFile
from .validation import RuleRoute, body_rules, brand_kit_rules

router = APIRouter(tags=["account"], route_class=RuleRoute)
_CHUNK = 1024 * 1024


def _media_type(name: str, declared: str | None) -> str:
    media_type = (declared or "").split(";", 1)[0].strip().lower()
    if media_type in ("", "application/octet-stream"):
        media_type = (mimetypes.guess_type(name)[0] or "application/octet-stream").lower()
    if name.lower().endswith(".md") and media_type in ("", "application/octet-stream"):
        media_type = "text/markdown"
    return media_type


@router.post(
    c.UPLOADS,
    response_model=UploadedFile,
    status_code=201,
    responses=answers(*WITH_BODY),
    summary="Upload an attachment (multipart field `file`)",
    description=f"At most {c.MAX_UPLOAD_BYTES} bytes (413); media types: "
    + ", ".join(sorted(c.UPLOAD_MEDIA_TYPES))
    + " (else 422).",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "encoding": {"file": {"contentType": ", ".join(sorted(c.UPLOAD_MEDIA_TYPES))}}
                }
            }
        }
    },
)
def upload(file: Annotated[UploadFile, File()], rt: Runtime, caller: Caller) -> UploadedFile:
    name = (file.filename or "file").replace("\\", "/").rsplit("/", 1)[-1][:255] or "file"
    media_type = _media_type(name, file.content_type)
    if media_type not in c.UPLOAD_MEDIA_TYPES:
        msg = f"Files of type “{media_type[:80]}” cannot be attached."
        raise unprocessable([field_error(["body", "file"], msg, "media_type")])
    chunks: list[bytes] = []
    size = 0
    while chunk := file.file.read(_CHUNK):
        size += len(chunk)
        if size > c.MAX_UPLOAD_BYTES:
            raise SandboxError(413, f"The file is larger than {c.MAX_UPLOAD_BYTES // 2**20} MB.")
        chunks.append(chunk)
    row = rt.store.add_file(
        name, media_type, b"".join(chunks), kind="upload", caller_id=caller, now=rt.clock.now()
    )
    return UploadedFile(
        id=row.id, name=row.name, media_type=row.media_type, size_bytes=row.size_bytes
    )


@router.get(
    c.FILE,
    summary="Download a file (artifact, delivery file or upload)",
    response_class=Response,
    responses={
        200: {
            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            "description": "The file's bytes, with its own media type",
        },
        **answers(401, 404, 429),
    },
)
def download(file_id: str, rt: Runtime, caller: Caller) -> FileResponse:
    row = rt.store.file(file_id)
    if row is None or not row.path.is_file():
        raise SandboxError(404, "File not found.")
    return FileResponse(row.path, media_type=row.media_type, filename=row.name)


@router.get(
    c.BRAND_KITS,
    response_model=BrandKitList,
    responses=answers(*AUTHED),
    summary='Your brand kits: {"brand_kits": [...]}',
)
def list_brand_kits(rt: Runtime, caller: Caller) -> BrandKitList:
    return BrandKitList.model_validate({"brand_kits": rt.store.brand_kits(caller)})


@router.post(
    c.BRAND_KITS,
    response_model=BrandKit,
    status_code=201,
    responses=answers(*WITH_BODY),
    summary="Create a brand kit",
)
@body_rules(brand_kit_rules)
def create_brand_kit(body: BrandKitCreate, rt: Runtime, caller: Caller) -> BrandKit:
    errors = brand_kit_rules(rt, body.model_dump(mode="json"), set())
    if errors:
        raise unprocessable(errors)
    now = rt.clock.now()
    kit = {"id": str(uuid.uuid4()), **body.model_dump(mode="json"), "created_at": iso(now)}
    rt.store.save_brand_kit(caller, kit, now)
    return BrandKit.model_validate(kit)


@router.get(
    c.BRAND_KIT, response_model=BrandKit, responses=answers(401, 404, 429), summary="A brand kit"
)
def get_brand_kit(kit_id: str, rt: Runtime, caller: Caller) -> BrandKit:
    kit = rt.store.brand_kit(caller, kit_id)
    if kit is None:
        raise SandboxError(404, "Brand kit not found.")
    return BrandKit.model_validate(kit)


@router.delete(
    c.BRAND_KIT, status_code=204, responses=answers(401, 404, 429), summary="Delete a brand kit"
)
def delete_brand_kit(kit_id: str, rt: Runtime, caller: Caller) -> Response:
    if not rt.store.delete_brand_kit(caller, kit_id):
        raise SandboxError(404, "Brand kit not found.")
    return Response(status_code=204)
