"""What a file holds decides whether it is a picture, and which, not its name."""

from __future__ import annotations

import pytest

from aitasker_desktop.domain.pictures import held_media_type, not_a_picture, picture_kind

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"GIF87a\x01\x00", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (SVG, "image/svg+xml"),
        (b"\xef\xbb\xbf  \n" + SVG, "image/svg+xml"),
        ('<?xml version="1.0"?>\n<svg/>'.encode("utf-16"), "image/svg+xml"),
        (
            b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            b"<!-- Made by hand: <svg> in a comment is not the drawing -->\n"
            b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd" [\n'
            b'  <!ENTITY ink "#1A73E8">\n]>\n' + SVG,
            "image/svg+xml",
        ),
        (b'<svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
        # Not pictures, whatever they are named.
        (b"Just a note about our logo.\n", None),
        (b"Our mark: <svg/> (as a note).", None),
        (b"<svgx/>", None),
        (b"<!-- never closed <svg/>", None),
        (b"<html><svg/></html>", None),
        (b"\x89PNG", None),  # cut short
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
        (b"%PDF-1.7", None),
        (b"", None),
    ],
)
def test_picture_kind_reads_the_first_bytes(head: bytes, kind: str | None) -> None:
    assert picture_kind(head) == kind


def test_picture_kind_is_quick_on_odd_text() -> None:
    # A scan, not a backtracking pattern: long runs of prolog-like text end at once.
    assert picture_kind(b" " * 65_536 + b"x") is None
    assert picture_kind(b"<?a?>" * 13_000 + b"x") is None
    assert picture_kind(b"<!--" + b"-" * 65_536) is None


@pytest.mark.parametrize(
    ("named", "head", "held"),
    [
        ("image/png", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),  # a JPEG named .png
        ("image/jpeg", b"\x89PNG\r\n\x1a\n\x00", "image/png"),
        ("image/svg+xml", SVG, "image/svg+xml"),
        ("image/png", b"Just a note about our logo.\n", None),
        ("image/gif", b"", None),
        # Not named like a picture: what the name says, whatever the first bytes are.
        ("text/plain", b"\x89PNG\r\n\x1a\n\x00", "text/plain"),
        ("application/pdf", b"%PDF-1.7", "application/pdf"),
    ],
)
def test_a_file_named_like_a_picture_is_the_picture_it_holds(
    named: str, head: bytes, held: str | None
) -> None:
    assert held_media_type(named, head) == held


def test_why_a_file_that_holds_no_picture_is_refused() -> None:
    assert not_a_picture("Logo.PNG") == "Its name ends in .png, but it does not hold a picture."
