"""A text source giving pages already read, for tests that read a PDF once and use the
pages twice (the slow sources: pdfminer, OCR)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium


def ocr_page(pdf: Path | bytes, index: int = 1, number: int | None = None, settings=None, engine=None):
    """Page ``index`` (1-based) of a PDF (its path, or its bytes: a page drawn by
    ``fixtures.scans.drawn_page_pdf``) read by OCR as the pipeline reads it, numbered
    ``number`` (``index`` by default): its ``PageContent``."""
    from extractors.ocr import OcrSettings, read_page  # the engine: only for the tests of scans

    document = pdfium.PdfDocument(str(pdf) if isinstance(pdf, Path) else pdf)
    try:
        page = document[index - 1]
        return read_page(page, number or index, *page.get_size(), settings or OcrSettings(), engine).content
    finally:
        document.close()


class Replay:
    """The pages of one document as read before (the TextSource protocol)."""

    def __init__(self, name: str, contents: list | tuple):
        self.name, self.contents = name, tuple(contents)

    def count_pages(self, path: Path) -> int:
        return len(self.contents)

    def iter_pages(self, path: Path):
        return iter(self.contents)
