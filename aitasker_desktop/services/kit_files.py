"""Checking files added to a brand kit: what any attachment is checked for
(services/attachments.py), and two things a kit needs on top.

A file named like a picture must hold one: its first bytes decide, not its name, so a text
file renamed `logo.png` is refused. And a kit holds each file once: a file whose content is
already in the kit, or earlier in the same drop, is said to be there, not added again.

`check_kit_files` reads the files: call it on the runner. `sort_out` then decides, on the GUI
thread, against what the kit holds by then (a drop checked meanwhile included).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from aitasker_desktop.domain.text import isolated
from aitasker_desktop.services.attachments import Checked, check_file

_HEAD_BYTES = 64 * 1024  # enough for an SVG's XML declaration, comments and doctype
_CHUNK = 1024 * 1024

# How each kind of picture a kit can use begins (its "magic" bytes).
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}
# What may come before an SVG's root element (it is XML), and how each of those ends.
_PROLOG = (("<?", "?>"), ("<!--", "-->"), ("<!DOCTYPE", ">"))
_SVG_ROOT = re.compile(r"<(?:[\w.-]+:)?svg[\s/>]")
ALREADY_THERE = "It is already in the kit."


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


def not_a_picture(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return (
        f"Its name ends in {suffix}, but it does not hold a picture: "
        "it is not an image file a kit can use."
    )


@dataclass(frozen=True)
class KitFile:
    checked: Checked
    digest: str = ""  # of the content; set when the file passed its checks


@dataclass(frozen=True)
class KitCheck:
    files: list[KitFile]
    # path -> digest, for the kit's own files the caller asked about (those it could read).
    present: dict[str, str] = field(default_factory=dict)


def _read(path: Path) -> tuple[str, bytes]:
    """(sha256 of the content, its first bytes)."""
    digest = hashlib.sha256()
    head = b""
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            if len(head) < _HEAD_BYTES:
                head += chunk[: _HEAD_BYTES - len(head)]
            digest.update(chunk)
    return digest.hexdigest(), head


def check_kit_file(path: Path) -> KitFile:
    checked = check_file(path)
    if checked.attachment is None:
        return KitFile(checked)
    try:
        digest, head = _read(path)
    except OSError:
        return KitFile(Checked(checked.name, reason="The file could not be read."))
    if checked.attachment.media_type.startswith("image/") and picture_kind(head) is None:
        return KitFile(Checked(checked.name, reason=not_a_picture(checked.name)))
    return KitFile(checked, digest)


def check_kit_files(paths: list[Path], present: list[str]) -> KitCheck:
    """Check `paths` for a kit, and learn the content of the kit's files at `present`."""
    files = [check_kit_file(p) for p in paths]
    digests: dict[str, str] = {}
    for name in present:
        try:
            digests[name] = _read(Path(name))[0]
        except OSError:
            continue  # a copy gone from the kit's folder cannot match anything
    return KitCheck(files, digests)


def sort_out(
    files: list[KitFile], present: dict[str, str]
) -> tuple[list[KitFile], list[tuple[str, str]]]:
    """(files to add, (name, reason) for each file not added), given `present`, digest -> name
    of each file the kit holds; the files added join `present`."""
    added: list[KitFile] = []
    refused: list[tuple[str, str]] = []
    for kit_file in files:
        checked = kit_file.checked
        if checked.attachment is None:
            refused.append((checked.name, checked.reason))
        elif kit_file.digest in present:
            there = present[kit_file.digest]
            reason = ALREADY_THERE
            if there != checked.name:
                reason = f"The same file is already in the kit, as “{isolated(there)}”."
            refused.append((checked.name, reason))
        else:
            present[kit_file.digest] = checked.name
            added.append(kit_file)
    return added, refused
