"""Ruled tables (the ``lines`` strategy): painted paths -> ruling edges -> grids -> cells.

Pure functions in the order they run::

    shapes -> shapes_to_edges (what a reader sees as a line) -> merge_edges
           -> edges_to_components -> component_to_cells (spans from missing borders)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from .records import Edge, Shape
from .settings import TableSettings

# A filled shape no thicker than this is drawn as a line (Excel/Word/browser
# exports draw borders as thin filled rectangles); a wider fill is an area.
THIN = 2.0
# Paint lighter than this (luminance, 1 = white) does not show on white paper.
VISIBLE = 0.95
# Overlapping parallel lines nearer than this are one ruling found in two pieces, not two
# rulings: a ruling is drawn thicker than that, and a blank column between two is a few
# points wide. A scan's line straightened to within a pixel is found so: on 000's second
# page on a bitonal draw (seed 154) the rule under "Registro de establecimientos" came as
# two pieces 0.25 pt apart overlapping 11 pt, and the row below was split in two, its left
# cells a row of their own and every later activity one off (20 values wrong and sure).
SAME_LINE = 1.0


def shapes_to_edges(shapes: Iterable[Shape]) -> Iterator[Edge]:
    """Ruling lines as a reader sees them: visible strokes, and thin visible fills.

    A filled area wider than :data:`THIN` both ways is a cell background, a zebra
    stripe or a header fill, never a ruling line, whatever its colour: its outline
    is where a colour changes, not a border drawn by the producer. Invisible paint
    (white, transparent) draws nothing.
    """
    for s in shapes:
        if s.fill is not None and s.fill < VISIBLE and min(s.x1 - s.x0, s.bottom - s.top) <= THIN:
            yield _bar_to_edge(s.x0, s.top, s.x1, s.bottom)
        if s.stroke is not None and s.stroke < VISIBLE:
            for segment in s.segments:
                edge = _segment_to_edge(*segment)
                if edge:
                    yield edge


# A fill lighter than this is the paper's colour (white, or a scan's paper), not a tint.
TINTED = 0.99
# Two fills whose shades differ by less than this are one colour: no edge shows between them.
SAME_SHADE = 0.02


def fill_edges(shapes: Iterable[Shape]) -> list[Edge]:
    """The horizontal edges where a page's tint changes: the top and bottom of each tinted
    area wider and taller than :data:`THIN`, less where a fill of the same shade continues
    across it (a producer paints a background cell by cell). No ruling is drawn there, but
    a reader sees the rows of a zebra-striped table apart by them (the text alignment:
    ``alignment.phrases_to_blocks``). A scan's fills come from the image
    (``extractors.ocr.image.find_fills``)."""
    fills = [s for s in shapes if s.fill is not None and s.fill < TINTED and s.stroke is None
             and min(s.x1 - s.x0, s.bottom - s.top) > THIN]
    # The fills by the point their top and their bottom lie in: a web print paints every
    # cell (400 fills on a page of Chromium's 004), each edge looks at its neighbours only.
    tops: dict[int, list[Shape]] = {}
    bottoms: dict[int, list[Shape]] = {}
    for f in fills:
        tops.setdefault(int(f.top), []).append(f)
        bottoms.setdefault(int(f.bottom), []).append(f)
    edges: list[Edge] = []
    for f in fills:
        middle = (f.x0 + f.x1) / 2
        for y, beyond, side in ((f.top, bottoms, "bottom"), (f.bottom, tops, "top")):
            near = (g for k in range(int(y) - 2, int(y) + 3) for g in beyond.get(k, ()))
            continued = any(g is not f and abs(getattr(g, side) - y) <= SAME_LINE
                            and abs(g.fill - f.fill) < SAME_SHADE and g.x0 <= middle <= g.x1 for g in near)
            if not continued:
                edges.append(Edge("h", round(f.x0, 3), round(y, 3), round(f.x1, 3), round(y, 3)))
    return edges


def _bar_to_edge(x0: float, top: float, x1: float, bottom: float) -> Edge:
    if x1 - x0 >= bottom - top:
        mid = (top + bottom) / 2
        return Edge("h", round(x0, 3), round(mid, 3), round(x1, 3), round(mid, 3))
    mid = (x0 + x1) / 2
    return Edge("v", round(mid, 3), round(top, 3), round(mid, 3), round(bottom, 3))


def _segment_to_edge(ax: float, ay: float, bx: float, by: float) -> Edge | None:
    """An axis-parallel segment as an edge (coordinates top-left); others are not rulings."""
    if abs(ay - by) < 0.5 and abs(ax - bx) >= 0.5:
        top = round((ay + by) / 2, 3)
        return Edge("h", round(min(ax, bx), 3), top, round(max(ax, bx), 3), top)
    if abs(ax - bx) < 0.5 and abs(ay - by) >= 0.5:
        x0 = round((ax + bx) / 2, 3)
        return Edge("v", x0, round(min(ay, by), 3), x0, round(max(ay, by), 3))
    return None


def _cluster(lines: Sequence[tuple[float, float, float]], tolerance: float) -> dict[float, float]:
    """Map each position to the mean of its cluster: lines ``(pos, start, end)`` within
    `tolerance` of a neighbour are one ruling line drawn a little off.

    Two lines that run side by side over the same stretch are two rulings however
    close they are (a blank column a few points wide in small print), so a cluster
    never takes a position whose lines overlap, along their length, lines already in it,
    unless it lies within ``SAME_LINE`` of them: that is one line found in two pieces.
    """
    by_pos: dict[float, list[tuple[float, float]]] = {}
    for pos, a, b in lines:
        by_pos.setdefault(pos, []).append((a, b))
    out: dict[float, float] = {}
    group: list[float] = []
    extents: list[tuple[float, float]] = []

    def close() -> None:
        mean = sum(group) / len(group)
        out.update((g, mean) for g in group)

    for pos in sorted(by_pos):
        spans = by_pos[pos]
        if group and (pos - group[-1] > tolerance or (pos - group[-1] > SAME_LINE and _overlap(spans, extents))):
            close()
            group, extents = [], []
        group.append(pos)
        extents.extend(spans)
    if group:
        close()
    return out


def _overlap(spans: list[tuple[float, float]], others: list[tuple[float, float]], margin: float = 1.0) -> bool:
    return any(min(b, d) - max(a, c) > margin for a, b in spans for c, d in others)


def merge_edges(edges: Sequence[Edge], settings: TableSettings) -> list[Edge]:
    """Snap nearly-collinear edges to one coordinate and join overlapping or close
    segments; two segments that each end on a crossing line are not joined across
    the gap between those lines (the white space between two tables ruled alike)."""
    h = [e for e in edges if e.orientation == "h" and e.x1 - e.x0 >= settings.min_edge_length]
    v = [e for e in edges if e.orientation == "v" and e.bottom - e.top >= settings.min_edge_length]
    ys = _cluster([(e.top, e.x0, e.x1) for e in h], settings.snap_tolerance)
    xs = _cluster([(e.x0, e.top, e.bottom) for e in v], settings.snap_tolerance)
    h_lines = [(ys[e.top], e.x0, e.x1) for e in h]
    v_lines = [(xs[e.x0], e.top, e.bottom) for e in v]
    merged: list[Edge] = []
    for pos, spans in _group_spans(h_lines):
        merged.extend(Edge("h", a, pos, b, pos)
                      for a, b in _join_spans(spans, settings.join_tolerance, pos, v_lines))
    for pos, spans in _group_spans(v_lines):
        merged.extend(Edge("v", pos, a, pos, b)
                      for a, b in _join_spans(spans, settings.join_tolerance, pos, h_lines))
    return merged


def _group_spans(items: Iterable[tuple[float, float, float]]):
    groups: dict[float, list[tuple[float, float]]] = {}
    for pos, a, b in items:
        groups.setdefault(pos, []).append((a, b))
    return sorted(groups.items())


def _join_spans(spans: list[tuple[float, float]], tolerance: float, pos: float,
                crossing: list[tuple[float, float, float]]) -> list[tuple[float, float]]:
    def on_line(at: float) -> bool:
        return any(abs(c - at) <= _ON and a - _ON <= pos <= b + _ON for c, a, b in crossing)

    out: list[list[float]] = []
    for a, b in sorted(spans):
        if out and (a <= out[-1][1] or (a <= out[-1][1] + tolerance
                                         and not (on_line(out[-1][1]) and on_line(a)))):
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


_ON = 0.5  # an edge end this close to a crossing line ends on it


def _touches(h: Edge, v: Edge, tol: float, v_ends: tuple[bool, bool], h_ends: tuple[bool, bool]) -> bool:
    """Whether a horizontal and a vertical ruling meet, allowing ``tol`` for a line
    drawn a little short. An end that already sits on another line gets no such
    allowance: it stops there, and a second table ruled a few points below (a
    running header's box over the table, small print) is not joined to it."""
    v_top, v_bottom = (v.top if v_ends[0] else v.top - tol), (v.bottom if v_ends[1] else v.bottom + tol)
    h_left, h_right = (h.x0 if h_ends[0] else h.x0 - tol), (h.x1 if h_ends[1] else h.x1 + tol)
    return h_left - _ON <= v.x0 <= h_right + _ON and v_top - _ON <= h.top <= v_bottom + _ON


def _ends_on(a: Edge, crossing: Sequence[Edge]) -> tuple[bool, bool]:
    """Whether each end of `a` lies on one of the `crossing` (perpendicular) lines."""
    if a.orientation == "v":
        def on(y: float) -> bool:
            return any(abs(c.top - y) <= _ON and c.x0 - _ON <= a.x0 <= c.x1 + _ON for c in crossing)
        return on(a.top), on(a.bottom)

    def on_x(x: float) -> bool:
        return any(abs(c.x0 - x) <= _ON and c.top - _ON <= a.top <= c.bottom + _ON for c in crossing)
    return on_x(a.x0), on_x(a.x1)


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
    v_ends = [_ends_on(e, h) for e in v]
    h_ends = [_ends_on(e, v) for e in h]
    for i, he in enumerate(h):
        for j, ve in enumerate(v):
            if _touches(he, ve, tol, v_ends[j], h_ends[i]):
                a, b = find(i), find(len(h) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, list[Edge]] = {}
    for i, e in enumerate(h + v):
        groups.setdefault(find(i), []).append(e)
    return [g for g in groups.values()
            if sum(e.orientation == "h" for e in g) >= 2 and sum(e.orientation == "v" for e in g) >= 2]


def _covered(edges: Sequence[Edge], pos: float, at: float, tol: float, horizontal: bool) -> bool:
    """True when an edge lies on grid line `pos` and covers the point `at` along it.

    Grid lines are the merged edges' own positions, so the position must match
    exactly; only the extent gets the tolerance (neighbouring grid lines may be
    closer than it in small print).
    """
    for e in edges:
        if horizontal:
            if abs(e.top - pos) <= 1e-6 and e.x0 - tol <= at <= e.x1 + tol:
                return True
        elif abs(e.x0 - pos) <= 1e-6 and e.top - tol <= at <= e.bottom + tol:
            return True
    return False


def component_to_cells(component: Sequence[Edge], settings: TableSettings) -> tuple[list[float], list[float], list[tuple[int, int, int, int]], list[list[int]]]:
    """Grid lines of one table, its cells as (row, col, row_span, col_span), and the
    grid slot -> cell index map.

    Grid lines are every distinct x of a vertical edge and y of a horizontal edge;
    two neighbouring grid slots belong to one cell when no edge separates them
    (an edge separates two slots when it runs through the middle of their shared
    side: lines that stop at a border, such as a running header's over a spacer
    row, do not reach into the row beyond it).
    """
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
            while c + col_span < n_cols and not _covered(vs, xs[c + col_span], mid_y, _ON, False):
                col_span += 1
            mid_x = (xs[c] + xs[c + col_span]) / 2
            row_span = 1
            while r + row_span < n_rows and not _covered(hs, ys[r + row_span], mid_x, _ON, True):
                row_span += 1
            for rr in range(r, r + row_span):
                for cc in range(c, c + col_span):
                    owner[rr][cc] = len(cells)
            cells.append((r, c, row_span, col_span))
    return xs, ys, cells, owner
