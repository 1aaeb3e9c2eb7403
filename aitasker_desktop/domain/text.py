"""Text that can be stored and sent as is.

A Python string may hold lone surrogates (pasted from a UTF-16 source, or decoded from a JSON
`\\ud800` escape). UTF-8, SQLite and JSON serializers refuse them, so a save would fail and the
user's writing be lost. `clean_text` replaces each lone surrogate with U+FFFD (the replacement
character) and joins a high+low pair into the character it encodes; anything else is unchanged.
The editor applies it at the input; the store applies it again as a safety net.
"""

import re
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


# Control characters but tab and newline, and the invisible marks that reorder text
# (bidi overrides and isolates: "evil\u202egnp.exe"), which a person cannot see to delete.
_UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def server_text(value: object, *, max_chars: int, single_line: bool = False) -> str:
    """Text from a server made fit to put into a person's brief: a string (anything else is
    dropped), no lone surrogates, no control or reordering marks, at most `max_chars`; on
    one line when `single_line` (a title), otherwise with line ends kept as newlines."""
    if not isinstance(value, str):
        return ""
    text = clean_text(value).replace("\r\n", "\n").replace("\r", "\n")
    if single_line:
        text = " ".join(text.split())
    text = _UNSEEN.sub("", text).replace("\u2028", "\n").replace("\u2029", "\n")
    return text.strip()[:max_chars].rstrip()
