"""Collect Python garbage on the GUI thread only.

Python's cyclic garbage collector runs on whichever thread happens to allocate when a
threshold is crossed. If that is a worker thread (an httpx call on the runner's pool) and the
garbage holds a Qt wrapper, Qt objects get destroyed from the wrong thread and the process
can crash. As pyqtgraph and calibre do, automatic collection is switched off and the same
generational thresholds are checked from a timer on the GUI thread instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGarbageCollector(QObject):
    def __init__(self, interval_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.on_timer_timeout)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def on_timer_timeout(self) -> None:
        gen0, gen1, gen2 = gc.get_count()
        if gen0 > self._threshold[0]:
            gc.collect(0)
            if gen1 > self._threshold[1]:
                gc.collect(1)
                if gen2 > self._threshold[2]:
                    gc.collect(2)
