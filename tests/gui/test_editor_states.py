"""The editor, driven in any order a person might: a stateful property test (issue 9, Tests).

Hypothesis chooses what the person does next: type into the title, the brief or the budget
(with cents), undo and redo, turn the mouse wheel over fields while working elsewhere, pick,
mistype and clear the kind of work, start a new brief, open another draft from Drafts,
delete the open draft there and restore it, quit and start again. After every step the screen,
the draft as saved on disk, and the payload that would be posted say the same thing; and a
draft left and opened again shows what it showed when it was left.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolButton, QWidget

from aitasker_desktop.domain.brief import Brief, to_create_payload
from aitasker_desktop.storage.drafts import Drafts
from aitasker_desktop.ui.editor import BriefEditor
from aitasker_desktop.ui.editor.review import render_preview
from tests.gui.editor_helpers import type_text
from tests.gui.editor_rig import EditorRig, sandbox_catalog

CATALOG = sandbox_catalog()
CATEGORIES = [c for c in CATALOG.categories if c.task_types][:5]
TYPED = st.text(
    alphabet=st.sampled_from("abcdefghij klmnop ,.'-ÉéüßØ0123456789"), min_size=1, max_size=12
)
CENTS = st.integers(min_value=0, max_value=99_999)


def money_typed(cents: int, style: int) -> str:
    """As people type amounts: "12", "12.5", "12.50"."""
    dollars, rest = divmod(cents, 100)
    if style == 0 and rest == 0:
        return str(dollars)
    if style == 1 and rest % 10 == 0:
        return f"{dollars}.{rest // 10}"
    return f"{dollars}.{rest:02d}"


def wait_until(done: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        QApplication.processEvents()
        time.sleep(0.001)


def wheel(widget: QWidget) -> None:
    centre = QPointF(widget.rect().center())
    glob = QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y()))))
    for notches in (-2, 2):
        QApplication.sendEvent(
            widget,
            QWheelEvent(
                centre,
                glob,
                QPoint(0, 0),
                QPoint(0, 120 * notches),
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
                Qt.ScrollPhase.NoScrollPhase,
                False,
            ),
        )


class EditorMachine(RuleBasedStateMachine):
    base: Path  # set by the test: where each run keeps its data

    drafts_seen = Bundle("drafts_seen")

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(dir=self.base))
        self.rig = self._start()
        self.left: dict[str, Brief] = {}  # what each draft showed when it was last left

    def _start(self) -> EditorRig:
        rig = EditorRig(
            self.folder / "store.sqlite3", self.folder / "cache", delay_ms=1, max_wait_ms=1
        )
        wait_until(lambda: rig.ready)
        return rig

    def teardown(self) -> None:
        self.rig.close()

    @property
    def editor(self) -> BriefEditor:
        return self.rig.editor

    def _leave(self) -> None:
        """The person moves away from the draft on screen: remember what it showed."""
        self._settle()
        self.left[self.editor.draft.id] = self.editor.draft.brief.model_copy(deep=True)

    def _settle(self) -> None:
        wait_until(lambda: not self.rig.drafts.has_unsaved)
        window = self.rig.window
        if not window.isActiveWindow():
            # Offscreen, a completion list that was shown and hidden can keep the activation
            # (no window manager takes it back); a person would click into the window.
            window.activateWindow()
            wait_until(window.isActiveWindow)

    # -- typing ----------------------------------------------------------------------------

    @rule(text=TYPED)
    def type_in_the_title(self, text: str) -> None:
        line = self.editor.title_edit
        line.setFocus()
        QTest.keyClick(line, Qt.Key.Key_End)
        before = line.text()
        type_text(line, text)
        if not self.editor.is_locked:
            assert line.text() == before + text

    @rule(text=TYPED)
    def type_in_the_brief(self, text: str) -> None:
        box = self.editor.brief_edit
        box.setFocus()
        QTest.keyClick(box, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        type_text(box, text)

    @rule(cents=CENTS, style=st.integers(0, 2))
    def type_a_budget(self, cents: int, style: int) -> None:
        spin = self.editor.budget_spin
        spin.setFocus()
        spin.lineEdit().selectAll()
        typed = money_typed(cents, style)
        QTest.keyClicks(spin, typed)
        if not self.editor.is_locked:
            assert self.editor.draft.brief.budget_usd == (cents / 100 if cents else None)

    @rule(redo=st.booleans(), where=st.sampled_from(["title_edit", "brief_edit", "budget_spin"]))
    def undo_or_redo(self, redo: bool, where: str) -> None:
        widget = getattr(self.editor, where)
        widget.setFocus()
        mods = Qt.KeyboardModifier.ControlModifier
        if redo:
            mods |= Qt.KeyboardModifier.ShiftModifier
        QTest.keyClick(widget, Qt.Key.Key_Z, mods)

    # -- the kind of work -------------------------------------------------------------------

    def _type_into(self, combo, text: str) -> None:
        combo.setFocus()
        combo.lineEdit().selectAll()
        QTest.keyClicks(combo.lineEdit(), text)
        QTest.keyClick(combo.lineEdit(), Qt.Key.Key_Tab)  # and move on

    @rule(index=st.integers(0, len(CATEGORIES) - 1))
    def pick_a_category(self, index: int) -> None:
        category = CATEGORIES[index]
        self._type_into(self.editor.category_combo, category.name)
        if not self.editor.is_locked:
            assert self.editor.draft.brief.category == category.slug

    @rule(index=st.integers(0, 200))
    def pick_a_type(self, index: int) -> None:
        combo = self.editor.type_combo
        if combo.count() == 0:
            return
        label = combo.itemText(index % combo.count())
        key = str(combo.itemData(index % combo.count()))
        self._type_into(combo, label)
        if not self.editor.is_locked:
            assert f"{self.editor.draft.brief.category}/{self.editor.draft.brief.task_type}" == key

    @rule(which=st.sampled_from(["category_combo", "type_combo"]))
    def mistype_the_kind(self, which: str) -> None:
        before = self.editor.draft.brief.model_copy(deep=True)
        self._type_into(getattr(self.editor, which), "zzqx")
        assert self.editor.draft.brief == before

    @rule(which=st.sampled_from(["category_combo", "type_combo"]))
    def clear_the_kind(self, which: str) -> None:
        combo = getattr(self.editor, which)
        button = combo.lineEdit().findChild(QToolButton)
        if combo.currentText() and button is not None and button.isVisible():
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            if not self.editor.is_locked:
                assert self.editor.draft.brief.task_type == ""

    # -- scrolling -------------------------------------------------------------------------

    @rule(which=st.sampled_from(["category_combo", "type_combo", "budget_spin", "kit_combo"]))
    def scroll_the_page_over_a_field(self, which: str) -> None:
        self.editor.title_edit.setFocus()  # working elsewhere
        before = self.editor.draft.brief.model_copy(deep=True)
        wheel(getattr(self.editor, which))
        assert self.editor.draft.brief == before

    # -- drafts ----------------------------------------------------------------------------

    @rule(target=drafts_seen)
    def start_a_new_brief(self) -> str:
        left = self.editor.draft.id
        self._leave()
        QTest.mouseClick(self.editor.new_button, Qt.MouseButton.LeftButton)
        assert self.editor.title_edit.text() == ""
        return left

    @rule(draft_id=drafts_seen)
    def open_a_draft_from_drafts(self, draft_id: str) -> None:
        self._leave()
        page = self.rig.page
        self.rig.show_drafts()
        page.reload()
        if not page.select(draft_id):  # never saved (left empty), or in the trash
            self.rig.show_editor()
            return
        QTest.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
        assert self.editor.draft.id == draft_id
        if draft_id in self.left:
            assert self.editor.draft.brief == self.left[draft_id]

    @precondition(lambda self: not self.editor.is_locked)
    @rule()
    def delete_the_open_draft_in_drafts(self) -> None:
        draft_id = self.editor.draft.id
        self._settle()
        page = self.rig.page
        self.rig.show_drafts()
        page.reload()
        if page.select(draft_id):
            QTest.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
            assert self.editor.is_locked
            assert self.editor.restore_button.isVisibleTo(self.editor)
        self.rig.show_editor()

    @precondition(lambda self: self.editor.restore_button.isVisibleTo(self.editor))
    @rule()
    def restore_it_from_the_editor(self) -> None:
        QTest.mouseClick(self.editor.restore_button, Qt.MouseButton.LeftButton)
        assert not self.editor.is_locked

    @rule()
    def quit_and_start_again(self) -> None:
        self._leave()
        self.rig.close()
        self.rig = self._start()
        opened = self.editor.draft
        if opened.id in self.left:
            assert opened.brief == self.left[opened.id]

    # -- what must always hold -------------------------------------------------------------

    @invariant()
    def the_screen_the_saved_draft_and_the_payload_agree(self) -> None:
        self._settle()
        editor = self.editor
        brief = editor.draft.brief
        assert editor.title_edit.text() == brief.title
        assert editor.brief_edit.toPlainText() == brief.description
        category = CATALOG.category(brief.category) if brief.category else None
        assert editor.category_combo.currentText() == (category.name if category else "")
        task_type = CATALOG.task_type(brief.category, brief.task_type)
        shown_type = editor.type_combo.currentText()
        if task_type is None:
            assert shown_type == ""
        else:
            assert shown_type == task_type.name or shown_type.startswith(f"{task_type.name} (")
        spin = editor.budget_spin
        assert round(spin.value(), 2) == (brief.budget_usd or 0)
        shown = spin.valueFromText(spin.cleanText()) if spin.cleanText() else 0.0
        assert spin.text() == "Not set" or round(shown, 2) == (brief.budget_usd or 0)

        stored = Drafts(self.rig.store).get(editor.draft.id)
        if stored is None:  # never changed: nothing to save yet
            assert brief == Brief()
            return
        assert stored.brief == brief
        payload = to_create_payload(stored.brief, [], None)
        assert payload["title"] == editor.title_edit.text().strip()
        assert payload["budget_usd"] == (round(spin.value(), 2) or None)
        editor.flush_refresh()
        assert editor.preview.toPlainText() == render_preview(
            payload, CATALOG, attachment_names=[], brand_kit_name=None
        )


@pytest.mark.slow
def test_the_editor_in_any_order(qapp: QApplication, tmp_path: Path) -> None:
    EditorMachine.base = tmp_path
    run_state_machine_as_test(
        EditorMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
