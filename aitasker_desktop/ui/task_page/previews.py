"""Previews of a file's bytes: images (SVG too), PDF pages, text, Markdown rendered safely,
CSV tables.

Bytes come from the service and are untrusted. Images are decoded with a size cap and scaled
down while decoding; Markdown is rendered with HTML switched off, by a document that loads
no resource at all (no local files, no network), and links open only when https; CSV is
parsed with row, column and cell caps into a small table model.
"""

from __future__ import annotations

import csv
import io
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QBuffer,
    QByteArray,
    QIODevice,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QImage,
    QImageReader,
    QPainter,
    QPixmap,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer, QtSvg
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.file_types import media_type_of
from aitasker_desktop.domain.task import FileRef
from aitasker_desktop.services.pdf_pages import RenderedPdf
from aitasker_desktop.ui.messages import error_text, open_https
from aitasker_desktop.ui.plain_tip import plain_tip
from aitasker_desktop.ui.task_page.format import plain_label, trim
from aitasker_desktop.ui.task_page.pdf_view import PdfPagesView

MAX_TEXT_CHARS = 20_000
MAX_CSV_ROWS = 200
MAX_CSV_COLUMNS = 30
MAX_CELL_CHARS = 200

AnyIndex = QModelIndex | QPersistentModelIndex


def preview_kind(file: FileRef) -> str:
    """'svg', 'image', 'pdf', 'markdown', 'csv', 'text' or '' (no preview)."""
    media = media_type_of(file.media_type, file.name)
    name = (file.name or "").lower()
    if media == "application/pdf":
        return "pdf"
    if media == "image/svg+xml" or name.endswith(".svg"):
        return "svg"
    if media in ("image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"):
        return "image"
    if media == "text/markdown" or name.endswith((".md", ".markdown")):
        return "markdown"
    if media == "text/csv" or name.endswith(".csv"):
        return "csv"
    if media.startswith("text/") or media == "application/json" or name.endswith(".txt"):
        return "text"
    return ""


def decode_text(data: bytes) -> str:
    text = data[: MAX_TEXT_CHARS * 4].decode("utf-8", "replace")
    return trim(text, MAX_TEXT_CHARS)


def image_from_bytes(data: bytes, box: QSize) -> QImage:
    """Decode a raster image scaled to fit `box`; a null image if it cannot be read."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setDecideFormatFromContent(True)
    if reader.format().data() == b"svg":
        return QImage()  # SVG goes through the renderer with its own options
    full = reader.size()
    if full.isValid() and (full.width() > box.width() or full.height() > box.height()):
        reader.setScaledSize(full.scaled(box, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    buffer.close()
    return image


def svg_from_bytes(data: bytes, box: QSize) -> QImage:
    renderer = QSvgRenderer()
    renderer.setOptions(QtSvg.Option.Tiny12FeaturesOnly | QtSvg.Option.DisableAnimations)
    if not renderer.load(QByteArray(data)):
        return QImage()
    natural = renderer.defaultSize()
    if not natural.isValid() or natural.isEmpty():
        natural = box
    size = natural.scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


class FitImageLabel(QLabel):
    """An image scaled down to the room it is given (never up), keeping its proportions."""

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = image
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(48, 48)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._fit()

    def sizeHint(self) -> QSize:
        return self._image.size()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = self.contentsRect().size()
        image = self._image
        if room.width() < image.width() or room.height() < image.height():
            image = image.scaled(
                room.expandedTo(QSize(1, 1)),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self.setPixmap(QPixmap.fromImage(image))


class _NoResourceDocument(QTextDocument):
    """Never loads an image or stylesheet a document names (no file, no network)."""

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        return None


class SafeMarkdownView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocument(_NoResourceDocument(self))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self.on_self_anchor_clicked)

    def set_markdown(self, text: str) -> None:
        features = QTextDocument.MarkdownFeature
        self.document().setMarkdown(text, features.MarkdownDialectGitHub | features.MarkdownNoHTML)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def on_self_anchor_clicked(self, url: QUrl) -> None:
        open_https(url.toString())


class CsvModel(QAbstractTableModel):
    """A capped, read-only table of CSV cells; the first row is the header."""

    def __init__(self, data: bytes = b"", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._header: list[str] = []
        self._rows: list[list[str]] = []
        self.truncated = False
        if data:
            self.load(data)

    def load(self, data: bytes) -> None:
        self.beginResetModel()
        rows: list[list[str]] = []
        self.truncated = False
        try:
            reader = csv.reader(io.StringIO(decode_text(data)))
            for row in reader:
                if len(rows) > MAX_CSV_ROWS:
                    self.truncated = True
                    break
                if len(row) > MAX_CSV_COLUMNS:
                    self.truncated = True
                rows.append([trim(c, MAX_CELL_CHARS) for c in row[:MAX_CSV_COLUMNS]])
        except csv.Error:
            self.truncated = True
        width = max((len(r) for r in rows), default=0)
        padded = [r + [""] * (width - len(r)) for r in rows]
        self._header = padded[0] if padded else []
        self._rows = padded[1:]
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._header)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:  # the agent's cell, as written
            return plain_tip(self._rows[index.row()][index.column()])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._header):
            return self._header[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None


# fetch(file, on_done, on_error, owner): callbacks are dropped once `owner` is deleted.
Fetch = Callable[[FileRef, Callable[[bytes], None], Callable[[BaseException], None], QObject], None]
# render_pdf(data, width, on_done, on_error, owner=...): pages rendered on a worker.
RenderPdf = Callable[..., None]


@dataclass(frozen=True)
class Sources:
    """Where previews get their bytes, and who renders PDF pages (None: no previews)."""

    fetch: Fetch | None = None
    render_pdf: RenderPdf | None = None


class PreviewCache:
    """Recent previews' bytes by file, so a re-rendered page does not download them again."""

    def __init__(self, fetch_preview: Callable[..., None], max_bytes: int = 32 * 1024 * 1024):
        self._fetch_preview = fetch_preview
        self._max_bytes = max_bytes
        self._data: OrderedDict[str, bytes] = OrderedDict()

    def fetch(
        self,
        file: FileRef,
        on_done: Callable[[bytes], None],
        on_error: Callable[[BaseException], None],
        owner: QObject,
    ) -> None:
        key = file.id or file.url or ""
        cached = self._data.get(key) if key else None
        if cached is not None:
            self._data.move_to_end(key)
            on_done(cached)
            return

        def done(data: bytes) -> None:
            if key:
                self._data[key] = data
                while sum(len(v) for v in self._data.values()) > self._max_bytes:
                    self._data.popitem(last=False)
            on_done(data)

        self._fetch_preview(file, done, on_error, owner=owner)


