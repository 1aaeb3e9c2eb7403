"""Drafts, issue 12 item 7, used as a person does: rename with F2 or the menu (saved, undoable,
kept after a restart, shown in the editor when the draft is open there), search by the kind of
work's name, and two untitled drafts told apart on screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from aitasker_desktop.domain.brief import Brief, Draft
from aitasker_desktop.services.drafts import DraftsService
from aitasker_desktop.services.runner import Runner
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.drafts import Drafts
from aitasker_desktop.ui.drafts_model import SNIPPET_ROLE, DraftsModel
from aitasker_desktop.ui.drafts_page import DraftsPage
from tests.gui.editor_rig import EditorRig, sandbox_catalog
from tests.screens import save_screen, screens_dir

NOW = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


def _save(store: Store, title: str, minutes_ago: int, text: str, kind: tuple[str, str]) -> Draft:
    at = NOW - timedelta(minutes=minutes_ago)
    brief = Brief(title=title, description=text, category=kind[0], task_type=kind[1])
    draft = Draft(brief=brief, created_at=at, updated_at=at)
    Drafts(store).save(draft)
    return draft


def _fill(store: Store) -> None:
    _save(store, "Rosie's Bakery", 5, "Something warm for the shop front.", LOGO)
    _save(store, "Tea notes", 30, "Eight hundred words on green tea.", BLOG)
    _save(store, "", 60, "A leaflet for the autumn menu, with prices and a map.", BLOG)
    _save(store, "", 90, "Ten social posts announcing the new opening hours.", BLOG)


LOGO = ("graphics-design", "logo-design")
BLOG = ("writing-translation", "blog-post")


class Session:
    """One run of the Drafts place on the data file at `path`, as the app builds it."""

    def __init__(self, qtbot: QtBot, path: Path) -> None:
        self.store = Store(path)
        self.runner = Runner()
        self.drafts = DraftsService(Drafts(self.store), self.runner)
        self.page = DraftsPage(self.drafts, confirm=lambda _p, _q: True, clock=lambda: NOW)
        self.page.on_catalog_changed(sandbox_catalog())
        qtbot.addWidget(self.page)
        self.page.resize(1000, 560)
        self.page.show()
        qtbot.waitExposed(self.page)

    def close(self) -> None:
        self.drafts.flush()
        self.drafts.stop()
        self.runner.wait_for_idle(10_000)
        self.runner.shutdown(10_000)
        self.page.close()
        self.store.close()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    db = tmp_path / "store.sqlite3"
    with Store(db) as store:
        _fill(store)
    return db


@pytest.fixture
def session(qtbot: QtBot, path: Path) -> Iterator[Session]:
    made = Session(qtbot, path)
    yield made
    made.close()


def titles(page: DraftsPage) -> list[str]:
    proxy = page.proxy
    return [str(proxy.index(r, DraftsModel.TITLE).data()) for r in range(proxy.rowCount())]


def row_of(page: DraftsPage, text: str) -> int:
    """The row whose title, or else whose brief's first words, has `text`."""
    proxy = page.proxy
    for r in range(proxy.rowCount()):
        index = proxy.index(r, DraftsModel.TITLE)
        if text in str(index.data()) or text in str(index.data(SNIPPET_ROLE)):
            return r
    raise AssertionError(f"no row shows {text!r}")


def click_row(qtbot: QtBot, page: DraftsPage, text: str) -> QPoint:
    rect = page.table.visualRect(page.proxy.index(row_of(page, text), DraftsModel.TITLE))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return rect.center()


def title_editor(qtbot: QtBot) -> QLineEdit:
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    return editor


def test_f2_typing_and_enter_renames_and_survives_a_restart(
    qtbot: QtBot, path: Path, session: Session
) -> None:
    page = session.page
    click_row(qtbot, page, "Tea notes")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = title_editor(qtbot)
    assert editor.text() == "Tea notes" and editor.selectedText() == "Tea notes"
    qtbot.keyClicks(editor, "Green tea, 800 words")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Green tea, 800 words" in titles(page))
    assert "Tea notes" not in titles(page)
    assert page.undo_bar.isVisible()
    assert page.undo_bar.label.text() == "Renamed “Tea notes” to “Green tea, 800 words”."
    assert page.preview_title.text() == "Green tea, 800 words"  # still the selected one

    # Escape leaves the title as it was.
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    qtbot.keyClicks(title_editor(qtbot), "Not this")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert "Not this" not in " ".join(titles(page))

    session.close()
    again = Session(qtbot, path)
    try:
        assert "Green tea, 800 words" in titles(again.page)
        stored = [d.brief.title for d in again.drafts.list()]
        assert "Green tea, 800 words" in stored and "Tea notes" not in stored
    finally:
        again.close()
        session.store = Store(path)  # the fixture closes what it opened


