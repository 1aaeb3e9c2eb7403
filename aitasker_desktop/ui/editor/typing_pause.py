"""When to show what is derived from the brief while the person types.

The character counts follow every key; the rest (field messages, the checklist's keyword rules
over the whole text, the budget hints, the preview's full re-layout) waits for a short pause in
typing, because typing must stay fast in a 5,000-character brief.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer

REFRESH_DELAY_MS = 200
REFRESH_MAX_WAIT_MS = 1_000


class TypingPause:
    """Calls `refresh` `REFRESH_DELAY_MS` after the last key, and at least every
    `REFRESH_MAX_WAIT_MS` while typing goes on."""

    def __init__(self, refresh: Callable[[], None], parent: QObject) -> None:
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(refresh)
        self._waiting = QElapsedTimer()  # since the first change the refresh owes

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def typed(self) -> None:
        # Restarted by every key, but never put off longer than REFRESH_MAX_WAIT_MS, so
        # the checklist still ticks during a long burst of typing.
        if not self._timer.isActive():
            self._waiting.start()
            self._timer.start()
        elif self._waiting.elapsed() < REFRESH_MAX_WAIT_MS - REFRESH_DELAY_MS:
            self._timer.start()

    def cancel(self) -> None:
        """The refresh is being done now."""
        self._timer.stop()
