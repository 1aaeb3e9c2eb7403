"""Files dropped anywhere on the editor page are attached, even on a text field.

A text field takes any drag that carries text, and a file manager's drag of files carries
their paths as text: the title, a picker or the idea box pasted "file:///…/logo.pdf" into
itself. Each text-taking field of the page is watched by one event filter that makes it
refuse a drag of local files; Qt then offers the drag to the nearest parent that takes drops,
the page, which attaches them (form.py). Text dragged in (no files) is still the field's.
Files pasted into the title, the brief or the idea box are attached too (fields.py,
undo_keys.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractScrollArea, QLineEdit, QPlainTextEdit, QTextEdit, QWidget


def local_paths(mime: QMimeData) -> list[Path]:
    """The local files dragged or pasted, in order (web links and the like are left out)."""
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


_DRAGS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


class FilesToPage(QObject):
    """The event filter: a drag of local files is refused by the field it is over."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in _DRAGS
            and isinstance(event, QDropEvent)
            and local_paths(event.mimeData())
        ):
            event.ignore()  # refused here: Qt offers it to the parents, up to the page
            return True
        return super().eventFilter(watched, event)

    def watch(self, page: QWidget) -> None:
        """Watch every text-taking field under `page` (again after fields are added: a field
        watched already is not watched twice)."""
        for widget in page.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
                widget.installEventFilter(self)
                if isinstance(widget, QAbstractScrollArea):  # a drag arrives at its viewport
                    viewport = widget.viewport()
                    if viewport is not None:
                        viewport.installEventFilter(self)
