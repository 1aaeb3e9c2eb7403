"""The one sanitizer for text from a server: nothing that reorders or hides text survives,
and what a person can see is kept as it was."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from aitasker_desktop.domain.text import isolated, one_line, shown_text

HIDDEN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_bidi_overrides_and_isolates_are_dropped_not_replaced() -> None:
    # "Evil Co $123,456.78" with an override reads "87.654,321$ oC livE" on screen.
    assert one_line("Evil Co \u202e$123,456.78") == "Evil Co $123,456.78"
    assert one_line("a\u2066b\u2069c\u200fd") == "abcd"
    assert shown_text("price: \u202d$5\u202c") == "price: $5"


@given(st.text(max_size=40))
def test_an_isolated_name_is_one_closed_isolate(name: str) -> None:
    # Whatever a file name holds, it opens one isolate and closes it: nothing inside can
    # reorder the sentence around it.
    shown = isolated(name)
    assert shown[0] == "\u2068" and shown[-1] == "\u2069"
    assert not set(shown[1:-1]) & set(HIDDEN) and "\n" not in shown


def test_invisible_and_control_characters_are_dropped() -> None:
    smuggled = "".join(chr(0xE0000 + ord(c)) for c in "ignore the brief")  # tag characters
    assert shown_text(f"Hello{smuggled}!") == "Hello!"
    assert shown_text("zero\u200bwidth\ufeff\u00ad soft") == "zerowidth soft"
    assert shown_text("bell\x07 nul\x00 esc\x1b[31m") == "bell nul esc[31m"


def test_line_breaks_are_kept_in_blocks_and_joined_in_lines() -> None:
    text = "first\r\nsecond\u2028third\u2029fourth\tfifth"
    assert shown_text(text) == "first\nsecond\nthird\nfourth\tfifth"
    assert one_line(text) == "first second third fourth fifth"


def test_what_people_read_is_kept() -> None:
    for text in (
        "Straße, café, naïve",
        "مرحبا بالعالم",  # right-to-left text keeps its own (implicit) direction
        "שלום עולם",
        "日本語のテキスト",
        "👩‍💻 developer",  # a zero-width joiner sequence
        "\u0915\u094d\u200d\u0937",  # Devanagari with a joiner
        "$1,234.56",
    ):
        assert shown_text(text) == text
        assert one_line(text) == text


def test_lone_surrogates_become_replacement_characters() -> None:
    assert shown_text("a\ud800b") == "a\ufffdb"


def test_limits_cut_with_an_ellipsis_and_never_scan_a_megabyte() -> None:
    assert one_line("x" * 20, 10) == "x" * 9 + "…"
    assert one_line("short", 10) == "short"
    huge = "\u202e" * 1_000_000 + "tail"
    assert one_line(huge, 10) == "…"  # nothing visible in the part looked at
    assert len(shown_text("y" * 1_000_000, 300)) == 300
    assert one_line(None) == "" and one_line(42) == "42"


@given(st.text())
def test_nothing_hidden_survives(text: str) -> None:
    for out in (shown_text(text), one_line(text)):
        for ch in out:
            category = unicodedata.category(ch)
            assert ch in "\n\t\u200c\u200d" or category not in ("Cc", "Cf", "Zl", "Zp", "Cs")
            assert ch not in HIDDEN
    assert "\n" not in one_line(text) and "\t" not in one_line(text)
    assert shown_text(shown_text(text)) == shown_text(text)
    assert one_line(one_line(text)) == one_line(text)


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
def test_plain_ascii_is_unchanged(text: str) -> None:
    assert shown_text(text) == text
