"""Whether a mark the engine read is the print's ink, judged against the page's own print.

A speck read as a mark (a full stop, a comma, a colon, a hyphen, a quote) glues words
("DESARROLLO.DE"), ends an activity's text with a stop it does not print ("NACIONAL.")
or spoils a group header that every activity of a table carries ("DESEMPLEO Y.
SUBEMPLEO": all 24 of 004's activities). Seven rounds judged such marks by constants of
size, each for one kind of mark in one place; a constant that tells a speck from a full
stop in 8 pt type cannot in 3 pt, where the specks are larger than the printed stops.

What does tell them apart is how the page prints: the marks the engine read surely on
the same page (``reference_marks``) say how large the print's smallest dots are at each
em, and how blurred the print's ink is at its edges. A printed mark went through the
same optics as every other mark of the page; a speck of dust on the glass did not:

* on 004's 3-4 pt print (300 dpi grey, seeds 13 and 15) the printed full stops are 1 by 2
  px, their darkest pixel 0.51-0.62 of black and the paper pixels touching them 0.27-0.30
  dark (``edge``; over the darkest pixel, ``fade``, 0.45-0.57); the specks read "." ":"
  "?" "-" in its text are 2 by 2 px, 0.89-1.00 dark, edge 0.08-0.21 (fade 0.08-0.22):
  larger than the printed stops, and sharper;
* on 000-003's 8-10 pt print a printed stop is 3 by 4 px or more (0.010 em² and up), edge
  0.21-0.33; a speck read "." after "NACIONAL" (003, seed 15) is 3 px (0.0034 em²), and
  one read "*" before "3.5." (000, seed 13) two blots of edge 0.08.

A mark is the print's when its ink is not smaller than the page's smaller printed dots
(``SMALLER``; dots only) and is as blurred as its sharper ones (``SHARPER``) by its edge or
by its fade (``is_print``). Measured against those limits on the 17 pages of 000-004 of
seeds 13 and 15 (300 dpi grey), the specks read as marks in the words of 000-003 measure
0.48-0.64 (one more, 1.13, is kept) and the printed marks 1.28 and up; on 004's small print
the specks measure 0.41-0.95 and some 1.10-1.29 (kept), the printed marks 1.22 and up. A
page with too few sure dots to measure (``MIN_REFERENCES``) judges none: the rules of the
steps before stay its only test.
"""

from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

from ..vocabulary import without_accents
from .cells import line_ems
from .chars import WORD_BREAK, word_baseline
from .image import label_ink, uncut_blots
from .specks import LETTER_BLOT_EM, without_glyphs
from .tesseract import INK_LEVEL, NUMBER, EngineWord, Glyph

# The marks judged: those a speck is read as.
JUDGED = frozenset(".,:;-'\"`*?^~_\u00b4\u2018\u2019\u201c\u201d")
# The marks whose ink measures the page's print: dots (a full stop, a colon's and a
# semicolon's dot, a comma, the dot of an i or j) read surely, in words read surely.
REFERENCE = frozenset(".,:;ij")
SURE_MARK = 0.98
SURE_WORD = 0.9
# Fewer reference blots than this on a page, and the page judges no mark.
MIN_REFERENCES = 6
# A mark is a speck when its ink is smaller than this share of the page's smaller printed
# dots (the REFERENCE_LOW quantile of their area in em²)...
SMALLER = 0.5
# ... or sharper than this share of the page's sharper printed dots (the same quantile of
# their ``edge`` and of their ``fade``).
SHARPER = 0.7
REFERENCE_LOW = 0.1
# A mark's ink is looked for this far (em) around its word's box: the engine's box of a
# word can stop short of its last mark (150 dpi 003's "NACIONAL," boxed to the L's foot,
# the comma's ink 2-6 px past it).
PAD_EM = 0.3


