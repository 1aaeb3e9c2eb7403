"""The brief editor, used as a person would: type, pick, drop files, undo, post."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.api.errors import ValidationError
from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.text import FSI, PDI
from aitasker_desktop.ui.editor import BriefEditor
from aitasker_desktop.ui.editor.spell import LOOKING
from tests.gui.editor_helpers import drop, fill, pick, server_tasks
from tests.gui.tips import assert_tip_reads
from tests.screens import field_contrast, save_screen, screens_dir

SCREENS = screens_dir("editor")


def shot(widget: QWidget, name: str) -> None:
    save_screen(widget, SCREENS / f"{name}.png")


def test_pick_by_typing_and_see_counts_and_messages(editor: BriefEditor, qtbot: QtBot) -> None:
    pick(qtbot, editor.category_combo, "writ")
    assert editor.draft.brief.category == "writing-translation"
    pick(qtbot, editor.type_combo, "blog")
    assert editor.draft.brief.task_type == "blog-post"
    assert "600-1,500 words" in editor.type_description.text()
    qtbot.keyClicks(editor.title_edit, "Hi")
    assert editor.title_count.text().startswith("2 of 200")  # counts: at once
    # Messages: after a short pause in typing.
    qtbot.waitUntil(lambda: "too short" in editor.title_error.text())
    assert editor.title_error.isVisible()
    qtbot.keyClicks(editor.title_edit, " there bakery")
    qtbot.waitUntil(lambda: not editor.title_error.isVisible())
    qtbot.keyClicks(editor.brief_edit, "Short brief")
    qtbot.waitUntil(lambda: "too short" in editor.brief_error.text())
    shot(editor.window(), "1-typing-light")


def test_undo_and_redo_across_fields(editor: BriefEditor, qtbot: QtBot) -> None:
    pick(qtbot, editor.category_combo, "writing")
    qtbot.keyClicks(editor.title_edit, "Bakery post")
    qtbot.keyClicks(editor.brief_edit, "Friendly tone please")
    qtbot.waitUntil(lambda: editor.checklist.covered()["Tone"])
    qtbot.keyClick(editor.brief_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.brief_edit.toPlainText() == ""
    assert not editor.checklist.covered()["Tone"]
    qtbot.keyClick(editor.brief_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.title_edit.text() == ""
    qtbot.keyClick(editor.brief_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.draft.brief.category == ""
    assert editor.category_combo.currentIndex() == -1
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Z, mods)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Z, mods)
    assert editor.draft.brief.category == "writing-translation"
    assert editor.title_edit.text() == "Bakery post"


def test_drop_files_thumbnail_and_refusals(
    editor: BriefEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    image = QImage(300, 200, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    png = tmp_path / "logo.png"
    image.save(str(png))
    exe = tmp_path / "setup.exe"
    exe.write_bytes(b"MZ")
    empty = tmp_path / "notes.txt"
    empty.write_bytes(b"")
    drop(editor, [png, exe, empty])
    qtbot.waitUntil(lambda: len(editor.draft.brief.attachments) == 1)
    assert editor.attachments.has_thumbnail(str(png))
    refusals = editor.attachments.refusals.text()
    assert f"“{FSI}setup.exe{PDI}” was not attached: This type of file cannot be" in refusals
    assert f"“{FSI}notes.txt{PDI}” was not attached: The file is empty." in refusals
    shot(editor.window(), "4-files-light")
    editor.attachments.list.item(0).setSelected(True)
    qtbot.mouseClick(editor.attachments.remove_button, Qt.MouseButton.LeftButton)
    assert editor.draft.brief.attachments == []
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(editor.draft.brief.attachments) == 1


def test_dropped_names_cannot_reorder_what_is_shown(
    editor: BriefEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    """A right-to-left override in one name neither spoofs it nor turns the lines after it
    around; a missing file and a link to nowhere are said to be missing."""
    spoof = tmp_path / "spoof\u202etxt.exe"  # reads "spoofexe.txt" when drawn as written
    spoof.write_bytes(b"MZ")
    photo = tmp_path / "photo\u202egnp.txt"
    photo.write_text("a list of shots")
    hebrew = tmp_path / "\u05d3\u05d5\u05d7.exe"
    hebrew.write_bytes(b"MZ")
    link = tmp_path / "broken.pdf"
    link.symlink_to(tmp_path / "nowhere.pdf")
    drop(editor, [spoof, photo, hebrew, tmp_path / "gone.pdf", link])
    qtbot.waitUntil(lambda: len(editor.draft.brief.attachments) == 1)
    lines = editor.attachments.refusals.text().split("\n")
    assert [line.split(" was not attached: ")[0] for line in lines] == [
        f"“{FSI}spooftxt.exe{PDI}”",
        f"“{FSI}\u05d3\u05d5\u05d7.exe{PDI}”",
        f"“{FSI}gone.pdf{PDI}”",
        f"“{FSI}broken.pdf{PDI}”",
    ]
    assert lines[2].endswith(
        "was not attached: The file cannot be found. It may have been moved, renamed or deleted."
    )
    assert lines[3].endswith(
        "was not attached: It is a shortcut to a file that cannot be found. It may have been "
        "moved, renamed or deleted."
    )
    assert editor.attachments.list.item(0).text().startswith(f"{FSI}photognp.txt{PDI}  ·  ")
    assert editor.draft.brief.attachments[0].name == photo.name  # sent by its real name
    editor.scroll_area.ensureWidgetVisible(editor.attachments, 50, 50)
    shot(editor.window(), "5-names-light")


def test_a_dropped_name_that_looks_like_markup_reads_as_typed_in_its_tooltip(
    editor: BriefEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    """Not a bold "Q3" in the tooltip, nor "&lt;" turned into "<": the name, as on disk."""
    bold = tmp_path / "<b>Q3 plan.txt"
    bold.write_text("the plan")
    escaped = tmp_path / "Q3 &lt;draft&gt; notes.txt"
    escaped.write_text("notes")
    drop(editor, [bold, escaped])
    qtbot.waitUntil(lambda: len(editor.draft.brief.attachments) == 2)
    items = [editor.attachments.list.item(i) for i in range(editor.attachments.list.count())]
    tips = {item.text().split("  ·  ")[0]: item.toolTip() for item in items}
    for path in (bold, escaped):
        assert_tip_reads(tips[f"{FSI}{path.name}{PDI}"], f"{FSI}{path.name}{PDI} (text/plain)")


def test_post_to_the_sandbox_once(desktop: Desktop, editor: BriefEditor, qtbot: QtBot) -> None:
    asked: list[str] = []

    def confirm(_parent: object, text: str) -> bool:
        asked.append(text)
        return True

    editor.confirm = confirm
    fill(qtbot, editor, budget="8")  # within the sandbox's 10 USD of free credits
    shot(editor.window(), "3-ready-light")
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    assert "held from your balance now" in asked[0]
    assert "no real money" in asked[0]
    qtbot.waitUntil(lambda: desktop.window.current_place() == "tasks", timeout=15_000)
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)  # a new, empty brief
    tasks = server_tasks(desktop)
    assert [t.title for t in tasks] == ["Bakery blog post"]
    assert editor.title_edit.text() == ""


def test_incomplete_brief_shows_what_to_fix(editor: BriefEditor, qtbot: QtBot) -> None:
    editor.confirm = lambda _p, _t: pytest.fail("must not ask to post an invalid brief")
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    assert "Before posting, check: title, brief" in editor.footer.text()
    assert editor.title_error.text() == "Give your task a title."
    assert editor.budget_error.text() == "Set a budget."
    shot(editor.window(), "2-errors-light")


def test_service_field_error_and_payment(editor: BriefEditor, qtbot: QtBot) -> None:
    assert editor.posting is not None
    editor.posting.on_submission_failed(
        editor.draft.id,
        ValidationError(field_errors={"title": "Agents need a more specific title."}),
    )
    assert editor.title_error.text() == "Agents need a more specific title."
    assert editor.title_error.isVisible()


def test_payment_required_from_the_sandbox(
    platform_credit: None, editor: BriefEditor, qtbot: QtBot
) -> None:
    editor.confirm = lambda _p, _t: True
    fill(qtbot, editor, budget="25")  # more than the 10 USD of free credits
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "balance is too low" in editor.footer.text(), timeout=10_000)
    assert "10.00 USD is available" in editor.footer.text()
    assert "Top up" in editor.footer.text()
    assert editor.post_button.isEnabled()
    shot(editor.window(), "5-payment-light")


def test_spelling_marks_and_suggests(editor: BriefEditor, desktop: Desktop, qtbot: QtBot) -> None:
    assert not desktop.spelling.is_ready  # read when the first text needs it, not at start
    qtbot.keyClicks(editor.brief_edit, "Please recieve the file")
    qtbot.waitUntil(lambda: desktop.spelling.is_settled, timeout=60_000)
    block = editor.brief_edit.document().firstBlock()

    def squiggled() -> list[tuple[int, int]]:
        return [(r.start, r.length) for r in block.layout().formats()]

    # Words are checked on the spelling thread: the squiggle comes when the verdict does.
    qtbot.waitUntil(lambda: (7, 7) in squiggled(), timeout=10_000)  # under "recieve"
    cursor = editor.brief_edit.textCursor()
    cursor.setPosition(9)
    menu = editor.brief_edit.context_menu_at(cursor)
    # The corrections may still be looked up: they take "Looking for suggestions…"'s place.
    qtbot.waitUntil(lambda: menu.actions()[0].text() == "receive", timeout=10_000)
    labels = [a.text() for a in menu.actions()]
    assert LOOKING not in labels
    assert "Add “recieve” to dictionary" in labels
    menu.actions()[0].trigger()
    assert editor.draft.brief.description == "Please receive the file"


def test_keyboard_and_accessible_names(editor: BriefEditor, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLabel

    editor.advanced_toggle.setChecked(True)
    for label in editor.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None:
            assert buddy.accessibleName() == label.text().replace("&", ""), label.text()
    editor.category_combo.setFocus()
    seen = []
    for _ in range(60):
        w = QApplication.focusWidget()
        seen.append(w)
        qtbot.keyClick(w, Qt.Key.Key_Tab)
    for control in (
        editor.title_edit,
        editor.brief_edit,
        editor.budget_spin,
        editor.attachments.add_button,
        editor.kit_combo,
        editor.advanced.slider,
        editor.post_button,
    ):
        assert any(w is control or (w and w.parent() is control) for w in seen), control


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots_of_every_step(
    editor: BriefEditor, qtbot: QtBot, tmp_path: Path, theme: str
) -> None:
    from aitasker_desktop.ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    try:
        fill(qtbot, editor, budget="140")
        image = QImage(120, 80, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.darkMagenta)
        png = tmp_path / "moodboard.png"
        image.save(str(png))
        bad = tmp_path / "movie.mov"
        bad.write_bytes(b"x")
        drop(editor, [png, bad])
        qtbot.waitUntil(lambda: len(editor.draft.brief.attachments) == 1)
        editor.advanced_toggle.setChecked(True)
        assert editor.posting is not None
        editor.posting.on_submission_failed(
            editor.draft.id, ValidationError(field_errors={"title": "Be more specific."})
        )
        assert editor.budget_advice.isVisible()  # 140 is well above the $25 median
        content = editor.scroll_area.widget()
        assert content is not None
        content.resize(content.width(), content.sizeHint().height())
        shot(content, f"all-steps-{theme}")
        shot(editor.window(), f"window-{theme}")
    finally:
        apply_theme(app, "light")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_field_shows_where_it_is(
    editor: BriefEditor, desktop: Desktop, qtbot: QtBot, theme: str
) -> None:
    """Each box a person types in or picks from has an edge that stands out from the window
    around it (a contrast of 3, WCAG 1.4.11), light and dark: in dark mode the edges were
    the colour of the boxes' insides. The focused box's ring stands out more; a disabled
    box's edge less, while a read-only one (a brief in the trash, still to be read) keeps it."""
    from aitasker_desktop.ui.theme import apply_theme, is_dark

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    try:
        # The palette reaches each widget by a posted event.
        qtbot.waitUntil(lambda: is_dark(editor.idea_box.palette()) == (theme == "dark"))
        idea = editor.idea_box.idea_edit
        plain = field_contrast(idea)
        qtbot.mouseClick(idea, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(idea.hasFocus)
        assert 3 <= plain < field_contrast(idea), theme
        fill(qtbot, editor)
        kinds = [idea, editor.category_combo, editor.title_edit, editor.brief_edit]
        kinds += [editor.budget_spin, editor.kit_combo, editor.preview]
        for field in kinds:
            assert field_contrast(field) >= 3, (theme, field.accessibleName())
        shot(editor.window(), f"fields-{theme}")
        assert desktop.drafts is not None
        desktop.drafts.delete(editor.draft.id)  # locks the brief: read-only, pickers disabled
        qtbot.waitUntil(lambda: editor.is_locked)
        assert not editor.kit_combo.isEnabled() and editor.title_edit.isReadOnly()
        for read_only in (editor.title_edit, editor.brief_edit, editor.budget_spin):
            assert field_contrast(read_only) >= 3, (theme, read_only.accessibleName())
        for disabled in (idea, editor.category_combo, editor.kit_combo):
            assert 1.25 < field_contrast(disabled) < 3, (theme, disabled.accessibleName())
        shot(editor.window(), f"fields-locked-{theme}")
    finally:
        apply_theme(app, "light")


def test_squiggles_stay_right_while_paragraphs_are_split_and_joined(
    editor: BriefEditor, desktop: Desktop, qtbot: QtBot
) -> None:
    brief = editor.brief_edit
    qtbot.keyClicks(brief, "Recieve the fiel today and wory less")
    qtbot.waitUntil(lambda: desktop.spelling.is_ready, timeout=60_000)
    cursor = brief.textCursor()
    cursor.setPosition(len("Recieve the fi"))
    brief.setTextCursor(cursor)
    qtbot.keyClick(brief, Qt.Key.Key_Return)  # splits "fiel" across two paragraphs
    qtbot.keyClicks(brief, "x")
    cursor.setPosition(0)
    brief.setTextCursor(cursor)
    qtbot.keyClicks(brief, "Pleese ")
    qtbot.keyClick(brief, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(brief, Qt.Key.Key_Backspace)

    def squiggled() -> list[str]:
        """The squiggled words, once every paragraph's marks agree with the checker."""
        block = brief.document().firstBlock()
        seen: list[str] = []
        while block.isValid():
            marked = sorted((r.start, r.length) for r in block.layout().formats())
            if marked != desktop.spelling.misspelled(block.text()):
                return []
            seen += [block.text()[a : a + n] for a, n in marked]
            block = block.next()
        return seen

    # Verdicts come from the spelling thread; the marks follow them paragraph by paragraph.
    qtbot.waitUntil(
        lambda: {"Pleese", "Recieve", "xel", "wory"} <= set(squiggled()), timeout=10_000
    )
