"""The shared table layer: page content -> tables of cells, and loose text lines.

Two strategies produce the same :class:`Table`/:class:`Cell` records:

* ``lines`` (ruled tables), pure functions in the order they run::

    edges -> merge_edges -> edges_to_components -> component_to_cells
          (spans from missing borders) -> chars_to_text per cell

* ``text`` (tables without ruling lines, read from text alignment): see
  :mod:`extractors.alignment`.

``TableSettings.strategy`` picks them; the default ``auto`` reads ruled tables
where the page has ruling lines and text alignment for the glyphs outside them.
Text outside every table becomes :class:`TextLine` records (headings, captions,
signatures). Nothing here knows about plans, months or Spanish.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .alignment import chars_to_text_tables, may_hold_text_table, regrid_continuation
from .records import Cell, Char, Edge, PageContent, Table, TextLine

STRATEGIES = ("auto", "lines", "text")


@dataclass(frozen=True)
class TableSettings:
    """Tolerances of the table layer, validated once and passed down."""

    snap_tolerance: float = 3.0  # edges closer than this are the same ruling line
    join_tolerance: float = 3.0  # collinear edges with a smaller gap are one line
    intersection_tolerance: float = 3.0  # how far an edge may stop short of a crossing one
    min_edge_length: float = 3.0
    min_rows: int = 1
    min_cols: int = 2
    word_gap: float = 0.2  # gap between glyphs, in font sizes, that separates words
    line_overlap: float = 0.5  # vertical overlap (of the smaller glyph) that puts glyphs on one line
    # "lines": ruled tables only; "text": text alignment only; "auto": ruled tables,
    # then text alignment for the glyphs outside them (pages mix both).
    strategy: str = "auto"
    # Text strategy (lengths in font sizes of the table text, see extractors/alignment.py):
    text_column_gap: float = 0.5  # a horizontal gap wider than a word space separates cells
    text_gap_width: float = 0.35  # narrowest whitespace strip, shared by all rows, between columns
    text_span_reach: float = 0.25  # a phrase stopping this short of the next column still spans it
    text_row_gap: float = 0.4  # vertical whitespace above which a line starts a new cell
    text_block_gap: float = 1.5  # vertical whitespace that sets a table apart from other text
    text_block_gap_min: float = 5.0  # ... but never less than this many points (tiny fonts)
    # Skip the alignment step on pages whose loose lines cannot hold an aligned block
    # (``alignment.may_hold_text_table``: exact, the tables are the same; off only to compare).
    text_precheck: bool = True

    def __post_init__(self) -> None:
        for name in ("snap_tolerance", "join_tolerance", "intersection_tolerance",
                     "min_edge_length", "word_gap", "line_overlap", "text_column_gap",
                     "text_row_gap", "text_block_gap", "text_block_gap_min", "text_gap_width", "text_span_reach"):
            if getattr(self, name) < 0:
                raise ValueError(f"Table setting {name!r} cannot be negative")
        if self.strategy not in STRATEGIES:
            raise ValueError(f"Table setting 'strategy' must be one of {', '.join(STRATEGIES)}, not {self.strategy!r}")
        if not isinstance(self.text_precheck, bool):
            raise ValueError(f"Table setting 'text_precheck' must be true or false, not {self.text_precheck!r}")
        if self.min_rows < 1 or self.min_cols < 1:
            raise ValueError("Table settings 'min_rows' and 'min_cols' must be at least 1")

    @classmethod
    def resolve(cls, settings: "TableSettings | dict | None") -> "TableSettings":
        if settings is None:
            return cls()
        if isinstance(settings, cls):
            return settings
        if isinstance(settings, dict):
            unknown = set(settings) - set(cls.__dataclass_fields__)
            if unknown:
                raise ValueError(f"Unknown table settings: {sorted(unknown)}; valid: {sorted(cls.__dataclass_fields__)}")
            return cls(**settings)
        raise TypeError(f"Cannot resolve table settings from {type(settings).__name__}")


# ------------------------------------------------------------------ edges


def _cluster(values: Sequence[float], tolerance: float) -> dict[float, float]:
    """Map each value to the mean of its cluster (values within `tolerance` of a neighbour)."""
    out: dict[float, float] = {}
    group: list[float] = []
    for v in sorted(set(values)):
        if group and v - group[-1] > tolerance:
            mean = sum(group) / len(group)
            out.update((g, mean) for g in group)
            group = []
        group.append(v)
    if group:
        mean = sum(group) / len(group)
        out.update((g, mean) for g in group)
    return out


def merge_edges(edges: Iterable[Edge], settings: TableSettings) -> list[Edge]:
    """Snap nearly-collinear edges to one coordinate and join overlapping or close segments."""
    h = [e for e in edges if e.orientation == "h" and e.x1 - e.x0 >= settings.min_edge_length]
    v = [e for e in edges if e.orientation == "v" and e.bottom - e.top >= settings.min_edge_length]
    ys = _cluster([e.top for e in h], settings.snap_tolerance)
    xs = _cluster([e.x0 for e in v], settings.snap_tolerance)
    merged: list[Edge] = []
    for pos, spans in _group_spans(((ys[e.top], e.x0, e.x1) for e in h)):
        merged.extend(Edge("h", a, pos, b, pos) for a, b in _join_spans(spans, settings.join_tolerance))
    for pos, spans in _group_spans(((xs[e.x0], e.top, e.bottom) for e in v)):
        merged.extend(Edge("v", pos, a, pos, b) for a, b in _join_spans(spans, settings.join_tolerance))
    return merged


def _group_spans(items: Iterable[tuple[float, float, float]]):
    groups: dict[float, list[tuple[float, float]]] = {}
    for pos, a, b in items:
        groups.setdefault(pos, []).append((a, b))
    return sorted(groups.items())


def _join_spans(spans: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + tolerance:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _touches(h: Edge, v: Edge, tol: float) -> bool:
    return (h.x0 - tol <= v.x0 <= h.x1 + tol) and (v.top - tol <= h.top <= v.bottom + tol)


def edges_to_components(edges: Sequence[Edge], settings: TableSettings) -> list[list[Edge]]:
    """Group edges into connected sets (edges that cross or touch): one set per table."""
    h = [e for e in edges if e.orientation == "h"]
    v = [e for e in edges if e.orientation == "v"]
    parent = list(range(len(h) + len(v)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = settings.intersection_tolerance
    for i, he in enumerate(h):
        for j, ve in enumerate(v):
            if _touches(he, ve, tol):
                a, b = find(i), find(len(h) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, list[Edge]] = {}
    for i, e in enumerate(h + v):
        groups.setdefault(find(i), []).append(e)
    return [g for g in groups.values()
            if sum(e.orientation == "h" for e in g) >= 2 and sum(e.orientation == "v" for e in g) >= 2]


# ------------------------------------------------------------------ cells


def _covered(edges: Sequence[Edge], pos: float, at: float, tol: float, horizontal: bool) -> bool:
    """True when an edge lies at coordinate `pos` and covers the point `at` along it."""
    for e in edges:
        if horizontal:
            if abs(e.top - pos) <= tol and e.x0 - tol <= at <= e.x1 + tol:
                return True
        elif abs(e.x0 - pos) <= tol and e.top - tol <= at <= e.bottom + tol:
            return True
    return False


def component_to_cells(component: Sequence[Edge], settings: TableSettings) -> tuple[list[float], list[float], list[tuple[int, int, int, int]], list[list[int]]]:
    """Grid lines of one table, its cells as (row, col, row_span, col_span), and the
    grid slot -> cell index map.

    Grid lines are every distinct x of a vertical edge and y of a horizontal edge;
    two neighbouring grid slots belong to one cell when no edge separates them.
    """
    tol = settings.intersection_tolerance
    hs = [e for e in component if e.orientation == "h"]
    vs = [e for e in component if e.orientation == "v"]
    ys = sorted(set(e.top for e in hs))
    xs = sorted(set(e.x0 for e in vs))
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    owner = [[-1] * n_cols for _ in range(n_rows)]
    cells: list[tuple[int, int, int, int]] = []
    for r in range(n_rows):
        for c in range(n_cols):
            if owner[r][c] >= 0:
                continue
            mid_y = (ys[r] + ys[r + 1]) / 2
            col_span = 1
            while c + col_span < n_cols and not _covered(vs, xs[c + col_span], mid_y, tol, False):
                col_span += 1
            mid_x = (xs[c] + xs[c + col_span]) / 2
            row_span = 1
            while r + row_span < n_rows and not _covered(hs, ys[r + row_span], mid_x, tol, True):
                row_span += 1
            for rr in range(r, r + row_span):
                for cc in range(c, c + col_span):
                    owner[rr][cc] = len(cells)
            cells.append((r, c, row_span, col_span))
    return xs, ys, cells, owner


def chars_to_lines(chars: Iterable[Char], settings: TableSettings) -> list[list[Char]]:
    """Group glyphs into lines (top to bottom), each sorted left to right."""
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: (c.top, c.x0)):
        if lines:
            last = lines[-1]
            ref = last[0]
            overlap = min(ch.bottom, ref.bottom) - max(ch.top, ref.top)
            height = min(ch.bottom - ch.top, ref.bottom - ref.top) or 1.0
            if overlap >= settings.line_overlap * height:
                last.append(ch)
                continue
        lines.append([ch])
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def line_to_text(line: Sequence[Char], settings: TableSettings) -> str:
    """Join the glyphs of one line, inserting one space where the gap is a word gap."""
    parts: list[str] = []
    prev: Char | None = None
    for ch in line:
        if prev is not None and ch.text != " " and not parts[-1].endswith(" "):
            gap = ch.x0 - prev.x1
            if gap > settings.word_gap * max(ch.size, prev.size, 1.0):
                parts.append(" ")
        parts.append(ch.text)
        prev = ch
    return " ".join("".join(parts).split())


def chars_to_text(chars: Iterable[Char], settings: TableSettings) -> str:
    """Text of a block of glyphs: its lines joined with one space (wrapped cell text)."""
    return " ".join(t for t in (line_to_text(l, settings) for l in chars_to_lines(chars, settings)) if t)


# ------------------------------------------------------------------ pages


def page_to_tables(page: PageContent, settings: TableSettings | dict | None = None,
                   previous: Table | None = None) -> tuple[list[Table], list[TextLine]]:
    """Find the tables of a page (ruled and/or unruled, see ``strategy``) and the
    text lines outside them.

    ``previous`` is the last table of the page before: an unruled table at the top
    of this page that continues it is read on its columns (``regrid_continuation``).
    """
    settings = TableSettings.resolve(settings)
    grids = []
    if settings.strategy != "text":
        for component in edges_to_components(merge_edges(page.edges, settings), settings):
            xs, ys, spans, owner = component_to_cells(component, settings)
            if len(ys) - 1 >= settings.min_rows and len(xs) - 1 >= settings.min_cols:
                grids.append((xs, ys, spans, owner, [[] for _ in spans]))
    loose: list[Char] = []
    for ch in page.chars:  # one pass: each glyph goes to the cell holding its centre
        if not _place_char(ch, grids):
            loose.append(ch)
    tables = []
    for xs, ys, spans, _, contents in grids:
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
        found, rest = chars_to_text_tables(glyph_lines, page.number, settings)
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


def _place_char(ch: Char, grids) -> bool:
    cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
    for xs, ys, _, owner, contents in grids:
        if xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]:
            r = min(bisect_right(ys, cy) - 1, len(ys) - 2)
            c = min(bisect_right(xs, cx) - 1, len(xs) - 2)
            contents[owner[r][c]].append(ch)
            return True
    return False


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
