"""Whether a digit the engine read is the digit its ink prints, judged against the page's
own print of digits.

The engine can be sure of a digit its ink is not: on the seed-67 draw of 000 (300 dpi
grey) a DejaVu Sans ``7%`` was read ``1%`` by the page's (Spanish) model at 0.94, its
``1`` at 0.99, and the number model's reading, ``7%`` at 0.37 twice as large, was too
unsure to replace it (step 8): the value was published wrong and sure, and nothing
downstream could catch it (000's monthly percentages need not sum to anything). Its ink
is a 7's: a bar across the top, a stem running down to the left; a 1 prints a short flag
and an upright stem.

What tells the digits apart is how the page prints each: the digits the engine read
surely on the same page, in the same type, through the same optics, are the print's own
samples of each digit (``print_digits``). A digit is judged by its ink's shape
(``digit_ink``: its darkness over a grid of its ink's height, the same grid for every
digit) against the median shape of each digit's samples: it is disputed when its ink is
the shape of another digit's samples, as near to them as those samples are to their
median (``SPREAD_SHARE``) and much nearer than to the samples of the digit read
(``NEARER``; ``DOUBTED`` when it is no print of the digit read, ``OUTLIER``). Measured on
the 80 pages of 000-004 read at 300 dpi grey (committed and seed-13 to 16 draws), with 004
of seeds 61 and 63 and 000 of seed 67 (21,748 digits with
samples of their own digit and of another): the ``1`` of that ``7%`` is 0.018 from the page's sevens (whose samples lie
within 0.051 of their median) and 0.206 from the page's ones, a share of 0.09; of the
digits read more than ``DISPUTED`` sure and as near another digit's samples as its own
samples are, the nearest to it is 0.33 (all on 004's 3 pt print, where a digit's samples
lie 0.15-0.29 apart, against 0.05 on 000's 8 pt): only the misread one is disputed.

A disputed number is read again by the number model (``NUMBER_SCALE`` and ``FORM_SCALES``
times larger) and replaced by its surest reading of the digits the ink says, with its own
confidence (the model read ``7%`` three times, at 0.37 at best: published, and flagged);
when no reading says so, it is kept at most ``DISPUTED`` sure (flagged, never published as
sure). It is never rewritten: the ink only decides which of the engine's readings stands.
"""

from __future__ import annotations

from collections import defaultdict

import cv2
import numpy as np

from .image import label_ink
from .tesseract import (DISPUTED, FORM_SCALES, INK_LEVEL, NUMBER, NUMBER_SCALE, PALE_INK, EngineWord, Glyph,
                        PageCopies, TesseractEngine, copies_of, digits, reads_the_ink)

