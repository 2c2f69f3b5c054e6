"""Tables without ruling lines, read from text alignment (the "text" strategy).

How a human reads an unruled table, and the pure steps that do the same::

    glyphs -> lines -> phrases            runs of glyphs on one line, split at gaps wider
                                          than a word space (a column gap)
    lines  -> blocks                      stacks of lines without a paragraph-sized gap
    block  -> regions                     lines whose phrases share column gaps; headings,
                                          narrative and signatures (one phrase crossing
                                          the columns, or set apart) are cut off
    region -> columns                     vertical whitespace that no row crosses; a header
                                          phrase crossing it ("PROGRAMA ANUAL 2022 (%)",
                                          "FISICO") is a spanning cell, not a reason to
                                          lose the column gap; a header label centred
                                          clear of its flush-left column joins it
    region -> cells                       per column, lines that touch (wrapped text) are one
                                          cell; rows are bands of cells whose ink overlaps
                                          vertically (cells may be top-, middle- or bottom-
                                          aligned), split into sub-rows where a column holds
                                          several cells; a cell reaching into the next
                                          sub-row spans it

The output is the same :class:`Table`/:class:`Cell` records as the ruled path, so
family extractors never know which strategy read a table. Nothing here looks at
what the text says (on a scan, only whether two rows print the same words at a gap,
``_same_words``). Every threshold is a multiple of the font size (from
:class:`~extractors.layout.settings.TableSettings`), so tiny-font reports and normal plans
are read alike.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from operator import attrgetter, itemgetter
from statistics import median

from rapidfuzz.distance import Levenshtein
from .records import Cell, Char, Edge, Table
from .settings import TableSettings
from .sources import EM_DESCENT
from .words import chars_to_text


@dataclass(slots=True)
class Phrase:
    """Glyphs of one line with no column-sized gap between them."""

    chars: list[Char]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    line: int  # index of its line in the region
    span: bool = False  # crosses a column gap of the other rows (a spanning header/caption)
    col0: int = 0
    col1: int = 0


@dataclass(slots=True)
class Line:
    phrases: list[Phrase]
    top: float
    bottom: float
    size: float

    @property
    def multi(self) -> bool:
        return len(self.phrases) >= 2


@dataclass(slots=True)
class _Block:
    """One cell as it is assembled: stacked phrases of one column."""

    phrases: list[Phrase] = field(default_factory=list)
    col0: int = 0
    col1: int = 0
    top: float = 0.0
    bottom: float = 0.0


# --------------------------------------------------------------------------- lines


def line_to_phrases(line: Sequence[Char], settings: TableSettings, cuts: Sequence[int] | None = None,
                    ) -> list[Phrase]:
    """Split one line of glyphs (sorted by x) at column-sized gaps.

    A gap wider than ``text_column_gap`` font sizes always splits. In a tight web
    table two cells may sit barely more than a word space apart (1.5 pt of padding
    each side: 0.34 em at 8 pt), so on a line that such a gap already shows to be a
    table row, a gap wider than ``text_column_gap_low`` also splits where it is
    ``text_column_gap_ratio`` times the line's usual word gap: word spaces of one
    font on one line are alike (kerning only narrows them), a cell border is not.
    ``cuts``: where to split, decided already (a page read by OCR: ``aligned_cuts``).
    """
    if cuts is not None:
        return _phrases_at(line, cuts)
    column, low_em = settings.text_column_gap, settings.text_column_gap_low
    cuts = []
    middling = False  # a gap between the two thresholds: needs the line's word gaps
    for i in range(1, len(line)):
        prev, ch = line[i - 1], line[i]
        gap = ch.x0 - prev.x1
        if gap > low_em:  # the thresholds are never below it (max(..., 1.0) >= 1)
            em = max(ch.size, prev.size, 1.0)
            if gap > column * em:
                cuts.append(i)
            elif gap > low_em * em:
                middling = True
    if cuts and middling:
        low = _low_split(line, settings)
        cuts = [i for i in range(1, len(line)) if _gap_em(line[i - 1], line[i]) > min(low, column)]
    return _phrases_at(line, cuts)


def _phrases_at(line: Sequence[Char], cuts: Sequence[int]) -> list[Phrase]:
    """The phrases of a line split before each glyph index of ``cuts`` (ascending)."""
    phrases: list[Phrase] = []
    start = 0
    for i in cuts:
        phrases.append(_phrase(list(line[start:i])))
        start = i
    phrases.append(_phrase(list(line[start:])))
    return phrases


# A gap between the two thresholds on a page read by OCR splits its line where this many
# neighbouring rows have a cell edge level with one of its sides, within EDGE_TOLERANCE em:
# the next cell's start, or the end of a cell before a gap. A table row is judged by the
# NEIGHBOURS rows above and below it, a line that is no row by the rows among the NEIGHBOURS
# lines above and below.
ALIGNED_EDGES = 2
NEIGHBOURS = 8
EDGE_TOLERANCE = 0.2


def aligned_cuts(glyph_lines: Sequence[Sequence[Char]], settings: TableSettings) -> list[list[int]]:
    """Where each line splits into phrases on a page read by OCR (its gaps measured from
    ink, ``TableSettings.gaps_from_ink``): at gaps wider than ``text_column_gap``, and, on
    a line that has one (a table row) or lies between lines that have one (a row's line
    whose only gap is a tight border: Chromium's unruled 000, "empleo, empleabilidad |
    personas tengan"), at gaps wider than ``text_column_gap_low`` that line up with a cell
    edge of ``ALIGNED_EDGES`` neighbouring lines (or a hair narrower, ``scan_gap_jitter``
    under it, that lines up with the same gap on as many: ``_cell_border``).

    A scan's word gaps measure 0.2-0.37 em where the text layer's measure 0.28: the ink
    between two words depends on the letters' shapes, and a line's em is measured from
    ink too. The line's usual word gap (``_low_split``) cannot tell a tight cell border
    from a word gap there: Chromium's print of 000 had "Oficina Departamental | Morazán"
    split at 0.31 em after a stem (the line's word gaps 0.20-0.24 after round letters),
    and the phrase spanned the columns below it. A reader tells them by alignment: the
    cells of a column start (or, right-aligned, end) level in every row, words do not.
    """
    column, low = settings.text_column_gap, settings.text_column_gap_low
    # A gap a hair under ``low`` (by the ink's jitter) is judged by alignment too; it does
    # not cut the pieces the neighbours are judged by.
    hair = low - settings.scan_gap_jitter
    sure: list[list[int]] = []
    middling: list[list[int]] = []
    candidates: list[list[tuple[int, bool]]] = []  # (glyph index, wider than ``low``)
    # Each line's pieces, split at every gap either way: (start, end) of each; and its
    # word spaces (any gap wider than ``word_gap``): (end of one word, start of the next).
    pieces, spaces, words = [], [], []
    for line in glyph_lines:
        gaps = [(i, _gap_em(line[i - 1], line[i])) for i in range(1, len(line))]
        sure.append([i for i, gap in gaps if gap > column])
        middling.append([i for i, gap in gaps if low < gap <= column])
        candidates.append([(i, gap > low) for i, gap in gaps if hair < gap <= column])
        bounds = [0, *sorted(sure[-1] + middling[-1]), len(line)]
        pieces.append([(line[a].x0, line[b - 1].x1) for a, b in zip(bounds, bounds[1:]) if b > a])
        breaks = [i for i, gap in gaps if gap > settings.word_gap]
        spaces.append([(line[i - 1].x1, line[i].x0) for i in breaks])
        words.append(_words(line, breaks))
    out: list[list[int]] = []
    rows_at = [j for j, cut in enumerate(sure) if cut]  # the lines that are table rows
    for k, line in enumerate(glyph_lines):
        cuts = list(sure[k])
        if sure[k]:
            # A table row is judged by the rows around it, however many lines of wrapped text
            # stand between them (Chromium's 003: one row in eight lines on a page of long
            # descriptions, and its "98.6% -" judged by one other row, or none).
            at = bisect_left(rows_at, k)
            near = rows_at[max(0, at - NEIGHBOURS):at] + rows_at[at + 1:at + 1 + NEIGHBOURS]
        else:
            near = [j for j in range(max(0, k - NEIGHBOURS), min(len(glyph_lines), k + NEIGHBOURS + 1))
                    if j != k and sure[j]]
        if sure[k] or (near and near[0] < k < near[-1]):
            rows = [(pieces[j], spaces[j], words[j]) for j in near]
            cuts.extend(i for i, wide in candidates[k]
                        if _cell_border(line[i - 1], line[i], rows, wide, _words_around(words[k], line[i].x0)))
        out.append(sorted(cuts))
    return out


def _cell_border(before: Char, after: Char, rows: list[tuple[list[tuple[float, float]], list[tuple[float, float]],
                                                             list[tuple[float, float, str]]]],
                 by_spaces: bool = True, own: tuple[str, str] = ("", "")) -> bool:
    """Whether the gap between glyphs ``before`` and ``after`` is a border between two
    cells, by the neighbouring table rows ``rows`` (each its pieces and its word spaces):
    ``ALIGNED_EDGES`` of them start a piece level with ``after`` or end one level with
    ``before``, and none has a piece across the gap's middle. Two rows whose texts start
    with words as long ("ELABORACIÓN DE", "FORMULACIÓN DE") have word gaps level with each
    other, but the other rows' texts run across them.

    A row whose piece runs across only by a space level with this gap is not text running
    across: it shows the same border, measured a hair narrower from its ink (a column of
    dashes 2.5 pt after "98.6%" in every row of Chromium's 003, 0.31 em on some rows and
    0.297 on others, under the 0.3 that makes a piece: by the pieces alone those rows ran
    across the border and no row's "98.6% -" was cut), and counts as level. Not so for a
    gap itself that narrow (``by_spaces`` false), a word space by its width: it is a border
    only where rows show the same gap, a piece ending level with ``before`` and the next
    starting level with ``after``. A word gap of a header over the columns ("PROGRAMA ANUAL
    2022 (%)") has cells starting level with one side of it, and rows whose codes and first
    words are alike ("AOI00106600095 - GESTIÓN DE LA", "... - GESTIÓN DE LOS") have their
    word spaces level with it.

    A row printing the same words on either side of the gap as this line (``own``, the
    words before and after it; ``_same_words``) is no evidence either way: a phrase
    repeated down a column ("Muy Alta", "Acumulado Anual" in every row of Chromium's plain
    004) has its word space level in every row by itself, and on a scan measuring the type
    12% small that space measured 0.31 em: each row cut the others' "Muy | Alta", every
    row's phrase then ran across the gap, and the columns of priority and aggregation
    were lost into their neighbours."""
    tol = EDGE_TOLERANCE * max(before.size, after.size, 1.0)
    start, end, middle = after.x0, before.x1, (before.x1 + after.x0) / 2
    level = 0
    for row, row_spaces, row_words in rows:
        if _same_words(own, _words_around(row_words, middle)):
            continue
        if any(a < middle < b for a, b in row):
            if not any(a < middle < b and (abs(b - start) <= tol or abs(a - end) <= tol) for a, b in row_spaces):
                return False
            level += by_spaces
        elif by_spaces:
            level += any(abs(a - start) <= tol or abs(b - end) <= tol for a, b in row)
        else:
            level += any(abs(b - end) <= tol and abs(a - start) <= tol for (_, b), (a, _) in zip(row, row[1:]))
    return level >= ALIGNED_EDGES


def _words(line: Sequence[Char], breaks: Sequence[int]) -> list[tuple[float, float, str]]:
    """The words of a glyph line split before each glyph index of ``breaks``: (x0, x1, text)."""
    bounds = [0, *breaks, len(line)]
    return [(line[a].x0, line[b - 1].x1, "".join(ch.text for ch in line[a:b])) for a, b in zip(bounds, bounds[1:]) if b > a]


def _words_around(words: list[tuple[float, float, str]], x: float) -> tuple[str, str]:
    """The texts of the last word ending before ``x`` and the first starting after it ("" for none)."""
    i = bisect_left(words, x, key=itemgetter(0))
    left = next((w[2] for w in reversed(words[:i]) if w[1] <= x), "")
    return left, words[i][2] if i < len(words) else ""


# Letters (or marks) by which OCR reads a word differently in two rows of a column ("Alta",
# "Ata", "Alta."; "Acumulado", "Acumulaido") and the words are still the same.
SAME_WORD_EDITS = 1


def _same_words(own: tuple[str, str], other: tuple[str, str]) -> bool:
    """Whether two pairs of words around a gap are the same words: both words of each pair
    printed, with letters only (a figure repeated down a column is data: "8% | 8%" in
    every row of a grid of months is two cells), and each word read within
    ``SAME_WORD_EDITS`` of the other's letters, marks and case aside."""
    if not all(own) or not all(other):
        return False
    for a, b in zip(own, other):
        a, b = _letters(a), _letters(b)
        if not a or not b or any(c.isdigit() for c in a + b):
            return False
        if Levenshtein.distance(a, b) > (SAME_WORD_EDITS if min(len(a), len(b)) > 2 else 0):
            return False
    return True


def _letters(word: str) -> str:
    return "".join(c for c in word.casefold() if c.isalnum())


def _low_split(line: Sequence[Char], settings: TableSettings) -> float:
    """The smaller gap (in em) that splits this line: ``text_column_gap_ratio`` times
    its usual word gap, at least ``text_column_gap_low``; only on a line that a
    column-sized gap already shows to be a table row (prose, justified or not,
    keeps its words together)."""
    gaps = [_gap_em(prev, ch) for prev, ch in zip(line, line[1:])]
    if not any(g > settings.text_column_gap for g in gaps):
        return float("inf")
    words = sorted(g for g in gaps if settings.word_gap < g <= settings.text_column_gap)
    usual = words[len(words) // 2] if words else 0.0
    return max(settings.text_column_gap_low, settings.text_column_gap_ratio * usual)


def _gap_em(prev: Char, ch: Char) -> float:
    return (ch.x0 - prev.x1) / max(ch.size, prev.size, 1.0)


def _phrase(chars: list[Char]) -> Phrase:
    # Glyphs arrive sorted by x0; one pass for the vertical extent and size.
    top, bottom, size, x1 = chars[0].top, chars[0].bottom, chars[0].size, chars[0].x1
    for c in chars:
        if c.top < top:
            top = c.top
        if c.bottom > bottom:
            bottom = c.bottom
        if c.size > size:
            size = c.size
        if c.x1 > x1:
            x1 = c.x1
    return Phrase(chars, chars[0].x0, x1, top, bottom, size, -1)


def glyph_lines_to_lines(glyph_lines: Sequence[Sequence[Char]], settings: TableSettings) -> list[Line]:
    out = []
    cuts = aligned_cuts(glyph_lines, settings) if settings.gaps_from_ink else [None] * len(glyph_lines)
    for glyphs, line_cuts in zip(glyph_lines, cuts):
        phrases = line_to_phrases(glyphs, settings, line_cuts)
        out.append(Line(phrases, min(p.top for p in phrases), max(p.bottom for p in phrases),
                        max(p.size for p in phrases)))
    return out


def lines_to_blocks(lines: Sequence[Line], settings: TableSettings) -> list[list[Line]]:
    """Cut the page's lines where the vertical whitespace is paragraph-sized.

    Rows of one table are closer together than a table is to the text around it.
    What "paragraph-sized" is depends on how tightly the page is set: a gap ends a
    block when it is wider than ``text_block_gap_rows`` times the page's typical
    gap between lines, within ``text_block_gap_low`` .. ``text_block_gap`` font
    sizes, and never below ``text_block_gap_min`` points (tiny-font tables with
    normal cell padding stay whole). A web print with 1-pt cell padding thus
    separates two tables 10 pt apart, and a loosely set table keeps its rows.
    """
    typical = _typical_gap(lines, settings)
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks:
            last = blocks[-1][-1]
            size = max(line.size, last.size)
            limit = max(settings.text_block_gap_low * size,
                        min(settings.text_block_gap * size, settings.text_block_gap_rows * typical))
            if line.top - last.bottom <= max(limit, settings.text_block_gap_min):
                blocks[-1].append(line)
                continue
        blocks.append([line])
    return blocks


def _typical_gap(lines: Sequence[Line], settings: TableSettings) -> float:
    """Median whitespace between consecutive lines that are not paragraph-sized apart."""
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:])]
    small = [g for g, b in zip(gaps, lines[1:]) if 0 < g <= settings.text_block_gap * b.size]
    return median(small) if small else float("inf")


# --------------------------------------------------------------------------- columns


def _coverage_gaps(intervals: list[tuple[float, float]], min_width: float) -> list[tuple[float, float]]:
    """Interior x-intervals at least `min_width` wide that no interval covers."""
    gaps = []
    end = None
    for a, b in sorted(intervals):
        if end is not None and a - end >= min_width:
            gaps.append((end, a))
        end = b if end is None else max(end, b)
    return gaps


def mark_spanning(lines: Sequence[Line], reach: float) -> None:
    """Mark phrases that cross a column gap of another row.

    A phrase that covers, from end to end, the whitespace between two cells of
    another line ("PROGRAMA ANUAL 2022 (%)" over "Ene  Feb  Mar", a caption over
    two header cells, a narrative line over a whole row) spans columns. Phrases
    of ordinary cells stay inside their column, so they never do. "Covers" allows
    `reach` short of the next cell (a caption may stop a hair before the column
    it spans into). One sorted pass: gaps by start, with the smallest end among
    the gaps starting later.

    Cells of one row need not share a line: a label wrapped over two lines and
    centred sits half a line off the one-line labels beside it. Two neighbouring
    lines whose phrases do not overlap side to side are read as one row too, so
    "2016" over "Programado | Ejecutado (A Junio)" spans both.
    """
    gaps = _shared_row_gaps(lines, reach)
    starts = [a for a, _ in gaps]
    least_end = [0.0] * len(gaps)
    low = float("inf")
    for i in range(len(gaps) - 1, -1, -1):
        low = min(low, gaps[i][1])
        least_end[i] = low
    for line in lines:
        for p in line.phrases:
            i = bisect_right(starts, p.x0)
            p.span = i < len(gaps) and least_end[i] - reach < p.x1


# A gap that phrases of this many times as many rows (lines of several cells) run across as
# have a cell edge at it is a space of the line that shows it, not a column gap.
CROSSING_ROWS = 3


def _shared_row_gaps(lines: Sequence[Line], reach: float) -> list[tuple[float, float]]:
    """The gaps between the cells of rows (``_row_gaps``), sorted, without those that
    phrases of ``CROSSING_ROWS`` times as many rows run across (by ``reach``, as
    ``mark_spanning`` reads "across") as have a phrase ending at its start or starting at
    its end (within ``reach``; the line showing it among them).

    A page read by OCR measures a line's word spaces from ink, and one can measure as
    wide as a column gap: Chromium's filled 003 at 200 dpi (seed 310) read the last line
    of a wrapped description, "CIUDADANOS A NIVEL NACIONAL", as two cells 0.49 em apart.
    Every description above ran across that gap, so all were taken for spanning
    phrases; without them the description column was whitespace, cut by the header's
    gaps, and its wrapped lines, crossing those, split the table in three: the values
    of four activities lost. A column's cells line up at its gaps, row after row; what runs
    across a column gap is a caption or a heading, on a line or two.

    The lines of one cell run across as rows do: Chromium's plain 004 on the seed-340 draw
    wraps each activity's code and name over three or four lines, and a few of them,
    their em measured 12% small, showed word spaces of 0.44-0.57 em ("GESTIÓN | DE"), each
    a gap of the lines of several cells; counted against rows only, those gaps stood, a
    wrapped line crossing two was taken for a heading, and the page's table fell in five."""
    gaps = sorted(_row_gaps(lines))
    phrases = [p for line in lines if line.multi for p in line.phrases]
    n_rows = sum(1 for line in lines if line.multi)
    if not gaps or n_rows < CROSSING_ROWS:
        return gaps
    starts = sorted(p.x0 for p in phrases)
    ends = sorted(p.x1 for p in phrases)
    # Every line's phrases by their start (lines of one cell too), and the ends of those
    # starting before the gap in hand, sorted: the phrases running across a gap are counted
    # in one sweep over the gaps in order.
    spans = sorted((p.x0, p.x1) for line in lines for p in line.phrases)
    started: list[float] = []
    j = 0
    kept = []
    for a, b in gaps:
        while j < len(spans) and spans[j][0] < a:
            insort(started, spans[j][1])
            j += 1
        edges = (bisect_right(ends, a + reach) - bisect_left(ends, a - reach)
                 + bisect_right(starts, b + reach) - bisect_left(starts, b - reach))
        # Phrases of one line never overlap, so phrases running across are lines running across.
        if CROSSING_ROWS * edges <= len(started) - bisect_right(started, b - reach):
            continue
        kept.append((a, b))
    return kept


def _row_gaps(lines: Sequence[Line]) -> Iterator[tuple[float, float]]:
    """The gaps between the cells of each line with several, and of each pair of
    neighbouring lines that overlap vertically, read as one row: labels centred in
    one header row but wrapped to different heights sit half a line apart, so their
    lines interleave (the lines of one cell, or of two rows, never overlap). Ink of
    either line is merged side to side; whitespace neither prints is a gap."""
    for line in lines:
        if line.multi:
            for a, b in zip(line.phrases, line.phrases[1:]):
                yield a.x1, b.x0
    for a, b in zip(lines, lines[1:]):
        if b.top >= a.bottom:
            continue
        end = None
        for p in sorted(a.phrases + b.phrases, key=attrgetter("x0")):
            if end is not None and p.x0 > end:
                yield end, p.x0
            end = p.x1 if end is None else max(end, p.x1)


def region_gaps(lines: Sequence[Line], min_width: float) -> list[tuple[float, float]]:
    """Column gaps: whitespace strips that no row crosses, spanning phrases aside.

    The gaps are seen on lines with several cells: the first line of most cells
    is on one. A cell printed only on lines of its own (a cost centre spilt over
    a page break above the first row, its column blank below) shows nowhere else,
    so a single phrase lying wholly inside such a strip is a column of its own and
    splits the strip. Other single lines (wrapped continuations) stay out: their
    column is visible already, and words run together there could hide a gap.

    A single line level with a line of several cells (the two overlapping up and down) may
    be a cell of that row set half a line off, as ``_row_gaps`` reads it: a phrase of it
    that starts inside a strip and runs on into the column after it (or ends inside one,
    from the column before) narrows the strip to its edge, when as much as a gap is left.
    Chromium's filled 002 at 150 dpi (seed 510) centres the one-line "Programado" between
    the two lines of "Ejecutado / (A Junio)" beside it; left out, the column's edge was
    taken from the year over it, 14 pt further right, and the border between "100%" and the
    next year's "≥ 80%" under them fell inside "≥ 80%". Such a line never closes a strip:
    OCR boxes a wrapped cell's lines taller than their pitch, so they overlap the row's
    line too (Chromium's plain 001 at 150 dpi: "Administrar" 0.2 pt into the 2 pt strip
    between the row numbers and the activities).
    """
    intervals = [(p.x0, p.x1) for line in lines if line.multi for p in line.phrases if not p.span]
    gaps = _coverage_gaps(intervals, min_width)
    inside = [(p.x0, p.x1) for line in lines if not line.multi for p in line.phrases
              if not p.span and any(a <= p.x0 and p.x1 <= b for a, b in gaps)]
    gaps = _coverage_gaps(intervals + inside, min_width) if inside else gaps
    level = [p for k, line in enumerate(lines) if not line.multi and _level_with_a_row(lines, k)
             for p in line.phrases if not p.span]
    return [_narrowed(gap, level, min_width) for gap in gaps] if level else gaps


def _narrowed(gap: tuple[float, float], phrases: list[Phrase], min_width: float) -> tuple[float, float]:
    """``gap`` narrowed to the edge of each of ``phrases`` that starts inside it and ends
    beyond it, or ends inside it and starts before it, when at least ``min_width`` is left."""
    a, b = gap
    for p in phrases:
        if a < p.x0 < b < p.x1 and p.x0 - a >= min_width:
            b = p.x0
        elif p.x0 < a < p.x1 < b and b - p.x1 >= min_width:
            a = p.x1
    return a, b


def _level_with_a_row(lines: Sequence[Line], k: int) -> bool:
    """Whether the line ``k`` of ``lines`` (top to bottom), of one cell, overlaps up and down
    a neighbouring line of several cells: in print, a cell of that row set half a line off
    (``_row_gaps``); read by OCR, also a wrapped cell's line boxed taller than its pitch."""
    line = lines[k]
    return (k > 0 and lines[k - 1].multi and line.top < lines[k - 1].bottom) or (
        k + 1 < len(lines) and lines[k + 1].multi and lines[k + 1].top < line.bottom)


def _columns_of(p: Phrase, bounds: list[float], min_width: float) -> tuple[int, int]:
    """First and last column a phrase prints in (by overlap, not by its edges)."""
    last = len(bounds) - 2
    lo = max(0, min(last, bisect_right(bounds, p.x0) - 1))
    hi = max(0, min(last, bisect_left(bounds, p.x1) - 1))
    tol = min(min_width, (p.x1 - p.x0) / 2)
    overlap = {c: min(p.x1, bounds[c + 1]) - max(p.x0, bounds[c]) for c in range(lo, hi + 1)}
    cols = [c for c, o in overlap.items() if o > tol]
    if not cols:  # narrower than the tolerance: the column holding its middle
        c = max(0, min(last, bisect_left(bounds, (p.x0 + p.x1) / 2) - 1))
        return c, c
    if not p.span:  # a phrase of an ordinary cell belongs to one column
        best = max(cols, key=overlap.__getitem__)
        return best, best
    return cols[0], cols[-1]


# --------------------------------------------------------------------------- regions


def block_to_regions(block: list[Line], settings: TableSettings) -> list[list[Line]]:
    """Table regions of one block: runs of lines sharing column gaps.

    A line with a single phrase that crosses the columns (a heading, a narrative
    line, a centred signature line) is not part of any table and splits the block.
    Single lines at the ends stay only when they sit at the table's own row
    spacing (a fragment row, the last lines of a wrapped cell).
    """
    if sum(1 for line in block if line.multi) < 2:
        return []
    size, reach, gaps = _columns_of_block(block, settings)
    if gaps and stretched_spaces_joined(block, gaps, reach):
        if sum(1 for line in block if line.multi) < 2:
            return []
        size, reach, gaps = _columns_of_block(block, settings)
    if not gaps:
        return []
    limit = _row_gap_limit(block, size, settings)
    cuts = []
    for i, line in enumerate(block):
        if line.multi or not _crosses(line.phrases[0], gaps, reach):
            continue
        # A spanning caption right above the table, at its row spacing and in its
        # type size ("PROGRAMA ANUAL 2022 (%)" over the months) belongs to it.
        nxt = block[i + 1] if i + 1 < len(block) else None
        if (nxt is not None and (nxt.multi or i + 1 not in cuts) and nxt.top - line.bottom <= limit
                and abs(line.size - size) <= 0.15 * size and not any(l.multi for l in block[:i])):
            continue
        cuts.append(i)
    if cuts:
        out: list[list[Line]] = []
        start = 0
        for i in cuts + [len(block)]:
            if i > start:
                out.extend(block_to_regions(block[start:i], settings))
            start = i + 1
        return out
    return [_trim_ends(block, size, settings)]


def _columns_of_block(block: list[Line], settings: TableSettings) -> tuple[float, float, list[tuple[float, float]]]:
    """The type size of a block's rows, how far a phrase may stop short of a column and
    still span it (its phrases marked), and its column gaps."""
    size = median(p.size for line in block if line.multi for p in line.phrases)
    reach = settings.text_span_reach * size
    mark_spanning(block, reach)
    return size, reach, region_gaps(block, settings.text_gap_width * size)


# A justified line of prose stretches its word spaces up to about an em.
PROSE_SPACE = 1.0


def stretched_spaces_joined(block: list[Line], gaps: list[tuple[float, float]], reach: float) -> bool:
    """Join, on each line, a phrase running across the columns (over two gaps or more) to
    the phrase before it when the two are less than ``PROSE_SPACE`` apart and it starts in
    the whitespace between two columns that the phrase before it bounds (no other row prints
    between them): a word space of a line of prose stretched as wide as a cell border, not
    the border of a row's cells. True when any line was joined.

    A cell starts in its column, a heading over several columns starts in one of them or
    lies far from the cell before it (the text layers' 9.8 em and more); a justified line
    of prose breaks its words wherever they fall. Chromium's filled 002 scanned bitonal
    (seed 510) read the paragraph above a table, "Otorgar de forma oportuna las ... |
    Sistema de Ahorro para Pensiones ...", as two cells 0.55 em apart; the line then was
    a row of the table, its first half widened the first column over the notes printed
    under the table, and those notes were read as the last activity's wrapped name. A group
    heading after a speck read in the column before it ("tl", Chromium's plain 004 at 200
    dpi, seed 520) starts in whitespace another row bounds: the speck is no half of it."""
    joined = False
    for line in block:
        if not line.multi:
            continue
        phrases = [line.phrases[0]]
        for p in line.phrases[1:]:
            q = phrases[-1]
            if (p.span and p.x0 - q.x1 < PROSE_SPACE * max(p.size, q.size) and _crosses(p, gaps, reach)
                    and any(a <= p.x0 < b and abs(a - q.x1) <= reach for a, b in gaps)):
                phrases[-1] = _phrase(q.chars + p.chars)
                joined = True
            else:
                phrases.append(p)
        line.phrases = phrases
    return joined


def _crosses(p: Phrase, gaps: list[tuple[float, float]], reach: float) -> bool:
    """The phrase runs across the columns: over two column gaps or more. (A short
    label over one gap is a header cell wider than the text below it, such as a
    centred "TIPO /" over a narrow column of flush-left "I"; a heading or a line of
    prose crosses several.)"""
    return sum(1 for a, b in gaps if p.x0 < a and b - reach < p.x1) >= 2


def _row_gap_limit(lines: list[Line], size: float, settings: TableSettings) -> float:
    """Largest vertical whitespace still between two rows of this table (measured
    between its first and last multi-cell line, so that text around it cannot
    widen the limit)."""
    tight = settings.text_row_gap * size
    first = next(i for i, line in enumerate(lines) if line.multi)
    last = max(i for i, line in enumerate(lines) if line.multi)
    core = lines[first:last + 1]
    gaps = [b.top - a.bottom for a, b in zip(core, core[1:])]
    row_gaps = [g for g in gaps if g > tight]
    return 1.5 * median(row_gaps) + 0.5 if row_gaps else tight


def _trim_ends(lines: list[Line], size: float, settings: TableSettings) -> list[Line]:
    """Drop single lines at the top and bottom that are set apart from the rows: by a gap
    wider than a row's, or set in another size than the table's and than the line of it
    they stand next to (headings and notes). The first line of a header cell wrapped over
    more lines than its neighbours stands alone above them, in the header's size: OCR
    measures bold capitals larger than the body (Chromium's filled 004 at 200 dpi, seed
    360: 8.3 pt against 7.1), and "OBJETIVO" was cut off "OBJETIVO ESTRATEGICO / ACCION
    ESTRATÉGICA / ...", whose label then named no column: no activity had its groups."""
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:])]
    limit = _row_gap_limit(lines, size, settings)
    first = next(i for i, line in enumerate(lines) if line.multi)
    last = max(i for i, line in enumerate(lines) if line.multi)
    def alike(line: Line, beside: Line) -> bool:
        return any(abs(line.size - s) <= 0.15 * s for s in (size, beside.size))

    lo = first
    while lo > 0 and gaps[lo - 1] <= limit and alike(lines[lo - 1], lines[lo]):
        lo -= 1
    hi = last
    while hi + 1 < len(lines) and gaps[hi] <= limit and alike(lines[hi + 1], lines[hi]):
        hi += 1
    return lines[lo:hi + 1]