class MarkInk(NamedTuple):
    """One blot of a mark's ink: its area in the line's em² (pixels darker than
    ``INK_LEVEL``), its darkest pixel (0 paper, 1 black), and its edge: the mean darkness
    of the paper pixels touching it (blurred print fades out over its edge, a speck stops
    short)."""

    area: float
    peak: float
    edge: float
    top: int = 0  # its first row in the word's crop (a colon's dots: which is the upper)

    @property
    def fade(self) -> float:
        """The edge over the darkest pixel: a blurred dot smaller than the blur never
        reaches black (004's printed stops 0.51-0.62) and fades over its edge as much as
        a large mark does, so the share measures small dots' blur; a large mark's is its
        edge alone (a hyphen reaches black)."""
        return self.edge / self.peak if self.peak > 0 else 1.0


class PrintProfile(NamedTuple):
    """The page's smaller and sharper printed dots: the ``REFERENCE_LOW`` quantile of
    the reference marks' area (em²), edge and fade."""

    area: float
    edge: float
    fade: float
    count: int


def blot_ink(crop: np.ndarray, labels: np.ndarray, label: int, stats: np.ndarray, em: float) -> MarkInk:
    """The ``MarkInk`` of blot ``label`` of ``labels`` (the blots of ``crop``), its edge
    measured on the paper pixels touching no other blot (those touching a letter too are
    that letter's blur as well: a mark a row of paper above a letter, or beside it). On
    004's committed 300 dpi grey scan a black 2 by 2 px speck a pixel from the O of "Y/O"
    was read "Y/O." (0.96): measured with the O's blur its edge was 0.20, as blurred as the
    page's printed dots (0.19 asked), and the heading of all the activities after it was
    lost; on its own paper, 0.16. The page's reference dots are measured the same way."""
    bx, by, bw, bh, area = (int(v) for v in stats[label])
    h, w = crop.shape
    x0, top, x1, bottom = max(0, bx - 2), max(0, by - 2), min(w, bx + bw + 2), min(h, by + bh + 2)
    window = crop[top:bottom, x0:x1]
    own = (labels[top:bottom, x0:x1] == label).astype(np.uint8)
    ring = (cv2.dilate(own, np.ones((3, 3), np.uint8)) > 0) & (own == 0) & (window >= INK_LEVEL)
    others = ((labels[top:bottom, x0:x1] > 0) & (own == 0)).astype(np.uint8)
    clear = ring & ~(cv2.dilate(others, np.ones((3, 3), np.uint8)) > 0)
    ring = clear if clear.any() else ring
    dark = (255 - window.astype(np.float32)) / 255
    peak = float(dark[own > 0].max())
    edge = float(dark[ring].mean()) if ring.any() else 1.0
    return MarkInk(area / (em * em), peak, edge, by)


class WordBlots(NamedTuple):
    """The blots of ink of a word's crop (its box padded by ``PAD_EM``): where the crop
    lies on the page, the crop, OpenCV's labels and stats of its ink, which blots the
    crop does not cut (``whole``), and the first and last column of its letters' blots."""

    x0: int
    top: int
    crop: np.ndarray
    count: int
    labels: np.ndarray
    stats: np.ndarray
    whole: np.ndarray
    first: int | None
    last: int | None


def word_blots(gray: np.ndarray, word: EngineWord, em: float) -> WordBlots | None:
    """The blots of ``word``'s crop (``WordBlots``), labelled once for all its marks
    (each judged mark labelled it again: 3-4 times for a word of dotted letters and stops);
    None for a crop of no pixels."""
    h, w = gray.shape
    pad = max(2, round(PAD_EM * em))
    x0, top = max(0, word.x0 - pad), max(0, word.top - pad)
    x1, bottom = min(w, word.x1 + pad), min(h, word.bottom + pad)
    if x1 <= x0 or bottom <= top:
        return None
    crop = gray[top:bottom, x0:x1]
    count, labels, stats, _ = label_ink((crop < INK_LEVEL).astype(np.uint8))
    left, width, height = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    whole = uncut_blots(stats[1:], crop.shape)  # a blot the crop cuts is measured on no side
    letters = whole & (height >= LETTER_BLOT_EM * em)
    first = int(left[letters].min()) if letters.any() else None
    last = int((left + width)[letters].max()) if letters.any() else None
    return WordBlots(x0, top, crop, count, labels, stats, whole, first, last)