# A digit's ink is compared over a grid this many rows by columns: its ink's height in
# rows, and this share of that height across, centred on its ink (a 1's stem and a 7's
# bar then fall in the same columns whatever the width of each digit's own ink).
GRID = (16, 12)
WIDTH = 0.8
MIN_HEIGHT_PX = 6  # ink shorter than this is no digit to judge (a speck, 150 dpi 3 pt print)
# A blot of a glyph's box shorter than this share of its tallest is a speck, not the digit's.
SPECK_SHARE = 0.3
# The samples of a digit: read at least this sure, in a number read at least this sure...
SURE_GLYPH = 0.9
SURE_WORD = 0.9
# ... and at least this many of them on the page, else the digit has no samples.
MIN_SAMPLES = 3
# A digit judged among its own samples is judged against the others' median when they are
# this few or fewer; among more, its own ink moves their median by too little to matter
# (and the median of each of 004's 1,000 zeros but one took 1 s a page).
FEW_SAMPLES = 50
# A digit's ink is another digit's print when it is no further from that digit's samples
# (mean darkness difference from their median) than SPREAD_SHARE of those samples are
# from it (the samples' spread: 0.05 for 000's sevens at 300 dpi, 0.15-0.27 on 004's 3 pt
# print and for digits with few samples)...
SPREAD_SHARE = 0.9
# ... and at most this share of its distance from the samples of the digit read (the
# misread 1: 0.09; the nearest digits read right and more than DISPUTED sure, all on 004's
# 3 pt print: 0.33, 0.34, 0.34, 0.37, 0.39; a "$2.3" at DISPUTED, flagged already, 0.20).
NEARER = 0.25
# A digit whose ink is another digit's print at most this share as far from it as from
# the next (a digit the page prints no samples of, ``ink_of_one_digit``) or from its own
# digit's samples (but more than NEARER) is doubted: the number model's reading of the
# ink's digit replaces it, and nothing else is done to it (but an ``OUTLIER`` of its own
# digit's print, disputed). Seed 121's 003: a speck inside
# the ring of "37000"'s fourth digit, read "37060" 0.81 sure, at 0.31; the digits read
# right with no samples of their own, at 0.42-0.99, are read again and kept (the number
# model reads them as read). Seed 146's 002: a white speck breaking the bowl of "666,900"'s
# third 6, read "665,900" 0.76 sure, its ink 0.051 from the page's sixes and 0.136 from its
# fives (0.38); of the digits read right and within another digit's spread on the
# committed scans and three draws (4,909), the nearest is 0.48 (a "0" of 004's "100%").
DOUBTED = 0.5
# A digit the page prints no samples of, doubted so, is disputed when its ink lies within
# this many times the median distance of the nearest digit's samples from their median: its
# ink is as typical a print of that digit as the page's own. On 002's last page a speck in the
# ring of a zero, read "6" by both models, published "$8,060.00" (seed 175, 0.96) and
# "$12,060.00" (seed 189, 0.96): their sixes lie 0.069 and 0.065 from the page's zeros, whose
# samples lie a median 0.066 and 0.064 from theirs (1.05 and 1.02 times), and within DOUBTED
# (0.35, 0.33) of the next digit. The sixes of 002's "2016" (no six printed surely on its
# page either, read right, doubted at 0.40-0.43) lie 0.148-0.162 from the page's zeros, 3.1-3.4
# times their samples' median 0.047.
TYPICAL = 2.0
# A number whose digits the page's mended copy (``PageCopies.mended``) darkens somewhere by
# at least CUT_DEPTH levels has a stroke cut by a drop-out: paper inside a stroke, with ink
# above and below it. A grey edge the closing thickens darkens by less. Only digits whose
# ink is at least CUT_MIN_HEIGHT_PX tall are judged so: in smaller print a counter or the
# gap of a 6's hook is two rows tall too, and the mended copy reads other digits where
# nothing was cut (004's 3 pt print, 11-17 px: "11.00" read "11.90" on it 0.97 sure).
# Measured on 300 dpi grey and bitonal scans (committed, and Chromium's bordered print of
# seed 370): of 1,885 numbers of digits that tall, 63 hold such a pixel; the mended copy
# reads other digits, surer, for three: 000's cut "10%" read "16%" by both models (below)
# and two "0.00" of 004 read "0.06".
CUT_DEPTH = 96
CUT_MIN_HEIGHT_PX = 18
# A digit doubted against its own digit's samples (within DOUBTED, more than NEARER) whose
# ink lies further from them than this many times their spread is no print of that digit:
# disputed. Writer's grey 002 (seed 500, held out of round 46): a speck against the foot
# of "757.9"'s 5 and the page read "797.9" 0.95 sure, its 9 one of the page's four nines;
# its ink 0.117 from the fives' median, 0.43 of its distance from the other three nines,
# which lie within 0.040 of theirs (6.8 times). No model read a 5 at any scale, and kept
# as read it was published wrong and sure. The digits read right and so doubted on six
# documents of seed 490 lie 0.97-1.3 times their digit's spread from it ("9%", "1.00",
# "0.00", "137.00"), but for 004's 150 dpi "11.00" and "201.00" (3.1-4.0: flagged).
OUTLIER = 2.0


def digit_ink(gray: np.ndarray, glyph: Glyph) -> np.ndarray | None:
    """The darkness (0 paper, 1 black) of ``glyph``'s ink over a ``GRID``: its ink's rows
    inside its box, ``WIDTH`` of their height across centred on its ink, the ink of the
    letters beside it (outside its box) left out. None for too little ink."""
    h, w = gray.shape
    x0, x1 = max(0, glyph.x0), min(w, glyph.x1)
    top, bottom = max(0, glyph.top), min(h, glyph.bottom)
    box = gray[top:bottom, x0:x1]
    ink = box < INK_LEVEL
    if box.size == 0 or not ink.any():
        return None
    box, ink = _without_specks(box, ink)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    height = int(rows[-1] - rows[0] + 1)
    if height < MIN_HEIGHT_PX:
        return None
    dark = 1.0 - box[rows[0]:rows[-1] + 1].astype(np.float32) / 255.0
    centre, half = (cols[0] + cols[-1] + 1) / 2, WIDTH * height / 2
    left, right = int(round(centre - half)), int(round(centre + half))
    grid = np.zeros((height, right - left), np.float32)
    inside_l, inside_r = max(left, 0), min(right, dark.shape[1])
    grid[:, inside_l - left:inside_r - left] = dark[:, inside_l:inside_r]
    return cv2.resize(grid, GRID[::-1], interpolation=cv2.INTER_AREA)


