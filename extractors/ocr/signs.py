"""Signs the engine has no glyph for, read from the ink: "≥" and "≤".

Neither model (Spanish, English) has a "≥": a printed "≥ 85%" is read "> 85%", its
number right and its text wrong. A "≥" is a ">" with a bar under it, which a ">" does
not have; so where the engine read ">" or "<", the ink of that letter's box, and a
little below it (the engine's box may stop at the chevron), is looked at: a horizontal
run of ink under the chevron spanning most of its width, ending where the chevron
ends (not an underline or a ruling, which run on past it), makes it "≥" or "≤".

On a blurred (150 dpi) or thresholded scan the engine reads some "≥" as "2" (002's
"≥ 85%" read "2 85%", 003's legend "≥95%" read "295%"): a printed 2 has a bar at its
foot too, so a "2" is "≥" only when the ink above its bar is a chevron (``chevron``).
"""

from __future__ import annotations

import cv2
import numpy as np

from .image import label_ink
from .tesseract import INK_LEVEL, EngineWord, Glyph, word_of

SIGNS = {">": "\u2265", "<": "\u2264"}
# The comparison signs a number may print before its digits, a space apart ("≥ 85%").
NUMBER_SIGNS = frozenset(SIGNS) | frozenset(SIGNS.values())
# The digit and the sign the engine reads a barred chevron as (it has no "≥"): "≥" when its
# ink is one. Chromium's bordered 002 at 200 dpi (seed 390) set "≥ 80%" against its cell's
# left border in one column, and the engine read its three "≥" there "=" (0.74-0.84): a
# printed "=" has a bar for its top rows, which reach across (``CHEVRON_TOP``).
LOOKALIKES = {"2": "\u2265", "=": "\u2265"}
# A bar spans at least this share of the chevron's width, from within this share of
# either end of it (the stroke of a bold ">" blurred into a wedge runs as wide, off to one side;
# Typst's "≥" scanned at 200 dpi stops 0.21 of its width short of the chevron's tip)...
BAR_SPAN = 0.7
BAR_ENDS = 0.25
# ... lies in the lowest part of the ink (below this share of its height, from the top)...
BAR_LOW = 0.6
# ... is at most this share of the ink's height thick...
BAR_THICK = 0.35
# ... with no more ink under it in any row than this share of the width (a speck)...
BELOW_BAR = 0.25
# ... and is looked for this far below the engine's box (share of the box's height).
BELOW = 0.5
MIN_PX = 4  # a letter smaller than this across or up and down is not looked at
# A chevron with its bar is about as tall as it is wide (0.9-1.3 on the samples, a speck
# in the box included); a box this many times taller than wide holds something else.
TALL = 2.0
# A chevron's top rows (this share of its ink's height) are its upper stroke setting off
# from the left: their ink reaches at most CHEVRON_TOP of its width to the right, where a
# 2's bowl reaches nearly across (measured: "≥" read "2" 0.56-0.70, the printed 2s of the
# scans of 000-003 in three styles 0.78-1.00, 405 of them) ...
TOP_ROWS = 0.15
CHEVRON_TOP = 0.75
# ... and a chevron with its bar is about as wide as it is tall, a digit narrower ("≥" read
# "2" 1.00-1.12 wide for its height down to the bar, printed 2s 0.57-0.91), unless paper
# parts the bar from the chevron: a 2's foot is one stroke with it. Liberation Serif's "≥"
# (Writer's 002, Typst's) is 0.81 as wide as tall, its bar two rows of paper under it.
SQUARE = 0.95
# A chevron's arms end at its left: its first and last rows above a parted bar start
# within this share of the ink's width of its left edge (Liberation Serif's "≥" at 0).
ARM_LEFT = 0.25
# A chevron whose lower arm the scan joined to its bar at the left, as narrow as a digit
# (Chromium's plain print of 002, its "≥" 0.84 as wide as tall, scanned), is one only when
# its top rows reach no further than this share of its width (measured 0.44-0.50; printed
# 2s 0.78-1.00, as for ``CHEVRON_TOP``).
JOINED_TOP = 0.6
# A blot above the bar with less ink than this share of the largest there is a speck, no
# part of the chevron (``_joined_chevron``).
SPECK_SHARE = 0.2
# ... and those blots span at least this share of the glyph's width, as a chevron's arms span
# its bar: a faint 2 whose ink is its bowl's right side and a speck over its foot is no
# chevron (Typst's 4 pt "20.00" of 004, seed 216).
CHEVRON_SPAN = 0.7