def mark_blots(gray: np.ndarray, word: EngineWord, glyph: Glyph, em: float, side: int = 0,
               blots: WordBlots | None = None) -> list[MarkInk]:
    """The blots of ink (darker than ``INK_LEVEL``) of ``glyph``, a mark of ``word``, that
    are no letter's (under ``LETTER_BLOT_EM``): those under its box and, for a mark at the
    word's start (``side`` -1) or end (1), every such blot before the word's first letter
    or after its last that no other mark's box reaches. The engine can box a mark on a
    speck beside its ink: 004's opening quote of '"TRABAJA' is boxed on a 2 px speck, its
    ticks inside the T's box. ``blots``: ``word_blots(gray, word, em)``, when made already."""
    blots = blots or word_blots(gray, word, em)
    if blots is None:
        return []
    x0, top, crop, count, labels, stats, whole, first, last = blots
    out = []
    for n in range(1, count):
        bx, by, bw, bh = (int(v) for v in stats[n, :4])
        if bh >= LETTER_BLOT_EM * em or not whole[n - 1]:
            continue
        box = (x0 + bx, top + by, x0 + bx + bw, top + by + bh)
        beside = (side < 0 and first is not None and bx + bw <= first) or (side > 0 and last is not None and bx >= last)
        if covers(glyph, box) or (beside and not any(covers(g, box) for g in word.glyphs
                                                     if g is not glyph and not g.text.isalnum())):
            out.append(blot_ink(crop, labels, n, stats, em))
    return out


def covers(glyph: Glyph, box: tuple[int, int, int, int]) -> bool:
    """Whether the box of ``glyph`` reaches ``box`` (pixels, edges included)."""
    return box[0] <= glyph.x1 and glyph.x0 <= box[2] and box[1] <= glyph.bottom and glyph.top <= box[3]


def reference_marks(gray: np.ndarray, words: list[EngineWord], line_em: dict[int, float]) -> list[MarkInk]:
    """The ink of the page's surely read dots (``REFERENCE``, ``SURE_MARK`` in words
    ``SURE_WORD``): a dot touching no other ink, in a word with a letter or digit."""
    out = []
    for word in words:
        if word.confidence < SURE_WORD or not any(c.isalnum() for c in word.text):
            continue
        labelled = None  # the word's blots, labelled for its first reference mark
        for g in word.glyphs:
            if g.text in REFERENCE and g.confidence >= SURE_MARK:
                labelled = labelled or word_blots(gray, word, line_em[word.line])
                blots = mark_blots(gray, word, g, line_em[word.line], blots=labelled)
                if len(blots) == 1 or (g.text in ":;" and len(blots) == 2):
                    out.extend(blots)
    return out


def print_profile(marks: list[MarkInk]) -> PrintProfile | None:
    """The page's print measured on its reference marks; None for too few."""
    if len(marks) < MIN_REFERENCES:
        return None
    return PrintProfile(*(float(np.quantile(values, REFERENCE_LOW)) for values in zip(*((m.area, m.edge, m.fade)
                                                                                         for m in marks))), len(marks))


def is_print(ink: MarkInk, profile: PrintProfile, dot: bool = True) -> bool:
    """Whether a blot is as blurred as the page's print by its edge or by its fade and,
    for a ``dot`` (a mark of the kinds the profile measures, ``REFERENCE``), as large. A
    quote's tick or a hyphen's bar is no dot: a 1-bit scan thins 004's 3 pt quotes to
    0.004 em², under the half of its printed dots."""
    return (not dot or ink.area >= SMALLER * profile.area) and (ink.edge >= SHARPER * profile.edge
                                                                or ink.fade >= SHARPER * profile.fade)


