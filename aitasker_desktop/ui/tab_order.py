"""Tab order for widgets put into a window after it was built.

Qt puts a widget given a parent in a shown window at the end of the window's focus chain:
after the status bar's buttons, so Tab skips it and reaches it only after them. Its controls
are moved, in their order in the chain, to where Tab should take a person into it.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def tab_into(first: QWidget, page: QWidget, *, made_later: bool = False) -> None:
    """Tab from `first` goes into `page`'s controls, then on to what came after `first`.

    `made_later`: the page also makes widgets as it goes, each put at the end of the chain
    when made; those are found wherever they are (the whole chain is walked), and come
    after the rest. Otherwise only the page's own run of the chain is."""
    tab = Qt.FocusPolicy.TabFocus
    controls: list[QWidget] = []
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        if page.isAncestorOf(widget):
            if widget.focusPolicy() & tab:
                controls.append(widget)
        elif not made_later:
            break
        widget = widget.nextInFocusChain()
    for before, after in pairwise((first, *controls)):
        QWidget.setTabOrder(before, after)
