"""Ink the page's reading left out beyond every ruled cell, or in a cell read again, read
alone (in step 7, docs/ocr.md).

The engine's layout analysis drops a lone short word now and then: a figure standing alone
in a column with paper all round. Chromium's unruled prints of 001 and 003 (seeds 201 and
216, 300 dpi grey) print single digits ("1", "2", "9") in their value columns; each was read
as nothing, and its value was missing with no word: no ruling bounds the cell, so the ruled
cells' look at unread ink (``cells.cells_to_reread``, ``cells.inked_cells``) never saw it.
Ink as tall as text that no word covers and no ruled cell holds is grouped by line into
boxes of a few ems, each read alone as a line, and the reading is taken when it is sure
and reads that ink.
"""

from __future__ import annotations

import numpy as np

from .cells import (UNREAD_MAX_EM, UNREAD_MIN_EM, boxes_joined, cells_around, centres_in_boxes, overlapping_pairs,
                    ruled_lines, rulings_cover, uncovered_blots, words_cover, words_em, words_over_two_lines)
from .image import Ruling
from .specks import UNSURE
from .tesseract import CELL_INSET, EngineWord, TesseractEngine, inset_box, reads_the_ink

# Blots of one line this close (in ems, side to side) are one box: the digits of a number.
LONE_GAP_EM = 0.6
# A box wider than this (in ems) is no line of print left out: a rule, a drawing. (Lines of
# words are left out too: in Chromium's 3 pt print of 004 the page reading dropped one in ten
# of its table's lines, "UNIDAD FUNCIONAL", "PROGRAMADO", "ASESORÍA JURÍDICA", 5-25 em wide.
# A logo's or a signature's ink read as a line is not read sure: ``LONE_SURE`` keeps it out.)
LONE_MAX_EM = 40.0
# Paper read beside the box along its line (in ems), where no word's box (grown as
# ``words_cover``) may be: ink beside a word read already is that word's. Above and below, as
# much of it as lies clear of the lines around: small print sets its lines 0.2 em apart.
LONE_PAD_EM = 0.3
# A reading of such ink is taken when each of its words is at least this sure.
LONE_SURE = 0.8


def lone_ink_boxes(gray: np.ndarray, words: list[EngineWord], rulings: list[Ruling], px_per_pt: float,
                   ) -> list[tuple[int, int, int, int]]:
    """Boxes (pixels: x0, top, x1, bottom) of the ink no word covers that no ruled cell
    holds: blots as tall as text (``UNREAD_MIN_EM``..``UNREAD_MAX_EM`` of the page's em),
    joined along a line when at most ``LONE_GAP_EM`` apart, at most ``LONE_MAX_EM`` wide,
    padded by ``LONE_PAD_EM`` (``padded_in_paper``)."""
    em = words_em(words)
    if em is None:
        return []
    cover = words_cover(gray.shape, words, em)
    stats, centroids = uncovered_blots(gray, words, em, cover=cover | rulings_cover(gray.shape, rulings, px_per_pt))
    tall = (stats[1:, 3] >= UNREAD_MIN_EM * em) & (stats[1:, 3] <= UNREAD_MAX_EM * em)
    blots = [tuple(int(v) for v in s[:4]) for s, keep in zip(stats[1:], tall) if keep]
    centres = [tuple(c) for c, keep in zip(centroids[1:], tall) if keep]
    vertical, horizontal = ruled_lines(rulings, px_per_pt)
    blots = [b for b, cell in zip(blots, cells_around(centres, vertical, horizontal)) if cell is None]
    gap = LONE_GAP_EM * em
    # Every box near a blot joins it: a blot can bridge two started apart (the digits of a
    # code whose middles sit a pixel lower than its letters').
    by_line = sorted(blots, key=lambda b: (b[1] + b[3] / 2, b[0]))
    boxes = boxes_joined(((x, y, x + w, y + h) for x, y, w, h in by_line), lambda a, b: _near(a, b, gap))
    pad = round(LONE_PAD_EM * em)
    out = []
    for box in boxes:
        if box[2] - box[0] <= LONE_MAX_EM * em and (padded := padded_in_paper(box, words, cover, pad, em)) is not None:
            out.append(padded)
    return out


def _near(a: tuple[int, int, int, int], b: tuple[int, int, int, int], gap: float) -> bool:
    """Boxes on one line (overlapping up and down) at most ``gap`` apart side to side."""
    return a[1] < b[3] and b[1] < a[3] and b[0] - a[2] <= gap and a[0] - b[2] <= gap


