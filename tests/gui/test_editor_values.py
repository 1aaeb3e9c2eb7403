"""Values a person enters as a person does: money with cents at typing pace, undo in the budget,
and scrolling the page with the mouse over fields (issue 9, items 1 and 2)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.services import formatting
from aitasker_desktop.ui.editor import BriefEditor
from tests.gui.editor_helpers import fill, pick, saved_draft, server_tasks

PERSON_MS = 110  # between keys, as the tester typed


def type_budget(qtbot: QtBot, editor: BriefEditor, text: str, delay: int = -1) -> None:
    spin = editor.budget_spin
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, text, delay=delay)


@pytest.mark.parametrize("delay", [PERSON_MS, -1], ids=["person-pace", "no-pause"])
@pytest.mark.parametrize(("typed", "cents"), [("12.50", 1250), ("7.99", 799), ("140", 14000)])
def test_money_typed_key_by_key_keeps_its_cents(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot, typed: str, cents: int, delay: int
) -> None:
    type_budget(qtbot, editor, typed, delay)
    assert editor.budget_spin.text() == f"$ {typed}"  # as typed, never rewritten meanwhile
    assert editor.draft.brief.budget_usd == cents / 100
    qtbot.waitUntil(lambda: not desktop.drafts.has_unsaved)
    stored = saved_draft(desktop, editor.draft.id)
    assert stored is not None and stored.brief.budget_usd == cents / 100
    editor.flush_refresh()
    # Always with cents, in the person's locale, as the whole app shows money.
    assert f"Budget: {formatting.money(cents / 100)}\n" in editor.preview.toPlainText()


def test_the_cents_typed_are_the_cents_posted(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot
) -> None:
    editor.confirm = lambda _parent, _text: True
    fill(qtbot, editor, budget="7.99")
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.window.current_place() == "tasks", timeout=15_000)
    (task,) = server_tasks(desktop)
    assert task.budget_usd == 7.99


def test_ctrl_z_in_the_budget_takes_back_the_whole_value(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot
) -> None:
    type_budget(qtbot, editor, "40", PERSON_MS)
    qtbot.keyClicks(editor.title_edit, "Menu")  # another field: a new step in the history
    type_budget(qtbot, editor, "12.50", PERSON_MS)
    assert editor.draft.brief.budget_usd == 12.5
    qtbot.keyClick(editor.budget_spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # The form's undo: the budget is $40 again, not the box's own last keystroke ($12.5 -> $12.).
    assert editor.budget_spin.text() == "$ 40.00"
    assert editor.draft.brief.budget_usd == 40
    assert editor.title_edit.text() == "Menu"
    qtbot.keyClick(editor.budget_spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.title_edit.text() == "" and editor.draft.brief.budget_usd == 40
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor.budget_spin, Qt.Key.Key_Z, redo)
    qtbot.keyClick(editor.budget_spin, Qt.Key.Key_Z, redo)
    assert editor.budget_spin.text() == "$ 12.50" and editor.draft.brief.budget_usd == 12.5
    qtbot.waitUntil(lambda: not desktop.drafts.has_unsaved)
    stored = saved_draft(desktop, editor.draft.id)
    assert stored is not None and stored.brief.budget_usd == 12.5


def test_the_budget_boxs_own_undo_is_not_offered(editor: BriefEditor, qtbot: QtBot) -> None:
    type_budget(qtbot, editor, "40", PERSON_MS)
    qtbot.keyClicks(editor.title_edit, "Menu")
    type_budget(qtbot, editor, "12.50")
    from aitasker_desktop.ui.editor.undo_keys import form_edit_menu

    line = editor.budget_spin.lineEdit()
    menu = form_edit_menu(line, editor.undo_stack.undo, editor.undo_stack.redo)
    (undo,) = [a for a in menu.actions() if a.text().replace("&", "").startswith("Undo")]
    undo.trigger()
    assert editor.draft.brief.budget_usd == 40 and editor.budget_spin.text() == "$ 40.00"
    menu.deleteLater()


# -- the wheel and the keys ----------------------------------------------------------------


def wheel(widget: QWidget, notches: int = -3) -> None:
    """A mouse wheel turned over the middle of `widget` (negative: towards the person)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y())))),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_scrolling_the_page_over_fields_never_changes_them(
    editor: BriefEditor, qtbot: QtBot
) -> None:
    pick(qtbot, editor.category_combo, "writing")
    pick(qtbot, editor.type_combo, "blog")
    type_budget(qtbot, editor, "25")
    editor.advanced_toggle.setChecked(True)
    editor.title_edit.setFocus()  # the person works elsewhere, then scrolls the page
    bar = editor.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0, "the editor should be taller than its window here"
    fields = (
        editor.category_combo,
        editor.type_combo,
        editor.budget_spin,
        editor.kit_combo,
        editor.advanced.slider,
    )
    before = editor.draft.brief.model_copy(deep=True)
    for field in fields:
        bar.setValue(bar.maximum() // 2)
        start = bar.value()
        wheel(field, -3)
        assert bar.value() > start, f"the page did not scroll over {field.accessibleName()}"
        wheel(field, +3)
        assert editor.draft.brief == before, field.accessibleName()
    assert editor.category_combo.currentText() == "Writing & Translation"
    assert editor.type_combo.currentText() == "Blog post"
    assert editor.budget_spin.text() == "$ 25.00"


def test_the_wheel_changes_the_budget_only_while_working_in_it(
    editor: BriefEditor, qtbot: QtBot
) -> None:
    type_budget(qtbot, editor, "25")
    assert editor.budget_spin.hasFocus()
    wheel(editor.budget_spin, +1)
    assert editor.draft.brief.budget_usd == 26
    assert editor.budget_spin.text() == "$ 26.00"


def test_down_in_a_closed_category_opens_the_list_without_switching(
    editor: BriefEditor, qtbot: QtBot
) -> None:
    pick(qtbot, editor.category_combo, "writing")
    pick(qtbot, editor.type_combo, "blog")
    combo = editor.category_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(combo.view().isVisible)
    assert editor.draft.brief.category == "writing-translation"
    assert editor.draft.brief.task_type == "blog-post"
    qtbot.keyClick(combo.view(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not combo.view().isVisible())
    assert combo.currentText() == "Writing & Translation"
    assert editor.draft.brief.task_type == "blog-post"


# -- money that cannot be spent now ----------------------------------------------------------


def test_a_budget_above_what_can_be_spent_now_is_warned_before_confirming(
    desktop: Desktop, editor: BriefEditor, qtbot: QtBot
) -> None:
    """Balance minus holds, not the balance: a posted task's hold is money not available."""
    from aitasker_desktop.api.client import AITaskerClient
    from aitasker_desktop.ui.editor.review import money, spendable
    from tests.sample_brief import post

    server = desktop.sandbox.server
    with AITaskerClient(server.base_url, server.api_key) as client:
        while (can := spendable(client.balance())) is not None and can > 100:
            post(client, budget_usd=150)  # keep the test's budget within a blog post's range
        post(client, budget_usd=5)  # at least one hold, whatever the sandbox's credit
        now = client.balance()
    desktop.balance.refresh()
    qtbot.waitUntil(lambda: editor.balance is not None and editor.balance == now)
    can = spendable(now)
    assert can is not None and now.held_usd
    asked: list[str] = []

    def confirm(_parent: object, text: str) -> bool:
        asked.append(text)
        return False

    editor.confirm = confirm
    fill(qtbot, editor, budget=f"{can + 1:.2f}")
    funds = editor.budget_funds
    assert funds.isVisible()
    assert funds.text() == (
        f"You can spend {money(can)} now: your balance is {money(now.balance_usd)}, and "
        f"{money(now.held_usd)} of it is held for tasks in progress. This budget is more, "
        "so posting it will be refused until you top up."
    )
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    assert funds.text() in asked[0]  # said again in the question itself
    type_budget(qtbot, editor, f"{can:.2f}")
    assert not funds.isVisible()  # exactly what can be spent: nothing to warn about
