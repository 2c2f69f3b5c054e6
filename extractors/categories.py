"""Categorical fields read by OCR agree with the document's own readings (pure functions
over drafts).

A plan fills some columns from a short list of its own: the unit of measure, the responsible
person or office, the cost centre, CEPLAN's type of aggregation and level of priority. On a scan
one of those cells is now and then read with a speck or a look-alike letter (004 at 300 dpi
grey: ``Atumulado Anual``, ``«Acumulado Ariual``, ``Muy Altar``, ``UNIDAD FUNCIONAL DE,
RECURSOS HUMANOS``), and the activity no longer says what the print says. A reading of such a
field met once, on a page read by OCR, that is a few letters off a reading met on at least
``AGREED_MIN`` rows of the same document (independent readings that agree are the print's),
and off no other, is that reading; so is one met on a few rows, all read by OCR, that a value
``OUTNUMBERED`` times as often read is the one near reading of.

Plans do print near-alike values on purpose, and those are kept: a plural or a gender of the
same words (001 prints ``Documento`` eight times and ``Documentos`` once), the same words with
or without accents, or in another case (typed so by hand). Text-layer rows are never changed.
"""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz.distance import Levenshtein

from .stray_marks import STRAY_MARKS
from .vocabulary import AGGREGATIONS, normalize_label, without_accents

CATEGORICAL_FIELDS = ("responsible", "measure_unit", "aggregation", "priority", "cost_center")
AGREED_MIN = 2  # rows reading a value alike: that value is the print's
# A value read alike on a few rows is still a misreading of one a few letters off it that the
# document reads at least this many times as often, every one of its rows read by OCR: a
# scan's small print misreads one word alike again and again (Chromium's plain 004, seed 560,
# 300 dpi grey: "Muy Alta" read "Muy Ata", its thin l lost, on 5 rows of 24).
OUTNUMBERED = 3
# At most this share of a value's length off it (at least one letter): 3 of "Acumulado Anual".
SHARE_OFF = 0.2
_ENDINGS = ("s", "es")  # the plural of a word: "Documento" and "Documentos" are two values
# Fields a plan fills from a closed list (CEPLAN's types of aggregation, normalised): a reading
# that is none of the list lost letters or whole words to the scan.
CLOSED_LISTS = {"aggregation": AGGREGATIONS}


def categories_agreed(drafts: list, ocr_pages: frozenset[int]) -> list:
    """``drafts`` with each categorical field read once on a page read by OCR, a few letters
    off one value the document reads on ``AGREED_MIN`` rows or more, set to that value, and
    each read as marks alone (``STRAY_MARKS``) empty: no list holds a lone mark, and 004 on
    the seed-63 draw read a speck in an empty responsible cell as "." (in place; the drafts
    are returned)."""
    if not ocr_pages:
        return drafts
    for draft in drafts:
        if draft.page_first in ocr_pages:
            for field in CATEGORICAL_FIELDS:
                if (text := draft.fields.get(field)) and all(ch in STRAY_MARKS or ch.isspace() for ch in text):
                    draft.fields[field] = ""
    for field in CATEGORICAL_FIELDS:
        counts = Counter(text for d in drafts if (text := d.fields.get(field)))
        printed = {text for d in drafts if (text := d.fields.get(field)) and d.page_first not in ocr_pages}
        agreed = [text for text, n in counts.items() if n >= AGREED_MIN]
        for draft in drafts:
            text = draft.fields.get(field)
            if not text or draft.page_first not in ocr_pages or text in printed:
                continue
            if counts[text] == 1:
                near = [value for value in agreed if misread_of(text, value)] or words_lost_of_a_listed(
                    text, agreed, CLOSED_LISTS.get(field, frozenset()))
            else:
                near = [value for value in agreed if counts[value] >= OUTNUMBERED * counts[text]
                        and misread_of(text, value)]
            if len(near) == 1:
                draft.fields[field] = near[0]
    return drafts


def words_lost_of_a_listed(read: str, agreed: list[str], listed: frozenset[str]) -> list[str]:
    """The ``agreed`` values of a closed list (``listed``) whose words ``read`` is a run of,
    when ``read`` is no value of that list: a value with words lost. Chromium's upper-case
    print of 004 on the seed-216 draw (300 dpi grey) read row 7's "Acumulado Anual" as
    "Acumulado", which no CEPLAN aggregation is; the line's sum was not checked, and two
    misread months ("0.60", "17.06") were published sure. "Acumulado" is a run of the words
    of "Acumulado Anual", "Acumulado Mensual" and "No Acumulado" alike: only a document
    that reads one of them on its other rows says which (``categories_agreed`` asks for
    one)."""
    words = normalize_label(read).split()
    if not listed or not words or " ".join(words) in listed:
        return []
    return [value for value in agreed if normalize_label(value) in listed
            and f" {' '.join(words)} " in f" {normalize_label(value)} "]


def misread_of(read: str, value: str) -> bool:
    """Whether ``read`` is ``value`` with marks added (``" INFORME``, 004 seed 60), or a few
    letters off it (``SHARE_OFF``) and not another value a plan prints alike: the same words
    but for accents or case, or a plural or gender."""
    if _alphanumeric(read) == _alphanumeric(value) != "":
        return read != value
    if words_read_as_marks(read, value):
        return True
    if folded(read) == folded(value) or inflected(read, value):
        return False
    most = max(1, int(SHARE_OFF * len(value)))
    return Levenshtein.distance(read, value, score_cutoff=most) <= most


def words_read_as_marks(read: str, value: str) -> bool:
    """Whether ``read`` is ``value`` with one or more of its words read as marks alone: its
    other words are the value's, in order, and each run of tokens without a letter or digit
    stands where one or more of the value's words are (004 at 300 dpi grey, seed 61:
    "Acumulado Anual" read "= = Anual", and the line's sum was not checked, leaving a "0.00"
    read "6.00" published 0.92 sure). A word the value does not print, or a mark with no
    word lost under it ("Técnico - SHO"), is another value."""
    tokens = folded(read).split()
    if all(_alphanumeric(t) for t in tokens) or not any(_alphanumeric(t) for t in tokens):
        return False
    pattern, marks = [], False
    for token in tokens + [""]:
        if token and not _alphanumeric(token):
            marks = True
            continue
        if marks:
            pattern.append(r"\S+(?: \S+)*")
            marks = False
        if token:
            pattern.append(re.escape(token))
    return re.fullmatch(" ".join(pattern), folded(value)) is not None


def inflected(a: str, b: str) -> bool:
    """The same words, one or more in another number or gender ("Técnico SHO" and
    "Técnicas SHO"), compared without accents or case."""
    words_a, words_b = folded(a).split(), folded(b).split()
    return len(words_a) == len(words_b) and words_a != words_b and all(
        x == y or _same_stem(x, y) for x, y in zip(words_a, words_b))


def folded(text: str) -> str:
    """``text`` without accents or case, its spaces collapsed; its marks kept (a full stop
    read after a value is a speck, not the value)."""
    return " ".join(without_accents(text).lower().split())


def _alphanumeric(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _same_stem(x: str, y: str) -> bool:
    stems_x, stems_y = _stems(x), _stems(y)
    return bool(stems_x & stems_y)


def _stems(word: str) -> set[str]:
    """The word and its stem without a plural ending, then without a gender vowel."""
    forms = {word} | {word[: -len(e)] for e in _ENDINGS if word.endswith(e) and len(word) > len(e) + 2}
    return forms | {f[:-1] for f in forms if f[-1:] in ("o", "a") and len(f) > 3}
