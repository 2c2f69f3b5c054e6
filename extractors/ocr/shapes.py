"""Letters of two alike shapes told apart by their ink, where the engine's language
model picked the wrong one.

In a sans-serif type a capital I, an l and the stem of an i are one bar, and c, o, s,
v, w, x, z are the same shape in both cases, only larger as capitals. The engine tells
them apart by the word around them, and its dictionary pulls towards the lower-case
word: on the bitonal scans "ICS" reads "ics" (0.95), "Inspección" "inspección" (0.79),
"Informe" "informe" (0.86), "Implementados" "implementados" (0.21-0.92), with no speck
in them or one touching the I's side, and "Infantil" "Infanti!" (0.82). The ink says
which it is:

* an i or a "!" has its dot apart from its stem (a row of paper between them); one read
  so whose ink is one unbroken bar as tall as a capital is a stem letter (``one_bar``):
  "I" at a word's start or among capitals, "l" after a lower-case letter. An "i" inside
  a lower-case word, or between a capital and a lower-case letter ("Dic" in bold: the
  threshold runs its dot into its stem), is left as read;
* a "1" or "|" at a word's start before a capital whose ink is a capital I's bar
  (``capital_bar``: no flag or foot, on the baseline, as tall as the capital) is "I":
  at 150 dpi "ICS-" read "1CS-" (0.57) and "|CS-" (0.44), the engine's own letters
  for a bar it was unsure of;
* a letter of a case-alike shape read in lower case but as tall as a capital (over
  ``CAP_SPLIT`` of its line's em, sitting on the baseline) at a word's start or after a
  capital is the capital; its height is its body's (``body_rows``), not counting a speck
  apart from it above;
* in small print the threshold takes a row or two off every letter and may take an i's
  dot away whole, so a capital I can measure no taller than ``CAP_SPLIT`` of its em:
  on 004's upside-down scan (3 pt print, em 12.7 px) "Interna" read "interna" (0.83),
  its I 7 rows of ink where the em asks 8.2, its "n" 5. A bar read "i" is the capital
  too when it rises above the x-height letters of its word (measured on the same
  threshold) and has no dot: no grey above its ink deeper than the grey below it
  (``dotless``: an edge blurs alike at both ends; a dot too faint to pass the threshold
  still leaves grey, 3-4 rows of it over the i's of that page, none over its I's).
"""

from __future__ import annotations

import unicodedata

import numpy as np

from .cells import line_ems
from .chars import CAP_HEIGHT, DESCENT, X_HEIGHT, rise, word_baseline
from .image import true_runs
from .specks import ACCENTABLE, DOT_LEVEL, MARGIN_EM, UNSURE, marks_above, sits_as_accent
from .tesseract import INK_LEVEL, EngineWord

# Letters printed the same in both cases but for their height.
CASE_ALIKE = frozenset("cosvwxz")
# Read with a dot over (or under) a stem; with no paper between the two, the stem letter.
DOTTED = frozenset("i!¡")
# Letters whose ink is (or holds) one upright bar.
STEMS = frozenset("iIl1!¡|")
# A capital I with paper across it under its top, read as its dot and stem (``doubled_stems``).
CUT_I = frozenset("iI")
# A stem is no wider than this share of its line's em (a sans-serif I: 0.08-0.12 em; bold, blurred: 0.23).
STEM_EM = 0.25
# A letter's ink rising higher than this share of its line's em above the baseline is a
# capital's (x-height 0.55, capitals 0.74).
CAP_SPLIT = (X_HEIGHT + CAP_HEIGHT) / 2
# A letter's ink sits on the baseline within this share of its line's em.
ON_BASELINE = 0.08
# Read for a capital I's bar at a word's start before a capital ("ICS-" read "1CS-" and
# "|CS-" at 150 dpi): a "1" or "|" whose ink is a bar (``capital_bar``) ...
BAR_ALIKE = frozenset("1|")
# ... as wide in every row within this many pixels (a blurred edge) ...
BAR_EVEN = 1
# ... and at least this share as tall as the capital after it (round capitals overshoot).
BAR_TALL = 0.85
# How far (em) above and below a bar its grey is looked at for a dot (an i's dot sits
# 0.09-0.2 em over its stem).
DOT_REACH = 0.35
# ... and a bar is dotless with up to this many more rows of grey above it than below: where
# its ends fall between pixels, one end's edge blurs over a row more than the other's (002's
# "Implementados" at 150 dpi, seed-13 draw: 2 rows above its I, 1 below, read "implementados";
# a dot too faint for the threshold leaves 3-4).
EDGE_ROWS = 1


