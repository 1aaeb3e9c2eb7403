"""The list's order after any sequence of changes is the order SQL gives for the same cache:
updates are put in their place in memory (no new order from SQL), so this pins the two
together for every sortable column, both directions, ties and missing values included. And
titles sort as a person reads them: without case or accents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aitasker_desktop.domain.task import Task
from aitasker_desktop.domain.text import folded
from aitasker_desktop.storage.task_rows import RowOrder
from aitasker_desktop.ui.tasks.model import Column, Group
from tests.gui.task_list_helpers import PlaceRig, sort_by
from tests.gui.test_task_list import ListRig, task

T0 = datetime(2026, 3, 1, tzinfo=UTC)
SORTS = {
    Column.TITLE: RowOrder.TITLE,
    Column.PRICE: RowOrder.PRICE,
    Column.NEXT: RowOrder.DEADLINE,
    Column.CHANGED: RowOrder.CHANGED,
}

tasks = st.builds(
    lambda i, title, status, budget, minutes, deadline: Task(
        id=f"t{i}",
        title=title,
        status=status,
        budget_usd=budget,
        updated_at=None if minutes is None else T0 + timedelta(minutes=minutes),
        deadline_at=None if deadline is None else T0 + timedelta(minutes=deadline),
    ),
    st.integers(0, 25),
    st.sampled_from(["", "Logo", "logo", "Écrire", "ecrire", "Blog post", "ÿ", "zebra"]),
    st.sampled_from(["open", "review", "awaiting_approval", "completed", "teleporting"]),
    st.one_of(st.none(), st.sampled_from([3.0, 9.5, 10.0, 300.0])),
    st.one_of(st.none(), st.integers(0, 5)),  # few values: many ties
    st.one_of(st.none(), st.integers(0, 5)),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.lists(tasks, max_size=12),
    changes=st.lists(st.lists(tasks, min_size=1, max_size=6), max_size=5),
    column=st.sampled_from(sorted(SORTS)),
    descending=st.booleans(),
    needle=st.sampled_from(["", "o", "logo", "e", "é", "ecrire"]),
)
def test_changes_keep_the_order_sql_gives(
    tmp_path_factory: Any,
    first: list[Task],
    changes: list[list[Task]],
    column: Column,
    descending: bool,
    needle: str,
) -> None:
    rig = ListRig(Path(tmp_path_factory.mktemp("order")), first)
    try:
        model = rig.model
        direction = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        model.sort(column, direction)
        model.set_filter(Group.ALL, needle)
        for batch in changes:
            rig.write(*batch)
            order = rig.listing.order("world", SORTS[column], descending)
            titles = {t.id: folded(t.title) for t in rig.cache.load_all()}
            expected = [i for i in order if folded(needle) in titles[i]]
            assert [model.task_id_at(r) for r in range(model.rowCount())] == expected
    finally:
        rig.close()


def test_clicking_the_title_header_sorts_accented_titles_among_the_others(
    qtbot: QtBot, tmp_path: Path
) -> None:
    titles = ["zebra poster", "Écrire un article", "apple pie menu", "Émail de bienvenue", "Blog"]
    rig = PlaceRig(tmp_path, [task(i, title=t) for i, t in enumerate(titles)])
    try:
        place = rig.show(qtbot, 1000, 600)
        sort_by(qtbot, place, Column.TITLE)
        shown = [place.model.index(r, Column.TITLE).data() for r in range(len(titles))]
        assert shown == [
            "apple pie menu",
            "Blog",
            "Écrire un article",
            "Émail de bienvenue",
            "zebra poster",
        ]
    finally:
        rig.close()