PagePrint = tuple[dict[int, float], PrintProfile]
MEASURE = object()  # a step's ``page`` not given: it measures the page's print itself


def page_print(gray: np.ndarray, words: list[EngineWord]) -> PagePrint | None:
    """The em of each line of ``words`` and the profile of the page's printed marks, which a
    mark's ink is judged against; None when the page has no line or no printed mark to go by."""
    line_em = line_ems(words)
    if line_em is None:
        return None
    profile = print_profile(reference_marks(gray, words, line_em))
    return None if profile is None else (line_em, profile)


# A full stop or comma the engine left out sits at most this far (em) past its word's last
# letter (Calc's 3.6 pt print of 003: "MIGRANTE." 0.09 em, "TRABAJADORES," 0.08) ...
STOP_GAP_EM = 0.25
# ... on the word's baseline: its top above the line, at most this many em (a full stop or a
# comma's head rises 0.1-0.15 em; a hyphen's bar, a quote or an accent sits higher) ...
STOP_RISE_EM = 0.25
# ... and its foot at most this many em below the line (a comma's tail, 0.1-0.2 em). A speck
# wholly under the line is no stop: 000's "Registro" on the seed-13 draw, a blot 0.17 em
# under its baseline mid-way to "de", read "Registro," 0.94 sure alone.
STOP_TAIL_EM = 0.35


def stops_left_out(gray: np.ndarray, words: list[EngineWord], page: PagePrint | None = MEASURE,
                   ) -> list[tuple[int, tuple[int, int, int, int]]]:
    """``(k, box)`` for each word ``words[k]`` ending in a letter after which the page
    prints a dot the engine left out of every word: a blot of no letter's size
    (``LETTER_BLOT_EM``) within ``STOP_GAP_EM`` of the letter's ink, on the word's baseline
    (``STOP_RISE_EM``, ``STOP_TAIL_EM``), that no word's letter covers and that is the page's
    print (``is_print``, a dot: as large and as blurred as the page's printed dots; a speck
    is sharper or smaller). ``box`` is the word's box run on over the dot and its tail,
    to read the word again over. The page's reading drops such a stop or comma now and then
    (Calc's print of 003: "MIGRANTE." and "TRABAJADORES," read without their marks, sure,
    and the activities' texts lost them); read alone over it, the engine reads the mark.
    A page with too few sure dots to judge by (``page_print``) gives none. ``page``: the
    page's ``page_print`` of ``words``, when measured already."""
    page = page_print(gray, words) if page is MEASURE else page
    if page is None:
        return []
    line_em, profile = page
    by_line: dict[int, list[EngineWord]] = {}
    for word in words:
        by_line.setdefault(word.line, []).append(word)
    out = []
    for k, word in enumerate(words):
        if not word.glyphs or not word.text[-1].isalpha():
            continue
        em = line_em[word.line]
        blots = word_blots(gray, word, em)
        if blots is None or blots.last is None:
            continue
        x0, top, crop, _, labels, stats, whole, _, last = blots
        baseline = word_baseline(word, em)
        for n in range(1, len(stats)):
            bx, by, bw, bh = (int(v) for v in stats[n][:4])
            if not whole[n - 1] or bh >= LETTER_BLOT_EM * em or not 0 <= bx - last <= STOP_GAP_EM * em:
                continue
            box = (x0 + bx, top + by, x0 + bx + bw, top + by + bh)
            if not baseline - STOP_RISE_EM * em <= box[1] < baseline or box[3] > baseline + STOP_TAIL_EM * em:
                continue
            if any(covers(g, box) for other in by_line[word.line] for g in other.glyphs):
                continue
            if is_print(blot_ink(crop, labels, n, stats, em), profile):
                out.append((k, (word.x0, word.top, box[2] + 1, max(word.bottom, box[3] + 1))))
                break
    return out


