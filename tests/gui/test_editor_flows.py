"""The editor's longer journeys, as a person takes them, on the real sandbox and store:
pasting odd text, brand kits made by dropping files, working offline, coming back after a
restart (before a slow sandbox answers), a submission that waits for the service, and
suggestions with their hourly limit."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QMimeData, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.desktop import Desktop
from aitasker_desktop.options import Options
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services.sandbox_process import SandboxSetup
from aitasker_desktop.ui.editor import BriefEditor
from aitasker_desktop.ui.editor.brand_kit_dialog import BrandKitDialog
from aitasker_desktop.ui.tasks.model import Column
from tests.gui import desktop_helpers
from tests.gui.editor_helpers import (
    drop,
    fill,
    pick,
    ready,
    saved_draft,
    server_tasks,
    start_desktop,
)
from tests.gui.task_page_helpers import sandbox_of
from tests.sample_brief import post
from tests.screens import save_screen, screens_dir

# -- pasting -----------------------------------------------------------------------------------


def test_pasted_lone_surrogate_is_cleaned_at_the_input_and_saved(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot
) -> None:
    # A Windows program's clipboard can carry half of a surrogate pair; as UTF-8 bytes that
    # is ED A0 80. Ctrl+V, as a person pastes.
    mime = QMimeData()
    mime.setData("text/plain", QByteArray(b"Logo for Caf\xed\xa0\x80 Luna, warm and friendly"))
    clipboard = QApplication.clipboard()
    clipboard.setMimeData(mime)
    try:
        editor.brief_edit.setFocus()
        qtbot.keyClick(editor.brief_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    finally:
        clipboard.clear()
    shown = editor.brief_edit.toPlainText()
    assert shown.startswith("Logo for Caf") and shown.endswith(" Luna, warm and friendly")
    shown.encode("utf-8")  # storable as is: no lone surrogate reached the form
    # What Qt on another platform may hand the slot as is: cleaned there, not at the save.
    editor.on_title_edit_text_edited("Caf\ud800 Luna logo")
    assert editor.title_edit.text() == "Caf\ufffd Luna logo"
    assert editor.draft.brief.title == "Caf\ufffd Luna logo"
    qtbot.waitUntil(lambda: editor.save_state.text() == "All changes saved", timeout=5_000)
    stored = saved_draft(desktop, editor.draft.id)
    assert stored is not None
    assert stored.brief.title == "Caf\ufffd Luna logo"
    assert stored.brief.description == shown


# -- brand kits --------------------------------------------------------------------------------


def test_brand_kit_made_by_dropping_files_goes_with_the_task(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    logo = tmp_path / "luna-logo.png"
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkBlue)
    image.save(str(logo))
    badge = tmp_path / "luna-badge.jpg"
    image.fill(Qt.GlobalColor.darkRed)
    image.save(str(badge))
    badge = badge.rename(tmp_path / "luna-badge.png")  # a JPEG, named .png: sent as a JPEG
    qtbot.mouseClick(editor.new_kit_button, Qt.MouseButton.LeftButton)
    dialog = editor.findChild(BrandKitDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name_edit, "Cafe Luna")
    qtbot.keyClicks(dialog.colours_edit, "#1a73e8, #fff")
    qtbot.keyClicks(dialog.fonts_edit, "Inter, Georgia")
    qtbot.keyClicks(dialog.voice_edit, "Warm, plain English, no slang.")
    drop(dialog, [logo, badge])
    qtbot.waitUntil(lambda: dialog.assets.list.count() == 2)
    assert dialog.assets.has_thumbnail(str(logo))
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    save = box.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.draft.brief.brand_kit_id is not None, timeout=5_000)
    assert editor.kit_combo.currentText() == "Cafe Luna"
    kit_id = editor.draft.brief.brand_kit_id
    assert kit_id is not None
    kit = desktop.brand_kits.get(kit_id)
    assert kit is not None
    assert (kit.colors, kit.fonts) == (["#1A73E8", "#FFFFFF"], ["Inter", "Georgia"])
    assert kit.voice_notes == "Warm, plain English, no slang."
    assert [(a.name, a.media_type) for a in kit.assets] == [
        ("luna-logo.png", "image/png"),
        ("luna-badge.png", "image/jpeg"),
    ]
    qtbot.waitUntil(lambda: "Brand kit: Cafe Luna" in editor.preview.toPlainText())

    editor.confirm = lambda _parent, _text: True
    fill(qtbot, editor, budget="8")
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.window.current_place() == "tasks", timeout=15_000)
    (task,) = server_tasks(desktop)
    assert task.brand_kit_id
    assert desktop.sandbox.running
    with AITaskerClient(desktop.sandbox.server.base_url, desktop.sandbox.server.api_key) as client:
        remote = {k.id: k for k in client.brand_kits()}
    assert remote[task.brand_kit_id].name == "Cafe Luna"
    assert remote[task.brand_kit_id].colors == ["#1A73E8", "#FFFFFF"]
    runtime = sandbox_of(desktop).runtime  # what the server stored for the kit's files
    assert runtime is not None
    stored = [runtime.store.file(i) for i in remote[task.brand_kit_id].asset_ids]
    assert [(f.name, f.media_type) for f in stored if f is not None] == [
        ("luna-logo.png", "image/png"),
        ("luna-badge.png", "image/jpeg"),
    ]


# -- offline and restarts ----------------------------------------------------------------------


def test_catalog_works_offline_from_the_cache(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    online, _ = start_desktop(qtbot, data)
    try:
        ready(online, qtbot)
        qtbot.waitUntil(lambda: online.catalog.is_fresh, timeout=10_000)
        qtbot.waitUntil(lambda: any(data.glob("cache/catalog-*.json")), timeout=5_000)
    finally:
        online.shutdown()

    offline, _ = start_desktop(qtbot, data, unreachable=True)
    try:
        editor = ready(offline, qtbot)
        note = "Offline: showing the list of task types saved earlier."
        qtbot.waitUntil(lambda: editor.catalog_note.text() == note, timeout=20_000)
        assert editor.catalog_note.isVisible()
        pick(qtbot, editor.category_combo, "writ")
        pick(qtbot, editor.type_combo, "blog")
        assert (editor.draft.brief.category, editor.draft.brief.task_type) == (
            "writing-translation",
            "blog-post",
        )
        assert "600-1,500 words" in editor.type_description.text()
    finally:
        offline.shutdown()


class HeldSandbox:
    """The real sandbox, whose start waits until the test lets it `go`: a sandbox still
    loading FastAPI on a slow machine."""

    def __init__(self, setup: SandboxSetup, go: threading.Event) -> None:
        self._inner = desktop_helpers.real_time_sandbox(setup)
        self._go = go

    @property
    def base_url(self) -> str:
        return self._inner.base_url

    @property
    def api_key(self) -> str:
        return self._inner.api_key

    def start(self) -> object:
        if not self._go.wait(60):
            raise TimeoutError("the test never let the sandbox start")
        return self._inner.start()

    def advance(self, seconds: float) -> None:
        self._inner.advance(seconds)

    def stop(self) -> None:
        self._inner.stop()


def test_a_sandbox_still_starting_holds_back_neither_the_catalog_nor_the_tasks(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Issue 11: on a used folder the cached catalog and tasks show, and the editor takes
    keys, before the built-in sandbox answers; the sandbox joins in once it does."""
    data = tmp_path / "data"
    first, _ = start_desktop(qtbot, data)
    try:
        ready(first, qtbot)
        with AITaskerClient(first.sandbox.server.base_url, first.sandbox.server.api_key) as c:
            post(c, title="Menu flyer for the spring")
        first.tracker.poll_now()
        qtbot.waitUntil(lambda: len(first.tracker.tasks()) == 1, timeout=10_000)
        qtbot.waitUntil(lambda: any(data.glob("cache/catalog-*.json")), timeout=5_000)
    finally:
        first.shutdown()

    go = threading.Event()
    second = desktop_helpers.start_desktop(
        qtbot,
        Options(data_dir=data),
        connected=False,
        sandbox_factory=lambda setup: HeldSandbox(setup, go),
    )
    try:
        editor = second.editor
        qtbot.waitUntil(lambda: editor.category_combo.count() > 0, timeout=10_000)
        pick(qtbot, editor.category_combo, "writ")
        qtbot.keyClicks(editor.title_edit, "Autumn menu")
        assert editor.title_edit.text() == "Autumn menu"
        second.window.show_place("tasks")
        model = second.tasks_place.model
        qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
        assert model.index(0, Column.TITLE).data() == "Menu flyer for the spring"
        save_screen(
            second.window,
            screens_dir("start_from_cache") / "tasks_while_the_sandbox_starts.png",
            texts=["1 task", "Can spend now: —"],
        )
        assert second.connection.client is None and not second.sandbox.running  # still held

        go.set()
        qtbot.waitUntil(lambda: second.connection.client is not None, timeout=20_000)
        qtbot.waitUntil(lambda: second.catalog.is_fresh, timeout=10_000)
        assert model.index(0, Column.TITLE).data() == "Menu flyer for the spring"
    finally:
        go.set()
        second.shutdown()


