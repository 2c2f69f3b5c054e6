"""Words read again without the specks in them.

Specks that touch or sit beside letters survive the page's despeckling (which keeps
any blot near ink: it may be a full stop, a dot, an accent), and the engine reads
them into the text: a dot between two words glues them ("recibidas.por"), one above
a vowel is an accent ("realizáda"), a white drop-out in a stroke turns "l" into "i"
("Resuitado"), and a few around a heading's capitals spoil its whole line ("HUMANO"
read "ARAN"). Once the page is read, each line's em is known, and with it the
smallest mark its type prints (``SPECK_EM2``): in the box of each word the engine was
not sure of, anything smaller is cleaned away (``image.clean_specks``) and the word
is read again alone. The second reading replaces the first only when the engine is
surer of it: a word is never changed by anything but the engine's own reading.

A word holding a mark the engine is unsure of (``UNSURE``) is read again too, by the
Spanish and the English models (``tesseract.LINE_MODEL``): the Spanish model reads
"N°" as "N*" or "N?", the English one reads it right. Such a word is replaced only by
a reading the engine is sure of (``SURE``): read alone, without its line, an unsure
"ICS-" of a blurred scan comes back "1CS-" at 0.77.

Two traps are judged from the ink and the line instead of a second reading: a mark read
"*" or "?" whose ink is a raised ring is a degree sign (``rings_to_degrees``: no model
reads 001's "N°" surely, read alone it comes back "N"), and a full stop or comma with
less than a space after it, standing in the space between two words, is a speck in that
space (``marks_in_spaces``: "para.que").
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import chain, pairwise
from typing import NamedTuple

import cv2
import numpy as np

from .cells import line_ems
from .chars import DASHES, QUOTE_EM, STOP_MIN_EM, WORD_BREAK, is_speck, median, rise, word_baseline
from .image import clean_specks, label_ink, pale_box, true_runs, uncut_blots
from .signs import NUMBER_SIGNS
from .tesseract import INK_LEVEL, NUMBER, PALE_INK, EngineWord, Glyph, mean_confidence, word_of
from ..vocabulary import without_accents

# Words the engine is at least this sure of are left as read.
REREAD_BELOW = 0.96
# A blot of ink smaller than this share of the line's em squared is a speck: the full
# stops and i-dots of the samples' text measure 0.010 em² and more once scanned, the
# specks 0.002-0.006 em².
SPECK_EM2 = 0.006
# A hole in the ink smaller than this is a drop-out: a 2 px drop-out measures 0.004 em² in
# 8 pt type at 300 dpi, where the counter of a "°" measures 0.008 em² and more.
HOLE_EM2 = 0.004
# A word with a mark, read less sure than this, is read again even without a speck...
UNSURE = 0.7
# ... and replaced only by a reading at least this sure; so is any word read less sure
# than DOUBTFUL: a speck touching a letter is no blot of its own, so nothing is cleaned
# ("EMPLÉEABILIDAD" at 0.38 on 004, a speck on the E's top; alone: "EMPLEABILIDAD", 0.93).
SURE = 0.9
DOUBTFUL = 0.5
# A white gap across a stroke is a drop-out when the ink above and below it is each at
# least this tall (em): the two halves of a cut capital (0.26 em each on 004's 3 pt
# print), not an i's dot (0.1-0.15 em).
STROKE_EM = 0.2
MARGIN_EM = 0.1  # around a word's ink box, cleaned and read with it
# Ink at least this tall (em) is a letter's, not a full stop's, a comma's or a colon's
# dot (0.1-0.3 em).
LETTER_BLOT_EM = 0.4
# The marks a speck after a word's last letter is read as ("personal.", "SEMINARIOS:").
# Not "-" or ";": on the 150 dpi scan of 003 a printed "Trabajo-" and "SOCIAL;" lose ink
# to the cleaning too, each past its last letter.
END_SPECK_MARKS = frozenset(".,:")


# Letters a Spanish accent or tilde goes over.
ACCENTABLE = frozenset("AEIOUNaeioun")
# A mark above a letter: a blot whose bottom is at least this far (em) above the top of
# the letter's ink (its rise), at most MARK_EM tall, its top within ABOVE_EM of the baseline.
MARK_GAP_EM = 0.04
# ... measured from the top of the letter's own ink where that lies lower: the ink of the
# blots over the letter that reach this near the baseline (em).
LETTER_FOOT_EM = 0.1
MARK_EM = 0.3
ABOVE_EM = 1.15
# A mark above a letter with at least this much ink (its darkness summed, in em²) is an
# accent, however little of it passes a threshold. A 1-bit scanner thins the acute of a
# capital to 4-6 pixels, which the grey scanner's blur of step 1 spreads so that 1-3 of
# them are left darker than the threshold, an area the size of a speck (step 9 cleaned
# the acute of "AUTORIZACIÓN" on 003's bitonal scan, 3 px). Summed darkness is what the
# blur does not change: on the 28 pages of 000-003 at 300 dpi, grey and bitonal, every
# speck where an accent is printed (ACCENT_CENTRE_EM, ACCENT_GAP_EM) measures at most
# 0.0060 em² (2 by 2 px), capital accents thinned by the threshold 0.0058-0.0093
# ("AUTORIZACIÓN" 0.0073), printed ones 0.0108 and more. A thinned accent under
# ACCENT_EM2 has a speck's ink and is cleaned as one.
ACCENT_EM2 = 0.0065
# ... and sits where an accent is printed: its middle within ACCENT_CENTRE_EM of its
# letter's, its bottom at most ACCENT_GAP_EM above the letter's top. On the same pages the
# accents of capitals are 0.00-0.05 em off their letter's middle and 0.06-0.13 em above
# it; the specks of more ink above letters (0.0062-0.0094 em²) 0.17-0.32 em off the
# middle or 0.25-0.3 em above.
ACCENT_CENTRE_EM = 0.1
ACCENT_GAP_EM = 0.2
# Pixels (beyond a blot's ink) over which its darkness is summed: its blur.
BLUR_REACH = 2


def marks_above(gray: np.ndarray, word: EngineWord, em: float, accented: bool = True,
                ) -> list[tuple[Glyph, tuple[int, int, int, int]]]:
    """The blots of ink (darker than ``INK_LEVEL``) above the letters of ``word`` that
    could carry an accent (``ACCENTABLE``; with ``accented``, those read with one too, by
    their letter): apart from the letter, above the top of its ink (``MARK_GAP_EM``),
    small (``MARK_EM``), their middle over the letter; each with its letter and box
    (pixels: x0, top, x1, bottom)."""
    base = round(word_baseline(word, em))
    top = max(0, base - round(ABOVE_EM * em))
    ink = (gray[top:base, word.x0:word.x1] < INK_LEVEL).astype(np.uint8)
    count, _, stats, _ = label_ink(ink)
    blots = stats[1:count].tolist()
    marks = []
    letters = None  # each letter with its base letter, found once for all the word's marks
    for x, y, width, height, _ in blots:
        if height > MARK_EM * em or y == 0:
            continue
        middle = word.x0 + x + width / 2
        if letters is None:
            letters = [(g, unicodedata.normalize("NFD", g.text)[:1] if accented else g.text) for g in word.glyphs]
        for g, letter in letters:
            if not g.x0 <= middle < g.x1 or letter not in ACCENTABLE:
                continue
            bottom = top + y + height
            if bottom <= base - (rise(letter) + MARK_GAP_EM) * em or \
                    bottom <= top + _letter_top(blots, g.x0 - word.x0, g.x1 - word.x0, base - top, em) - MARK_GAP_EM * em:
                marks.append((g, (word.x0 + x, top + y, word.x0 + x + width, top + y + height)))
                break
    return marks


def _letter_top(blots: list[list[int]], x0: int, x1: int, base: int, em: float) -> float:
    """The top (pixels of the crop ``marks_above`` labels, its ``base`` the baseline) of the
    ink of a letter in the columns ``x0``..``x1``: of the blots there that reach within
    ``LETTER_FOOT_EM`` of the baseline; the baseline itself when none does. A letter's ink
    can stop short of the rise its kind is given (``rise``, the cap height by the line's
    em): on Chromium's plain 003 scanned bitonal (seed 580) the E of "TÉCNICA" rose 0.67
    em, and its acute, 0.11 em above its ink, was no mark above it (the cap height put its
    top 2 px higher), so step 9 cleaned it as a speck and the heading of 23 activities read
    "TECNICA"."""
    tops = [y for x, y, width, height, _ in blots
            if x < x1 and x0 < x + width and y + height >= base - LETTER_FOOT_EM * em]
    return min(tops, default=base)


def ink_mass(gray: np.ndarray, box: tuple[int, int, int, int], reach: int = BLUR_REACH) -> float:
    """The darkness (0 for paper, 1 for black) summed over the blot of ink in ``box`` and
    its blur: the pixels within ``reach`` of its ink and not next to other ink."""
    h, w = gray.shape
    x0, top, x1, bottom = box
    wx0, wtop, wx1, wbottom = max(0, x0 - reach - 1), max(0, top - reach - 1), min(w, x1 + reach + 1), \
        min(h, bottom + reach + 1)
    window = gray[wtop:wbottom, wx0:wx1]
    ink = window < INK_LEVEL
    own = np.zeros_like(ink)
    own[top - wtop:bottom - wtop, x0 - wx0:x1 - wx0] = ink[top - wtop:bottom - wtop, x0 - wx0:x1 - wx0]
    near = cv2.dilate(own.view(np.uint8), np.ones((2 * reach + 1, 2 * reach + 1), np.uint8)) > 0
    others = cv2.dilate((ink & ~own).view(np.uint8), np.ones((3, 3), np.uint8)) > 0
    return float((255 - window[near & ~others].astype(np.float32)).sum() / 255)


def accent_marks(gray: np.ndarray, words: list[EngineWord], line_em: dict[int, float],
                 ) -> list[tuple[int, int, int, int]]:
    """The boxes (pixels) of the marks above letters (``marks_above``, the letters read
    with an accent too) where an accent is printed, with an accent's ink (``ACCENT_EM2``):
    not specks, whatever their area at a threshold."""
    boxes = []
    for word in words:
        if not any(unicodedata.normalize("NFD", c)[:1] in ACCENTABLE for c in word.text):
            continue
        em = line_em[word.line]
        base = word_baseline(word, em)
        for g, box in marks_above(gray, word, em):
            if sits_as_accent(g, box, base, em) and ink_mass(gray, box) >= ACCENT_EM2 * em * em:
                boxes.append(box)
    return boxes


def sits_as_accent(letter: Glyph, box: tuple[int, int, int, int], baseline: float, em: float) -> bool:
    """Whether a mark (``box``, pixels) above ``letter`` sits where an accent is printed:
    its middle within ``ACCENT_CENTRE_EM`` of the letter's, its bottom at most
    ``ACCENT_GAP_EM`` above the letter's top (its rise over ``baseline``)."""
    x0, _, x1, bottom = box
    letter_top = baseline - rise(unicodedata.normalize("NFD", letter.text)[:1]) * em
    return abs((x0 + x1) - (letter.x0 + letter.x1)) / 2 <= ACCENT_CENTRE_EM * em and \
        letter_top - bottom <= ACCENT_GAP_EM * em


