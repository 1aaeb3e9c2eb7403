"""The task list with 10,000 tasks: load and first paint, one filter keystroke, memory, and
the longest GUI-thread stall while the tracker polls 1,000 changed tasks from a slow server.

    python bench/task_list.py

Figures are printed last, one per line, as `name: value unit`:
- list_load_ms: from creating the tracker and the Tasks place (10,000 tasks cached in the
  store) to the first paint of the table with rows in it: reading the cache (worker thread),
  parsing the 300 most recent tasks, the model, the view. list_all_rows_ms: until all
  10,000 rows are in the list (the rest are parsed off the GUI thread meanwhile).
- filter_ms: median time of one typed character in the search field (the proxy re-filters
  10,000 rows and the table repaints); filter_max_ms: the slowest of them; filter_cpu_ms:
  the median CPU time of the GUI thread for one (robust to other load on the machine).
- rss_mb: resident memory with the 10,000 tasks loaded and shown.
- poll_max_stall_ms: the longest gap of a 2 ms QTimer heartbeat on the GUI thread while the
  tracker polls a sandbox answering each request 0.5 s late, with 1,000 of the 10,000 listed
  tasks changed (the sandbox's answer is parsed and cached on the worker; the GUI thread
  applies 1,000 changed rows, re-sorts and repaints).
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.domain.task import StatusChange, Task
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.runner import Runner
from aitasker_desktop.services.tracker import Intervals, TrackerService
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.task_cache import TaskCache
from aitasker_desktop.ui.tasks.place import TasksPlace

COUNT = 10_000
CHANGED = 1_000
DELAY_S = 0.5
STATUSES = ("open", "matching", "prototyping", "review", "delivering", "awaiting_approval")
FINISHED = ("completed", "expired", "cancelled")
WORDS = ("logo", "blog post", "landing page", "data summary", "tagline", "newsletter", "deck")
QUIET = Intervals(fast=3600, waiting=3600, slow=3600)


def make_tasks(count: int) -> list[Task]:
    now = datetime.now(UTC)
    tasks = []
    for i in range(count):
        status = STATUSES[i % 6] if i % 10 == 0 else FINISHED[i % 3]
        created = now - timedelta(hours=i)
        tasks.append(
            Task(
                id=f"task-{i:06d}",
                title=f"{WORDS[i % len(WORDS)].capitalize()} for client {i}",
                description="A brief of a realistic length. " * 8,
                category="writing-translation",
                task_type="blog-post",
                budget_usd=5 + i % 200,
                status=status,
                created_at=created,
                updated_at=created + timedelta(minutes=30),
                deadline_at=now + timedelta(minutes=i % 90) if status == "review" else None,
                requirements={"tone": "friendly", "word_count": 800},
                history=[
                    StatusChange(status="open", at=created),
                    StatusChange(status="matching", at=created + timedelta(seconds=10)),
                    StatusChange(status=status, at=created + timedelta(minutes=30)),
                ],
            )
        )
    return tasks


class PaintWatch(QObject):
    def __init__(self, place: TasksPlace) -> None:
        super().__init__()
        self.place = place
        self.painted_at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and self.painted_at is None
            and self.place.model.rowCount() > 0
        ):
            self.painted_at = time.perf_counter()
        return False


class Heartbeat(QObject):
    def __init__(self, interval_ms: int = 2) -> None:
        super().__init__()
        self.clock = QElapsedTimer()
        self.max_gap = 0.0
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.beat)

    def start(self) -> None:
        self.clock.start()
        self.max_gap = 0.0
        self.timer.start()

    def beat(self) -> None:
        gap = self.clock.nsecsElapsed() / 1e6
        self.clock.restart()
        self.max_gap = max(self.max_gap, gap)


class SlowTransport(httpx.BaseTransport):
    def __init__(self, delay: float) -> None:
        self._inner = httpx.HTTPTransport()
        self._delay = delay

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        time.sleep(self._delay)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def wait_until(app: QApplication, condition: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the bench waited too long")
        app.processEvents()
        time.sleep(0.001)


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    figures: dict[str, tuple[float, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        limits: dict[str, Any] = {
            "task_reads_per_minute": 1_000_000,
            "default_per_minute": 1_000_000,
        }
        with EmbeddedSandbox(root / "sandbox", speed=0, **limits) as sandbox:
            store = Store(root / "app.sqlite")
            world = World(WorldKind.SANDBOX, sandbox.base_url)
            cache = TaskCache(store, world.cache_key)

            # The sandbox holds 1,000 tasks; the cache holds 10,000, of which those 1,000 in
            # an older state: the first poll brings 1,000 changed tasks.
            headers = {"Authorization": f"Bearer {sandbox.api_key}"}
            with httpx.Client(base_url=sandbox.base_url, headers=headers, trust_env=False) as c:
                c.post("/sandbox/tasks/bulk", json={"count": CHANGED}).raise_for_status()
            with AITaskerClient(sandbox.base_url, sandbox.api_key) as plain:
                served, _cursor = plain.list_changed(None)
            assert len(served) == CHANGED, len(served)
            # An older state: another status, changed long ago (the poll moves them to the top).
            long_ago = datetime.now(UTC) - timedelta(days=400)
            older = [
                t.model_copy(update={"status": "matching", "updated_at": long_ago}) for t in served
            ]
            cache.upsert(make_tasks(COUNT - CHANGED) + older)
            assert cache.count() == COUNT

            runner = Runner()
            connection = Connection(runner)
            connection.set_client(None, world)  # no client yet: the load alone is measured
            base_rss = rss_mb()

            # -- list_load_ms ----------------------------------------------------------------
            start = time.perf_counter()
            tracker = TrackerService(connection, store, intervals=QUIET)
            place = TasksPlace(tracker)
            watch = PaintWatch(place)
            place.table.viewport().installEventFilter(watch)
            place.resize(1100, 720)
            place.show()
            tracker.start()
            wait_until(app, lambda: watch.painted_at is not None)
            assert watch.painted_at is not None
            figures["list_load_ms"] = ((watch.painted_at - start) * 1000, "ms")
            wait_until(app, lambda: place.model.rowCount() == COUNT)
            figures["list_all_rows_ms"] = ((time.perf_counter() - start) * 1000, "ms")

            # -- filter_ms -------------------------------------------------------------------
            for _ in range(5):
                app.processEvents()
            place.search.setFocus()
            times, cpu = [], []
            prof = None
            if os.environ.get("BENCH_PROFILE"):
                import cProfile

                prof = cProfile.Profile()
                prof.enable()
            for text in ("lo", "logo", "logo f", "blog", "tag", "client 9"):
                place.search.clear()
                app.processEvents()
                for ch in text:
                    t0, c0 = time.perf_counter(), time.thread_time()
                    QTest.keyClicks(place.search, ch)
                    place.table.viewport().repaint()  # the repaint the keystroke causes
                    times.append((time.perf_counter() - t0) * 1000)
                    cpu.append((time.thread_time() - c0) * 1000)
            if prof is not None:
                import pstats

                prof.disable()
                pstats.Stats(prof).sort_stats("tottime").print_stats(12)
            place.search.clear()
            app.processEvents()
            figures["filter_ms"] = (statistics.median(times), "ms")
            figures["filter_max_ms"] = (max(times), "ms")
            figures["filter_cpu_ms"] = (statistics.median(cpu), "ms")
            figures["rss_mb"] = (rss_mb(), "MB")
            figures["rss_tasks_mb"] = (rss_mb() - base_rss, "MB")

            # -- poll_max_stall_ms -----------------------------------------------------------
            client = AITaskerClient(
                sandbox.base_url, sandbox.api_key, transport=SlowTransport(DELAY_S)
            )
            heartbeat = Heartbeat()
            for _ in range(5):
                app.processEvents()
            changed: list[int] = []
            tracker.tasks_changed.connect(lambda tasks: changed.append(len(tasks)))
            polled: list[bool] = []
            tracker.polled.connect(lambda: polled.append(True))
            heartbeat.start()
            connection.set_client(client, world)  # the same world: poll at once
            wait_until(app, lambda: bool(polled))
            t_end = time.perf_counter() + 0.3  # and the repaints after it
            wait_until(app, lambda: time.perf_counter() > t_end)
            heartbeat.timer.stop()
            figures["poll_max_stall_ms"] = (heartbeat.max_gap, "ms")
            figures["poll_changed_tasks"] = (float(sum(changed)), "tasks")

            tracker.stop()
            place.stop()
            runner.wait_for_idle(10_000)
            connection.close()
            store.close()
            place.deleteLater()
            app.processEvents()

    for name, (value, unit) in figures.items():
        print(f"{name}: {value:.1f} {unit}" if unit != "tasks" else f"{name}: {value:.0f} {unit}")


if __name__ == "__main__":
    main()
