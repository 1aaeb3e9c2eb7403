"""Checking files a person attaches (to a brief, or to a brand kit: services/kit_files.py):
type and size against what the service accepts, and what a file named like a picture holds
(domain/pictures.py): a text file renamed `photo.png` is refused, and a JPEG named `.png` is
taken as the JPEG it is.

Runs on the runner (it touches the disk); each file comes back either accepted, with a small
preview of image bytes for a thumbnail, or refused with a reason in plain words.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from aitasker_desktop.domain.brief import Attachment
from aitasker_desktop.domain.pictures import HEAD_BYTES, held_media_type, not_a_picture
from aitasker_desktop.domain.protocol import MAX_UPLOAD_BYTES, UPLOAD_MEDIA_TYPES

# Types Python's table may not know on every platform.
_EXTRA_TYPES = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".webp": "image/webp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".csv": "text/csv",
    ".svg": "image/svg+xml",
}
THUMBNAIL_SOURCE_MAX_BYTES = 8 * 1024 * 1024  # larger images get a generic icon
_KINDS = "pictures, PDFs, text, Word, Excel and PowerPoint files, ZIP archives and fonts"
NOT_FOUND = "The file cannot be found. It may have been moved, renamed or deleted."
LINK_NOT_FOUND = (
    "It is a shortcut to a file that cannot be found. It may have been moved, renamed or deleted."
)
FOLDER = "It is a folder. Attach the files inside it instead."
UNREADABLE = "The file could not be read."
NOT_A_FILE = "It is not an ordinary file (it may be a device or a pipe), so it cannot be sent."


@dataclass(frozen=True)
class Checked:
    name: str
    attachment: Attachment | None = None  # set when accepted
    reason: str = ""  # set when refused
    image_bytes: bytes | None = None  # for a thumbnail


def media_type_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or ""


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, size // 1024)} KB"


def check_file(path: Path) -> Checked:
    name = path.name
    try:
        if not path.exists():  # follows links: a link to nowhere is a missing file too
            return Checked(name, reason=LINK_NOT_FOUND if path.is_symlink() else NOT_FOUND)
        if path.is_dir():
            return Checked(name, reason=FOLDER)
        if not path.is_file():
            return Checked(name, reason=NOT_A_FILE)
        size = path.stat().st_size
    except OSError:
        return Checked(name, reason=UNREADABLE)
    media_type = media_type_of(name)
    if media_type not in UPLOAD_MEDIA_TYPES:
        return Checked(name, reason=f"This type of file cannot be attached. Allowed: {_KINDS}.")
    if size > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        return Checked(name, reason=f"It is {_size_text(size)}; files can be at most {limit} MB.")
    if size == 0:
        return Checked(name, reason="The file is empty.")
    image: bytes | None = None
    if media_type.startswith("image/"):
        try:
            head, image = _read_picture(path, size)
        except OSError:
            return Checked(name, reason=UNREADABLE)
        held = held_media_type(media_type, head)
        if held is None:
            return Checked(name, reason=not_a_picture(name))
        media_type = held  # what it holds: a JPEG named .png is sent as a JPEG
    attachment = Attachment(path=str(path), name=name, media_type=media_type, size_bytes=size)
    return Checked(name, attachment=attachment, image_bytes=image)


def _read_picture(path: Path, size: int) -> tuple[bytes, bytes | None]:
    """(the first bytes, which say what it holds; all of it for a thumbnail, when small)."""
    with path.open("rb") as f:
        head = f.read(HEAD_BYTES)
        if size > THUMBNAIL_SOURCE_MAX_BYTES:
            return head, None
        return head, head + f.read()


def check_files(paths: list[Path]) -> list[Checked]:
    """Check several files at once (call on the runner)."""
    return [check_file(p) for p in paths]


def size_text(size: int) -> str:
    return _size_text(size)
