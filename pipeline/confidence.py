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

from extractors.base import value_quarantine_record
from extractors.layout.records import OCR_MIN_CONFIDENCE, OcrWord


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


def signs_read_for_numbers(activities: Sequence[dict], values: list[dict],
                           quarantine: list[dict]) -> tuple[list[dict], list[dict]]:
    """(values, quarantine) with each value cell read by OCR as signs alone, no digit
    (``read_no_number``), moved to the quarantine as ``ocr_unreadable``, whatever the
    engine's confidence: the machine read no number where the column prints one, and a
    person can read it on the page image. Text-layer values (a lone "%") stay."""
    unread = [v for v in values if read_no_number(v)]
    if not unread:
        return values, quarantine
    names = {a["row"]: a.get("activity") for a in activities}
    return [v for v in values if not read_no_number(v)], quarantine + [unread_cell(v, names.get(v["row"]))
                                                                       for v in unread]


def read_no_number(value: dict) -> bool:
    """Whether ``value`` was read by OCR (it has a confidence) as signs alone, no digit
    (``>``, ``%``, ``≥``): a text layer's lone "%" prints no number, but under OCR such a
    reading is the engine's for ink it could not read. On the seed-41 (grey) and seed-50
    (bitonal) draws of 003 a lone executed "2" was read ">" alone in its cell (0.90 and
    0.83 sure, step 7) and, its foot taken for a bar, "≥" (step 11): a value with no
    number published as sure, in a column whose every other cell prints a number."""
    return value.get("confidence") is not None and value.get("value") is None and not any(
        c.isdigit() for c in str(value.get("raw") or ""))


def unread_cell(value: dict, activity: str | None = None) -> dict:
    """The quarantine record of a value cell OCR read no number in (``ocr_unreadable``), as
    the families write one: the activity's text and the cell's, its page and box, and the
    line it belongs to."""
    cells = [activity, value["raw"]] if activity else [value["raw"]]
    return value_quarantine_record(value["page"], "ocr_unreadable", cells,
                                   (value["x0"], value["top"], value["x1"], value["bottom"]),
                                   value.get("row"), value.get("measure"), value.get("period"))


# A page where at least this share of the value cells OCR read is doubtful (below
# OCR_MIN_CONFIDENCE, or no number) is doubtful as a whole. Measured on 004 (the 3-4 pt
# print; 000-003 have at most one doubtful value a document): its legible pages at 300 dpi
# grey, on the committed scan and seven other draws, 0-21% doubtful, none of their few wrong
# values published sure; a bitonal draw (seed 50) 47% and 64%, where the threshold erased
# decimal points and shifted values between rows, so that of the cells whose own reading
# looked sure 188 were wrong (with its plan year read right).
PAGE_DOUBT_SHARE = 1 / 3
PAGE_DOUBT_MIN_CELLS = 12  # fewer value cells than this say nothing of a page's reading
PAGE_DOUBTED = 0.5  # every value of a doubtful page at most this sure (below OCR_MIN_CONFIDENCE)
UNREADABLE = ("value_not_a_number", "ocr_unreadable")  # the reasons of a value cell read as no number


def doubtful_pages(values: Sequence[dict], quarantine: Sequence[dict],
                   threshold: float = OCR_MIN_CONFIDENCE) -> dict[int, float]:
    """Page -> share of its OCR value cells that are doubtful, for the pages where that share
    reaches ``PAGE_DOUBT_SHARE``: values read below ``threshold`` and cells read as no number."""
    cells: dict[int, list[int]] = {}
    for value in values:
        if value.get("confidence") is not None:
            count = cells.setdefault(value["page"], [0, 0])
            count[0] += 1
            count[1] += value["confidence"] < threshold
    for row in quarantine:
        if row["reason"] in UNREADABLE and row.get("page") in cells:
            cells[row["page"]][0] += 1
            cells[row["page"]][1] += 1
    return {page: doubtful / n for page, (n, doubtful) in sorted(cells.items())
            if n >= PAGE_DOUBT_MIN_CELLS and doubtful / n >= PAGE_DOUBT_SHARE}


def doubt_pages(values: list[dict], pages: dict[int, float]) -> list[dict]:
    """``values`` with every value of the doubtful ``pages`` at most ``PAGE_DOUBTED`` sure
    (new dicts for those changed): where a third of a page's cells failed their reading or
    their line's sum, the cells that look sure are no surer (rows shifted, points lost)."""
    return [{**value, "confidence": PAGE_DOUBTED} if value["page"] in pages and value.get("confidence") is not None
            and value["confidence"] > PAGE_DOUBTED else value for value in values]