def test_rename_from_the_menu_and_undo(qtbot: QtBot, session: Session) -> None:
    page = session.page
    where = click_row(qtbot, page, "autumn menu")  # an untitled draft

    def pick_rename() -> None:
        menu = page.context_menu
        (rename,) = [a for a in menu.actions() if a.text() == "Rename"]
        assert rename.isEnabled()
        menu.setActiveAction(rename)
        QTest.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(0, pick_rename)
    page.table.customContextMenuRequested.emit(where)  # as a right-click does
    # Offscreen no window manager hands the activation back from the closed menu.
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    editor = title_editor(qtbot)
    assert editor.text() == "" and editor.placeholderText() == "Untitled brief"
    qtbot.keyClicks(editor, "Autumn menu leaflet")
    qtbot.keyClick(editor, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: "Autumn menu leaflet" in titles(page))
    assert titles(page).count("Untitled brief") == 1

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: titles(page).count("Untitled brief") == 2)
    assert "Autumn menu leaflet" not in titles(page)
    assert all(d.brief.title != "Autumn menu leaflet" for d in session.drafts.list())


def test_search_finds_a_draft_by_the_name_of_its_type(qtbot: QtBot, session: Session) -> None:
    page = session.page
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.search, "logo")
    # Neither its title nor its brief says "logo": its type, Logo design, does.
    qtbot.waitUntil(lambda: titles(page) == ["Rosie's Bakery"])
    kind = page.proxy.index(0, DraftsModel.KIND).data()
    assert kind == "Graphics & Design · Logo design"
    page.search.clear()
    qtbot.keyClicks(page.search, "writing blog autumn")  # category, type and brief words
    qtbot.waitUntil(lambda: titles(page) == ["Untitled brief"])
    assert "autumn menu" in page.proxy.index(0, DraftsModel.TITLE).data(SNIPPET_ROLE)


def _cell(page: DraftsPage, row: int) -> QImage:
    rect = page.table.visualRect(page.proxy.index(row, DraftsModel.TITLE))
    return page.table.viewport().grab(rect).toImage()


def test_two_untitled_drafts_are_told_apart_on_screen(qtbot: QtBot, session: Session) -> None:
    page = session.page
    untitled = [r for r, t in enumerate(titles(page)) if t == "Untitled brief"]
    assert len(untitled) == 2
    lines = [page.proxy.index(r, DraftsModel.TITLE).data(SNIPPET_ROLE) for r in untitled]
    assert lines == [
        "A leaflet for the autumn menu, with prices and a map.",
        "Ten social posts announcing the new opening hours.",
    ]
    click_row(qtbot, page, "Tea notes")  # neither is selected: both painted alike but for text
    first, second = (_cell(page, r) for r in untitled)
    assert first.size() == second.size() and first != second  # what is painted differs
    named = page.proxy.index(untitled[0], DraftsModel.TITLE)
    assert named.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Untitled brief. A leaflet for the autumn menu, with prices and a map."
    )
    save_screen(page, screens_dir("drafts") / "untitled-apart.png", texts=["Drafts"])


def test_renamed_while_open_in_the_editor(qtbot: QtBot, tmp_path: Path) -> None:
    rig = EditorRig(tmp_path / "data" / "store.sqlite3", tmp_path / "cache")
    qtbot.addWidget(rig.window)
    try:
        qtbot.waitUntil(lambda: rig.ready)
        editor = rig.editor
        editor.title_edit.setFocus()
        qtbot.keyClicks(editor.title_edit, "Logo for Rosie")
        rig.drafts.flush()
        rig.show_drafts()
        page = rig.page
        qtbot.waitUntil(lambda: titles(page) == ["Logo for Rosie"])
        click_row(qtbot, page, "Logo for Rosie")
        page.table.setFocus()
        qtbot.keyClick(page.table, Qt.Key.Key_F2)
        name = title_editor(qtbot)
        qtbot.keyClicks(name, "Rosie's Bakery logo")
        qtbot.keyClick(name, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: titles(page) == ["Rosie's Bakery logo"])
        rig.show_editor()
        assert editor.title_edit.text() == "Rosie's Bakery logo"  # what is saved is shown
        editor.brief_edit.setFocus()
        qtbot.keyClicks(editor.brief_edit, "Warm and hand-drawn.")
        rig.drafts.flush()
        stored = Drafts(rig.store).get(editor.draft.id)
        assert stored is not None and stored.brief.title == "Rosie's Bakery logo"
        # The editor's Undo takes the rename back like any edit.
        editor.undo_stack.undo()  # the typing in the brief
        editor.undo_stack.undo()  # the rename
        assert editor.title_edit.text() == "Logo for Rosie"
        rig.drafts.flush()
        stored = Drafts(rig.store).get(editor.draft.id)
        assert stored is not None and stored.brief.title == "Logo for Rosie"
    finally:
        rig.close()
