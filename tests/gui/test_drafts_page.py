"""The Drafts place, used as a person does: search, sort, open, duplicate, delete, undo, trash."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from aitasker_desktop.domain.brief import Brief, Draft
from aitasker_desktop.services.drafts import DraftsService
from aitasker_desktop.services.runner import Runner
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.drafts import Drafts
from aitasker_desktop.ui.drafts_model import DraftRow, DraftsModel, relative_time
from aitasker_desktop.ui.drafts_page import DraftsPage
from tests.gui.editor_helpers import type_text
from tests.gui.tips import assert_tip_reads
from tests.screens import save_screen, screens_dir

# A fixed moment: the page's clock says it is now, whatever the machine's clock says.
NOW = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "store.sqlite3") as s:
        yield s


@pytest.fixture
def service(qtbot: QtBot, store: Store) -> Iterator[DraftsService]:
    runner = Runner()
    svc = DraftsService(Drafts(store), runner)
    yield svc
    runner.wait_for_idle(5000)


def _save(
    store: Store, title: str, minutes_ago: int, text: str = "", task_id: str | None = None
) -> Draft:
    at = NOW - timedelta(minutes=minutes_ago)
    draft = Draft(
        brief=Brief(title=title, description=text, task_type="logo-design"),
        created_at=at,
        updated_at=at,
        task_id=task_id,
    )
    Drafts(store).save(draft)
    return draft


@pytest.fixture
def page(qtbot: QtBot, store: Store, service: DraftsService) -> DraftsPage:
    _save(store, "Bakery logo", 90, "A warm logo for a family bakery")
    _save(store, "Blog post about tea", 5, "Eight hundred words on green tea")
    _save(store, "Sales spreadsheet", 60 * 30, "Clean up the quarterly sales sheet", task_id="t-42")
    answers: list[str] = []

    def confirm(_parent: object, question: str) -> bool:
        answers.append(question)
        return True

    p = DraftsPage(service, confirm=confirm, clock=lambda: NOW)
    p.answers = answers  # type: ignore[attr-defined]
    qtbot.addWidget(p)
    p.resize(900, 520)
    p.show()
    qtbot.waitExposed(p)
    return p


def titles(page: DraftsPage) -> list[str]:
    proxy = page.proxy
    return [str(proxy.index(r, DraftsModel.TITLE).data()) for r in range(proxy.rowCount())]


def click_row(qtbot: QtBot, page: DraftsPage, title: str) -> None:
    row = titles(page).index(title)
    rect = page.table.visualRect(page.proxy.index(row, DraftsModel.TITLE))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_sorted_by_last_edited_with_relative_time_and_posted_status(page: DraftsPage) -> None:
    assert titles(page) == ["Blog post about tea", "Bakery logo", "Sales spreadsheet"]
    when = [str(page.proxy.index(r, DraftsModel.WHEN).data()) for r in range(3)]
    assert when == ["5 minutes ago", "1 hour ago", "yesterday"]
    status = [str(page.proxy.index(r, DraftsModel.STATUS).data()) for r in range(3)]
    assert status == ["Draft", "Draft", "Posted"]


def test_header_click_sorts_by_title(qtbot: QtBot, page: DraftsPage) -> None:
    header = page.table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(DraftsModel.TITLE) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    ordered = titles(page)
    assert ordered in (sorted(ordered), sorted(ordered, reverse=True))
    assert ordered != ["Blog post about tea", "Bakery logo", "Sales spreadsheet"]


def test_search_by_typing_after_ctrl_f(qtbot: QtBot, page: DraftsPage) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "green tea")
    qtbot.waitUntil(lambda: titles(page) == ["Blog post about tea"])
    page.search.clear()
    qtbot.keyClicks(page.search, "nothing like this")
    qtbot.waitUntil(lambda: page.empty.isVisible())
    assert "nothing like this" in page.empty.text()
    assert not page.table.isVisible()


def search_for(qtbot: QtBot, page: DraftsPage, typed: str) -> list[str]:
    """What the list shows once `typed` is typed into the search, as a person types it."""
    page.search.clear()
    type_text(page.search, typed)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # searches at once, no waiting
    return sorted(titles(page))


def test_search_ignores_accents_and_case(qtbot: QtBot, store: Store, page: DraftsPage) -> None:
    _save(store, "Menu for the café", 1, "Three courses and a crème brûlée")
    _save(store, "Résumé for Anna", 2, "One page, plain")
    _save(store, "Cafe opening flyer", 3, "Opening hours and prices")
    page.reload()
    both = ["Cafe opening flyer", "Menu for the café"]
    assert search_for(qtbot, page, "cafe") == both
    assert search_for(qtbot, page, "café") == both  # typing the accent finds "Cafe" too
    assert search_for(qtbot, page, "CAFÉ") == both
    assert search_for(qtbot, page, "resume") == ["Résumé for Anna"]
    assert search_for(qtbot, page, "RESUME anna") == ["Résumé for Anna"]
    assert search_for(qtbot, page, "creme brulee") == ["Menu for the café"]  # in the brief
    assert search_for(qtbot, page, "logo resume") == ["Résumé for Anna"]  # and the kind

    click_row(qtbot, page, "Résumé for Anna")
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.mouseClick(page.show_trash, Qt.MouseButton.LeftButton)
    assert search_for(qtbot, page, "resume") == ["Résumé for Anna"]  # the trash's search


def test_a_title_that_looks_like_markup_reads_as_typed_in_its_tooltips(
    qtbot: QtBot, store: Store, page: DraftsPage
) -> None:
    """A title typed with angle brackets is not made bold (nor "&amp;" made "&") when the
    list's cell or the preview's shortened heading is hovered."""
    title = (
        "<i>Logo</i> refresh &amp; a new shop sign for the bakery on Station Road, in three "
        "sizes, with the old sign's colours and a note about the opening hours"
    )
    _save(store, title, 1, "A refreshed logo", task_id="<b>t-7</b>")
    page.reload()
    row = titles(page).index(title)
    tip = page.proxy.index(row, DraftsModel.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert_tip_reads(tip, title)
    status = page.proxy.index(row, DraftsModel.STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert_tip_reads(status, "Posted as task <b>t-7</b>")  # the id the server gave it
    click_row(qtbot, page, title)
    heading = page.preview_title
    qtbot.waitUntil(lambda: heading.full_text() == title)
    assert heading.text().endswith("…")  # shortened: the whole title is in its tooltip
    assert_tip_reads(heading.toolTip(), title)


def test_open_by_enter_and_double_click(qtbot: QtBot, page: DraftsPage) -> None:
    click_row(qtbot, page, "Bakery logo")
    page.table.setFocus()
    with qtbot.waitSignal(page.open_requested) as blocker:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    opened = blocker.args[0]
    assert page.model.row(page.model.row_of(opened)).draft.brief.title == "Bakery logo"

    row = titles(page).index("Sales spreadsheet")
    rect = page.table.visualRect(page.proxy.index(row, DraftsModel.TITLE))
    # A double-click is a press, a release, then the double-click event (as Qt delivers it).
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.open_requested, timeout=1000) as blocker:
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "Posted as task t-42" in page.preview.text()


def test_duplicate_button(qtbot: QtBot, page: DraftsPage) -> None:
    click_row(qtbot, page, "Bakery logo")
    qtbot.mouseClick(page.duplicate_button, Qt.MouseButton.LeftButton)
    assert "Bakery logo (copy)" in titles(page)
    assert page.current_id() is not None
    assert page.preview_title.text() == "Bakery logo (copy)"


def test_delete_key_then_undo_button_then_ctrl_z(qtbot: QtBot, page: DraftsPage) -> None:
    click_row(qtbot, page, "Bakery logo")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert "Bakery logo" not in titles(page)
    assert page.undo_bar.isVisible()
    assert "Deleted “Bakery logo”" in page.undo_bar.label.text()

    qtbot.mouseClick(page.undo_bar.undo_button, Qt.MouseButton.LeftButton)
    assert "Bakery logo" in titles(page)
    assert not page.undo_bar.isVisible()
    assert page.preview_title.text() == "Bakery logo"  # the restored one is selected

    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "Bakery logo" not in titles(page)
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Bakery logo" in titles(page)


def test_trash_restore_and_delete_for_good(qtbot: QtBot, page: DraftsPage) -> None:
    click_row(qtbot, page, "Bakery logo")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    click_row(qtbot, page, "Blog post about tea")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert titles(page) == ["Sales spreadsheet"]

    qtbot.mouseClick(page.show_trash, Qt.MouseButton.LeftButton)
    assert sorted(titles(page)) == ["Bakery logo", "Blog post about tea"]
    assert page.restore_button.isVisible() and not page.delete_button.isVisible()
    assert page.table.accessibleName() == "Trash"

    click_row(qtbot, page, "Bakery logo")
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert titles(page) == ["Blog post about tea"]

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # in the trash: delete for good, confirmed
    assert page.answers and "for good" in page.answers[0]  # type: ignore[attr-defined]
    assert titles(page) == []
    assert "trash is empty" in page.empty.text()

    qtbot.mouseClick(page.show_drafts, Qt.MouseButton.LeftButton)
    assert sorted(titles(page)) == ["Bakery logo", "Sales spreadsheet"]


def test_autosave_elsewhere_refreshes_the_visible_list(
    qtbot: QtBot, page: DraftsPage, service: DraftsService
) -> None:
    draft = service.new_draft()
    draft.brief.title = "Typed in the editor"
    service.schedule_save(draft)
    qtbot.waitUntil(lambda: titles(page)[:1] == ["Typed in the editor"], timeout=3000)


def test_every_control_has_its_accessible_name(page: DraftsPage) -> None:
    for button in (
        page.open_button,
        page.duplicate_button,
        page.delete_button,
        page.show_drafts,
        page.show_trash,
        page.undo_bar.undo_button,
    ):
        assert button.accessibleName() == button.text()
    assert page.forget_button.accessibleName() == "Delete for good"
    assert page.search.accessibleName() == "Search drafts"
    assert page.table.accessibleName() == "Drafts"


def test_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = DraftsModel(clock=lambda: NOW)
    rows = [
        DraftRow(Draft(brief=Brief(title=f"D{i}")), NOW - timedelta(hours=i), "Draft")
        for i in range(5)
    ]
    model.set_rows(rows)
    qtmodeltester.check(model, force_py=True)
    model.set_rows([rows[0], rows[2], rows[4]])  # deletes
    model.set_rows(rows)  # undo: inserts
    model.set_rows(list(reversed(rows)))  # a new order
    model.set_rows([])
    assert model.rowCount() == 0


def test_relative_time_words() -> None:
    assert relative_time(NOW - timedelta(seconds=10), NOW) == "just now"
    assert relative_time(NOW - timedelta(minutes=1), NOW) == "1 minute ago"
    assert relative_time(NOW - timedelta(hours=3), NOW) == "3 hours ago"
    assert relative_time(NOW - timedelta(days=3), NOW) == "3 days ago"


def test_screenshots(qtbot: QtBot, page: DraftsPage) -> None:
    from PySide6.QtWidgets import QApplication

    from aitasker_desktop.ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    out = screens_dir("drafts")
    click_row(qtbot, page, "Bakery logo")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    try:
        for mode in ("light", "dark"):
            apply_theme(app, mode)
            qtbot.wait(20)
            save_screen(page, out / f"drafts-{mode}.png", texts=["Drafts", "Trash", "Undo"])
        qtbot.mouseClick(page.show_trash, Qt.MouseButton.LeftButton)
        save_screen(page, out / "trash-dark.png", texts=["Bakery logo"])
    finally:
        apply_theme(app, "light")
