"""Spending for the place that shows it: sums read on a worker, a CSV written on a worker.

Bound to the tracker's world (the sandbox and each account spend apart). While the place
is on screen (`watching`), a change to the cached tasks reads the sums again; reads never
overlap (one in flight, one more asked for at most), and an answer for another world or
period than the current one is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from aitasker_desktop.domain.clock import Clock, system_clock
from aitasker_desktop.domain.lifecycle import describe
from aitasker_desktop.domain.spending import Period, Summary, first_month
from aitasker_desktop.domain.spending_csv import csv_rows
from aitasker_desktop.services.runner import TaskRunner
from aitasker_desktop.services.tracker import TrackerService
from aitasker_desktop.storage.spending import SpendingReader, save_csv

EXPORT_NAME = "AITasker spending.csv"


@dataclass(frozen=True)
class SpendingReport:
    """What the place shows: the sums of a period in a world, and the months it covers."""

    world: str
    period: Period
    since: str | None  # the first month key of the period; None: all time
    today: str  # the current month key (the period's last month)
    summary: Summary


def export_name(report: SpendingReport | None) -> str:
    """The file name offered: the months it covers, 'AITasker spending 2025-12 to 2026-11.csv'."""
    if report is None:
        return EXPORT_NAME
    first = report.since or "all"
    return f"AITasker spending {first} to {report.today}.csv"


@dataclass(frozen=True)
class Names:
    """How the app names categories and types (the catalog's names), for the CSV."""

    category: Callable[[str], str] = str
    task_type: Callable[[str, str], str] = lambda _category, slug: slug


class SpendingService(QObject):
    report_ready = Signal(object)  # SpendingReport
    read_failed = Signal(str)
    exported = Signal(str)  # the file written
    export_failed = Signal(str)

    def __init__(
        self,
        tracker: TrackerService,
        reader: SpendingReader,
        runner: TaskRunner,
        downloads_dir: Path,
        *,
        clock: Clock = system_clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tracker = tracker
        self._reader = reader
        self._runner = runner
        self.downloads_dir = downloads_dir
        self._clock = clock
        self._period = Period.LAST_12_MONTHS
        self._watching = False
        self._in_flight = False
        self._again = False
        self.report: SpendingReport | None = None
        tracker.tasks_loaded.connect(self.on_tracker_tasks_changed)
        tracker.tasks_changed.connect(self.on_tracker_tasks_changed)

    @property
    def period(self) -> Period:
        return self._period

    @property
    def world(self) -> str | None:
        return self._tracker.listing.world

    def set_period(self, period: Period) -> None:
        if period != self._period:
            self._period = period
            self.refresh()

    def set_watching(self, watching: bool) -> None:
        """The place is on screen (read now and on every change) or not (read nothing)."""
        self._watching = watching
        if watching:
            self.refresh()

    def on_tracker_tasks_changed(self, *_args: object) -> None:
        if self._watching:
            self.refresh()

    def _months(self) -> tuple[str | None, str]:
        today = self._clock().astimezone().date()
        return first_month(self._period, today), f"{today.year:04d}-{today.month:02d}"

    def refresh(self) -> None:
        """Read the sums of the current period again (on a worker)."""
        world = self.world
        if world is None:
            return
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        period = self._period
        since, today = self._months()

        def read() -> SpendingReport:
            return SpendingReport(world, period, since, today, self._reader.summary(world, since))

        self._runner.run(read, self._on_read, self._on_read_failed, owner=self)

    def _on_read(self, report: SpendingReport) -> None:
        self._finish_read()
        if report.world == self.world and report.period == self._period:
            self.report = report
            self.report_ready.emit(report)

    def _on_read_failed(self, exc: BaseException) -> None:
        self._finish_read()
        self.read_failed.emit(f"Spending could not be read from the saved tasks: {exc}")

    def _finish_read(self) -> None:
        self._in_flight = False
        if self._again:
            self._again = False
            self.refresh()

    def close(self) -> None:
        """Close the reads' connections (after the runner has stopped)."""
        self._reader.close()

    def export(self, path: Path, names: Names | None = None) -> None:
        """Write the current period's counted tasks to `path` as CSV (on a worker)."""
        world = self.world
        if world is None:
            self.export_failed.emit("There is nothing to export until the app is connected.")
            return
        since, _today = self._months()
        names = names or Names()

        def write() -> str:
            rows = csv_rows(
                self._reader.items(world, since),
                since=since,
                status_name=lambda status: describe(status).label,
                category_name=names.category,
                type_name=names.task_type,
            )
            save_csv(path, rows)
            return str(path)

        def failed(exc: BaseException) -> None:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.export_failed.emit(f"The CSV file could not be saved to {path}: {reason}.")

        self._runner.run(write, self.exported.emit, failed, owner=self)