def marks_not_printed(gray: np.ndarray, words: list[EngineWord], page: PagePrint | None = MEASURE,
                      ) -> list[EngineWord]:
    """``words`` without the marks (``JUDGED``) whose ink is none of the page's print
    (``is_print`` against ``print_profile``): each such mark at a word's start or end, or
    between two of its characters (the word split there where they are a word break
    apart, ``WORD_BREAK``), and each word of such marks only. A mark is judged only on
    ink of its own (blots apart from the letters); one touching a letter, or over no ink,
    is left as read. Numbers are left to the number steps (their marks are their form's).
    ``page``: as for ``stops_left_out``."""
    page = page_print(gray, words) if page is MEASURE else page
    if page is None:
        return words
    line_em, profile = page
    out: list[EngineWord] = []
    for word in words:
        if NUMBER.match(word.text) or not any(g.text in JUDGED for g in word.glyphs):
            out.append(word)
            continue
        em = line_em[word.line]
        glyphs = word.glyphs
        specks: dict[int, bool] = {}
        labelled = word_blots(gray, word, em)  # once for all its judged marks
        for j, g in enumerate(glyphs):
            if g.text not in JUDGED:
                continue
            inner = 0 < j < len(glyphs) - 1
            side = 0 if inner or len(glyphs) == 1 else (-1 if j == 0 else 1)
            blots = mark_blots(gray, word, g, em, side, labelled) if labelled is not None else []
            if (lower := lower_dot_alone(g.text, blots, profile) or comma_under_a_dot(g.text, blots, profile)):
                glyphs = (*glyphs[:j], g._replace(text=lower), *glyphs[j + 1:])
                continue
            if not blots or any(is_print(b, profile, g.text in REFERENCE) for b in blots):
                continue
            specks[j] = inner and glyphs[j + 1].x0 - glyphs[j - 1].x1 >= WORD_BREAK * em
        if glyphs is not word.glyphs:
            word = word._replace(text="".join(g.text for g in glyphs), glyphs=glyphs)
        out.extend(without_glyphs(word, specks) if specks else [word])
    return out


# A mark of two dots one above the other, and the mark its lower dot is alone.
LOWER_DOT = {";": ",", ":": "."}
# The upper dot of a printed colon or semicolon is at most this many times its lower one's
# area: 0.5-1.2 over the 24 colons read on the committed 000, 003 and 004 and seed 13's 004
# at 300 dpi grey (a semicolon's comma is larger than its dot).
UPPER_DOT_MAX = 2.0


def lower_dot_alone(mark: str, blots: list[MarkInk], profile: PrintProfile) -> str | None:
    """The mark ``mark`` is when it is a colon or a semicolon (``LOWER_DOT``) read over two
    blots whose upper one is none of the page's print and whose lower one is: the lower
    one's mark alone; else None. On 004's first page (held-out seed-90 draw, 300 dpi grey)
    a black 3 by 2 px speck at the letters' top over the comma of the action heading's
    "VULNERABILIDAD," (edge 0.10 against the print's 0.27; the comma's 0.32) was read
    "VULNERABILIDAD;" (0.85), and all 24 activities carried the misread heading. An upper
    blot ``UPPER_DOT_MAX`` times the lower's area or more is no dot of the same mark either,
    however blurred: on the seed-72 draw a speck of 4 times the area of the full stop under
    it, at the letters' middle, made "SUBEMPLEO." read "SUBEMPLEO:" (0.86), and the
    objective's heading of 23 activities with it."""
    if mark not in LOWER_DOT or (dots := _upper_and_lower(blots)) is None:
        return None
    upper, lower = dots
    if not is_print(lower, profile) or is_print(upper, profile) and upper.area < UPPER_DOT_MAX * lower.area:
        return None
    return LOWER_DOT[mark]