class ArtifactPreview(QWidget):
    """A preview of one file, fetched when `load()` is called."""

    def __init__(
        self, file: FileRef, sources: Sources, box: QSize, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.file = file
        self.kind = preview_kind(file)
        self._fetch = sources.fetch
        self._render_pdf = sources.render_pdf
        self._box = box
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.status = plain_label(
            "Loading preview…" if self.kind else "No preview for this kind of file."
        )
        self.status.setObjectName("preview_status")
        self._layout.addWidget(self.status)
        self.content: QWidget | None = None
        self.setAccessibleName(f"Preview of {trim(file.name, 80)}")

    def load(self) -> None:
        if not self.kind or self._fetch is None or self.content is not None:
            if self.kind and self._fetch is None:
                self.status.setText("No preview available.")
            return
        self._fetch(self.file, self.on_fetch_done, self.on_fetch_failed, self)

    def on_fetch_failed(self, exc: BaseException) -> None:
        # Why, in the words used everywhere else: gone, offline, too large to preview...
        self.status.setText(f"The preview could not be loaded. {error_text(exc)}")

    def on_fetch_done(self, data: bytes) -> None:
        self.show_bytes(data)

    def show_bytes(self, data: bytes) -> None:
        if self.kind == "pdf":
            if self._render_pdf is None:
                self.status.setText("No preview available.")
                return
            self.status.setText("Drawing the pages…")
            # As wide as the room it has (less a scroll bar), never wider than its box.
            width = max(200, min(self._box.width(), self.width() - 40))
            self._render_pdf(data, width, self.on_pdf_rendered, self.on_pdf_failed, owner=self)
            return
        widget = self._build(data)
        if widget is None:
            self.status.setText("This file could not be previewed.")
            return
        self._show_widget(widget)

    def on_pdf_rendered(self, rendered: RenderedPdf) -> None:
        if not rendered.pages:
            self.status.setText("This PDF has no pages to show.")
            return
        self._show_widget(PdfPagesView(rendered, trim(self.file.name, 80)))

    def on_pdf_failed(self, _exc: BaseException) -> None:
        self.status.setText("This PDF could not be read for a preview. Open it instead.")

    def _show_widget(self, widget: QWidget) -> None:
        self.status.hide()
        self.content = widget
        self._layout.addWidget(widget)

    def _build(self, data: bytes) -> QWidget | None:
        if self.kind in ("image", "svg"):
            loader = svg_from_bytes if self.kind == "svg" else image_from_bytes
            image = loader(data, self._box)
            if image.isNull():
                return None
            label = FitImageLabel(image)
            label.setAccessibleName(f"Image {trim(self.file.name, 80)}")
            return label
        if self.kind == "markdown":
            view = SafeMarkdownView()
            view.set_markdown(decode_text(data))
            if self._box.width() < 400:
                view.zoomOut(2)  # a card's preview: headings at full size crowd it out
            view.verticalScrollBar().setValue(0)
            view.setMinimumHeight(min(self._box.height(), 160))
            view.setAccessibleName(f"Text of {trim(self.file.name, 80)}")
            return view
        if self.kind == "csv":
            table = QTableView()
            table.setModel(CsvModel(data, table))
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            table.setMinimumHeight(min(self._box.height(), 160))
            table.setAccessibleName(f"Table of {trim(self.file.name, 80)}")
            return table
        if self.kind == "text":
            text = QPlainTextEdit()
            text.setReadOnly(True)
            text.setPlainText(decode_text(data))
            text.setMinimumHeight(min(self._box.height(), 160))
            text.setAccessibleName(f"Text of {trim(self.file.name, 80)}")
            return text
        return None
