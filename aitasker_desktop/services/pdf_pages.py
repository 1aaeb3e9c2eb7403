"""PDF pages as pictures, for previews: rendered with pypdfium2 on a worker, never on the GUI
thread. PDFium is not thread-safe, so one lock serialises every use of it in the app.

The bytes come from a server and are untrusted: a document that cannot be read is an error
to show, never a crash; page count and picture size are capped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject

from aitasker_desktop.api.errors import ApiError
from aitasker_desktop.services.runner import TaskRunner

MAX_PAGES = 12
MAX_PIXELS_PER_PAGE = 4_000_000
# PDFium is not thread-safe: every use of pypdfium2 in the process holds this, including
# closing what it made (a page left to the garbage collector is closed on whatever thread
# collects it, racing a render on a worker).
PDFIUM_LOCK = threading.Lock()


class PdfUnreadable(ApiError):
    default_message = "This PDF could not be read for a preview."
    default_hint = "Save it and open it with your PDF reader."


@dataclass(frozen=True)
class PageImage:
    """One rendered page: RGBX pixels, 4 bytes each, rows `stride` bytes apart."""

    number: int  # 1-based
    width: int
    height: int
    stride: int
    pixels: bytes


@dataclass(frozen=True)
class RenderedPdf:
    pages: list[PageImage]
    page_count: int  # in the document; more than len(pages) when capped


def render_pdf(data: bytes, width_px: int, max_pages: int = MAX_PAGES) -> RenderedPdf:
    """Render the first `max_pages` pages `width_px` wide. Blocking: call it on a worker."""
    import pypdfium2 as pdfium  # loaded on first use: start-up never pays for it

    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except (pdfium.PdfiumError, ValueError, TypeError) as exc:
            raise PdfUnreadable() from exc
        try:
            count = len(document)
            pages: list[PageImage] = []
            for index in range(min(count, max_pages)):
                page = document[index]
                try:
                    points = max(1.0, float(page.get_width()))
                    scale = width_px / points
                    height = float(page.get_height()) * scale
                    if width_px * height > MAX_PIXELS_PER_PAGE:
                        scale *= (MAX_PIXELS_PER_PAGE / (width_px * height)) ** 0.5
                    bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
                    try:
                        pages.append(
                            PageImage(
                                index + 1,
                                bitmap.width,
                                bitmap.height,
                                bitmap.stride,
                                bytes(bitmap.buffer),
                            )
                        )
                    finally:
                        bitmap.close()
                finally:
                    page.close()
        except pdfium.PdfiumError as exc:
            raise PdfUnreadable() from exc
        finally:
            document.close()
    return RenderedPdf(pages, count)


class PdfPages:
    """Renders PDF previews on the app's runner."""

    def __init__(self, runner: TaskRunner) -> None:
        self._runner = runner

    def render(
        self,
        data: bytes,
        width_px: int,
        on_done: Callable[[RenderedPdf], None],
        on_error: Callable[[BaseException], None],
        *,
        owner: QObject | None = None,
    ) -> None:
        def failed(exc: BaseException) -> None:
            on_error(exc if isinstance(exc, ApiError) else PdfUnreadable())

        self._runner.run(lambda: render_pdf(data, width_px), on_done, failed, owner=owner)
