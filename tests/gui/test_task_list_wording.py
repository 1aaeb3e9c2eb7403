"""How the task list words a task: the catalog's names for categories and types (in the column,
the search and the sort), the humanized slug where the catalog is silent, and countdowns
worded the same as on a task's page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.ui.task_page.format import countdown
from aitasker_desktop.ui.tasks.model import Column, Group
from aitasker_desktop.ui.tasks.wording import KindNames, expected_text, kind_text, left_text
from aitasker_desktop.ui.theme import apply_theme
from tests.gui.editor_helpers import type_text
from tests.gui.task_list_helpers import PlaceRig, sort_by
from tests.gui.test_task_list import NOW, ListRig, chip, task
from tests.screens import save_screen, screens_dir


def catalog(*categories: tuple[str, str, dict[str, str]]) -> Catalog:
    """A catalog as a server sends it: (slug, name, {type slug: type name})."""
    return Catalog.model_validate(
        {
            "categories": [
                {
                    "slug": slug,
                    "name": name,
                    "task_types": [{"slug": s, "name": n} for s, n in types.items()],
                }
                for slug, name, types in categories
            ]
        }
    )


CATALOG = catalog(
    ("writing-translation", "Writing & Translation", {"blog-post": "Blog post"}),
    ("graphics-design", "Graphics & Design", {"logo-design": "Logo & brand mark"}),
)


def kinds(rig: PlaceRig) -> list[str]:
    model = rig.place.model
    return [model.index(r, Column.KIND).data() for r in range(model.rowCount())]


def ids(rig: PlaceRig) -> set[str]:
    model = rig.place.model
    return {str(model.task_id_at(r)) for r in range(model.rowCount())}


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path) -> Iterator[PlaceRig]:
    tasks = [
        task(1, title="Green tea"),  # writing-translation / blog-post
        task(2, title="Acme mark", category="graphics-design", task_type="logo-design"),
        task(3, title="Bakery copy", category="marketing", task_type="launch-email"),  # unknown
        task(4, title="Acme poster", category="graphics-design", task_type="poster"),
    ]
    r = PlaceRig(tmp_path, tasks)
    r.show(qtbot, 1000, 600)
    yield r
    r.close()


def test_catalog_names_in_the_column_search_and_sort(qtbot: QtBot, rig: PlaceRig) -> None:
    place = rig.place
    # No catalog yet: slugs humanized.
    assert "Writing translation · Blog post" in kinds(rig)

    place.on_catalog_changed(CATALOG)
    shown = dict(zip([t.id for t in rig.tracker.tasks()], [""] * 4, strict=True))
    for r in range(place.model.rowCount()):
        shown[str(place.model.task_id_at(r))] = place.model.index(r, Column.KIND).data()
    assert shown == {
        "t1": "Writing & Translation · Blog post",
        "t2": "Graphics & Design · Logo & brand mark",
        "t3": "Marketing · Launch email",  # the catalog does not know it: humanized
        "t4": "Graphics & Design · Poster",  # a known category, an unknown type
    }

    # Typing a catalog name, its words, or the slug all find the task.
    qtbot.keyClick(place, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    for typed, expected in (
        ("Blog post", {"t1"}),
        ("blog-post", {"t1"}),
        ("Writing & Translation", {"t1"}),
        ("brand mark", {"t2"}),
        ("graphics & design", {"t2", "t4"}),
        ("launch email", {"t3"}),
    ):
        place.search.clear()
        qtbot.keyClicks(place.search, typed)
        assert ids(rig) == expected, typed
    qtbot.keyClick(place.search, Qt.Key.Key_Escape)
    assert len(ids(rig)) == 4

    # Sorting by the column follows the names shown, not the slugs.
    sort_by(qtbot, place, Column.KIND)
    assert kinds(rig) == sorted(kinds(rig), key=str.casefold)
    assert kinds(rig)[0].startswith("Graphics & Design")


def test_a_new_catalog_renames_and_refilters_what_is_shown(
    qtbot: QtBot, rig: PlaceRig, qtmodeltester: ModelTester
) -> None:
    place = rig.place
    place.on_catalog_changed(CATALOG)
    qtbot.keyClicks(place.search, "brand mark")
    assert ids(rig) == {"t2"}
    renamed = catalog(("graphics-design", "Design", {"logo-design": "Logo"}))
    place.on_catalog_changed(renamed)  # the catalog service refreshed
    assert ids(rig) == set()  # nothing called "brand mark" any more
    place.search.clear()
    qtbot.keyClicks(place.search, "Design · Logo")
    assert ids(rig) == set()  # the separator is not part of the search text
    place.search.clear()
    qtbot.keyClicks(place.search, "Logo")
    assert ids(rig) == {"t2"}
    assert place.model.index(0, Column.KIND).data() == "Design · Logo"
    place.on_catalog_changed(None)  # no catalog (another world): slugs again
    assert place.model.index(0, Column.KIND).data() == "Graphics design · Logo design"
    qtmodeltester.check(place.model)


def test_search_ignores_accents_in_cached_titles_and_catalog_names(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Titles read from the cache at start, and the catalog's names, are searched without
    case or accents, as a poll's titles are (test_task_list_app)."""
    rig = PlaceRig(
        tmp_path,
        [
            task(1, title="Menu du café"),
            task(2, title="Pâtisserie", category="graphics-design", task_type="logo-design"),
            task(3, title="Москва́ тур"),  # Cyrillic with a stress mark
        ],
    )
    try:
        qtbot.addWidget(rig.place)
        rig.place.on_catalog_changed(
            catalog(("graphics-design", "Créations graphiques", {"logo-design": "Logo & marque"}))
        )
        search = rig.place.search
        for typed, expected in (
            ("cafe", {"t1"}),
            ("patisserie", {"t2"}),
            ("creations", {"t2"}),  # the category's name, as the catalog gives it
            ("CRÉATIONS GRAPHIQUES", {"t2"}),
            ("москва", {"t3"}),
            ("Москва́", {"t3"}),
        ):
            search.clear()
            type_text(search, typed)  # key by key, Cyrillic as a layout sends it
            assert ids(rig) == expected, typed
    finally:
        rig.close()