def _without_specks(box: np.ndarray, ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A glyph's box and ink without the blots of ink far shorter than its tallest
    (``SPECK_SHARE``), painted paper: specks the engine boxed with the digit. Typst's plain
    000 (seed-230 scan, held out): a "7%" with two specks left of its 7, one at its top and
    one at its foot, read "1%" 0.71 sure; boxed with the 7, they made its ink as tall as the
    box and off centre, 0.25 from the page's sevens and 0.26 from its ones, and nothing
    disputed it. A digit cut by a drop-out keeps both halves (each near half its height).
    In a digit at least ``CUT_MIN_HEIGHT_PX`` tall, a short blot joined to a taller one at
    a paler level (``PALE_INK``) is a stroke of the digit the threshold parted from it, and
    stays: Chromium's plain 000 (seed-490 scan, 300 dpi grey), a clean "7%" 21 px tall whose
    bar a faint joint (171-197 of 255) parted from its stem, read "1%" (0.79, its "1" 0.97);
    without its bar its ink lay 0.152 from the page's sevens, outside their spread, and was
    not judged: published wrong and sure. Smaller print blurs a digit's point and specks
    into it at that level (004 at 150 dpi, seed 510: "4.00" then read "490")."""
    _, labels, stats, _ = label_ink(ink.astype(np.uint8))
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    short = heights < SPECK_SHARE * heights.max()
    if not short.any():
        return box, ink
    if heights.max() >= CUT_MIN_HEIGHT_PX:
        _, pale, _, _ = label_ink((box < PALE_INK).astype(np.uint8))
        # Each blot lies inside one blot of the paler ink: its label there, by blot.
        pale_of = np.zeros(len(stats), np.int32)
        pale_of[labels[ink]] = pale[ink]
        short &= ~np.isin(pale_of[1:], pale_of[1:][~short])
    specks = np.flatnonzero(short) + 1
    if not specks.size:
        return box, ink
    gone = cv2.dilate(np.isin(labels, specks).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    gone &= ~ink | np.isin(labels, specks)  # the digit's own ink stays, however near
    return np.where(gone, 255, box).astype(box.dtype), ink & ~gone


def _distance(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a - b).mean())


def _number_digits(gray: np.ndarray, words: list[EngineWord]) -> list[tuple[int, int, np.ndarray]]:
    """(word index, letter index, ink) of each digit of each number (``NUMBER``) whose
    letters are its text's characters, one each."""
    out = []
    for k, word in enumerate(words):
        if not NUMBER.match(word.text) or "".join(g.text for g in word.glyphs) != word.text:
            continue
        for j, glyph in enumerate(word.glyphs):
            if glyph.text.isdigit() and (ink := digit_ink(gray, glyph)) is not None:
                out.append((k, j, ink))
    return out


def print_digits(words: list[EngineWord], found: list[tuple[int, int, np.ndarray]]) -> dict[str, list[int]]:
    """The page's samples of each digit: indices into ``found`` of the digits read at least
    ``SURE_GLYPH`` sure in numbers read at least ``SURE_WORD`` sure."""
    samples: dict[str, list[int]] = defaultdict(list)
    for n, (k, j, _) in enumerate(found):
        glyph = words[k].glyphs[j]
        if glyph.confidence >= SURE_GLYPH and words[k].confidence >= SURE_WORD:
            samples[glyph.text].append(n)
    return samples


def disputed_digits(gray: np.ndarray, words: list[EngineWord],
                    ) -> tuple[dict[int, dict[int, str]], dict[int, dict[int, str]]]:
    """Number words (index) with the digits (letter index -> the digit its ink prints)
    whose ink is the page's print of another digit than the one read: no further from that
    digit's samples than ``SPREAD_SHARE`` of them are (the samples' spread), and at most
    ``NEARER`` of its distance from the samples of the digit read (that digit's samples
    other than itself), or ``DOUBTED`` when it lies further from those than ``OUTLIER``
    times their spread. A digit read that the page prints no samples of is judged against
    the digits it does print: disputed when its ink is one digit's print (within that
    digit's spread) and at most ``NEARER`` as far from it as from any other digit's
    samples (``ink_of_one_digit``), or within ``DOUBTED`` of it and as near that digit's
    samples as they typically lie (``TYPICAL``). Either is doubted when its ink is so within
    ``DOUBTED`` only (of its distance from its own digit's samples, or from the next digit's):
    the second dict, the digits the number model's reading may mend and nothing else.
    Numbers at most ``DISPUTED`` sure are flagged already and not judged."""
    found = _number_digits(gray, words)
    samples = {digit: members for digit, members in print_digits(words, found).items()
               if len(members) >= MIN_SAMPLES}
    if len(samples) < 2:
        return {}, {}
    inks = np.stack([ink for _, _, ink in found]).reshape(len(found), -1)
    digits = sorted(samples)
    shapes = np.stack([np.median(inks[samples[digit]], axis=0) for digit in digits])
    # Each digit's ink from each digit's median shape (mean darkness difference).
    distances = np.abs(inks[:, None, :] - shapes[None, :, :]).mean(axis=2)
    spread = [float(np.quantile(distances[samples[digit], c], SPREAD_SHARE)) for c, digit in enumerate(digits)]
    # At least the page's typical spread (the median over its digits): a few samples of
    # clean print can lie closer together than the noise of the page's other digits. On
    # 000's second page of the seed-127 draw six sevens lay within 0.013 of their median
    # (the page's digits: 0.015-0.205, median 0.103), and a "7%" read "1%" 0.96 sure, its
    # ink 0.021 from the sevens and 0.204 from the ones, was not judged: published wrong
    # and sure.
    typical = float(np.median(spread))
    own_spread = spread  # a digit read is judged an outlier of its own print by these
    spread = [max(s, typical) for s in spread]
    usual = [float(np.median(distances[samples[digit], c])) for c, digit in enumerate(digits)]
    out: dict[int, dict[int, str]] = defaultdict(dict)
    doubted: dict[int, dict[int, str]] = defaultdict(dict)
    for n, (k, j, _) in enumerate(found):
        read = words[k].glyphs[j].text
        if words[k].confidence <= DISPUTED:
            continue  # flagged already
        others = [c for c, digit in enumerate(digits) if digit != read]
        c = min(others, key=lambda c: distances[n, c])
        if distances[n, c] > spread[c]:
            continue
        # A digit whose samples are too few once its own ink is left out has none: the
        # misread one may be a sample of the digit read, sure as it is (Writer's 002,
        # seed-230 scan, held out: "3,552" read "3,952" 0.96, its 9 at 0.99 one of the
        # page's three nines, its ink 0.013 from the page's fives; left unjudged, it was
        # published wrong and sure).
        alone = read in samples and n in samples[read] and len(samples[read]) - 1 < MIN_SAMPLES
        if read not in samples or alone:
            if ink_of_one_digit(distances[n], c, others) or (
                    ink_of_one_digit(distances[n], c, others, DOUBTED) and distances[n, c] <= TYPICAL * usual[c]):
                out[k][j] = digits[c]
            elif ink_of_one_digit(distances[n], c, others, DOUBTED):
                doubted[k][j] = digits[c]
            continue
        own = distances[n, digits.index(read)]
        lies = own_spread[digits.index(read)]
        if len(samples[read]) <= FEW_SAMPLES and n in samples[read]:  # from the others of its digit
            rest = [m for m in samples[read] if m != n]
            middle = np.median(inks[rest], axis=0)
            own = _distance(inks[n], middle)
            lies = float(np.quantile([_distance(inks[m], middle) for m in rest], SPREAD_SHARE))
        if distances[n, c] <= NEARER * own:
            out[k][j] = digits[c]
        elif distances[n, c] <= DOUBTED * own:
            # Within DOUBTED, a digit whose ink is no print of the digit read (further from
            # its other samples than OUTLIER times their spread) is disputed: flagged when no
            # reading says what its ink does.
            (out if own > OUTLIER * lies else doubted)[k][j] = digits[c]
    return dict(out), {k: which for k, which in doubted.items() if k not in out}


def ink_of_one_digit(distances: np.ndarray, nearest: int, others: list[int], share: float = NEARER) -> bool:
    """Whether a digit's ink (its ``distances`` from each printed digit's samples) is the
    ``nearest`` digit's print and no other's: at most ``share`` as far from it as from the
    next nearest. The test of a digit read that the page prints no samples of, so that
    there is no distance from its own print to weigh: on 002's last page of the seed-116
    draw a white speck opened the ring of the second zero of "$20,000.00", read
    "$20,060.00" 0.94 sure with no six printed on the page; its ink lies 0.018 from the
    page's zeros and 0.225 from the next digit's (0.08 of it). Measured on 002 at 300 dpi
    grey (committed and seed 13-16 draws), the digits read right with no samples of their
    own that lie within another digit's spread are 0.42-0.99 of their next nearest."""
    rest = [distances[c] for c in others if c != nearest]
    return bool(rest) and distances[nearest] <= share * min(rest)


def as_the_ink_reads(word: EngineWord, disputed: dict[int, str]) -> str:
    """``word``'s text with each disputed digit (letter index -> digit) the ink's."""
    return "".join(disputed.get(j, g.text) for j, g in enumerate(word.glyphs))


def digits_against_print(engine: TesseractEngine, gray: np.ndarray, words: list[EngineWord],
                         dpi: int, copies: PageCopies | None = None) -> list[EngineWord]:
    """``words`` with each number holding a digit whose ink is another digit's print
    (``disputed_digits``) replaced by the number model's surest reading of it
    (``NUMBER_SCALE``, ``FORM_SCALES`` times larger) that reads what the ink says, with
    that reading's confidence; kept at most ``DISPUTED`` sure when none does. A number with
    a doubted digit only (``DOUBTED``) is replaced so, and kept as it is when no reading
    says what the ink does. When no reading of the page does, the readings of the page
    with its cut strokes closed (``PageCopies.mended``; ``copies``: the page's copies) are
    asked too. Last, the numbers that copy shows cut by a drop-out, and that the ink did not
    judge, are read on it again (``cut_numbers``, ``read_with_cuts_closed``)."""
    disputed, doubted = disputed_digits(gray, words)
    judged = disputed | doubted
    out = list(words)
    copies = copies_of(gray, copies)
    for k, which in judged.items():
        want = as_the_ink_reads(words[k], which)

        def says_the_ink(again: EngineWord, want: str = want) -> bool:
            return again.text == want

        best = engine.surest_number(gray, words, k, dpi, (NUMBER_SCALE, *FORM_SCALES), says_the_ink)
        if best is None:
            # A drop-out that cut a stroke reads as another digit to both models, at every
            # scale ("10%" read "16%" 0.92-0.95, its zero's ring cut at the top right):
            # read once more with such cuts closed.
            best = engine.surest_number(copies.mended(), words, k, dpi, (NUMBER_SCALE, *FORM_SCALES), says_the_ink)
        if best is not None:
            out[k] = best
        elif k in disputed:
            out[k] = words[k]._replace(confidence=min(words[k].confidence, DISPUTED))
    mended = copies.mended()
    return read_with_cuts_closed(engine, out, [k for k in cut_numbers(gray, mended, out) if k not in judged], dpi, mended)


def cut_numbers(gray: np.ndarray, mended: np.ndarray, words: list[EngineWord]) -> list[int]:
    """The numbers (index) of digits at least ``CUT_MIN_HEIGHT_PX`` tall (their median
    box) that ``mended`` (``gray`` with its cut strokes closed) darkens somewhere inside a
    digit's box by ``CUT_DEPTH`` levels or more: a stroke cut by a drop-out."""
    out = []
    for k, word in enumerate(words):
        if not NUMBER.match(word.text):
            continue
        boxes = [(g.x0, g.top, g.x1, g.bottom) for g in word.glyphs if g.text.isdigit()]
        if not boxes or np.median([bottom - top for _, top, _, bottom in boxes]) < CUT_MIN_HEIGHT_PX:
            continue
        if any((gray[top:bottom, x0:x1].astype(np.int16) - mended[top:bottom, x0:x1] >= CUT_DEPTH).any()
               for x0, top, x1, bottom in boxes):
            out.append(k)
    return out


def read_with_cuts_closed(engine: TesseractEngine, words: list[EngineWord], cut: list[int], dpi: int,
                          mended: np.ndarray) -> list[EngineWord]:
    """``words`` with each number of ``cut`` (``cut_numbers``) read again by the number
    model on the page with its cut strokes closed (``mended``, ``NUMBER_SCALE`` times
    larger), and that reading taken, at most ``DISPUTED`` sure, when it reads as many digits
    but other ones, surer than the page's reading, and covers its ink. Chromium's bordered
    000 (seed 370, 300 dpi grey): a white drop-out cut the ring of a "10%" at its top right,
    read "16%" by the page's model (0.954) and the number model (0.95 at two and three times
    its size); its ink, near enough a six's, was not doubted (step 8b), and it was published
    wrong and sure. The mended page reads "10%" 0.966 sure. Two readings of other digits,
    the page's and the mended copy's, do not settle them: flagged, never published sure."""
    out = list(words)
    for k in cut:
        word = words[k]
        again = engine.read_number(mended, words, k, dpi, NUMBER_SCALE)
        if (again is not None and len(digits(again.text)) == len(digits(word.text))
                and digits(again.text) != digits(word.text) and again.confidence > word.confidence
                and reads_the_ink(mended, (word.x0, word.top, word.x1, word.bottom), [again])):
            out[k] = again._replace(confidence=min(again.confidence, DISPUTED))
    return out
