"""Text repeated down a column, read by OCR, agrees with itself (pure functions over records).

A plan's table prints the same few values down a column: the unit of measure
("INFORME"), the aggregation ("Acumulado Anual"), the priority ("Muy Alta"), the
unit responsible. Read by OCR, one speck or one letter misread makes one row's
reading differ from all the others ("Acumulado Ahual" among 23 readings of
"Acumulado Anual", 004 at 300 dpi grey), and the activity is no longer as printed.

``agree_repeats`` gives such a reading the value the document reads many times when
all of these hold:

* the activity was read by OCR (every page of it): a text layer's text is exact, and
  a document without a page read by OCR is returned untouched;
* the field holds values repeated down a column (``REPEATED_FIELDS``), and the
  majority value is read at least ``MIN_READINGS`` times and ``MAJORITY`` times as
  often as the reading;
* the reading is a near variant of exactly one such value (``variant_kind``): the
  same letters once case, accents, marks and spaces are set aside ("ACumulado Anual",
  "Muy'Alta", "Acumulado Anual."), one letter for a look-alike ("Ahual", "IMFORME"),
  or one letter fewer inside a word ("Acuulado"). A letter more or fewer at a word's
  end is another word ("INFORME"/"INFORMES", "PERSONA"/"PERSONAS"), and so is a word
  more or fewer ("INFORME"/"INFORME TECNICO"), a letter more anywhere, or any other
  letter for another ("ACCION"/"ATENCION");
* the variant is a misreading, not another print (``misread``): a look-alike letter or a
  dropped letter always (no two values of a field of the 11 text documents differ so);
  a difference of case only when the reading is cased as no print is ("ACumulado");
  of accents or marks only when the engine read the reading less surely than it reads
  the value's words in the document ("Gestor de empleo" once among 151 "Gestor de
  Empleo", "Presidencia del CNSM." beside "Presidencia del CNSM": both 000's print).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from statistics import median

from rapidfuzz.distance import Levenshtein

from extractors.layout.records import OcrWord

# Columns whose values repeat down a document's table by design (the activities record
# of extractors/base.py): not the code, the activity's name or its expected result,
# which are each row's own.
REPEATED_FIELDS = ("strategic_line", "verification", "responsible", "measure_unit",
                   "aggregation", "priority", "cost_center")
# The majority value is read at least this often, and this many times as often as the
# reading: a value printed twice and its variant once is left ("Jefe Sección
# Infraestructura" twice and "... Infraestructura." once, both printed in 000), and so are
# two prints of the same letters read about as often ("Registros de ICS-AG" 19 times,
# "Registros de ICS- AG" 9 times in 000; "Intermediación laboral" 11, "... Laboral" 10).
MIN_READINGS = 3
MAJORITY = 3
# A reading of other accents or marks is a misreading when the engine read its words this
# much less surely than the median of the document's readings of the value's words: the
# misreadings of 004 (seeds 13 and 15) were 0.027-0.33 under it ("Ánual" 0.93, "Anual"
# 0.957; "Acumúlado" 0.914, "Acumulado Anual" 0.964; "Anual." 0.791; "Muy'Alta" 0.628,
# "Muy Alta" 0.96); a word read right falls this far under its own
# median in 9% of its readings (6,602 readings of words read 3 times or more on the
# 300 dpi scans), 12% at 0.01.
MARGIN = 0.02

# Letters the engine read one for the other in the repeated columns of the scans (folded:
# small, no accent): "Ahual", "Anuai", "Agumulado", "INFQRME", "¡NFOKME", "IMFORME" (004,
# seeds 13-16 and the committed 300 dpi grey scan); and digits for their letters.
LOOK_ALIKE = frozenset(frozenset(pair) for pair in ("nh", "li", "cg", "oq", "rk", "nm", "o0", "l1", "i1"))
# Marks the engine reads for a stem letter ("¡NFORME" for "INFORME"): compared as a small
# letter, so that a word of capitals begun by one is cased as no print is.
MARK_LETTERS = str.maketrans({"¡": "i", "|": "l"})


def _shape(text: str) -> str:
    """``text``'s letters and digits with their case, without accents, marks or spaces."""
    text = unicodedata.normalize("NFKD", text.translate(MARK_LETTERS))
    return "".join(c for c in text if c.isalnum())


def fold(text: str) -> str:
    """``text`` without case, accents, marks or spaces: what a speck or a misread mark
    cannot change ("Acumulado Ánual." -> "acumuladoanual")."""
    return _shape(text).casefold()


def _words_folded(text: str) -> str:
    """``text`` folded but for its spaces (one between words), to tell a word's ends."""
    return " ".join(w for w in (fold(w) for w in re.split(r"[\s,.;:'’`\"]+", text)) if w)


