"""The budget box: dollars and cents, read as the person's locale writes them.

What the person types is kept as typed: no key is refused because of the amount (a budget
above what a type of task allows is held and the brief's rules say so beside the box), and
nothing is rewritten under the cursor. Text that holds no single amount ("12,50" in English,
see domain/amount_text.py) holds no budget while it is on screen; when the person leaves the
box with it, the box shows "Not set", which is what the draft holds, and `unclear_left` says
what was typed and why it was not taken. So once editing is done, the box shows exactly the
amount the draft holds and a post would send.

The wheel works only with focus, and undo is the form's (pickers.py).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QValidator, QWheelEvent
from PySide6.QtWidgets import QDoubleSpinBox

from aitasker_desktop.domain.amount_text import (
    AMOUNT_MAX,
    AmountReading,
    amount_text,
    read_amount,
    unclear_message,
)
from aitasker_desktop.ui.editor.pickers import wheel_belongs_to_page
from aitasker_desktop.ui.editor.undo_keys import form_edit_menu, route_undo

Callback = Callable[[], None]
_State = QValidator.State


class MoneySpinBox(QDoubleSpinBox):
    """`amount_edited(Decimal | None)`: the person changed the amount (typing, pasting, the
    wheel, the arrows); None is no amount. `unclear_left(message)`: they left the box with
    text that holds no amount, now cleared; the message says what it was and why."""

    amount_edited = Signal(object)
    unclear_left = Signal(str)

    def __init__(self, undo: Callback, redo: Callback) -> None:
        super().__init__()
        self._undo, self._redo = undo, redo
        self._unclear = ""  # what to say about the text on screen while it holds no amount
        self.setDecimals(2)
        # The box never refuses an amount: the brief's rules say what a task type allows.
        self.setRange(0, float(AMOUNT_MAX))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not WheelFocus: a wheel is no click
        line = self.lineEdit()
        assert line is not None
        line.textEdited.connect(self._on_text_edited)
        self.valueChanged.connect(self._on_value_changed)
        self.editingFinished.connect(self._on_editing_finished)

    # -- what the box holds ----------------------------------------------------------------

    def unclear(self) -> str:
        """What is wrong with the text on screen, when it holds no amount; else ''."""
        return self._unclear

    def show_amount(self, value: float | None) -> None:
        """Show `value` (None: "Not set") without saying the person changed it."""
        self._unclear = ""
        self.blockSignals(True)
        self.setValue(value or 0)
        self.blockSignals(False)

    def _read(self, text: str) -> AmountReading | None:
        if text == self.specialValueText():
            return AmountReading()
        locale = self.locale()
        body = text.removeprefix(self.prefix())
        return read_amount(body, point=locale.decimalPoint(), group=locale.groupSeparator())

    def _on_text_edited(self, text: str) -> None:
        reading = self._read(text)
        amount = reading.amount if reading is not None else None
        self._unclear = ""
        if reading is not None and reading.unclear is not None:
            locale = self.locale()
            self._unclear = unclear_message(
                text.removeprefix(self.prefix()),
                reading.unclear,
                point=locale.decimalPoint(),
                group=locale.groupSeparator(),
            )
        self.amount_edited.emit(amount)

    def _on_value_changed(self, value: float) -> None:
        # The wheel and the arrows (typing says it in _on_text_edited, too: the form takes
        # the same amount once).
        self.amount_edited.emit(Decimal(f"{value:.2f}") if value > self.minimum() else None)

    def _on_editing_finished(self) -> None:
        if self._unclear:
            said, self._unclear = self._unclear, ""
            self.unclear_left.emit(said)

    # -- QDoubleSpinBox: reading and writing the text --------------------------------------

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        prefix = self.prefix()
        body = text.removeprefix(prefix)
        if (typed := self._typed_into_special(body)) is not None:
            body = typed  # keys typed into "Not set", wherever the click put the cursor
            text, pos = prefix + body, len(prefix) + len(body)
        if body.lstrip().startswith("$"):  # "$12" typed or pasted: the box shows the "$"
            cut = len(body) - len(body.lstrip().removeprefix("$").lstrip())
            text, pos = prefix + body[cut:], max(len(prefix), pos - cut)
        reading = self._read(text)
        if reading is None:
            return (_State.Invalid, text, pos)
        return (_State.Intermediate if reading.unclear else _State.Acceptable, text, pos)

    def _typed_into_special(self, body: str) -> str | None:
        """What was typed into the "Not set" shown, if `body` is that and more; else None."""
        special = self.specialValueText()
        if not special or len(body) <= len(special):
            return None
        start = 0
        while start < len(special) and body[start] == special[start]:
            start += 1
        end = 0
        while end < len(special) - start and body[-1 - end] == special[-1 - end]:
            end += 1
        return body[start : len(body) - end] if start + end == len(special) else None

    def fixup(self, text: str) -> str:
        # Left with text that holds no amount: no amount ("Not set"), never a guess.
        reading = self._read(text)
        return self.prefix() if reading is None or reading.unclear else text

    def valueFromText(self, text: str) -> float:
        reading = self._read(text)
        amount = reading.amount if reading is not None else None
        return float(amount) if amount is not None else self.minimum()

    def textFromValue(self, value: float) -> str:
        locale = self.locale()
        return amount_text(
            round(value, 2), point=locale.decimalPoint(), group=locale.groupSeparator()
        )

    # -- keys, wheel, menu -----------------------------------------------------------------

    def stepBy(self, steps: int) -> None:
        left = self._unclear  # an arrow or the wheel over unclear text starts from "Not set"
        super().stepBy(steps)
        if left:
            self._unclear = ""
            self.unclear_left.emit(left)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not route_undo(event, self._undo, self._redo):
            super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not wheel_belongs_to_page(self, event):
            super().wheelEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        line = self.lineEdit()
        assert line is not None
        menu = form_edit_menu(line, self._undo, self._redo)
        menu.addSeparator()
        up = menu.addAction("Step &up", self.stepUp)
        down = menu.addAction("Step &down", self.stepDown)
        steps = self.stepEnabled()
        up.setEnabled(bool(steps & QDoubleSpinBox.StepEnabledFlag.StepUpEnabled))
        down.setEnabled(bool(steps & QDoubleSpinBox.StepEnabledFlag.StepDownEnabled))
        menu.exec(event.globalPos())
        menu.deleteLater()
