"""OCR as a text source: scanned pages read from their image into the same
PageContent records as a text layer (glyphs, ruling lines), plus the words the
engine read with its confidence (``PageContent.ocr_words``; None on a page read
from its text layer)."""

from .settings import OcrSettings
from .source import OcrSource, ocr_source, read_page

__all__ = ["OcrSettings", "OcrSource", "ocr_source", "read_page"]
