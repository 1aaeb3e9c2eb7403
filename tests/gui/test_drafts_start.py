"""The whole app started on a damaged, read-only or full data file (issue 9, item 17): it starts,
says plainly what happened (and where a damaged file went), keeps or recovers the drafts, and
Help > Copy diagnostics and the log work in every case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.brief import Brief, Draft
from aitasker_desktop.options import Options
from aitasker_desktop.services.diagnostics import LOG_FILENAME
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.drafts import Drafts
from aitasker_desktop.storage.paths import AppPaths
from aitasker_desktop.storage.settings import Settings, SettingsStore
from tests.disks import small_disk
from tests.gui.desktop_helpers import start_desktop
from tests.screens import screens_dir

DRAFTS = 30


def _text(i: int) -> str:
    return f"Draft {i}: a leaflet for the bakery's autumn menu, warm and plain. " * 30


def _prepare(root: Path) -> AppPaths:
    """A data folder as a person's app leaves it: settings, and drafts in the store."""
    paths = AppPaths.under(root).ensure()
    SettingsStore(paths.settings_path).save(Settings())  # not a first run
    with Store(paths.db_path) as store:
        for i in range(DRAFTS):
            brief = Brief(title=f"Leaflet {i}", description=_text(i))
            Drafts(store).save(Draft(id=f"draft-{i:02d}", brief=brief))
    return paths


@pytest.fixture
def start(qtbot: QtBot) -> Iterator:  # type: ignore[type-arg]
    started: list[Desktop] = []

    def go(root: Path) -> Desktop:
        desktop = start_desktop(qtbot, Options(data_dir=root), connected=False)
        desktop.window.resize(1280, 800)
        started.append(desktop)
        return desktop

    yield go
    for desktop in started:
        desktop.shutdown()


def _diagnostics(desktop: Desktop) -> str:
    actions = [a.text() for a in desktop.window.help_menu.actions()]
    assert "Copy diagnostics" in actions
    desktop.accounts.diagnostics_action.trigger()
    return QApplication.clipboard().text()


def _logged(root: Path) -> str:
    return (root / "logs" / LOG_FILENAME).read_text(encoding="utf-8")


def test_a_damaged_file_is_set_aside_and_the_drafts_recovered(
    start, qtbot: QtBot, tmp_path: Path
) -> None:
    root = tmp_path / "app"
    paths = _prepare(root)
    data = bytearray(paths.db_path.read_bytes())
    pages = len(data) // 4096
    for page in range(pages // 2, pages // 2 + 2):  # garbage over two pages of drafts
        data[page * 4096 : (page + 1) * 4096] = b"\x00\xff" * 2048
    paths.db_path.write_bytes(bytes(data))

    desktop = start(root)
    (aside,) = paths.data_dir.glob("*.damaged-*.sqlite3")
    assert aside.read_bytes() == bytes(data)  # kept, unchanged
    banner = desktop.window.banner.text()
    assert banner.startswith("The app's data file was damaged, so it was set aside")
    assert str(aside) in banner and "drafts were recovered" in banner
    assert desktop.drafts is not None
    recovered = desktop.drafts.list()
    assert 0 < len(recovered) < DRAFTS
    assert all(d.brief.description == _text(int(d.id[-2:])) for d in recovered)
    assert desktop.editor.draft.id in {d.id for d in recovered}  # the editor reopens one
    assert not desktop.editor.save_problem.isVisible()  # the new file saves as usual
    assert "drafts were recovered" in _diagnostics(desktop)
    assert str(aside) in _logged(root)
    desktop.window.grab().save(str(screens_dir("start") / "damaged.png"))


def test_a_read_only_data_folder_is_told_as_read_only(start, qtbot: QtBot, tmp_path: Path) -> None:
    root = tmp_path / "app"
    with small_disk(root / "data", size_kb=8192) as disk:
        if not disk.can_be_read_only:
            pytest.skip("root without a mount cannot make a folder read-only")
        _prepare(root)
        disk.make_read_only()
        desktop = start(root)
        banner = desktop.window.banner.text()
        assert "is read-only" in banner and "damaged" not in banner
        assert "Your drafts are shown" in banner
        editor = desktop.editor
        assert editor.save_problem.isVisible() and "read-only" in editor.save_problem.text()
        assert desktop.drafts is not None and len(desktop.drafts.list()) == DRAFTS
        assert editor.title_edit.text().startswith("Leaflet")  # the last draft, reopened
        editor.title_edit.setFocus()
        qtbot.keyClicks(editor.title_edit, " (revised)")
        qtbot.waitUntil(
            lambda: editor.save_problem.text().startswith("Not saved: the app's data folder"),
            timeout=10_000,
        )
        assert "read-only" in editor.save_problem.text()
        assert editor.title_edit.text().endswith(" (revised)")  # kept in the window
        assert "is read-only" in _diagnostics(desktop)
        assert "is read-only" in _logged(root)
        desktop.window.grab().save(str(screens_dir("start") / "read-only.png"))
        desktop.shutdown()
        disk.make_writable()


def test_a_full_disk_is_told_as_full_and_saving_resumes_after_freeing_space(
    start, qtbot: QtBot, tmp_path: Path
) -> None:
    root = tmp_path / "app"
    with small_disk(root / "data", size_kb=8192) as disk:
        if not disk.real:
            pytest.skip("a full disk at start needs a real small disk (run as root)")
        paths = _prepare(root)
        store = Store(paths.db_path)
        try:
            disk.fill(store.read)
        finally:
            store.close()
        desktop = start(root)
        banner = desktop.window.banner.text()
        assert "is full" in banner and "damaged" not in banner
        editor = desktop.editor
        assert "is full" in editor.save_problem.text()
        editor.brief_edit.setFocus()
        qtbot.keyClicks(editor.brief_edit, " Also a gluten-free column.")
        qtbot.waitUntil(
            lambda: editor.save_problem.text().startswith("Not saved: the disk is full."),
            timeout=10_000,
        )
        assert "is full" in _diagnostics(desktop) and "is full" in _logged(root)
        desktop.window.grab().save(str(screens_dir("start") / "full.png"))
        disk.free()
        qtbot.waitUntil(lambda: editor.save_state.text() == "All changes saved", timeout=15_000)
        stored = Drafts(desktop.store).get(editor.draft.id)
        assert stored is not None
        assert stored.brief.description.endswith(" Also a gluten-free column.")
