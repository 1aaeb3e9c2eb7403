"""A line under the task type when the brief points to a narrower one: "Your brief describes
a wordmark (a type-only logo). [Use Wordmark]".

AITasker tells buyers to pick the most specific type (agents and the judge are matched on
it). The hint is worked out locally from the brief's words (domain/type_search.py), never
over the network, a short moment after typing stops; the button is one undoable change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from aitasker_desktop.domain.type_search import TypeHit, more_specific
from aitasker_desktop.ui.editor.parts import note, set_text

if TYPE_CHECKING:
    from aitasker_desktop.ui.editor.form import EditorForm

HINT_DELAY_MS = 300


class TypeHint(QObject):
    def __init__(self, form: EditorForm, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._form = form
        self._hit: TypeHit | None = None
        self.row = QWidget()
        self.row.setObjectName("typeHint")
        self.label = note()
        self.label.setAccessibleName("Suggested task type")
        self.button = QPushButton()
        line = QHBoxLayout(self.row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.label, 1)
        line.addWidget(self.button)
        self.row.hide()
        # Under the type's description, above its error line.
        box = form.type_description.parentWidget()
        column = box.layout() if box is not None else None
        assert isinstance(column, QVBoxLayout)
        column.insertWidget(column.indexOf(form.type_description) + 1, self.row)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(HINT_DELAY_MS)
        self._timer.timeout.connect(self.update)
        self.button.clicked.connect(self.on_button_clicked)
        form.edited.connect(self._timer.start)  # typing: once it pauses
        form.loaded.connect(self.update)

    @property
    def suggestion(self) -> TypeHit | None:
        return self._hit

    def update(self) -> None:
        self._timer.stop()
        form = self._form
        brief, catalog = form.draft.brief, form.catalog
        hit = (
            more_specific(
                catalog, brief.category, brief.task_type, f"{brief.title}\n{brief.description}"
            )
            if catalog is not None and brief.task_type and not form.is_locked
            else None
        )
        self._hit = hit
        if hit is not None:
            name = hit.task_type.name
            about = hit.task_type.description.rstrip(".")
            if about[:1].isupper() and not about[1:2].isupper():
                about = about[0].lower() + about[1:]  # "(a type-only logo ...)" mid-sentence
            about = f" ({about})" if about else ""
            set_text(
                self.label,
                f"Your brief describes a {name.lower()}{about}: agents are matched on the most "
                "specific type.",
            )
            self.button.setText(f"Use {name}")
            self.button.setAccessibleName(f"Use {name}")
        self.row.setVisible(hit is not None)

    def on_button_clicked(self) -> None:
        hit = self._hit
        if hit is None:
            return
        self._form.change(
            {"category": hit.category, "task_type": hit.task_type.slug},
            f"Use {hit.task_type.name}",
        )
        self.update()
