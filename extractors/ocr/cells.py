"""Cells read again alone, where the page reading went wrong in them.

Reading a whole page, the engine chains text lines across cell borders (painted
out): a header cell printed on two lines beside a cell printed on one is read as
one line, its letters interleaved ("ESOTPREARTAÉTGIIVACA/"); and in sparse-text mode
it drops a lone narrow glyph such as a "1" alone in its cell. Both are mended by
reading the cell's crop alone as a block of text (``CELL_PSM``): the rulings are
known before recognition, so the cell's borders are too. On a page with no ruled
cells the block of print around the word stands for its cell (``ink_blocks``): small
print set in unruled columns has its wrapped lines read as one just the same.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import NamedTuple

import cv2
import numpy as np

from ..layout.records import OCR_MIN_CONFIDENCE, UNREADABLE
from .chars import MARKS, TWO_LINES_EM, glyph_ems, median
from .image import Ruling, binarize, label_ink, true_runs
from .signs import SIGNS
from .tesseract import DISPUTED, INK_LEVEL, NUMBER, NUMBER_CHARS, EngineWord, Glyph, digits, word_of

# Ink left unread in a cell is text when it is at least this tall (in the page's em)...
UNREAD_MIN_EM = 0.5
# ... and at most this tall (a taller blot is a picture, a stamp, a signature).
UNREAD_MAX_EM = 3.0
# A ruled cell holding a blot of ink this thick (in the page's em) and no word is unreadable
# (``inked_cells``), its text ``UNREADABLE``: the replacement character, "a letter not read".
INKED_MIN_EM = 0.2
# Ink this close (in points) beyond a ruling's box is the ruling's own: a drawn line runs a
# pixel off straight where it meets the line across it, and painting it out leaves its edge,
# a 1 px column as grey as 160-177 (Otsu's ink on a page whose threshold is 185). On 004's
# second page of the seed-180 draw such an edge, 29 px long beside a column's ruling, with a
# speck touching it, was taken for a blot in the month cell of the row continued from the page
# before: that row, holding a "value", was read as an activity of its own, and every later
# activity took the values of the one before it (171 published wrong and sure).
RULING_EDGE_PT = 0.5
# No letter prints wider than this (in the page's em; "M" and "W" take about one): a word
# whose box is wider than its letters could print, this much each and one more, was not
# read from that ink (``overwide_words``)...
LETTER_MAX_EM = 1.5
# ... when the engine was less sure of it than this (``specks.UNSURE``).
OVERWIDE_UNSURE = 0.7
# Two words of a line overlapping across by this share of the narrower one were read
# over the same ink ("CENTRO DE COSTO" as "CENTRO" over "COSTO", "DE" lost).
OVERLAP = 0.5
# A cell is read enlarged so that its em is at least this many pixels: the engine
# drops or misreads small print (a 3-4 pt month label, 16 px at 300 dpi) read alone.
CELL_MIN_EM_PX = 24
# A word of letters the page read at least this sure stays when its cell read again alone
# reads nothing (``replace_in_cells``; ``specks.UNSURE``).
KEPT_UNREAD = 0.7
# Two cell boxes whose every side lies within this many pixels of the other's are one cell
# (``one_box_a_cell``): a ruling found in two pieces, their middles rounded apart.
SAME_CELL_PX = 2
# Two pieces of a ruling at one place (their middles within SAME_CELL_PX) with at most this
# gap between them are one line: a speck or a white drop-out across a printed line breaks it
# where the opening finds it (004's first page on the seed-72 draw: a column's ruling found
# as 422-518 and 520-2217 px, so a word at 519 px took its cell together with the next
# column's, both cells were read again, and the objective's heading came out twice over, its
# letters interleaved: "PPRROOMMOOVVEERR EELL ..."). Well under a cell's smallest side.
RULING_GAP_PT = 1.0
CELL_MAX_SCALE = 3
# A word of a cell read alone is print when the page's ink (its threshold over the whole
# page) fills at least this share of its box's columns (``words_on_page_ink``)...
INKED_COLUMNS = 0.25
# ... around the box when it is narrower than this share of its height: no letter prints so
# narrow ("l" and "i" take a sixth of their height, with their stems' blur a fifth).
NARROW_BOX = 0.15


def cells_to_reread(gray: np.ndarray, words: list[EngineWord], rulings: list[Ruling], px_per_pt: float,
                    bw: np.ndarray | None = None) -> list[tuple[int, int, int, int]]:
    """Boxes (pixels) of the cells to read again: those holding a word taller than two
    lines or boxed wider than its letters print (``overwide_words``, ``words_over_two_lines``),
    two words read over the same ink, a number boxed over more digits' ink than it reads, or
    ink that no word covers. A cell is a ruled cell, or on a page with no ruled cells its
    block of print (``ink_blocks``). ``bw``: ``binarize(gray)``, when made already."""
    vertical, horizontal = ruled_lines(rulings, px_per_pt)
    ems = page_and_line_ems(words)
    if ems is None:
        return []
    page_em, line_em = ems
    # The page thresholded, its blots labelled and its words' cover made once for both
    # looks at its ink below (the labels and the cover had been made by each).
    bw = binarize(gray) if bw is None else bw
    # No ruled cell: no rulings, or lines of one way only (rules under headings).
    ruled = bool(vertical and horizontal)
    blocks = None if ruled else ink_blocks(bw, page_em)

    def cell_of(x: float, y: float) -> tuple[int, int, int, int] | None:
        return cell_around(x, y, vertical, horizontal) if ruled else block_around(blocks, bw, x, y, page_em)

    blots = label_ink(bw)
    cover = words_cover(bw.shape, words, page_em)
    boxes: set[tuple[int, int, int, int]] = set()
    suspect = [word for word in words if word.bottom - word.top > TWO_LINES_EM * line_em[word.line]]
    for word in suspect + overlapping_words(words) + numbers_over_more_ink(gray, words, page_em, bw, blots) \
            + overwide_words(words, page_em):
        if box := cell_of((word.x0 + word.x1) / 2, (word.top + word.bottom) / 2):
            boxes.add(box)
    for word in words_over_two_lines(bw, words, page_em):
        for x, y in lines_of_a_word(word):
            if box := cell_of(x, y):
                boxes.add(box)
    for x, y in unread_ink(gray, words, page_em, bw, blots, cover) + ends_across_rulings(words, vertical, page_em):
        if box := cell_of(x, y):
            boxes.add(box)
    if not ruled:
        boxes = set(overlaps_joined(list(boxes)))
    return one_box_a_cell(sorted(boxes, key=lambda b: (b[1], b[0])))


# A word's box runs across a vertical ruling when the line lies this far (em) inside it.
ACROSS_RULING_EM = 0.25


def ends_across_rulings(words: list[EngineWord], vertical, em: float) -> list[tuple[float, float]]:
    """The two ends (pixels: x, y) of each word whose box runs across a vertical ruling
    (``ACROSS_RULING_EM`` inside it, on the word's rows): a reading of two cells' ink, whose
    cells are both read again. Calc's 004 at 200 dpi (seed 350): the header "NIVEL DE
    PRIORIDAD" was read as one word "PRIORIDAD" boxed on into the next cell, "UNIDAD
    MEDIDA"; only the cell of its centre was read again, which took the word's place, and
    the priority's header was left unread: no activity had its priority."""
    inside = ACROSS_RULING_EM * em
    out = []
    for w in words:
        middle = (w.top + w.bottom) / 2
        if any(w.x0 + inside < x < w.x1 - inside and top <= middle <= bottom for x, top, bottom in vertical):
            out += [(w.x0 + inside, middle), (w.x1 - inside, middle)]
    return out


def overlaps_joined(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """``boxes`` with any two that overlap replaced by their union, until none do. Blocks of
    print are no grid: one block's box can hold another's (a block wrapping round a shorter
    one beside it), and each read alone brought the words of their overlap back, twice
    (Chromium's filled 000, seed 240: "Ejecutar plan" read "EEjjeeccuutatarr ppllaann")."""
    return boxes_joined(boxes, lambda a, b: a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def boxes_joined(boxes: Iterable[tuple[int, int, int, int]],
                 touch: Callable[[tuple[int, int, int, int], tuple[int, int, int, int]], bool],
                 ) -> list[tuple[int, int, int, int]]:
    """``boxes`` (pixels: x0, top, x1, bottom), in their order, each joined with every box
    before it that ``touch`` says it touches, their union joined again: a box can bridge two
    kept apart until it came."""
    out: list[tuple[int, int, int, int]] = []
    for box in boxes:
        while (hit := next((o for o in out if touch(o, box)), None)) is not None:
            out.remove(hit)
            box = (min(hit[0], box[0]), min(hit[1], box[1]), max(hit[2], box[2]), max(hit[3], box[3]))
        out.append(box)
    return out


# On a page with no ruled cells a cell is a block of print (``ink_blocks``): ink whose
# letters lie within BLOCK_WORD_GAP_EM of each other along a line (a word space: 0.2-0.5 em
# measured from ink) and whose lines lie within BLOCK_LINE_GAP_EM (the lines of a wrapped
# cell: 0.3-0.6 em apart on Chromium's unruled 3.3 pt print of 004) ...
BLOCK_WORD_GAP_EM = 0.5
BLOCK_LINE_GAP_EM = 0.7
# ... parted where paper runs down the whole block this wide (em): two cells of a row whose
# lines, set at other heights, bridge the space between them (Chromium's unruled 000, its
# strategic line beside its activity: read as one block, their lines interleaved).
BLOCK_GUTTER_EM = 0.4
# A block is read with this much paper (em) around its print.
BLOCK_MARGIN_EM = 0.3


class InkBlocks(NamedTuple):
    """A page's blocks of print: ``labels`` of its ink grown by ``grow`` (x, y) pixels,
    with the ``stats`` of each (``cv2.connectedComponentsWithStats``)."""

    labels: np.ndarray
    stats: np.ndarray
    grow: tuple[int, int]


def ink_blocks(bw: np.ndarray, em: float) -> InkBlocks:
    """The blocks of print of a page (``bw``: ink 255) whose letters are ``em`` pixels:
    its ink grown by ``BLOCK_WORD_GAP_EM`` along the line and ``BLOCK_LINE_GAP_EM`` across,
    in one piece."""
    gx, gy = max(1, round(BLOCK_WORD_GAP_EM * em)), max(1, round(BLOCK_LINE_GAP_EM * em))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(bw, np.ones((gy, gx), np.uint8)),
                                                           connectivity=8)
    return InkBlocks(labels, stats, (gx, gy))


def block_around(blocks: InkBlocks, bw: np.ndarray, x: float, y: float, em: float,
                 ) -> tuple[int, int, int, int] | None:
    """The box (pixels) of the block of print (``ink_blocks``) at (x, y), with a margin of
    paper, cut where paper runs down its whole height ``BLOCK_GUTTER_EM`` wide (the part
    holding x kept); None off every block."""
    h, w = bw.shape
    col, row = int(round(x)), int(round(y))
    if not (0 <= col < w and 0 <= row < h) or (label := blocks.labels[row, col]) == 0:
        return None
    left, top, width, height = blocks.stats[label, :4].tolist()
    gx, gy = blocks.grow
    x0, y0, x1, y1 = left + gx // 2, top + gy // 2, left + width - gx // 2, top + height - gy // 2
    paper = ~bw[y0:y1, x0:x1].any(axis=0)
    origin = x0
    for a, b in true_runs(paper):
        if b - a >= BLOCK_GUTTER_EM * em and a > 0 and b < paper.size:
            if origin + b <= x:
                x0 = max(x0, origin + b)
            elif origin + a >= x:
                x1 = min(x1, origin + a)
    m = max(2, round(BLOCK_MARGIN_EM * em))
    return max(0, x0 - m), max(0, y0 - m), min(w, x1 + m), min(h, y1 + m)


def one_box_a_cell(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """``boxes`` with those whose every side lies within ``SAME_CELL_PX`` of another's, or
    that lie within another (``_within``), taken as one cell, their union (in the order of
    their first). A ruling found in two pieces whose middles round a pixel apart gives the
    cell under it two boxes, one for the words under each piece: both were read again, and
    each reading brought the whole line back (004's second page on a fresh draw, seed 17:
    "AOI00106600095 - GESTIÓN DE LA COMPENSACIÓN" twice, laid out as
    "AAOOII0000110066660000009955 -- GGEESSTTIIÓÓNN", the activity without its code). A
    ruling found across part of a cell gives the words above it a box inside the box of the
    words beside it, which runs on to the next ruling; both were read again, and the lines
    of the first came back twice (Typst's 003 at 150 dpi, seed 510: a cell boxed 1375-1606
    and 1375-1685 px, its activity "CCAAPPAACCIITTAACCIIÓÓNN AA EEMMPPLLEEAADDOORREESS")."""
    out: list[list[int]] = []
    for box in boxes:
        same = next((o for o in out if all(abs(a - b) <= SAME_CELL_PX for a, b in zip(o, box))
                     or _within(o, box) or _within(box, o)), None)
        if same is None:
            out.append(list(box))
        else:
            same[:] = min(same[0], box[0]), min(same[1], box[1]), max(same[2], box[2]), max(same[3], box[3])
    return [tuple(o) for o in out]


def _within(inner, outer, slack: int = SAME_CELL_PX) -> bool:
    """Whether box ``inner`` lies inside ``outer`` (pixels: x0, top, x1, bottom), each side
    within ``slack`` outside it at most."""
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def ruled_lines(rulings: list[Ruling], px_per_pt: float) -> tuple[list, list]:
    """The vertical rulings as (x, top, bottom) and the horizontal ones as (y, x0, x1), in pixels."""
    vertical = [((r.x0 + r.x1) / 2 * px_per_pt, r.top * px_per_pt, r.bottom * px_per_pt)
                for r in rulings if r.orientation == "v"]
    horizontal = [((r.top + r.bottom) / 2 * px_per_pt, r.x0 * px_per_pt, r.x1 * px_per_pt)
                  for r in rulings if r.orientation == "h"]
    gap = RULING_GAP_PT * px_per_pt
    return pieces_joined(vertical, gap), pieces_joined(horizontal, gap)


def pieces_joined(lines: list[tuple[float, float, float]], gap: float) -> list[tuple[float, float, float]]:
    """(position, start, end) lines with the pieces of one ruling joined: at one place
    (``SAME_CELL_PX``) and at most ``gap`` apart along it (``RULING_GAP_PT``). The line
    lies where its longest piece does. Not the table layer's ``rulings.merge_edges``: it
    snaps lines 3 pt apart to their mean, and a cell's box moved by a pixel is another crop
    read again (steps 7-9), other readings on pages this join leaves alone."""
    out: list[list[float]] = []
    for pos, start, end in sorted(lines, key=lambda line: line[1]):
        piece = next((o for o in out if abs(o[0] - pos) <= SAME_CELL_PX and start <= o[2] + gap), None)
        if piece is None:
            out.append([pos, start, end])
            continue
        if end - start > piece[2] - piece[1]:
            piece[0] = pos
        piece[2] = max(piece[2], end)
    return [(pos, start, end) for pos, start, end in out]


def words_em(words: list[EngineWord]) -> float | None:
    """The page's em (pixels): the median of what its letters' ink says (None: no letter)."""
    ems = [em for w in words for em in glyph_ems(w.glyphs)]
    return median(ems) if ems else None


def cell_scale(em: float | None) -> int:
    """How many times larger a cell is read (``CELL_MIN_EM_PX``)."""
    if not em:
        return 1
    return max(1, min(CELL_MAX_SCALE, int(np.ceil(CELL_MIN_EM_PX / em))))


def overwide_words(words: list[EngineWord], em: float) -> list[EngineWord]:
    """Words of letters or digits the engine was unsure of (``OVERWIDE_UNSURE``) boxed wider
    than their letters print (``LETTER_MAX_EM`` each, and one more): a reading of some of
    the ink under the box, not of the box. On 004's first page rendered at the scan's own
    size (3300 px, not 3301) the page's reading took three lines of a header cell,
    "OBJETIVO ESTRATEGICO / ACCION ESTRATÉGICA /", for one word "a" (0.31 sure, 12 ems
    wide and two lines tall, a line of its own): its box covered the cell's ink, so no ink
    of the cell was unread, and the table's columns were not recognised (49 rows in
    quarantine)."""
    return [w for w in words if w.confidence < OVERWIDE_UNSURE and any(c.isalnum() for c in w.text)
            and w.x1 - w.x0 > (len(w.text) + 1) * LETTER_MAX_EM * em]


# A word's box over two lines of ink: two bands of ink rows, paper between them, each at
# least this tall (em) and across at least BAND_ACROSS of the box (an accent, a dot or an
# underline is narrower or thinner) ...
BAND_MIN_EM = 0.3
BAND_ACROSS = 0.5
# ... or as tall as text (em) and an em wide, however narrow beside the box: a number set
# to the right of its cell (an accent is shorter, a ruling's scrap narrower).
BAND_TEXT_EM = 0.6


def words_over_two_lines(bw: np.ndarray, words: list[EngineWord], em: float) -> list[EngineWord]:
    """Words of letters boxed over two lines of ink (``BAND_MIN_EM``, ``BAND_ACROSS``): the
    engine read one line of a cell and boxed it up into the line above, whose ink its box
    then covers, so that line was never found unread. Chromium's upper-case print of 004
    (seed-240 draw, 300 dpi grey, held out): the header cells "UNIDAD / MEDIDA" and "TIPO DE /
    AGREGACIÓN" were read "MEDIDA" and "AGREGACIÓN", boxed 12 px up into the first line;
    the columns lost their labels, the activities their aggregation, and with it the sums
    that check a line's months (a "0.00" read "0.09" was published sure). ``bw``:
    ``binarize`` of the page."""
    out = []
    for w in words:
        if not any(c.isalpha() for c in w.text) or w.bottom - w.top < 2 * BAND_MIN_EM * em:
            continue
        ink = bw[max(0, w.top):w.bottom, max(0, w.x0):w.x1] > 0
        bands = [(a, b) for a, b in true_runs(ink.any(axis=1)) if b - a >= BAND_MIN_EM * em
                 and ((wide := _ink_width(ink[a:b])) >= BAND_ACROSS * ink.shape[1]
                      or (b - a >= BAND_TEXT_EM * em and wide >= em))]
        if len(bands) >= 2:
            out.append(w)
    return out


def lines_of_a_word(word: EngineWord) -> list[tuple[float, float]]:
    """Points (pixels) in the upper and lower halves of a word boxed over two lines
    (``words_over_two_lines``), a quarter of its height in from its top and bottom: the
    cells of both lines are read again, not only the cell of the word's centre. Calc's 004
    at 200 dpi (seed 440): a month's "0.00" and the number below it in the next row were
    read as one word "sn" (0.23), boxed over both cells, its centre in the lower; read
    alone over its box it came back "smal", a word of two rows that joined them into one,
    and the document broke its contract."""
    x, quarter = (word.x0 + word.x1) / 2, (word.bottom - word.top) / 4
    return [(x, word.top + quarter), (x, word.bottom - quarter)]


def _ink_width(ink: np.ndarray) -> int:
    """From the first column of ``ink`` holding ink to the last (0 for none)."""
    cols = np.flatnonzero(ink.any(axis=0))
    return int(cols[-1] - cols[0] + 1) if cols.size else 0


def overlapping_words(words: list[EngineWord]) -> list[EngineWord]:
    """Words of a line that share most of their width with the next word of the line."""
    return [w for k, j in overlapping_pairs(words) for w in (words[k], words[j])]


def overlapping_pairs(words: list[EngineWord], overlap: float = OVERLAP) -> list[tuple[int, int]]:
    """Indices (k, j) of each word of a line and the next word of the line, when they
    share more than ``overlap`` of the narrower one's width (most of it, ``OVERLAP``:
    read over the same ink)."""
    out: list[tuple[int, int]] = []
    by_line: dict[int, list[int]] = defaultdict(list)
    for k, w in enumerate(words):
        by_line[w.line].append(k)
    for line in by_line.values():
        line.sort(key=lambda k: words[k].x0)
        for k, j in zip(line, line[1:]):
            a, b = words[k], words[j]
            across = min(a.x1, b.x1) - max(a.x0, b.x0)
            narrower = min(a.x1 - a.x0, b.x1 - b.x0)
            if narrower > 0 and across > overlap * narrower and min(a.bottom, b.bottom) > max(a.top, b.top):
                out.append((k, j))
    return out


# Two words of a line read alike whose boxes overlap at all were read over the same ink
# when the ink across both boxes spans less than this share of the wider box: one copy's
# width (a second copy printed beside it spans twice that and a space).
ONE_COPY = 1.5


def read_twice(words: list[EngineWord], gray: np.ndarray | None = None) -> list[EngineWord]:
    """``words`` without the less sure of two words of a line read alike over the same
    ink (``overlapping_pairs``; or, given the page ``gray``, two whose boxes overlap
    less and whose ink spans one copy's width, ``ONE_COPY``): the engine gives a word
    twice, even in a cell read alone ("la" twice over one "la", 0.96 and 0.92: "llaa"
    once the letters are laid out; "ddee" at 150 dpi), and a word read again alone can
    bring back the next word with its box drifted (003's bitonal seed-13 draw:
    "SUPERVISIÓN" read alone came back with a "Y" boxed 8 px left of the "Y" the page
    read, overlapping it by half its width: "Y Y"). Words read otherwise over the same
    ink are left to ``cells_to_reread``: which is right is not known."""
    pairs = overlapping_pairs(words, 0.0 if gray is not None else OVERLAP)
    drop = {min(pair, key=lambda k: (words[k].confidence, k)) for pair in pairs
            if words[pair[0]].text == words[pair[1]].text
            and (gray is None or _over_one_copy(gray, words[pair[0]], words[pair[1]]))}
    return [w for k, w in enumerate(words) if k not in drop] if drop else words


# A letter of a word read again that lies over another word of its line across at least this
# share of its own width is that word's letter, read a second time.
OVER_NEIGHBOUR = 0.5


def neighbours_letters_cut(words: list[EngineWord], k: int, reading: list[EngineWord]) -> list[EngineWord]:
    """``reading`` (``words[k]`` read again alone over its box) without the letters at the
    ends of its one word that lie over another word of ``words[k]``'s line
    (``OVER_NEIGHBOUR``), as many as it holds more letters than the page's word, no more.
    The box a word is read alone over can take in the next word's first letter, and the
    engine glues it on: Chromium's filled 003 at 200 dpi (seed 310)
    read "EMPRESARIAL" (0.81) again alone as "EMPRESARIALA" (0.92), the "A" of "EMPRESARIAL
    A LOS" boxed over the page's own "A", and the heading every activity under it carries
    was "EMPRESARIALA A LOS". A reading of as many letters as the page's has none glued on,
    whatever its boxes say: on Typst's 3 pt print of 004 (seed 330) the engine boxed the "L"
    of "FUNCIONAL", read alone, over the "DE" after it. A reading of several words (the next
    word read whole and alone over the same ink) is ``read_twice``'s."""
    if len(reading) != 1:  # the next word read as a word of its own is read_twice's
        return reading
    surplus = len(reading[0].glyphs) - len(words[k].glyphs)
    others = [w for j, w in enumerate(words) if j != k and w.line == words[k].line] if surplus > 0 else []
    if not others:
        return reading

    def over_another(g: Glyph) -> bool:
        need = OVER_NEIGHBOUR * max(1, g.x1 - g.x0)
        return any(min(g.x1, w.x1) - max(g.x0, w.x0) >= need and g.top < w.bottom and w.top < g.bottom
                   for w in others)

    (read,) = reading
    glyphs = list(read.glyphs)
    while surplus and glyphs and over_another(glyphs[-1]):
        glyphs.pop()
        surplus -= 1
    while surplus and glyphs and over_another(glyphs[0]):
        glyphs.pop(0)
        surplus -= 1
    if len(glyphs) == len(read.glyphs):
        return reading
    return [word_of(glyphs, read)._replace(dictionary=read.dictionary)] if glyphs else []


def _over_one_copy(gray: np.ndarray, a: EngineWord, b: EngineWord) -> bool:
    """Whether two boxes that overlap share most of their width (``OVERLAP``) or hold
    ink across them spanning less than ``ONE_COPY`` of the wider one."""
    across, narrower = min(a.x1, b.x1) - max(a.x0, b.x0), min(a.x1 - a.x0, b.x1 - b.x0)
    if across > OVERLAP * narrower:
        return True
    x0 = min(a.x0, b.x0)
    inked = np.flatnonzero((gray[max(a.top, b.top):min(a.bottom, b.bottom), x0:max(a.x1, b.x1)] < INK_LEVEL).any(axis=0))
    return inked.size > 0 and inked[-1] - inked[0] + 1 < ONE_COPY * max(a.x1 - a.x0, b.x1 - b.x0)


def line_ems(words: list[EngineWord]) -> dict[int, float] | None:
    """Each engine line's em (pixels): the median of what its letters' ink says; a line
    without letters takes the page's (``words_em``). None when no word has a letter."""
    ems = page_and_line_ems(words)
    return None if ems is None else ems[1]


def page_and_line_ems(words: list[EngineWord]) -> tuple[float, dict[int, float]] | None:
    """``words_em`` and ``line_ems`` of ``words``, measured in one pass over their letters."""
    by_line: dict[int, list[float]] = defaultdict(list)
    for w in words:
        by_line[w.line].extend(glyph_ems(w.glyphs))
    every = [em for ems in by_line.values() for em in ems]
    if not every:
        return None
    page_em = median(every)
    return page_em, defaultdict(lambda: page_em, {line: median(ems) for line, ems in by_line.items() if ems})


# The characters of a number whose ink is one blot as tall as text (a digit, "%", "$").
ONE_BLOT = frozenset("0123456789%$")


def one_blot_characters(text: str) -> int:
    """How many characters of ``text`` print as one blot as tall as text (``ONE_BLOT``)."""
    return sum(c in ONE_BLOT for c in text)


def numbers_over_more_ink(gray: np.ndarray, words: list[EngineWord], em: float,
                          bw: np.ndarray | None = None, blots: tuple | None = None) -> list[EngineWord]:
    """The numbers (``NUMBER``) whose box holds more blots of ink as tall as text
    (``UNREAD_MIN_EM`` of the page's em, centred in the box) than the number reads digits
    (and "%", "$"): the engine read one digit over the ink of two and dropped one. On
    001's second page read at 301 dpi the total "11" came out "1" (0.81), its one glyph
    boxed over both 1s and a speck below them: the second 1 is covered, so no ink is
    left unread, and the number model, given that box, read nothing. Read alone, the
    cell says "11" (0.97). Touching digits make one blot, and a drop-out that splits a
    digit in two leaves halves shorter than text: neither is taken for a digit more.
    ``bw``: ``binarize(gray)``, when made already; ``blots``: ``label_ink(bw)``, when made."""
    numbers = [w for w in words if NUMBER.match(w.text)]
    if not numbers:
        return []
    _, _, stats, centroids = blots or label_ink(binarize(gray) if bw is None else bw)
    tall = stats[1:, cv2.CC_STAT_HEIGHT] >= UNREAD_MIN_EM * em
    cx, cy = centroids[1:, 0][tall], centroids[1:, 1][tall]
    return [w for w in numbers
            if int(((w.x0 <= cx) & (cx <= w.x1) & (w.top <= cy) & (cy <= w.bottom)).sum())
            > one_blot_characters(w.text)]


# A blot at least this share of the tallest in a number's box is a digit's (or the bar of
# a "%", a "$"): the rings of a "%" measure 0.52 of its digits' height, a full stop 0.2.
DIGIT_SHARE = 0.6


def ghost_digit(gray: np.ndarray, reading: EngineWord, other: EngineWord) -> bool:
    """Whether ``reading`` of a number holds a digit (or "%", "$") more than ``other``, its
    other reading, that no blot of ink is there for (``numbers_over_less_ink``): a digit
    read from a speck."""
    return one_blot_characters(reading.text) > one_blot_characters(other.text) and \
        bool(numbers_over_less_ink(gray, [reading]))


def numbers_over_less_ink(gray: np.ndarray, words: list[EngineWord]) -> list[int]:
    """Indices of the numbers (``NUMBER``) that read more digits (and "%", "$") than their
    box holds blots of ink as tall as a digit (``DIGIT_SHARE`` of its tallest blot; the
    box's own ink, as the engine's box of a number read alone can be as tall as its
    crop): a digit read from a speck. On 002's third page read at 301 dpi a 2 by 3 px
    speck on the baseline between the 7 and the 5 of "75%" (too large to be cleaned as a
    speck: a decimal point thinned by a bitonal scan measures the same) was read "1" by
    the number model, "715%" (0.74), a value ten times too large; the box holds three
    tall blots, the 7, the 5 and the bar of the %. Digits that touch make one blot too
    (small print, a blurred scan): those numbers are picked as well, and no reading of
    them fits, so they stay as read (``reread_filtered`` takes only a reading with no
    more digits than tall blots)."""
    return [k for k, word in enumerate(words) if NUMBER.match(word.text)
            and (blots := digit_blots(gray, word)) is not None and one_blot_characters(word.text) > blots]


def digit_blots(gray: np.ndarray, word: EngineWord) -> int | None:
    """How many blots of ink in ``word``'s box are as tall as a digit (``DIGIT_SHARE`` of the
    tallest); None for a box of no ink."""
    h, w = gray.shape
    crop = gray[max(0, word.top):min(h, word.bottom), max(0, word.x0):min(w, word.x1)]
    _, _, stats, _ = label_ink((crop < INK_LEVEL).astype(np.uint8))
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    return int((heights >= DIGIT_SHARE * heights.max()).sum()) if heights.size else None


def unread_ink(gray: np.ndarray, words: list[EngineWord], em: float, bw: np.ndarray | None = None,
               blots: tuple | None = None, cover: np.ndarray | None = None) -> list[tuple[float, float]]:
    """Centres (pixels) of blots of ink no word covers, as tall as text is: the parts of
    blots left outside every word's box (``uncovered_blots``), and the blots most of whose
    ink lies outside them (``UNCOVERED_SHARE``), measured whole. A letter the engine left
    out beside a word's box is cut by the box grown, and so by the box of the line above:
    000's "AG" at 150 dpi read "A" (seed-13 draw), its G left as two arcs 8 and 13 px
    tall (0.25 and 0.4 em), each too short to be text; whole, 23 px. ``bw``:
    ``binarize(gray)``, when made already (left as it is); ``blots``: ``label_ink(bw)`` and
    ``cover``: ``words_cover`` of the words, when made already."""
    bw = binarize(gray) if bw is None else bw
    cover = words_cover(bw.shape, words, em) if cover is None else cover
    stats, centroids = uncovered_blots(gray, words, em, bw, cover)
    tall = stats[1:, cv2.CC_STAT_HEIGHT]
    keep = (tall >= UNREAD_MIN_EM * em) & (tall <= UNREAD_MAX_EM * em)
    return [tuple(c) for c in centroids[1:][keep]] + _mostly_uncovered(bw, words, em, blots, cover)


# A blot is unread when less than this share of its ink lies in words' boxes (grown).
UNCOVERED_SHARE = 0.5


def _mostly_uncovered(bw: np.ndarray, words: list[EngineWord], em: float, blots: tuple | None = None,
                      cover: np.ndarray | None = None) -> list[tuple[float, float]]:
    """Centres (pixels) of the blots of the binarised page ``bw`` as tall as text
    (``UNREAD_MIN_EM``..``UNREAD_MAX_EM``) of which less than ``UNCOVERED_SHARE`` of the
    ink lies in the words' boxes grown (``words_cover``; ``cover``, when made already).
    ``blots``: ``label_ink(bw)``, when made already."""
    count, labels, stats, centroids = blots or label_ink(bw)
    cover = words_cover(bw.shape, words, em) if cover is None else cover
    # The ink's pixels under the cover, counted by blot: found by OpenCV, the paper left
    # out (the labels under the whole cover, paper too, gathered by numpy: 25 ms a page).
    covered_ink = cv2.findNonZero(cv2.bitwise_and(bw, bw, mask=cover.view(np.uint8)))
    if covered_ink is None:
        inside = np.zeros(count, np.int64)
    else:
        x, y = covered_ink.reshape(-1, 2).T
        inside = np.bincount(labels[y, x], minlength=count)
    tall = stats[:, cv2.CC_STAT_HEIGHT]
    keep = ((inside < UNCOVERED_SHARE * stats[:, cv2.CC_STAT_AREA]) & (inside > 0)
            & (tall >= UNREAD_MIN_EM * em) & (tall <= UNREAD_MAX_EM * em))
    keep[0] = False
    return [tuple(c) for c in centroids[keep]]


def uncovered_blots(gray: np.ndarray, words: list[EngineWord], em: float,
                    bw: np.ndarray | None = None, cover: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The stats and centroids (OpenCV's, row 0 the paper) of the blots of ink that no
    word covers (a word's box grown by ``REACH_EM``). ``bw``: ``binarize(gray)``, when made
    already (a copy is painted); ``cover``: ``words_cover`` of the words, when made."""
    bw = binarize(gray) if bw is None else bw.copy()
    bw[words_cover(bw.shape, words, em) if cover is None else cover] = 0
    _, _, stats, centroids = label_ink(bw)
    return stats, centroids


# How far a word's ink reaches past its box (ems): the engine boxes a letter as it
# thresholded it, and a blurred stroke's edge lies beyond.
REACH_EM = 0.15


def words_cover(shape: tuple[int, int], words: list[EngineWord], em: float) -> np.ndarray:
    """The mask (of an image of ``shape``) of the words' boxes, each grown by ``REACH_EM``."""
    covered = np.zeros(shape, bool)
    grow = max(1, round(REACH_EM * em))
    for w in words:
        covered[max(0, w.top - grow):w.bottom + grow, max(0, w.x0 - grow):w.x1 + grow] = True
    return covered


def rulings_cover(shape: tuple[int, int], rulings: list[Ruling], px_per_pt: float) -> np.ndarray:
    """The mask (of an image of ``shape``) of the rulings' boxes, each grown by ``RULING_EDGE_PT``."""
    covered = np.zeros(shape, bool)
    for r in rulings:
        x0, top = (max(0, int((v - RULING_EDGE_PT) * px_per_pt)) for v in (r.x0, r.top))
        x1, bottom = (math.ceil((v + RULING_EDGE_PT) * px_per_pt) for v in (r.x1, r.bottom))
        covered[top:bottom, x0:x1] = True
    return covered


def cell_around(x: float, y: float, vertical, horizontal) -> tuple[int, int, int, int] | None:
    """The box (pixels) between the nearest rulings around (x, y), each of which reaches
    past the point; None when the point is not inside a ruled cell."""
    left = max((vx for vx, t, b in vertical if vx < x and t <= y <= b), default=None)
    right = min((vx for vx, t, b in vertical if vx > x and t <= y <= b), default=None)
    top = max((hy for hy, a, b in horizontal if hy < y and a <= x <= b), default=None)
    bottom = min((hy for hy, a, b in horizontal if hy > y and a <= x <= b), default=None)
    if None in (left, right, top, bottom):
        return None
    return round(left), round(top), round(right), round(bottom)


def cells_around(points: list[tuple[float, float]], vertical, horizontal,
                 ) -> list[tuple[int, int, int, int] | None]:
    """``cell_around`` of each point, all at once (numpy): a page's words against its
    rulings, done for every word in each of the passes over its ruled columns and rows
    (``ruled_groups``), 7,000 calls on a page of 004 one by one."""
    if not points or not vertical or not horizontal:
        return [None] * len(points)
    xy = np.array(points, dtype=np.float64)
    x, y = xy[:, :1], xy[:, 1:]
    vx, vt, vb = np.array(vertical, dtype=np.float64).T
    hy, ha, hb = np.array(horizontal, dtype=np.float64).T
    across = (vt <= y) & (y <= vb)  # the vertical rulings reaching past each point
    left = np.where(across & (vx < x), vx, -np.inf).max(axis=1).tolist()
    right = np.where(across & (vx > x), vx, np.inf).min(axis=1).tolist()
    along = (ha <= x) & (x <= hb)
    top = np.where(along & (hy < y), hy, -np.inf).max(axis=1).tolist()
    bottom = np.where(along & (hy > y), hy, np.inf).min(axis=1).tolist()
    inf = float("inf")
    return [(round(l), round(t), round(r), round(b)) if -inf < l and -inf < t and r < inf and b < inf else None
            for l, t, r, b in zip(left, top, right, bottom)]


def word_centres(words: list[EngineWord]) -> list[tuple[float, float]]:
    """The centre (x, y) of each word's box."""
    return [((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2) for w in words]


def centres_in_boxes(words: list[EngineWord], boxes) -> list[bool]:
    """Whether each word's centre is in one of ``boxes`` (pixels: x0, top, x1, bottom,
    edges included), all at once (numpy: a page of 004 has 1,200 words and 90 cells)."""
    if not words or not len(boxes):
        return [False] * len(words)
    x0, top, x1, bottom = np.array(boxes, dtype=np.float64).T
    centres = np.array(word_centres(words), dtype=np.float64)
    x, y = centres[:, :1], centres[:, 1:]
    return ((x0 <= x) & (x <= x1) & (top <= y) & (y <= bottom)).any(axis=1).tolist()


def words_on_page_ink(gray: np.ndarray, readings: list[list[EngineWord]]) -> list[list[EngineWord]]:
    """``readings`` (of cells read alone) without the words whose box the page's ink
    (``binarize``: Otsu's threshold over the whole page) leaves mostly paper: less than
    ``INKED_COLUMNS`` of its columns hold any. A cell of no print read alone is
    thresholded by the engine over its own crop, all paper, and the grain left where
    rulings and specks were painted out (10-15% dark) passes for ink. On 004's second
    page (seeds 22 and 120) the empty code cell of the row continuing the first page's
    last activity, read again for a scrap of its ruling, came back "A A e Mpa Ñ o ES Lo
    HA A" (0.00-0.88 sure; the words' darkest pixels 220-249, the page's threshold 185,
    one "o" boxed over the ruling's scrap in its last column): the row became an activity
    of its own, and the activity it continues lost its unit's last line. A word boxed
    narrower than any letter prints (``NARROW_BOX``) is judged over its box grown by half
    its height either side: its box is off its ink, not its ink off the page (000's "y" of
    "inspecciones y re inspecciones", read 0.96 sure but boxed 1 px wide on paper 5 px
    left of its ink, on the scan read at its own size, 3300 px: dropped, the activity
    lost a word)."""
    if not any(readings):
        return readings
    ink = binarize(gray) > 0

    def on_ink(word: EngineWord) -> bool:
        x0, x1 = word.x0, word.x1
        if x1 - x0 < NARROW_BOX * (word.bottom - word.top):  # boxed beside its ink: looked for either side
            reach = (word.bottom - word.top) // 2
            x0, x1 = x0 - reach, x1 + reach
        columns = ink[max(0, word.top):word.bottom + 1, max(0, x0):x1 + 1].any(axis=0)
        return columns.size > 0 and columns.mean() >= INKED_COLUMNS

    return [[w for w in reading if on_ink(w)] for reading in readings]


def replace_in_cells(words: list[EngineWord], boxes, readings: list[list[EngineWord]],
                     foreign: frozenset[int] = frozenset()) -> list[EngineWord]:
    """``words`` with those whose centre is in one of ``boxes`` replaced by that cell's
    reading (each of its lines a line of its own). A cell read again as nothing keeps the
    words of letters the page read in it at least ``KEPT_UNREAD`` sure: reading it alone
    was to read it better, and nothing is less than the page read (004's second page on the
    seed-178 draw: the month label "Ene" of the last table's header, 0.76 on the page, boxed
    over the next cell, was read again alone as nothing on its grey fill; the table had no
    January, no header, and its activity was lost). A number is not kept so: a figure the
    cell alone reads as nothing is left to ``inked_cells`` (a stamp's blot read as a digit).
    A word so kept keeps its letters within its cell (``within_cell``). The words of
    ``foreign`` (indices: another block's, ``words_across_blocks``) stay as the page read them."""
    read_again = [again and k not in foreign for k, again in enumerate(
        centres_in_boxes(words, [box for box, reading in zip(boxes, readings) if reading]))]
    empty = [box for box, reading in zip(boxes, readings) if not reading]
    read_as_nothing = centres_in_boxes(words, empty)
    kept = [w if not nothing else within_cell(w, empty) for w, again, nothing in zip(words, read_again, read_as_nothing)
            if not again and (not nothing or (w.text.isalpha() and w.confidence >= KEPT_UNREAD))]
    line = max((w.line for w in words), default=-1) + 1
    for reading in readings:
        lines = sorted({w.line for w in reading})
        kept.extend(w._replace(line=line + lines.index(w.line)) for w in reading)
        line += len(lines)
    return kept


def has_ruled_cells(rulings: list[Ruling], px_per_pt: float) -> bool:
    """Whether a page's rulings make cells (lines both ways): else its cells read again are
    blocks of print (``cells_to_reread``)."""
    vertical, horizontal = ruled_lines(rulings, px_per_pt)
    return bool(vertical and horizontal)


def words_across_blocks(words: list[EngineWord], boxes) -> frozenset[int]:
    """The words (indices) whose box runs across the edge of a block's box (``boxes``, of
    blocks of print: ``block_around`` gives each its print and a margin of paper, so no word of
    its own crosses it): another block's, whose ink the block's box took in. Chromium's
    filled 002 at 150 dpi (seeds 510 and 520): the block of 2016's "Ejecutado (A junio)"
    holds the year's label, centred over both of its columns, and its box reached into the
    right-aligned "Programado" column beside it; read alone, it read the ends of that
    column's words ("ado" of "Programado", "812" of "3,812", "20.8" of "820.8"), which took
    the place of the page's readings: the header read "Programaaddoo", two values were
    wrong, and the document broke its data contract."""
    def crosses(word: EngineWord, box) -> bool:  # on the box's ink and off it too
        own = (word.x0, word.top, word.x1, word.bottom)
        return own[0] < box[2] and box[0] < own[2] and own[1] < box[3] and box[1] < own[3] \
            and not _within(own, box, slack=0)

    return frozenset(k for k, word in enumerate(words) if any(crosses(word, box) for box in boxes))


def painted_out(gray: np.ndarray, words: list[EngineWord], which: Iterable[int], bw: np.ndarray | None = None,
                em: float | None = None) -> np.ndarray:
    """``gray`` (a copy) with the boxes of the words ``which`` made paper, and with each the
    ink its box cut off (``ink_cut_off``; ``bw``: ``binarize(gray)``, ``em``: the page's).
    A box is the engine's, fitted to the ink as it thresholded it, and a blurred letter's
    edge runs past it: Chromium's plain 004 (seed 560, 300 dpi grey) ends two lines of a
    block with "DE" whose box the next block's box crossed; painted out by its box, it left
    the bottom two rows of its letters, which the block read alone read as "_ _" and "L _"
    beside the page's "DE", in the objective and the strategic action every activity
    carries (activity recall 0.04); the unit's "GESTIÓN DE PRESUPUESTO" left its D's stem,
    read "["."""
    out = gray.copy()
    for k in which:
        w = words[k]
        out[max(0, w.top):w.bottom, max(0, w.x0):w.x1] = 255
        if bw is not None and em is not None:
            x0, top, x1, bottom, cut = ink_cut_off(bw, (w.x0, w.top, w.x1, w.bottom), max(1, round(CUT_OFF_EM * em)))
            out[top:bottom, x0:x1][cut] = 255
    return out


# How far (ems) past a word's box the ink it cut off may run: the engine boxed Chromium's
# plain 004 (seed 560) "DE" 0.8 pt right of its D's stem (0.24 em), and the stem's left
# edge left alone was read "[".
CUT_OFF_EM = 0.35


def ink_cut_off(bw: np.ndarray, box: tuple[int, int, int, int], reach: int,
                ) -> tuple[int, int, int, int, np.ndarray]:
    """The window (pixels: x0, top, x1, bottom: ``box`` grown by ``reach`` and a pixel) and
    the mask in it of the ink ``box`` cut off: the blots of ``bw`` outside the box that touch
    it and lie within ``reach`` of it (a blot running on further is another word's), grown
    by a pixel over the paper around them (the pale edge of a blurred stroke)."""
    height, width = bw.shape
    x0, top = max(0, box[0] - reach - 1), max(0, box[1] - reach - 1)
    x1, bottom = min(width, box[2] + reach + 1), min(height, box[3] + reach + 1)
    left, up, right, down = box[0] - x0, box[1] - top, box[2] - x0, box[3] - top  # the box in the window
    window = bw[top:bottom, x0:x1].copy()
    window[up:down, left:right] = 0
    _, labels, _, _ = label_ink(window)
    rim = np.concatenate((labels[0], labels[-1], labels[:, 0], labels[:, -1]))
    touching = labels[max(0, up - 1):down + 1, max(0, left - 1):right + 1]
    cut = np.setdiff1d(np.unique(touching), np.append(rim, 0))
    mask = np.isin(labels, cut)
    if cut.size:
        mask = cv2.dilate(mask.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & ((labels == 0) | mask)
    return x0, top, x1, bottom, mask


def within_cell(word: EngineWord, boxes) -> EngineWord:
    """``word`` with its letters' boxes cut to the one of ``boxes`` (pixels) its centre is
    in: print does not cross a cell's border, so a letter boxed beyond it is boxed over
    the next cell's ink. On 004's upside-down scan read at its own size (3300 px) the page
    read the month label "Ene" (0.75) with its "e" boxed over the "F" of "Feb" in the next
    cell; read alone, its cell read nothing, so the page's word was kept, and it took
    "Ene" into February's cell: the header read "EneFeb" over an unlabelled January, and
    both months' values were lost."""
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    box = next((b for b in boxes if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]), None)
    if box is None or (box[0] <= word.x0 and word.x1 <= box[2]):
        return word
    left, right = box[0], box[2]
    if not word.glyphs:
        return word._replace(x0=max(word.x0, left), x1=min(word.x1, right))
    glyphs = tuple(g._replace(x0=min(max(g.x0, left), right - 1), x1=max(min(g.x1, right), left + 1))
                   for g in word.glyphs)
    return word._replace(x0=min(g.x0 for g in glyphs), x1=max(g.x1 for g in glyphs), glyphs=glyphs)


def inked_cells(gray: np.ndarray, words: list[EngineWord], rulings: list[Ruling], px_per_pt: float,
                ) -> list[EngineWord]:
    """A word ``UNREADABLE`` (confidence 0) for each ruled cell that holds ink but no word
    once the page is read (cells read again included): a blot at least ``UNREAD_MIN_EM``
    of the page's em across its longer side and ``INKED_MIN_EM`` across its shorter one
    (a letter or more; not a speck, not the scrap of a ruling, not a dash), no word's
    centre in the cell. Its box is that ink's, in the cell. Without it a cell under a
    stamp's blot, read as nothing, would come out empty: its value silently missing.
    With it the cell's text is no number, below any confidence: ``ocr_unreadable``."""
    vertical, horizontal = ruled_lines(rulings, px_per_pt)
    page_em = words_em(words)
    if not vertical or not horizontal or page_em is None:
        return []
    cover = words_cover(gray.shape, words, page_em) | rulings_cover(gray.shape, rulings, px_per_pt)
    stats, centroids = uncovered_blots(gray, words, page_em, cover=cover)
    ink: dict[tuple[int, int, int, int], list[int]] = {}
    for (x, y, w, h, _), (cx, cy) in zip(stats[1:], centroids[1:]):
        if max(w, h) < UNREAD_MIN_EM * page_em or min(w, h) < INKED_MIN_EM * page_em:
            continue
        if not (box := cell_around(cx, cy, vertical, horizontal)):
            continue
        x0, top, x1, bottom = max(x, box[0]), max(y, box[1]), min(x + w, box[2]), min(y + h, box[3])
        seen = ink.setdefault(box, [x0, top, x1, bottom])
        seen[:] = [min(seen[0], x0), min(seen[1], top), max(seen[2], x1), max(seen[3], bottom)]
    read = [((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2) for w in words]
    line = max((w.line for w in words), default=-1) + 1
    out: list[EngineWord] = []
    for box, (x0, top, x1, bottom) in sorted(ink.items(), key=lambda item: (item[0][1], item[0][0])):
        if any(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in read):
            continue
        # At most an em tall about the ink's middle: its glyph sits on a baseline at the
        # box's bottom, and a taller box would put it low in (or under) its cell.
        middle, half = (top + bottom) / 2, min(bottom - top, page_em) / 2
        top, bottom = round(middle - half), round(middle + half)
        glyph = Glyph(UNREADABLE, int(x0), top, int(x1), bottom, 0.0)
        out.append(EngineWord(UNREADABLE, int(x0), top, int(x1), bottom, 0.0, line, (glyph,)))
        line += 1
    return out


# A number of the form most numbers of a ruled table print: "0.00", "1,644.00".
DECIMAL_FORM = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)\.\d\d$")
# ... and of a table of amounts: "$25,000.00" (002). A form of its own, not an optional
# sign: a "$" read for a digit ("54.00" read "$4.00" enlarged, on 004) is off the first.
CURRENCY_FORM = re.compile(r"^\$(?:\d{1,3}(?:,\d{3})+|\d+)\.\d\d$")
# The form is the table's when three quarters of the numbers of a column or a row have it...
FORM_SHARE = 0.75
# ... and the column or row holds at least this many numbers.
FORM_MIN = 4


def ruled_groups(words: list[EngineWord], rulings: list[Ruling], px_per_pt: float,
                 ) -> dict[tuple, list[int]]:
    """The words in ruled cells, by the column and by the row of their cell: keys
    ``("column", x0, x1)`` and ``("row", top, bottom)``, each word under both."""
    vertical, horizontal = ruled_lines(rulings, px_per_pt)
    groups: dict[tuple, list[int]] = defaultdict(list)
    for k, box in enumerate(cells_around(word_centres(words), vertical, horizontal)):
        if box is None:
            continue
        groups["column", box[0], box[2]].append(k)
        groups["row", box[1], box[3]].append(k)
    return groups


def numbers_off_form(words: list[EngineWord], rulings: list[Ruling], px_per_pt: float,
                     form: re.Pattern = DECIMAL_FORM) -> list[int]:
    """Indices of the numbers (``NUMBER``) in ruled cells that do not have ``form``
    while the other numbers of their column or of their row do (``FORM_SHARE``): on 004's
    3-4 pt print, where every value prints two decimals, "0.00" is read "000", "0,00" or
    "0.0", "1.00" "100". The page's own numbers are the evidence, nothing else."""
    return sorted({k for members in groups_of_form(words, rulings, px_per_pt, form) for k in members
                   if NUMBER.match(words[k].text) and not form.match(words[k].text)})


def numbers_with_a_stray_mark(words: list[EngineWord], rulings: list[Ruling], px_per_pt: float,
                              form: re.Pattern = DECIMAL_FORM) -> list[int]:
    """Indices of the words in ruled cells that are a number but for one character no
    number prints (``number_but_one``) while the numbers of their column, row or page
    have ``form`` (as ``numbers_off_form``): on 004's 3-4 pt print a speck against
    "1.00" or "361.00" is read as a quote ('1.00"', '“361.00'), and the value is lost."""
    return sorted({k for members in groups_of_form(words, rulings, px_per_pt, form) for k in members
                   if number_but_one(words[k].text)})


# A number with no decimal mark is as wide as the page's numbers of as many digits printed
# with one when its ink is within this share of a digit's advance of their median width.
POINT_WIDE = 0.5
# The page's samples of a number's width are its numbers of the form read at least this sure.
SURE_SAMPLE = 0.9
_DIGITS_ONLY = re.compile(r"^\d{2,}$")


def ink_width(gray: np.ndarray, word: EngineWord) -> int:
    """The width (pixels) of the ink in ``word``'s box: from its first inked column to its last."""
    cols = np.flatnonzero((gray[word.top:word.bottom, word.x0:word.x1] < INK_LEVEL).any(axis=0))
    return int(cols[-1] - cols[0] + 1) if cols.size else 0


def points_lost(gray: np.ndarray, words: list[EngineWord], rulings: list[Ruling], px_per_pt: float,
                form: re.Pattern = DECIMAL_FORM,
                read_again: Callable[[list[EngineWord], list[int]], list[EngineWord]] | None = None,
                ) -> list[EngineWord]:
    """``words`` with each number of digits only, in a ruled column where at least
    ``FORM_MIN`` numbers have ``form`` (two decimals), whose ink is as wide as the page's
    numbers of as many digits with their decimal point (within ``POINT_WIDE`` of a digit's
    advance of their median), kept at most ``DISPUTED`` sure: its point was printed and
    lost. On a bitonal scan of 004's 3-4 pt print (seed 139) the threshold erased the
    points of whole rows: "1.00" read "100" 0.96 sure, the month's "4.00" total read
    "400", so that the line still summed and 45 values were published wrong and sure. No
    share of the column is asked (half of its points were lost); the width is the print's
    own: "1.00" there 35 px wide, "11.00" 44, "100.00" 55 (a digit's advance 10 px), the
    "100"s read 32-36. The page's samples are its numbers of the form read at least
    ``SURE_SAMPLE`` sure, at least ``FORM_MIN`` of a digit count, and of two counts.
    ``read_again``: such numbers (``words``, their indices) read once more first; a reading
    it gives that is no longer digits only is taken, not flagged."""
    lost = numbers_without_their_points(gray, words, rulings, px_per_pt, form)
    if lost and read_again is not None:
        words = read_again(words, lost)
    out = list(words)
    for k in lost:
        if _DIGITS_ONLY.match(words[k].text):
            out[k] = words[k]._replace(confidence=DISPUTED)
    return out


def numbers_without_their_points(gray: np.ndarray, words: list[EngineWord], rulings: list[Ruling],
                                 px_per_pt: float, form: re.Pattern = DECIMAL_FORM) -> list[int]:
    """Indices of the numbers ``points_lost`` takes for numbers whose point was printed
    and lost (read surer than ``DISPUTED``), in the order of ``words``."""
    samples: dict[int, list[int]] = defaultdict(list)
    for w in words:
        if form.match(w.text) and w.confidence >= SURE_SAMPLE:
            samples[len(digits(w.text))].append(ink_width(gray, w))
    wide = {n: float(np.median(v)) for n, v in samples.items() if len(v) >= FORM_MIN}
    if len(wide) < 2:
        return []
    low, high = min(wide), max(wide)
    advance = (wide[high] - wide[low]) / (high - low)
    columns = [members for key, members in ruled_groups(words, rulings, px_per_pt).items() if key[0] == "column"
               and sum(1 for k in members if form.match(words[k].text)) >= FORM_MIN]
    return sorted(k for k in {k for members in columns for k in members}
                  if _DIGITS_ONLY.match(words[k].text) and len(words[k].text) in wide
                  and words[k].confidence > DISPUTED
                  and ink_width(gray, words[k]) >= wide[len(words[k].text)] - POINT_WIDE * advance)


# A number of its table's form read less sure than this may hold a speck read as a stroke.
UNSURE_IN_FORM = 0.9


def numbers_unsure_in_form(words: list[EngineWord], rulings: list[Ruling], px_per_pt: float,
                           form: re.Pattern = DECIMAL_FORM) -> list[int]:
    """Indices of the numbers that have ``form`` among numbers that do (as ``numbers_off_form``)
    but were read less sure than ``UNSURE_IN_FORM``: on 004's 4 pt print a speck against a
    digit makes "0.00" read "6.00" (0.87 sure) or "0.09" (0.75), still of the form."""
    return sorted({k for members in groups_of_form(words, rulings, px_per_pt, form) for k in members
                   if form.match(words[k].text) and words[k].confidence < UNSURE_IN_FORM})


def groups_of_form(words: list[EngineWord], rulings: list[Ruling], px_per_pt: float,
                   form: re.Pattern) -> list[list[int]]:
    """The ruled columns and rows, and the page's ruled cells, whose numbers (at least
    ``FORM_MIN``) have ``form`` at least ``FORM_SHARE`` of them: the words of each."""
    groups = ruled_groups(words, rulings, px_per_pt)
    # ... or of the page's ruled cells: a small table's columns hold two numbers each
    # (004's last table, one activity), too few to show a form of their own.
    groups["page"] = sorted({k for members in groups.values() for k in members})
    out = []
    for members in groups.values():
        numbers = [k for k in members if NUMBER.match(words[k].text)]
        fit = [k for k in numbers if form.match(words[k].text)]
        if len(numbers) >= FORM_MIN and len(fit) >= FORM_SHARE * len(numbers):
            out.append(members)
    return out


def number_but_one(text: str) -> str | None:
    """``text`` without its one mark that no number prints (a quote, a colon), when what
    is left is a number (``NUMBER``); else None. Not a letter: a code of the page's text
    cells ("OEI.07" read "0E1.07") is no number with a speck."""
    odd = [i for i, c in enumerate(text) if c not in NUMBER_CHARS]
    if len(odd) != 1 or text[odd[0]].isalnum():
        return None
    rest = text[:odd[0]] + text[odd[0] + 1:]
    return rest if NUMBER.match(rest) else None


# A word this short (characters) that is no number, in a cell among numbers, may be a
# number misread: a lone digit read as a look-alike letter...
AMONG_NUMBERS_CHARS = 4
# ... when the engine is less sure of it than this.
AMONG_NUMBERS_UNSURE = 0.96
# A word read less sure than this in a column of numbers is read again as a number
# whatever its row holds, and whatever its length: the engine's reading of it says little
# (001's lone total "1" of a row of one value, read "Jl" at 0.28, the value lost; on the
# seed-15 draw one read "A" at 0.58). Below it, a cell would go to quarantine as unreadable
# (``OCR_MIN_CONFIDENCE``)...
AMONG_NUMBERS_DOUBTFUL = OCR_MIN_CONFIDENCE
# ... and is replaced only by a reading at least this sure, with a digit for each blot of
# a digit's height in its box.
AMONG_NUMBERS_SURE = 0.9


def words_among_numbers(words: list[EngineWord], rulings: list[Ruling], px_per_pt: float) -> list[int]:
    """Indices of short words (``AMONG_NUMBERS_CHARS``) of letters or digits that are no
    number, read less sure than ``AMONG_NUMBERS_UNSURE``, in a ruled cell whose column
    holds mostly numbers (``FORM_SHARE`` of at least ``FORM_MIN`` words) and whose row
    holds at least ``FORM_MIN`` numbers: 001's lone "1" of March read "L" (0.77), in a
    column of numbers and a row of "1"s, became no value. The column must say so, not
    only the row: a column of text codes ("SI", "SP") crosses rows of numbers. A word
    read less sure than ``AMONG_NUMBERS_DOUBTFUL`` needs only the column (its reading
    is then judged by ``number_for_a_word``)."""
    column_of_numbers: set[int] = set()
    row_of_numbers: set[int] = set()
    groups = ruled_groups(words, rulings, px_per_pt)
    labels_above = first_row_of_numbers(words, groups)
    for key, members in groups.items():
        if key[0] == "column":
            # The words above the page's first row of numbers are its header's labels, no
            # evidence of what the column's cells hold: 001's five-row tables print "Total
            # meta" over their totals, and with the label's two words the column of "1",
            # "11", "1", "1" and a "1" read "A" (seed-15 draw) held no three quarters of
            # numbers, and that total was lost.
            members = [k for k in members if words[k].top >= labels_above]
        numbers = sum(1 for k in members if NUMBER.match(words[k].text))
        # The word in question is no evidence for or against its own column: the share is
        # of the column's other words (all of them numbers here, as it is not).
        others = len(members) - 1
        if key[0] == "column" and len(members) >= FORM_MIN and numbers >= FORM_SHARE * others:
            column_of_numbers.update(members)
        elif key[0] == "row" and numbers >= FORM_MIN:
            row_of_numbers.update(members)
    return sorted(k for k in column_of_numbers
                  if (k in row_of_numbers or words[k].confidence < AMONG_NUMBERS_DOUBTFUL)
                  and not NUMBER.match(words[k].text) and words[k].text.isalnum()
                  and len(words[k].text) <= AMONG_NUMBERS_CHARS and words[k].confidence < AMONG_NUMBERS_UNSURE)


def first_row_of_numbers(words: list[EngineWord], groups: dict[tuple, list[int]]) -> float:
    """The top (pixels) of the highest ruled row of ``groups`` (``ruled_groups``) holding
    at least ``FORM_MIN`` numbers; minus infinity when none does (a table of a few
    numbers a row: no word is taken for a label)."""
    return min((key[1] for key, members in groups.items()
                if key[0] == "row" and sum(1 for k in members if NUMBER.match(words[k].text)) >= FORM_MIN),
               default=float("-inf"))


# Comparison signs, printed before a number ("≥ 85%"), never alone in a value cell.
COMPARISONS = frozenset(SIGNS) | frozenset(SIGNS.values())


def signs_alone_among_numbers(words: list[EngineWord], rulings: list[Ruling], px_per_pt: float) -> list[int]:
    """Indices of the words of comparison signs only (``COMPARISONS``), each alone in a ruled
    cell (no other word there holds a letter or a digit; a speck's "." may) of a column
    whose words of letters or digits are mostly numbers (more than half, at least
    ``FORM_MIN``; its header's words count against it), however sure: a sign is printed
    before a number, so a cell read as a sign alone holds a number misread. On the
    seed-41 (grey) and seed-50 (bitonal) draws of 003 a lone executed "2", dropped by the
    page reading, came back ">" from its cell read alone (step 7, 0.90 and 0.83 sure); its
    foot made it "≥" (step 11), a value with no number. 002's "≥ 85%" is read ">" beside
    "85%" in its cell: not alone, never picked."""
    vertical, horizontal = ruled_lines(rulings, px_per_pt)
    boxes = cells_around(word_centres(words), vertical, horizontal)
    read = [any(c.isalnum() for c in word.text) for word in words]
    filled = [box for box, alnum in zip(boxes, read) if alnum]
    picked = [k for k, (word, box) in enumerate(zip(words, boxes))
              if box is not None and word.text and set(word.text) <= COMPARISONS and box not in filled]
    if not picked:
        return []
    columns: dict[tuple, list[int]] = defaultdict(list)
    for k, box in enumerate(boxes):
        if box is not None and read[k]:
            columns[box[0], box[2]].append(k)

    def of_numbers(column: list[int]) -> bool:
        numbers = sum(1 for j in column if NUMBER.match(words[j].text))
        return numbers >= FORM_MIN and numbers > len(column) / 2

    return [k for k in picked if of_numbers(columns[boxes[k][0], boxes[k][2]])]


def number_for_a_word(gray: np.ndarray, word: EngineWord, number: EngineWord, em: float) -> bool:
    """Whether ``number`` (the number model's reading of ``word``, picked by
    ``words_among_numbers``) replaces it: a look-alike of as many characters ("L" for
    "1"), never a longer or shorter number; but for a word read less sure than
    ``AMONG_NUMBERS_DOUBTFUL``, a reading at least ``AMONG_NUMBERS_SURE`` sure that reads
    as many digits as its box holds blots of a digit's height (neither
    ``numbers_over_less_ink`` nor ``numbers_over_more_ink``): "Jl" (0.28) over the one
    blot of a "1", read "1" (0.94)."""
    if len(number.text) == len(word.text):
        return True
    if word.confidence >= AMONG_NUMBERS_DOUBTFUL:
        return False
    return digits_for_blots(gray, number, em)


def digits_for_blots(gray: np.ndarray, number: EngineWord, em: float) -> bool:
    """Whether ``number`` (a reading by the number model) is at least ``AMONG_NUMBERS_SURE``
    sure and reads as many digits as its box holds blots of a digit's height (neither
    ``numbers_over_less_ink`` nor ``numbers_over_more_ink``)."""
    if number.confidence < AMONG_NUMBERS_SURE:
        return False
    # Its box and an em of paper around it, not the page: its blots are all that counts.
    pad = round(em)
    x0, top = max(0, number.x0 - pad), max(0, number.top - pad)
    crop = gray[top:number.bottom + pad, x0:number.x1 + pad]
    there = number._replace(x0=number.x0 - x0, x1=number.x1 - x0, top=number.top - top, bottom=number.bottom - top)
    return not numbers_over_less_ink(crop, [there]) and not numbers_over_more_ink(crop, [there], em)


# A mark printed in a text stands within a word gap of a word; one this many of the page's
# em from every word beside it, in a cell holding words, is a speck.
STRAY_EM = 2.0
# Marks a cell never holds alone (a dash stands for nothing, a full stop or dots may too).
NEVER_ALONE = frozenset({",", "'", "`"})
# Marks that stand for nothing outside a ruled cell, where a full stop has no cell to fill.
LONE_SPECKS = NEVER_ALONE | {"."}
# ... and a full stop or comma sits on the line of its word: its ink no higher than this
# many em above the word's top, no lower than this many below the word's bottom (a
# comma's tail, a word without descenders).
BASELINE_MARKS = frozenset(".,")
ON_LINE_ABOVE_EM = 0.2
ON_LINE_BELOW_EM = 0.4


def beside(mark: EngineWord, word: EngineWord, em: float) -> bool:
    """Whether ``mark`` stands on ``word``'s rows: within an em of them, and for a full stop
    or comma (``BASELINE_MARKS``) on its line (``ON_LINE_ABOVE_EM``, ``ON_LINE_BELOW_EM``).
    On 003's bitonal seed-13 draw a speck 3 by 5 px under the middle of "RELACIONES" (20 px
    below its foot, at mid-height of the next line, whose words end 700 px to its left)
    was read "," (0.14), and the activity ended "TRABAJO ,"."""
    if set(mark.text) <= BASELINE_MARKS:
        return mark.top >= word.top - ON_LINE_ABOVE_EM * em and mark.bottom <= word.bottom + ON_LINE_BELOW_EM * em
    return word.bottom > mark.top - em and word.top < mark.bottom + em


def glyphs_cut_at_rulings(words: list[EngineWord], rulings: list[Ruling], px_per_pt: float) -> list[EngineWord]:
    """``words`` with every letter's box that runs across a vertical ruling cut at the ruling,
    keeping its larger side. Print does not cross a cell's border, but the engine's box of a
    letter beside a painted-out ruling can take in the paper where the line was: on 004 (3-4
    pt, another draw) the `O` of the header `Oct` ran 2.6 pt left over the Sep|Oct border, its
    centre fell in Sep's cell, and the header read `Sep Oct` over an unlabelled column (both
    months' 48 values lost). A letter's centre decides its cell (layout.page._place_chars)."""
    vertical, _ = ruled_lines(rulings, px_per_pt)
    out = []
    for word in words:
        middle = (word.top + word.bottom) / 2
        lines = [x for x, top, bottom in vertical if word.x0 < x < word.x1 and top <= middle <= bottom]
        glyphs = list(word.glyphs)
        for k, g in enumerate(glyphs):
            for x in lines:
                if g.x0 < x < g.x1:
                    g = g._replace(x0=int(np.ceil(x))) if g.x1 - x >= x - g.x0 else g._replace(x1=int(x))
            glyphs[k] = g
        if glyphs == list(word.glyphs):
            out.append(word)
        else:
            out.append(word._replace(x0=min(g.x0 for g in glyphs), x1=max(g.x1 for g in glyphs), glyphs=tuple(glyphs)))
    return out


def stray_marks(words: list[EngineWord], rulings: list[Ruling], px_per_pt: float) -> list[EngineWord]:
    """``words`` without the words of marks only (``chars.MARKS``: ".", ",", "-", ...) in a
    ruled cell that holds other words, none of them within ``STRAY_EM`` along its rows:
    punctuation sits by a word. On 004's 3-4 pt print two specks far right of "OEI.08
    MEJORAR ... CIUDADANO" and of "... del Empleo." in their wide grouping cells were read
    "-" and ",", and both names gained a mark. A full stop or comma must stand on the line
    of such a word (``beside``). A mark alone in its cell (a dash for nothing) is kept, but
    for the marks no table prints alone (``NEVER_ALONE``): Chromium's upper-case bordered
    004 (seed 480) read a speck alone in a month's cell of the objective's heading row as
    ",", the row was no heading, and none of the 24 activities had its strategic line.

    Outside every ruled cell (a page without rulings) a mark has no cell to stand for: a
    full stop, comma or quote (``LONE_SPECKS``) with no word within ``STRAY_EM`` beside it is
    a speck. Chromium's plain 000 at 300 dpi (seed 550): a speck between the unruled activity
    and result columns, 6 em from any word on its line, was read "." (0.28); the table layer
    gave it a column of its own, and every text field after it moved one column over (the
    family's columns are positional): activity recall 0. A dash is kept (it stands for
    nothing in an unruled table too)."""
    vertical, horizontal = ruled_lines(rulings, px_per_pt)
    page_em = words_em(words)
    if page_em is None:
        return words
    reach = STRAY_EM * page_em
    cells = cells_around(word_centres(words), vertical, horizontal)
    drop = set()

    def near(word: EngineWord, others) -> bool:
        return any(o.x0 - reach < word.x1 and word.x0 < o.x1 + reach and beside(word, o, page_em) for o in others)

    for k, word in enumerate(words):
        if not word.text or any(c not in MARKS for c in word.text):
            continue
        if cells[k] is None:
            if set(word.text) <= LONE_SPECKS and not near(word, (o for j, o in enumerate(words) if j != k)):
                drop.add(k)
            continue
        others = [o for j, o in enumerate(words) if j != k and cells[j] == cells[k]]
        if not others and word.text in NEVER_ALONE:
            drop.add(k)
        elif others and not near(word, others):
            drop.add(k)
    return [w for k, w in enumerate(words) if k not in drop] if drop else words
