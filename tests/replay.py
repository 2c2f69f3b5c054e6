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
    """A page drawn by ``extractors.ocr.image.render_page`` (greyscale, ``dpi``), but at the
    size its scan is stored, unstretched: PDFium sizes a render by rounding up the page's
    width times the scale, and a 792 pt page times 300/72 is 3300.0000000000005 px in
    floating point, so a 3300 px scan is rendered 3301 px wide, every column a blend of
    two. The same print, resampled otherwise: a held-out reading of the committed scans
    (``tests/ocr_score.py --own-size``; set in place of ``extractors.ocr.source.render_page``)."""
    import numpy as np

    width = next(iter(page.get_objects())).get_metadata().width  # the scan: a page of one image
    bitmap = page.render(scale=(width - 0.01) / page.get_size()[0], grayscale=True)
    try:
        array = bitmap.to_numpy()
        return np.array(array[:, :, 0] if array.ndim == 3 else array, copy=True)
    finally:
        bitmap.close()
