"""The questions a task's page asks, as callables that tests replace.

A modal `exec()` blocks a test, so the page never calls QMessageBox or QFileDialog itself:
it is given `Prompts` with defaults that do, and tests pass answers instead (or answer the
real dialogs, see tests/gui/task_page_helpers.py). Every text shown here went through the
app's sanitizer (`domain.text`) once more: a dialog never shows a bidi override.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from aitasker_desktop.domain.text import one_line, shown_text
from aitasker_desktop.ui.messages import ask
from aitasker_desktop.ui.task_page.questions import Question
from aitasker_desktop.ui.top_up import ask_top_up_amount

Confirm = Callable[[QWidget, Question], bool]
PickFolder = Callable[[QWidget, str, Path], Path | None]  # parent, title, where to start
# parent, title, text, offer a top-up: True when the person chose "Top up credits…".
ReportError = Callable[[QWidget, str, str, bool], bool]
# parent, what can be spent now, the amount suggested: the amount to add, or None.
AskTopUp = Callable[[QWidget, float | None, float], float | None]

TOP_UP_LABEL = "Top up credits…"


def ask_confirmation(parent: QWidget, question: Question) -> bool:
    # Money moves or something cannot be undone: Enter keeps everything as it is.
    return ask(
        parent,
        one_line(question.title, 120),
        shown_text(question.text, 4000),
        one_line(question.yes, 80),
        one_line(question.no, 80),
        default_yes=False,
    )


def ask_folder(parent: QWidget, title: str, start: Path) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(chosen) if chosen else None


def report_error(parent: QWidget, title: str, text: str, offer_top_up: bool) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(one_line(title, 120))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(shown_text(text, 4000))
    top_up = (
        box.addButton(TOP_UP_LABEL, QMessageBox.ButtonRole.ActionRole) if offer_top_up else None
    )
    close = box.addButton(QMessageBox.StandardButton.Close)
    box.setEscapeButton(close)
    box.exec()
    return top_up is not None and box.clickedButton() is top_up


@dataclass
class Prompts:
    confirm: Confirm = ask_confirmation
    pick_folder: PickFolder = ask_folder
    report_error: ReportError = report_error
    ask_top_up: AskTopUp = ask_top_up_amount