# --------------------------------------------------------------------------- cells


def region_to_table(lines: list[Line], page: int, settings: TableSettings,
                    tints: Sequence[Edge] = ()) -> Table | None:
    """Cells of one region: columns from shared whitespace, rows from bands of cells (:func:`blocks_to_rows`)."""
    if sum(1 for line in lines if line.multi) < 2:
        return None
    size = median(p.size for line in lines if line.multi for p in line.phrases)
    min_width = settings.text_gap_width * size
    mark_spanning(lines, settings.text_span_reach * size)
    x0 = min(p.x0 for line in lines for p in line.phrases)
    x1 = max(p.x1 for line in lines for p in line.phrases)
    bounds = [x0, *((a + b) / 2 for a, b in region_gaps(lines, min_width)), x1]
    n_cols = len(bounds) - 1
    if n_cols < settings.min_cols:
        return None
    lines = [glued_cells_parted(line, bounds) for line in lines]
    tight = settings.text_row_gap * size
    blocks = phrases_to_blocks(lines, bounds, min_width, tight, tints)
    merged = merge_stacked_columns(blocks, bounds)
    if len(merged) < len(bounds):
        bounds = merged
        blocks = phrases_to_blocks(lines, bounds, min_width, tight, tints)
    n_cols = len(bounds) - 1
    if n_cols < settings.min_cols:
        return None
    blocks = split_at_row_starts(blocks, size, settings.gaps_from_ink)
    starts, rows_of = blocks_to_rows(blocks, n_cols, size)
    n_rows = len(starts)
    if n_rows < max(2, settings.min_rows):
        return None
    slots: list[list[_Block | None]] = [[None] * n_cols for _ in range(n_rows)]
    placed: list[tuple[int, int, int, int, _Block]] = []
    for b in sorted(blocks, key=lambda b: (b.top, b.col0)):
        r, r_end = rows_of[id(b)]
        owner = slots[r][b.col0]
        if owner is not None:  # a slot already taken (rare: overlapping text): join the texts
            owner.phrases.extend(b.phrases)
            continue
        c_end = b.col0 + 1
        while c_end <= b.col1 and slots[r][c_end] is None:
            c_end += 1
        rr_end = r + 1
        while rr_end < r_end and all(slots[rr_end][c] is None for c in range(b.col0, c_end)):
            rr_end += 1
        for rr in range(r, rr_end):
            for c in range(b.col0, c_end):
                slots[rr][c] = b
        placed.append((r, b.col0, rr_end - r, c_end - b.col0, b))
    bottom = max(p.bottom for line in lines for p in line.phrases)
    ys = _row_bounds(starts, blocks, bottom, min(p.top for line in lines for p in line.phrases))
    cells: list[Cell] = []
    for r, c, rs, cs, b in placed:
        chars = [ch for p in sorted(b.phrases, key=lambda p: (p.top, p.x0)) for ch in p.chars]
        cells.append(Cell(r, c, rs, cs, bounds[c], ys[r], bounds[c + cs], ys[r + rs],
                          chars_to_text(chars, settings)))
    # A table has rows of several cells; lines of prose whose stretched word spaces
    # happen to line up (justified paragraphs) fill one column and a stray cell.
    filled = [0] * n_rows
    for cell in cells:
        if cell.text:
            filled[cell.row] += 1
    if sum(1 for n in filled if n >= 2) < 2:
        return None
    for r in range(n_rows):  # empty slots are empty cells, as in a ruled grid
        for c in range(n_cols):
            if slots[r][c] is None:
                cells.append(Cell(r, c, 1, 1, bounds[c], ys[r], bounds[c + 1], ys[r + 1], ""))
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return Table(page, 0, bounds[0], ys[0], bounds[-1], ys[-1], n_rows, n_cols, tuple(cells))