def test_hostile_catalog_names_are_one_safe_line(tmp_path: Path) -> None:
    hostile = catalog(("c", "<b>Bold</b>\u202e\nnext " + "x" * 500, {"t": ""}))
    names = KindNames.from_catalog(hostile)
    text = kind_text(task(1, category="c", task_type="t"), names)
    category, task_type = text.split(" · ")
    assert category.startswith("<b>Bold</b> next x") and category.endswith("…")
    assert len(category) <= 60 and "\n" not in category and "\u202e" not in category
    assert task_type == "T"  # no name: from the slug
    rig = ListRig(tmp_path, [task(1, category="c", task_type="t")])
    rig.model.set_kind_names(names)
    assert rig.model.index(0, Column.KIND).data() == text
    rig.close()


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (-5, "window closed"),
        (0, "window closed"),
        (45, "45 s left"),
        (60, "1 min left"),
        (90, "1 min 30 s left"),
        (150, "2 min left"),
        (12 * 60 + 59, "12 min left"),
        (3600, "1 h left"),
        (24 * 3600 + 7 * 60 + 30, "24 h 7 min left"),
        (47 * 3600 + 59 * 60, "47 h 59 min left"),
        (48 * 3600, "2 d left"),
        (3 * 86400 + 4 * 3600 + 59, "3 d 4 h left"),
    ],
)
def test_left_text(seconds: float, text: str) -> None:
    assert left_text(seconds) == text


def test_the_list_and_the_page_word_a_countdown_alike(tmp_path: Path) -> None:
    """One function words both: the same deadline reads the same in the list's cell and on
    the page (before, the list said '24 h 7 min left' where the page said '1 d 0 h left')."""
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    for i, left in enumerate(
        (
            timedelta(seconds=50),
            timedelta(minutes=1, seconds=40),
            timedelta(hours=24, minutes=7),
        )
    ):
        deadline = now + left
        rig = ListRig(
            tmp_path / str(i), [task(1, status="review", deadline_at=deadline)], lambda: now
        )
        cell = rig.model.index(0, Column.NEXT).data()
        rig.close()
        assert cell == f"Choose a bid · {countdown(deadline, now)}"
    assert countdown(now + timedelta(hours=24, minutes=7), now) == "24 h 7 min left"
    assert countdown(None) == ""
    assert countdown(now - timedelta(seconds=1), now) == "window closed"


