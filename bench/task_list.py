"""The task list with 10,000 tasks (or `--tasks N`): first paint, filter keystrokes, memory,
scrolling, and the longest GUI-thread stall while the tracker polls 1,000 changed tasks.

    python bench/task_list.py [--tasks 100000]

The cache is filled by a child process and the sandbox runs in another, so the memory
figures are the list's and the app's own, not the seeding's or a server's.

Figures are printed last, one per line, as `name: value unit`:
- list_load_ms (first paint): from creating the tracker and the Tasks place (the tasks
  cached in the store) to the first paint of the table with rows in it: the first rows
  read from the cache on the runner, the model, the view; list_load_cpu_ms: the GUI
  thread's CPU time in it. list_all_rows_ms: until every task is in the list (read on the
  runner meanwhile).
- filter_ms: median time of one typed character in the search field (the model filters
  every task and the table repaints); filter_max_ms: the slowest of them; filter_cpu_ms
  and filter_max_cpu_ms: the GUI thread's CPU time for one, median and most (robust to
  other load on the machine).
- rss_mb: resident memory with every task listed and shown; rss_tasks_mb: the part of it
  that came with the list (after the app's modules and a QApplication).
- scroll_max_stall_ms: the slowest step of scrolling from the top to the bottom a page at a
  time, each step repainted (rows read from the cache as they come on screen);
  scroll_max_cpu_ms: the most GUI-thread CPU one step took (what is ours, not the machine's
  other load); scroll_block_reads: blocks read from the cache on the way down;
  scroll_jump_ms: a jump from the top to the very bottom, repainted.
- poll_max_stall_ms: the longest gap of a 2 ms QTimer heartbeat on the GUI thread while the
  tracker polls a sandbox answering each request 0.5 s late, with 1,000 of the listed
  tasks changed (pages parsed and cached on the worker; the GUI thread updates the rows).
- gc_full_ms: one full garbage collection with every task listed: the most a collection
  could stall the GUI thread at this size. Collection runs as in the app (app.py): automatic
  collection off, the app's collector checking the thresholds on the GUI thread every
  0.5 s, and what start-up made set aside. Left on, Python's own collector ran a full pass
  inside one scroll step now and then (~60 ms at 100,000), over a heap the app sets aside.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
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
from PySide6.QtWidgets import QApplication, QTableView

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.composition import StartupHeap
from aitasker_desktop.domain.task import StatusChange, Task
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.gc_guard import MainThreadGarbageCollector
from aitasker_desktop.services.runner import Runner
from aitasker_desktop.services.tracker import Intervals, TrackerService
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.task_cache import TaskCache
from aitasker_desktop.ui.tasks.place import TasksPlace

COUNT = 10_000
CHANGED = 1_000
SEED_CHUNK = 5_000
DELAY_S = 0.5
STATUSES = ("open", "matching", "prototyping", "review", "delivering", "awaiting_approval")
FINISHED = ("completed", "expired", "cancelled")
WORDS = ("logo", "blog post", "landing page", "data summary", "tagline", "newsletter", "deck")
QUIET = Intervals(fast=3600, waiting=3600, slow=3600)


def make_tasks(count: int, start: int = 0) -> list[Task]:
    now = datetime.now(UTC)
    tasks = []
    for i in range(start, start + count):
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
        self.painted_cpu = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and self.painted_at is None
            and self.place.model.rowCount() > 0
        ):
            self.painted_at = time.perf_counter()
            self.painted_cpu = time.thread_time()
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


def start_sandbox(data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    """The sandbox in a process of its own (its memory is not the list's)."""
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "aitasker_desktop.sandbox"),
            *("--port", "0", "--speed", "0", "--data-dir", str(data_dir)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if "listening on" in line:
            return proc, line.split("listening on", 1)[1].strip()
    raise RuntimeError("the sandbox did not start")


def seed(db: Path, count: int, base_url: str, api_key: str) -> None:
    """(In a child process.) The sandbox holds 1,000 tasks; the cache holds `count`, of
    which those 1,000 in an older state: the first poll brings 1,000 changed tasks."""
    store = Store(db)
    cache = TaskCache(store, World(WorldKind.SANDBOX, base_url).cache_key)
    with AITaskerClient(base_url, api_key) as plain:
        served, _cursor = plain.list_changed(None)
    assert len(served) == CHANGED, len(served)
    # An older state: another status, changed long ago (the poll moves them to the top).
    long_ago = datetime.now(UTC) - timedelta(days=400)
    cache.upsert(
        [t.model_copy(update={"status": "matching", "updated_at": long_ago}) for t in served]
    )
    for start in range(0, count - CHANGED, SEED_CHUNK):
        cache.upsert(make_tasks(min(SEED_CHUNK, count - CHANGED - start), start))
    assert cache.count() == count
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=COUNT)
    parser.add_argument("--seed", type=Path, help=argparse.SUPPRESS)  # the child's job
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed is not None:
        seed(args.seed, args.tasks, args.url, args.key)
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sandbox, base_url = start_sandbox(root / "sandbox")
        try:
            figures = measure(root, base_url, args.tasks)
        finally:
            sandbox.terminate()
            sandbox.wait(10)
    print(f"load_average: {os.getloadavg()[0]:.1f} (2 cores: wall times above ~1 are inflated)")
    for name, (value, unit) in figures.items():
        whole = unit in ("tasks", "steps", "reads")
        print(f"{name}: {value:.0f} {unit}" if whole else f"{name}: {value:.1f} {unit}")


