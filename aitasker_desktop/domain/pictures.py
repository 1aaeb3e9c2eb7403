"""What kind of picture a file holds, from its first bytes (its "magic"), not its name.

A text file renamed `logo.png` holds no picture, and a JPEG named `logo.png` holds a JPEG: the
first is refused wherever a file is attached or kept in a brand kit, and the second is sent as
the JPEG it is. Pure functions over bytes already read; the reading is the caller's.
"""

from __future__ import annotations

import re
from pathlib import PurePath

HEAD_BYTES = 64 * 1024  # enough for an SVG's XML declaration, comments and doctype

# How each kind of picture a brief or a kit can hold begins.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}
# What may come before an SVG's root element (it is XML), and how each of those ends.
_PROLOG = (("<?", "?>"), ("<!--", "-->"), ("<!DOCTYPE", ">"))
_SVG_ROOT = re.compile(r"<(?:[\w.-]+:)?svg[\s/>]")


def picture_kind(head: bytes) -> str | None:
    """The media type of the picture a file's first bytes begin, or None for anything else."""
    for media_type, starts in _SIGNATURES.items():
        if head.startswith(starts):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if _is_svg(_as_text(head)):
        return "image/svg+xml"
    return None


def held_media_type(named: str, head: bytes) -> str | None:
    """The media type of a file whose name says `named` and whose first bytes are `head`.

    A file named like a picture is the picture it holds (a JPEG named `.png` is image/jpeg),
    or None when it holds no picture; any other file is what its name says."""
    if not named.startswith("image/"):
        return named
    return picture_kind(head)


def not_a_picture(name: str) -> str:
    """Why a file named like a picture, that holds none, is refused."""
    suffix = PurePath(name).suffix.lower()
    return f"Its name ends in {suffix}, but it does not hold a picture."


def _is_svg(text: str) -> bool:
    """Whether `text` begins an SVG drawing: its root element, after any XML declaration,
    comments and doctype (a scan, not a regular expression: no backtracking on odd input)."""
    at = 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        for start, end in _PROLOG:
            if text.startswith(start, at):
                if start == "<!DOCTYPE" and "[" in text[at : text.find(">", at)]:
                    end = "]>"  # an internal subset, which holds ">" of its own
                found = text.find(end, at + len(start))
                if found < 0:
                    return False
                at = found + len(end)
                break
        else:
            return _SVG_ROOT.match(text, at) is not None


def _as_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    return head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
