"""Words' boxes across fitted to their own ink, for the table layer's gaps (step 10c).

The table layer cuts a line into cells at gaps between words (``alignment.aligned_cuts``)
and measures a scan's gaps from the glyphs' boxes: from ink, as it assumes. The engine's
boxes of a word's letters come from its network's steps, not from the ink, and can drift
off it by a third of an em: on Chromium's unruled print of 002, scanned, the "a" of
"prestaciones a los afiliados" was boxed 12 px left of its ink, so the gap after it
measured 5.1 pt where the ink's is 3.4 (0.55 em against the 0.4 that cuts a line for
sure); the paragraph's line became a table row of two cells, the table took the
paragraph in, a phrase of it ran across the column border under "Programado | Ejecutado",
and the two header words became one cell over both columns: 2015's planned values were
published as executed, sure. Fitted here, each word's box starts at its first blot and
ends at its last: the blots of ink it is the word nearest over (by columns overlapped),
on its rows.
"""

from __future__ import annotations

from bisect import bisect_left

import cv2
import numpy as np

from .chars import DASHES
from .image import binarize, label_ink
from .tesseract import INK_LEVEL, EngineWord

# A blot is a letter (it can move a word's edge outwards) when it is at least this share of
# the tallest box of the word's engine line tall (a word of small letters is boxed lower than
# its line's type); smaller ink (a full stop, a comma, an accent, a speck left on the page)
# wholly inside the box keeps the box from shrinking past it, and moves nothing.
LETTER_SHARE = 0.4
# A blot belongs to a word's line when this share of its height lies within the word's rows.
ROWS_SHARE = 0.5
# An edge moves at most this many of those heights: further, the ink is another
# word's or a line's, not this word's letter the engine boxed beside it.
REACH = 0.5


