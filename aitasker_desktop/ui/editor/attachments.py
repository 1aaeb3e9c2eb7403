"""Files attached to a brief (or a brand kit): drop them or pick them, see them, remove them.

The panel shows what it is given (`set_attachments`) and reports what the person asked for
(`files_chosen`, `remove_requested`); checking the files is the caller's job (a service, off
the GUI thread), which answers with `show_refusals`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.brief import Attachment
from aitasker_desktop.domain.text import clean_value, isolated
from aitasker_desktop.services.attachments import Checked, size_text
from aitasker_desktop.ui.editor.fields import message_label, show_message
from aitasker_desktop.ui.editor.file_drops import local_paths
from aitasker_desktop.ui.plain_tip import plain_tip

THUMB = 48
_ZWSP = "\u200b"  # a place a line may break, drawn as nothing
_LONGEST_PIECE = 20  # characters of a long file name kept on one line at most


def shown_name(name: str) -> str:
    """A file's name as this panel shows it, in the list and in its messages: a name holding
    a right-to-left override ("spoof\u202etxt.exe") neither reads reversed nor reorders the
    rest of the line, or the lines after it."""
    return isolated(name)


def breakable(name: str) -> str:
    """`name` with places to break it onto the next line, when it is too long to fit one: a
    name without spaces is one word to a wrapping label, which would draw it past its side.
    Breaks go after a separator ("_", "-") where it has them, else every few letters."""
    if len(name) <= _LONGEST_PIECE:
        return name
    out: list[str] = []
    run = 0
    for n, ch in enumerate(name):
        if ch.isspace():
            run = 0
        elif run >= _LONGEST_PIECE:
            out.append(_ZWSP)
            run = 0
        out.append(ch)
        run += not ch.isspace()
        if ch in "_-,;+)]}" and run > 1 and n + 1 < len(name):
            out.append(_ZWSP)
            run = 0
    return "".join(out)


def thumbnail(data: bytes, size: int = THUMB) -> QPixmap | None:
    """A small picture decoded straight at thumbnail size (cheap even for large photos)."""
    # Imported when first used: PySide builds a class and its enums on first touch.
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImageReader

    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    original = reader.size()
    if original.isValid() and (original.width() > size or original.height() > size):
        reader.setScaledSize(original.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else QPixmap.fromImage(image)


class AttachmentsPanel(QWidget):
    files_chosen = Signal(list)  # list[Path]: dropped or picked, not yet checked
    remove_requested = Signal(list)  # list[str]: paths to remove

    def __init__(
        self,
        label: str,
        hint: str,
        parent: QWidget | None = None,
        *,
        refused: str = "was not attached",
    ) -> None:
        """`refused` says, after a file's name, that it was not taken."""
        super().__init__(parent)
        self._refused = refused
        self.setAcceptDrops(True)
        self._thumbs: dict[str, QPixmap] = {}
        self.list = QListWidget()
        self.list.setAccessibleName(label)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.drop_hint = QLabel(hint)
        self.drop_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.drop_hint.setWordWrap(True)
        self.add_button = QPushButton("Add files…")
        self.add_button.setAccessibleName("Add files…")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove")
        self.remove_button.setEnabled(False)
        self.refusals = message_label()
        self.refusals.setAccessibleName("Files not attached")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.drop_hint)
        column.addWidget(self.list)
        column.addLayout(buttons)
        column.addWidget(self.refusals)
        self.add_button.clicked.connect(self.on_add_button_clicked)
        self.remove_button.clicked.connect(self.on_remove_button_clicked)
        self.list.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.list.selectedItems()))
        )

    # -- showing ---------------------------------------------------------------------------

    def remember_thumbnail(self, path: str, data: bytes) -> None:
        pixmap = thumbnail(data)
        if pixmap is not None:
            self._thumbs[path] = pixmap

    def has_thumbnail(self, path: str) -> bool:
        return path in self._thumbs

    def set_attachments(self, attachments: list[Attachment]) -> None:
        self.list.clear()
        generic = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for a in attachments:
            name = shown_name(a.name)
            item = QListWidgetItem(f"{name}  ·  {size_text(a.size_bytes)}")
            item.setData(Qt.ItemDataRole.UserRole, a.path)
            pixmap = self._thumbs.get(a.path)
            item.setIcon(QIcon(pixmap) if pixmap is not None else generic)
            item.setToolTip(plain_tip(f"{name} ({a.media_type})"))
            self.list.addItem(item)
        self.list.setVisible(bool(attachments))
        # As tall as its rows (up to four), not a large empty box under one file.
        rows = sum(self.list.sizeHintForRow(i) for i in range(min(4, self.list.count())))
        self.list.setFixedHeight(max(rows, THUMB) + 2 * self.list.frameWidth() + 4)
        self.remove_button.setEnabled(False)

    def take_checked(self, results: list[Checked], current: list[Attachment]) -> list[Attachment]:
        """`current` with the files that passed their checks added; the others, and files
        already attached, are said under the panel. The caller shows the new list."""
        kept = list(current)
        known = {a.path for a in kept}
        refused: list[tuple[str, str]] = []
        for checked in results:
            if checked.attachment is None:
                refused.append((checked.name, checked.reason))
            elif checked.attachment.path in known:
                refused.append((checked.name, "It is already attached."))
            else:
                if checked.image_bytes:
                    self.remember_thumbnail(checked.attachment.path, checked.image_bytes)
                kept.append(clean_value(checked.attachment))
                known.add(checked.attachment.path)
        self.show_refusals(refused)
        return kept

    def show_refusals(self, refusals: list[tuple[str, str]]) -> None:
        """(file name, reason) for each file that was not attached, a line each, whole
        (a long name breaks across lines, not past the side); empty clears."""
        text = "\n".join(
            f"“{breakable(shown_name(name))}” {self._refused}: {reason}"
            for name, reason in refusals
        )
        show_message(self.refusals, text)

    # -- input -----------------------------------------------------------------------------

    def on_add_button_clicked(self) -> None:
        # Imported when first used: PySide builds a class and its enums on first touch.
        from PySide6.QtWidgets import QFileDialog

        names, _ = QFileDialog.getOpenFileNames(self, "Attach files")
        if names:
            self.files_chosen.emit([Path(n) for n in names])

    def on_remove_button_clicked(self) -> None:
        paths = [str(i.data(Qt.ItemDataRole.UserRole)) for i in self.list.selectedItems()]
        if paths:
            self.remove_requested.emit(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files_chosen.emit(paths)
