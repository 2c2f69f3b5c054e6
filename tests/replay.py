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


def own_size_render(page, dpi: int):
    """A page drawn as ``extractors.ocr.image.render_page`` draws it (greyscale, ``dpi``),
    but at its exact size: PDFium sizes a render by rounding up the page's width times the
    scale, and a 792 pt page times 300/72 is 3300.0000000000005 px in floating point, so
    the page is rendered 3301 px wide, a 300 dpi scan's 3300 px image stretched by a
    column, every column a blend of two. Rendered 3300 px wide, a 300 dpi scan is drawn
    with its own pixels (a 150 dpi one enlarged to 3300, not 3301): the same print
    resampled otherwise, a held-out reading of the committed scans (``tests/ocr_score.py
    --own-size``; set in place of ``extractors.ocr.source.render_page``)."""
    import numpy as np

    width = page.get_size()[0]
    bitmap = page.render(scale=(round(width * dpi / 72) - 0.01) / width, grayscale=True)
    try:
        array = bitmap.to_numpy()
        return np.array(array[:, :, 0] if array.ndim == 3 else array, copy=True)
    finally:
        bitmap.close()
