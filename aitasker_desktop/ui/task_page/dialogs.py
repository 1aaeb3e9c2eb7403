"""The questions a task's page asks, as callables that tests replace.

A modal `exec()` blocks a test, so the page never calls QMessageBox or QFileDialog itself:
it is given `Prompts` with defaults that do, and tests pass answers instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from aitasker_desktop.ui.messages import show_error

Confirm = Callable[[QWidget, str, str, str], bool]  # parent, title, text, yes-label
PickFolder = Callable[[QWidget, str], Path | None]  # parent, title
ReportError = Callable[[QWidget, str, BaseException], None]  # parent, title, error


def ask_confirmation(parent: QWidget, title: str, text: str, yes_label: str) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    yes = box.addButton(yes_label, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes


def ask_folder(parent: QWidget, title: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title)
    return Path(chosen) if chosen else None


@dataclass
class Prompts:
    confirm: Confirm = ask_confirmation
    pick_folder: PickFolder = ask_folder
    report_error: ReportError = show_error
