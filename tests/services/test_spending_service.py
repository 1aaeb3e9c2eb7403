"""The spending service reads its sums while the place is on screen, follows changes to the
cached tasks and the period, and reads nothing while the place is hidden."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.domain.spending import Bucket, Period
from aitasker_desktop.domain.task import Task
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.runner import InlineRunner
from aitasker_desktop.services.spending import SpendingReport, SpendingService
from aitasker_desktop.services.tracker import TrackerService
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.spending import SpendingReader
from aitasker_desktop.storage.task_cache import TaskCache
from aitasker_desktop.storage.task_rows import TaskRowReader

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
WORLD = World(WorldKind.SANDBOX, "http://127.0.0.1:1")


class Rig:
    def __init__(self, tmp_path: Path) -> None:
        self.store = Store(tmp_path / "app.sqlite3")
        self.connection = Connection(InlineRunner())
        self.tracker = TrackerService(self.connection, self.store, clock=lambda: NOW)
        self.service = SpendingService(
            self.tracker,
            SpendingReader(TaskRowReader(self.store.path)),
            InlineRunner(),
            tmp_path / "downloads",
            clock=lambda: NOW,
        )
        self.reports: list[SpendingReport] = []
        self.service.report_ready.connect(self.reports.append)

    def close(self) -> None:
        self.tracker.stop()
        self.tracker.close()
        self.service.close()
        self.connection.close()
        self.store.close()


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path) -> Iterator[Rig]:
    r = Rig(tmp_path)
    yield r
    r.close()


def task(task_id: str, status: str, price: float, when: datetime = NOW) -> Task:
    return Task(
        id=task_id, title=task_id, category="data", status=status, budget_usd=price, updated_at=when
    )


def test_sums_follow_the_tasks_while_watched(rig: Rig, qtbot: QtBot) -> None:
    TaskCache(rig.store, WORLD.cache_key).upsert(
        [
            task("a", Status.COMPLETED, 12.5),
            task("old", Status.COMPLETED, 99.0, datetime(2024, 5, 1, tzinfo=UTC)),
        ]
    )
    rig.connection.set_client(None, WORLD)  # offline: the cached tasks of the world
    rig.tracker.start()
    assert rig.reports == []  # nobody looks: nothing read

    rig.service.set_watching(True)
    assert rig.reports[-1].summary.total(Bucket.SPENT) == 1250  # the last 12 months
    assert rig.reports[-1].since == "2025-12"

    rig.service.set_period(Period.ALL)
    assert rig.reports[-1].summary.total(Bucket.SPENT) == 1250 + 9900

    rig.tracker.upsert(task("b", Status.REFUNDED, 4.0))
    qtbot.waitUntil(lambda: rig.reports[-1].summary.total(Bucket.REFUNDED) == 400)

    rig.service.set_watching(False)
    count = len(rig.reports)
    rig.tracker.upsert(task("c", Status.DELIVERING, 7.0))
    qtbot.waitUntil(lambda: any(t.id == "c" for t in rig.tracker.tasks()))
    assert len(rig.reports) == count  # hidden: read again only when shown
    rig.service.set_watching(True)
    assert rig.reports[-1].summary.total(Bucket.HELD) == 700


def test_an_export_without_a_world_says_so(rig: Rig, qtbot: QtBot, tmp_path: Path) -> None:
    with qtbot.waitSignal(rig.service.export_failed) as blocker:
        rig.service.export(tmp_path / "x.csv")
    assert blocker.args == ["There is nothing to export until the app is connected."]
    assert not (tmp_path / "x.csv").exists()
