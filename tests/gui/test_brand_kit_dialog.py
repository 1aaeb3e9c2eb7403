"""The brand kit dialog, used as a person would: type a name, drop logo files, press Save.

A file already in the kit is not added twice, and a picture's content decides, not its name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.brief import BrandKit
from aitasker_desktop.domain.text import FSI, PDI
from aitasker_desktop.ui.editor import BriefEditor
from aitasker_desktop.ui.editor.brand_kit_dialog import BrandKitDialog
from tests.gui.editor_helpers import drop
from tests.screens import screens_dir

SCREENS = screens_dir("brand-kit")
ZWSP = "\u200b"  # where a long file name may break onto the next line


def picture(path: Path, colour: Qt.GlobalColor = Qt.GlobalColor.darkBlue) -> Path:
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(colour)
    assert image.save(str(path))  # in the format its name says
    return path


def open_kit(editor: BriefEditor, qtbot: QtBot, *, edit: bool = False) -> BrandKitDialog:
    button = editor.edit_kit_button if edit else editor.new_kit_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialogs = [d for d in editor.findChildren(BrandKitDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def save(dialog: BrandKitDialog, qtbot: QtBot) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def listed(dialog: BrandKitDialog) -> list[str]:
    items = (dialog.assets.list.item(i) for i in range(dialog.assets.list.count()))
    return [plain(item.text()).split("  ·  ")[0] for item in items]


def plain(text: str) -> str:
    """What a person reads: without the marks that only steer the layout."""
    return text.replace(FSI, "").replace(PDI, "").replace(ZWSP, "")


def said(dialog: BrandKitDialog) -> list[str]:
    """The refusals under the kit's files, one line a file."""
    label = dialog.assets.refusals
    return plain(label.text()).split("\n") if label.isVisible() else []


def kits(desktop: Desktop) -> list[BrandKit]:
    return desktop.brand_kits.list_kits()


# -- the same file twice -----------------------------------------------------------------------


def test_a_file_already_in_the_kit_is_said_to_be_there_not_added_again(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    logo = picture(tmp_path / "luna-logo.png")
    dialog = open_kit(editor, qtbot)
    qtbot.keyClicks(dialog.name_edit, "Cafe Luna")
    drop(dialog, [logo, logo])  # twice in one drop
    qtbot.waitUntil(lambda: bool(said(dialog)))
    assert listed(dialog) == ["luna-logo.png"]
    assert said(dialog) == ["“luna-logo.png” was not added to the kit: It is already in the kit."]
    drop(dialog, [logo])  # and again later
    qtbot.waitUntil(lambda: listed(dialog) == ["luna-logo.png"] and bool(said(dialog)))
    copy = tmp_path / "copy of logo.png"
    copy.write_bytes(logo.read_bytes())
    drop(dialog, [copy])  # the same picture under another name
    qtbot.waitUntil(lambda: "copy of logo.png" in " ".join(said(dialog)))
    assert said(dialog) == [
        "“copy of logo.png” was not added to the kit: "
        "The same file is already in the kit, as “luna-logo.png”."
    ]
    assert listed(dialog) == ["luna-logo.png"]
    other = picture(tmp_path / "luna-mark.png", Qt.GlobalColor.darkRed)
    drop(dialog, [other])
    qtbot.waitUntil(lambda: listed(dialog) == ["luna-logo.png", "luna-mark.png"])
    assert said(dialog) == []
    save(dialog, qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    (kit,) = kits(desktop)
    assert [a.name for a in kit.assets] == ["luna-logo.png", "luna-mark.png"]

    # Opened again, the kit knows its files by what they hold, though it keeps copies.
    again = open_kit(editor, qtbot, edit=True)
    drop(again, [logo])
    qtbot.waitUntil(lambda: bool(said(again)))
    assert said(again) == ["“luna-logo.png” was not added to the kit: It is already in the kit."]
    assert listed(again) == ["luna-logo.png", "luna-mark.png"]
    again.reject()


# -- what a picture holds ----------------------------------------------------------------------


def test_a_file_named_like_a_picture_must_hold_one(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    fake = tmp_path / "logo.png"
    fake.write_text("Just a note about our logo, saved under the wrong name.\n")
    fake_svg = tmp_path / "mark.svg"
    fake_svg.write_text("Not a drawing: <svg> is mentioned, but this is a note.\n")
    fake_jpeg = tmp_path / "photo.jpg"
    fake_jpeg.write_bytes(b"\x89PNG but cut short")
    svg = tmp_path / "wordmark.svg"
    svg.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- Cafe Luna -->\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>\n'
    )
    jpeg_named_png = picture(tmp_path / "badge.jpg")
    badge = tmp_path / "badge.png"
    jpeg_named_png.rename(badge)  # a real picture, misnamed: still a picture
    dialog = open_kit(editor, qtbot)
    qtbot.keyClicks(dialog.name_edit, "Cafe Luna")
    drop(dialog, [fake, fake_svg, fake_jpeg, svg, badge])
    qtbot.waitUntil(lambda: bool(said(dialog)))
    assert listed(dialog) == ["wordmark.svg", "badge.png"]
    assert said(dialog) == [
        f"“{name}” was not added to the kit: Its name ends in {ext}, but it does not hold a "
        "picture: it is not an image file a kit can use."
        for name, ext in (("logo.png", ".png"), ("mark.svg", ".svg"), ("photo.jpg", ".jpg"))
    ]
    save(dialog, qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    (kit,) = kits(desktop)
    assert [a.name for a in kit.assets] == ["wordmark.svg", "badge.png"]
