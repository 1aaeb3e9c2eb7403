"""A PDF's pages as pictures, one under the other, rendered off the GUI thread
(services.pdf_pages) and only turned into images here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from aitasker_desktop.services import formatting
from aitasker_desktop.services.pdf_pages import PageImage, RenderedPdf
from aitasker_desktop.ui.task_page.format import plain_label


def page_image(page: PageImage) -> QImage:
    image = QImage(page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGBX8888)
    return image.copy()  # its own pixels: the bytes object may go


def page_words(number: int, count: int) -> str:
    return f"Page {formatting.count(number)} of {formatting.count(count)}"


class PdfPagesView(QScrollArea):
    def __init__(self, rendered: RenderedPdf, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(f"Pages of {name}")
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        host = QWidget()
        column = QVBoxLayout(host)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels: list[QLabel] = []
        count = rendered.page_count
        shown = len(rendered.pages)
        summary = formatting.count_of(count, "page")
        if shown < count:
            summary += (
                f"; the first {formatting.count(shown)} are shown here. "
                "Open the file to read the rest."
            )
        self.summary = plain_label(summary, name="pdf_summary")
        column.addWidget(self.summary)
        for page in rendered.pages:
            picture = QLabel()
            picture.setPixmap(QPixmap.fromImage(page_image(page)))
            picture.setAccessibleName(page_words(page.number, count))
            picture.setStyleSheet("border: 1px solid palette(mid); background: white;")
            column.addWidget(picture, 0, Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(plain_label(page_words(page.number, count), wrap=False))
            self.page_labels.append(picture)
        column.addStretch(1)
        self.setWidget(host)
