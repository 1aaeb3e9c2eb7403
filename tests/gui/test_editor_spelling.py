"""Spell checking in the editor, issue 12 item 8, used as a person does: a misspelt word in
the title and in the brief gets the red wavy underline, a right-click offers corrections and
the chosen one replaces the word (Undo brings the word back), and the person's English is
the one checked: en_GB accepts "colour", en_US marks it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtGui import QContextMenuEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication, QMenu, QPlainTextEdit
from pytestqt.qtbot import QtBot

from tests.gui.editor_rig import EditorRig
from tests.screens import save_screen, screens_dir

SQUIGGLE = QTextCharFormat.UnderlineStyle.SpellCheckUnderline
LOADED_MS = 60_000  # the dictionary loads on its own thread: seconds on a busy machine


@pytest.fixture
def locale() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


def _rig(qtbot: QtBot, tmp_path: Path, name: str) -> EditorRig:
    QLocale.setDefault(QLocale(name))
    rig = EditorRig(tmp_path / "data" / "store.sqlite3", tmp_path / "cache", spelling=True)
    qtbot.addWidget(rig.window)
    spelling = rig.spelling
    assert spelling is not None
    qtbot.waitUntil(lambda: rig.ready, timeout=LOADED_MS)
    assert not spelling.is_ready  # the dictionary is read when a text first needs it
    return rig


@pytest.fixture
def british(qtbot: QtBot, tmp_path: Path, locale: None) -> Iterator[EditorRig]:
    rig = _rig(qtbot, tmp_path, "en_GB")
    yield rig
    rig.close()


@pytest.fixture
def american(qtbot: QtBot, tmp_path: Path, locale: None) -> Iterator[EditorRig]:
    rig = _rig(qtbot, tmp_path, "en_US")
    yield rig
    rig.close()


def underlined(box: QPlainTextEdit) -> list[str]:
    """The words the highlighter painted with the spell-check squiggle, in order."""
    words = []
    block = box.document().firstBlock()
    while block.isValid():
        for r in block.layout().formats():
            if r.format.underlineStyle() == SQUIGGLE:
                words.append(block.text()[r.start : r.start + r.length])
        block = block.next()
    return words


def _settled(qtbot: QtBot, rig: EditorRig) -> None:
    spelling = rig.spelling
    assert spelling is not None
    qtbot.waitUntil(lambda: spelling.is_settled, timeout=LOADED_MS)


def _right_click_and_choose(qtbot: QtBot, box: QPlainTextEdit, at: int, choice: str) -> list[str]:
    """Right-click the word at character `at`, pick `choice` from the menu as a person does;
    returns the menu's entries."""
    cursor = box.textCursor()
    cursor.setPosition(at)
    where = box.cursorRect(cursor).center()
    seen: list[str] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.extend(a.text() for a in menu.actions())
        (action,) = [a for a in menu.actions() if a.text() == choice]
        menu.setActiveAction(action)
        action.trigger()
        menu.close()

    QTimer.singleShot(0, choose)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, where, box.viewport().mapToGlobal(where)
    )
    QApplication.sendEvent(box.viewport(), event)
    return seen


