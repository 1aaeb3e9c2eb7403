"""Checking a file to attach: a file named like a picture is taken as the picture it holds,
or refused when it holds none (services/attachments.py, on the runner)."""

from __future__ import annotations

from pathlib import Path

from aitasker_desktop.services.attachments import THUMBNAIL_SOURCE_MAX_BYTES, check_file

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100


def test_a_jpeg_named_png_is_taken_as_a_jpeg(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(JPEG)
    checked = check_file(path)
    assert checked.attachment is not None
    assert (checked.attachment.name, checked.attachment.media_type) == ("photo.png", "image/jpeg")
    assert checked.image_bytes == JPEG  # for its thumbnail


def test_a_large_picture_is_known_by_its_first_bytes_without_a_thumbnail(tmp_path: Path) -> None:
    path = tmp_path / "poster.jpg"
    with path.open("wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.truncate(THUMBNAIL_SOURCE_MAX_BYTES + 1)
    checked = check_file(path)
    assert checked.attachment is not None and checked.attachment.media_type == "image/png"
    assert checked.image_bytes is None


def test_a_text_file_named_like_a_picture_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_text("Shot list: bread, cakes, the shop window.\n")
    checked = check_file(path)
    assert checked.attachment is None
    assert checked.reason == "Its name ends in .png, but it does not hold a picture."


def test_other_files_are_what_their_names_say(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(JPEG)  # whatever it begins with
    checked = check_file(path)
    assert checked.attachment is not None and checked.attachment.media_type == "text/plain"
    assert checked.image_bytes is None
