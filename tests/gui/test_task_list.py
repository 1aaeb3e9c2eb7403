"""The task list: the model's contract over the cache, hostile data shown safely, filters,
sorting, updates that keep the selection, and the Tasks place driven from the keyboard and
mouse."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from aitasker_desktop.domain.task import Task
from aitasker_desktop.services.runner import InlineRunner
from aitasker_desktop.services.task_listing import TaskListing
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.task_cache import TaskCache
from aitasker_desktop.storage.task_rows import TaskRowReader
from aitasker_desktop.ui.tasks.empty_state import EMPTY_NO_TASKS
from aitasker_desktop.ui.tasks.model import SORT_ROLE, Column, Group, TaskTableModel
from aitasker_desktop.ui.tasks.place import TasksPlace
from tests.gui.task_list_helpers import PlaceRig
from tests.gui.tips import assert_tip_reads

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
    Task(id="t2", updated_at=NOW - timedelta(minutes=2)),  # everything else missing
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


def ids_shown(model: TaskTableModel) -> list[str]:
    return [str(model.task_id_at(r)) for r in range(model.rowCount())]


class ListRig:
    """A model over a real cache, its jobs run inline."""

    def __init__(
        self, tmp_path: Path, tasks: list[Task], clock: Callable[[], datetime] = lambda: NOW
    ) -> None:
        self.store = Store(tmp_path / "app.sqlite")
        self.cache = TaskCache(self.store, "world")
        self.cache.upsert(tasks)
        self.listing = TaskListing(TaskRowReader(self.store.path))
        self.listing.world = "world"
        self.model = TaskTableModel(self.listing, InlineRunner(), clock=clock)
        self.model.reload()

    def write(self, *tasks: Task) -> None:
        """As the tracker does: into the cache, then to the list."""
        self.cache.upsert(tasks)
        self.model.apply(list(tasks))

    def close(self) -> None:
        self.listing.close()
        self.store.close()


@pytest.fixture
def lrig(tmp_path: Path) -> Iterator[ListRig]:
    r = ListRig(tmp_path, HOSTILE)
    yield r
    r.close()


def test_model_passes_qtmodeltester_through_filters_sorts_and_polls(
    qtmodeltester: Any, lrig: ListRig
) -> None:
    model = lrig.model
    qtmodeltester.check(model)
    model.sort(Column.PRICE)
    model.set_filter(Group.ALL, "task")
    model.set_filter(Group.IN_PROGRESS, "task")
    lrig.write(task(1, status="matching", updated_at=NOW), task(9, title="New one"))
    model.sort(Column.KIND, Qt.SortOrder.DescendingOrder)
    model.set_filter(Group.ALL, "")
    lrig.write(*(task(i, title=f"More {i}") for i in range(20, 60)))
    qtmodeltester.check(model)


def test_hostile_data_is_shown_verbatim_and_trimmed(lrig: ListRig) -> None:
    model = lrig.model
    assert ids_shown(model) == ["t0", "t1", "t2", "t3", "t4"]  # the latest change first
    assert display(model, 0, Column.TITLE) == "<b>bold</b> & <i>it</i>"
    assert display(model, 0, Column.STATUS) == "Bids ready"
    assert display(model, 0, Column.NEXT) == "Choose a bid · 12 min left"
    long_title = display(model, 1, Column.TITLE)
    assert len(long_title) <= 160 and long_title.endswith("…")
    assert display(model, 1, Column.STATUS) == "teleporting"  # unknown: as sent
    assert display(model, 2, Column.TITLE) == "(untitled)"
    assert display(model, 2, Column.PRICE) == "—"
    assert display(model, 2, Column.STATUS) == "unknown"
    # The override is dropped (not made a space: the visible text stays as it was); one line.
    assert display(model, 3, Column.TITLE) == "evilblah second line"
    assert display(model, 3, Column.KIND) == "<script>"
    assert display(model, 4, Column.PRICE) == "$42.50"
    assert display(model, 4, Column.NEXT) == "Review the delivery · 45 s left"
    tip = model.index(0, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert_tip_reads(tip, "<b>bold</b> & <i>it</i>")  # tooltips are escaped, not rendered
    whole = model.task_at(3)
    assert whole is not None and whole.title == "evil\u202eblah\nsecond line"  # the page's


def test_polls_update_rows_in_place_and_insert_new_ones(qtbot: QtBot, lrig: ListRig) -> None:
    model = lrig.model
    model.sort(Column.TITLE)  # a title change of t0 keeps its place: '<b>…' < 'Task…'
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.dataChanged) as changed:
        lrig.write(task(0, title="<b>Renamed", status="delivering", updated_at=NOW))
    row = model.row_of("t0")
    assert changed.args[0].row() == row
    assert display(model, row, Column.STATUS) == "Being delivered"
    assert display(model, row, Column.TITLE) == "<b>Renamed"
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        lrig.write(task(7, title="Task 2 and a half"))
    assert model.rowCount() == 6 and resets == []
    assert inserted.args[1] == model.row_of("t7")
    assert ids_shown(model) == ["t2", "t0", "t3", "t7", "t4", "t1"]  # by title


def test_filter_by_status_group_and_text(lrig: ListRig) -> None:
    model = lrig.model
    model.set_filter(Group.NEEDS_YOU, "")
    assert sorted(ids_shown(model)) == ["t0", "t4"]
    model.set_filter(Group.IN_PROGRESS, "")  # unknown statuses count as in progress
    assert set(ids_shown(model)) == {"t1", "t2", "t3"}
    model.set_filter(Group.ALL, "  SCRIPT ")  # category, casefolded, trimmed
    assert ids_shown(model) == ["t3"]
    model.set_filter(Group.ALL, "BOLD")
    assert model.rowCount() == 1
    model.set_filter(Group.ALL, "blog-post")  # task type
    assert model.rowCount() == 3
    assert model.group_counts() == {
        Group.ALL: 5,
        Group.NEEDS_YOU: 2,
        Group.IN_PROGRESS: 3,
        Group.FINISHED: 0,
    }


def test_sort_by_raw_values_in_both_directions(tmp_path: Path) -> None:
    rig = ListRig(
        tmp_path, [task(1, budget_usd=9.0), task(2, budget_usd=10.0), task(3, budget_usd=100)]
    )
    model = rig.model
    model.sort(Column.PRICE, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, Column.PRICE).data() for r in range(3)] == [
        "$9.00",
        "$10.00",
        "$100.00",
    ]
    model.sort(Column.PRICE, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, Column.PRICE).data(SORT_ROLE) for r in range(3)] == [100, 10, 9]
    model.sort(Column.CHANGED, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["Task 1", "Task 2", "Task 3"]
    # A change moves the row to where the order says, without a reset.
    rig.write(task(3, updated_at=NOW + timedelta(minutes=5)))
    assert model.index(0, 0).data() == "Task 3"
    rig.close()


def test_the_row_cache_reads_a_block_at_a_time_and_stays_small(tmp_path: Path) -> None:
    """Scrolling through 6,000 rows reads a block every hundred or so rows, and the model
    keeps no more than its row cache's capacity."""
    many = [task(i, title=f"Row {i}") for i in range(6_000)]
    rig = ListRig(tmp_path, many)
    model = rig.model
    assert model.rowCount() == 6_000
    reads = model.row_cache.reads
    for row in range(0, 6_000, 7):  # every row a view would paint, a screen at a time
        assert model.index(row, Column.TITLE).data() == f"Row {row}"
    assert model.row_cache.reads - reads <= 6_000 // 128 + 2
    assert len(model.row_cache) <= model.row_cache.capacity
    rig.close()


