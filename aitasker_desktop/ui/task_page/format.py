"""Turning service values into short, safe text: money, scores, sizes, times, countdowns.

Every value may be missing, negative, NaN or huge; each function returns something to show.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from aitasker_desktop.domain.text import one_line as text_one_line
from aitasker_desktop.domain.text import shown_text
from aitasker_desktop.ui.tasks.wording import left_text

MAX_LINE_CHARS = 300
MAX_BLOCK_CHARS = 4000


def _finite(value: float | None) -> bool:
    return value is not None and isinstance(value, int | float) and math.isfinite(value)


def score_scale(values: Iterable[float | None]) -> float:
    """Judges score 0-10 in the sandbox; accept 0-1 and 0-100 from a real server too."""
    top = max((float(v) for v in values if v is not None and _finite(v)), default=0.0)
    if top <= 1.0:
        return 1.0 if top > 0 else 10.0
    return 10.0 if top <= 10.0 else 100.0


def countdown(deadline: datetime | None, now: datetime | None = None) -> str:
    """'4 min left', 'window closed', or empty when there is no deadline: worded as in the
    task list (one function for both, so a task reads the same in either place)."""
    if deadline is None:
        return ""
    now = now or datetime.now(UTC)
    if deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=UTC)
    return left_text((deadline - now).total_seconds())


def trim(text: object, limit: int = MAX_LINE_CHARS) -> str:
    """Server text as a block safe to show (the app's one sanitizer, `domain.text`), at most
    `limit` characters, marked with an ellipsis when cut."""
    return shown_text(text, limit)


def one_line(text: object, limit: int = MAX_LINE_CHARS) -> str:
    """Server text as one safe line (`domain.text.one_line`)."""
    return text_one_line(text, limit)


def plain_label(
    text: str = "", parent: QWidget | None = None, *, wrap: bool = True, name: str = ""
) -> QLabel:
    """A QLabel that never interprets its text as rich text (server text goes here)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    if name:
        label.setObjectName(name)
    return label


def scroll_into(owner: QWidget, inside: QWidget) -> QScrollArea:
    """`inside` as `owner`'s whole content, scrolling up and down when the window is too small
    to show it all (never sideways: it wraps or shortens its lines instead)."""
    scroll = QScrollArea()
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(inside)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return scroll
