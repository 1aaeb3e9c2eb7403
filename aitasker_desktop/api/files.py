"""Files: downloads streamed to disk, small previews in memory, uploads streamed from disk.

Every body is bounded before it is written (see body.py): by the caller's cap, the size the
file object announces, and a ratio to the compressed bytes received.
"""

from __future__ import annotations

import mimetypes
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from aitasker_desktop.api import net
from aitasker_desktop.api.body import Progress
from aitasker_desktop.api.call import Call, Retry
from aitasker_desktop.api.errors import InsecureURL, NotFoundError, ValidationError
from aitasker_desktop.api.transport import Transport, fill_path
from aitasker_desktop.domain import protocol
from aitasker_desktop.domain.task import FileRef

DEFAULT_MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024
# A download or upload may outlast one attempt's deadline while it keeps moving this fast.
TRANSFER_MIN_RATE = 16 * 1024.0  # bytes per second
_UPLOAD_CHUNK = 256 * 1024


def download(
    t: Transport, file: FileRef, dest: BinaryIO, *, max_bytes: int, progress: Progress | None
) -> int:
    """Stream `file` into `dest`; the bytes written. A repeat rewinds `dest` first."""
    start = dest.tell() if dest.seekable() else None
    written = 0

    def sink(piece: bytes) -> None:
        nonlocal written
        dest.write(piece)
        written += len(piece)

    def restart() -> bool:
        nonlocal written
        if written == 0:
            return True
        if start is None:
            return False
        dest.seek(start)
        dest.truncate()
        written = 0
        return True

    t.send(
        Call(
            "GET",
            file_url(t, file),
            Retry.ALWAYS,
            headers={"Accept": "*/*"},
            max_bytes=max_bytes,
            announced_bytes=announced(file),
            sink=sink,
            restart=restart,
            progress=progress,
            min_rate=TRANSFER_MIN_RATE,
        )
    )
    return written


def fetch_bytes(t: Transport, file: FileRef, *, max_bytes: int) -> bytes:
    call = Call(
        "GET",
        file_url(t, file),
        Retry.ALWAYS,
        headers={"Accept": "*/*"},
        max_bytes=max_bytes,
        announced_bytes=announced(file),
    )
    return t.send(call).body


def upload_call(path: Path, media_type: str | None, progress: Progress | None) -> Call:
    """The multipart POST of `path` (field "file"), its body read from disk as it is sent."""
    size = path.stat().st_size
    if size > protocol.MAX_UPLOAD_BYTES:
        limit_mb = protocol.MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ValidationError(
            f"“{path.name}” is too large to attach: the limit is {limit_mb} MB.",
            field_errors={"attachments": f"Files can be at most {limit_mb} MB."},
            status_code=None,
        )
    kind = media_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    boundary = uuid.uuid4().hex
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{_quote(path.name)}"\r\n'
        f"Content-Type: {kind}\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def body() -> Iterator[bytes]:
        yield head
        sent = 0
        with path.open("rb") as fh:
            while chunk := fh.read(_UPLOAD_CHUNK):
                sent += len(chunk)
                # Sending runs on this thread inside the attempt's deadline: a large file
                # earns time as it goes, as a download does.
                deadline = net.current_deadline()
                if deadline is not None:
                    net.extend_deadline(deadline + len(chunk) / TRANSFER_MIN_RATE)
                if progress is not None:
                    progress(sent, size)
                yield chunk
        yield tail

    return Call(
        "POST",
        protocol.UPLOADS,
        Retry.ALWAYS,  # a repeat leaves at worst an unused file on the server
        body=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(head) + size + len(tail)),
        },
    )


def file_url(t: Transport, file: FileRef) -> str:
    """Where `file` is fetched: its own URL when on the API's origin, else by its id."""
    if file.url:
        url = t.base_url.join(file.url)
        if not net.same_origin(url, t.base_url):
            raise InsecureURL(
                "That file is not on AITasker's own server, so it was not downloaded.",
                hint="Ask support about this file.",
            )
        return str(url)
    if file.id:
        return fill_path(protocol.FILE, file_id=file.id)
    raise NotFoundError("This file has no address to download it from.")


def announced(file: FileRef) -> int | None:
    """The size a file object states; 0 or less reads as "not said" (a placeholder)."""
    return file.size_bytes if file.size_bytes is not None and file.size_bytes > 0 else None


def _quote(filename: str) -> str:
    return filename.replace("\\", "\\\\").replace('"', "%22").replace("\r", "").replace("\n", "")
