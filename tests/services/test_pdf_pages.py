"""PDF previews: real documents drawn as pictures on a worker; damaged ones are an error to
show, never a crash; long ones are capped."""

import io
import threading

import pypdfium2 as pdfium
import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.sandbox.artifacts import pdf_report
from aitasker_desktop.services import pdf_pages
from aitasker_desktop.services.pdf_pages import (
    PDFIUM_LOCK,
    PdfPages,
    PdfUnreadable,
    RenderedPdf,
    render_pdf,
)
from aitasker_desktop.services.runner import Runner


def pages_pdf(count: int) -> bytes:
    """Everything made is closed here, under the app's lock (see PDFIUM_LOCK)."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument.new()
        try:
            for _ in range(count):
                document.new_page(595, 842).close()
            out = io.BytesIO()
            document.save(out)
        finally:
            document.close()
    return out.getvalue()


def test_the_sandboxs_report_is_a_real_pdf_with_its_text() -> None:
    data = pdf_report(title="Green (tea) \\ ☕", brief="A brief.", agent="Quill & Co").content
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)
        try:
            page = document[0]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
        finally:
            document.close()
    assert "Green (tea) \\ ?" in text and "Quill & Co" in text
    rendered = render_pdf(data, 300)
    page = rendered.pages[0]
    assert rendered.page_count == 1 and page.width == 300 and page.height > 400
    assert len(page.pixels) == page.stride * page.height
    assert set(page.pixels[: page.stride]) != {0}  # drawn, white paper not black


def test_long_documents_are_capped() -> None:
    rendered = render_pdf(pages_pdf(15), 200)
    assert rendered.page_count == 15
    assert [p.number for p in rendered.pages] == list(range(1, pdf_pages.MAX_PAGES + 1))


@pytest.mark.parametrize(
    "data",
    [b"", b"not a pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>", pages_pdf(1)[:200]],
)
def test_damaged_documents_are_an_error_to_show(data: bytes) -> None:
    with pytest.raises(PdfUnreadable):
        render_pdf(data, 200)


def test_pages_are_drawn_off_the_gui_thread(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []
    real = pdf_pages.render_pdf

    def watched(data: bytes, width: int, max_pages: int = pdf_pages.MAX_PAGES) -> RenderedPdf:
        threads.append(threading.current_thread().name)
        return real(data, width, max_pages)

    monkeypatch.setattr(pdf_pages, "render_pdf", watched)
    runner = Runner()
    results: list[RenderedPdf] = []
    errors: list[BaseException] = []
    service = PdfPages(runner)
    service.render(pages_pdf(2), 100, results.append, errors.append)
    service.render(b"garbage", 100, results.append, errors.append)
    qtbot.waitUntil(lambda: len(results) + len(errors) == 2)
    runner.shutdown()
    assert threads and threading.main_thread().name not in threads
    assert len(results) == 1 and results[0].page_count == 2
    assert isinstance(errors[0], PdfUnreadable)