def comparison_signs(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with each ">" or "<" whose ink has a bar under it (``barred``) read
    "≥" or "≤", and each "2" whose ink is a chevron with a bar under it (``chevron``)
    read "≥", its box grown down to the bar; a sign whose ink is no chevron (a 2's) stays
    as read."""
    out = []
    for word in words:
        if not any(g.text in SIGNS or g.text in LOOKALIKES for g in word.glyphs):
            out.append(word)
            continue
        glyphs = _bar_read_again(tuple(_signed(gray, g) for g in _signs_read_in_two(gray, word.glyphs)))
        if glyphs == word.glyphs:
            out.append(word)
            continue
        out.extend(_sign_apart(word._replace(text="".join(g.text for g in glyphs),
                                             bottom=max(word.bottom, *(g.bottom for g in glyphs)), glyphs=glyphs)))
    return out


# A sign parted from the digits after it by paper this many times their height wide is a word
# of its own: a space (0.25 em) where digits stand 0.72 em tall.
SIGN_SPACE = 0.35
# ... and so is one parted by at least this share of their height where that paper is
# SPACE_OVER_LETTERS times as wide as the widest gap between the letters after it: blur
# narrows a space's paper and grows the digits' height, not the ratio of the gaps.
SIGN_SPACE_BLURRED = 0.2
SPACE_OVER_LETTERS = 2.0


def _sign_apart(word: EngineWord) -> list[EngineWord]:
    """``word`` as two words where it starts with a "≥" or "≤" that a space parts from the
    digits after it (``SIGN_SPACE``): the engine read Typst's and Chromium's "≥ 85%" (002)
    as one word, boxed 10 px apart where the digits stand 3-4 px apart, and the value's text
    lost its space; a legend printed "≥95%" (003) stays one word. At 150 dpi the same space
    measured 8-9 px against digits 26 px tall (0.31-0.35), still two to three times the 3 px
    between the digits (``SIGN_SPACE_BLURRED``, ``SPACE_OVER_LETTERS``: Chromium's plain and
    filled prints and Calc's, seed 520)."""
    sign, *rest = word.glyphs
    if sign.text not in SIGNS.values() or not rest or not rest[0].text.isdigit():
        return [word]
    digits = [g for g in rest if g.text.isdigit()]
    height, gap = max(g.bottom - g.top for g in digits), rest[0].x0 - sign.x1
    letters = max((b.x0 - a.x1 for a, b in zip(rest, rest[1:])), default=0)
    blurred_space = gap >= SIGN_SPACE_BLURRED * height and gap >= SPACE_OVER_LETTERS * max(1, letters)
    if gap < SIGN_SPACE * height and not blurred_space:
        return [word]
    return [word_of(part, word)._replace(dictionary=word.dictionary) for part in ([sign], rest)]


# A mark the engine reads from a barred chevron's bar besides the chevron ("≥" read ">=").
BAR_MARKS = frozenset("=-_")
# ... lies within the sign's box across along at least this share of its own width.
WITHIN_SIGN = 0.8


def _bar_read_again(glyphs: tuple[Glyph, ...]) -> tuple[Glyph, ...]:
    """``glyphs`` without a ``BAR_MARKS`` mark boxed within a "≥" or "≤" of theirs: the
    engine read the sign's bar a second time. At 150 dpi it read one of 002's "≥ 85%"
    ">=" 0.70 sure, the "=" boxed 8 px wide inside the ">"'s 20 px (page 8 skewed
    -1.37° by the seed-13 draw; at +0.82°, the committed draw, ">"), and the value's text
    was "≥= 85%". A "="
    printed after a ">" has its own ink beside it, outside the ">"'s box; and a ">"
    becomes "≥" only over a bar of its own (``barred``)."""
    signs = [g for g in glyphs if g.text in SIGNS.values()]
    if not signs:
        return glyphs
    return tuple(g for g in glyphs if g.text not in BAR_MARKS or not any(
        min(g.x1, s.x1) - max(g.x0, s.x0) >= WITHIN_SIGN * max(1, g.x1 - g.x0) for s in signs))


def _signs_read_in_two(gray: np.ndarray, glyphs: tuple[Glyph, ...]) -> tuple[Glyph, ...]:
    """``glyphs`` with a ">" or "<" and the ``BAR_MARKS`` mark after it that starts within
    its box made one glyph over both boxes, where that one is a chevron over a bar
    (``chevron``): the engine read one "≥" as two letters over the same ink. Chromium's
    plain print of 002, scanned (seed 260): a "≥ 80%" read ">=" 0.91 sure, the ">" boxed
    6 px wide over the chevron's left part, the "=" 16 px over all of it; the value's text
    was ">= 80%", and the ">" alone is too narrow to look at."""
    out, k = [], 0
    while k < len(glyphs):
        first = glyphs[k]
        if k + 1 < len(glyphs) and glyphs[k + 1].x0 < first.x1 and (
                (first.text in SIGNS and glyphs[k + 1].text in BAR_MARKS)
                or (first.text in BAR_MARKS and glyphs[k + 1].text in SIGNS)):
            # ... or the mark first: Chromium's bordered 002 (seed 380) read a "≥" "=>", the
            # "=" made "≥" by its own chevron (``LOOKALIKES``) and the ">" left after it.
            sign, mark = (first, glyphs[k + 1]) if first.text in SIGNS else (glyphs[k + 1], first)
            both = sign._replace(x0=min(sign.x0, mark.x0), top=min(sign.top, mark.top), x1=max(sign.x1, mark.x1),
                                 bottom=max(sign.bottom, mark.bottom), confidence=min(sign.confidence, mark.confidence))
            if chevron(gray, both, sign.text == "<") is not None:
                out.append(both)
                k += 2
                continue
        out.append(first)
        k += 1
    return tuple(out)


def _signed(gray: np.ndarray, glyph: Glyph) -> Glyph:
    if glyph.text in SIGNS:
        # A ">" or "<" read over a digit's ink (a "2", whose foot is a bar) is no sign.
        bottom, sign = chevron(gray, glyph, glyph.text == "<"), SIGNS[glyph.text]
    elif glyph.text in LOOKALIKES:
        bottom, sign = chevron(gray, glyph), LOOKALIKES[glyph.text]
    else:
        return glyph
    if bottom is None:
        return glyph
    return glyph._replace(text=sign, bottom=max(glyph.bottom, bottom))


def chevron(gray: np.ndarray, glyph: Glyph, left: bool = False) -> int | None:
    """The bottom (pixels, exclusive) of the bar under a chevron pointing right (``left``:
    left) in ``glyph``'s box, None when there is none: the ink has a bar under it
    (``barred``), is about as wide as tall down to the bar (``SQUARE``) or parted from the
    bar by a row of paper with both arms ending at its left (``_bar_apart``) or, joined to
    it, has both arms ending at its left and its top rows reaching less than ``JOINED_TOP``
    across, and its top rows reach only part way across (``CHEVRON_TOP``: a 2's bowl
    reaches nearly across).

    Asked of a "2" (``LOOKALIKES``) and of a ">" or "<" alike: on the seed-41 (grey) and
    seed-50 (bitonal) draws of 003 a lone "2" was read ">" from its cell alone (step 7),
    and its foot, a bar under it as wide as it, made it "≥". Its ink is 0.6-0.74 as wide
    as tall, its top rows a bowl."""
    gray, glyph, top = _neighbours_cleared(gray, glyph)
    bottom = barred(gray, glyph)
    if bottom is None:
        return None
    ink = gray[glyph.top:bottom, glyph.x0:glyph.x1] < INK_LEVEL
    if left:
        ink = ink[:, ::-1]
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    ink = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    height, width = ink.shape
    if width < SQUARE * height and not _bar_apart(ink) and not _joined_chevron(ink):
        return None
    return top + bottom if _top_reach(ink) <= CHEVRON_TOP * width else None


def _neighbours_cleared(gray: np.ndarray, glyph: Glyph) -> tuple[np.ndarray, Glyph, int]:
    """The rows of ``gray`` that ``barred`` looks at about ``glyph``, and a width of the box
    either side, with the blots in the box that are specks beside its largest (less ink than
    ``SPECK_SHARE`` of it, wholly left or right of its columns) made paper; ``glyph`` in the
    window's pixels; the window's top. Such a blot is a neighbour's ink the engine boxed with
    the glyph: Calc's "2.00" of 004 at 200 dpi (seed 290) boxed its 2 with the left of the
    point, which lay on the 2's foot a pixel apart, and measured with it the 2 was as wide
    as tall and its bowl reached only 0.75 across, as a chevron's upper arm does."""
    h, w = gray.shape
    x0, top, x1, bottom = glyph.x0, glyph.top, glyph.x1, glyph.bottom
    end = min(h, bottom + max(2, round(BELOW * (bottom - top))))
    left = max(0, 2 * x0 - x1 - 2)
    window = gray[top:end, left:min(w, 2 * x1 - x0 + 2)]
    glyph = glyph._replace(x0=x0 - left, top=0, x1=x1 - left, bottom=bottom - top)
    box = window[:, glyph.x0:glyph.x1] < INK_LEVEL
    count, labels, stats, _ = label_ink(box.astype(np.uint8))
    if count < 3:
        return window, glyph, top
    areas = stats[1:, cv2.CC_STAT_AREA]
    starts = stats[1:, cv2.CC_STAT_LEFT]
    stops = starts + stats[1:, cv2.CC_STAT_WIDTH]
    largest = int(np.argmax(areas))
    beside = 1 + np.flatnonzero((areas < SPECK_SHARE * areas[largest])
                                & ((starts >= stops[largest]) | (stops <= starts[largest])))
    if not beside.size:
        return window, glyph, top
    window = window.copy()
    window[:, glyph.x0:glyph.x1][np.isin(labels, beside)] = 255
    return window, glyph, top


def _top_reach(ink: np.ndarray) -> int:
    """How far right (pixels from its left) the top rows (``TOP_ROWS``) of ``ink`` reach."""
    top = ink[:max(1, round(TOP_ROWS * len(ink)))]
    return int(np.flatnonzero(top.any(axis=0)).max()) + 1


def _joined_chevron(ink: np.ndarray) -> bool:
    """Whether ``ink`` (cut to its ink) is a chevron the scan joined to its bar: above the
    bar (``_bar_top``), its blots but specks (under ``SPECK_SHARE`` of the largest: a speck
    over a 2, or on the bar's end beside the chevron's tip) have their arms ending at their
    left (``_arms_left``) and their top rows reaching less than ``JOINED_TOP`` across, both
    measured on those blots' own columns (a 2 whose diagonal the scan parted from its bowl is
    both), and they span ``CHEVRON_SPAN`` of its width. Chromium's filled print of 000
    (seed-240 draw) set a speck over a "25%"'s 2, four rows of paper above it, and measured
    from the speck the 2's top reached 0.33; Typst's 4 pt serif 2 (004, seed 230) has a foot
    half as wide again as its bowl, and measured across the foot its top reached 0.56;
    Chromium's plain print of 002 (seed 230) set a speck on the right end of a "≥"'s bar, two
    rows over it, and the chevron's lower arm was measured ending at the speck, at its right:
    "≥ 85%" was published "285%", sure."""
    bar = _bar_top(ink)
    if bar == 0:  # a solid blot, bar all through: nothing above it (OpenCV refuses an empty image)
        return False
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink[:bar].astype(np.uint8), connectivity=8)
    if count < 2:
        return False
    areas = stats[1:, cv2.CC_STAT_AREA]
    body = np.isin(labels, 1 + np.flatnonzero(areas >= SPECK_SHARE * areas.max()))
    rows = np.flatnonzero(body.any(axis=1))
    body = body[rows[0]:rows[-1] + 1]
    cols = np.flatnonzero(body.any(axis=0))
    if not cols.size or cols[-1] + 1 - cols[0] < CHEVRON_SPAN * ink.shape[1]:
        return False
    body = body[:, cols[0]:cols[-1] + 1]
    return _top_reach(body) <= JOINED_TOP * body.shape[1] and _arms_left(body)


def _bar_apart(ink: np.ndarray) -> bool:
    """Whether the lowest run of inked rows of ``ink`` (cut to its ink) is a bar, thinner
    than ``BAR_THICK`` of its height, with paper between it and the ink above (a speck over
    a 2 of 004's 3 pt print parts nothing from its foot: the 2 is the run), and that ink
    a chevron's: its first and last rows start at its left (``ARM_LEFT``), where its arms
    end. On 004's 3 pt print a faint 2 whose diagonal the scan left unjoined to its foot
    has paper over the foot too, and the ink above it is the diagonal alone, off to the
    right (Chromium's print, seed 201: "23.00" read "≥3.00", 0.95 sure)."""
    inked = ink.any(axis=1)
    above = len(inked) - 1
    while above >= 0 and inked[above]:
        above -= 1
    if not (above > 0 and len(inked) - 1 - above <= BAR_THICK * len(inked)):
        return False
    return _arms_left(ink[:above + 1])


def _bar_top(ink: np.ndarray) -> int:
    """The first row of the bar at the foot of ``ink`` (cut to its ink): of the lowest
    rows inked along ``BAR_SPAN`` of its width."""
    inked = ink.sum(axis=1)
    row = len(ink)
    while row > 0 and inked[row - 1] >= BAR_SPAN * ink.shape[1]:
        row -= 1
    return row


def _arms_left(above: np.ndarray) -> bool:
    """Whether the first and last inked rows of ``above`` (a chevron's ink above its bar,
    the columns of the whole) start within ``ARM_LEFT`` of its width of the left edge,
    where a chevron's arms end."""
    arms = above[above.any(axis=1)]
    reach = ARM_LEFT * above.shape[1]
    return len(arms) > 0 and all(int(np.argmax(row)) <= reach for row in (arms[0], arms[-1]))


def barred(gray: np.ndarray, glyph: Glyph) -> int | None:
    """The bottom (pixels, exclusive) of the bar under the chevron in ``glyph``'s box,
    None when there is none.

    Rows from the box's top to ``BELOW`` of its height under it are cut to the box's
    columns; a row is a bar's when one run of ink in it spans ``BAR_SPAN`` of the width
    and has paper just beyond both ends of the box (an underline or a ruling runs on).
    The bar is the lowest group of such rows; it must lie under ``BAR_LOW`` of the ink's
    height, be thinner than ``BAR_THICK`` of it, and have ink above it (the chevron)."""
    x0, top, x1, bottom = glyph.x0, glyph.top, glyph.x1, glyph.bottom
    h, w = gray.shape
    end = min(h, bottom + max(2, round(BELOW * (bottom - top))))
    # The box's columns cut to its ink: the engine boxes a sign glued to the next word with
    # paper to its right (Typst's 002, seed 201: "≥85%" read "285%", the 2 boxed 18 px wide
    # over 13 px of ink), and its bar spanned 0.67 of that width.
    x0, x1 = _ink_span(gray[top:end, x0:x1], x0, x1, axis=0)
    # ... and its top to the ink: a sign read from its cell alone can come back boxed over
    # paper above it (002 at 200 dpi: a "≥" read "2", boxed 46 px tall over 17 px of ink).
    top, _ = _ink_span(gray[top:bottom, x0:x1], top, bottom, axis=1)
    width, height = x1 - x0, bottom - top
    if width < MIN_PX or height < MIN_PX or height > TALL * width:
        return None
    pad = max(2, round(0.15 * width))
    if x0 - pad < 0 or x1 + pad > w:
        return None
    ink = gray[top:end, x0 - pad:x1 + pad] < INK_LEVEL
    inside = ink[:, pad:pad + width]
    rows = np.flatnonzero(inside.any(axis=1))
    if rows.size == 0:
        return None
    bars = [r for r in rows if _bar_row(ink[r], pad, width)]
    if not bars:
        return None
    last = bars[-1]
    first = last
    while first - 1 in bars:
        first -= 1
    # The bar is the glyph's lowest ink: under it (past a row of its blurred edge) at most a
    # speck. The rows under the tip of a bold ">" blurred into a wedge run as wide as a
    # bar, from end to end, and its lower stroke follows them.
    if inside[last + 2:].sum(axis=1).max(initial=0) > BELOW_BAR * width:
        return None
    ink_top, ink_height = int(rows[0]), int(last - rows[0] + 1)
    if first - ink_top < BAR_LOW * ink_height or last - first + 1 > BAR_THICK * ink_height:
        return None
    return top + last + 1


def _ink_span(box: np.ndarray, start: int, stop: int, axis: int) -> tuple[int, int]:
    """``start``, ``stop`` moved in to the first and last columns (``axis`` 0) or rows (1)
    of ``box`` (the pixels between them) holding ink; as they are when it holds none."""
    inked = np.flatnonzero((box < INK_LEVEL).any(axis=axis))
    return (start + int(inked[0]), start + int(inked[-1]) + 1) if inked.size else (start, stop)


def _bar_row(row: np.ndarray, pad: int, width: int) -> bool:
    """Whether a row (the box's columns with ``pad`` either side) holds a run of ink
    spanning ``BAR_SPAN`` of the box's width from within ``BAR_ENDS`` of both its ends,
    with paper at both ends of the row."""
    if row[0] or row[-1]:
        return False
    inside = row[pad:pad + width].astype(np.int8)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], inside, [0]))))
    ends = BAR_ENDS * width
    return any(stop - start >= BAR_SPAN * width and start <= ends and stop >= width - ends
               for start, stop in zip(edges[::2], edges[1::2]))
