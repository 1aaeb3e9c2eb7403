"""Server-given file names become plain, safe local names."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aitasker_desktop.domain.filenames import (
    MAX_NAME_BYTES,
    numbered,
    safe_filename,
    split_extension,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\system.ini", "system.ini"),
        ("/abs/path/x.txt", "x.txt"),
        ("..", "file"),
        ("", "file"),
        ("   ", "file"),
        (None, "file"),
        ("CON", "_CON"),
        ("CON.txt", "_CON.txt"),
        ("con .txt", "_con .txt"),
        ("lpt9.tar.gz", "_lpt9.tar.gz"),
        ("COM1", "_COM1"),
        ("console.txt", "console.txt"),
        ("a\u202eexe.txt", "aexe.txt"),
        ("a\u2066b\u2069\u200e\u200f.txt", "ab.txt"),
        ("bell\x07\x00tab\t.md", "belltab.md"),
        ("trailing. . .", "trailing"),
        ("name...txt", "name.txt"),
        (".hidden", "hidden"),
        ('a<b>c:d"e|f?g*h.txt', "a_b_c_d_e_f_g_h.txt"),
        ("café.md", "café.md"),
    ],
)
def test_cleaning(raw: object, expected: str) -> None:
    assert safe_filename(raw) == expected


def test_length_is_capped_keeping_the_extension() -> None:
    name = safe_filename("é" * 500 + ".docx")
    assert name.endswith(".docx")
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    # No half character was left at the cut.
    name.encode("utf-8").decode("utf-8")


def test_numbered_alternatives() -> None:
    assert numbered("a.txt", 1) == "a.txt"
    assert numbered("a.txt", 2) == "a (2).txt"
    assert numbered("README", 3) == "README (3)"
    assert split_extension("archive.tar.gz") == ("archive.tar", ".gz")
    assert split_extension("noext.") == ("noext.", "")


_FORBIDDEN = set('/\\<>:"|?*') | {chr(c) for c in range(32)} | set("\u202a\u202b\u202c\u202d\u202e")


@given(st.text(max_size=400))
def test_any_input_gives_a_safe_name(raw: str) -> None:
    name = safe_filename(raw)
    assert name
    assert not (_FORBIDDEN & set(name))
    assert ".." not in name
    assert name == name.strip(" .")
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert all(unicodedata.category(ch) not in ("Cc", "Cs") for ch in name)
    assert safe_filename(name) == name  # cleaning is stable