def boxes_mask(boxes: list[tuple[int, int, int, int]], x0: int, top: int, x1: int, bottom: int) -> np.ndarray | None:
    """The pixels of the crop ``(x0, top, x1, bottom)`` inside any of ``boxes``; None when
    none of them reaches it."""
    mask = None
    for bx0, btop, bx1, bbottom in boxes:
        if bx0 < x1 and x0 < bx1 and btop < bottom and top < bbottom:
            if mask is None:
                mask = np.zeros((bottom - top, x1 - x0), bool)
            mask[max(0, btop - top):bbottom - top, max(0, bx0 - x0):bx1 - x0] = True
    return mask


def despeckle_words(gray: np.ndarray, words: list[EngineWord],
                    ) -> tuple[np.ndarray, list[EngineWord], dict[int, float], list[tuple]]:
    """``gray`` with the specks cleaned in the box of every word and number; ``words``
    without the end marks that were specks (``speck_at_end``); the words of text to read
    again, each as its index -> the confidence a second reading must exceed; and their
    boxes (pixels), in that order.
    Read again: a word that had a speck, when the engine is less sure of it than
    ``REREAD_BELOW`` or the speck was under a letter with a mark or a mark it read
    (``speck_under_mark``: a speck over a capital read surely as an accent, "DÉ" at
    0.97); and one with a mark read less sure than ``UNSURE``. Numbers are not among
    them: they are read again anyway."""
    line_em = line_ems(words)
    if line_em is None:
        return gray, words, {}, []
    out = gray
    words = list(words)
    picked: dict[int, float] = {}
    boxes = []
    h, w = gray.shape
    # Found on the page as read, before any word's box is cleaned: a word's box reaches
    # into the marks above the next line's letters.
    accents = accent_marks(gray, words, line_em)
    for k, word in enumerate(words):
        number = bool(NUMBER.match(word.text))
        if not any(c.isalnum() for c in word.text):
            continue
        em = line_em[word.line]
        margin = max(2, round(MARGIN_EM * em))
        x0, top, x1, bottom = max(0, word.x0 - margin), max(0, word.top - margin), min(w, word.x1 + margin), \
            min(h, word.bottom + margin)
        cleaned = clean_specks(out[top:bottom, x0:x1], SPECK_EM2 * em * em, (0 if number else HOLE_EM2) * em * em,
                               0 if number else STROKE_EM * em, boxes_mask(accents, x0, top, x1, bottom))
        changed = None
        if cleaned is not None:
            changed = cleaned != out[top:bottom, x0:x1]
            if out is gray:
                out = gray.copy()
            if not number and speck_at_end(out[top:bottom, x0:x1], cleaned, em):
                words[k] = word = without_end_marks(word)
            out[top:bottom, x0:x1] = cleaned
        if number:
            continue
        if changed is not None and (word.confidence < REREAD_BELOW or speck_under_mark(word, changed, x0)):
            picked[k] = word.confidence
        elif word.confidence < DOUBTFUL or (word.confidence < UNSURE and not word.text.isalnum()):
            picked[k] = max(word.confidence, SURE)
        else:
            continue
        boxes.append((x0, top, x1, bottom))
    _, next_word = line_order(words)
    before = {b: a for a, b in next_word.items()}
    out_boxes = []
    for k, box in zip(picked, boxes):
        neighbours = (words[before[k]] if k in before else None, words[next_word[k]] if k in next_word else None)
        others = [(o.x0, o.top, o.x1, o.bottom) for j, o in enumerate(words)
                  if j != k and o.top < box[3] and box[1] < o.bottom]
        out_boxes.append(clear_of_neighbours(out, out_to_ink(out, box, line_em[words[k].line], *neighbours, others),
                                             words[k], *neighbours))
    return out, words, picked, out_boxes


def out_to_ink(gray: np.ndarray, box: tuple[int, int, int, int], em: float, before: EngineWord | None,
               after: EngineWord | None, others: list[tuple[int, int, int, int]] = ()) -> tuple[int, int, int, int]:
    """``box`` (a word's, to read it again alone) widened over the blots of a letter's
    height (``LETTER_BLOT_EM``) that lie partly or wholly outside it, wholly within its
    rows and an em of it, nearer to it than to the boxes of the words before and after
    it on its line: letters the engine's boxes left out. The engine's boxes of a word's
    letters can drift off their ink: on 000's second page of the bitonal scan
    "inspecciones" (0.85) had its "e" and "s" boxed 8-14 px left of their ink, the word's
    box ended 3 px short of the "s", and read alone over it (specks cleaned) the word came
    back "inspeccione", surer (0.91): a letter lost. A speck or a full stop is no letter's
    height, and a blot running on past the reach (a line, the next cell's text) is left,
    as is one that a word of ``others`` (the boxes of the page's other words) reaches: a
    word of the next cell, on another engine line ("de" taken into the word before it
    across a cell's border read "d de")."""
    x0, top, x1, bottom = box
    h, w = gray.shape
    reach = round(em)
    left = max(0, x0 - reach, before.x1 + 1 if before is not None and before.x1 < x0 else 0)
    right = min(w, x1 + reach, after.x0 if after is not None and after.x0 > x1 else w)
    band = (gray[top:bottom, left:right] < INK_LEVEL).astype(np.uint8)
    if not band.size:
        return box
    count, _, stats, _ = label_ink(band)
    out_x0, out_x1 = x0, x1
    for n in range(1, count):
        bx, by, bw, bh = (int(v) for v in stats[n, :4])
        bx0, bx1 = left + bx, left + bx + bw
        if bh < LETTER_BLOT_EM * em or by == 0 or by + bh == band.shape[0] or bx == 0 or bx + bw == band.shape[1]:
            continue
        if (bx0 < x0 or bx1 > x1) and any(ox0 < bx1 and bx0 < ox1 and otop < top + by + bh and top + by < obottom
                                          for ox0, otop, ox1, obottom in others):
            continue
        if bx1 > x1 and (after is None or bx0 - x1 <= after.x0 - bx1):
            out_x1 = max(out_x1, bx1 + 1)
        if bx0 < x0 and (before is None or x0 - bx1 <= bx0 - before.x1):
            out_x0 = min(out_x0, bx0 - 1)
    return max(0, out_x0), top, min(w, out_x1), bottom