# -- the place -------------------------------------------------------------------------------


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path) -> Iterator[PlaceRig]:
    hostile = [t.model_copy(update={"id": "h" + t.id}) for t in HOSTILE[:2]]
    r = PlaceRig(tmp_path, [task(i) for i in range(20)] + hostile)
    r.show(qtbot)
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


def chip(place: TasksPlace, group: str) -> QPushButton:
    button = place.findChild(QPushButton, f"chip_{group}")
    assert button is not None
    return button


def test_place_search_chips_and_keyboard(qtbot: QtBot, rig: PlaceRig) -> None:
    place = rig.place
    page = FakePage()
    place.set_task_page(page)
    assert place.list_stack.currentIndex() == 1
    assert place.model.rowCount() == 22
    assert chip(place, Group.ALL).text() == "All (22)"
    assert chip(place, Group.NEEDS_YOU).text() == "Needs you (1)"
    assert chip(place, Group.IN_PROGRESS).text() == "In progress (21)"
    assert chip(place, Group.FINISHED).text() == "Finished (0)"

    qtbot.keyClick(place, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is place.search
    qtbot.keyClicks(place.search, "task 1")
    assert place.model.rowCount() == 11  # Task 1, Task 10..19
    assert place.count_label.text() == "11 of 22 tasks"
    qtbot.keyClick(place.search, Qt.Key.Key_Escape)
    assert place.search.text() == "" and place.model.rowCount() == 22

    qtbot.mouseClick(chip(place, Group.NEEDS_YOU), Qt.MouseButton.LeftButton)
    assert [place.model.index(r, 0).data() for r in range(place.model.rowCount())] == [
        "<b>bold</b> & <i>it</i>"
    ]
    qtbot.keyClicks(place.search, "nothing like this")
    assert place.no_match_label.isVisibleTo(place)
    place.search.clear()
    qtbot.mouseClick(chip(place, Group.ALL), Qt.MouseButton.LeftButton)

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

    # A change to the shown task reaches the page, moves it to the top (the latest change
    # first) and the selection follows it; the chips count it where it is now.
    rig.tracker.upsert(second.model_copy(update={"status": "review", "updated_at": NOW}))
    assert page.updated == [second.id]
    current = place.current_task()
    assert current is not None and current.id == second.id and current.status == "review"
    assert place.table.currentIndex().row() == 0
    assert chip(place, Group.NEEDS_YOU).text() == "Needs you (2)"


def test_a_poll_keeps_the_selection_and_the_scroll_position(qtbot: QtBot, rig: PlaceRig) -> None:
    place = rig.place
    place.table.selectRow(5)
    chosen = place.current_task()
    assert chosen is not None
    for i in range(100, 130):
        rig.tracker.upsert(task(i, updated_at=NOW + timedelta(minutes=1)))  # new, on top
    assert place.model.rowCount() == 52
    current = place.current_task()
    assert current is not None and current.id == chosen.id
    assert place.table.selectionModel().selectedRows()[0].row() == place.model.row_of(chosen.id)


def test_open_task_clears_a_filter_that_hides_it(qtbot: QtBot, rig: PlaceRig) -> None:
    place = rig.place
    qtbot.keyClicks(place.search, "task 5")
    assert place.open_task("t7")
    assert place.search.text() == ""
    current = place.current_task()
    assert current is not None and current.id == "t7"
    assert not place.open_task("missing")


def test_a_task_just_posted_is_selected_when_it_is_listed(qtbot: QtBot, rig: PlaceRig) -> None:
    place = rig.place
    qtbot.keyClicks(place.search, "nothing like it")  # a filter that would hide it
    place.select_when_listed("posted")
    assert place.current_task() is None  # not in the cache yet
    rig.tracker.upsert(
        task(99, id="posted", title="Just posted", updated_at=NOW + timedelta(minutes=1))
    )
    current = place.current_task()
    assert current is not None and current.id == "posted"
    assert place.search.text() == "" and place.table.currentIndex().row() == 0


def test_countdowns_refresh_only_the_next_step_column(qtbot: QtBot, rig: PlaceRig) -> None:
    for i in range(100, 160):
        rig.tracker.upsert(task(i))
    seen: list[tuple[int, int, int]] = []
    rig.place.model.dataChanged.connect(
        lambda tl, br, roles=(): seen.append((tl.column(), br.column(), br.row() - tl.row()))
    )
    rig.place.on_tick_timeout()
    assert seen and all(a == b == Column.NEXT for a, b, _ in seen)
    visible = len(rig.place.table.visible_rows())
    assert 0 < visible < 82 and sum(n + 1 for _, _, n in seen) == visible
    assert rig.place.model.index(0, 0, QModelIndex()).isValid()


def test_clicking_a_header_sorts_by_that_column(qtbot: QtBot, rig: PlaceRig) -> None:
    place = rig.place
    header = place.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.PRICE) + header.sectionSize(Column.PRICE) // 2
    y = header.height() // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    prices = [place.model.index(r, Column.PRICE).data(SORT_ROLE) for r in range(5)]
    first = header.sortIndicatorOrder()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    again = [place.model.index(r, Column.PRICE).data(SORT_ROLE) for r in range(5)]
    assert header.sortIndicatorSection() == Column.PRICE
    assert header.sortIndicatorOrder() != first
    if first == Qt.SortOrder.AscendingOrder:
        prices, again = again, prices
    assert again == sorted(again) and prices == sorted(prices, reverse=True)
    assert prices[0] != again[0]