@pytest.mark.parametrize(
    ("status", "left", "text"),
    [
        ("prototyping", timedelta(minutes=5, seconds=10), "Bids expected in about 5 min"),
        ("delivering", timedelta(hours=2, minutes=10), "Delivery expected in about 2 h"),
        ("open", timedelta(seconds=8), "Matching starts any moment now"),
        ("matching", timedelta(seconds=70), "Agents start in about a minute"),
        ("revision_requested", timedelta(days=3), "Revision expected in about 3 days"),
        ("prototyping", -timedelta(minutes=3), "Bids expected any moment now"),  # late
        ("prototyping", None, "Wait for bids"),  # no window given: no guess
        ("disputed", timedelta(hours=5), "Wait for AITasker's decision"),
        ("completed", timedelta(hours=5), "—"),
    ],
)
def test_tasks_in_progress_say_when_the_next_step_is_expected(
    tmp_path: Path, status: str, left: timedelta | None, text: str
) -> None:
    deadline = None if left is None else NOW + left
    rig = ListRig(tmp_path, [task(1, status=status, deadline_at=deadline)])
    try:
        assert rig.model.index(0, Column.NEXT).data() == text
    finally:
        rig.close()


def test_expected_text_rounds_to_what_a_person_says() -> None:
    assert [expected_text(s) for s in (0, 31, 89, 90, 149, 3599, 5400, 47 * 3600, 49 * 3600)] == [
        "any moment now",
        "in about a minute",
        "in about a minute",
        "in about 2 min",
        "in about 2 min",
        "in about 1 h",
        "in about 2 h",
        "in about 47 h",
        "in about 2 days",
    ]


@pytest.fixture
def german() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale("de_DE"))
    yield
    QLocale.setDefault(previous)


def test_the_list_reads_numbers_in_the_persons_locale(
    german: None, qtbot: QtBot, tmp_path: Path
) -> None:
    """Prices, the time a step is expected in, the chips' counts and the count line read as
    everywhere else in the app (services/formatting.py), here in de_DE."""
    # The place's model reads the system clock; whole days are far coarser than a test run.
    in_1200_days = datetime.now(UTC) + timedelta(days=1200, hours=1)
    far = task(0, status="prototyping", budget_usd=1234.5, deadline_at=in_1200_days)
    rig = PlaceRig(tmp_path, [far, *(task(i, status="review") for i in range(1, 1001))])
    qtbot.addWidget(rig.place)
    try:
        model = rig.place.model
        row = model.row_of(far.id)
        assert model.index(row, Column.PRICE).data().replace(" ", "\xa0") == "1.234,50\xa0$"
        assert model.index(row, Column.NEXT).data() == "Bids expected in about 1.200 days"
        assert chip(rig.place, Group.ALL).text() == "All (1.001)"
        assert chip(rig.place, Group.NEEDS_YOU).text() == "Needs you (1.000)"
        assert rig.place.count_label.text() == "1.001 tasks"
    finally:
        rig.close()