def clear_of_neighbours(gray: np.ndarray, box: tuple[int, int, int, int], word: EngineWord,
                        before: EngineWord | None, after: EngineWord | None) -> tuple[int, int, int, int]:
    """``box`` (a word's, to read it again alone) drawn in off the words before and after
    it on its line: where it reaches into their boxes, to the first column of paper past
    them (within its first and last letter's middles, so that none of its own letters is
    cut). A speck beside a word's first letter widens the engine's box of it: on 000's
    second page read at 301 dpi "solicitudes" was boxed 8 px into the "e" of the "de"
    before it, and read alone over that box came back "e solicitudes", surer (0.97 against
    0.89), so the line read "de e solicitudes"."""
    x0, top, x1, bottom = box
    paper = ~(gray[top:bottom, x0:x1] < INK_LEVEL).any(axis=0)
    first, last = word.glyphs[0], word.glyphs[-1]
    if before is not None and before.x1 > x0:
        limit = min((first.x0 + first.x1) // 2, x1) - x0
        cols = np.flatnonzero(paper[max(0, before.x1 - x0):limit]) + max(0, before.x1 - x0)
        if cols.size:
            x0 += int(cols[0])
    if after is not None and after.x0 < x1:
        limit = max((last.x0 + last.x1) // 2 - box[0], 0)
        cols = np.flatnonzero(paper[limit:min(after.x0, x1) - box[0]]) + limit
        if cols.size:
            x1 = box[0] + int(cols[-1]) + 1
    return x0, top, x1, bottom


def speck_at_end(before: np.ndarray, after: np.ndarray, em: float) -> bool:
    """Whether the cleaning of a word's box (``before`` -> ``after``) took away ink right
    of every letter, apart from them by paper, and what is left ends in a letter (ink at
    least ``LETTER_BLOT_EM`` tall, not a full stop): a speck after the word's last letter,
    which the engine reads as a full stop ("personal." on 001's bitonal scan, a 3 by 2 px
    speck on the baseline 3 px after the "l")."""
    ink_before = np.flatnonzero((before < INK_LEVEL).any(axis=0))
    ink_after = np.flatnonzero((after < INK_LEVEL).any(axis=0))
    # No ink before and some after: the box of a word read from print paler than INK_LEVEL
    # (004's 3 pt print on the seed-22 draw, its darkest pixel 220-244), where mending a
    # drop-out made 2 px of ink; nothing was taken away. (It raised IndexError: the
    # document was not read.)
    if not ink_after.size or not ink_before.size or ink_before[-1] <= ink_after[-1] \
            or (before[:, ink_after[-1] + 1] < INK_LEVEL).any():
        return False
    _, labels, stats, _ = label_ink((after < INK_LEVEL).astype(np.uint8))
    last = {n for n in labels[:, ink_after[-1]] if n}
    return max(stats[n, cv2.CC_STAT_HEIGHT] for n in last) >= LETTER_BLOT_EM * em


def without_end_marks(word: EngineWord) -> EngineWord:
    """``word`` without the full stop, comma or colon (``END_SPECK_MARKS``) read after its
    last letter or digit: the engine's reading of a speck cleaned away."""
    glyphs = word.glyphs
    if len(glyphs) < 2 or glyphs[-1].text not in END_SPECK_MARKS or not glyphs[-2].text.isalnum():
        return word
    return word_of(list(glyphs[:-1]), word)._replace(dictionary=word.dictionary)


DEGREE = "\u00b0"
# A degree sign is a ring: at most this tall (em), its bottom at least this far above
# the baseline (em; it sits at cap height), around a hole of at least HOLE_EM2.
DEGREE_MAX_EM = 0.5
DEGREE_RAISED_EM = 0.3


def speck_under_mark(word: EngineWord, cleaned: np.ndarray, x0: int) -> bool:
    """Whether a speck cleaned from ``word``'s box (``cleaned``: the pixels changed, the
    box starting at column ``x0``) lies across a letter read with a mark (an accent, a
    tilde) or a mark: the engine read the speck into the word."""
    columns = np.flatnonzero(cleaned.any(axis=0)) + x0
    return any(not (g.text.isascii() and g.text.isalnum()) and
               bool(((columns >= g.x0) & (columns < g.x1)).any()) for g in word.glyphs)


def rings_to_degrees(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with each mark read as a look-alike of a degree sign (``degree_lookalike``)
    after a letter or digit spelled "°" where its ink is a ring: a raised blot
    (``DEGREE_RAISED_EM``), small (``DEGREE_MAX_EM``), around a hole larger than a
    drop-out (``HOLE_EM2``). An asterisk's arms, a question mark's hook, a quote's
    comma-shaped strokes hold no hole. The engine's models barely know the "°": 001's
    column label "N°" read "N*" at 0.55-0.60 on two scans and "N”" (a closing double
    quote, 0.52) on the bitonal one read at 299 dpi, and read alone it comes back "N"
    (0.91), so the column of codes was not found (activity recall 0.67, codes 11-15
    empty). A word of an "N" and one "o" or "e" is judged so too (``number_sign_read``):
    the number sign, "N°" or "Nº" (whose raised o is underlined), read "Ne" (0.62) on
    Chromium's bordered print of 001 (seed-216 draw, 300 dpi grey), its code column lost
    (activity recall 0.267)."""
    line_em = line_ems(words)
    if line_em is None:
        return words
    out = list(words)
    for k, word in enumerate(words):
        number_sign = number_sign_read(word)
        if not number_sign and not any(degree_lookalike(g.text) for g in word.glyphs[1:]):
            continue
        em = line_em[word.line]
        base = word_baseline(word, em)
        glyphs = list(word.glyphs)
        for j, g in enumerate(glyphs):
            if j == 0 or not (degree_lookalike(g.text) or number_sign) or not glyphs[j - 1].text.isalnum():
                continue
            if g.bottom > base - DEGREE_RAISED_EM * em or g.bottom - g.top > DEGREE_MAX_EM * em:
                continue
            if holds_hole(gray[g.top:g.bottom, g.x0:g.x1], HOLE_EM2 * em * em):
                glyphs[j] = g._replace(text=DEGREE)
        if glyphs != list(word.glyphs):
            out[k] = word._replace(text="".join(g.text for g in glyphs), glyphs=tuple(glyphs))
    return out


def number_sign_read(word: EngineWord) -> bool:
    """Whether ``word`` is an "N" and one small "o" or "e": a number sign's ring read as a
    letter ("No", "Ne"), when its ink is a raised ring (``rings_to_degrees``). In a longer
    word an "o" or "e" is a letter, boxed raised and small now and then (below)."""
    return len(word.glyphs) == 2 and word.glyphs[0].text == "N" and word.glyphs[1].text in ("o", "e")


# The marks a degree sign is misread as: raised marks whose own print holds no ring ("N°"
# read "N*", "N?", "N”"), so that a ring in their ink is the degree sign's. Not "%", "@",
# "&", "#" or "$", which print rings or holes of their own: 000's "8%" (its glyph boxed
# raised, 0.69) was made "8°" and the value lost.
# A "2" too: "N°" read "N2" on Chromium's, Writer's and Calc's prints of 001 (0.59-0.70
# sure, the code column lost); a "2" holds no hole, raised (a square metre's) or not. Not
# "o" or "e", which print holes of their own: the engine boxes them raised and small now
# and then ("Humano" would be "Human°" on the seed-175 draw).
DEGREE_LOOKALIKES = frozenset("*?\"'`\u00b4^\u201c\u201d\u2018\u2019" "2")


def degree_lookalike(text: str) -> bool:
    """Whether a glyph read as ``text`` may be a degree sign misread (``DEGREE_LOOKALIKES``)."""
    return text in DEGREE_LOOKALIKES


def holds_hole(gray: np.ndarray, min_area: float) -> bool:
    """Whether the ink of ``gray`` (darker than ``INK_LEVEL``) encloses paper of at
    least ``min_area`` pixels."""
    if gray.size == 0:
        return False
    paper = np.pad(gray >= INK_LEVEL, 1, constant_values=True).astype(np.uint8)
    count, labels, stats, _ = label_ink(paper, connectivity=4)
    outside = labels[0, 0]
    return any(stats[n, cv2.CC_STAT_AREA] >= min_area for n in range(1, count) if n != outside)


def surer(reading: list[EngineWord], than: float) -> bool:
    """Whether a second reading replaces a word: it reads letters or digits, and the
    engine is surer of each of its words than ``than``."""
    return bool(reading) and all(any(c.isalnum() for c in r.text) and r.confidence > than for r in reading)


def sure_enough(reading: list[EngineWord], than: float) -> bool:
    """Whether a word's first reading alone (of two, ``TesseractEngine.read_lines``) is
    kept without the second: it replaces the word (``surer``) and is at least ``UNSURE``
    sure on average. Of 177 such first readings (of 316) on the 16 pages of
    scan-300-grey, no second reading was surer with other text."""
    return surer(reading, than) and mean_confidence(reading) >= UNSURE


def replace_surer(words: list[EngineWord], picked: dict[int, float], readings: list[list[EngineWord]],
                  ) -> list[EngineWord]:
    """``words`` with ``words[k]`` (k in ``picked``) replaced by its second reading when
    that is ``surer`` than ``picked[k]`` and keeps its degree signs (read from their ring,
    ``rings_to_degrees``: read alone, "N°" comes back "N" at 0.93) and its closing
    semicolon: on 003's 150 dpi scan "SOCIAL;" (0.69), read alone on the page cleaned of
    its specks, came back "SOCIAL" (0.96), and the action heading every activity under it
    carries lost its ";" (a printed ";" loses ink to the cleaning, ``END_SPECK_MARKS``)."""
    again = dict(zip(picked, readings))
    out: list[EngineWord] = []
    for k, word in enumerate(words):
        reading = again.get(k)
        if reading is not None and surer(reading, picked[k]) and \
                (DEGREE not in word.text or any(DEGREE in r.text for r in reading)) and \
                not (word.text.endswith(";") and reading and not reading[-1].text.endswith(";")):
            out.extend(r._replace(line=word.line) for r in reading)
        else:
            out.append(word)
    return out


def letters_kept(word: EngineWord, reading: list[EngineWord]) -> bool:
    """Whether a second reading alone (step 9) would only turn a word of capitals into small
    letters that are other letters too, its marks where they were: one word as long, the
    same marks in the same places, a small letter, and other letters but for their case.
    Print sets a word in capitals or not (``lone_small_letters``), and the line's other
    words are read so; the engine's dictionary is no guide here (it knows "oe"). 004's
    objective heading on the seed-65 draw: a cell read "... CONDICIONES DE. DESEMPLEO" (a
    speck after DE read as its full stop, 0.54) came back alone as "oe." (0.66): surer, and
    every activity under the heading carried "Oe"."""
    letters = [c for c in word.text if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters) or len(reading) != 1:
        return False
    new = reading[0].text
    return len(new) == len(word.text) and any(c.islower() for c in new) and new.upper() != word.text and all(
        a == b for a, b in zip(word.text, new) if not (a.isalnum() and b.isalnum()))


# The letters whose accent a reading alone may drop and ``accents_kept`` puts back: capital
# vowels. Their printed accents are pale smears the engine drops; over a small letter an
# uncleaned speck read as an accent is dropped rightly (001, seed 15: "desárrollo",
# "personál"), and an Ñ's tilde is a degree sign's ring as often (003, seed 14: "Ñ 017-2012").
ACCENTED_CAPITALS = frozenset("AEIOU")


def accents_kept(before: np.ndarray, gray: np.ndarray, word: EngineWord, reading: list[EngineWord],
                 em: float) -> list[EngineWord]:
    """A second reading alone (step 9) with the accents of the first put back where it reads
    their letters bare (capital vowels, ``ACCENTED_CAPITALS``), when the cleaning of the
    word's specks (``despeckle_words``: ``before`` the page as first read, ``gray``
    cleaned) changed no pixel over that letter
    (its columns, from the word's cleaned margin above it down to the letter's middle): the
    ink the first reading read as an accent is what the second reading was shown too, and
    the engine reading a word alone at another scale drops a pale accent now and then. A
    speck read as an accent is cleaned before the word is read again, and its letter stays
    bare ("acciónes", "CÓNTROL"). 004's objective heading on the seed-65 draw: its cell read
    "POBLACIÓN;" (0.75: a speck over the B); read alone, with the speck cleaned and the
    printed accent (paler than ``INK_LEVEL``) left, "POBLACION;" (0.97), and every activity
    under the heading lost its accent."""
    if len(reading) != 1 or len(reading[0].text) != len(word.text) or len(reading[0].glyphs) != len(word.text) \
            or len(word.glyphs) != len(word.text):
        return reading
    new = reading[0].text
    lost = [k for k, (a, b) in enumerate(zip(word.text, new)) if a != b]
    if not lost or any(without_accents(word.text[k]) != new[k] or new[k] not in ACCENTED_CAPITALS for k in lost):
        return reading
    top = max(0, word.top - max(2, round(MARGIN_EM * em)))
    for k in lost:
        g = word.glyphs[k]
        middle = (g.top + g.bottom) // 2
        if g.x1 <= g.x0 or middle <= top or (before[top:middle, g.x0:g.x1] != gray[top:middle, g.x0:g.x1]).any():
            return reading
    text = "".join(word.text[k] if k in lost else c for k, c in enumerate(new))
    glyphs = tuple(g._replace(text=c) for g, c in zip(reading[0].glyphs, text))
    return [reading[0]._replace(text=text, glyphs=glyphs)]


# The letters either side of a printed full stop are further apart than an ordinary word
# gap (by the mark and the space after it): a speck in a space leaves them a word gap apart.
SPACE_AND_STOP = 1.25
# A full stop's or a comma's head rises this far (em) above the baseline at most (0.1-0.15 em).
STOP_RISE_EM = 0.15
# ... measured so only on print whose em is this many pixels or more: on smaller print a
# letter's foot at the baseline is a pixel or two, and its letters fall apart there in runs
# of a pixel (004's 3 pt print at 300 dpi, an em of 15 px).
BASELINE_MIN_PX = 30
# Ink gaps between the words of a line wider than this many em are columns, not spaces.
SPACE_MAX_EM = 1.0
STOPS = frozenset(".,")
# Inside a word of capitals a mark is judged between two runs of at least this many
# capitals (an abbreviation or a code, "S.L.", "AEI.08", has shorter runs or digits)...
CAPITALS_RUN = 3
# ... whose letters stand at least this share of a word gap apart: the room of a space
# (004, seed 14: "BIENESTAR.DEL", a speck in the space, 0.37 em apart on a page of 0.32 em
# gaps, 1.17 of one).
SPACE_MIN = 0.75


def marks_in_spaces(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` without the full stops and commas that are specks in a space: a mark
    after a letter and before a letter (in its word, or the next word of its line) that
    leaves the two letters no further apart than ``SPACE_AND_STOP`` of the line's
    ordinary word gap (the median ink gap between its other words, ``word_gap``; the
    page's on a line of fewer than three). A printed full stop sits on the baseline like
    such a speck; what tells it apart is the space after it, on top of its own width.
    Judged only in words the engine is less sure of than ``REREAD_BELOW``: inside a word
    between two lowercase letters ("para.que", split there; an abbreviation or a code,
    "S.L.", "AEI.08", has capitals or digits there) or between two runs of capitals
    (``capitals_either_side``) at least ``SPACE_MIN`` of a word gap apart ("BIENESTAR.DEL",
    004 seed 14: a printed stop with no space after it leaves less room), and at a word's
    end on a line of at least three gaps ("LA. AMPLIACIÓN": 6 px of paper after the mark where the line's
    words are 10-14 px apart). The letters' distance is measured on their ink where it
    falls apart as letter, mark, letter (``letters_apart``), else on the engine's boxes,
    which drift: at 299 dpi the "." of "recibidas.por" was boxed from inside the "s" to
    a pixel before the "p", and the letters, 0.43 em apart in ink (0.21 em of paper after
    the mark, the page's word gap 0.39), measured 0.52 em apart by their boxes.

    The paper after the mark is not asked for: it is the line's word gap less the
    speck, so at small print it sits at the edge of any share of the gap (000, seed 13:
    "identificación. de", 10 px after a speck on a line of 13-14 px gaps, 0.77), while
    the letters stand one gap apart (13 px, 1.0 of it); 002's printed "IV. Metas" leaves
    them 1.76 gaps apart.

    So too a comma between a code's last digits and a run of capitals
    (``digits_then_capitals``): Chromium's print of 003 (seed-216 draw, 300 dpi grey) sets
    "AEI.01.01 ASISTENCIA", and a comma-shaped speck in the space was read
    "AEI.01.01,ASISTENCIA" (0.26): every activity's action began ",ASISTENCIA". A comma is
    followed by a space in print; a full stop there is not asked about: codes print one with
    no space after it ("OEI.01.PROMOVER"), which leaves the digit and the capital a word gap
    apart too (003 read at 299 dpi)."""
    line_em = line_ems(words)
    if line_em is None:
        return words
    by_line, next_word = line_order(words)
    following = {a: words[b] for a, b in next_word.items()}
    gaps: dict[int, dict[int, float]] = {}  # line -> ink gap after each of its words, in em
    for line, ks in by_line.items():
        for a, b in pairwise(ks):
            gap = word_gap(gray, words[a], words[b]) / line_em[line]
            if 0 < gap < SPACE_MAX_EM:
                gaps.setdefault(line, {})[a] = gap
    page_space = median([g for gs in gaps.values() for g in gs.values()]) if gaps else None
    out: list[EngineWord] = []
    for k, word in enumerate(words):
        if word.confidence >= REREAD_BELOW or not any(g.text in STOPS for g in word.glyphs):
            out.append(word)
            continue
        em = line_em[word.line]
        # The gap after the word is the one judged, not an ordinary one.
        others = [gap for a, gap in gaps.get(word.line, {}).items() if a != k]
        line_space = median(others) if len(others) > 2 else None
        glyphs, pieces = list(word.glyphs), []
        start = 0
        for j, g in enumerate(glyphs):
            code_then_word = g.text == "," and 0 < j < len(glyphs) - 1 and digits_then_capitals(glyphs, j)
            if g.text not in STOPS or j == 0 or not (glyphs[j - 1].text.isalpha() or code_then_word):
                continue
            least = 0.0  # the share of a word gap the letters stand apart at least
            if j + 1 < len(glyphs):  # inside the word: between two lowercase letters, or runs of capitals
                after = glyphs[j + 1]
                if capitals_either_side(glyphs, j) or code_then_word:
                    least = SPACE_MIN
                elif not (glyphs[j - 1].text.islower() and after.text.islower()):
                    continue
            elif (nxt := following.get(k)) is not None and nxt.glyphs and line_space is not None:
                after = nxt.glyphs[0]  # at its end, before the next word: on a line of words
            else:
                continue
            if not after.text.isalpha() or (space := line_space or page_space) is None:
                continue
            if least * space <= letters_apart(gray, word, glyphs[j - 1], after, g, em) / em < SPACE_AND_STOP * space:
                pieces.append(glyphs[start:j])
                start = j + 1
        if not pieces:
            out.append(word)
            continue
        pieces.append(glyphs[start:])
        out.extend(word_of(p, word) for p in pieces if p)
    return out


def digits_then_capitals(glyphs: list[Glyph], j: int) -> bool:
    """Whether the mark ``glyphs[j]`` stands between digits (a code's last part, from the
    word's start or another mark) and a run of ``CAPITALS_RUN`` capitals or more reaching
    the word's end or another mark."""
    before, after = runs_either_side(glyphs, j)
    return bool(before) and all(c.isdigit() for c in before) and _capitals_run(after)


def capitals_either_side(glyphs: list[Glyph], j: int) -> bool:
    """Whether the mark ``glyphs[j]`` stands between two runs of ``CAPITALS_RUN`` capitals
    or more, each reaching the word's end or another mark."""
    return all(map(_capitals_run, runs_either_side(glyphs, j)))


def runs_either_side(glyphs: list[Glyph], j: int) -> tuple[list[str], list[str]]:
    """The glyphs' texts before the mark ``glyphs[j]`` back to the word's start or another
    mark (nearest first), and after it to the word's end or another mark."""
    before, after = [], []
    for g in reversed(glyphs[:j]):
        if g.text in STOPS:
            break
        before.append(g.text)
    for g in glyphs[j + 1:]:
        if g.text in STOPS:
            break
        after.append(g.text)
    return before, after


def _capitals_run(run: list[str]) -> bool:
    return len(run) >= CAPITALS_RUN and all(len(c) == 1 and c.isalpha() and c.isupper() for c in run)


# A printed full stop or comma between two letters or digits of a word takes room of its
# own: the paper between them is at least this much (em) more than between the word's
# other letters. On the 30 pages of 000-003 (300 dpi grey and bitonal, committed draw, and
# 003 on the seed-13 draw) such marks give 0.08-0.11 em more ("V.01", "$10,000.00") and
# up; a speck on the baseline beside a digit, read as a full stop inside a code
# ("AOI000.15400182"), none (0.00).
STOP_ROOM_EM = 0.04


def stops_without_room(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` without the full stops and commas read between two letters or digits
    that leave them no further apart than the word's other letters (``STOP_ROOM_EM``):
    a speck at the baseline, in the letter gap. The paper is measured on the ink, between
    the middles of the letters either side (``paper_between``), against the median of the
    word's other pairs of letters. Judged only in words the engine is less sure of than
    ``REREAD_BELOW``, and not in numbers: their marks are the number model's and their
    table's form's (on 3 pt print the digits and the decimal point of "0.00" touch)."""
    line_em = line_ems(words)
    if line_em is None:
        return words
    out = []
    for word in words:
        glyphs = word.glyphs
        inner = [j for j in range(1, len(glyphs) - 1) if glyphs[j].text in STOPS
                 and glyphs[j - 1].text.isalnum() and glyphs[j + 1].text.isalnum()]
        if word.confidence >= REREAD_BELOW or not inner or NUMBER.match(word.text):
            out.append(word)
            continue
        letters = [paper_between(gray, word, a, b) for a, b in pairwise(glyphs) if a.text.isalnum() and b.text.isalnum()]
        if not letters:
            out.append(word)
            continue
        room = STOP_ROOM_EM * line_em[word.line] + median(letters)
        specks = {j for j in inner if paper_between(gray, word, glyphs[j - 1], glyphs[j + 1]) < room}
        out.append(word_of([g for j, g in enumerate(glyphs) if j not in specks], word) if specks else word)
    return out


def paper_between(gray: np.ndarray, word: EngineWord, before: Glyph, after: Glyph) -> int:
    """The columns of paper (no ink in ``word``'s rows) between the middles of ``before``
    and ``after``."""
    return int((~inked_columns(gray, word, before, after)[1]).sum())


def inked_columns(gray: np.ndarray, word: EngineWord, before: Glyph, after: Glyph) -> tuple[int, np.ndarray]:
    """The first column (page pixels) of the middle of ``before`` and, from it to the
    middle of ``after``, whether each column holds ink (darker than ``INK_LEVEL``) in
    ``word``'s rows."""
    x0, x1 = (before.x0 + before.x1) // 2, (after.x0 + after.x1) // 2
    return x0, (gray[word.top:word.bottom, x0:max(x0, x1)] < INK_LEVEL).any(axis=0)


def word_gap(gray: np.ndarray, word: EngineWord, nxt: EngineWord) -> int:
    """The paper (pixels) between ``word`` and the next word of its line: the widest run
    of columns without ink (in the rows of those two glyphs) from the start of its last
    glyph that is no full stop or comma to the end of ``nxt``'s first; on the engine's
    boxes where there is no ink there. Measured on the ink: the engine's boxes of bold print drift by a fifth
    of an em (002, seed 14, "IV. Metas Operativas: Gestión Administrativa": the G of
    `Gestión` boxed from 11 px, the A of `Administrativa` 13 px, right of their ink, the
    colon's box over the s before it), which made the line's word gaps 33 px where the
    print leaves 20-23 px. After a full stop it is the space after the mark."""
    last = next((g for g in reversed(word.glyphs) if g.text not in STOPS), None)
    boxes = nxt.x0 - (word.x1 if last is None else last.x1)
    if last is None or not nxt.glyphs:
        return boxes
    first = nxt.glyphs[0]
    rows = slice(min(last.top, first.top), max(last.bottom, first.bottom))
    inked = (gray[rows, last.x0:max(last.x0, first.x1)] < INK_LEVEL).any(axis=0)
    if not inked.any():
        return boxes
    return max((b - a for a, b in true_runs(~inked)), default=0)


def letters_apart(gray: np.ndarray, word: EngineWord, before: Glyph, after: Glyph,
                  mark: Glyph | None = None, em: float | None = None) -> int:
    """The paper (pixels) between the letters either side of a mark (``before``,
    ``after``), measured on their ink (``ink_between``) where it falls apart in three
    (letter, mark, letter); else, given the ``mark`` and its line's em, where the mark sits
    (``ink_at_the_baseline``); else on the engine's boxes. A capital whose arm reaches over
    the stop after it (Chromium's bold "IV. Metas": the V's top right over the stop, the V
    boxed to the stop's right edge) joins the two in the word's rows, and its box left the
    letters a word gap apart, as a speck in the space leaves them: the stop was taken out
    of the heading of six activities. At the baseline the V's foot, the stop and the M
    stand apart, 0.83 em from foot to M (the boxes gave 0.45). Only where the engine boxed
    the letter over the mark: elsewhere a letter's foot says less than its box (an "r"'s
    stem stands back from its arm)."""
    runs = ink_between(gray, word, before, after)
    if len(runs) == 3:
        (_, end), _, (start, _) = runs
        return start - end
    boxed_over = mark is not None and em is not None and before.x1 > mark.x0  # its box says nothing of the room
    if boxed_over and (apart := ink_at_the_baseline(gray, word, before, after, mark, em)) is not None:
        return apart
    return after.x0 - before.x1


def ink_at_the_baseline(gray: np.ndarray, word: EngineWord, before: Glyph, after: Glyph, mark: Glyph,
                        em: float) -> int | None:
    """The paper (pixels) between the ink either side of ``mark``'s own in the rows a full stop
    or a comma's head takes (the baseline and ``STOP_RISE_EM`` above it), from ``before``'s
    first column to ``after``'s middle: from the end of the run of ink before the run under
    the mark's box to the start of the run after it; None where no run lies under the box
    with ink on both sides of it, or on print under ``BASELINE_MIN_PX``."""
    if em < BASELINE_MIN_PX:
        return None
    base = round(word_baseline(word, em))
    x0 = before.x0
    rows = gray[max(0, base - round(STOP_RISE_EM * em)):base + 1, x0:max(x0, (after.x0 + after.x1) // 2)]
    runs = [(x0 + a, x0 + b) for a, b in true_runs((rows < INK_LEVEL).any(axis=0))]
    under = [k for k in range(1, len(runs) - 1) if mark.x0 <= (runs[k][0] + runs[k][1]) // 2 < mark.x1]
    if not under:
        return None
    k = under[-1]  # the last: a letter's foot can stand under the mark's box too (an N's right stem)
    return runs[k + 1][0] - runs[k - 1][1]


def ink_between(gray: np.ndarray, word: EngineWord, before: Glyph, after: Glyph) -> list[tuple[int, int]]:
    """The runs of ink columns (page pixels, darker than ``INK_LEVEL`` in ``word``'s rows)
    from the middle of ``before`` to the middle of ``after``: three where a mark read
    between them stands apart from both (the letter's end, the mark, the next letter's
    start). Measured on the ink: the engine's box of a mark drifts over its neighbours."""
    x0, columns = inked_columns(gray, word, before, after)
    return [(x0 + a, x0 + b) for a, b in true_runs(columns)]


# A printed hyphen is a bar at least this wide (em): 0.19-0.24 em of ink on the 70 pages
# of 000-003 (the grey scan read at 299, 300 and 301 dpi, bitonal, upside down); the
# specks read "-" between two letters there measured 0.03-0.07 em.
HYPHEN_MIN_EM = 0.12


def hyphens_of_a_speck(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` without each "-" read between two letters of a word whose ink, apart
    from both letters, is narrower than a printed hyphen (``HYPHEN_MIN_EM``): a speck
    half way up in the space between two words ("Apoyo-a la Lactancia", 000 read at 301
    dpi: a 3 by 2 px speck, 0.06 em, the engine's box of the "-" 21 px wide over it). The
    word is split there where the letters are a word break apart (``WORD_BREAK``) in
    ink, else its two parts are joined. A hyphen between digits (a code, a date) is left
    as read: on small print a printed dash can scan as a pixel's core. So is a "-" read
    after a word's last letter, apart from it, of a speck's width: Writer's print of 004
    (seed 201, 300 dpi grey) read "DESARROLLO DE PERSONAS" as "DE- PERSONAS" (0.90) over
    a 2 by 2 px speck (0.1 em) at mid-height after the E, in two activities' names."""
    def specks(word: EngineWord, em: float) -> dict[int, bool]:
        glyphs, out = word.glyphs, {}
        if glyphs[-1].text == "-" and glyphs[-2].text.isalpha() \
                and (end := trailing_mark_width(gray, word)) is not None and end < HYPHEN_MIN_EM * em:
            out[len(glyphs) - 1] = False
        if "-" not in word.text[1:-1]:
            return out
        for j in range(1, len(glyphs) - 1):
            if glyphs[j].text == "-" and glyphs[j - 1].text.isalpha() and glyphs[j + 1].text.isalpha() and \
                    len(runs := ink_between(gray, word, glyphs[j - 1], glyphs[j + 1])) == 3 and \
                    runs[1][1] - runs[1][0] < HYPHEN_MIN_EM * em:
                out[j] = runs[2][0] - runs[0][1] >= WORD_BREAK * em
        return out

    return without_inner_specks(words, specks)


def trailing_mark_width(gray: np.ndarray, word: EngineWord) -> int | None:
    """The width (pixels) of the ink of ``word``'s last glyph, a mark, where it stands apart
    from the letter before it: the last run of inked columns (in the word's rows) from
    that letter's middle to the word's end, when there are two or more; else None (a mark
    run into the letter, or over no ink of its own)."""
    before, mark = word.glyphs[-2], word.glyphs[-1]
    return _mark_width(gray, word, (before.x0 + before.x1) // 2, max(word.x1, mark.x1), last=True)


def _mark_width(gray: np.ndarray, word: EngineWord, start: int, stop: int, last: bool) -> int | None:
    """The width (pixels) of the last (``last``) or first run of inked columns, in
    ``word``'s rows, from column ``start`` to ``stop``: a mark at a word's end or start
    standing apart from the letter beside it; None when the ink is one run."""
    runs = true_runs((gray[word.top:word.bottom, start:max(start, stop)] < INK_LEVEL).any(axis=0))
    if len(runs) < 2:
        return None
    a, b = runs[-1] if last else runs[0]
    return b - a


def minus_of_a_speck(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` without a "-" read before a number's first digit whose ink, apart from the
    digit, is narrower than a printed hyphen (``HYPHEN_MIN_EM``): a minus sign is as wide
    as one. On 003's second page of the bitonal seed-159 draw a 3 by 3 px speck (0.10 em)
    at mid-height before a planned "13" was read "-13", 0.74 sure: a negative goal,
    published wrong and sure. A minus whose ink runs into the digit is left as read."""
    line_em = line_ems(words)
    if line_em is None:
        return words
    out: list[EngineWord] = []
    for word in words:
        glyphs = word.glyphs
        if len(glyphs) >= 2 and glyphs[0].text == "-" and glyphs[1].text.isdigit() and NUMBER.match(word.text[1:]):
            width = _mark_width(gray, word, max(0, glyphs[0].x0 - 2), (glyphs[1].x0 + glyphs[1].x1) // 2, last=False)
            if width is not None and width < HYPHEN_MIN_EM * line_em[word.line]:
                out.extend(without_glyphs(word, {0: False}))
                continue
        out.append(word)
    return out


# Marks printed as a cross or a pair of angles, a body of their own: each prints ink at
# least this wide and this tall (in its line's em; a printed "+" at 6-11 pt spans 0.4-0.6).
SIGN_MIN_EM = 0.2
SIGNS_OF_INK = frozenset("+*«»")


def signs_of_a_speck(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` without a word of one such mark (``SIGNS_OF_INK``) whose ink is narrower or
    shorter than ``SIGN_MIN_EM``: a speck. On 003's second page, rendered at the scan's own
    size (3300 px, not 3301), a 1 by 2 px speck before "AEI.01.01.ASISTENCIA" in its cell
    was read "+" (0.60 sure), the cell no longer began with its code, and none of the 23
    activities of the table kept its strategic action. A round bullet read "+" (11 px,
    0.3 em) is ink of that size, and stays as read; so does a mark boxed off its ink
    (no ink under its box to judge)."""
    line_em = line_ems(words)
    if line_em is None:
        return words
    out: list[EngineWord] = []
    for word in words:
        if word.text in SIGNS_OF_INK:
            ink = gray[word.top:word.bottom, word.x0:word.x1] < INK_LEVEL
            rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
            least = SIGN_MIN_EM * line_em[word.line]
            if rows.size and (rows[-1] - rows[0] + 1 < least or columns[-1] - columns[0] + 1 < least):
                continue
        out.append(word)
    return out


def without_inner_specks(words: list[EngineWord], specks_of) -> list[EngineWord]:
    """``words`` without the marks inside them that ``specks_of(word, em)`` finds to be
    specks (glyph index -> whether the word breaks there; ``without_glyphs``), judged in
    words of at least three glyphs."""
    line_em = line_ems(words)
    if line_em is None:
        return words
    out: list[EngineWord] = []
    for word in words:
        specks = specks_of(word, line_em[word.line]) if len(word.glyphs) >= 3 else {}
        out.extend(without_glyphs(word, specks) if specks else [word])
    return out


def without_glyphs(word: EngineWord, specks: dict[int, bool]) -> list[EngineWord]:
    """``word`` without its glyphs in ``specks`` (index -> whether the word breaks there):
    marks read from specks inside it, the word split where its letters either side of
    one are a word break apart."""
    pieces, piece = [], []
    for j, g in enumerate(word.glyphs):
        if j not in specks:
            piece.append(g)
        elif specks[j]:
            pieces.append(piece)
            piece = []
    pieces.append(piece)
    return [word_of(p, word) for p in pieces if p]


# Quote marks a speck is read as inside a word (judged by their size: ``chars.is_speck``).
# Not full stops or commas: a bitonal scan thins a decimal point to the size of a speck.
QUOTES = frozenset("'\"`")
# A double quote's two ticks side by side span at least this (em; 0.25-0.3 em printed,
# 0.42 thresholded on Calc's 200 dpi 004); a speck is as wide as it is tall (0.1-0.2 em).
DOUBLE_QUOTE_WIDE_EM = 0.3


def quotes_in_words(words: list[EngineWord]) -> list[EngineWord]:
    """``words`` without the quote marks read inside a word that no printed quote of its
    line's size could be (``chars.is_speck``: under 0.18 em tall), standing in the paper
    between the letters either side of it: specks. Where those letters are a word break
    apart (``WORD_BREAK``) the word is split there, as the engine would have read it
    without the speck. On 002's bitonal scan a 2 by 4 px speck in the space of "≥ 85%"
    (0.12 em tall, 13 px of paper between the sign and the 8, 0.4 em) was read into it,
    "≥'85%", no number, and the value was lost. At a word's ends such marks are dropped
    when the words become records (``chars.trim_specks``)."""
    def specks(word: EngineWord, em: float) -> dict[int, bool]:
        glyphs = word.glyphs
        if not any(g.text in QUOTES for g in glyphs[1:-1]) or any(b.x0 < a.x0 for a, b in pairwise(glyphs)):
            return {}
        return {j: glyphs[j + 1].x0 - glyphs[j - 1].x1 >= WORD_BREAK * em for j in range(1, len(glyphs) - 1)
                if glyphs[j].text in QUOTES and is_speck(glyphs[j], em)
                and glyphs[j - 1].x1 <= glyphs[j].x0 and glyphs[j].x1 <= glyphs[j + 1].x0}

    return without_inner_specks(words, specks)


def stops_after_signs(words: list[EngineWord]) -> list[EngineWord]:
    """``words`` without a full stop or comma read between a comparison sign
    (``signs.NUMBER_SIGNS``) and a digit: a number prints a digit before its decimal point
    (0.85, not .85), so the mark is a speck in the space after the sign (the word is not
    split there: sign and number are one value). 002's third page on the seed-127 draw
    read "≥ 85%" as "≥.85%" (a 2 px speck on the baseline, 0.92 sure), and 85% was
    published as 0.85%, wrong and sure."""
    def specks(word: EngineWord, em: float) -> dict[int, bool]:
        glyphs = word.glyphs
        return {j: False for j in range(1, len(glyphs) - 1)
                if glyphs[j].text in STOPS and glyphs[j - 1].text in NUMBER_SIGNS and glyphs[j + 1].text.isdigit()}

    return without_inner_specks(words, specks)


# Marks no text prints a full stop after (an abbreviation's stop comes before them: "etc.,").
NO_STOP_AFTER = frozenset(",;:")


def stops_after_marks(words: list[EngineWord]) -> list[EngineWord]:
    """``words`` without a full stop read at a word's end right after a comma, semicolon or
    colon (``NO_STOP_AFTER``): no text prints one there, so it is a speck beside the mark.
    Chromium's plain 003 at 300 dpi grey (seed 550): a speck at mid-height just right of the
    ";" of "LABORAL;" in the objective's heading was read "LABORAL;." (0.61), and the
    section of all 23 activities under it differed from the print."""
    def specks(word: EngineWord, em: float) -> dict[int, bool]:
        glyphs = word.glyphs
        return {len(glyphs) - 1: False} if glyphs[-1].text == "." and glyphs[-2].text in NO_STOP_AFTER else {}

    return without_inner_specks(words, specks)


def dashes_read_twice(words: list[EngineWord]) -> list[EngineWord]:
    """``words`` without a dash ending a word when that dash stands alone after it too,
    starting within the word's height of it, its middle on the word's rows (the page
    reading may give it a line of its own): one dash's ink read twice. Chromium's
    plain 004 (seed 580, 300 dpi grey) read "AOI00106600086 - GESTIÓN" as
    "AOI00106600086-" (its dash boxed 1 px wide, 0.5 pt left of the ink) and "-" over the
    printed dash: the activity's name came out "-GESTIÓN"."""
    def alone_after(word: EngineWord, dash: EngineWord) -> bool:  # its middle on the word's rows
        mark = word.glyphs[-1]
        return dash.text == mark.text and word.top <= (dash.top + dash.bottom) / 2 <= word.bottom \
            and mark.x0 <= dash.x0 <= mark.x1 + word.bottom - word.top

    dashes = [w for w in words if w.text in DASHES]
    twice = {k for k, w in enumerate(words) if len(w.glyphs) > 1 and w.glyphs[-1].text in DASHES
             and any(alone_after(w, dash) for dash in dashes)}
    if not twice:
        return words
    return [kept for k, w in enumerate(words)
            for kept in (without_glyphs(w, {len(w.glyphs) - 1: False}) if k in twice else [w])]


def leading_quotes_of_a_speck(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` without a quote mark read at a word's start from a speck: its box no
    printed quote of its line's size could be (``chars.is_speck``) and, between it and the
    ink of the word's first letter (the leftmost blot at least ``LETTER_BLOT_EM`` tall), no
    blot as tall as a quote (``QUOTE_EM``) that its own box leaves out. On 004's 3-4 pt print a
    3 by 3 px speck on the grey fill of the header, touching the top of "AVANCE
    ACUMULADO"'s A, was read '"AVANCE' (0.91): the label named no column and the annual
    figures of all 24 activities were lost. ``chars.trim_specks`` judges end marks by their
    box only when the word's letter boxes are in order, and the engine had boxed the
    letters out of order. The ink says what the box cannot: the engine boxed the opening
    quote of 004's '"TRABAJA' on a 2 px speck too, the quote's own ink (ticks 6 px tall)
    inside the next letter's box, and that quote stays. The quote may follow a dash read
    in the same word: on the committed 300 dpi grey scan of 004 (page 2) the dash between
    an activity's code and name was read with a speck after it, '-"GESTION' (0.18), and
    the activity's name began with a quote; the dash stays."""
    line_em = line_ems(words)
    if line_em is None:
        return words
    h, w = gray.shape
    out = list(words)
    for k, word in enumerate(words):
        glyphs = word.glyphs
        lead = 0
        while lead < len(glyphs) - 1 and glyphs[lead].text in DASHES:  # a dash read before a quote ('-"GESTION')
            lead += 1
        if len(glyphs) - lead < 2 or glyphs[lead].text not in QUOTES or not any(c.isalnum() for c in word.text):
            continue
        mark, em = glyphs[lead], line_em[word.line]
        start = glyphs[lead - 1].x1 if lead else -1  # ink left of it is the dash's
        # After a dash, a box inside the next letter's (by at least half its width) is no
        # box of the mark's own ink: the engine's boxes are out of order, and the ink alone
        # decides. Not at a word's start: 004's footnote prints '"No Acumulado"', whose
        # quote (3 pt print) is boxed so and has no blot of its own apart from the N.
        after = glyphs[lead + 1]
        on_letter = lead > 0 and \
            min(mark.x1, after.x1) - max(mark.x0, after.x0) >= 0.5 * max(1, mark.x1 - mark.x0)
        small = is_speck(mark, em)
        if not small and not on_letter:
            continue
        x0, x1, top, bottom = max(0, word.x0), min(w, word.x1), max(0, word.top), min(h, word.bottom)
        if x1 <= x0 or bottom <= top:
            continue
        _, labels, stats, _ = label_ink((gray[top:bottom, x0:x1] < INK_LEVEL).astype(np.uint8))
        left, tall = stats[1:, cv2.CC_STAT_LEFT] + x0, stats[1:, cv2.CC_STAT_HEIGHT]
        right = left + stats[1:, cv2.CC_STAT_WIDTH]
        letters = tall >= LETTER_BLOT_EM * em
        if not letters.any():
            continue
        first = left[letters].min()
        # A speck's box: quote-tall ink outside it is a quote's. A box on a letter: any.
        apart = ((left >= mark.x1) | (right <= mark.x0)) if small else True
        if ((right <= first) & (left >= start) & apart & (tall >= QUOTE_EM * em)).any():
            continue  # a quote's ink apart from its box: the engine boxed the quote on a speck beside it
        if not on_letter and is_quote_joined_to_letter(labels == 1 + np.flatnonzero(letters & (left == first))[0],
                                                       mark, after.x0 - x0, em):
            continue
        out[k] = word_of(list(glyphs[:lead] + glyphs[lead + 1:]), word)
    return out


def is_quote_joined_to_letter(blot: np.ndarray, mark: Glyph, letter_x0: int, em: float) -> bool:
    """Whether ``blot`` (a mask of the first letter's ink, in its word's box), where it lies
    left of the letter's own box (``letter_x0``, in the mask's columns), holds the quote
    ``mark`` read there: ink in the upper half of the letter's height (where a quote is
    printed, not a stem), at least ``QUOTE_EM`` tall or, for a double quote (two ticks
    side by side), ``DOUBLE_QUOTE_WIDE_EM`` wide. LibreOffice Calc sets 004's '"TRABAJA'
    with its quote a hair from the T: at 200 dpi the blur joins the two, the quote's ink
    thresholds 3 px tall (0.16 em) and the engine boxed it so, and no ink apart from the
    letter was left to keep it: the unit lost its opening quote and no activity was named
    as printed. A speck touching a letter is as wide as it is tall (004's 3 by 3 px)."""
    rows = np.flatnonzero(blot.any(axis=1))
    if rows.size == 0 or letter_x0 <= 0:
        return False
    joined = blot[:, :letter_x0]
    ink_rows, ink_cols = np.flatnonzero(joined.any(axis=1)), np.flatnonzero(joined.any(axis=0))
    if ink_rows.size == 0 or ink_rows.max() > (rows.min() + rows.max()) / 2:
        return False
    tall, wide = ink_rows.max() - ink_rows.min() + 1, ink_cols.max() - ink_cols.min() + 1
    return tall >= QUOTE_EM * em or (mark.text == '"' and wide >= DOUBLE_QUOTE_WIDE_EM * em)


def line_order(words: list[EngineWord]) -> tuple[dict[int, list[int]], dict[int, int]]:
    """The indices of each engine line's words, left to right, and each word's index ->
    the next word's on its line."""
    by_line: dict[int, list[int]] = {}
    for k, w in enumerate(words):
        by_line.setdefault(w.line, []).append(k)
    for ks in by_line.values():
        ks.sort(key=lambda k: words[k].x0)
    return by_line, {a: b for ks in by_line.values() for a, b in pairwise(ks)}


# A colon is two dots, one above the other. Ink darker than this counts as a dot (paler
# than INK_LEVEL: a printed dot of small print blurs grey), the level numbers off their
# form are read again at.
DOT_LEVEL = PALE_INK


class InkAfterLetters(NamedTuple):
    """The blots of a word's crop (its box, ``PAD_EM`` above and below): where the crop's
    top lies on the page, its shape, its letters' blots (OpenCV's stats) and the blots right
    of its last letter."""

    top: int
    shape: tuple[int, int]
    letters: np.ndarray
    after: np.ndarray


# A word's crop reaches this share of its line's em above and below its box.
PAD_EM = 0.3


def ink_after_letters(gray: np.ndarray, word: EngineWord, em: float, level: int, reach: int) -> InkAfterLetters | None:
    """The blots (darker than ``level``) of ``word``'s box, ``PAD_EM`` above and below and
    ``reach`` pixels right (``InkAfterLetters``): its letters (``LETTER_BLOT_EM`` tall) and
    the blots right of the last; None when it holds no letter."""
    top, shape, _, blots, tall = _word_blots(gray, word, em, level, reach)
    if not tall.any():
        return None
    letters = blots[tall]
    end = int((letters[:, cv2.CC_STAT_LEFT] + letters[:, cv2.CC_STAT_WIDTH]).max())
    return InkAfterLetters(top, shape, letters, blots[blots[:, cv2.CC_STAT_LEFT] >= end])


def _word_blots(gray: np.ndarray, word: EngineWord, em: float, level: int, reach: int,
                ) -> tuple[int, tuple[int, int], np.ndarray, np.ndarray, np.ndarray]:
    """The blots (darker than ``level``) of ``word``'s box, ``PAD_EM`` above and below and
    ``reach`` pixels right: the crop's top on the page, its shape, its labels, the blots'
    stats (blot ``i`` labelled ``i + 1``) and which of them are letters (``LETTER_BLOT_EM``
    tall)."""
    h, w = gray.shape
    pad = max(2, round(PAD_EM * em))
    top = max(0, word.top - pad)
    crop = gray[top:min(h, word.bottom + pad), max(0, word.x0):min(w, word.x1 + reach)]
    _, labels, stats, _ = label_ink((crop < level).astype(np.uint8))
    blots = stats[1:]
    return top, crop.shape, labels, blots, blots[:, cv2.CC_STAT_HEIGHT] >= LETTER_BLOT_EM * em


def words_ending_in(words: list[EngineWord], mark: str, before: Callable[[str], bool],
                    ) -> Iterator[tuple[int, EngineWord, float]]:
    """The words read with ``mark`` last, after a character ``before`` accepts: each with
    its index and its line's em (none when no word has a letter)."""
    line_em = line_ems(words)
    if line_em is None:
        return
    for k, word in enumerate(words):
        if len(word.glyphs) >= 2 and word.glyphs[-1].text == mark and before(word.glyphs[-2].text):
            yield k, word, line_em[word.line]


def colons_of_one_dot(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` without the ":" read after a word's last letter where the ink right of
    its letters is one dot: a speck beside the letter, which a colon (two dots, one above
    the other) cannot be. On 004's 3-4 pt print a 2 px speck half way up after "QUE" was
    read "QUE:" (0.97), the engine's box of the ":" over the "E"'s, and the activity
    named did not match. Where the paler ink (``DOT_LEVEL``) joins the dot to the last
    letter, the ink is looked at again at ``INK_LEVEL``, and one dot there is a speck when
    it stands off the baseline (``MIDDLE``), where a colon's lower dot sits: Typst's print
    of 003 (seed-201 draw, 300 dpi grey) read "PROMOVER:" over a 2 px speck half way up
    after the R, a pixel of grey from it, and the 23 activities took the objective so.
    Where no ink is found after the letters, the blots beside the last letter's ink on
    their own rows are looked at so (``ink_beside_last_letter``). A colon whose ink is not
    found at all is left as read."""
    out = list(words)
    for k, word, em in words_ending_in(words, ":", str.isalnum):
        ink = ink_after_letters(gray, word, em, DOT_LEVEL, 1)
        if ink is not None and not len(ink.after):
            ink = ink_after_letters(gray, word, em, INK_LEVEL, 1)
            if ink is not None and not len(ink.after):
                ink = ink_beside_last_letter(gray, word, em, INK_LEVEL)
            if ink is None or len(ink.after) != 1 or not _off_the_baseline(ink):
                continue
        if ink is not None and len(ink.after) == 1:
            out[k] = word_of(list(word.glyphs[:-1]), word)
    return out


def ink_beside_last_letter(gray: np.ndarray, word: EngineWord, em: float, level: int) -> InkAfterLetters | None:
    """``ink_after_letters`` with, for the blots after the letters, the small blots right
    of the last letter's ink on their own rows, though within its columns: a speck beside
    the slope of an "A" stands left of the letter's foot. Chromium's filled print of 004
    (seed-260 draw, 300 dpi grey) read "DIRIGIDO A:" over a speck half way up the A's right
    side (and another the blur joined to its leg), and all 24 activities took their action
    heading so."""
    top, shape, labels, blots, tall = _word_blots(gray, word, em, level, 1)
    if not tall.any():
        return None
    letters = blots[tall]
    last = 1 + int(np.flatnonzero(tall)[np.argmax(letters[:, cv2.CC_STAT_LEFT] + letters[:, cv2.CC_STAT_WIDTH])])
    beside = []
    for blot in blots[~tall]:
        row, height = blot[cv2.CC_STAT_TOP], blot[cv2.CC_STAT_HEIGHT]
        cols = np.flatnonzero((labels[row:row + height] == last).any(axis=0))
        if cols.size and blot[cv2.CC_STAT_LEFT] > cols.max():
            beside.append(blot)
    return InkAfterLetters(top, shape, letters, np.array(beside).reshape(-1, blots.shape[1]))


def _off_the_baseline(ink: InkAfterLetters) -> bool:
    """Whether the one blot right of a word's letters ends above their baseline by more
    than ``MIDDLE`` of their height."""
    top = int(ink.letters[:, cv2.CC_STAT_TOP].min())
    bottom = int((ink.letters[:, cv2.CC_STAT_TOP] + ink.letters[:, cv2.CC_STAT_HEIGHT]).max())
    dot = ink.after[0]
    return bottom - (dot[cv2.CC_STAT_TOP] + dot[cv2.CC_STAT_HEIGHT]) > MIDDLE * (bottom - top)


# A blot in the middle of its line's letters, this share of their height off their top
# and their bottom, is no full stop (which sits on the baseline).
MIDDLE = 0.25
# A semicolon's lower half is a comma, a dot with a tail: taller than the dot above it by
# this share or more (a colon's two dots are alike). On 003's 150 dpi scan 6 px under 4.
TAIL_SHARE = 1.3


def stops_under_a_dot(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with the "." read after a word's last letter where the ink right of its
    letters (darker than ``INK_LEVEL``) is two marks one above the other, the upper half
    way up the letters (``MIDDLE``) and the lower on the baseline, read as the colon or
    semicolon they are (";" when the lower is the taller, ``TAIL_SHARE``). On 003's 150
    dpi scan the action heading's "LABORAL; NORMATIVIDAD" read "LABORAL." (0.76), its
    semicolon's dot and comma both there, one above the other: every one of the 23
    activities under that heading lost it. A "," read so is a semicolon too: the same
    semicolon read "LABORAL," on 003's 150 dpi seed-188 draw and at 300 dpi grey on seed
    176, its dot missed (each time all 23 activities lost their heading). Only blots the
    crop does not cut count (the line below's letters reach into it). The colon's
    counterpart is ``colons_of_one_dot``."""
    out = list(words)
    read = chain(words_ending_in(words, ".", str.isalpha), words_ending_in(words, ",", str.isalpha))
    for k, word, em in read:
        ink = ink_after_letters(gray, word, em, INK_LEVEL, max(2, round(PAD_EM * em)))
        if ink is None:
            continue
        if len(ink.after) != 2 or not uncut_blots(ink.after, ink.shape).all():
            continue
        marks = sorted(ink.after, key=lambda b: b[cv2.CC_STAT_TOP])
        (ux, uy, uw, uh, _), (lx, ly, lw, lh, _) = marks
        if ux >= lx + lw or lx >= ux + uw or uy + uh >= ly:
            continue  # not one above the other, or touching
        letters_top = int(ink.letters[:, cv2.CC_STAT_TOP].min())
        base = word_baseline(word, em) - ink.top
        height = base - letters_top
        if height <= 0 or not MIDDLE * height <= uy + uh / 2 - letters_top <= (1 - MIDDLE) * height:
            continue
        if not ly < base <= ly + lh + MIDDLE * height:
            continue  # the lower mark is not on the baseline (the line below's ink, or mid-height)
        mark = ";" if lh >= TAIL_SHARE * uh else ":"
        glyphs = (*word.glyphs[:-1], word.glyphs[-1]._replace(text=mark))
        out[k] = word._replace(text=word.text[:-1] + mark, glyphs=glyphs)
    return out


def stops_at_mid_height(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with each lone "." between two words of its line whose ink (darker than
    ``DOT_LEVEL``) sits half way up their letters (``MIDDLE``), no taller than wide, read
    "-", boxed on that ink: a full stop sits on the baseline, a hyphen half way up. On
    004's 3 pt print the dash of "AOI00106600095 - GESTIÓN DE LA COMPENSACIÓN" scans as
    a faint 3 px blot with a 1 px core, read "." (0.46) and boxed on the core; dropped as
    a speck by that box, the code and the name were read as one (row 18 lost)."""
    w = gray.shape[1]
    out = list(words)
    for k in range(1, len(words) - 1):
        word, before, after = words[k], words[k - 1], words[k + 1]
        if word.text != "." or len(word.glyphs) != 1 or not (before.line == word.line == after.line):
            continue
        if not (before.x1 <= word.x0 and word.x1 <= after.x0):
            continue
        top, bottom = max(before.top, after.top), min(before.bottom, after.bottom)
        if bottom - top < 4:
            continue
        x0, x1 = max(0, before.x1 + 1), min(w, after.x0 - 1)
        crop = gray[top:bottom, x0:x1]
        _, _, stats, _ = label_ink((crop < DOT_LEVEL).astype(np.uint8))
        inside = [s for s in stats[1:] if s[0] <= word.x0 - x0 + 1 and word.x1 - x0 - 1 <= s[0] + s[2]]
        if len(inside) != 1:
            continue
        bx, by, bw, bh = (int(v) for v in inside[0][:4])
        middle = by + bh / 2
        if bh > bw or not MIDDLE * (bottom - top) <= middle <= (1 - MIDDLE) * (bottom - top):
            continue
        glyph = Glyph("-", x0 + bx, top + by, x0 + bx + bw, top + by + bh, word.glyphs[0].confidence)
        out[k] = word._replace(text="-", x0=glyph.x0, top=glyph.top, x1=glyph.x1, bottom=glyph.bottom, glyphs=(glyph,))
    return out


def end_marks_fitted_to_ink(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with the box of a full stop or comma read at a number's end (after a
    digit or "%") fitted to its own ink: the blots in its box right of the digit before
    it (darker than ``INK_LEVEL``). Marks at a word's ends are judged specks by their box
    (``chars.is_speck``: smaller than any full stop, under 0.1 em), and the engine's box
    of a mark read from a speck can be far larger than the speck: a 2 by 2 px speck 12 px
    after "25%" (000 read at 299 dpi, 0.1 em is 3 px there) and one after "109" (002 at
    301 dpi) were read "25%." and "109.", no number, and both values were lost. The
    mark's ink is the blots in its box that start right of the digit's box (the digit's
    ink can run past its box: that of "109"'s 9 ends 8 px into the mark's box). A box
    with no such ink is left as read. Only a number alone on its line (a value in its
    cell): a printed full stop ends a numbered heading in a line of text ("3.5. Ampliar
    la cobertura"), and boxed on its ink (3 by 3 px at 300 dpi, the specks 2 by 2 and 3
    by 2) it would be taken for a speck too."""
    h, w = gray.shape
    out = list(words)
    lines = Counter(word.line for word in words)
    for k, word in enumerate(words):
        glyphs = word.glyphs
        if len(glyphs) < 2 or glyphs[-1].text not in STOPS or not NUMBER.match(word.text) \
                or not (glyphs[-2].text.isdigit() or glyphs[-2].text == "%") or lines[word.line] > 1:
            continue
        mark, before = glyphs[-1], glyphs[-2]
        # The blots in the box of the digit and the mark together that start right of the
        # digit's box (the engine's digit box can stop short of its ink).
        x0, x1 = max(0, min(before.x0, mark.x0)), min(w, mark.x1)
        top, bottom = max(0, min(before.top, mark.top)), min(h, max(before.bottom, mark.bottom))
        if x1 <= x0 or bottom <= top:
            continue
        _, _, stats, _ = label_ink((gray[top:bottom, x0:x1] < INK_LEVEL).astype(np.uint8))
        left, up = stats[1:, cv2.CC_STAT_LEFT] + x0, stats[1:, cv2.CC_STAT_TOP] + top
        right, down = left + stats[1:, cv2.CC_STAT_WIDTH], up + stats[1:, cv2.CC_STAT_HEIGHT]
        own = (left >= before.x1) & (right > mark.x0) & (down > mark.top) & (up < mark.bottom)
        if not own.any():
            continue
        fitted = mark._replace(x0=int(left[own].min()), top=int(up[own].min()), x1=int(right[own].max()),
                               bottom=int(down[own].max()))
        if fitted != mark:
            out[k] = word._replace(glyphs=glyphs[:-1] + (fitted,))
    return out


# Closing brackets and the openings they close.
CLOSERS = {"]": "[", ")": "(", "}": "{"}


def closers_of_a_speck(words: list[EngineWord]) -> list[EngineWord]:
    """``words`` without a word that is a lone closing bracket read less sure than
    ``DOUBTFUL`` with no opening one before it on its line: a speck. On 004's second page
    (seed-15 and seed-16 draws at 300 dpi grey) specks right of three activities' names
    were read ']' at 0.0 (`GESTIÓN DE LA COMPENSACIÓN ]`), and the activity was no longer
    as printed; 004 prints no ']' at all. A bracket printed alone is read surely."""
    by_line, _ = line_order(words)
    drop = set()
    for ks in by_line.values():
        for n, k in enumerate(ks):
            text = words[k].text
            if text in CLOSERS and words[k].confidence < DOUBTFUL and \
                    not any(CLOSERS[text] in words[j].text for j in ks[:n]):
                drop.add(k)
    return [w for k, w in enumerate(words) if k not in drop] if drop else words


def faint_end_marks(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with the box of a comma read at the end of a word of letters, boxed smaller
    than any full stop (``chars.STOP_MIN_EM`` of its line's em), grown up and down over its
    paler ink (``image.pale_box``: darker than ``PALE_INK``; its sides are
    ``boxes.words_fitted_to_ink``'s, the word's end for the table layer) when that ink is a
    comma's stroke, taller than wide. The engine's box of a letter takes the ink darker than
    ``INK_LEVEL`` (``tesseract.ink_rows``), and a printed comma of thin type scanned at 200
    dpi is mostly paler: Chromium's bordered 004 (seed 450) read "VULNERABILIDAD," surely,
    its comma boxed 3 by 1 px (4 by 6 darker than ``PALE_INK``), and the comma was then
    judged a speck (``chars.is_speck``) and dropped from the heading of all 23 activities.
    A speck is a blot, dark at its core, its blur a square halo: grown so, a 2 by 2 px speck
    read as a full stop after "evaluación" (Typst's 001, seed 450) measured 4 by 4 px, a
    full stop's size, and was kept."""
    line_em = line_ems(words)
    if line_em is None:
        return words
    out = list(words)
    for k, word in enumerate(words):
        glyphs = word.glyphs
        if len(glyphs) < 2 or glyphs[-1].text != "," or not glyphs[-2].text.isalpha():
            continue
        mark = glyphs[-1]
        if max(mark.bottom - mark.top, mark.x1 - mark.x0) >= STOP_MIN_EM * line_em[word.line]:
            continue
        x0, top, x1, bottom = pale_box(gray, (mark.x0, mark.top, mark.x1, mark.bottom))
        if bottom - top > x1 - x0 and (top, bottom) != (mark.top, mark.bottom):
            out[k] = word._replace(top=min(word.top, top), bottom=max(word.bottom, bottom),
                                   glyphs=glyphs[:-1] + (mark._replace(top=top, bottom=bottom),))
    return out