def variant_kind(reading: str, value: str) -> str | None:
    """How ``reading`` is a near variant of ``value``: "case" (the same letters but for
    their case, accents, marks and spaces), "marks" (the same letters in the same case:
    accents, marks or spaces differ), "look-alike" (one letter for a look-alike),
    "dropped" (one letter fewer inside a word); None when it is not one."""
    if reading == value:
        return None
    if fold(reading) == fold(value):
        return "case" if _shape(reading) != _shape(value) else "marks"
    a, b = _words_folded(reading), _words_folded(value)
    if len(a.split()) != len(b.split()):
        return None
    ops = Levenshtein.editops(a, b)
    if len(ops) != 1:
        return None
    op = ops[0]
    if op.tag == "replace":
        return "look-alike" if frozenset((a[op.src_pos], b[op.dest_pos])) in LOOK_ALIKE else None
    if op.tag == "insert":  # the reading lacks b[dest_pos]: only inside a word
        inside = 0 < op.dest_pos < len(b) - 1 and b[op.dest_pos - 1] != " " and b[op.dest_pos + 1] != " "
        return "dropped" if inside else None
    return None  # a letter more in the reading: another word, or a speck not ours to judge


def _tokens_apart(reading: str, value: str) -> list[str]:
    """The words of ``reading`` that ``value`` does not have (as many times)."""
    left = Counter(value.split())
    apart = []
    for token in reading.split():
        if left[token]:
            left[token] -= 1
        else:
            apart.append(token)
    return apart


def printable_case(text: str) -> bool:
    """Every run of letters in ``text`` is cased as print is: all capitals, all small, or
    one capital then small letters. "ACumulado", "DOcumento" are not (none of the 59,296
    runs of letters in the text fields of tests/fixtures and tests/scans/expected is)."""
    return all(run.isupper() or run.islower() or (run[0].isupper() and run[1:].islower())
               for run in re.findall(r"[^\W\d_]+", text))


def reading_confidence(reading: str, value: str, words: Sequence[OcrWord]) -> float | None:
    """The engine's confidence in the words of ``reading`` that differ from ``value``:
    the least sure of the page's words with those texts (a word cut at a ruling: the
    words inside the text); None when no such word is on the page."""
    found: list[float] = []
    for token in _tokens_apart(reading, value):
        same = [w.confidence for w in words if w.text == token]
        found.extend(same or [w.confidence for w in words if w.text and w.text in token])
    return min(found) if found else None


def usual_confidence(reading: str, value: str, words: Sequence[OcrWord]) -> float | None:
    """How sure the engine usually is of ``value``'s words that ``reading`` lacks: the
    median confidence of the document's words with those texts; None when none is there."""
    apart = set(_tokens_apart(value, reading))
    found = [w.confidence for w in words if w.text in apart]
    return median(found) if found else None


def less_sure(reading: str, value: str, words: Sequence[OcrWord]) -> bool:
    """The engine read ``reading``'s own words less surely, by ``MARGIN``, than it usually
    reads the words of ``value`` in the document (a print read right is as sure as its
    other readings; a misread letter costs the engine some)."""
    confidence, usual = reading_confidence(reading, value, words), usual_confidence(reading, value, words)
    return confidence is not None and usual is not None and confidence < usual - MARGIN


def misread(reading: str, value: str, kind: str, words: Sequence[OcrWord]) -> bool:
    """Whether ``reading``, a near variant of ``value`` of this ``kind``, is ``value``
    misread rather than another print. A look-alike letter or a letter dropped inside a
    word: misread (no two values of any field of the 11 text documents of tests/fixtures
    differ so; the engine's confidence does not tell: "Acumulado Ahual" was read 0.928
    sure where the same page's "Anual" is read at a median of 0.929). Case: misread only
    when the reading is cased as no print is ("ACumulado"); "Gestor de empleo" once among
    151 "Gestor de Empleo" is 000's print. Accents and marks: misread only when the engine
    was less sure of them than of the value's words (``less_sure``: "Acumulado Ánual" at
    0.93 where "Anual" is read at a median of 0.957; "Presidencia del CNSM." is printed beside
    "Presidencia del CNSM" in 000)."""
    if kind in ("look-alike", "dropped"):
        return True
    if kind == "case":
        return not printable_case(reading.translate(MARK_LETTERS))
    return less_sure(reading, value, words)


def agree_repeats(activities: list[dict], pages: Iterable, fields: Sequence[str] = REPEATED_FIELDS) -> list[dict]:
    """``activities`` with each near variant of a value repeated down a column read by
    OCR given that value (the module's rules), in place; returns one record per change
    (field, row, reading, value, kind) for the report."""
    words = {page.number: page.ocr_words for page in pages if page.ocr_words is not None}
    if not words:
        return []
    document = [w for on_page in words.values() for w in on_page]
    changes: list[dict] = []
    for field in fields:
        counts = Counter(a[field] for a in activities if a.get(field))
        common = [v for v, n in counts.items() if n >= MIN_READINGS]
        if not common:
            continue
        for activity in activities:
            reading = activity.get(field)
            if not reading or reading in common:
                continue
            if not all(p in words for p in range(activity["page_first"], activity["page_last"] + 1)):
                continue
            near = [(v, kind) for v in common if counts[v] >= MAJORITY * counts[reading]
                    for kind in [variant_kind(reading, v)] if kind]
            if len(near) != 1:
                continue
            value, kind = near[0]
            if not misread(reading, value, kind, document):
                continue
            activity[field] = value
            changes.append({"field": field, "row": activity.get("row"), "reading": reading, "value": value,
                            "kind": kind})
    return changes
