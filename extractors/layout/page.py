"""One page's content -> its tables of cells, and the loose text lines outside them.

Two strategies produce the same :class:`Table`/:class:`Cell` records:

* ``lines`` (ruled tables): :mod:`extractors.layout.rulings`;
* ``text`` (tables without ruling lines, read from text alignment):
  :mod:`extractors.layout.alignment`.

``TableSettings.strategy`` picks them; the default ``auto`` reads ruled tables
where the page has ruling lines and text alignment for the glyphs outside them.
Text outside every table becomes :class:`TextLine` records (headings, captions,
signatures). Nothing here knows about plans, months or Spanish.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from .alignment import chars_to_text_tables, may_hold_text_table, regrid_continuation
from .records import Cell, Char, PageContent, Table, TextLine
from .rulings import component_to_cells, edges_to_components, fill_edges, merge_edges, shapes_to_edges
from .settings import TableSettings
from .words import chars_to_lines, chars_to_text, line_to_text

Span = tuple[int, int, int, int]  # row, col, row_span, col_span


def page_to_tables(page: PageContent, settings: TableSettings | dict | None = None,
                   previous: Table | None = None) -> tuple[list[Table], list[TextLine]]:
    """Find the tables of a page (ruled and/or unruled, see ``strategy``) and the
    text lines outside them.

    ``previous`` is the last table of the page before: an unruled table at the top
    of this page that continues it is read on its columns (``regrid_continuation``).
    """
    settings = TableSettings.resolve(settings)
    if page.ocr_words is not None:
        settings = settings.for_scanned_page()
    grids = []
    if settings.strategy != "text":
        edges = merge_edges(list(shapes_to_edges(page.shapes)), settings)
        for component in edges_to_components(edges, settings):
            xs, ys, spans, owner = component_to_cells(component, settings)
            if len(ys) - 1 >= settings.min_rows and len(xs) - 1 >= settings.min_cols:
                grids.append((xs, ys, spans, owner, [[] for _ in spans]))
    loose = _place_chars(page.chars, grids) if grids else list(page.chars)
    for xs, _, spans, _, contents in grids:
        reclaim_overflow(xs, spans, contents, settings)
    tables = []
    for grid in grids:
        for xs, ys, spans, contents in split_at_spacer_rows(*grid[:3], grid[4]):
            cells = tuple(
                Cell(r, c, rs, cs, xs[c], ys[r], xs[c + cs], ys[r + rs], chars_to_text(chars, settings))
                for (r, c, rs, cs), chars in zip(spans, contents)
            )
            tables.append((ys[0], xs[0], xs[-1], ys[-1], len(ys) - 1, len(xs) - 1, cells))
    glyph_lines = chars_to_lines(loose, settings)
    if settings.strategy != "lines" and glyph_lines and (
            not settings.text_precheck or may_hold_text_table(glyph_lines, settings)):
        # Glyphs outside ruled tables may still be laid out as a table (web prints,
        # typeset reports): read those from alignment; the rest stays loose text.
        # Pages where no aligned block can exist (prose, headings) skip this step.
        found, rest = chars_to_text_tables(glyph_lines, page.number, settings, fill_edges(page.shapes))
        # Only the topmost table of the page can continue the previous page's table,
        # and only an unruled one needs it: ruling lines draw even blank columns.
        if previous is not None and found and all(ys[0] > found[0].top for _, ys, *_ in grids):
            found[0] = regrid_continuation(found[0], previous) or found[0]
        if found:
            tables.extend((t.top, t.x0, t.x1, t.bottom, t.n_rows, t.n_cols, t.cells) for t in found)
            glyph_lines = chars_to_lines(rest, settings)
    tables.sort(key=lambda t: (t[0], t[1]))
    out = [Table(page.number, i, x0, top, x1, bottom, n_rows, n_cols, cells)
           for i, (top, x0, x1, bottom, n_rows, n_cols, cells) in enumerate(tables)]
    return out, lines_to_text_lines(glyph_lines, settings)


def _place_chars(chars: Sequence[Char], grids) -> list[Char]:
    """One pass: each glyph goes to the cell of the grid holding its centre; the
    glyphs outside every grid are returned (the page's loose text)."""
    loose: list[Char] = []
    boxes = [(xs[0], xs[-1], ys[0], ys[-1], xs, ys, len(xs) - 2, len(ys) - 2, owner, contents)
             for xs, ys, _, owner, contents in grids]
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        for left, right, top, bottom, xs, ys, last_c, last_r, owner, contents in boxes:
            if left <= cx <= right and top <= cy <= bottom:
                r = bisect_right(ys, cy) - 1
                c = bisect_right(xs, cx) - 1
                contents[owner[r if r < last_r else last_r][c if c < last_c else last_c]].append(ch)
                break
        else:
            loose.append(ch)
    return loose


def reclaim_overflow(xs: list[float], spans: list[Span], contents: list[list[Char]],
                     settings: TableSettings) -> None:
    """Give a word cut by a cell border back to the cell it starts in.

    A spreadsheet prints a text that does not fit over the empty cells to its right,
    across their borders; glyphs go to the cell that holds their centre, so the end
    of "Oficina Departamental" landed in the next cell as "ental". Where a border
    cuts through a word (two glyphs less than a word gap apart, in two cells), the
    rest of that phrase (up to a column-sized gap) belongs to the cell it starts in.
    Only grids with ink on a cell's side border are looked at (padding keeps the
    text of ordinary cells clear of it). A phrase whose first glyph alone runs across
    the border is the next cell's, that glyph too: no text starts at its cell's border,
    and a scan's letter boxes can (004 on the seed-78 draw: the engine boxed a speck left
    of the ruling as the "E" of the month "Ene", the whole word went to the cell before,
    "PROG. / EJE. Ene", and the table had no measure column nor January).
    """
    if not any(ch.x0 < xs[c] + 0.1 or ch.x1 > xs[c + cs] - 0.1
               for (_, c, _, cs), chars in zip(spans, contents) for ch in chars):
        return
    cell_of = {id(ch): k for k, chars in enumerate(contents) for ch in chars}
    moves: dict[int, int] = {}
    for line in chars_to_lines([ch for chars in contents for ch in chars], settings):
        owner, first = None, line[0]
        for prev, ch in zip(line, line[1:]):
            em = max(ch.size, prev.size, 1.0)
            gap = ch.x0 - prev.x1
            if gap > settings.text_column_gap * em:
                owner, first = None, ch
                continue
            a = moves.get(id(prev), cell_of[id(prev)])
            b = cell_of[id(ch)]
            if owner is not None and b != owner:
                moves[id(ch)] = owner
            elif a != b and gap <= settings.word_gap * em:  # a border through a word
                _, c, _, cs = spans[a]
                if prev is first and prev.x1 > xs[c + cs]:  # only its first glyph across: the next cell's
                    moves[id(prev)] = b
                else:
                    owner = a
                    moves[id(ch)] = a
    if not moves:
        return
    moved = {k: [] for k in range(len(contents))}
    for k, chars in enumerate(contents):
        kept = []
        for ch in chars:
            target = moves.get(id(ch))
            (moved[target] if target is not None else kept).append(ch)
        contents[k][:] = kept
    for k, chars in moved.items():
        contents[k].extend(chars)


def chars_to_text_lines(chars: Iterable[Char], settings: TableSettings) -> list[TextLine]:
    """Loose glyphs as text lines, top to bottom; far-apart runs on one baseline stay separate."""
    return lines_to_text_lines(chars_to_lines(chars, settings), settings)


def lines_to_text_lines(lines: Iterable[Sequence[Char]], settings: TableSettings) -> list[TextLine]:
    out: list[TextLine] = []
    for line in lines:
        run: list[Char] = [line[0]]
        for ch in line[1:]:
            # A gap of several em separates independent text (e.g. two signature columns).
            if ch.x0 - run[-1].x1 > 3 * max(ch.size, 1.0):
                out.append(_run_to_line(run, settings))
                run = []
            run.append(ch)
        out.append(_run_to_line(run, settings))
    return [t for t in out if t.text]


def _run_to_line(run: Sequence[Char], settings: TableSettings) -> TextLine:
    return TextLine(
        line_to_text(run, settings),
        min(c.x0 for c in run), min(c.top for c in run),
        max(c.x1 for c in run), max(c.bottom for c in run),
        max(c.size for c in run),
    )



def split_at_spacer_rows(xs: list[float], ys: list[float], spans: list[Span],
                         contents: list[list[Char]]) -> list[tuple[list[float], list[float], list[Span], list[list[Char]]]]:
    """One ruled grid as the tables a reader sees in it.

    A spreadsheet prints everything on one grid: a running header's box, an empty
    spacer row and the table below share the sheet's outer borders, so their
    rulings connect. A row that is one empty cell across the whole grid (no
    interior ruling crosses it) and thinner than the rows around it is the white
    space between two tables, not a row of either: the grid is cut there, and each
    part keeps only the column borders its own cells use.
    """
    n_cols = len(xs) - 1
    heights = sorted(b - a for a, b in zip(ys, ys[1:]))
    usual = heights[len(heights) // 2]
    spacers = sorted(r for (r, c, rs, cs), chars in zip(spans, contents)
                     if cs == n_cols and rs == 1 and not chars and ys[r + 1] - ys[r] < 0.6 * usual)
    if not spacers:
        return [(xs, ys, spans, contents)]
    parts = []
    start = 0
    for cut in spacers + [len(ys) - 1]:
        if cut > start:
            part = [(span, chars) for span, chars in zip(spans, contents) if start <= span[0] < cut]
            parts.append(_compact(xs, ys[start:cut + 1], [((r - start, c, rs, cs), ch) for (r, c, rs, cs), ch in part]))
        start = cut + 1
    return parts


def _compact(xs: list[float], ys: list[float], cells: list[tuple[Span, list[Char]]]):
    """The grid without the column borders none of its cells starts or ends at."""
    used = sorted({c for (_, c, _, _), _ in cells} | {c + cs for (_, c, _, cs), _ in cells})
    index = {c: i for i, c in enumerate(used)}
    spans = [(r, index[c], rs, index[c + cs] - index[c]) for (r, c, rs, cs), _ in cells]
    return [xs[c] for c in used], ys, spans, [chars for _, chars in cells]