def glued_cells_parted(line: Line, bounds: list[float]) -> Line:
    """``line`` with each phrase that runs across a column border (``bounds``' inner ones)
    through the space between two cells' texts cut there, when those texts say they are
    two cells: a number alone before the border (a row-number column's, "N°"), or a value
    on every side of each border it crosses. Set a word space apart, the two never showed
    a column-sized gap; the table found the border because every other line leaves it
    blank.

    Chromium's plain print of 001 scanned at 150 dpi: its row numbers stand 0.25-0.28 em
    from the activity's middle line ("1 sistematizado de"), its word spaces up to 0.31 em;
    each such phrase spanned both columns and the number went into the activity's name
    ("Llevar un control 1 sistematizado ..."): 12 of 15 activities lost on every draw.
    Chromium's prints of 002 at 150 dpi set a year's executed percentage 3 pt from the next
    year's goal ("136%" and "≥ 80%", right- and left-aligned): read as one phrase, both went
    into one cell, which parsed as two values of one period, and the document broke its
    contract (seeds 510 and 520) or lost those rows."""
    phrases: list[Phrase] = []
    for p in line.phrases:
        spaces = _border_spaces(p, bounds)
        cuts = _values_cuts(p, spaces)
        if not cuts and (cut := _number_cut(p, spaces)) is not None:
            cuts = [cut]
        start = 0
        for end, following in cuts:
            phrases.append(_phrase(p.chars[start:end]))
            start = following
        phrases.append(_phrase(p.chars[start:]) if cuts else p)
    if len(phrases) == len(line.phrases):
        return line
    return Line(phrases, line.top, line.bottom, line.size)


