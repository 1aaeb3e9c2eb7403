"""Undo and redo across the whole form: one command per change of one or more brief fields.

Typing merges into one command per burst (a pause longer than `BURST_SECONDS`, or moving
to another field, starts a new one), so Ctrl+Z takes back a phrase, not a letter.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

BURST_SECONDS = 1.0
_TEXT_IDS = {"title": 1, "description": 2, "budget_usd": 3}

Apply = Callable[[dict[str, Any]], None]


class SetFieldsCommand(QUndoCommand):
    def __init__(
        self,
        apply: Apply,
        old: dict[str, Any],
        new: dict[str, Any],
        text: str,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(text)
        self._apply = apply
        self.old, self.new = old, new
        self._clock = clock
        self._last = clock()
        only = next(iter(new)) if len(new) == 1 else ""
        self._id = _TEXT_IDS.get(only, -1)

    def id(self) -> int:
        return self._id

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetFieldsCommand) or other.id() != self._id:
            return False
        if other.text() != self.text():  # typing, then a rename from Drafts: two steps
            return False
        if other._last - self._last > BURST_SECONDS:
            return False
        self.new = other.new
        self._last = other._last
        return True

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)