def test_the_last_draft_reopens_after_a_restart(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first, _ = start_desktop(qtbot, data)
    try:
        editor = ready(first, qtbot)
        pick(qtbot, editor.category_combo, "writing")
        qtbot.keyClicks(editor.title_edit, "Spring menu flyer")
        qtbot.keyClicks(editor.brief_edit, "One page for regulars, cheerful tone.")
        qtbot.waitUntil(lambda: editor.save_state.text() == "All changes saved", timeout=5_000)
        draft_id = editor.draft.id
    finally:
        first.shutdown()

    second, _ = start_desktop(qtbot, data)
    try:
        editor = ready(second, qtbot)
        assert editor.draft.id == draft_id
        assert editor.title_edit.text() == "Spring menu flyer"
        assert editor.brief_edit.toPlainText() == "One page for regulars, cheerful tone."
        assert editor.category_combo.currentText() == "Writing & Translation"
        assert not editor.undo_action.isEnabled()  # a fresh history, not the last session's
        assert not editor.is_locked
    finally:
        second.shutdown()


def test_offline_submission_waits_locked_and_is_sent_once(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot
) -> None:
    sandbox = desktop.sandbox.server
    assert sandbox is not None
    editor.confirm = lambda _parent, _text: True
    fill(qtbot, editor, budget="8")
    sandbox.stop()  # AITasker cannot be reached
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    assert editor.is_locked  # from the click on: what is sent is what was confirmed
    qtbot.waitUntil(lambda: "waiting to be posted" in editor.lock_note.text(), timeout=20_000)
    assert editor.lock_note.isVisible()
    assert "cannot be reached" in editor.footer.text()
    # Edits cannot change what waits in the outbox: the form does not take them.
    assert editor.title_edit.isReadOnly() and editor.brief_edit.isReadOnly()
    assert not editor.category_combo.isEnabled() and not editor.post_button.isEnabled()
    qtbot.keyClicks(editor.title_edit, " EDITED")
    assert editor.title_edit.text() == "Bakery blog post"
    assert editor.draft.brief.title == "Bakery blog post"
    assert editor.new_button.isEnabled()  # the way out: start another brief

    sandbox.start()  # the service is back, same address, same data
    qtbot.waitUntil(lambda: desktop.window.current_place() == "tasks", timeout=30_000)
    assert [t.title for t in server_tasks(desktop)] == ["Bakery blog post"]
    assert not editor.is_locked and editor.title_edit.text() == ""
    assert desktop.submission is not None and desktop.submission.pending_count() == 0


# -- suggestions -------------------------------------------------------------------------------


@pytest.fixture
def limited_desktop(qtbot: QtBot, tmp_path: Path) -> Iterator[Desktop]:
    """The app on a sandbox that allows one brief suggestion per hour."""

    def one_suggestion_an_hour(setup: SandboxSetup) -> EmbeddedSandbox:
        return desktop_helpers.real_time_sandbox(setup, suggestions_per_hour=1)

    app = desktop_helpers.start_desktop(
        qtbot, Options(data_dir=tmp_path / "data"), sandbox_factory=one_suggestion_an_hour
    )
    yield app
    app.shutdown()


def test_suggestions_then_the_hourly_limit(limited_desktop: Desktop, qtbot: QtBot) -> None:
    editor = ready(limited_desktop, qtbot)
    shown: Callable[[], str] = editor.suggestions.text
    pick(qtbot, editor.category_combo, "writing")
    qtbot.keyClicks(editor.title_edit, "Blog")
    qtbot.keyClicks(editor.brief_edit, "Write a post.")
    qtbot.mouseClick(editor.suggest_button, Qt.MouseButton.LeftButton)
    assert not editor.suggest_button.isEnabled()  # one question at a time
    qtbot.waitUntil(lambda: shown().startswith("•"), timeout=10_000)
    assert editor.suggestions.isVisible()
    assert editor.suggest_button.isEnabled()

    qtbot.mouseClick(editor.suggest_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "this hour's suggestions" in shown(), timeout=10_000)
    assert "Try again in about 60 minutes" in shown()
    assert "429" not in shown() and "Traceback" not in shown()
