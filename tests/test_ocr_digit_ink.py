"""Digits judged against the page's own print of digits (``extractors/ocr/digit_ink.py``):
a digit the engine read surely whose ink is the shape of the page's samples of another
digit is read again, or flagged. The trap shows on a fresh draw only (``fixtures scans
--seed N``), so its page is scanned and read in the test. A file of its own so that the
test run's second worker takes it."""

from __future__ import annotations

from fixtures.scans import drawn_page_pdf
from replay import ocr_page

from schemas.contract import OCR_MIN_CONFIDENCE

PAT = "000_21c4c1a7181f29ae"


def test_a_7_read_1_sure_is_read_by_the_pages_own_sevens():
    """000's third scanned page (source page 84) on the seed-67 draw at 300 dpi grey: the
    DejaVu Sans "7%" of row 7's planned December was read "1%" 0.94 sure (its "1" 0.99) by
    the page's model; the number model read "7%" at 0.37 twice as large, too unsure to
    replace it, and nothing downstream could catch it (000's monthly percentages need
    not sum to 100): a 1 published where the print has a 7. Its ink is the page's sevens'
    (0.018 from their median shape, whose samples lie within 0.051 of it; 0.206 from the
    page's ones), so it is read again and the number model's reading of a 7 is taken with
    its own confidence: flagged, never published as sure. No "1%" is published sure."""
    page = ocr_page(drawn_page_pdf("scan-300-grey", PAT, 84, 67))
    # The cell: 3102-3145 px across, 1461-1484 down, at 300 dpi.
    (cell,) = [w for w in page.ocr_words if abs(w.x0 - 3102 * 72 / 300) < 3 and abs(w.top - 1461 * 72 / 300) < 3]
    assert cell.text == "7%" and cell.confidence < OCR_MIN_CONFIDENCE
    assert not [w for w in page.ocr_words if w.text == "1%" and w.confidence >= OCR_MIN_CONFIDENCE]
