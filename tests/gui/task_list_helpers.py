"""The Tasks place over a real cache, for the task list's GUI tests: put on screen as a person
first sees it, and sorted by clicking a column's header."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from aitasker_desktop.domain.task import Task
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.runner import InlineRunner
from aitasker_desktop.services.tracker import Intervals, TrackerService
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.task_cache import TaskCache
from aitasker_desktop.ui.tasks.place import TasksPlace


class PlaceRig:
    def __init__(self, tmp_path: Path, tasks: list[Task], *, client: bool = False) -> None:
        self.store = Store(tmp_path / "app.sqlite")
        world = World(WorldKind.SANDBOX, "http://127.0.0.1:1")
        TaskCache(self.store, world.cache_key).upsert(tasks)
        self.connection = Connection(InlineRunner())
        self.connection.set_client(None, world)
        self.tracker = TrackerService(self.connection, self.store, intervals=Intervals())
        self.tracker.start()  # cached tasks load at once (inline); no client: no poll
        self.place = TasksPlace(self.tracker)

    def show(self, qtbot: QtBot, width: int = 1000, height: int = 700) -> TasksPlace:
        """The place on screen at that size, as a person first sees it."""
        qtbot.addWidget(self.place)
        self.place.resize(width, height)
        self.place.show()
        qtbot.waitExposed(self.place)
        return self.place

    def close(self) -> None:
        self.place.stop()
        self.tracker.close()
        self.store.close()


def sort_by(qtbot: QtBot, place: TasksPlace, column: int, *, ascending: bool = True) -> None:
    """Click the column's header, as a person does, until it sorts that way."""
    header = place.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    wanted = Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
    for _ in range(2):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        if header.sortIndicatorSection() == column and header.sortIndicatorOrder() == wanted:
            return
    raise AssertionError(f"two clicks did not sort column {column} that way")
