"""How sure the machine was of each value read by OCR (pure functions over records).

A page read by OCR keeps the words the engine read, each with its confidence
(``PageLayout.ocr_words``). A value's confidence is that of the least sure word
inside its cell: one doubtful digit makes the whole number doubtful. A cell on
such a page whose text is no number and whose confidence is below
``OCR_MIN_CONFIDENCE`` was not readable by the machine: it goes to quarantine as
``ocr_unreadable`` (a person can read it on the page image), not as a value that
"is not a number".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from extractors.layout.records import OcrWord
from schemas.contract import OCR_MIN_CONFIDENCE


def ocr_pages_of(pages: Iterable) -> list[int]:
    """Numbers of the pages read by OCR (layouts whose ``ocr_words`` is set)."""
    return [page.number for page in pages if page.ocr_words is not None]


def unsure_pages(pages: Iterable) -> list[int]:
    """Numbers of the pages read by OCR whose reading is mostly unsure (print too small
    or too damaged for the scan's resolution; ``extractors.ocr.source.legible``)."""
    from extractors.ocr.source import legible  # OpenCV and the engine: only for scans

    return [page.number for page in pages if page.ocr_words and not legible(page.ocr_words)]


def box_confidence(box: Sequence[float], words: Sequence[OcrWord]) -> float | None:
    """The confidence of the least sure word whose centre lies in ``box`` (x0, top, x1,
    bottom); else of the words overlapping it; None when no word is there."""
    x0, top, x1, bottom = box
    inside = [w.confidence for w in words
              if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom]
    if not inside:
        inside = [w.confidence for w in words if w.x0 < x1 and w.x1 > x0 and w.top < bottom and w.bottom > top]
    return round(min(inside), 4) if inside else None


def add_confidence(values: list[dict], quarantine: list[dict], pages: Iterable,
                   threshold: float = OCR_MIN_CONFIDENCE) -> None:
    """Give every value on a page read by OCR its confidence (``None`` elsewhere), and
    turn each unreadable cell's ``value_not_a_number`` into ``ocr_unreadable``; in place."""
    words = {page.number: page.ocr_words for page in pages if page.ocr_words is not None}
    for value in values:
        on_page = words.get(value["page"])
        value["confidence"] = (None if on_page is None else
                               box_confidence((value["x0"], value["top"], value["x1"], value["bottom"]), on_page))
    for row in quarantine:
        on_page = words.get(row["page"])
        if row["reason"] == "value_not_a_number" and on_page is not None and row.get("box"):
            confidence = box_confidence(row["box"], on_page)
            if confidence is None or confidence < threshold:
                row["reason"] = "ocr_unreadable"