def words_fitted_to_ink(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with each word's first letter starting and its last letter ending where
    the ink the word stands over does (pixels darker than ``INK_LEVEL``).

    Each blot on a word's rows is the word's whose box overlaps more of its columns than
    any other word's; a word's edge moves out over a letter's blot (``LETTER_SHARE``) that
    runs past it, and in to its outermost blot, by at most ``REACH`` of its line's height. A
    word over no letter's blot is left as read; so is a side whose new edge would pass its
    letter's other edge (the letters' boxes must stay in order)."""
    if not words:
        return words
    _, _, stats, _ = label_ink((gray < INK_LEVEL).astype(np.uint8))
    stats = stats[1:]
    order = np.argsort(stats[:, cv2.CC_STAT_TOP], kind="stable")
    left = stats[order, cv2.CC_STAT_LEFT].astype(np.int64)
    top = stats[order, cv2.CC_STAT_TOP].astype(np.int64)
    right = left + stats[order, cv2.CC_STAT_WIDTH]
    bottom = top + stats[order, cv2.CC_STAT_HEIGHT]
    height = bottom - top
    tops = top.tolist()
    tallest = int(height.max()) if len(height) else 0
    best = np.zeros(len(left), np.int64)  # the columns the nearest word's box overlaps
    owner = np.full(len(left), -1, np.int64)
    near: list[np.ndarray] = []
    for k, word in enumerate(words):
        lo, hi = bisect_left(tops, word.top - tallest), bisect_left(tops, word.bottom)
        index = np.arange(lo, hi)
        rows = np.minimum(bottom[lo:hi], word.bottom) - np.maximum(top[lo:hi], word.top)
        cols = np.minimum(right[lo:hi], word.x1) - np.maximum(left[lo:hi], word.x0)
        on = (rows >= ROWS_SHARE * height[lo:hi]) & (cols > 0)
        index, cols = index[on], cols[on]
        near.append(index)
        nearer = cols > best[index]
        best[index[nearer]] = cols[nearer]
        owner[index[nearer]] = k
    line_h: dict[int, int] = {}
    for word in words:
        line_h[word.line] = max(line_h.get(word.line, 0), word.bottom - word.top)
    out = list(words)
    for k, (word, index) in enumerate(zip(words, near)):
        own = index[owner[index] == k]
        if not own.size:
            continue
        box_h = line_h[word.line]
        letter = height[own] >= LETTER_SHARE * box_h
        inside = (left[own] >= word.x0) & (right[own] <= word.x1)
        if not letter.any():
            continue
        kept = own[letter | inside]
        ink0, ink1 = int(left[kept].min()), int(right[kept].max())
        reach = REACH * box_h
        first, last = word.glyphs[0], word.glyphs[-1]
        fit0 = abs(ink0 - word.x0) <= reach and ink0 < first.x1 and ink0 != first.x0
        fit1 = abs(ink1 - word.x1) <= reach and ink1 > last.x0 and ink1 != last.x1
        if not (fit0 or fit1):
            continue
        glyphs = list(word.glyphs)
        if fit0:
            glyphs[0] = glyphs[0]._replace(x0=ink0)
        if fit1:
            glyphs[-1] = glyphs[-1]._replace(x1=ink1)
        out[k] = word._replace(x0=ink0 if fit0 else word.x0, x1=ink1 if fit1 else word.x1, glyphs=tuple(glyphs))
    return out


# A dash's box is fitted to its bar when the bar is at most this share of the box's height.
DASH_BOX_SHARE = 0.5


def dashes_fitted_to_ink(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with each word of dashes alone boxed as its bar: the widest blot no taller
    than wide over its box's columns (the crop thresholded by Otsu's method: a thin dash of
    small print is paler than ``INK_LEVEL``), when the engine boxed it more than twice as
    tall (``DASH_BOX_SHARE``). Chromium's plain 004 (seed 580, 300 dpi grey) sets
    "AOI00106600086 - GESTIÓN DE" in 3 pt capitals; the page reading boxed the " - " 6.7
    pt tall, over two lines: it stood on the line below ("PRESUPUESTO, -"), and its height
    as its line's made "DE" too short a blot for ``words_fitted_to_ink`` to move the word's
    edge out to the D's stem, which the engine had boxed 0.6 pt inside: the 2 pt gap left
    put "DE" in the next column. The dash was boxed 0.5 pt right of its bar too, 0.2 pt from
    "GESTIÓN": "-GESTIÓN" was one word to the table layer."""
    out = list(words)
    for k, word in enumerate(words):
        width = word.x1 - word.x0
        if not word.text or set(word.text) - DASHES or word.bottom - word.top < 2 or width <= 0:
            continue
        # The crop reaches a box's width either side: the engine's box of a dash drifts off its
        # bar along the line too (0.5 pt right of it on that page).
        x0 = max(0, word.x0 - width)
        crop = np.ascontiguousarray(gray[word.top:word.bottom, x0:word.x1 + width])
        _, _, stats, _ = label_ink(binarize(crop))
        left, right = word.x0 - x0, word.x1 - x0
        bars = [s for s in stats[1:] if s[cv2.CC_STAT_WIDTH] >= s[cv2.CC_STAT_HEIGHT]
                and s[cv2.CC_STAT_LEFT] < right and s[cv2.CC_STAT_LEFT] + s[cv2.CC_STAT_WIDTH] > left]
        if not bars:
            continue
        x, y, w, h = (int(v) for v in max(bars, key=lambda s: s[cv2.CC_STAT_WIDTH])[:4])
        if h > DASH_BOX_SHARE * (word.bottom - word.top) or w > 2 * width:
            continue
        box = {"x0": x0 + x, "top": word.top + y, "x1": x0 + x + w, "bottom": word.top + y + h}
        glyphs = tuple(g._replace(top=box["top"], bottom=box["bottom"]) for g in word.glyphs)
        if len(glyphs) == 1:
            glyphs = (glyphs[0]._replace(x0=box["x0"], x1=box["x1"]),)
        out[k] = word._replace(glyphs=glyphs, **box)
    return out
