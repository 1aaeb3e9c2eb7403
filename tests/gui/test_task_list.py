"""The task list: model and proxy contracts, hostile data shown safely, filters, sorting, and
the Tasks place driven from the keyboard and mouse."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from aitasker_desktop.domain.task import Task
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.runner import InlineRunner
from aitasker_desktop.services.tracker import Intervals, TrackerService
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.task_cache import TaskCache
from aitasker_desktop.ui.tasks.model import SORT_ROLE, TASK_ROLE, Column, Group, TaskTableModel
from aitasker_desktop.ui.tasks.place import TasksPlace
from aitasker_desktop.ui.tasks.proxy import TaskFilterProxy

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def task(i: int, **fields: Any) -> Task:
    base: dict[str, Any] = {
        "id": f"t{i}",
        "title": f"Task {i}",
        "category": "writing-translation",
        "task_type": "blog-post",
        "status": "open",
        "budget_usd": 5.0 + i,
        "updated_at": NOW - timedelta(minutes=i),
    }
    return Task.model_validate({**base, **fields})


HOSTILE = [
    task(
        0, title="<b>bold</b> & <i>it</i>", status="review", deadline_at=NOW + timedelta(minutes=12)
    ),
    task(1, title="x" * 10_000, status="teleporting"),
    Task(id="t2"),  # everything missing
    task(3, title="evil\u202eblah\nsecond line", category="<script>", task_type=""),
    task(
        4,
        status="awaiting_approval",
        selected_price_usd=42.5,
        deadline_at=NOW + timedelta(seconds=45),
    ),
]


def display(model: Any, row: int, column: Column) -> str:
    return str(model.index(row, column).data())


@pytest.fixture
def model() -> TaskTableModel:
    m = TaskTableModel(clock=lambda: NOW)
    m.set_tasks(HOSTILE)
    return m


def test_model_and_proxy_pass_qtmodeltester(qtmodeltester: Any, model: TaskTableModel) -> None:
    qtmodeltester.check(model)
    proxy = TaskFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.PRICE)
    qtmodeltester.check(proxy)
    proxy.set_text("task")
    proxy.set_group(Group.IN_PROGRESS)
    model.apply([task(1, status="matching"), task(9, title="New one")])
    qtmodeltester.check(proxy)


def test_hostile_data_is_shown_verbatim_and_trimmed(model: TaskTableModel) -> None:
    assert display(model, 0, Column.TITLE) == "<b>bold</b> & <i>it</i>"
    assert display(model, 0, Column.STATUS) == "Bids ready"
    assert display(model, 0, Column.NEXT) == "Choose a bid · 12 min left"
    long_title = display(model, 1, Column.TITLE)
    assert len(long_title) <= 160 and long_title.endswith("…")
    assert display(model, 1, Column.STATUS) == "teleporting"  # unknown: as sent
    assert display(model, 2, Column.TITLE) == "(untitled)"
    assert display(model, 2, Column.PRICE) == "—"
    assert display(model, 2, Column.STATUS) == "unknown"
    assert display(model, 3, Column.TITLE) == "evil blah second line"  # no bidi, one line
    assert display(model, 3, Column.KIND) == "<script>"
    assert display(model, 4, Column.PRICE) == "$42.50"
    assert display(model, 4, Column.NEXT) == "Review the delivery · 45 s left"
    tip = str(model.index(0, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole))
    assert "&lt;b&gt;bold&lt;/b&gt;" in tip  # tooltips are escaped, not rendered


def test_polls_update_rows_in_place_and_insert_new_ones(
    qtbot: QtBot, model: TaskTableModel
) -> None:
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.apply([task(0, title="Renamed", status="delivering")])
    assert changed.args[0].row() == 0
    assert display(model, 0, Column.STATUS) == "Being delivered"
    with qtbot.waitSignal(model.rowsInserted):
        model.apply([task(7)])
    assert model.rowCount() == 6 and resets == []


def test_filter_by_status_group_and_text(model: TaskTableModel) -> None:
    proxy = TaskFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_group(Group.NEEDS_YOU)
    assert sorted(proxy.index(r, 0).data(TASK_ROLE).id for r in range(proxy.rowCount())) == [
        "t0",
        "t4",
    ]
    proxy.set_group(Group.IN_PROGRESS)  # unknown statuses count as in progress
    assert {proxy.index(r, 0).data(TASK_ROLE).id for r in range(proxy.rowCount())} == {
        "t1",
        "t2",
        "t3",
    }
    proxy.set_group(Group.ALL)
    proxy.set_text("  SCRIPT ")  # category, casefolded, trimmed
    assert [proxy.index(r, 0).data(TASK_ROLE).id for r in range(proxy.rowCount())] == ["t3"]
    proxy.set_text("BOLD")
    assert proxy.rowCount() == 1
    proxy.set_text("blog-post")  # task type
    assert proxy.rowCount() == 3


def test_sort_by_raw_values_in_both_directions(model: TaskTableModel) -> None:
    model.set_tasks([task(1, budget_usd=9.0), task(2, budget_usd=10.0), task(3, budget_usd=100)])
    proxy = TaskFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.PRICE, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, Column.PRICE).data() for r in range(3)] == [
        "$9.00",
        "$10.00",
        "$100.00",
    ]
    proxy.sort(Column.PRICE, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, Column.PRICE).data(SORT_ROLE) for r in range(3)] == [100, 10, 9]
    proxy.sort(Column.CHANGED, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["Task 1", "Task 2", "Task 3"]
    # A change moves the row to where the order says, without a reset.
    model.apply([task(3, updated_at=NOW + timedelta(minutes=5))])
    assert proxy.index(0, 0).data() == "Task 3"


# -- the place -------------------------------------------------------------------------------


class PlaceRig:
    def __init__(self, tmp_path: Path, tasks: list[Task]) -> None:
        self.store = Store(tmp_path / "app.sqlite")
        world = World(WorldKind.SANDBOX, "http://127.0.0.1:1")
        TaskCache(self.store, world.cache_key).upsert(tasks)
        self.connection = Connection(InlineRunner())
        self.connection.set_client(None, world)
        self.tracker = TrackerService(self.connection, self.store, intervals=Intervals())
        self.tracker.start()  # cached tasks load at once (inline); no client: no poll
        self.place = TasksPlace(self.tracker)

    def close(self) -> None:
        self.place.stop()
        self.tracker.stop()
        self.store.close()


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path) -> Iterator[PlaceRig]:
    hostile = [t.model_copy(update={"id": "h" + t.id}) for t in HOSTILE[:2]]
    r = PlaceRig(tmp_path, [task(i) for i in range(20)] + hostile)
    qtbot.addWidget(r.place)
    r.place.resize(1000, 700)
    r.place.show()
    qtbot.waitExposed(r.place)
    yield r
    r.close()


class FakePage(QPushButton):
    def __init__(self) -> None:
        super().__init__("page")
        self.shown: list[str] = []
        self.updated: list[str] = []

    def show_task(self, task: Task) -> None:
        self.shown.append(task.id)

    def update_task(self, task: Task) -> None:
        self.updated.append(task.id)


def test_place_empty_state(qtbot: QtBot, tmp_path: Path) -> None:
    rig = PlaceRig(tmp_path, [])
    qtbot.addWidget(rig.place)
    rig.place.show()
    assert rig.place.list_stack.currentIndex() == 0
    assert rig.place.empty_label.text() == "No tasks yet — post one from New brief"
    with qtbot.waitSignal(rig.place.new_brief_requested):
        qtbot.mouseClick(rig.place.new_brief_button, Qt.MouseButton.LeftButton)
    rig.close()


def test_place_search_chips_and_keyboard(qtbot: QtBot, rig: PlaceRig) -> None:
    place = rig.place
    page = FakePage()
    place.set_task_page(page)
    assert place.list_stack.currentIndex() == 1
    assert place.proxy.rowCount() == 22

    qtbot.keyClick(place, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is place.search
    qtbot.keyClicks(place.search, "task 1")
    assert place.proxy.rowCount() == 11  # Task 1, Task 10..19
    assert place.count_label.text() == "11 of 22 tasks"
    qtbot.keyClick(place.search, Qt.Key.Key_Escape)
    assert place.search.text() == "" and place.proxy.rowCount() == 22

    needs_you = place.findChild(QPushButton, f"chip_{Group.NEEDS_YOU}")
    qtbot.mouseClick(needs_you, Qt.MouseButton.LeftButton)
    assert [place.proxy.index(r, 0).data() for r in range(place.proxy.rowCount())] == [
        "<b>bold</b> & <i>it</i>"
    ]
    qtbot.keyClicks(place.search, "nothing like this")
    assert place.no_match_label.isVisibleTo(place)
    place.search.clear()
    qtbot.mouseClick(place.findChild(QPushButton, f"chip_{Group.ALL}"), Qt.MouseButton.LeftButton)

    # Arrows move the selection and show that task; Enter opens it on the page.
    place.table.setFocus()
    qtbot.keyClick(place.table, Qt.Key.Key_Down)
    first = place.current_task()
    assert first is not None and page.shown[-1] == first.id
    qtbot.keyClick(place.table, Qt.Key.Key_Down)
    second = place.current_task()
    assert second is not None and second.id != first.id and page.shown[-1] == second.id
    with qtbot.waitSignal(place.task_opened) as opened:
        qtbot.keyClick(place.table, Qt.Key.Key_Return)
    assert opened.args[0].id == second.id
    assert place.page_stack.currentWidget() is page

    # A change to the shown task reaches the page; the selection follows the row.
    rig.tracker.upsert(second.model_copy(update={"status": "matching", "updated_at": NOW}))
    assert page.updated == [second.id]
    current = place.current_task()
    assert current is not None and current.id == second.id


def test_open_task_clears_a_filter_that_hides_it(qtbot: QtBot, rig: PlaceRig) -> None:
    place = rig.place
    qtbot.keyClicks(place.search, "task 5")
    assert place.open_task("t7")
    assert place.search.text() == ""
    current = place.current_task()
    assert current is not None and current.id == "t7"
    assert not place.open_task("missing")


def test_countdowns_refresh_only_the_next_step_column(qtbot: QtBot, rig: PlaceRig) -> None:
    for i in range(100, 160):
        rig.tracker.upsert(task(i))
    seen: list[tuple[int, int, int]] = []
    rig.place.model.dataChanged.connect(
        lambda tl, br, roles=(): seen.append((tl.column(), br.column(), br.row() - tl.row()))
    )
    rig.place.on_tick_timeout()
    assert seen and all(a == b == Column.NEXT for a, b, _ in seen)
    visible = len(rig.place._visible_source_rows())
    assert 0 < visible < 82 and sum(n + 1 for _, _, n in seen) == visible
    assert rig.place.model.index(0, 0, QModelIndex()).isValid()


def test_clicking_a_header_sorts_by_that_column(qtbot: QtBot, rig: PlaceRig) -> None:
    place = rig.place
    header = place.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.PRICE) + header.sectionSize(Column.PRICE) // 2
    y = header.height() // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    prices = [place.proxy.index(r, Column.PRICE).data(SORT_ROLE) for r in range(5)]
    first = header.sortIndicatorOrder()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    again = [place.proxy.index(r, Column.PRICE).data(SORT_ROLE) for r in range(5)]
    assert header.sortIndicatorSection() == Column.PRICE
    assert header.sortIndicatorOrder() != first
    if first == Qt.SortOrder.AscendingOrder:
        prices, again = again, prices
    assert again == sorted(again) and prices == sorted(prices, reverse=True)
    assert prices[0] != again[0]
