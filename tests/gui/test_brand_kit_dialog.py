"""The brand kit dialog, used as a person would: type a name, drop logo files, press Save.

Files a kit cannot use are said under its files, each with its whole reason, even in a small
window; a file already in the kit is not added twice; a picture's content decides, not its
name; and two kits never share a name. The editor reads its kits off the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.brief import BrandKit
from aitasker_desktop.domain.text import FSI, PDI
from aitasker_desktop.storage.brand_kits import BrandKits
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.paths import AppPaths
from aitasker_desktop.ui.editor import BriefEditor
from aitasker_desktop.ui.editor.brand_kit_dialog import BrandKitDialog
from tests.gui.conftest import AppOptions
from tests.gui.editor_helpers import drop
from tests.screens import clipped, save_screen, screens_dir

SCREENS = screens_dir("brand-kit")
ZWSP = "\u200b"  # where a long file name may break onto the next line


def picture(path: Path, colour: Qt.GlobalColor = Qt.GlobalColor.darkBlue) -> Path:
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(colour)
    assert image.save(str(path))  # in the format its name says
    return path


def open_kit(editor: BriefEditor, qtbot: QtBot, *, edit: bool = False) -> BrandKitDialog:
    """Click New kit… (the dialog opens at once) or Edit kit… (once the kit is read)."""
    button = editor.edit_kit_button if edit else editor.new_kit_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    if not edit:
        assert shown_dialogs(editor)
    qtbot.waitUntil(lambda: bool(shown_dialogs(editor)))
    (dialog,) = shown_dialogs(editor)
    return dialog


def shown_dialogs(editor: BriefEditor) -> list[BrandKitDialog]:
    return [d for d in editor.findChildren(BrandKitDialog) if d.isVisible()]


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


def readable_in_full(dialog: BrandKitDialog) -> None:
    assert not clipped(dialog)
    label = dialog.assets.refusals
    wrapped = label.fontMetrics().boundingRect(
        QRect(0, 0, label.width(), 10_000), Qt.TextFlag.TextWordWrap, label.text()
    )
    assert wrapped.width() <= label.width(), "a line runs past the side"
    assert label.height() >= wrapped.height(), "lines squeezed"
    seen = label.visibleRegion().boundingRect()
    assert seen == label.rect(), f"only {seen} of {label.rect()} is in view"


def kits(desktop: Desktop) -> list[BrandKit]:
    return desktop.brand_kits.list_kits()


@pytest.fixture
def theme(request: pytest.FixtureRequest) -> Iterator[str]:
    from aitasker_desktop.ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, request.param)
    yield request.param
    apply_theme(app, "light")


# -- refusals, said in full --------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["light", "dark"], indirect=True)
def test_each_refused_file_says_its_whole_reason_in_a_small_window(
    editor: BriefEditor, qtbot: QtBot, tmp_path: Path, theme: str
) -> None:
    logo = picture(tmp_path / "luna-logo.png")
    huge = tmp_path / "brand-photo.png"
    with huge.open("wb") as f:
        f.truncate(30 * 1024 * 1024)  # 30 MB of nothing, without writing it
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ")
    empty = tmp_path / "empty.svg"
    empty.write_bytes(b"")
    fake = tmp_path / "logo.png"
    fake.write_text("Just a note about our logo, saved under the wrong name.\n")
    long_name = tmp_path / ("Cafe_Luna_Primary_Logo_Final_Version_For_Print_And_Web_" * 2 + ".mov")
    long_name.write_bytes(b"x")
    folder = tmp_path / "Fonts"
    folder.mkdir()
    dialog = open_kit(editor, qtbot)
    qtbot.keyClicks(dialog.name_edit, "Cafe Luna")
    dropped = [logo, logo, huge, program, empty, fake, long_name, folder, tmp_path / "gone.png"]
    drop(dialog, dropped)
    qtbot.waitUntil(lambda: listed(dialog) == ["luna-logo.png"])
    lines = said(dialog)
    assert [line.split("” was not added to the kit: ")[0] for line in lines] == [
        f"“{path.name}" for path in dropped[1:]
    ]
    assert lines[0].endswith("It is already in the kit.")
    assert lines[1].endswith("It is 30.0 MB; files can be at most 25 MB.")
    assert lines[2].endswith("ZIP archives and fonts.")
    assert lines[4].endswith("Its name ends in .png, but it does not hold a picture.")
    assert lines[7].endswith("It may have been moved, renamed or deleted.")
    # Every line can be read whole where the files are, nothing squeezed or cut at a side:
    # in the dialog as it is after the drop, and in a window of 800x600.
    qtbot.waitUntil(lambda: readable_in_full(dialog))
    save_screen(dialog, SCREENS / f"refusals-{theme}-grown.png", texts=["gone.png"])
    dialog.resize(800, 600)
    qtbot.waitUntil(lambda: readable_in_full(dialog))
    save_screen(
        dialog,
        SCREENS / f"refusals-{theme}-800x600.png",
        texts=["brand-photo.png", "gone.png", "files can be at most 25 MB", "already in the kit"],
    )
    dialog.reject()


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
    qtbot.waitUntil(dialog.save_button.isEnabled)
    drop(dialog, [logo])  # and again later
    assert not dialog.save_button.isEnabled()  # Save waits for the files dropped
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert listed(dialog) == ["luna-logo.png"]
    assert said(dialog) == ["“luna-logo.png” was not added to the kit: It is already in the kit."]
    copy = tmp_path / "copy of logo.png"
    copy.write_bytes(logo.read_bytes())
    drop(dialog, [copy])  # the same picture under another name
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert said(dialog) == [
        "“copy of logo.png” was not added to the kit: "
        "The same file is already in the kit, as “luna-logo.png”."
    ]
    assert listed(dialog) == ["luna-logo.png"]
    # Two drops at once are checked in turn: what is said is the last one's (nothing).
    other = picture(tmp_path / "luna-mark.png", Qt.GlobalColor.darkRed)
    drop(dialog, [logo])
    drop(dialog, [other])
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert listed(dialog) == ["luna-logo.png", "luna-mark.png"]
    assert said(dialog) == []
    save(dialog, qtbot)
    qtbot.waitUntil(lambda: not shown_dialogs(editor), timeout=5_000)
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
        "picture."
        for name, ext in (("logo.png", ".png"), ("mark.svg", ".svg"), ("photo.jpg", ".jpg"))
    ]
    save(dialog, qtbot)
    qtbot.waitUntil(lambda: not shown_dialogs(editor), timeout=5_000)
    (kit,) = kits(desktop)
    assert [a.name for a in kit.assets] == ["wordmark.svg", "badge.png"]


# -- names -------------------------------------------------------------------------------------


def test_a_kit_name_already_used_is_refused_next_to_the_name(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot
) -> None:
    first = open_kit(editor, qtbot)
    qtbot.keyClicks(first.name_edit, "Cafe Luna")
    save(first, qtbot)
    qtbot.waitUntil(lambda: not shown_dialogs(editor), timeout=5_000)

    second = open_kit(editor, qtbot)
    qtbot.keyClicks(second.name_edit, "  cafe LUNA ")
    save(second, qtbot)
    message = "There is already a kit named “Cafe Luna”. Give this one another name."
    qtbot.waitUntil(lambda: second.name_error.isVisible(), timeout=5_000)
    assert plain(second.name_error.text()) == message
    assert second.isVisible()
    assert [k.name for k in kits(desktop)] == ["Cafe Luna"]
    save_screen(second, SCREENS / "name-taken.png", texts=["Give this one another name."])
    second.name_edit.selectAll()
    qtbot.keyClicks(second.name_edit, "Cafe Luna Summer")
    save(second, qtbot)
    qtbot.waitUntil(lambda: not shown_dialogs(editor), timeout=5_000)
    assert [k.name for k in kits(desktop)] == ["Cafe Luna", "Cafe Luna Summer"]
    combo = editor.kit_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "No brand kit",
        "Cafe Luna",
        "Cafe Luna Summer",
    ]

    # Renaming a kit to its own name, however it is written, is fine.
    own = open_kit(editor, qtbot, edit=True)
    assert own.name_edit.text() == "Cafe Luna Summer"
    own.name_edit.selectAll()
    qtbot.keyClicks(own.name_edit, "CAFE LUNA SUMMER ")
    save(own, qtbot)
    qtbot.waitUntil(lambda: not shown_dialogs(editor), timeout=5_000)
    assert sorted(k.name for k in kits(desktop)) == ["CAFE LUNA SUMMER", "Cafe Luna"]

    # ...but not to another kit's.
    again = open_kit(editor, qtbot, edit=True)
    again.name_edit.selectAll()
    qtbot.keyClicks(again.name_edit, "Cafe luna")
    save(again, qtbot)
    qtbot.waitUntil(lambda: again.name_error.isVisible(), timeout=5_000)
    assert again.isVisible()
    assert sorted(k.name for k in kits(desktop)) == ["CAFE LUNA SUMMER", "Cafe Luna"]
    again.reject()


def test_save_is_pressed_once_and_a_failed_save_can_be_tried_again(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = desktop.paths.brand_kits_dir  # where a kit's files are copied to
    folder.rmdir()
    folder.write_text("a file where the folder should be")
    dialog = open_kit(editor, qtbot)
    qtbot.keyClicks(dialog.name_edit, "Cafe Luna")
    drop(dialog, [picture(tmp_path / "luna-logo.png")])
    qtbot.waitUntil(lambda: listed(dialog) == ["luna-logo.png"])
    save(dialog, qtbot)
    assert not dialog.save_button.isEnabled()  # a second press copies nothing twice
    qtbot.waitUntil(dialog.save_error.isVisible, timeout=5_000)
    assert dialog.save_error.text() == "The brand kit could not be saved. Check the disk has room."
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert kits(desktop) == []
    folder.unlink()
    save(dialog, qtbot)
    qtbot.waitUntil(lambda: not shown_dialogs(editor), timeout=5_000)
    (kit,) = kits(desktop)
    assert [a.name for a in kit.assets] == ["luna-logo.png"]


# -- reading the kits --------------------------------------------------------------------------


@pytest.fixture
def kit_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the threads on which the app reads brand kits from its store (the
    GUI thread's must never be one). List it before `desktop`."""
    threads: list[str] = []
    for name in ("list_kits", "get"):
        real = getattr(BrandKits, name)

        def watched(self: BrandKits, *args: object, _real: object = real) -> object:
            threads.append(threading.current_thread().name)
            return _real(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(BrandKits, name, watched)
    return threads


@pytest.fixture
def kept_kits(app_options: AppOptions) -> None:
    """Two kits kept from an earlier session. List it before `desktop`."""
    paths = AppPaths.chosen(app_options.options.data_dir).ensure()
    store = Store(paths.db_path)
    try:
        for name in ("Harbour Books", "Cafe Luna"):
            BrandKits(store, paths.brand_kits_dir).save(BrandKit(name=name, colors=["#1A73E8"]))
    finally:
        store.close()


def test_the_kit_picker_and_the_kit_dialog_read_the_kits_off_the_gui_thread(
    kept_kits: None, kit_reads: list[str], editor: BriefEditor, qtbot: QtBot
) -> None:
    combo = editor.kit_combo
    shown = lambda: [combo.itemText(i) for i in range(combo.count())]  # noqa: E731
    gui = threading.main_thread().name
    qtbot.waitUntil(lambda: shown() == ["No brand kit", "Cafe Luna", "Harbour Books"])
    assert kit_reads and gui not in kit_reads  # the picker was filled from the runner
    combo.setFocus()  # a person picks with the keyboard: Down opens the list, then choose
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.view().isVisible()
    qtbot.keyClick(combo.view(), Qt.Key.Key_Down)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
    assert editor.draft.brief.brand_kit_id == combo.itemData(1)
    assert "Brand kit: Cafe Luna" in editor.preview.toPlainText()

    dialog = open_kit(editor, qtbot, edit=True)  # opens once the kit is read
    assert (dialog.name_edit.text(), dialog.colours_edit.text()) == ("Cafe Luna", "#1A73E8")
    assert gui not in kit_reads
    dialog.name_edit.selectAll()
    qtbot.keyClicks(dialog.name_edit, "Luna Coffee")
    save(dialog, qtbot)
    # The picker shows the new name at once, still chosen, and so does the preview.
    qtbot.waitUntil(lambda: not shown_dialogs(editor), timeout=5_000)
    assert shown() == ["No brand kit", "Harbour Books", "Luna Coffee"]
    assert combo.currentText() == "Luna Coffee"
    assert "Brand kit: Luna Coffee" in editor.preview.toPlainText()
    editor.scroll_area.ensureWidgetVisible(combo, 50, 200)
    save_screen(editor.window(), SCREENS / "picker-renamed.png")
    # Read at start, for the dialog, by the save, and again after it: never on the GUI thread.
    qtbot.waitUntil(lambda: len(kit_reads) >= 4)
    assert gui not in kit_reads


# -- closing -----------------------------------------------------------------------------------


def kit_dialogs_left(editor: BriefEditor) -> list[BrandKitDialog]:
    """The kit dialogs the editor still holds, once closed ones had their chance to go."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return editor.findChildren(BrandKitDialog)


def test_a_closed_kit_dialog_is_gone_and_answers_after_it_reach_no_one(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    for close in ("Cancel", "Escape", "Save"):
        dialog = open_kit(editor, qtbot)
        qtbot.keyClicks(dialog.name_edit, f"Kit closed by {close}")
        if close == "Cancel":
            box = dialog.findChild(QDialogButtonBox)
            assert box is not None
            cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        elif close == "Escape":
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            save(dialog, qtbot)
        qtbot.waitUntil(lambda: not shown_dialogs(editor), timeout=5_000)
    edited = open_kit(editor, qtbot, edit=True)
    assert edited.name_edit.text() == "Kit closed by Save"
    edited.reject()
    assert kit_dialogs_left(editor) == []

    # Saved, then closed before the save answers: the kit is kept, the closed dialog told
    # nothing; and a save that fails after its dialog closed tells no one either.
    dialog = open_kit(editor, qtbot)
    qtbot.keyClicks(dialog.name_edit, "Cafe Luna")
    with qtbot.waitSignal(desktop.brand_kits.kits_changed, timeout=5_000):
        save(dialog, qtbot)
        dialog.reject()
        assert kit_dialogs_left(editor) == []  # gone before the answer comes
    folder = desktop.paths.brand_kits_dir
    folder.rmdir()
    folder.write_text("a file where the folder should be")
    dialog = open_kit(editor, qtbot)
    qtbot.keyClicks(dialog.name_edit, "Harbour Books")
    drop(dialog, [picture(tmp_path / "harbour-logo.png")])
    qtbot.waitUntil(dialog.save_button.isEnabled)
    with qtbot.waitSignal(desktop.brand_kits.save_failed, timeout=5_000):
        save(dialog, qtbot)
        dialog.reject()
        assert kit_dialogs_left(editor) == []  # gone before the answer comes
    folder.unlink()
    assert sorted(k.name for k in kits(desktop)) == ["Cafe Luna", "Kit closed by Save"]