def test_typing_on_refilters_only_what_can_change(qtbot: QtBot, rig: PlaceRig) -> None:
    """Each keystroke decides every row once in Python; typing on tests only the rows shown,
    and a keystroke that leaves them as they are does not re-filter at all. A change to the
    list between keystrokes is honoured (no stale answer)."""
    place = rig.place
    layouts: list[int] = []
    place.model.layoutChanged.connect(lambda *_: layouts.append(1))
    qtbot.keyClick(place, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(place.search, "acme")
    assert ids(rig) == {"t2", "t4"} and place.count_label.text() == "2 of 4 tasks"
    before = len(layouts)
    qtbot.keyClicks(place.search, " ")  # 'acme ' : the same two
    assert ids(rig) == {"t2", "t4"} and len(layouts) == before
    qtbot.keyClicks(place.search, "m")  # 'acme m' : one of them
    assert ids(rig) == {"t2"} and len(layouts) == before + 1

    # A poll renames a task between keystrokes; the next keystroke sees the new title.
    rig.tracker.upsert(task(3, title="Acme mascot", updated_at=NOW))
    assert ids(rig) == {"t2", "t3"}  # re-tested as it changed
    qtbot.keyClicks(place.search, "as")  # 'acme mas'
    assert ids(rig) == {"t3"}
    qtbot.keyClick(place.search, Qt.Key.Key_Backspace)  # 'acme ma': shorter, all rows again
    assert ids(rig) == {"t2", "t3"}


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_list_screens(qtbot: QtBot, tmp_path: Path, mode: str) -> None:
    """The list with the catalog's names, every kind of status and countdown, to look at; the
    names fit their column at its default width."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    now = datetime.now(UTC)
    rows = [
        ("Green tea for busy office workers", "review", timedelta(hours=24, minutes=7)),
        ("<b>Logo</b> for Acme bakery", "awaiting_approval", timedelta(seconds=95)),
        ("Quarterly sales summary", "prototyping", timedelta(minutes=5, seconds=20)),
        ("Launch email series", "delivering", timedelta(hours=3, minutes=2)),
        ("Translate the menu into Spanish", "completed", None),
        ("Pitch deck for investors", "expired", None),
        ("Product photos retouch", "teleporting", None),
    ]
    kinds = [
        ("writing-translation", "blog-post"),
        ("graphics-design", "logo-design"),
        ("data", "spreadsheet"),
        ("digital-marketing", "email-campaign"),
        ("writing-translation", "translation"),
        ("business", "pitch-deck"),
        ("photo-editing", "retouching"),  # unknown to the catalog: humanized
    ]
    tasks = [
        task(
            i,
            title=title,
            status=status,
            category=category,
            task_type=task_type,
            deadline_at=None if left is None else now + left,
            updated_at=now - timedelta(hours=i * 5),
            selected_price_usd=6.5 if status in ("delivering", "completed") else None,
        )
        for i, ((title, status, left), (category, task_type)) in enumerate(
            zip(rows, kinds, strict=True)
        )
    ]
    names = catalog(
        ("writing-translation", "Writing & Translation", {"blog-post": "Blog post"}),
        ("graphics-design", "Graphics & Design", {"logo-design": "Logo design"}),
        ("data", "Data", {"spreadsheet": "Spreadsheet"}),
        ("digital-marketing", "Digital Marketing", {"email-campaign": "Email campaign"}),
        ("business", "Business", {"pitch-deck": "Pitch deck"}),
    )
    apply_theme(app, mode)
    rig = PlaceRig(tmp_path, tasks)
    try:
        place = rig.show(qtbot, 1280, 800)
        place.on_catalog_changed(names)
        place.table.selectRow(0)
        qtbot.wait(20)
        save_screen(place, screens_dir("task_list") / f"list_{mode}.png", texts=["tasks"])
        metrics = place.table.fontMetrics()
        shown = [place.model.index(r, Column.KIND).data() for r in range(place.model.rowCount())]
        assert "Writing & Translation · Blog post" in shown
        assert "Photo editing · Retouching" in shown
        for col in (Column.TITLE, Column.KIND, Column.PRICE, Column.NEXT, Column.CHANGED):
            width = place.table.columnWidth(col)  # no cell is cut at this width
            cells = [place.model.index(r, col).data() for r in range(place.model.rowCount())]
            assert all(metrics.horizontalAdvance(text) + 12 <= width for text in cells), cells
        header = place.table.horizontalHeader()
        for col in Column:  # no header is cut
            label = str(place.model.headerData(col, Qt.Orientation.Horizontal))
            assert header.fontMetrics().horizontalAdvance(label) + 16 <= header.sectionSize(col)
        nexts = [place.model.index(r, Column.NEXT).data() for r in range(place.model.rowCount())]
        assert "Bids expected in about 5 min" in nexts
        assert "Delivery expected in about 3 h" in nexts
    finally:
        rig.close()
        apply_theme(app, "light")
