"""The one way a tooltip holds a person's or a server's text: read back exactly as written,
line breaks and runs of spaces kept, and no tooltip at all for no text. (`qapp`: reading
rich text needs the application.)"""

from __future__ import annotations

import pytest

from aitasker_desktop.ui.plain_tip import plain_tip
from tests.gui.tips import assert_tip_reads, tip_as_read


@pytest.mark.parametrize(
    "text",
    [
        "<b>Q3</b> plan.pdf",
        "<img src='file:///etc/passwd'> logo.png",
        "Q3 &lt;draft&gt; &amp; plan",
        "<i>Logo</i> refresh\n  two lines, the second indented",
        "<a href='https://example.com'>site</a>\t&nbsp;",
    ],
)
def test_markup_reads_as_typed(qapp: object, text: str) -> None:
    assert_tip_reads(plain_tip(text), text)


def test_line_breaks_are_one_each_and_no_text_is_no_tooltip(qapp: object) -> None:
    assert tip_as_read(plain_tip("<b>one</b>\r\ntwo\rthree")) == "<b>one</b>\ntwo\nthree"
    assert tip_as_read(plain_tip("plain, as before")) == "plain, as before"
    assert plain_tip("") == ""  # an empty tooltip box would show otherwise
