"""The budget box holds what the person typed: no key is dropped because of the amount, an
amount above what a type allows is held and said beside the box, text with no single reading
("12,50" in English) holds no budget, and once editing is done the box shows exactly what
the draft holds and a post would send."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QLocale, Qt
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.amount_text import amount_text
from aitasker_desktop.ui.editor import BriefEditor
from tests.gui.editor_helpers import fill, pick, saved_draft, server_tasks

UNCLEAR = "is not clear as an amount: write dollars and cents, like 12.50 or 1,250.00."
BLOG_MAX = "The budget can be at most $150.00 for this type of task."


def type_budget(qtbot: QtBot, editor: BriefEditor, text: str) -> None:
    """Click into the box (it has focus, as when a person works in it), select, type."""
    spin = editor.budget_spin
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, text)


def leave(qtbot: QtBot, editor: BriefEditor) -> None:
    qtbot.keyClick(editor.budget_spin, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not editor.budget_spin.hasFocus())


def held(editor: BriefEditor) -> float | None:
    return editor.draft.brief.budget_usd


@pytest.mark.parametrize(
    ("typed", "amount", "after"),
    [
        ("1,250.50", 1250.5, "$ 1,250.50"),
        ("1234", 1234, "$ 1,234.00"),
        ("100,000", 100_000, "$ 100,000.00"),
        ("12.5", 12.5, "$ 12.50"),
        ("0.99", 0.99, "$ 0.99"),
        (".5", 0.5, "$ 0.50"),
    ],
)
def test_every_key_typed_is_kept_and_shown_as_held(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot, typed: str, amount: float, after: str
) -> None:
    pick(qtbot, editor.category_combo, "writing")
    pick(qtbot, editor.type_combo, "blog")
    type_budget(qtbot, editor, typed)
    assert editor.budget_spin.text() == f"$ {typed}"  # no key dropped, nothing rewritten
    assert held(editor) == amount
    leave(qtbot, editor)
    assert editor.budget_spin.text() == after
    assert held(editor) == amount
    error = editor.budget_error  # a blog post's budget is $4 to $150
    low = "The budget must be at least $4.00 for this type of task."
    expected = BLOG_MAX if amount > 150 else low if amount < 4 else ""
    assert (error.isVisible(), error.text()) == (bool(expected), expected)
    qtbot.waitUntil(lambda: not desktop.drafts.has_unsaved)
    stored = saved_draft(desktop, editor.draft.id)
    assert stored is not None and stored.brief.budget_usd == amount


@pytest.mark.parametrize("where", [0, 3, 7], ids=["before", "inside", "after"])
def test_keys_typed_into_not_set_are_the_amount(
    editor: BriefEditor, qtbot: QtBot, where: int
) -> None:
    """A click into "Not set" puts the cursor somewhere in it, selecting nothing."""
    spin = editor.budget_spin
    line = spin.lineEdit()
    assert spin.text() == "Not set"
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=line.cursorRect().center())
    qtbot.waitUntil(spin.hasFocus)
    line.deselect()
    line.setCursorPosition(where)
    qtbot.keyClicks(spin, "12.5")
    assert spin.text() == "$ 12.5" and held(editor) == 12.5


@pytest.mark.parametrize(("typed", "after"), [("$12", "$ 12.00"), ("25 USD", "$ 25.00")])
def test_a_dollar_sign_or_a_currency_name_typed_is_no_part_of_the_amount(
    editor: BriefEditor, qtbot: QtBot, typed: str, after: str
) -> None:
    type_budget(qtbot, editor, typed)
    leave(qtbot, editor)
    assert editor.budget_spin.text() == after
    assert held(editor) == float(after.removeprefix("$ "))


@pytest.mark.parametrize("typed", ["12,50", "1,25", "12.345", "-5"])
def test_text_with_no_single_reading_holds_no_budget_and_says_why(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot, typed: str
) -> None:
    type_budget(qtbot, editor, "40")
    assert held(editor) == 40
    qtbot.keyClicks(editor.title_edit, "Menu")  # another field: a new step in the history
    type_budget(qtbot, editor, typed)
    assert editor.budget_spin.text() == f"$ {typed}"
    assert held(editor) is None  # never $1,250 or $125 while "12,50" is on screen
    said = "A budget cannot be less than zero." if typed == "-5" else f"“{typed}” {UNCLEAR}"
    assert editor.budget_error.isVisible() and editor.budget_error.text() == said
    leave(qtbot, editor)
    # Not left on screen as if it were held: the box shows what the draft holds.
    assert editor.budget_spin.text() == "Not set" and held(editor) is None
    assert editor.budget_error.text() == said
    editor.flush_refresh()
    assert "Budget: not set\n" in editor.preview.toPlainText()
    qtbot.keyClick(editor.budget_spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.budget_spin.text() == "$ 40.00" and held(editor) == 40  # the step before
    assert editor.title_edit.text() == "Menu"


def test_unclear_text_is_never_posted_and_the_amount_typed_again_is(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot
) -> None:
    asked: list[str] = []

    def confirm(_parent: object, text: str) -> bool:
        asked.append(text)
        return True

    editor.confirm = confirm
    fill(qtbot, editor, budget="")
    type_budget(qtbot, editor, "12,50")
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)  # focus leaves the box
    assert not asked and editor.budget_spin.text() == "Not set"
    assert editor.budget_error.text() == f"“12,50” {UNCLEAR}"
    assert editor.footer.text() == "Before posting, check: budget."
    type_budget(qtbot, editor, "1,250.50")
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    assert not asked and editor.budget_error.text() == BLOG_MAX
    assert editor.budget_spin.text() == "$ 1,250.50" and held(editor) == 1250.5
    type_budget(qtbot, editor, "12.50")
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.window.current_place() == "tasks", timeout=15_000)
    (task,) = server_tasks(desktop)
    assert task.budget_usd == 12.5
    assert "$12.50" in asked[0]


def test_a_decimal_comma_where_the_locale_writes_one(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot
) -> None:
    editor.budget_spin.setLocale(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    type_budget(qtbot, editor, "1.250,5")
    assert editor.budget_spin.text() == "$ 1.250,5" and held(editor) == 1250.5
    leave(qtbot, editor)
    assert editor.budget_spin.text() == "$ 1.250,50"
    type_budget(qtbot, editor, "12.50")  # a point that groups no thousands
    assert held(editor) is None
    assert editor.budget_error.text() == (
        "“12.50” is not clear as an amount: write dollars and cents, like 12,50 or 1.250,00."
    )
    leave(qtbot, editor)
    assert editor.budget_spin.text() == "Not set"
    editor.confirm = lambda _parent, _text: True
    fill(qtbot, editor, budget="12,5")
    assert held(editor) == 12.5
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.window.current_place() == "tasks", timeout=15_000)
    (task,) = server_tasks(desktop)
    assert task.budget_usd == 12.5


def test_without_a_type_the_most_is_said_plainly(editor: BriefEditor, qtbot: QtBot) -> None:
    type_budget(qtbot, editor, "999")
    leave(qtbot, editor)
    assert editor.budget_error.text() == "The budget can be at most $300.00."


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cents=st.integers(min_value=0, max_value=10**11),
    grouped=st.booleans(),
    with_cents=st.booleans(),
)
def test_any_amount_typed_is_shown_as_held_once_typed(
    editor: BriefEditor, qtbot: QtBot, cents: int, grouped: bool, with_cents: bool
) -> None:
    amount = Decimal(cents) / 100
    typed = amount_text(amount)
    if not grouped:
        typed = typed.replace(",", "")
    if not with_cents:
        typed = typed.removesuffix(".00")  # "12" for $12.00
    type_budget(qtbot, editor, typed)
    assert editor.budget_spin.text() == f"$ {typed}"  # every key kept
    leave(qtbot, editor)
    shown = editor.budget_spin.text()
    if amount == 0:
        assert shown == "Not set" and held(editor) is None
    else:
        assert shown == f"$ {amount_text(amount)}"
        assert held(editor) == float(amount)