def padded_in_paper(box: tuple[int, int, int, int], words: list[EngineWord], cover: np.ndarray, pad: int,
                    em: float) -> tuple[int, int, int, int] | None:
    """``box`` (pixels: x0, top, x1, bottom) grown by ``pad`` along its line and by as much of
    ``pad`` above and below as ``cover`` (the words' boxes grown, ``words_cover``) leaves
    clear; None when a word of its line (its middle within the box's rows) lies within
    ``pad`` beside it: the ink is that word's, left out of its box. A word of the line
    above or below reaching into the box's rows (a hyphen boxed 1.6 em tall) is no reason:
    the box's own rows hold none of its ink."""
    height, width = cover.shape
    x0, top, x1, bottom = max(0, box[0] - pad), box[1], min(width, box[2] + pad), box[3]
    grow = max(1, round(0.15 * em))
    if any(top <= (w.top + w.bottom) / 2 <= bottom and w.x0 - grow < x1 and w.x1 + grow > x0 for w in words):
        return None
    above = cover[max(0, top - pad):top, x0:x1].any(axis=1)
    below = cover[bottom:min(height, bottom + pad), x0:x1].any(axis=1)
    up = len(above) - (int(np.flatnonzero(above)[-1]) + 1 if above.any() else 0)
    down = int(np.flatnonzero(below)[0]) if below.any() else len(below)
    return x0, top - up, x1, bottom + down


def lone_ink_read(engine: TesseractEngine, gray: np.ndarray, words: list[EngineWord], rulings: list[Ruling],
                  px_per_pt: float, dpi: int) -> list[EngineWord]:
    """``words`` and the words of each box of ``lone_ink_boxes`` read alone (``read_alone``)."""
    return read_alone(engine, gray, words, lone_ink_boxes(gray, words, rulings, px_per_pt), dpi)


def read_alone(engine: TesseractEngine, gray: np.ndarray, words: list[EngineWord],
               boxes: list[tuple[int, int, int, int]], dpi: int) -> list[EngineWord]:
    """``words`` and, for each of ``boxes`` read alone as a line, its words when every one is
    at least ``LONE_SURE`` sure and they leave none of the box's ink out (``reads_the_ink``),
    each box's words a line of their own."""
    if not boxes:
        return words
    readings = engine.read_lines(gray, boxes, dpi)
    # A line the line reading leaves unsure or reads in part is read again as a block: in
    # Chromium's 3 pt print of 004 the line model read a header's "ACTIVIDAD" as "DAD" (0.97,
    # the rest of its ink left out) where the block reading reads it whole (0.96).
    if again := [k for k, (box, reading) in enumerate(zip(boxes, readings)) if not _taken(gray, box, reading)]:
        grown = [(x0 - CELL_INSET, top - CELL_INSET, x1 + CELL_INSET, bottom + CELL_INSET)
                 for x0, top, x1, bottom in (boxes[k] for k in again)]
        for k, reading in zip(again, engine.read_cells(gray, grown, dpi)):
            if _taken(gray, boxes[k], reading):
                readings[k] = reading
    out = list(words)
    line = max((w.line for w in words), default=-1) + 1
    for box, reading in zip(boxes, readings):
        if _taken(gray, box, reading):
            out.extend(w._replace(line=line) for w in reading)
            line += 1
    return out


def _taken(gray: np.ndarray, box: tuple[int, int, int, int], reading: list[EngineWord]) -> bool:
    """A reading of ink read alone that is taken: every word ``LONE_SURE``, none of the ink left out."""
    return bool(reading) and all(w.confidence >= LONE_SURE for w in reading) and reads_the_ink(gray, box, reading)


# A line of a cell left unread is read alone when it is at least this wide (em): a word. Ink
# narrower alone in a cell (a digit, a ruling's stub) is ``cells.inked_cells``'s to judge.
LINE_MIN_EM = 2.0
# Paper read above and below a line of a cell read alone (pixels): a cell's lines stand a few
# pixels apart, and no more than the line's own ink is to be read.
LINE_PAD_PX = 2


