"""An artifact at full size in a window of its own, with Save… beside it; one at a time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from aitasker_desktop.domain.file_types import file_type_words
from aitasker_desktop.domain.filenames import safe_filename
from aitasker_desktop.domain.task import FileRef
from aitasker_desktop.ui.task_page.format import one_line, plain_label
from aitasker_desktop.ui.task_page.previews import ArtifactPreview, Sources

FULL_BOX = QSize(1600, 1200)  # decoded up to this; shown scaled down to the window


class ArtifactViewer(QDialog):
    save_requested = Signal(object)  # FileRef

    def __init__(self, file: FileRef, sources: Sources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file = file
        name = safe_filename(file.name)
        self.setWindowTitle(f"{one_line(name, 80)} — {file_type_words(file.media_type, name)}")
        self.setAccessibleName(f"{name} full size")
        self.preview = ArtifactPreview(file, sources, FULL_BOX)
        self.save_button = QPushButton("Save…")
        self.save_button.setAccessibleName(self.save_button.text())
        self.save_button.setAccessibleDescription(f"Save {name} to a folder you choose")
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.file))
        self.status = plain_label("", name="viewer_status")
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(close)
        column = QVBoxLayout(self)
        column.addWidget(self.preview, 1)
        column.addLayout(buttons)
        self.resize(900, 680)
        self.preview.load()

    def set_status(self, text: str) -> None:
        self.status.setText(text)


class OneViewer:
    """Opens artifacts full size for `parent`, one window at a time; `save` saves one."""

    def __init__(self, parent: QWidget, sources: Sources, save: Callable[[FileRef], None]) -> None:
        self._parent = parent
        self._sources = sources
        self._save = save
        self.current: ArtifactViewer | None = None

    def open(self, file: FileRef) -> None:
        if self.current is not None:
            self.current.close()
            self.current.deleteLater()
        self.current = ArtifactViewer(file, self._sources, self._parent)
        self.current.save_requested.connect(self._save)
        self.current.show()

    def set_status(self, text: str) -> None:
        """What saving said, beside Save… in the window shown."""
        if self.current is not None and self.current.isVisible():
            self.current.set_status(text)
