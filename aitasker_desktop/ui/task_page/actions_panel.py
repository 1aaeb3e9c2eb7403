"""What the buyer can do now: one row per allowed action, each explained in a sentence.

Actions that need words (a revision's feedback, a dispute's reason) carry their text box;
their button stays disabled, with an inline note, until something is written.

Only what the server offers gets a button: a decision AITasker does not yet let apps make is
said in plain words instead, with a link to the website (offer_panels.py), and so is the
note to the agents' box.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.lifecycle import ACTION_EXPLANATIONS, Action, allowed_actions
from aitasker_desktop.domain.task import BidGallery, Task
from aitasker_desktop.services import formatting
from aitasker_desktop.services.formatting import money
from aitasker_desktop.services.task_actions import TaskActionsService
from aitasker_desktop.ui.task_page.format import plain_label
from aitasker_desktop.ui.task_page.offer_panels import NotAvailablePanel, NoteBox

MAX_FEEDBACK_CHARS = 5000

_TEXT_ACTIONS = {
    Action.REQUEST_REVISION: (
        "What should change?",
        "Write what should change to request a revision.",
        "Request revision",
    ),
    Action.DISPUTE: (
        "Why is the delivery not what you paid for?",
        "Write the reason to dispute the delivery.",
        "Dispute…",
    ),
}


class ActionsPanel(QGroupBox):
    action_requested = Signal(str, str)  # Action, text (feedback or reason; else "")

    def __init__(self, actions: TaskActionsService, parent: QWidget | None = None) -> None:
        super().__init__("What you can do", parent)
        self._actions = actions
        self.setAccessibleName("What you can do")
        self._column = QVBoxLayout(self)
        self.buttons: dict[Action, QPushButton] = {}
        self.texts: dict[Action, QPlainTextEdit] = {}
        self.notes: dict[Action, QLabel] = {}
        self.explanations: dict[Action, QLabel] = {}
        self._widgets: list[QWidget] = []
        self._busy = False
        self._gallery: BidGallery | None = None
        self._shape: tuple[object, ...] = ()
        self.deadline_label = plain_label("", name="deadline")
        self.none_label = plain_label("Nothing to decide right now.", name="no_actions")
        # Parented now: shown or hidden before show_task lays them out, never as windows.
        self.not_available = NotAvailablePanel(actions, self)
        self.note_box = NoteBox(actions, self)
        self.note_box.hide()

    def show_task(self, task: Task, gallery: BidGallery | None) -> None:
        self._gallery = gallery
        allowed = allowed_actions(task.status)
        actions = tuple(a for a in allowed if self._actions.offers(a))
        missing = self.not_available.show_missing(task, [a for a in allowed if a not in actions])
        # From the state, on every call: the early return below keeps the rows, not this
        # (a delivery arriving changes what is missing, not what is offered).
        self.none_label.setVisible(not actions and not missing)
        self.note_box.show_task(task)
        shape = (
            actions,
            tuple(self._label(a, task, gallery) for a in actions),
            None
            if gallery is None
            else (
                gallery.remix_available,
                gallery.review_extensions_remaining,
            ),
        )
        if shape == self._shape:
            # Nothing visible changed: keep the widgets (and the focus and the cursor of a
            # half-written feedback) as they are.
            self._update_enabled()
            return
        self._shape = shape
        drafts = {a: t.toPlainText() for a, t in self.texts.items()}
        for widget in self._widgets:
            self._column.removeWidget(widget)
            widget.deleteLater()
        self._widgets = []
        self.buttons, self.texts, self.notes, self.explanations = {}, {}, {}, {}
        for fixed in (self.deadline_label, self.none_label, self.not_available, self.note_box):
            self._column.removeWidget(fixed)
        self._column.addWidget(self.deadline_label)
        self._column.addWidget(self.none_label)
        for action in actions:
            self._add_row(action, task, gallery, drafts.get(action, ""))
        self._column.addWidget(self.not_available)
        self._column.addWidget(self.note_box)
        self._update_enabled()

    def _add(self, widget: QWidget) -> None:
        self._column.addWidget(widget)
        self._widgets.append(widget)

    def _add_row(self, action: Action, task: Task, gallery: BidGallery | None, draft: str) -> None:
        explanation = plain_label(ACTION_EXPLANATIONS[action], name=f"explain_{action}")
        self.explanations[action] = explanation
        if action is Action.SELECT:
            title = plain_label("Select a bid", name="select_title")
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            self._add(title)
            self._add(explanation)
            self._add(plain_label("Use “Select” on the bid you prefer.", name="select_hint"))
            return
        if action in _TEXT_ACTIONS:
            prompt, note, label = _TEXT_ACTIONS[action]
            box = QPlainTextEdit()
            box.setPlaceholderText(prompt)
            box.setAccessibleName(prompt)
            box.setMaximumHeight(80)
            box.setTabChangesFocus(True)
            box.setPlainText(draft)
            box.textChanged.connect(self._update_enabled)
            self.texts[action] = box
            self.notes[action] = plain_label(note, name=f"note_{action}")
            button = QPushButton(label)
            self._add(explanation)
            self._add(box)
            self._add(self.notes[action])
        else:
            button = QPushButton(self._label(action, task, gallery))
            self._add(explanation)
        button.setAccessibleName(button.text())
        button.setObjectName(f"action_{action}")
        button.clicked.connect(lambda _=False, a=action: self.on_button_clicked(a))
        self.buttons[action] = button
        self._add(button)
        if action is Action.REMIX and gallery is not None and not gallery.remix_available:
            button.setToolTip("Remix is not available for this task.")
            self._add(plain_label("Remix is not available for this task.", name="remix_note"))
        if action is Action.EXTEND_REVIEW and gallery is not None:
            left = gallery.review_extensions_remaining
            self._add(
                plain_label(
                    f"{formatting.count_of(left, 'extension')} left."
                    if left > 0
                    else "No extensions left.",
                    name="extensions_left",
                )
            )

    @staticmethod
    def _label(action: Action, task: Task, gallery: BidGallery | None) -> str:
        if action is Action.REMIX:
            fee = gallery.remix_fee_usd if gallery is not None else None
            return f"Remix for {money(fee)}…" if fee is not None else "Remix…"
        if action is Action.EXTEND_REVIEW:
            if gallery is None:
                return "Extend review"
            return f"Extend review ({max(0, gallery.review_extensions_remaining)} left)"
        if action is Action.CANCEL:
            return "Cancel task…"
        if action is Action.APPROVE:
            return f"Approve and pay {money(task.price_usd)}…"
        return str(action)

    def _gallery_allows(self, action: Action, gallery: BidGallery | None) -> bool:
        if gallery is None:
            return action not in (Action.REMIX, Action.EXTEND_REVIEW)
        if action is Action.REMIX:
            return gallery.remix_available
        if action is Action.EXTEND_REVIEW:
            return gallery.review_extensions_remaining > 0
        return True

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_enabled()

    def _update_enabled(self) -> None:
        gallery = self._gallery
        for action, button in self.buttons.items():
            ok = not self._busy and self._gallery_allows(action, gallery)
            box = self.texts.get(action)
            if box is not None:
                written = bool(box.toPlainText().strip())
                self.notes[action].setVisible(not written)
                ok = ok and written
            button.setEnabled(ok)

    def text_for(self, action: Action) -> str:
        box = self.texts.get(action)
        return box.toPlainText().strip()[:MAX_FEEDBACK_CHARS] if box is not None else ""

    def clear_text(self, action: Action) -> None:
        box = self.texts.get(action)
        if box is not None:
            box.clear()

    def on_button_clicked(self, action: Action) -> None:
        self.action_requested.emit(str(action), self.text_for(action))
