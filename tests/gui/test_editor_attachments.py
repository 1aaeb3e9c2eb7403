"""What a file attached to a brief holds decides what it is, not its name: a text file renamed
like a picture is not attached, and a JPEG named `.png` is sent as the JPEG it is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.text import FSI, PDI
from aitasker_desktop.ui.editor import BriefEditor
from tests.gui.editor_helpers import drop, fill, server_tasks
from tests.gui.task_page_helpers import sandbox_of
from tests.screens import save_screen, screens_dir

SCREENS = screens_dir("editor-attachments")


def picture(path: Path, kind: str) -> Path:
    """A picture of `kind` (".png", ".jpg") at `path`, whatever its name says."""
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    made = path.with_name(f"made{kind}")
    assert image.save(str(made))  # in the format its name says
    return made.rename(path)


def test_a_file_named_like_a_picture_that_holds_none_is_not_attached(
    editor: BriefEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    fake = tmp_path / "photo.png"
    fake.write_text("Shot list for the bakery: bread, cakes, the shop window.\n")
    fake_svg = tmp_path / "mark.svg"
    fake_svg.write_text("Not a drawing: <svg> is mentioned, but this is a note.\n")
    real = picture(tmp_path / "shop.png", ".png")
    drop(editor, [fake, fake_svg, real])
    qtbot.waitUntil(lambda: editor.attachments.refusals.isVisible())
    assert [a.name for a in editor.draft.brief.attachments] == ["shop.png"]
    assert editor.attachments.refusals.text().split("\n") == [
        f"“{FSI}{name}{PDI}” was not attached: Its name ends in {ext}, but it does not hold "
        "a picture."
        for name, ext in (("photo.png", ".png"), ("mark.svg", ".svg"))
    ]
    editor.scroll_area.ensureWidgetVisible(editor.attachments.refusals, 50, 50)
    save_screen(editor.window(), SCREENS / "not-a-picture.png", texts=["photo.png"])


def test_a_picture_is_sent_as_what_it_holds_not_what_its_name_says(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    jpeg = picture(tmp_path / "moodboard.png", ".jpg")  # a JPEG, named .png
    png = picture(tmp_path / "shop.png", ".png")
    drop(editor, [jpeg, png])
    qtbot.waitUntil(lambda: len(editor.draft.brief.attachments) == 2)
    kinds = {a.name: a.media_type for a in editor.draft.brief.attachments}
    assert kinds == {"moodboard.png": "image/jpeg", "shop.png": "image/png"}
    assert editor.attachments.has_thumbnail(str(jpeg))

    editor.confirm = lambda _parent, _text: True
    fill(qtbot, editor, budget="8")
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.window.current_place() == "tasks", timeout=15_000)
    (task,) = server_tasks(desktop)
    runtime = sandbox_of(desktop).runtime
    assert runtime is not None
    stored = [runtime.store.file(file_id) for file_id in task.attachments]
    assert [(f.name, f.media_type) for f in stored if f is not None] == [
        ("moodboard.png", "image/jpeg"),
        ("shop.png", "image/png"),
    ]