def case_from_ink(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with letters of alike shapes read in the wrong case or as a dotted
    letter set right from their ink, left to right (see the module's docstring). The engine's letter
    boxes overlap and drift (an "o" boxed over the "i" before it), so each letter's ink
    is found by the paper between letters: only a word whose ink falls apart into as
    many pieces as it has letters is judged."""
    line_em = line_ems(words)
    if line_em is None:
        return words
    out = list(words)
    for k, word in enumerate(words):
        if not any(c in CASE_ALIKE or c in DOTTED or c in BAR_ALIKE for c in word.text):
            continue
        em = line_em[word.line]
        ink = gray[word.top:word.bottom, word.x0:word.x1] < INK_LEVEL
        letters = letter_pieces(ink)
        glyphs = list(word.glyphs)
        if len(letters) != len(glyphs):
            continue
        base = word_baseline(word, em) - word.top
        x_rows = None
        for j, (g, piece) in enumerate(zip(glyphs, letters)):
            if g.text in BAR_ALIKE:
                if j == 0 and len(glyphs) > 1 and glyphs[1].text.isupper() and capital_bar(
                        piece, letters[1], base, em):
                    glyphs[j] = g._replace(text="I")
                continue
            if g.text not in CASE_ALIKE and g.text not in DOTTED:
                continue
            rows = body_rows(piece) if g.text in CASE_ALIKE else np.flatnonzero(piece.any(axis=1))
            if rows.size == 0 or abs(rows[-1] + 1 - base) > ON_BASELINE * em:
                continue
            if rows[-1] + 1 - rows[0] <= CAP_SPLIT * em:
                if g.text not in DOTTED or not one_bar(piece):
                    continue
                if x_rows is None:
                    x_rows = x_height_rows(glyphs, letters)
                if not x_rows or rows.size <= x_rows or not dotless(gray, word, piece_columns(ink, j), rows, em):
                    continue
            before = glyphs[j - 1].text if j else ""
            after = glyphs[j + 1].text if j + 1 < len(glyphs) else ""
            start = not before.isalpha()
            if g.text in CASE_ALIKE:
                if start or before.isupper():
                    glyphs[j] = g._replace(text=g.text.upper())
            elif one_bar(piece):
                if start or (before.isupper() and not after.islower()):
                    glyphs[j] = g._replace(text="I")
                elif before.islower() and g.text != "i":
                    glyphs[j] = g._replace(text="l")
        if glyphs != list(word.glyphs):
            out[k] = word._replace(text="".join(g.text for g in glyphs), glyphs=tuple(glyphs))
    return out


def doubled_stems(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with two stem letters the engine read over one bar of ink made one: 003's
    "OEI.01.PROMOVER" read from its scan at 299 dpi came out "OE!l.01.PROMOVER", the I's
    one bar boxed as a "!" and an "l" overlapping it, and spelled as the code "OEI1.01" its
    grouping row was lost (every activity of the page without its objective). Two
    neighbouring letters of ``STEMS`` over one piece of ink (``letter_pieces``) that no
    other letter of the word sits on, when that piece is one unbroken bar (``one_bar``; or
    any bar under an "i" and an "I", ``CUT_I``: a capital cut under its top) no
    wider than ``STEM_EM`` of the line's em, are one letter: the first's, over that bar's
    columns, as sure as the less sure; ``case_from_ink`` then reads its case (the "!" of
    "OE!l" boxed half over the E: a letter's box drifts, its middle is not a test)."""
    line_em = line_ems(words)
    if line_em is None:
        return words
    out = list(words)
    for k, word in enumerate(words):
        glyphs = list(word.glyphs)
        pairs = [j for j in range(len(glyphs) - 1) if glyphs[j].text in STEMS and glyphs[j + 1].text in STEMS]
        if not pairs:
            continue
        ink = gray[word.top:word.bottom, word.x0:word.x1] < INK_LEVEL
        runs = true_runs(ink.any(axis=0))
        em = line_em[word.line]

        def piece_of(g) -> int | None:
            middle = (g.x0 + g.x1) / 2 - word.x0
            return next((n for n, (a, b) in enumerate(runs) if a <= middle < b), None)

        for j in reversed(pairs):
            first, second = glyphs[j], glyphs[j + 1]
            # The pieces under the two boxes that no other letter of the word sits on.
            claimed = {piece_of(g) for i, g in enumerate(glyphs) if i not in (j, j + 1)}
            left, right = min(first.x0, second.x0) - word.x0, max(first.x1, second.x1) - word.x0
            under = [n for n, (a, b) in enumerate(runs) if a < right and b > left and n not in claimed]
            if len(under) != 1:
                continue
            a, b = runs[under[0]]
            # A capital I cut under its top is a dot and a stem, read "iI" (Calc's 003 at 300
            # dpi, seed 420: the I of "ASISTENCIA", the "I" boxed over the S after it; every
            # activity under that heading lost it): over that pair the bar may be broken. Not
            # over an "l" and an "i" (blurred into one piece at 200 dpi: "legalizados").
            if b - a > STEM_EM * em or not (one_bar(ink[:, a:b]) or {first.text, second.text} == CUT_I):
                continue
            glyphs[j:j + 2] = [first._replace(x0=word.x0 + a, top=min(first.top, second.top), x1=word.x0 + b,
                                              bottom=max(first.bottom, second.bottom),
                                              confidence=min(first.confidence, second.confidence))]
        if len(glyphs) != len(word.glyphs):
            out[k] = word._replace(text="".join(g.text for g in glyphs), glyphs=tuple(glyphs))
    return out


def letter_pieces(ink: np.ndarray) -> list[np.ndarray]:
    """``ink`` (a word's box, True for ink) cut at its columns of paper: one piece per
    letter where the letters do not touch, each the rows of its columns."""
    return [ink[:, a:b] for a, b in true_runs(ink.any(axis=0))]


def body_rows(piece: np.ndarray) -> np.ndarray:
    """The rows of a letter's body: its lowest run of ink rows, with no row of paper
    across it. A speck of dust over a "c", apart from it, is no part of its height:
    Typst's print of 000 (seed 240, printed page 84) read "casos" with a 2 px speck 5
    rows above its c, and the c, measured with it, was taken for a capital ("Casos")."""
    runs = true_runs(piece.any(axis=1))
    return np.arange(*runs[-1]) if runs else np.flatnonzero(piece.any(axis=1))


def piece_columns(ink: np.ndarray, n: int) -> tuple[int, int]:
    """The columns (from the box's left edge) of the ``n``-th piece of ``letter_pieces(ink)``."""
    return true_runs(ink.any(axis=0))[n]


def x_height_rows(glyphs: list, letters: list[np.ndarray]) -> float | None:
    """The median height (rows of ink) of a word's letters read as x-height letters with
    no descender ("n", "a", "e"); None when it has none."""
    heights = [np.flatnonzero(piece.any(axis=1)).size for g, piece in zip(glyphs, letters)
               if g.text.isalpha() and rise(g.text) == X_HEIGHT and g.text not in DESCENT]
    return float(np.median(heights)) if heights else None


def dotless(gray: np.ndarray, word: EngineWord, columns: tuple[int, int], rows: np.ndarray, em: float) -> bool:
    """Whether the bar of ink in ``columns`` of ``word``'s box, over ``rows`` of it, has no
    dot over it: within ``DOT_REACH`` em of its ends, no more rows of grey (darker than
    ``DOT_LEVEL``) above it than below it, but for ``EDGE_ROWS``."""
    reach = round(DOT_REACH * em)
    top, bottom = word.top + int(rows[0]), word.top + int(rows[-1]) + 1
    x0, x1 = word.x0 + columns[0], word.x0 + columns[1]
    above = int((gray[max(0, top - reach):top, x0:x1].min(axis=1, initial=255) < DOT_LEVEL).sum())
    below = int((gray[bottom:bottom + reach, x0:x1].min(axis=1, initial=255) < DOT_LEVEL).sum())
    return above <= below + EDGE_ROWS


def capital_bar(piece: np.ndarray, capital: np.ndarray, base: int, em: float) -> bool:
    """Whether a letter's ink (``piece``, rows of its word's box) is a capital I's bar, set
    before the ``capital`` beside it: one unbroken bar (``one_bar``) no wider than a stem
    (``STEM_EM``) and as wide in every row (within ``BAR_EVEN`` px of its median: a 1's
    flag and foot run 2-3 times as wide), on the baseline (``ON_BASELINE``: a "|" runs
    below it), and as tall as the capital within ``BAR_TALL``."""
    rows = np.flatnonzero(piece.any(axis=1))
    capital_rows = np.flatnonzero(capital.any(axis=1))
    if rows.size == 0 or capital_rows.size == 0 or not one_bar(piece) or piece.shape[1] > STEM_EM * em:
        return False
    widths = piece[rows].sum(axis=1)
    return (int(widths.max()) <= np.median(widths) + BAR_EVEN and abs(rows[-1] + 1 - base) <= ON_BASELINE * em
            and rows.size >= BAR_TALL * (capital_rows[-1] + 1 - capital_rows[0]))


def one_bar(piece: np.ndarray) -> bool:
    """Whether a letter's ink is one unbroken run from its top row to its bottom row: no
    row of paper across it, as an i's or an exclamation mark's dot leaves."""
    rows = np.flatnonzero(piece.any(axis=1))
    return rows.size > 0 and rows[-1] - rows[0] + 1 == rows.size


def reread_accents(gray: np.ndarray, words: list[EngineWord], engine, dpi: int) -> list[EngineWord]:
    """``words`` with each word that has a mark above a letter read without an accent,
    where an accent is printed (``unread_accents``), replaced by its reading alone, with
    the mark in its crop, when that reading is the same letters with accents added over
    those letters only (``accents_added``), at least ``UNSURE`` sure. On the bitonal scan
    of 003 the threshold thinned the acute of "TRAVÉS" to 3 by 2 px; the page reading
    dropped it ("TRAVES", 0.96), read alone the word is "TRAVÉS" (0.92; not a word of its
    dictionary, which has "través"). On 004's 3-4 pt print a speck between two lines, over
    the gap between the "O" and the "N" of "PERSONAS" (0.69 em off the O's middle), was
    read alone as a tilde on the N ("PERSOÑAS", 0.91): the grouping text of every activity
    of the page was wrong."""
    picked = unread_accents(gray, words)
    if not picked:
        return words
    readings = engine.read_lines(gray, [box for _, box, _ in picked], dpi, lambda k, reading: True)
    out = list(words)
    for (k, _, letters), reading in zip(picked, readings):
        if accents_added(reading, words[k], letters) and reading[0].confidence >= UNSURE:
            out[k] = reading[0]._replace(line=words[k].line)
    return out


def unread_accents(gray: np.ndarray, words: list[EngineWord],
                   ) -> list[tuple[int, tuple[int, int, int, int], frozenset[int]]]:
    """The words (index, box in pixels with the marks over it, and the indices in its text
    of the letters under the marks) with a mark above a letter that could carry an accent and was
    read without one (``marks_above``), where an accent sits (``sits_as_accent``)."""
    line_em = line_ems(words)
    if line_em is None:
        return []
    picked = []
    h, w = gray.shape
    for k, word in enumerate(words):
        if not any(c in ACCENTABLE for c in word.text) or not word.text.isalpha():
            continue
        em = line_em[word.line]
        base = word_baseline(word, em)
        marks = [(g, box) for g, box in marks_above(gray, word, em, accented=False)
                 if sits_as_accent(g, box, base, em)]
        if marks:
            top = min(box[1] for _, box in marks)
            m = max(2, round(MARGIN_EM * em))
            letters, start = set(), 0
            for g in word.glyphs:  # the text's indices of the letters under a mark
                if any(g is mark for mark, _ in marks):
                    letters.update(range(start, start + len(g.text)))
                start += len(g.text)
            picked.append((k, (max(0, word.x0 - m), max(0, top - m), min(w, word.x1 + m), min(h, word.bottom + m)),
                           frozenset(letters)))
    return picked


def accents_added(reading: list[EngineWord], word: EngineWord, letters: frozenset[int] | None = None) -> bool:
    """Whether a reading of ``word`` alone replaces it: one word, the same letters with an
    accent or tilde over one or more of them (of ``letters``, by index, when given: those
    under a mark), nothing else changed."""
    if len(reading) != 1 or len(reading[0].text) != len(word.text) or reading[0].text == word.text:
        return False
    return all(a == b or (unicodedata.normalize("NFD", a)[0] == b and len(unicodedata.normalize("NFD", a)) == 2
                          and (letters is None or n in letters))
               for n, (a, b) in enumerate(zip(reading[0].text, word.text)))