def measure(root: Path, base_url: str, count: int) -> dict[str, tuple[float, str]]:
    from aitasker_desktop.domain.protocol import SANDBOX_DEFAULT_KEY as key

    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {key}"}) as c:
        c.post("/sandbox/tasks/bulk", json={"count": CHANGED}).raise_for_status()
    db = root / "app.sqlite"
    Store(db).close()  # migrated here, so the child only writes
    subprocess.run(
        [
            *(sys.executable, __file__, "--seed", str(db), "--tasks", str(count)),
            *("--url", base_url, "--key", key),
        ],
        check=True,
    )
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    figures: dict[str, tuple[float, str]] = {}
    store = Store(db)
    world = World(WorldKind.SANDBOX, base_url)
    runner = Runner()
    connection = Connection(runner)
    connection.set_client(None, world)  # no client yet: the load alone is measured
    base_rss = rss_mb()
    # PySide6 builds a Qt type's Python enums on first use (QEvent.Type, QAbstractItemView's
    # enums when a view first asks for its viewport: ~70 ms of CPU, once per process). In
    # the app the editor and the drafts table have paid it before the Tasks place is built;
    # here a throwaway table pays it before the clock starts.
    warm = QTableView()
    warm.viewport()
    assert QEvent.Type.Paint is not None
    warm.deleteLater()
    collector = MainThreadGarbageCollector()  # as app.py: before the desktop is built
    collector.start()
    heap = StartupHeap()

    # -- list_load_ms --------------------------------------------------------------------
    start, start_cpu = time.perf_counter(), time.thread_time()
    tracker = TrackerService(connection, store, intervals=QUIET)
    place = TasksPlace(tracker)
    watch = PaintWatch(place)
    place.table.viewport().installEventFilter(watch)
    place.resize(1100, 720)
    place.show()
    tracker.start()
    heap.set_aside()  # as app.py once the desktop has started
    wait_until(app, lambda: watch.painted_at is not None)
    assert watch.painted_at is not None
    figures["list_load_ms"] = ((watch.painted_at - start) * 1000, "ms")
    figures["list_load_cpu_ms"] = ((watch.painted_cpu - start_cpu) * 1000, "ms")
    wait_until(app, lambda: place.model.rowCount() == count)
    figures["list_all_rows_ms"] = ((time.perf_counter() - start) * 1000, "ms")

    figures.update(measure_filter(app, place))
    figures["rss_mb"] = (rss_mb(), "MB")
    figures["rss_tasks_mb"] = (rss_mb() - base_rss, "MB")
    figures.update(measure_scroll(app, place))
    t0 = time.perf_counter()
    gc.collect()
    figures["gc_full_ms"] = ((time.perf_counter() - t0) * 1000, "ms")

    # -- poll_max_stall_ms ---------------------------------------------------------------
    client = AITaskerClient(base_url, key, transport=SlowTransport(DELAY_S))
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
    figures["rss_after_poll_mb"] = (rss_mb(), "MB")

    tracker.close()
    place.stop()
    runner.wait_for_idle(10_000)
    connection.close()
    store.close()
    place.deleteLater()
    app.processEvents()
    collector.stop()
    heap.thaw()
    return figures


def measure_filter(app: QApplication, place: TasksPlace) -> dict[str, tuple[float, str]]:
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
    return {
        "filter_ms": (statistics.median(times), "ms"),
        "filter_max_ms": (max(times), "ms"),
        "filter_cpu_ms": (statistics.median(cpu), "ms"),
        "filter_max_cpu_ms": (max(cpu), "ms"),
    }


def measure_scroll(app: QApplication, place: TasksPlace) -> dict[str, tuple[float, str]]:
    """Top to bottom a page at a time, each step painted; then one jump top to bottom."""
    bar = place.table.verticalScrollBar()
    viewport = place.table.viewport()
    bar.setValue(0)
    viewport.repaint()
    app.processEvents()
    steps: list[float] = []
    cpu: list[float] = []
    reads = place.model.row_cache.reads
    while bar.value() < bar.maximum():
        t0, c0 = time.perf_counter(), time.thread_time()
        bar.setValue(bar.value() + bar.pageStep())
        viewport.repaint()
        steps.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
    reads = place.model.row_cache.reads - reads
    bar.setValue(0)
    viewport.repaint()
    app.processEvents()
    t0 = time.perf_counter()
    bar.setValue(bar.maximum())
    viewport.repaint()
    jump = (time.perf_counter() - t0) * 1000
    bar.setValue(0)
    app.processEvents()
    return {
        "scroll_max_stall_ms": (max(steps), "ms"),
        "scroll_max_cpu_ms": (max(cpu), "ms"),
        "scroll_median_ms": (statistics.median(steps), "ms"),
        "scroll_steps": (float(len(steps)), "steps"),
        "scroll_block_reads": (float(reads), "reads"),
        "scroll_jump_ms": (jump, "ms"),
    }


if __name__ == "__main__":
    main()