def test_misspelt_words_in_the_title_and_the_brief_are_underlined_and_corrected(
    qtbot: QtBot, american: EditorRig
) -> None:
    editor = american.editor
    editor.title_edit.setFocus()
    qtbot.keyClicks(editor.title_edit, "Logo for a bakkery")
    editor.brief_edit.setFocus()
    qtbot.keyClicks(editor.brief_edit, "Please recieve the sketch and make it warm.")
    _settled(qtbot, american)
    qtbot.waitUntil(lambda: underlined(editor.title_edit) == ["bakkery"])
    qtbot.waitUntil(lambda: underlined(editor.brief_edit) == ["recieve"])
    title_block = editor.title_edit.document().firstBlock()
    (squiggle,) = [
        r for r in title_block.layout().formats() if r.format.underlineStyle() == SQUIGGLE
    ]
    assert (squiggle.start, squiggle.length) == (len("Logo for a "), len("bakkery"))
    assert squiggle.format.underlineColor().name() == "#d13438"  # red
    save_screen(editor, screens_dir("editor") / "spelling.png", texts=["Title"])

    # The corrections are looked up off the GUI thread: wait for them, then right-click.
    spelling = american.spelling
    assert spelling is not None
    qtbot.waitUntil(lambda: spelling.suggestions("recieve") is not None, timeout=LOADED_MS)
    entries = _right_click_and_choose(qtbot, editor.brief_edit, len("Please rec"), "receive")
    assert entries[0] == "receive" and "Add “recieve” to dictionary" in entries
    assert editor.brief_edit.toPlainText() == "Please receive the sketch and make it warm."
    assert editor.draft.brief.description == "Please receive the sketch and make it warm."
    qtbot.waitUntil(lambda: underlined(editor.brief_edit) == [])
    editor.undo_stack.undo()  # the correction alone, not the typing before it
    assert editor.brief_edit.toPlainText() == "Please recieve the sketch and make it warm."
    qtbot.waitUntil(lambda: underlined(editor.brief_edit) == ["recieve"])

    qtbot.waitUntil(lambda: spelling.suggestions("bakkery") is not None, timeout=LOADED_MS)
    _right_click_and_choose(qtbot, editor.title_edit, len("Logo for a bak"), "bakery")
    assert editor.title_edit.text() == "Logo for a bakery"
    assert editor.draft.brief.title == "Logo for a bakery"
    editor.undo_stack.undo()
    assert editor.title_edit.text() == "Logo for a bakkery"


def test_add_to_dictionary_is_kept_for_the_person(qtbot: QtBot, american: EditorRig) -> None:
    editor = american.editor
    editor.brief_edit.setFocus()
    qtbot.keyClicks(editor.brief_edit, "Use the Rosiebake palette")
    _settled(qtbot, american)
    qtbot.waitUntil(lambda: underlined(editor.brief_edit) == ["Rosiebake"])
    _right_click_and_choose(
        qtbot, editor.brief_edit, len("Use the Ros"), "Add “Rosiebake” to dictionary"
    )
    qtbot.waitUntil(lambda: underlined(editor.brief_edit) == [])
    kept = american.db_path.parent / "dictionary.json"  # written on the checker's thread
    qtbot.waitUntil(kept.exists, timeout=LOADED_MS)
    saved = kept.read_text(encoding="utf-8")
    assert "rosiebake" in saved


def test_british_english_accepts_colour_and_american_marks_it(
    qtbot: QtBot, tmp_path: Path, locale: None
) -> None:
    text = "A colour logo; organise the centre of the catalogue"
    for name, expected in (
        ("en_GB", []),
        ("en_US", ["colour", "organise", "centre", "catalogue"]),
    ):
        rig = _rig(qtbot, tmp_path / name, name)
        try:
            editor = rig.editor
            editor.title_edit.setFocus()
            qtbot.keyClicks(editor.title_edit, "A colour logo")
            editor.brief_edit.setFocus()
            qtbot.keyClicks(editor.brief_edit, text)
            _settled(qtbot, rig)
            box = editor.brief_edit
            qtbot.waitUntil(lambda b=box, e=expected: underlined(b) == e)  # type: ignore[misc]
            assert underlined(editor.title_edit) == (["colour"] if name == "en_US" else [])
        finally:
            rig.close()


def test_a_long_brief_is_checked_without_waiting_on_every_word(
    qtbot: QtBot, american: EditorRig
) -> None:
    """Opening a long brief shows it at once; its squiggles follow as verdicts come back."""
    editor = american.editor
    words = ("the bakery wants a warm recieve logo " * 300).strip()  # 1,800 words
    editor.brief_edit.setPlainText(words)
    assert underlined(editor.brief_edit) == []  # shown before any verdict
    _settled(qtbot, american)
    qtbot.waitUntil(lambda: underlined(editor.brief_edit) == ["recieve"] * 300, timeout=LOADED_MS)


def test_enter_in_the_title_does_not_break_the_line(qtbot: QtBot, american: EditorRig) -> None:
    editor = american.editor
    editor.title_edit.setFocus()
    qtbot.keyClicks(editor.title_edit, "One line")
    qtbot.keyPress(editor.title_edit, "\r")
    assert editor.title_edit.text() == "One line"
    assert editor.title_edit.document().blockCount() == 1
