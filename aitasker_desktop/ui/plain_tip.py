"""A tooltip that shows its text as typed.

Qt shows a tooltip as rich text when the string "might be" rich text (it starts with a tag such
as `<b>` or `<img src=...>`), so a file named `<b>Q3</b> plan.pdf` or a server's note would
render as markup, or lose characters. Every tooltip that can hold a person's or a server's text
goes through `plain_tip`: escaped, in a paragraph that keeps its spaces and line breaks.

Loaded before the app is ready (ui/wrapping.py uses it): the escaping is three replacements
rather than `html.escape`, whose module builds its entity tables on import (~3 ms).
"""

from __future__ import annotations


def plain_tip(text: str) -> str:
    """Rich text that reads exactly as `text` (an empty text: no tooltip at all)."""
    if not text:
        return ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Rich text counts "\r\n" as two line breaks; a person typed one.
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n")
    return f"<p style='white-space:pre-wrap'>{escaped}</p>"
