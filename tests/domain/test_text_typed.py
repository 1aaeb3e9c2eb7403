"""Text a person types or pastes into a title or a brief: what shows nothing yet changes what
is stored or how it reads is not kept; everything a person can read is kept as written."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from aitasker_desktop.domain.text import typed_edits, typed_text

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_controls_and_bidi_overrides_are_dropped() -> None:
    title = "Menu\tfor the café 🍰 \u202eevil\u202c \x07bell\x00nul \x1b[31mred\x85"
    assert typed_text(title, one_line=True) == "Menu for the café 🍰 evil bellnul [31mred"
    assert typed_text("a\u2066b\u2069c", one_line=False) == "abc"


def test_a_brief_keeps_its_lines_and_a_title_is_one_line() -> None:
    text = "Line one\twith tab\r\nLine two\rthree\n\x00end"
    assert typed_text(text, one_line=False) == "Line one with tab\nLine two\nthree\nend"
    assert typed_text(text, one_line=True) == "Line one with tab Line two three end"


def test_what_people_read_is_kept() -> None:
    for text in (
        "שלום עולם \u200fמרחבא",  # Hebrew, with a right-to-left mark
        "شعار لمخبز مرحبا",
        "👩‍👩‍👧 family, 🍰 cake, 🇩🇪 flag",
        "zero\u200bwidth and\u00a0no-break",
        "Straße, naïve, 日本語",
    ):
        assert typed_text(text, one_line=True) == text
        assert typed_edits(text, one_line=False) == []


def _unwanted(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS


@given(st.text(), st.booleans())
def test_nothing_unwanted_is_kept_and_nothing_else_is_changed(text: str, one_line: bool) -> None:
    kept = typed_text(text, one_line=one_line)
    allowed = set() if one_line else {"\n"}
    assert not any(_unwanted(ch) and ch not in allowed for ch in kept)
    assert typed_text(kept, one_line=one_line) == kept  # once is enough
    readable = [ch for ch in text if not _unwanted(ch)]
    assert [ch for ch in kept if not _unwanted(ch) and ch != " "] == [
        ch for ch in readable if ch != " "
    ]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"))), st.booleans())
def test_text_without_controls_is_untouched(text: str, one_line: bool) -> None:
    text = "".join(ch for ch in text if ch not in BIDI_CONTROLS)
    assert typed_text(text, one_line=one_line) == text