# One cell's value as printed: a comparison sign, a currency sign, a minus, digits with
# their separators, a percent sign; or a dash alone, printed for nothing.
_VALUE = re.compile(r"[≥≤<>]?\$?-?\d[\d.,]*%?|[-–—]")
# A number's groups of three digits after a space (1 062 997): no cell of their own.
_DIGIT_GROUP = re.compile(r"\d{3}(?:[ .,]?\d{3})*(?:[.,]\d+)?")


def _border_spaces(p: Phrase, bounds: list[float]) -> list[tuple[int, int]]:
    """The spaces between ``p``'s glyphs that a column border (``bounds``' inner ones) runs
    through: for each, the end of the glyphs before it and the start of those after it."""
    inner = [x for x in bounds[1:-1] if p.x0 < x < p.x1]
    if not inner:
        return []
    glyphs = [(i, ch) for i, ch in enumerate(p.chars) if ch.text.strip()]
    return [(k + 1, i) for (k, before), (i, after) in zip(glyphs, glyphs[1:])
            if any(before.x1 <= x <= after.x0 for x in inner)]


def _values_cuts(p: Phrase, spaces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spaces`` (``_border_spaces``), where ``p`` is cut, when every piece is a value
    (``_VALUE``) and none a digit group of the number before it; else none."""
    if not spaces:
        return []
    edges = [0, *(i for space in spaces for i in space), len(p.chars)]
    pieces = ["".join(ch.text for ch in p.chars[a:b]).replace(" ", "") for a, b in zip(edges[::2], edges[1::2])]
    if not all(_VALUE.fullmatch(piece) for piece in pieces):
        return []
    if any(a.isdigit() and len(a) <= 3 and _DIGIT_GROUP.fullmatch(b) for a, b in zip(pieces, pieces[1:])):
        return []
    return spaces


def _number_cut(p: Phrase, spaces: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first of ``spaces`` (``_border_spaces``), where ``p`` is cut, when all before it
    is a number alone (1-3 digits) and what follows is no group of its digits
    (``_DIGIT_GROUP``); else None."""
    if not spaces:
        return None
    end, start = spaces[0]
    head = "".join(ch.text for ch in p.chars[:end])
    rest = "".join(ch.text for ch in p.chars[start:]).replace(" ", "")
    return (end, start) if head.isdigit() and len(head) <= 3 and not _DIGIT_GROUP.fullmatch(rest) else None


def phrases_to_blocks(lines: Sequence[Line], bounds: list[float], min_width: float,
                      tight: float, tints: Sequence[Edge] = ()) -> list[_Block]:
    """Stack the phrases of each column; lines that (nearly) touch are one wrapped cell,
    unless the page's tint changes between them (``tints``: ``rulings.fill_edges``).

    Chromium's print of 002 sets its two pension rows 0.41 size apart, white and grey, a
    hair over the 0.4 that joins two lines into a cell; scanned, the words' em measured 4%
    larger and every amount of the grey row was read into the white row's cell
    (``1,644 3,552``). The edge of the grey, between the two lines, keeps them apart."""
    by_col: dict[int, list[Phrase]] = {}
    for line in lines:
        for p in line.phrases:
            p.col0, p.col1 = _columns_of(p, bounds, min_width)
            by_col.setdefault(p.col0, []).append(p)
    line_of = {id(p): line for line in lines for p in line.phrases}
    blocks: list[_Block] = []
    for col, phrases in sorted(by_col.items()):
        phrases.sort(key=lambda p: (p.top, p.x0))
        current: _Block | None = None
        for p in phrases:
            if (current is not None and p.top - current.bottom <= tight
                    and not _tint_between(current.phrases[-1], p, tints)
                    and not _under_a_group_label(current.phrases[-1], p, line_of[id(p)])):
                current.phrases.append(p)
                current.bottom = max(current.bottom, p.bottom)
                current.col1 = max(current.col1, p.col1)
                continue
            current = _Block([p], col, p.col1, p.top, p.bottom)
            blocks.append(current)
    return blocks


def _under_a_group_label(upper: Phrase, lower: Phrase, line: Line) -> bool:
    """Whether ``lower`` is one of the labels a spanning ``upper`` groups: ``upper`` runs
    across more columns than ``lower``, and ``lower``'s line holds another phrase in the
    columns ``upper`` spans, and ``upper`` is set in from ``lower``'s start by more than its
    size ("AÑO 2014" centred over "PRESUPUESTADO | EJECUTADO"). A cell's wrapped lines start
    flush: Chromium's plain 004 at 200 dpi (seed 520) read the cost centre "UNIDAD FUNCIONAL /
    DE PLANEAMIENTO Y / ..." across a word gap the table took for a column's, its second line
    in two phrases; parted there, the column stayed split and the page's header lost its
    columns (599 values read, flagged; 24 after).

    Chromium's prints of 002 at 150 dpi set the year over its two labels 2.6 pt apart, under
    the 0.35 size that joins two lines into one cell: "AÑO 2014 PRESUPUESTADO" was one cell
    spanning both columns, "EJECUTADO" went into it, and both columns' amounts were read as
    planned: two values of one period, and the document broke its contract (seeds 510 and
    520) or lost the table's rows."""
    return (upper.col1 - upper.col0 > lower.col1 - lower.col0 and upper.x0 - lower.x0 > upper.size
            and any(q is not lower and upper.col0 <= q.col0 and q.col1 <= upper.col1 for q in line.phrases))


def _tint_between(upper: Phrase, lower: Phrase, tints: Sequence[Edge]) -> bool:
    """Whether an edge of a tint (``tints``) runs between two stacked phrases: below the
    middle of the upper one and above the middle of the lower one, under the lower one's
    middle."""
    above, below, middle = (upper.top + upper.bottom) / 2, (lower.top + lower.bottom) / 2, (lower.x0 + lower.x1) / 2
    return any(above < e.top < below and e.x0 <= middle <= e.x1 for e in tints)


def blocks_to_rows(blocks: list[_Block], n_cols: int, size: float) -> tuple[list[float], dict[int, tuple[int, int]]]:
    """Rows of a table from its cells: the row starts, and for each block (by id) the
    first row it is in and the row after its last.

    A row is a horizontal *band* of cells whose ink overlaps vertically: cells are
    top-, middle- or bottom-aligned in their row depending on the producer (web
    prints centre header cells, spreadsheets sit text on the bottom), but a row's
    cells always share its height, and two rows never overlap. Inside a band, a
    column holding two cells or more (a caption over the months, a cell beside a
    merged one) splits it into sub-rows, one per cluster of those cells' tops
    (cells are aligned alike within a row); a cell alone in its columns and centred
    in the band is a merged cell spanning all of them; any other cell starts in the
    sub-row its top is in and spans the sub-rows its ink reaches into.
    """
    tol = 0.5 * size
    bands: list[list[_Block]] = []
    bottom = float("-inf")
    for b in sorted(blocks, key=lambda b: (b.top, b.col0)):
        if bands and b.top < bottom - 0.15 * size:  # overlaps the band (more than a rounding)
            bands[-1].append(b)
            bottom = max(bottom, b.bottom)
        else:
            bands.append([b])
            bottom = b.bottom
    starts: list[float] = []
    rows_of: dict[int, tuple[int, int]] = {}
    for band in bands:
        covering = [0] * n_cols
        for b in band:
            for c in range(b.col0, b.col1 + 1):
                covering[c] += 1
        def alone(b: _Block) -> bool:
            return all(covering[c] == 1 for c in range(b.col0, b.col1 + 1))
        top = min(b.top for b in band)
        groups = _aligned_groups([b for b in band if not alone(b)], tol)
        sub = [min(b.top for b in g) for g in groups] or [top]
        sub[0] = min(sub[0], top)
        first = len(starts)
        starts.extend(sub)
        group_of = {id(b): r for r, g in enumerate(groups) for b in g}
        middle = (top + max(b.bottom for b in band)) / 2
        for b in band:
            if len(sub) > 1 and alone(b) and abs((b.top + b.bottom) / 2 - middle) <= tol:
                rows_of[id(b)] = (first, first + len(sub))
                continue
            r = group_of.get(id(b))
            if r is None:
                r = max(0, bisect_left(sub, b.top + tol) - 1)
            # Sub-rows that start clearly above the cell's last line: its ink reaches
            # into them (a wrapped header cell over a two-row header spans both).
            r_end = max(r + 1, bisect_left(sub, b.bottom - 0.15 * size))
            rows_of[id(b)] = (first + r, first + r_end)
    return starts, rows_of


def _aligned_groups(blocks: list[_Block], tol: float) -> list[list[_Block]]:
    """Cells grouped into rows by their alignment, top to bottom: the cells of a row
    share their top, their middle or their bottom (as the producer aligns them);
    the alignment that gives the fewest rows is the one the row was set with."""
    best: list[list[_Block]] = []
    for key in (attrgetter("top"), lambda b: (b.top + b.bottom) / 2, attrgetter("bottom")):
        groups: list[list[_Block]] = []
        last = float("-inf")
        for b in sorted(blocks, key=key):
            if not groups or key(b) - last > tol:
                groups.append([])
            groups[-1].append(b)
            last = key(b)
        if not best or len(groups) < len(best):
            best = groups
    return sorted(best, key=lambda g: min(b.top for b in g))


def merge_stacked_columns(blocks: list[_Block], bounds: list[float]) -> list[float]:
    """Column borders without those between a column of header labels and a column
    of body cells stacked below it (all of one's cells above all of the other's).

    A header label centred over a wide column of short, flush-left texts prints
    clear of them side to side, so whitespace runs between label and texts all the
    way down; but a column never holds its header beside its body. The upper
    column must hold labels of a header row (a cell of another column beside
    each of them): a cell alone in its row above the body (a cell spilt over a
    page break) keeps its column.
    """
    singles = [b for b in blocks if b.col0 == b.col1]
    extent: dict[int, tuple[float, float]] = {}
    for b in singles:
        top, bottom = extent.get(b.col0, (b.top, b.bottom))
        extent[b.col0] = (min(top, b.top), max(bottom, b.bottom))

    def in_header_row(col: int) -> bool:
        return all(sum(1 for o in blocks if o.col0 != col and o.top < b.bottom and b.top < o.bottom) >= 1
                   for b in singles if b.col0 == col)

    keep = [bounds[0]]
    for c in range(1, len(bounds) - 1):
        left, right = extent.get(c - 1), extent.get(c)
        if left and right and (left[1] < right[0] or right[1] < left[0]):
            upper = c - 1 if left[1] < right[0] else c
            if in_header_row(upper):
                extent[c] = (min(left[0], right[0]), max(left[1], right[1]))  # one column now
                continue
        keep.append(bounds[c])
    keep.append(bounds[-1])
    return keep


def split_at_row_starts(blocks: list[_Block], size: float, from_ink: bool = False) -> list[_Block]:
    """Split a stack of lines where another column starts a cell and the gap is wider
    than between the stack's own lines.

    With little cell padding, the last line of one cell and the first of the cell
    below it (a header label over the first body row) can sit as close as the lines
    of a wrapped cell. A reader tells them apart by the row: the lower line starts
    level with a cell of another column, after a little more space than the lines
    above it have.

    A stack of two lines has no gap of its own to compare with: the line pitch of
    the table's wrapped cells (its stacks of three lines or more) stands in
    (:func:`_parted_pairs`).

    Lines boxed from their ink (``from_ink``: a page read by OCR) are as tall as their
    letters: an accent or an ascender raises a line's top, a descender lowers its bottom.
    Their gaps are uncertain by the spread of the stack's line heights besides the jitter
    (:func:`_ink_spread`). Chromium's plain 000 (seed-230 scan) sets "Incentivar la" 1.9 pt
    over "colocación de", 0.7 more than the cell's other lines; boxed from ink, with
    "personas" 0.44 taller for its descender, the gap measured 1.29 over the others,
    more than the jitter: the cell was split, and its activity lost (the values went to
    "Incentivar la").
    """
    tops = sorted(b.top for b in blocks)
    stacks = [(b, _phrase_lines(b.phrases)) for b in blocks]
    long = [lines for _, lines in stacks if len(lines) >= 3]
    wrapped = (median(pitch for lines in long for pitch in _line_pitches(lines)),
               median(_type_size(lines) for lines in long)) if long else None
    parted = _parted_pairs(stacks, wrapped, tops, size, from_ink) if wrapped else set()
    rows = _lines_level_with_rows(stacks, size)
    out: list[_Block] = []
    for b, lines in stacks:
        if id(b) in rows:
            out.extend(_block_of(line, b.col0) for line in lines)
            continue
        if id(b) in parted:
            out.extend((_block_of(lines[0], b.col0), _block_of(lines[1], b.col0)))
            continue
        # Only a stack with a line level with another cell's start can straddle rows.
        cuts = (_rows_straddled(b, lines, stacks, size)
                if any(_starts_a_cell(tops, min(p.top for p in line), b.top, size) for line in lines[1:]) else [])
        if cuts:
            out.extend(_block_of([p for line in lines[i:j] for p in line], b.col0)
                       for i, j in zip([0, *cuts], [*cuts, len(lines)]))
            continue
        if len(lines) < 3:  # a gap of its own to compare with: two gaps at least
            out.append(b)
            continue
        slack = _jitter(size) + (_ink_spread(lines) if from_ink else 0.0)
        gaps = [lines[i][0].top - max(p.bottom for p in lines[i - 1]) for i in range(1, len(lines))]
        current: list[Phrase] = list(lines[0])
        for i in range(1, len(lines)):
            top = lines[i][0].top
            usual = median(gaps[:i - 1] + gaps[i:])
            # Wider than the usual gap by more than a pixel's jitter, level with another column's cell.
            if _starts_a_cell(tops, top, b.top, size) and gaps[i - 1] > usual + slack:
                out.append(_block_of(current, b.col0))
                current = []
            current.extend(lines[i])
        out.append(_block_of(current, b.col0))
    return out


def _lines_level_with_rows(stacks: list[tuple[_Block, list[list[Phrase]]]], size: float) -> set[int]:
    """The stacks (``id`` of their block) each of whose lines is a row's cell: every column
    beside the stack holds print level with each of its lines and with nothing else, and
    one column at least holds a cell of its own for each line (the rows' cells). A wrapped
    cell's lines have no such rows beside them: a column beside it holds one cell for its
    row (a unit, a priority, a cell spanning the measure lines of a CEPLAN activity), or
    holds its cell level with one of its lines only (a spreadsheet sets a row's amounts on
    its last line).

    Chromium's print of 002 with fills tells its two pension rows apart by their tints
    alone; scanned bitonal the tints are thresholded away (seed 510), and the two products
    and their two units, 0.34 size apart, were joined into one cell each ("Concesión de
    pensiones (nuevos casos) Concesión de asignaciones", "Resoluciones Resoluciones"),
    while each amount stood alone in its column, level with one of those lines. The
    second row's amounts went to a product no row prints, published wrong and sure."""
    return {id(b) for b, lines in stacks if len(lines) >= 2 and _rows_beside(b, lines, stacks, size)}


def _rows_beside(stack: _Block, lines: list[list[Phrase]], stacks: list[tuple[_Block, list[list[Phrase]]]],
                 size: float) -> bool:
    """Whether every column beside ``stack`` (its ``lines``) holds print level with each of
    its lines and nothing else, and one of them a one-line cell for each line."""
    starts = [min(p.top for p in line) for line in lines]
    covered: dict[int, set[int]] = {}  # column -> the stack's lines it holds print level with
    cells: Counter = Counter()  # column -> its one-line cells beside the stack
    for other, other_lines in _beside(stack, stacks):
        levels = [_level_with(starts, min(p.top for p in line), size) for line in other_lines]
        if None in levels:
            return False  # print level with no line of the stack: a cell spanning its row, or another row's
        covered.setdefault(other.col0, set()).update(levels)
        cells[other.col0] += len(other_lines) == 1
    return bool(covered) and all(c == set(range(len(lines))) for c in covered.values()) \
        and len(lines) in cells.values()


def _rows_straddled(stack: _Block, lines: list[list[Phrase]], stacks: list[tuple[_Block, list[list[Phrase]]]],
                    size: float) -> list[int]:
    """The lines of ``stack`` (their indices, after its first) that start a row of the
    columns beside it: every column holding print beside the stack starts a cell level with
    the line, and holds a cell of its own beside the stack's lines above it that ends above
    the line. The stack straddles two rows of the table there.

    A header label wrapped over more lines than its neighbours sits over the first body row
    as close as its own lines: Chromium's filled 002 scanned bitonal (seed 510) read
    "Ejecutado / (A junio)" and the amount under it, "12,817", 2.6 pt apart, as one cell
    (its parenthesis made its line 3 pt taller than the others, so no gap told them apart);
    the header named no column, and the table's three rows were lost. Beside it every
    column holds its label ("Programado", level with neither line of the label) and, level
    with the amount, the row's cell. A wrapped cell has no such rows beside it: the cells of
    its row start level with its first line, or, centred or set on its last line, hold
    nothing beside the lines above them.

    A column with no print beside the line (an empty cell of that row) says nothing either
    way: Chromium's filled 001 scanned bitonal (seed 580) read "Unidad de / medida" over the
    first row's "Documento" as one cell, its row's January empty; the header named no
    column, and all 15 activities lost their unit of measure. A line is cut where no column
    beside holds print across it but the row's cells starting level with it, and at least
    ``STRADDLED_MIN`` columns hold such a cell under one of their own above it."""
    columns: dict[int, list[_Block]] = {}
    for o, _ in _beside(stack, stacks):
        columns.setdefault(o.col0, []).append(o)
    cuts: list[int] = []
    above = stack.top
    for k in range(1, len(lines)):
        top, bottom = min(p.top for p in lines[k]), max(p.bottom for p in lines[k])
        rows = 0
        for cells in columns.values():
            level = any(abs(o.top - top) <= LEVEL * size for o in cells)
            if level and any(above < o.bottom <= top for o in cells):
                rows += 1
            elif level or any(o.top < bottom and o.bottom > top for o in cells):
                break  # print across the line that starts no row there: a cell spanning it
        else:
            if rows and rows >= min(STRADDLED_MIN, len(columns)):
                cuts.append(k)
                above = top
    return cuts


# Columns beside a stack that must start a row level with one of its lines, under a cell of
# their own, for the stack to be cut there (``_rows_straddled``); every column, when fewer.
STRADDLED_MIN = 2


def _beside(stack: _Block, stacks: list[tuple[_Block, list[list[Phrase]]]],
            ) -> Iterator[tuple[_Block, list[list[Phrase]]]]:
    """The stacks (with their lines) of the other columns that print beside ``stack``:
    overlapping it from top to bottom."""
    for other, lines in stacks:
        if other is not stack and other.col0 != stack.col0 and other.top < stack.bottom and other.bottom > stack.top:
            yield other, lines


# Two lines whose tops lie this many type sizes apart or less are level (a row's cells).
LEVEL = 0.2


def _level_with(starts: list[float], top: float, size: float) -> int | None:
    """The index of the line of ``starts`` (their tops) level with a line at ``top``, if any."""
    for i, start in enumerate(starts):
        if abs(start - top) <= LEVEL * size:
            return i
    return None


def _line_pitches(lines: list[list[Phrase]]) -> list[float]:
    """From each line of a stack to the next, baseline to baseline (the lines'
    bottoms): a wrapped cell's lines follow at the type's line spacing."""
    bottoms = [max(p.bottom for p in line) for line in lines]
    return [b - a for a, b in zip(bottoms, bottoms[1:])]


def _type_size(lines: list[list[Phrase]]) -> float:
    return median(p.size for line in lines for p in line)


def _parted_pairs(stacks: list[tuple[_Block, list[list[Phrase]]]], wrapped: tuple[float, float],
                  tops: list[float], size: float, from_ink: bool) -> set[int]:
    """The stacks of two lines (``id`` of their block) that are two rows' cells: the lower
    line starts level with a cell of another column, and the lines lie further apart than
    the lines of the table's wrapped cells (``wrapped``: their pitch and type size) by more
    than a pixel's jitter, or nearer the pitch of the pairs so parted than the wrapped
    cells' (the rows of one table are set alike). Lines of a larger type (a header's) wrap
    further apart, so only a pair in the wrapped cells' type is judged.

    Two numbers stacked in a month column, the last line of one row and the first
    of the next, are no wrapped cell. A web print whose row padding is barely wider
    than its line spacing set them 0.41 size apart, a hair over the 0.4 that joins
    lines into a cell; a scan's word boxes, a pixel taller, joined them, and every
    later row's values went to the row above.

    A pair is judged by its pitch, baseline to baseline; lines boxed from ink
    (``from_ink``) are one em tall from their baseline with the em measured on their
    letters, so an em measured wrong moves a line's bottom by ``EM_DESCENT`` of the
    error (the spread of the pair's heights, :func:`_ink_spread`) besides the jitter.
    Chromium's print of 004 with row tints, scanned bitonal (the tints thresholded away,
    seed 490): "EJECUTADO" over the next activity's "PROGRAMADO" lie 9.53 pt apart, the
    wrapped cells' lines 8.16, and the whole spread (0.37) on top of the jitter (1.02)
    joined them, so both rows read "EJECUTADO PROGRAMADO" as their measure, and the
    document broke its data contract. On its fourth page one such pair lay 10.73 apart
    (wrapped 9.60, jitter 1.22), the page's three others 11.04-11.28: parted with them.
    """
    pitch, type_size = wrapped
    judged: dict[int, tuple[float, float]] = {}  # block id -> (pitch, slack)
    for b, lines in stacks:
        if len(lines) != 2 or abs(_type_size(lines) - type_size) > 0.15 * type_size:
            continue
        if not _starts_a_cell(tops, lines[1][0].top, b.top, size):
            continue
        spread = _ink_spread(lines) if from_ink else 0.0
        judged[id(b)] = (_line_pitches(lines)[0], _jitter(size) + EM_DESCENT * spread)
    parted = {k for k, (own, slack) in judged.items() if own > pitch + slack}
    if parted:
        rows = median(judged[k][0] for k in parted)
        parted |= {k for k, (own, _) in judged.items() if abs(own - rows) < abs(own - pitch)}
    return parted


def _starts_a_cell(tops: list[float], top: float, own_top: float, size: float) -> bool:
    """Whether a line at ``top`` is level with the top of another stack (``tops``, sorted;
    ``own_top``: its own stack's): another column starts a cell there."""
    k = bisect_left(tops, top - LEVEL * size)
    return k < len(tops) and tops[k] <= top + LEVEL * size and tops[k] != own_top


def _ink_spread(lines: list[list[Phrase]]) -> float:
    """How much the heights of a stack's lines differ (tallest less shortest)."""
    heights = [max(p.bottom for p in line) - min(p.top for p in line) for line in lines]
    return max(heights) - min(heights)


def _jitter(size: float) -> float:
    """More than a pixel's jitter in a line's place (browsers snap lines to 0.75 pt)."""
    return max(0.15 * size, 1.0)


def _phrase_lines(phrases: list[Phrase]) -> list[list[Phrase]]:
    """The phrases of one stack grouped by line (same top), top to bottom."""
    lines: list[list[Phrase]] = []
    for p in sorted(phrases, key=lambda p: (p.top, p.x0)):
        if lines and p.top < max(q.bottom for q in lines[-1]) - 0.5 * (p.bottom - p.top):
            lines[-1].append(p)
        else:
            lines.append([p])
    return lines


def _block_of(phrases: list[Phrase], col0: int) -> _Block:
    return _Block(phrases, col0, max(p.col1 for p in phrases), min(p.top for p in phrases),
                  max(p.bottom for p in phrases))


def _row_starts(tops: list[float], tol: float) -> list[float]:
    """Cells of one row are aligned alike: each cluster of cell tops starts a row."""
    starts: list[float] = []
    for t in sorted(tops):
        if not starts or t - starts[-1] > tol:
            starts.append(t)
    return starts


def _row_bounds(starts: list[float], blocks: list[_Block], bottom: float, top: float) -> list[float]:
    """Horizontal cell borders: halfway between a row's last ink and the next row's start."""
    ys = [top]
    for r in range(1, len(starts)):
        above = [b.bottom for b in blocks if starts[r - 1] - 1e-6 <= b.top < starts[r] and b.bottom <= starts[r]]
        ink = max(above) if above else starts[r]
        ys.append((ink + starts[r]) / 2)
    ys.append(bottom)
    return ys


# --------------------------------------------------------------------------- pre-check

_TOP, _BOTTOM, _SIZE = attrgetter("top"), attrgetter("bottom"), attrgetter("size")


def _has_column_gap(glyphs: Sequence[Char], settings: TableSettings) -> bool:
    """The line splits into two phrases or more (``Line.multi``), without building
    them: a gap wider than ``text_column_gap`` (the smaller gaps of
    :func:`line_to_phrases` only split lines that have such a gap too)."""
    gap_em = settings.text_column_gap
    prev = glyphs[0]
    for ch in islice(glyphs, 1, None):
        gap = ch.x0 - prev.x1
        # ``gap > gap_em`` first: the threshold is never below it (max(..., 1.0) >= 1),
        # and most word gaps stop there without the max() call.
        if gap > gap_em and gap > gap_em * max(ch.size, prev.size, 1.0):
            return True
        prev = ch
    return False


def may_hold_text_table(glyph_lines: Sequence[Sequence[Char]], settings: TableSettings) -> bool:
    """False only when :func:`chars_to_text_tables` cannot find a table in these lines.

    A cheap, exact pre-check. Every table comes from a region (:func:`region_to_table`
    needs two multi-phrase lines in it), a region is a run of lines of one block
    (:func:`block_to_regions` only ever cuts a block), so a table needs two lines
    with a column gap in one block (no paragraph-sized gap between them, as in
    :func:`lines_to_blocks`). That is what is checked, with the same arithmetic as
    those steps and without building phrases: lines are scanned top to bottom for a
    column gap, stopping at the first one that shares its block with the previous
    multi-phrase line; line extents are computed only for the lines between two
    multi-phrase lines. Prose, headings and signatures rarely have two such lines
    in a block, so most narrative pages skip the alignment step.
    """
    block_gap, block_gap_min = settings.text_block_gap, settings.text_block_gap_min
    extents: dict[int, tuple[float, float, float]] = {}

    def extent(i: int) -> tuple[float, float, float]:  # Line.top, Line.bottom, Line.size
        if i not in extents:
            glyphs = glyph_lines[i]
            extents[i] = (min(map(_TOP, glyphs)), max(map(_BOTTOM, glyphs)), max(map(_SIZE, glyphs)))
        return extents[i]

    last = -1  # the previous line with a column gap
    for i, glyphs in enumerate(glyph_lines):
        if not _has_column_gap(glyphs, settings):
            continue
        if last >= 0:
            for j in range(last + 1, i + 1):  # one block from `last` to `i`?
                top, _, size = extent(j)
                _, bottom, last_size = extent(j - 1)
                if top - bottom > max(block_gap * max(size, last_size), block_gap_min):
                    break
            else:
                return True
        last = i
    return False


# --------------------------------------------------------------------------- page


def chars_to_text_tables(glyph_lines: Sequence[Sequence[Char]], page: int, settings: TableSettings,
                         tints: Sequence[Edge] = ()) -> tuple[list[Table], list[Char]]:
    """Unruled tables among the glyph lines of a page, and the glyphs left outside them
    (``tints``: where the page's fills change shade, ``rulings.fill_edges``)."""
    lines = glyph_lines_to_lines(glyph_lines, settings)
    tables: list[Table] = []
    used: set[int] = set()
    for block in lines_to_blocks(lines, settings):
        for region in block_to_regions(block, settings):
            table = region_to_table(region, page, settings, tints)
            if table is not None:
                tables.append(table)
                used.update(id(line) for line in region)
    loose = [ch for line in lines if id(line) not in used for p in line.phrases for ch in p.chars]
    return tables, loose


# --------------------------------------------------------------------------- continuations


def _shapes(text: str) -> set[str]:
    """Word shapes of a cell: digits stand for any digit, so "0.00" and "1.00", or
    two activity codes, are the same kind of value; words are kept as they are."""
    return {"".join("9" if ch.isdigit() else ch for ch in word) for word in text.upper().split()}


_NUMBER = re.compile(r"9[9,.]*9|9")
_LETTERS = re.compile(r"[^\W\d_]+")


def _kind(shape: str) -> str:
    """The kind of a word shape: runs of letters stand for any word ("A") and numbers
    for any number ("9"), so every text column is alike, every number column too,
    and a code ("AOI…" -> "A9") or a percentage ("9%") keeps its form."""
    return _NUMBER.sub("9", _LETTERS.sub("A", shape))


@dataclass(frozen=True)
class _Profile:
    words: frozenset[str]  # word shapes
    kinds: frozenset[str]  # kinds of those shapes
    cells: Counter[str]  # how many of the column's cells show each kind


def _column_profiles(table: Table) -> list[_Profile]:
    cols: list[set[str]] = [set() for _ in range(table.n_cols)]
    cells: list[Counter[str]] = [Counter() for _ in range(table.n_cols)]
    for cell in table.cells:
        if cell.text:
            shapes = _shapes(cell.text)
            cols[cell.col] |= shapes
            cells[cell.col].update(set(map(_kind, shapes)))
    return [_Profile(frozenset(c), frozenset(map(_kind, c)), n) for c, n in zip(cols, cells)]


def _match_columns(cont: list[_Profile], prev: list[_Profile]) -> list[int] | None:
    """Monotone map of the continuation's columns onto the previous table's columns
    that best agrees on content, or None when it is not plausibly the same table.

    Columns keep their order across a page break, and a column left blank on every
    row of the continuation has no ink, so the text step cannot see it: the previous
    columns with no partner are those blank ones. A pair scores by the share of the
    continuation column's kinds of words (text, a code "AOI999…", a number "9.99")
    the other column shows, plus the share of its very words (the same unit, the
    same measure): the new page prints other activities, so words recur less than
    kinds. Every column with text needs a partner of its kind; the map is accepted
    when the kinds of nearly all its cells recur (each kind counted by the cells showing
    it) and some of the words do (a table that merely looks alike, such as another
    plan's, shares kinds but hardly any words). Counted once per kind, the marks OCR
    misread in a cell or two outweighed a page: Chromium's plain 004 at 300 dpi (seed
    550) read "0:00" and '"1.00' on page 2, 8 of its 31 kinds, and the page's 11
    activities lost their header and every value.
    """
    m, n = len(cont), len(prev)

    def score(j: int, i: int) -> float:
        c, p = cont[j], prev[i]
        if not c.kinds:
            return 0.0
        kinds = len(c.kinds & p.kinds) / len(c.kinds)
        return kinds + len(c.words & p.words) / len(c.words) if kinds else float("-inf")

    neg = float("-inf")
    # best[j][i]: best total for cont[:j] placed within prev[:i]
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    take = [[False] * (n + 1) for _ in range(m + 1)]
    for i in range(n + 1):
        best[0][i] = 0.0
    for j in range(1, m + 1):
        for i in range(j, n + 1):
            skip, pair = best[j][i - 1], best[j - 1][i - 1] + score(j - 1, i - 1)
            # Ties go to pairing the later column: blank columns the continuation
            # lacks are then assumed as far left as the content allows (ties only
            # arise between columns of the same kind, e.g. months, whose order fixes them).
            if pair >= skip and pair > neg:
                best[j][i], take[j][i] = pair, True
            else:
                best[j][i] = skip
    if best[m][n] == neg:
        return None
    out, i = [0] * m, n
    for j in range(m, 0, -1):
        while not take[j][i]:
            i -= 1
        out[j - 1] = i - 1
        i -= 1
    # Kinds count by the cells that show them: a page read by OCR misreads a mark in a cell
    # or two ("0:00", '"1.00'), each a kind of its own that no other page shows.
    kinds = sum(cont[j].cells[k] for j, i in enumerate(out) for k in cont[j].kinds & prev[i].kinds)
    words = sum(len(cont[j].words & prev[i].words) for j, i in enumerate(out))
    if kinds < 0.8 * sum(c.cells.total() for c in cont) or words < 0.2 * sum(len(c.words) for c in cont):
        return None
    return out


def _repeats_header(table: Table, previous: Table) -> bool:
    """The table prints the previous table's header again (so it starts a table of
    its own). A header is labels: when the previous table's first row holds numbers,
    it is a continuation itself and its first row is data, which a page of the same
    table naturally resembles."""
    first = [cell.text for cell in previous.cells if cell.row == 0 and cell.text]
    if any(_kind(shape) == "9" for text in first for shape in _shapes(text)):
        return False
    header = set(first)
    return any(cell.text in header for cell in table.cells if cell.text)


def regrid_continuation(table: Table, previous: Table) -> Table | None:
    """Read a header-less table at the top of a page on the columns of the table
    that ends the previous page, as a reader carries the header over the break.

    Only when it is plausibly the same table: fewer columns, but at least half
    (the missing ones are blank on this page), about the same width, none of the previous table's
    header texts repeated (a repeated header starts its own table), and every
    column with text matching one of the previous table's columns by content
    (``_match_columns``). The columns with no partner become empty, zero-width
    columns at their place, as a ruled export draws a collapsed blank column.
    Returns None when the table is not such a continuation.
    """
    # The columns it lacks are a few blank ones, not most of the table.
    if not previous.n_cols / 2 <= table.n_cols < previous.n_cols:
        return None
    overlap = min(table.x1, previous.x1) - max(table.x0, previous.x0)
    if overlap < 0.8 * min(table.x1 - table.x0, previous.x1 - previous.x0):
        return None
    if _repeats_header(table, previous):
        return None
    mapping = _match_columns(_column_profiles(table), _column_profiles(previous))
    if mapping is None:
        return None
    xs = [table.x1] * (table.n_cols + 1)
    for cell in table.cells:
        if cell.col_span == 1:
            xs[cell.col], xs[cell.col + 1] = cell.x0, cell.x1
    xs[0] = table.x0
    # New borders: a mapped column keeps its own; an unmatched one sits, zero wide,
    # at the right border of the column before it.
    n = previous.n_cols
    source = {i: j for j, i in enumerate(mapping)}
    bounds = [table.x0]
    for i in range(n):
        bounds.append(xs[source[i] + 1] if i in source else bounds[-1])
    covered = [[False] * n for _ in range(table.n_rows)]
    cells: list[Cell] = []
    for cell in table.cells:
        c0, c1 = mapping[cell.col], mapping[cell.col + cell.col_span - 1]
        for r in range(cell.row, cell.row + cell.row_span):
            for c in range(c0, c1 + 1):
                covered[r][c] = True
        cells.append(Cell(cell.row, c0, cell.row_span, c1 - c0 + 1, bounds[c0], cell.top,
                          bounds[c1 + 1], cell.bottom, cell.text))
    row_y = {cell.row: (cell.top, cell.bottom) for cell in table.cells if cell.row_span == 1}
    for r in range(table.n_rows):
        for c in range(n):
            if not covered[r][c]:
                top, bottom = row_y.get(r, (table.top, table.bottom))
                cells.append(Cell(r, c, 1, 1, bounds[c], top, bounds[c + 1], bottom, ""))
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return Table(table.page, table.order, table.x0, table.top, table.x1, table.bottom,
                 table.n_rows, n, tuple(cells))