def _upper_and_lower(blots: list[MarkInk]) -> tuple[MarkInk, MarkInk] | None:
    """A two-dot mark's blots, upper first; None unless there are two."""
    return tuple(sorted(blots, key=lambda b: b.top)) if len(blots) == 2 else None


# A printed semicolon's dot is at most this share of its comma's area (0.47-0.65 over the
# semicolons read on the committed 003 and 004 at 300 dpi grey); a printed colon's upper dot
# 0.75-1.5 of its lower one's (the same pages and seed 13's and 102's 004).
DOT_OVER_COMMA = 0.6


def comma_under_a_dot(mark: str, blots: list[MarkInk], profile: PrintProfile) -> str | None:
    """";" for a colon read over two printed blots whose upper one is at most
    ``DOT_OVER_COMMA`` of the lower's area: a dot over a comma, a semicolon; else None. On
    004's first page (seed-102 draw, 300 dpi grey) the objective's heading "... DE LA
    POBLACIÓN; PARTICULARMENTE ..." read "POBLACIÓN:" (upper over lower 0.4), and all 23
    activities under it lost their objective."""
    if mark != ":" or (dots := _upper_and_lower(blots)) is None:
        return None
    upper, lower = dots
    if not (is_print(upper, profile) and is_print(lower, profile)) or upper.area > DOT_OVER_COMMA * lower.area:
        return None
    return ";"


def accent_blots(word: EngineWord, glyph: Glyph, blots: WordBlots, em: float) -> list[MarkInk]:
    """The blots of ink above ``glyph``'s letter (within its columns, apart from it and
    wholly above its ink's top) that are no letter's (under ``LETTER_BLOT_EM``): the ink
    of an accent read over it; [] when the letter's own blot is not found."""
    x0, top, crop, count, labels, stats, whole, _, _ = blots
    gx0, gx1 = glyph.x0 - x0, glyph.x1 - x0
    left, width = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_WIDTH]
    tops, height = stats[1:, cv2.CC_STAT_TOP], stats[1:, cv2.CC_STAT_HEIGHT]
    within = (left < gx1) & (left + width > gx0)
    letter = within & (height >= LETTER_BLOT_EM * em)
    if not letter.any():
        return []
    letter_top = int(tops[letter].min())
    return [blot_ink(crop, labels, n + 1, stats, em) for n in np.flatnonzero(
        within & ~letter & whole & (tops + height <= letter_top))]


# Ink over a letter this much darker (grey levels) than the darkest of its word's letters is
# no accent printed with them: of the 848 accented letters read on the committed scans (300
# and 150 dpi grey), Chromium's plain prints (seed 560, 300 dpi grey), Typst's (200 dpi) and
# Calc's (seed 570, 300 dpi), none is darker than its letters; the speck over "DÉ", 47.
SPECK_DARKER = 32


def darker_than_its_letters(gray: np.ndarray, word: EngineWord, glyph: Glyph) -> bool:
    """Whether the ink over ``glyph``'s letter, above the tops of the word's other letters,
    is ``SPECK_DARKER`` darker than the darkest of its letters: a speck on the scanner's
    glass is black, and a printed accent, a thinner stroke than a letter's, blurs paler
    than it. Chromium's plain 004 (seed 560, 300 dpi grey) read "DÉ" (0.90) in the
    objective every activity carries, a 3 by 2 px speck of grey 10 touching the top of the
    E, whose strokes are 57 at their darkest: no blot of its own to judge."""
    others = [g for g in word.glyphs if g is not glyph and g.text.isalpha()]
    if not others:
        return False
    cap = min(g.top for g in others)
    above = gray[glyph.top:cap, glyph.x0:glyph.x1]
    letters = gray[cap:word.bottom, word.x0:word.x1]
    return above.size > 0 and letters.size > 0 and int(above.min()) + SPECK_DARKER <= int(letters.min())


