"""Reading a tooltip as a person sees it.

Qt shows a tooltip as rich text when the string might be rich text (`Qt.mightBeRichText`: a
tag such as `<b>` or `&lt;` on its first line), else as plain text; so a name that looks like
markup is shown as typed only when its tooltip holds it escaped."""

from __future__ import annotations

from PySide6.QtGui import Qt, QTextDocument


def tip_as_read(tip: str) -> str:
    """The text a tooltip shows, read as Qt reads it."""
    document = QTextDocument()
    if Qt.mightBeRichText(tip):
        document.setHtml(tip)
    else:
        document.setPlainText(tip)
    return document.toPlainText()


def assert_tip_reads(tip: object, text: str) -> None:
    """The tooltip shows `text` exactly as written, though Qt would take `text` for markup."""
    assert Qt.mightBeRichText(text), f"{text!r} would not be read as markup: a weak test"
    assert isinstance(tip, str)
    assert tip_as_read(tip) == text
    assert text not in tip  # escaped, not passed through for Qt to guess
