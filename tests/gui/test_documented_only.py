"""Against a server with only what AITasker documents (the sandbox's `documented` surface):
what it cannot take or give is said in plain words where it matters, and never tried."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.capabilities import Operation
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.ui.editor.brand_kit_dialog import BrandKitDialog
from aitasker_desktop.ui.task_page.delivery import DeliveryView
from aitasker_desktop.ui.task_page.previews import ArtifactPreview
from tests.gui.conftest import AppOptions
from tests.gui.desktop_helpers import MovingClock, advance, start_desktop
from tests.gui.editor_helpers import drop, fill, ready
from tests.gui.task_page_helpers import Answers, click, open_from_list, sandbox_of
from tests.gui.test_follow_e2e import posted_and_selected
from tests.sample_brief import DELIVERING, TO_REVIEW

NO_FILES = "AITasker does not yet let apps attach files"
NO_KITS = "AITasker does not yet let apps use brand kits"


@pytest.fixture
def clock() -> MovingClock:
    return MovingClock()


@pytest.fixture
def app(app_options: AppOptions, clock: MovingClock, qtbot: QtBot) -> Iterator[Desktop]:
    app_options.change(sandbox_surface="documented")
    app_options.built = True
    desktop = start_desktop(qtbot, app_options.options, clock=clock)
    desktop.window.resize(1400, 900)
    qtbot.waitUntil(lambda: desktop.capabilities.learned, timeout=20_000)
    assert not desktop.capabilities.current.allows(Operation.UPLOAD)
    yield desktop
    desktop.shutdown()


def stored(desktop: Desktop) -> tuple[int, int]:
    """How many tasks and files the server holds."""
    runtime = sandbox_of(desktop).runtime
    assert runtime is not None
    with runtime.store.tx() as db:
        tasks = db.execute("SELECT count(*) FROM tasks").fetchone()[0]
        files = db.execute("SELECT count(*) FROM files").fetchone()[0]
    return int(tasks), int(files)


def new_kit(qtbot: QtBot, desktop: Desktop, logo: Path) -> None:
    editor = desktop.editor
    click(qtbot, editor.new_kit_button)
    dialog = editor.findChild(BrandKitDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.name_edit, "Cafe Luna")
    drop(dialog, [logo])
    qtbot.waitUntil(lambda: dialog.assets.list.count() == 1)
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    click(qtbot, box.button(QDialogButtonBox.StandardButton.Save))
    qtbot.waitUntil(lambda: editor.draft.brief.brand_kit_id is not None, timeout=5_000)


def test_files_and_a_brand_kit_are_said_at_once_and_stop_the_post(
    app: Desktop, qtbot: QtBot, tmp_path: Path
) -> None:
    editor = ready(app, qtbot)
    notes = tmp_path / "notes.txt"
    notes.write_text("Some notes for the agent. " * 20)
    drop(editor, [notes])
    qtbot.waitUntil(lambda: len(editor.draft.brief.attachments) == 1, timeout=5_000)
    # Beside the attachments, before any Post click.
    assert editor.attachments_error.isVisible()
    assert editor.attachments_error.text().startswith(NO_FILES)
    logo = tmp_path / "logo.png"
    image = QImage(32, 32, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkBlue)
    image.save(str(logo))
    new_kit(qtbot, app, logo)
    assert editor.kit_error.isVisible()
    assert editor.kit_error.text().startswith(NO_KITS)

    asked: list[str] = []

    def confirm(_parent: object, text: str) -> bool:
        asked.append(text)
        return True

    editor.confirm = confirm
    fill(qtbot, editor, budget="8")
    click(qtbot, editor.post_button)
    footer = editor.footer.text()
    assert footer.startswith("Before posting, check: attachments, brand kit.")
    assert NO_FILES in footer and NO_KITS in footer
    assert asked == []  # the post never started
    assert not editor.is_locked
    assert stored(app) == (0, 0)  # no upload, no task
    # The draft keeps them (another world may take them).
    assert [a.name for a in editor.draft.brief.attachments] == ["notes.txt"]
    assert editor.draft.brief.brand_kit_id is not None


def test_previews_and_a_delivery_say_what_apps_cannot_do(
    app: Desktop, clock: MovingClock, qtbot: QtBot
) -> None:
    answers = Answers()
    app.task_page.prompts = answers.prompts()
    task = posted_and_selected(app, qtbot, "Green tea for office workers")
    advance(app, clock, TO_REVIEW)
    app.tracker.poll_now()
    page = open_from_list(qtbot, app, task.id)
    qtbot.waitUntil(lambda: len(page.gallery_view.cards) >= 3, timeout=20_000)

    previews = page.findChildren(ArtifactPreview)
    assert previews
    said = "The preview could not be loaded. AITasker does not yet let apps download files."
    qtbot.waitUntil(lambda: all(p.status.text().startswith(said) for p in previews))

    click(qtbot, page.gallery_view.cards[0].select_button)
    qtbot.waitUntil(lambda: page.task is not None and page.task.status == Status.DELIVERING)
    panel = page.actions_panel
    assert panel.none_label.isVisible()  # agents are working: nothing to decide
    advance(app, clock, DELIVERING)
    app.tracker.poll_now()
    qtbot.waitUntil(lambda: panel.not_available.isVisible(), timeout=20_000)
    # One thing said: decide on the website, not also "nothing to decide".
    assert panel.not_available.text.text().startswith("Approve a delivery")
    assert not panel.none_label.isVisible()
    # The delivery's files are not offered to open or save (they could only answer 404):
    # the page says where the delivery is, in place of the files.
    elsewhere = "AITasker does not yet let apps fetch a delivery"  # after "Loading the delivery…"
    qtbot.waitUntil(lambda: page.waiting_label.text().startswith(elsewhere))
    assert page.content.currentWidget() is page.waiting_label
    assert not [v for v in page.findChildren(DeliveryView) if v.isVisible()]
    assert answers.errors == []