def printed_accents(gray: np.ndarray, words: list[EngineWord], line_em: dict[int, float],
                    doubted: frozenset[int]) -> list[MarkInk]:
    """The ink of the page's surely read accents: the one blot of its own above an accented
    letter of a word read ``SURE_WORD`` sure that the vocabulary does not doubt (not in
    ``doubted``). A printed accent is smaller than a printed dot, and the scan's blur fades
    it more: Typst's 003 (seed 216) prints its capitals' acutes 3 by 3 px, fade 0.36-0.48
    and edge 0.22-0.34, where its full stops' fade from 0.24."""
    out = []
    for k, word in enumerate(words):
        if k in doubted or word.confidence < SURE_WORD or without_accents(word.text) == word.text:
            continue
        em = line_em[word.line]
        blots = word_blots(gray, word, em)
        if blots is None:
            continue
        for g in word.glyphs:
            if len(g.text) == 1 and without_accents(g.text) != g.text:
                ink = accent_blots(word, g, blots, em)
                if len(ink) == 1:
                    out.extend(ink)
    return out


def accents_not_printed(gray: np.ndarray, words: list[EngineWord], picked: list[int],
                        unspelled: frozenset[int] = frozenset()) -> list[EngineWord]:
    """``words`` with the accents read over letters of the ``picked`` words whose ink above
    the letter is none of the page's print (``is_print``, not a dot: sharper than its
    printed dots, or than its printed accents when it reads ``MIN_REFERENCES`` of them
    surely, ``printed_accents``) read without them. Typst's 003 on the seed-216 draw: a
    round speck over the E of "SALUD EN EL TRABAJO", in the heading of all 23 activities,
    read "ÉN" (0.93); its edge 0.16 and fade 0.17 were as blurred as the page's full stops
    (0.7 of their 0.23 and 0.24), and sharper than every accent the page prints. On 004's
    3 pt print (seed-14 draw, 300 dpi grey) a
    black speck two rows above the E of the group heading's "SITUACIÓN DE
    VULNERABILIDAD", with no grey halo (edge 0.17), was read "DÉ" (0.96), and all 23
    activities of the group lost their heading. The ink alone does not tell: a printed
    acute of the same page's 3 pt capitals can be as dark and as sharp (seed 13's
    "GESTIÓN", edge 0.15, 0.011 em², the speck's area), so only the words the document's
    vocabulary doubts are judged (``lexicon.accents_doubted``). An accent with no blot of
    its own (touching its letter, or paler than ``INK_LEVEL``, as most printed accents of
    004) is left as read, but on the ``unspelled`` words (``lexicon.accents_unspelled``:
    neither the engine's dictionary nor the document spells them so), where it is taken
    off: a speck touching the E of "EN" (004 on the seed-73 draw, read "ÉN" in the action's
    heading of 23 activities) is as dark as some printed acutes of the page, and leaves no
    blot of its own to judge. Nor is ink darker than its word's letters, a blot of its own or
    not (``darker_than_its_letters``)."""
    if not picked:
        return words
    page = page_print(gray, words)
    if page is None:
        return words
    line_em, profile = page
    accents = print_profile(printed_accents(gray, words, line_em, frozenset(picked)))
    out = list(words)
    for k in picked:
        word = words[k]
        em = line_em[word.line]
        blots = word_blots(gray, word, em)
        if blots is None:
            continue
        glyphs = list(word.glyphs)
        for j, g in enumerate(glyphs):
            if len(g.text) != 1 or without_accents(g.text) == g.text:
                continue
            ink = accent_blots(word, g, blots, em)
            if darker_than_its_letters(gray, word, g) or (ink and not any(
                    is_print(b, profile, dot=False) and (accents is None or is_print(b, accents, dot=False))
                    for b in ink)) or (not ink and k in unspelled):
                glyphs[j] = g._replace(text=without_accents(g.text))
        if glyphs != list(word.glyphs):
            out[k] = word._replace(text="".join(g.text for g in glyphs), glyphs=tuple(glyphs))
    return out