def lines_left_in_cells(engine: TesseractEngine, gray: np.ndarray, words: list[EngineWord],
                        cells: list[tuple[int, int, int, int]], dpi: int,
                        bw: np.ndarray | None = None) -> list[EngineWord]:
    """``words`` and the lines of ink that the ``cells`` (boxes read again alone, step 7)
    still leave unread, each read alone as a line (``read_alone``). The engine drops
    a short line of a block now and then, reading the cell alone as well as in the page:
    Calc's print of 004 (seed-240 draw, 300 dpi grey, held out) set the objective "... DE
    LA / POBLACIÓN; / PARTICULARMENTE ..." in a ruled cell, and "POBLACIÓN;" was read
    nowhere, in every one of its 24 activities; read alone, it reads "POBLACIÓN;" (0.95).
    ``bw``: ``binarize(gray)``, when made already."""
    em = words_em(words)
    if em is None or not cells:
        return words
    stats, centroids = uncovered_blots(gray, words, em, bw)
    tall = (stats[1:, 3] >= UNREAD_MIN_EM * em) & (stats[1:, 3] <= UNREAD_MAX_EM * em)
    lines: list[list[int]] = []
    for (x, y, w, h), (cx, cy), keep in zip((s[:4] for s in stats[1:]), centroids[1:], tall):
        cell = next((c for c in cells if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]), None)
        if not keep or cell is None:
            continue
        near = next((b for b in lines if b[4:] == list(cell) and y < b[3] and y + h > b[1]), None)
        if near is None:
            lines.append([int(x), int(y), int(x + w), int(y + h), *cell])
        else:
            near[:4] = [min(near[0], x), min(near[1], y), max(near[2], x + w), max(near[3], y + h)]
    # Only a line of its cell that no word of the cell shares: ink beside a word read already
    # (a digit its box left out, a ruling's stub) is no line left unread, and reading it
    # again reads the word twice or a mark of its own.
    lines = [b for b in lines if b[2] - b[0] >= LINE_MIN_EM * em
             and not any(w.x0 < b[6] and w.x1 > b[4] and w.top < b[3] and w.bottom > b[1] for w in words)]
    pad = round(LONE_PAD_EM * em)
    return read_alone(engine, gray, words, [
        (max(cell_x0, x0 - pad), max(cell_top, top - LINE_PAD_PX), min(cell_x1, x1 + pad),
         min(cell_bottom, bottom + LINE_PAD_PX))
        for x0, top, x1, bottom, cell_x0, cell_top, cell_x1, cell_bottom in lines], dpi)


# Unsure words of a cell's reading this close (in ems, side to side) to one boxed over two
# lines are read again with it: the rest of the lines it was read across.
SPLIT_GAP_EM = 1.0


def lines_misread_in_cells(engine: TesseractEngine, gray: np.ndarray, readings: list[list[EngineWord]],
                           dpi: int, em: float | None, bw: np.ndarray, scale: int = 1) -> list[list[EngineWord]]:
    """``readings`` (of cells read alone, step 7) with each unsure word (``UNSURE``) boxed
    over two lines of ink (``words_over_two_lines``), and the unsure words of its lines
    beside it (``SPLIT_GAP_EM``), read again alone as a block, the new reading taken when it
    is sure and reads their ink (``_taken``). A block of print holding lines set at other
    heights beside it is read by the engine as lines that zigzag between them: Chromium's
    filled 002 at 150 dpi (seed 500) set the two-line header "Ejecutado / (A Junio)"
    between the one-line "Programado" headers either side, and its block read "er" (0.00)
    and "a" (0.32), each boxed over both lines; page 5 had no measure row and lost every
    value. Read alone, the two lines read "Ejecutado (A Junio)" (0.96-0.97). A reading
    with two words over the same ink of a line is not taken: blurred small print (Calc's
    004 at 150 dpi, seed 520) read again so came back "icución" over "de", each 0.88-0.93.
    ``em``: the page's; ``bw``: ``binarize(gray)``; ``scale``: as the cells were read."""
    if em is None:
        return readings
    gap = SPLIT_GAP_EM * em
    found = []  # (the reading's index, the box read again, the unsure words it replaces)
    for k, reading in enumerate(readings):
        unsure = [w for w in reading if w.confidence < UNSURE]
        tall = words_over_two_lines(bw, unsure, em)
        if not tall:
            continue
        for box in boxes_joined(((w.x0, w.top, w.x1, w.bottom) for w in unsure), lambda a, b: _near(a, b, gap)):
            if any(centres_in_boxes(tall, [box])):
                found.append((k, _grown_within(box, CELL_INSET, gray.shape),
                              [w for w, inside in zip(unsure, centres_in_boxes(unsure, [box])) if inside]))
    if not found:
        return readings
    out = list(readings)
    for (k, box, replaced), again in zip(found, engine.read_cells(gray, [box for _, box, _ in found], dpi, scale)):
        if _taken(gray, box, again) and not overlapping_pairs(again):
            line = max((w.line for w in out[k]), default=-1) + 1  # lines of their own
            out[k] = [w for w in out[k] if w not in replaced] + [w._replace(line=line + w.line) for w in again]
    return out


def _grown_within(box: tuple[int, int, int, int], grow: int, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """``box`` (pixels) grown by ``grow`` each way (``inset_box``), within an image of ``shape``."""
    x0, top, x1, bottom = inset_box(box, -grow)
    return max(0, x0), max(0, top), min(shape[1], x1), min(shape[0], bottom)
