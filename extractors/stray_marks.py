"""Marks OCR read from specks, standing alone at a text field's ends (pure functions over
drafts).

On a scan a speck beside a field's first or last word is now and then read as a mark of its
own: ``" INFORME`` (a unit of measure), ``OEI.08 MEJORAR EL MODELO ... CIUDADANO +`` (a group
heading), 004 on the seed-60 draw at 300 dpi grey; the activity then no longer says what the
print says. No plan prints such a mark apart from the words at a field's start or end (a
quotation mark, a plus sign, a full stop or a comma after a space): on a page read by OCR it
is dropped. A dash is kept (``GESTION OPERATIVA - UNIDAD TERRITORIAL`` prints one between
words, and a field may end in one), as are brackets and marks inside a field, but for a
guillemet glued to a word with no pair in its field (``«CONTROL``, ``«PLANILLA``: 004 on the
seed-14 and seed-63 draws). Text-layer rows are never changed.
"""

from __future__ import annotations

import re

# Marks that no field prints standing alone at its start or end.
STRAY_MARKS = frozenset('"\'`´+*«»|¦~^.,:;_¡!¿?°')


def stray_marks_dropped(drafts: list, ocr_pages: frozenset[int]) -> list:
    """``drafts`` with each text field and context read on a page read by OCR rid of
    ``STRAY_MARKS`` standing alone at its ends (in place; the drafts are returned)."""
    for draft in drafts:
        if draft.page_first not in ocr_pages:
            continue
        for texts in (draft.fields, draft.context):
            for key, text in texts.items():
                if key != "measure" and text:
                    texts[key] = without_end_marks(text)
    return drafts


# Quotes printed in pairs: an opening one whose field holds no closing one (or the other
# way round) is a speck, glued to the word as it may be.
PAIRED = {"«": "»"}


def without_end_marks(text: str) -> str:
    """``text`` without the words at its ends made of ``STRAY_MARKS`` only, and without the
    quotes glued to a word that have no pair in it (``PAIRED``: 004 on the seed-14 and
    seed-63 draws read "SEGUIMIENTO, «CONTROL Y ..." in an activity's name and "«PLANILLA" as
    a unit of measure, a speck left of the word, and print no guillemet); ``text`` itself
    when nothing else is left (a field of marks alone is the family's to judge)."""
    for opening, closing in PAIRED.items():
        if (opening in text) != (closing in text):
            text = re.sub(rf"(?:(?<!\S){re.escape(opening)}(?=\w)|(?<=\w){re.escape(closing)}(?!\S))", "", text)
    words = text.split(" ")
    start, end = 0, len(words)
    while start < end and _stray(words[start]):
        start += 1
    while end > start and _stray(words[end - 1]):
        end -= 1
    kept = " ".join(words[start:end])
    return kept if kept and (start or end < len(words)) else text


def _stray(word: str) -> bool:
    return bool(word) and all(ch in STRAY_MARKS for ch in word)
