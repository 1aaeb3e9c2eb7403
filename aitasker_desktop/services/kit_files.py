"""Checking files added to a brand kit: what any attachment is checked for
(services/attachments.py: its type and size, and that a file named like a picture holds
one), and that a kit holds each file once: a file whose content is already in the kit, or
earlier in the same drop, is said to be there, not added again.

`check_kit_files` reads the files: call it on the runner. `sort_out` then decides, on the GUI
thread, against what the kit holds by then (a drop checked meanwhile included).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from aitasker_desktop.domain.text import isolated
from aitasker_desktop.services.attachments import UNREADABLE, Checked, check_file

_CHUNK = 1024 * 1024
ALREADY_THERE = "It is already in the kit."


@dataclass(frozen=True)
class KitFile:
    checked: Checked
    digest: str = ""  # of the content; set when the file passed its checks


@dataclass(frozen=True)
class KitCheck:
    files: list[KitFile]
    # path -> digest, for the kit's own files the caller asked about (those it could read).
    present: dict[str, str] = field(default_factory=dict)


def _digest(path: Path) -> str:
    """The sha256 of the content."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_kit_file(path: Path) -> KitFile:
    checked = check_file(path)
    if checked.attachment is None:
        return KitFile(checked)
    try:
        return KitFile(checked, _digest(path))
    except OSError:
        return KitFile(Checked(checked.name, reason=UNREADABLE))


def check_kit_files(paths: list[Path], present: list[str]) -> KitCheck:
    """Check `paths` for a kit, and learn the content of the kit's files at `present`."""
    files = [check_kit_file(p) for p in paths]
    digests: dict[str, str] = {}
    for name in present:
        try:
            digests[name] = _digest(Path(name))
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