@pytest.mark.parametrize("width", [1280, 1000, 800])
def test_columns_share_the_width_and_the_title_is_widest(
    qtbot: QtBot, rig: PlaceRig, width: int
) -> None:
    place = rig.place
    place.resize(width, 700)
    qtbot.waitUntil(lambda: place.table.viewport().width() > width - 80)
    table = place.table
    widths = [table.columnWidth(c) for c in Column]
    assert widths[Column.TITLE] == max(widths), widths
    assert sum(widths) <= table.viewport().width() + 1  # no sideways scrolling
    assert table.horizontalScrollBar().maximum() == 0


def test_place_empty_state(qtbot: QtBot, tmp_path: Path) -> None:
    rig = PlaceRig(tmp_path, [])
    qtbot.addWidget(rig.place)
    rig.place.show()
    assert rig.place.list_stack.currentIndex() == 0
    # No client yet, nothing cached: not "no tasks", which nobody knows yet.
    assert rig.place.empty_label.text() == "Connecting to AITasker… Your tasks will appear here."
    with qtbot.waitSignal(rig.place.new_brief_requested):
        qtbot.mouseClick(rig.place.new_brief_button, Qt.MouseButton.LeftButton)
    rig.close()
    assert EMPTY_NO_TASKS == "No tasks yet — post one from New brief"
