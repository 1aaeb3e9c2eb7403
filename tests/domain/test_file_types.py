"""File types in the words people use, never a MIME string."""

import pytest

from aitasker_desktop.domain.file_types import file_type_words, media_type_of


@pytest.mark.parametrize(
    ("media", "name", "words"),
    [
        ("application/pdf", "report.pdf", "PDF document"),
        ("image/png", "a.png", "PNG image"),
        ("image/svg+xml; charset=utf-8", "x.svg", "SVG image"),
        ("text/markdown", "draft.md", "Markdown document"),
        ("text/csv", "data.csv", "CSV table"),
        ("application/octet-stream", "deck.pptx", "PowerPoint presentation"),
        ("", "notes.txt", "Plain text"),
        ("application/x-unknown", "thing.xyz", "XYZ file"),
        ("image/x-icon", "favicon.ico", "Image"),
        ("application/x-unknown", "no-extension", "File"),
        ("application/x-unknown", "<b>x</b>.a-very-long-extension", "File"),
    ],
)
def test_words(media: str, name: str, words: str) -> None:
    assert file_type_words(media, name) == words


def test_a_generic_type_is_guessed_from_the_name() -> None:
    assert media_type_of("application/octet-stream", "Report.PDF") == "application/pdf"
    assert media_type_of(None, None) == ""
