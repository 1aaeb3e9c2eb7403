"""Text that can be stored and sent as is.

A Python string may hold lone surrogates (pasted from a UTF-16 source, or decoded from a JSON
`\\ud800` escape). UTF-8, SQLite and JSON serializers refuse them, so a save would fail and the
user's writing be lost. `clean_text` replaces each lone surrogate with U+FFFD (the replacement
character) and joins a high+low pair into the character it encodes; anything else is unchanged.
The editor applies it at the input; the store applies it again as a safety net.

`shown_text` and `one_line` are the one sanitizer for text from a server (see below).
"""

import functools
import re
import unicodedata
from typing import Any

REPLACEMENT_CHAR = "\ufffd"


def clean_text(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD (a no-op copy-free fast path)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # UTF-16 with surrogatepass joins valid pairs; decoding with "replace" marks lone ones.
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def clean_value(value: Any) -> Any:
    """`value` with `clean_text` applied to every string inside dicts, lists and tuples."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(clean_value(v) for v in value)
    return value


# -- text from a server, made safe to show ---------------------------------------------------
#
# A name, title, message or file name from a server is shown as it is, except for characters
# that change how the text around them reads without being seen: the bidi embeddings,
# overrides and isolates (U+202E turns "$123,456.00" into "00.654,321$"), the other control
# and format characters (zero-width spaces, word joiners, the invisible tag characters that
# can smuggle text past a reader, the byte-order mark), and C0/C1 controls. They are dropped,
# not replaced, so the visible text stays as it was. Kept: tab and line feed in blocks, and
# the zero-width joiner and non-joiner, which emoji sequences and several scripts need.
# Line and paragraph separators become line feeds. `clean_text` repairs lone surrogates.

_KEPT_FORMAT = frozenset("\u200c\u200d")
_NEEDS_A_LOOK = re.compile(r"[^\t\n\x20-\x7e]+")  # plain ASCII passes without a look
_WHITESPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=8192)
def _shown_char(ch: str) -> str:
    if ch in _KEPT_FORMAT:
        return ch
    if ch == "\r":
        return "\n"
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf"):
        return ""
    if category in ("Zl", "Zp"):
        return "\n"
    return ch


def _shown_run(match: re.Match[str]) -> str:
    return "".join(_shown_char(ch) for ch in match.group())


def shown_text(value: object, limit: int | None = None) -> str:
    """`value` (any server value) as text safe to show as a block: line feeds and tabs kept,
    characters that could reorder or hide text dropped; at most `limit` characters, ending
    in an ellipsis when cut."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    longer = False
    if limit is not None and len(text) > limit * 4:
        longer, text = True, text[: limit * 4]  # never scan a megabyte to show a line
    text = clean_text(text).replace("\r\n", "\n")
    text = _NEEDS_A_LOOK.sub(_shown_run, text)
    return _cut(text, limit, longer)


def one_line(value: object, limit: int | None = None) -> str:
    """`value` as one line of plain text (`shown_text` with every run of whitespace, line
    breaks included, made one space), at most `limit` characters."""
    text = shown_text(value, None if limit is None else limit * 4)
    return _cut(_WHITESPACE.sub(" ", text).strip(), limit, text.endswith("…"))


FSI, PDI = "\u2068", "\u2069"  # first-strong isolate ... pop directional isolate


def isolated(value: object, limit: int | None = None) -> str:
    """`value` (a file name, say) to set inside a sentence: `one_line` (so no control of its
    own can reorder or hide text), between FSI and PDI so that its direction, a Hebrew or
    Arabic name's, cannot reorder the words around it either."""
    return f"{FSI}{one_line(value, limit)}{PDI}"


def _cut(text: str, limit: int | None, longer: bool = False) -> str:
    """`text` within `limit`, an ellipsis at the end when anything was left out."""
    if limit is None or (len(text) <= limit and not longer):
        return text
    if text.endswith("…") and len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"


def server_text(value: object, *, max_chars: int, single_line: bool = False) -> str:
    """Text from a server made fit to put into a person's brief: a string (anything else is
    dropped), cleaned as `shown_text` cleans it, at most `max_chars`; on one line when
    `single_line` (a title), otherwise with line ends kept as newlines."""
    if not isinstance(value, str):
        return ""
    text = one_line(value) if single_line else shown_text(value)
    return text.strip()[:max_chars].rstrip()


# -- text a person types or pastes into a brief ---------------------------------------------
#
# Kept as written, except characters that show nothing yet change what is stored or how it
# reads: C0 and C1 controls (NUL, BEL, the ESC of a terminal colour) and the bidi embeddings,
# overrides and isolates (U+202E shows a title reversed in the editor and otherwise on the
# task's page). Line feeds stay in a brief; a tab becomes a space (dropped, it would join the
# words either side), and in a title so does a line break. Right-to-left letters, the LRM
# and RLM marks and the joiners of emoji sequences are ordinary text and stay.

_TYPED_UNWANTED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")


def typed_edits(text: str, *, one_line: bool) -> list[tuple[int, int, str]]:
    """What `typed_text` changes in `text`: (start, end, kept instead) runs, in order, so an
    editor can change only those characters and leave the cursor where it was."""
    edits = []
    for match in _TYPED_UNWANTED.finditer(text):
        run = match.group().replace("\r\n", "\n")
        kept = "".join(_typed_char(ch, one_line) for ch in run)
        if kept != match.group():
            edits.append((match.start(), match.end(), kept))
    return edits


def typed_text(text: str, *, one_line: bool) -> str:
    """`text` as typed or pasted into a title (`one_line`) or a brief, as it is kept."""
    kept, last = [], 0
    for start, end, instead in typed_edits(text, one_line=one_line):
        kept += [text[last:start], instead]
        last = end
    return "".join([*kept, text[last:]])


def _typed_char(ch: str, one_line: bool) -> str:
    if ch == "\t":
        return " "
    if ch in "\n\r":
        return " " if one_line else "\n"
    return ""


# -- text as a search compares it -----------------------------------------------------------
#
# People type without accents and in any case: "cafe" must find "Menu for the café", "resume"
# "Résumé", and "café" "cafe". Both sides are folded: compatibility forms made plain (NFKD:
# "ﬁ" is "fi", a full-width "Ａ" is "A"), case folded ("Straße" is "strasse"), and the
# combining marks that NFKD split off the letters dropped.

_LATIN_MARKS = re.compile("[\u0300-\u036f]+")  # most accents: dropped in one C pass
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _unmarked(match: re.Match[str]) -> str:
    return "".join([ch for ch in match.group() if not unicodedata.combining(ch)])


def folded(text: str) -> str:
    """`text` without case or accents, to look for folded words in (see above). ASCII takes
    a fast path (~1 µs a page), and so do the accents of Latin letters (~0.1 ms a page)."""
    if text.isascii():
        return text.lower()  # casefold() of ASCII
    decomposed = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text).casefold())
    return decomposed if decomposed.isascii() else _NON_ASCII.sub(_unmarked, decomposed)
