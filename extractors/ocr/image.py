"""Page images: render, straighten, find ruling lines, paint them out (numpy + OpenCV).

Everything here works on 8-bit greyscale arrays (0 black .. 255 white), rows top
to bottom, and knows nothing of OCR engines or of plans.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .tesseract import INK_LEVEL, MENDING_COLUMN, PALE_INK, TINT_LEVEL, tint_made_paper

# OpenCV picks a SIMD path for the CPU it runs on (AVX2, AVX-512, ...), and its resize and
# warpAffine do not give the same pixels on every path: 004's upside-down scan read 22 of
# its 24 activities on an AVX-512 machine with them, 23 with the baseline path, and the
# suite's floors, measured on another machine, failed here. The baseline path (SSE3) is the
# same on every x86-64 machine, and costs nothing measurable (5.50 and 5.51 s a page on 004).
cv2.setUseOptimized(False)

SKEW_RANGE = 3.0  # degrees either way a scan is searched for skew
SKEW_WORK_PX = 1200  # long side of the copy the skew is measured on
RULING_MIN_PT = 12.0  # a ruling line is a straight run of ink at least this long
RULING_MAX_PT = 3.0  # ... and at most this thick (a thicker block is an area, not a line)
# A bitonal scan (1-bit, thresholded by the scanner) is blurred this much (Gaussian sigma, in
# points: 0.83 px at 300 dpi) before anything else, as a greyscale scanner's optics blur.
BITONAL_BLUR_PT = 0.2


def render_page(page, dpi: int) -> np.ndarray:
    """A pypdfium2 page as a greyscale array at ``dpi``."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        array = bitmap.to_numpy()
        return np.ascontiguousarray(array[:, :, 0] if array.ndim == 3 else array)
    finally:
        bitmap.close()


def hard_edged(gray: np.ndarray) -> bool:
    """Whether a page image is black and white only (a bitonal scan, 1-bit): fewer pixels
    of the greys between ink and paper (16..239) than of ink. A greyscale scan's blur
    puts 1.5-14 times as many pixels in those greys as in ink (every page of the grey
    scans, and tests/external/image.pdf); a bitonal one rendered by PDFium 0.2-0.5 times,
    the few its resampling makes along the edges."""
    # OpenCV's histogram of the sample made contiguous: numpy's bincount 10 ms a page, this 2.
    hist = cv2.calcHist([np.ascontiguousarray(gray[::2, ::2])], [0], None, [256], [0, 256]).ravel().astype(np.int64)
    return int(hist[16:240].sum()) < int(hist[:128].sum())


def soften(gray: np.ndarray, dpi: float) -> np.ndarray:
    """A bitonal page (``hard_edged``) blurred as a greyscale scanner sees it
    (``BITONAL_BLUR_PT``). Every later step was made on grey scans and trips on hard
    edges: turned straight, a 1 px ruling thresholded at a skew is a staircase whose
    steps, at the rulings' 150 dpi, fall in alternate columns (no column dark over 12 pt:
    the line between two columns of a table was not found, and their cells read as
    one), and the engine reads hard-edged glyphs worse."""
    return cv2.GaussianBlur(gray, (0, 0), BITONAL_BLUR_PT * dpi / 72)


def normalize(gray: np.ndarray) -> np.ndarray:
    """Paper white (255) and ink black (0): a scanner's grey paper and dark-grey ink
    stretched to the full range, so that what is painted white later (ruling lines,
    specks) is the paper's colour, not a white stripe the engine could read as a stroke."""
    sample = gray[::4, ::4]
    ink, paper = np.percentile(sample, (0.5, 60))
    if paper - ink < 32:  # a blank or nearly uniform page: leave it
        return gray
    ramp = (np.arange(256, dtype=np.float32) - ink) * (255.0 / (paper - ink))
    return cv2.LUT(gray, np.clip(ramp, 0, 255).astype(np.uint8))


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink as 255, paper as 0 (Otsu's threshold)."""
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return bw


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """The runs of True in a 1-D boolean array, each ``(start, end)`` (end exclusive): a
    word's columns of ink (its letters, where they do not touch) or of paper between them."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


def label_ink(bw: np.ndarray, connectivity: int = 8) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """``cv2.connectedComponentsWithStats`` of ``bw``: count, labels, stats, centroids.

    Labelled in 16 bits when there are fewer than 65535 blots (every page seen),
    which OpenCV does three times faster than in 32 (25 ms a 300 dpi page against
    65-90), with the same labels; in 32 bits when OpenCV finds there are more. A crop
    of no pixels (a box at the page's edge, or of no width) has no blot: the paper's
    row alone, as OpenCV gives for a crop of paper (OpenCV refuses an empty image)."""
    if bw.size == 0:
        return 1, np.zeros(bw.shape, np.uint16), np.zeros((1, 5), np.int32), np.zeros((1, 2))
    try:
        return cv2.connectedComponentsWithStats(bw, connectivity=connectivity, ltype=cv2.CV_16U)
    except cv2.error:
        return cv2.connectedComponentsWithStats(bw, connectivity=connectivity, ltype=cv2.CV_32S)


def uncut_blots(stats: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Which blots of ``stats`` (``label_ink``'s rows, the background's left out) touch no
    edge of a crop of ``shape``: a blot the crop cuts (a ruling's scrap, the next word's
    letter, the line below's) shows only part of its ink."""
    left, top = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    return (left > 0) & (top > 0) & (left + stats[:, cv2.CC_STAT_WIDTH] < shape[1]) \
        & (top + stats[:, cv2.CC_STAT_HEIGHT] < shape[0])


def labelled_as(labels: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values[labels]`` (``values``: uint8, one per label): by OpenCV's lookup table when
    there are at most 256 labels (0.7 ms a 150 dpi page, numpy's indexing 4 ms)."""
    if len(values) > 256:
        return values[labels]
    table = np.zeros(256, np.uint8)
    table[:len(values)] = values
    return cv2.LUT(labels.astype(np.uint8), table)


def resize(gray: np.ndarray, factor: float) -> np.ndarray:
    if factor == 1.0:
        return gray
    h, w = gray.shape
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR)


def estimate_skew(gray: np.ndarray, max_degrees: float = SKEW_RANGE) -> float:
    """The angle (degrees, counter-clockwise) the page was turned by when scanned.

    Projection profile: the page's ink, turned back by the right angle, falls into
    sharp rows (text lines, ruling lines), so the row sums change most abruptly from
    one row to the next. Searched on a binarised copy with a long side of
    ``SKEW_WORK_PX``, in 0.5° steps over ±``max_degrees``, then 0.1° and 0.02° steps.
    """
    small = binarize(resize(gray, min(1.0, SKEW_WORK_PX / max(gray.shape))))
    h, w = small.shape
    centre = (w / 2, h / 2)

    measured: dict[float, float] = {}  # each step's reach ends on angles the step before measured

    def sharpness(angle: float) -> float:
        key = round(angle, 6)
        if key not in measured:
            measured[key] = _sharpness(angle)
        return measured[key]

    def _sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(small, matrix, (w, h), flags=cv2.INTER_NEAREST)
        rows = cv2.reduce(turned, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel()  # numpy's sum: 15x slower
        return float(np.var(np.diff(rows.astype(np.float64))))

    best = 0.0
    for step, reach in ((0.5, max_degrees), (0.1, 0.5), (0.02, 0.1)):
        angles = np.arange(best - reach, best + reach + 1e-9, step)
        best = float(max(angles, key=sharpness))
    return round(-best, 2)


def rotate(gray: np.ndarray, degrees: float) -> np.ndarray:
    """The image turned ``degrees`` clockwise about its centre (undoes a counter-clockwise
    skew of that angle), same size, white where nothing was."""
    if degrees == 0.0:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -degrees, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


@dataclass(frozen=True, slots=True)
class Ruling:
    """A straight line of ink found in the image, in PDF points (origin top-left)."""

    orientation: str  # "h" or "v"
    x0: float
    top: float
    x1: float
    bottom: float


def find_rulings(gray: np.ndarray, dpi: float, full: np.ndarray | None = None) -> tuple[list[Ruling], np.ndarray]:
    """Ruling lines of a straightened page, and the mask of their ink (255 on a line).

    Morphological opening of the binarised image with a long horizontal and a long
    vertical bar (``RULING_MIN_PT``) keeps only straight runs of ink that long;
    each connected run no thicker than ``RULING_MAX_PT`` with paper along both its
    sides (``SIDES_CLEAR`` of its length; text touches a line here and there, a line
    crosses it), or a vertical one with text set against one side (``_hugged_border``),
    is one ruling. Bold letters that blur together at a low resolution
    make straight runs too (along a baseline), but with their letters beside them.
    A line of small bold capitals can blur into a solid bar with paper on both sides;
    on ``full`` (the page at its own resolution, when given) such a bar shows letters:
    its ink across is not ``_even`` along its length.
    """
    bw = binarize(gray)
    length = max(8, round(RULING_MIN_PT * dpi / 72))
    scale = 72 / dpi
    max_px = RULING_MAX_PT * dpi / 72
    runs_found: list[tuple[str, int, int, int, int]] = []
    mask = np.zeros_like(bw)
    factor = None if full is None else full.shape[1] / gray.shape[1]
    for orientation, kernel in (("h", (length, 1)), ("v", (1, length))):
        runs = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        count, labels, stats, _ = label_ink(runs)
        keep = np.zeros(count, np.uint8)
        for label in range(1, count):
            # Python ints, not numpy's: the rulings' points end up in the values' boxes, which
            # must be plain floats to travel (pipeline/outcomes.py refuses numpy scalars).
            x, y, w, h = (int(v) for v in stats[label][:4])
            if _a_ruling(bw, full, factor, orientation, x, y, w, h, max_px):
                runs_found.append((orientation, x, y, w, h))
                keep[label] = 255
        mask |= labelled_as(labels, keep)
        for x, y, w, h, ink in _stepped_runs(bw, orientation, kernel, runs):
            # Paper right beside it too: a line of small print, its letters' feet (or their
            # middles) run together in two rows, has more of its letters there.
            if _a_ruling(bw, full, factor, orientation, x, y, w, h, max_px, close=True):
                runs_found.append((orientation, x, y, w, h))
                mask[y:y + h, x:x + w] |= ink
    rulings = []
    touch = max(1, round(STUB_TOUCH_PT * dpi / 72))
    for (orientation, x, y, w, h), found in zip(_to_crossings(bw, runs_found, length, touch), runs_found):
        # Only the stubs joined are painted besides the runs' own ink: a run's box is wider
        # than its ink where the line runs a pixel off straight.
        if orientation == "v":
            mask[y:found[2], x:x + w] = 255
            mask[found[2] + found[4]:y + h, x:x + w] = 255
        else:
            mask[y:y + h, x:found[1]] = 255
            mask[y:y + h, found[1] + found[3]:x + w] = 255
        rulings.append(Ruling(orientation, x * scale, y * scale, (x + w) * scale, (y + h) * scale))
    return rulings, mask


# A stepped line is pieces at least this share of a ruling's length (``RULING_MIN_PT``)
# long, each in one row, along ``STEPPED_PIECES`` of its length: the hairline of Calc's
# 004 scanned bitonal steps every 18-22 px of the 150 dpi copy (25 px a ruling's length).
# The feet of a line of digits (150 dpi, Chromium's 004 on seed 490, "0.00 ... 7,353.00")
# run together in two rows too, but in pieces of 2-6 px, each a digit's.
STEPPED_PIECE = 3
STEPPED_PIECES = 0.8


def _in_long_pieces(ink: np.ndarray, piece: int) -> bool:
    """Whether the ink of a stepped run (its rows across, along its length) lies in pieces
    at least ``piece`` px long, each in one row, along ``STEPPED_PIECES`` of its length."""
    covered = np.zeros(ink.shape[1], bool)
    for row in ink:
        for start, end in true_runs(row > 0):
            if end - start >= piece:
                covered[start:end] = True
    return float(np.mean(covered)) >= STEPPED_PIECES


def _stepped_runs(bw: np.ndarray, orientation: str, kernel: tuple[int, int], straight: np.ndarray,
                  ) -> list[tuple[int, int, int, int, np.ndarray]]:
    """Runs of ink a ruling's length that step a pixel across as they go (x, y, w, h of
    the copy, and their ink in that box), not found as straight runs: a
    hairline a pixel thick on the page as scanned, on the copy half dark in two rows and
    in one or the other by turns where its last hundredth of a degree of skew lies. No
    row holds it for a ruling's length, so the opening of ``find_rulings`` kept only
    pieces of it, or none. LibreOffice Calc's 004 scanned bitonal (seed 480): the border
    between two activities' rows was found in four pieces over the unit and month
    columns, the next activity's PROGRAMADO line was read as one row with the line above
    it, and five rows naming no activity broke the document's data contract. Here the
    copy's ink is taken with its next row (or column) over it, opened the same way, and
    each stretch of such a run a ruling's length along which ``straight`` (the straight
    runs, found rulings or not: judged already) has none is returned with the ink of its
    two rows (or columns)."""
    both = bw.copy()
    if orientation == "h":
        both[:-1] |= bw[1:]
    else:
        both[:, :-1] |= bw[:, 1:]
    runs = cv2.morphologyEx(both, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
    count, labels, stats, _ = label_ink(runs)
    out = []
    for label in range(1, count):
        x, y, w, h = (int(v) for v in stats[label][:4])
        along = (straight[max(0, y - 1):y + h + 2, x:x + w].any(axis=0) if orientation == "h"
                 else straight[y:y + h, max(0, x - 1):x + w + 2].any(axis=1))
        for start, end in true_runs(~along):
            if end - start < max(kernel):
                continue
            # The stretch's ink: the copy's ink in the run's rows (or columns) and the next.
            sx, sy, sw, sh = (x + start, y, end - start, h + 1) if orientation == "h" else (x, y + start, w + 1, end - start)
            sh, sw = min(sh, bw.shape[0] - sy), min(sw, bw.shape[1] - sx)
            run = (labels[sy:sy + sh, sx:sx + sw] == label).astype(np.uint8) * np.uint8(255)
            if orientation == "h":
                run[1:] |= run[:-1].copy()
            else:
                run[:, 1:] |= run[:, :-1].copy()
            ink = cv2.bitwise_and(bw[sy:sy + sh, sx:sx + sw], run)
            if _in_long_pieces(ink if orientation == "h" else ink.T, max(kernel) // STEPPED_PIECE):
                out.append((sx, sy, sw, sh, ink))
    return out


def _a_ruling(bw: np.ndarray, full: np.ndarray | None, factor: float | None, orientation: str,
              x: int, y: int, w: int, h: int, max_px: float, close: bool = False) -> bool:
    """Whether the straight run of ink at (x, y, w, h) of the copy ``bw`` is a ruling
    (``find_rulings``): no thicker than ``max_px``, with paper along both sides 2 pixels
    beyond it (and right beside it too, ``close``), or a column's border with text set
    against one side, and even along its length on ``full`` (the page ``factor`` times
    larger), when given."""
    if (h if orientation == "h" else w) > max_px:
        return False
    # A row's border runs along its cells, text's feet along a word or two.
    hugged = orientation == "v" or w >= HUGGED_ROW_BORDER_PT * max_px / RULING_MAX_PT
    if close and _paper_along(bw, orientation, x, y, w, h, 1, hugged) is None:
        return False
    clear = _paper_along(bw, orientation, x, y, w, h, 2, hugged)
    if clear is None:
        return False
    # A column's border is judged even where no text is set against it (``EVEN_CLEAR_SHARE``).
    return full is None or _even(full, orientation, x, y, w, h, factor, clear if orientation == "v" else None)


def _paper_along(bw: np.ndarray, orientation: str, x: int, y: int, w: int, h: int, away: int,
                 hugged: bool) -> np.ndarray | None:
    """Along the run, where it has paper ``away`` pixels beyond both sides, when that is
    ``SIDES_CLEAR`` of its length or the run (``hugged``: a vertical one, or a horizontal one
    ``HUGGED_ROW_BORDER_PT`` long) is a border with text set against one side
    (``_hugged_border``); else None."""
    before, after = _paper_beside(bw, orientation, x, y, w, h, away)
    clear = before & after
    if float(np.mean(clear)) >= SIDES_CLEAR or (hugged and _hugged_border(before, after)):
        return clear
    return None


@dataclass(frozen=True, slots=True)
class Fill:
    """An area of the page painted a tint (a cell background, a table's zebra stripe), in
    PDF points (origin top-left), with its shade (luminance: 0 black .. 1 white)."""

    x0: float
    top: float
    x1: float
    bottom: float
    shade: float


# Fills are looked for on a copy of the page this many pixels to the point (72 dpi): a
# fill is many points wide and tall, and its edges are read to the point.
FILL_PX_PER_PT = 1.0
# The paper around the letters, on the normalised page (paper 255): a neighbourhood this
# many points wide and tall takes its lightest pixel (``MORPH_CLOSE``), which on a line of
# text is the paper between its letters or above and below the line; that paper is tinted
# where darker than ``TINT_LEVEL``.
FILL_CLOSE_PT = (5, 9)
# A fill is at least this wide and tall (points), and tinted over this share of its box.
FILL_MIN_PT = (20, 5)
FILL_SOLID = 0.85
# A tinted area less solid than that is cut to its solid rows only when at least this wide
# (points): a row's stripe runs across its table, where small print closed into grey by the
# closing is a few words wide (004 at 150 dpi: 20-50 pt).
FILL_ROW_PT = 100
# Two tints meeting along a row are two fills when their shades differ by this much (of 255,
# the median of each part's rows): Chromium's print of 000 with fills tints its unit's caption
# row 0.938 and the header row under it 0.883 (scanned: 237 and 220); read as one fill, the
# edge between them was lost. A scan's paper varies over one fill by 1-2 levels.
FILL_STEP = 6


def find_fills(gray: np.ndarray, px_per_pt: float) -> list[Fill]:
    """The tinted areas of a straightened, normalised page (paper 255) that could be a
    table's cell backgrounds: rectangles at least ``FILL_MIN_PT``, tinted (``TINT_LEVEL``)
    over ``FILL_SOLID`` of their box. A table whose rows are told apart by their fill (a
    web print's zebra stripes) has no ruling between its rows: the text alignment reads
    its rows from these (``extractors.layout.rulings.fill_edges``)."""
    factor = FILL_PX_PER_PT / px_per_pt
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    width, height = (round(v * FILL_PX_PER_PT) for v in FILL_CLOSE_PT)
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((height, width), np.uint8))
    tinted = cv2.morphologyEx((paper < TINT_LEVEL).astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(tinted, connectivity=4)
    min_w, min_h = (v * FILL_PX_PER_PT for v in FILL_MIN_PT)
    pt = 1 / FILL_PX_PER_PT
    fills = []
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[label])
        if w < min_w or h < min_h:
            continue
        mask = labels[y:y + h, x:x + w] == label
        if area < FILL_SOLID * w * h:
            if w < FILL_ROW_PT * FILL_PX_PER_PT or (solid := _solid_rows(mask, round(min_h))) is None:
                continue
            first, end = solid
            y, h, mask = y + first, end - first, mask[first:end]
        rows = [float(np.median(row[inside])) if inside.any() else 255.0
                for row, inside in zip(paper[y:y + h, x:x + w], mask)]
        for top, bottom in shade_bands(rows, round(min_h)):
            shade = float(np.median(paper[y + top:y + bottom, x:x + w][mask[top:bottom]])) / 255
            fills.append(Fill(x * pt, (y + top) * pt, (x + w) * pt, (y + bottom) * pt, round(shade, 3)))
    return fills


def _solid_rows(mask: np.ndarray, min_rows: int) -> tuple[int, int] | None:
    """The longest run of rows (first, after the last) of a tinted area's box that are each
    tinted along ``FILL_SOLID`` of its width, when ``min_rows`` tall at least: the area with
    the ragged rows the closing joined to it cut off. A line of text set against a zebra
    stripe keeps paper tinted where its letters stand close (the closing takes a
    neighbourhood's lightest pixel, and the stripe's tint is lighter than the letters):
    Chromium's filled 002 at 150 dpi (seed 510) had the row over its last tinted stripe
    joined to it, the two 0.62 tinted over their box, and the stripe was lost with the edge
    between its row and the next."""
    solid = mask.mean(axis=1) >= FILL_SOLID
    runs = true_runs(solid)
    top, bottom = max(runs, key=lambda run: run[1] - run[0], default=(0, 0))
    return (top, bottom) if bottom - top >= min_rows else None


def shade_bands(rows: list[float], min_rows: int) -> list[tuple[int, int]]:
    """The bands (first row, row after the last) of one tinted area that are one tint
    each, by its rows' shades (``rows``, of 255): the area whole, or split in two at the
    row where the shade changes most from the row above, each part ``min_rows`` tall at
    least, when the parts' median shades differ by ``FILL_STEP`` or more (two tints
    meeting: a caption's row over a header's)."""
    if len(rows) < 2 * min_rows:
        return [(0, len(rows))]
    at = max(range(min_rows, len(rows) - min_rows + 1), key=lambda k: abs(rows[k] - rows[k - 1]))
    if abs(float(np.median(rows[:at])) - float(np.median(rows[at:]))) < FILL_STEP:
        return [(0, len(rows))]
    return [(0, at), (at, len(rows))]


# A stub of line between a ruling's end and the ruling across it is taken as the ruling's
# when at least this share of it is inked (a line broken by the scanner), thin as the line.
STUB_INKED = 0.5
# ... and reaches within this many points of one end of the gap (``_to_crossings``): 000's
# bitonal stub touches the ruling above it; the "l" of Calc's caption floats 2 pt from both.
STUB_TOUCH_PT = 1.0


def _to_crossings(bw: np.ndarray, runs: list[tuple[str, int, int, int, int]], max_gap: int, touch: int,
                  ) -> list[tuple[str, int, int, int, int]]:
    """``runs`` (orientation, x, y, w, h of the copy) each extended at either end to the
    ruling across it less than ``max_gap`` pixels away, where the gap holds a stub of
    the line: a scanner's break in a line leaves a piece shorter than a ruling
    (``RULING_MIN_PT``), which is not found, not painted out, and read as a letter
    (000's bitonal month header: the stub of the border before "Jun" read with it "lun").
    The stub must be inked along ``STUB_INKED`` of the gap, in the line's own columns,
    with paper beside it (``_sides_clear``), as a line and not a letter is, and reach one
    end of the gap within ``touch`` pixels: a line breaks off the ruling across it or off
    its own run, where a letter set between the two floats with paper at both ends (the
    "l" of "General" in a caption cell over a column's border, Calc's 003: joined to the
    border, it was painted out, and the unit read "Oficina Genera de Administración")."""
    out = []
    for orientation, x, y, w, h in runs:
        # Work along the run as if it were vertical: (a, b) across, (lo, hi) along.
        a, b, lo, hi = (x, x + w, y, y + h) if orientation == "v" else (y, y + h, x, x + w)
        # The rulings across it, and the pieces of its own line (which it joins when
        # nearer: a line broken twice).
        across = [(ry, ry + rh) if orientation == "v" else (rx, rx + rw)
                  for o, rx, ry, rw, rh in runs
                  if ((rx <= b and a <= rx + rw) if orientation == "v" else (ry <= b and a <= ry + rh))]
        above = [end for start, end in across if 0 < lo - end <= max_gap]
        if above and _stub(bw, orientation, a, b, max(above), lo, touch):
            lo = max(above)
        below = [start for start, end in across if 0 < start - hi <= max_gap]
        if below and _stub(bw, orientation, a, b, hi, min(below), touch):
            hi = min(below)
        lo, hi = _through_crossings(bw, orientation, a, b, lo, hi, across, max_gap, touch)
        out.append((orientation, a, lo, b - a, hi - lo) if orientation == "v" else
                   (orientation, lo, a, hi - lo, b - a))
    return out


# A stub inked along at least this share of the gap between two rulings across it, from
# one to the other, is the line running on (``_through_crossings``).
STUB_WHOLE = 0.9


def _through_crossings(bw: np.ndarray, orientation: str, a: int, b: int, lo: int, hi: int,
                       across: list[tuple[int, int]], max_gap: int, touch: int) -> tuple[int, int]:
    """A run's ends ``lo``..``hi`` carried on past the ruling across each end, to the next
    ruling across, where the gap between the two holds the line whole (``_whole_stub``); as
    often as that goes on. A scanner can break a line just short of a ruling across it, so
    that its piece in the next cell on is a stub, and a cell's text set against that piece
    (a spreadsheet pads a cell by 0.7 pt) makes it a letter's stroke to ``_stub``: the left
    border of the last EJECUTADO line of LibreOffice Calc's 004 scanned bitonal (seed 480)
    was not found, its scrap was read "_J" before the word, and the word fell in the column
    before: the line named no activity and broke the document's data contract. A letter is
    shorter than its cell (a row is padded): it does not reach from one ruling to the next."""
    for _ in range(len(across)):
        ends = [end for start, end in across if start <= hi + touch and end > hi]
        nearest = [start for start, end in across if ends and 0 < start - max(ends) <= max_gap]
        if not (ends and nearest and _whole_stub(bw, orientation, a, b, max(ends), min(nearest), touch)):
            break
        hi = min(nearest)
    for _ in range(len(across)):
        starts = [start for start, end in across if end >= lo - touch and start < lo]
        nearest = [end for start, end in across if starts and 0 < min(starts) - end <= max_gap]
        if not (starts and nearest and _whole_stub(bw, orientation, a, b, max(nearest), min(starts), touch)):
            break
        lo = max(nearest)
    return lo, hi


def _inked_in_gap(bw: np.ndarray, orientation: str, a: int, b: int, lo: int, hi: int) -> np.ndarray | None:
    """Along the gap ``lo``..``hi`` of a line across ``a``..``b``, where the line's own
    columns (or rows) hold ink; None for a gap of no pixels."""
    band = bw[lo:hi, a:b] if orientation == "v" else bw[a:b, lo:hi].T
    return band.any(axis=1) if band.size else None


def _whole_stub(bw: np.ndarray, orientation: str, a: int, b: int, lo: int, hi: int, touch: int) -> bool:
    """Whether the gap ``lo``..``hi`` along a line across ``a``..``b`` is inked in the
    line's own columns (or rows) along ``STUB_WHOLE`` of it, from one end to the other."""
    inked = _inked_in_gap(bw, orientation, a, b, lo, hi)
    return inked is not None and float(np.mean(inked)) >= STUB_WHOLE \
        and bool(inked[:touch].any() and inked[-touch:].any())


def _stub(bw: np.ndarray, orientation: str, a: int, b: int, lo: int, hi: int, touch: int) -> bool:
    """Whether the gap ``lo``..``hi`` along a line across ``a``..``b`` holds a stub of it."""
    inked = _inked_in_gap(bw, orientation, a, b, lo, hi)
    if inked is None:
        return False
    if float(np.mean(inked)) < STUB_INKED or not (inked[:touch].any() or inked[-touch:].any()):
        return False
    if _joined_beside(bw, orientation, a, b, lo + touch, hi - touch):
        return False
    return _sides_clear(bw, orientation, a, lo, b - a, hi - lo) if orientation == "v" else \
        _sides_clear(bw, orientation, lo, a, hi - lo, b - a)


def _joined_beside(bw: np.ndarray, orientation: str, a: int, b: int, lo: int, hi: int) -> bool:
    """Whether the ink across ``a``..``b`` along ``lo``..``hi`` (a stub's rows, short of
    the rulings at the gap's ends) is joined there to ink reaching more than the line's
    width beyond it: a letter's stroke, its bowl or bar going on beside it. A line's stub
    stands alone. Chromium's bordered print of 002 (200 dpi, seed 390) centres "Año 2015"
    over the border of its two columns, a point under the cell's top ruling: the 0's left
    side, inked along 63% of the gap, was taken for the border broken by the scanner, the
    border was run up through the year and painted out over the 0, and the year read
    "Año 2" and "015" in two cells: the page's 2015 values were lost."""
    width = b - a
    reach = 2 * width + 2
    start = max(0, a - reach)
    area = bw[lo:hi, start:b + reach] if orientation == "v" else bw[start:b + reach, lo:hi].T
    if area.size == 0 or hi <= lo:
        return False
    _, labels, stats, _ = label_ink(area)
    own = np.unique(labels[:, a - start:b - start])
    own = own[own != 0]
    left, right = stats[own, cv2.CC_STAT_LEFT], stats[own, cv2.CC_STAT_LEFT] + stats[own, cv2.CC_STAT_WIDTH]
    return bool(((left < a - start - width) | (right > b - start + width)).any())


SIDES_CLEAR = 0.6
# A line's ink across (``_ink_across``) is the same (±1 px) along at least this share of its
# length. Measured on the committed scans (300 dpi grey and bitonal, 150 dpi grey): drawn
# lines 0.82-1.00, lines of small bold capitals blurred into a bar 0.17-0.79.
EVEN = 0.8
# ... within this many pixels: a pixel's darkness is measured in steps of 1/255 against the
# paper beside it, so a line of whole pixels sums to its width within a few hundredths. A
# bitonal scan's line is 2 px across here and 3 px there (the threshold's staircase): on
# 002's last page of the bitonal seed-155 draw the border of the first column summed 2.004
# and 3.005, failed the bare 1 px by 0.001 along 22% of its length, and was not found: the
# column was read with the next one, and the page's four rows of amounts went to quarantine.
EVEN_PX = 1.02


# A column's border is judged even along the stretches with paper beside it when they are
# at least this share of its length: cells' numbers set against it (a spreadsheet's
# right-aligned amounts, 0.7 pt away) add their ink to its own. Three month columns'
# borders of a LibreOffice Calc print of 004, scanned at 300 dpi grey, were even along
# 0.75-0.79 of their length (0.8 asked), with paper beside them along 0.73-0.75: they were
# not found, and the rows' amounts of those columns were read two cells in one.
EVEN_CLEAR_SHARE = 0.3


def _even(gray: np.ndarray, orientation: str, x: int, y: int, w: int, h: int, factor: float,
          clear: np.ndarray | None = None) -> bool:
    """Whether the run at (x, y, w, h) of the copy is as thick all along in ``gray`` (the
    page ``factor`` times larger), as a drawn line is and a line of letters is not.
    ``clear``: along the run in the copy, where it has paper beside it; the thickness is
    judged there alone when that is ``EVEN_CLEAR_SHARE`` of it or more."""
    across = _ink_across(gray, orientation, x, y, w, h, factor)
    if clear is not None and clear.size and float(np.mean(clear)) >= EVEN_CLEAR_SHARE:
        along = np.minimum((np.arange(across.size) / factor).astype(int), clear.size - 1)
        across = across[clear[along]]
    across = across[across >= 0.5]
    if across.size == 0:
        return False
    return float(np.mean(np.abs(across - np.median(across)) <= EVEN_PX)) >= EVEN


def _ink_across(gray: np.ndarray, orientation: str, x: int, y: int, w: int, h: int, factor: float,
                grow: int = 2) -> np.ndarray:
    """The ink across the run at (x, y, w, h) of the copy, in pixels of ``gray`` (the page
    ``factor`` times larger), at each pixel along it: the darkness of each cross-section
    (``grow`` pixels of paper either side) against its lightest pixel, summed. Blur and
    where the line falls between pixels spread its ink without changing the sum: the
    count of pixels past a threshold does change (a 150 dpi scan's line, 2 px of the
    copy, counted 4 px or 6 px across at 300 dpi from one row to the next), and so does
    the paper's grey (a line through a grey fill)."""
    x0, y0 = int(x * factor), int(y * factor)
    x1, y1 = round((x + w) * factor), round((y + h) * factor)
    if orientation == "v":
        x0, x1 = max(0, x0 - grow), x1 + grow
    else:
        y0, y1 = max(0, y0 - grow), y1 + grow
    band = gray[y0:y1, x0:x1].astype(np.float32)
    if orientation == "h":
        band = band.T
    paper = band.max(axis=1, keepdims=True)
    return np.clip((paper - band) / np.maximum(paper, 1.0), 0.0, 1.0).sum(axis=1)


# A column's border may have its cells' text set against one side of it (a spreadsheet
# pads a cell by 0.7 pt): that side is paper only between the text's lines and beside
# short words. On a LibreOffice Calc print of 004 scanned at 300 dpi grey, the first
# column's border had paper beside both sides along 0.59 of its length (0.6 asked): it was
# not found, and the column of codes and names was lost to the table. Letters never stack
# into a vertical run as long as a ruling, so a vertical run with paper along
# ``SIDES_CLEAR`` of one side is a ruling when the other side is paper along at least this
# share.
HUGGED_SIDE_CLEAR = 0.2
# A horizontal run is a row's border with text set against one side when at least this long
# (points): the feet (or tops) of a line of letters blur into runs along a word or two, at
# most 26 pt on the 443 pages of the committed scans and seed 520's prints (150-300 dpi),
# where Chromium's upper-case bordered 002 at 150 dpi sets its measure labels against the
# 471 pt border beneath its years: not found, and both labels were read into the year's
# cell (two values of one period: its budget table lost).
HUGGED_ROW_BORDER_PT = 48.0


def _paper_beside(bw: np.ndarray, orientation: str, x: int, y: int, w: int, h: int,
                  away: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Along the run at (x, y, w, h), where it has paper ``away`` pixels beyond each side
    (above and below a horizontal run, left and right of a vertical one)."""
    if orientation == "h":
        return bw[max(0, y - away), x:x + w] == 0, bw[min(bw.shape[0] - 1, y + h - 1 + away), x:x + w] == 0
    return bw[y:y + h, max(0, x - away)] == 0, bw[y:y + h, min(bw.shape[1] - 1, x + w - 1 + away)] == 0


def _sides_clear(bw: np.ndarray, orientation: str, x: int, y: int, w: int, h: int, away: int = 2) -> bool:
    """Whether the run at (x, y, w, h) has paper ``away`` pixels beyond both sides
    along at least ``SIDES_CLEAR`` of its length."""
    before, after = _paper_beside(bw, orientation, x, y, w, h, away)
    return float(np.mean(before & after)) >= SIDES_CLEAR


def _hugged_border(before: np.ndarray, after: np.ndarray) -> bool:
    """Whether a vertical run (or a long horizontal one, ``HUGGED_ROW_BORDER_PT``) with paper
    beside it where ``before`` and ``after`` say (``_paper_beside``) is a border with its
    cells' text set against one side:
    paper along ``SIDES_CLEAR`` of one side and ``HUGGED_SIDE_CLEAR`` of the other. Only
    for a run a ruling's length: a stub between rulings (``_stub``) is judged on both
    sides, as it may be the stem of a letter in a title."""
    clear = sorted((float(np.mean(before)), float(np.mean(after))))
    return clear[1] >= SIDES_CLEAR and clear[0] >= HUGGED_SIDE_CLEAR


def binarize_on_paper(gray: np.ndarray, reach_px: int) -> np.ndarray:
    """Ink as 255, paper as 0, against the paper around each pixel: Otsu's threshold
    scaled by the lightest pixel within ``reach_px`` where that is lighter than the
    threshold (a grey fill), the threshold itself elsewhere (white paper, solid ink).
    A speck's blur thresholds against a grey fill as against white paper: against the
    page's threshold more of it passes on the fill (a 2 px speck on 208 came out 4 px
    across), and it is kept as a mark."""
    threshold, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    paper = cv2.dilate(gray, np.ones((2 * reach_px + 1, 2 * reach_px + 1), np.uint8))
    level = np.arange(256, dtype=np.float32)
    limit = np.where(level > threshold, threshold * level / 255, threshold).astype(np.uint8)
    return cv2.compare(gray, cv2.LUT(paper, limit), cv2.CMP_LE)


def despeckle(gray: np.ndarray, dpi: float, speck_pt: float = 0.8, reach_pt: float = 1.0,
              beside_pt: float = 2.0, level_pt: float = 0.5, thresholded: bool = False) -> np.ndarray:
    """``gray`` without specks: blots of ink smaller than ``speck_pt`` across with no
    other ink within ``reach_pt`` (dust and scanner noise read as "." ":" "'"), measured
    against the paper around them (a grey fill too). A printed full stop sits close to
    the letters of its word and stays. On a ``thresholded`` (bitonal) scan so does a blot
    on the baseline of ink beside it (its bottom level with theirs within ``level_pt``, at
    most ``beside_pt`` away along the line): the scanner's threshold thins points and
    digits alike, a decimal point is 3 px across (under ``speck_pt``) and 5 px from its
    digits ("100.0%", "$0.00"), past ``reach_pt`` (4 px at 300 dpi), and its bottom can
    stand 2 px above theirs (002's "$2,000.00": the point's bottom thinned by a pixel more
    than the round 0s' beside it; with 1 px it was painted out and the amount read as
    "$2,000" and "00"): level within ``LEVEL_SHARE`` of their height, at least 1 px and
    at most ``level_pt``. A grey scan blurs
    the same point to 4 px, kept by its size; there the baseline test would only keep
    specks beside a word's last letter (003's "NORMATIVOS Y ATENCIÓN" read "Y.")."""
    bw = binarize_on_paper(gray, max(1, round(reach_pt * dpi / 72)))
    _, labels, stats, _ = label_ink(bw)
    speck_px = speck_pt * dpi / 72
    small = (stats[:, cv2.CC_STAT_WIDTH] <= speck_px) & (stats[:, cv2.CC_STAT_HEIGHT] <= speck_px)
    small[0] = False
    reach = max(1, round(reach_pt * dpi / 72))
    beside = max(reach, round(beside_pt * dpi / 72))
    level = max(1, round(level_pt * dpi / 72))
    bottoms = stats[:, cv2.CC_STAT_TOP] + stats[:, cv2.CC_STAT_HEIGHT]
    near = np.ones((2 * reach + 1, 2 * reach + 1), np.uint8)
    grow = np.ones((3, 3), np.uint8)
    h, w = bw.shape
    out = gray
    stack = round(STACK_PT * dpi / 72)
    candidates = np.flatnonzero(small)
    alone = _alone(bw, stats, candidates, reach, DASH_REACH * reach, stack)
    # Each small blot looked at in its own box (a few hundred a page, against whole-page
    # masks): it is a speck when no pixel of it is within ``reach`` of a blot not small.
    # A blot with no other ink wherever the tests look (``_alone``) is one without them.
    boxes = stats[:, :4].tolist()
    for label, lone in zip(candidates.tolist(), alone.tolist()):
        x, y, bw_, bh = boxes[label]
        if not lone:
            x0, y0, x1, y1 = max(0, x - reach), max(0, y - reach), min(w, x + bw_ + reach), min(h, y + bh + reach)
            window = labels[y0:y1, x0:x1]
            other = (window != 0) & ~small[window]
            if other.any() and cv2.dilate(other.view(np.uint8), near)[window == label].any():
                continue
            if _between_letters(labels, stats, small, label, DASH_REACH * reach, gray) or \
                    _stacked_dot(labels, small, stats, label, stack, speck_px) or \
                    _in_a_colon(labels, stats, small, label, DASH_REACH * reach) or \
                    _in_a_thin_semicolon(labels, stats, small, label, stack, DASH_REACH * reach):
                continue
        if thresholded:
            # Beside it along its line: the blots (not small) in its rows within ``beside``.
            row = np.unique(labels[max(0, y + bh - 1 - level):y + bh, max(0, x - beside):min(w, x + bw_ + beside)])
            row = row[(row != 0) & ~small[row]]
            # Level within a tenth of their height (at most ``level``): 2 px beside 002's 23 px
            # digits, 1 px beside 004's 11-13 px letters, where 2 px kept specks as marks.
            if np.any(np.abs(bottoms[row] - (y + bh)) <= np.clip(np.rint(LEVEL_SHARE * stats[row, cv2.CC_STAT_HEIGHT]),
                                                                 1, level)):
                continue
        if out is gray:
            out = gray.copy()
        # Painted grown by a pixel: its grey fringe would be read as a fainter speck.
        x0, y0, x1, y1 = max(0, x - 1), max(0, y - 1), min(w, x + bw_ + 1), min(h, y + bh + 1)
        mine = cv2.dilate((labels[y0:y1, x0:x1] == label).view(np.uint8), grow)
        out[y0:y1, x0:x1][mine > 0] = 255
    return out


def _alone(bw: np.ndarray, stats: np.ndarray, labels: np.ndarray, reach: int, far: int, stack: int) -> np.ndarray:
    """For each blot of ``labels`` (its ``stats``, ``label_ink``'s of ``bw``), whether
    ``bw`` holds no other ink in any of the places ``despeckle`` looks for its letters:
    within ``reach`` of its box (a letter near it), in its rows up to ``far`` (plus the
    6 px ``pale_extent`` can widen it by) on its left and on its right (``_between_letters``,
    whose letters must be on both sides: no ink on one side is enough), below it within
    ``stack`` rows (``_stacked_dot``) and in its columns as far as ``_in_a_colon`` looks for
    a second dot. Such a blot is a speck by every one of those tests, which need not be run
    (most of a page's 1,000-1,300 small blots, 50-75 us each in Python); the ink in each
    place is counted at once for all blots on the page's integral image (4 ms)."""
    if labels.size == 0:
        return np.zeros(0, bool)
    total = cv2.integral((bw != 0).view(np.uint8), sdepth=cv2.CV_32S)
    rows, cols = bw.shape
    x, y = stats[labels, cv2.CC_STAT_LEFT].astype(np.int64), stats[labels, cv2.CC_STAT_TOP].astype(np.int64)
    w, h = stats[labels, cv2.CC_STAT_WIDTH].astype(np.int64), stats[labels, cv2.CC_STAT_HEIGHT].astype(np.int64)
    area = stats[labels, cv2.CC_STAT_AREA].astype(np.int64)

    def ink(x0, y0, x1, y1):
        x0, x1 = np.clip(x0, 0, cols), np.clip(x1, 0, cols)
        y0, y1 = np.clip(y0, 0, rows), np.clip(y1, 0, rows)
        x1, y1 = np.maximum(x0, x1), np.maximum(y0, y1)
        return total[y1, x1] - total[y0, x1] - total[y1, x0] + total[y0, x0]

    _, hi = COLON_GAP
    pale = 2 * PALE_REACH  # the most ``pale_extent`` widens a blot by (its window)
    alone = ink(x - reach, y - reach, x + w + reach, y + h + reach) == area  # only its own ink near it
    alone &= (ink(x - far, y, x, y + h + pale) == 0) | (ink(x + w, y, x + w + pale + far, y + h + pale) == 0)
    alone &= ink(x, y + h, x + w, y + h + stack) == 0
    # ``_in_a_colon``'s window, which holds the blot's own ink
    alone &= ink(x, y - (hi * h).astype(np.int64) - 2 * h, x + w, y + 3 * h + (hi * h).astype(np.int64)) == area
    return alone


LEVEL_SHARE = 0.1  # a thinned point's bottom is level with its digits' within this share of their height
DASH_REACH = 3  # a hyphen's letters are at most this many times a speck's reach away
DASH_MIDDLE = 0.25  # ... and it sits this far (share of their height) from their top and bottom
# ... and is at least this share of their height wide: a hyphen is 0.25-0.35 em wide, so a
# blot as small as a speck can be one only in print so small that its letters are at most
# five times as tall (004's 3-4 pt: 3 px against 11). A speck in the wider space of 8-10 pt
# print (003's "DECRETO SUPREMO", read "DECRETO:SUPREMO") is no hyphen.
DASH_WIDTH = 0.2


# The dot of a semicolon stands this far (points) at most above its comma: about half an
# x-height (2 pt in 003's 8 pt capitals).
STACK_PT = 3.0
# ... a blot larger than a speck but no wider than this many specks, nor taller than
# STACK_TALL (a comma's tail): a letter is taller.
STACK_WIDE = 2.0
STACK_TALL = 3.0


def _stacked_dot(labels: np.ndarray, small: np.ndarray, stats: np.ndarray, label: int, far: int,
                 speck_px: float) -> bool:
    """Whether the small blot ``label`` is the dot of a semicolon: a blot of a comma's size,
    not small (``STACK_WIDE``, ``STACK_TALL`` specks), straight below it (their columns
    overlapping), at most ``far`` pixels away. 003's "LABORAL;" on the bitonal scan read at
    299 dpi: the semicolon's dot thinned by the threshold to 3 px (at 300 dpi 4 px, over a
    speck's 0.8 pt), 8 px above its comma and far from every letter, was painted out, and
    the engine read "LABORAL," (0.99 sure). Two small blots one above the other are not
    enough: the scanner's specks come so in pairs, 30-60 a page (a colon's two dots sit
    within a letter's reach on the samples' scans)."""
    x, y, w, h = (int(v) for v in stats[label, :4])
    for other in np.unique(labels[y + h:y + h + far, x:x + w]):
        if other in (0, label) or small[other]:
            continue
        ow, oh = int(stats[other, cv2.CC_STAT_WIDTH]), int(stats[other, cv2.CC_STAT_HEIGHT])
        if ow <= STACK_WIDE * speck_px and oh <= STACK_TALL * speck_px:
            return True
    return False


def _between_letters(labels: np.ndarray, stats: np.ndarray, small: np.ndarray, label: int, far: int,
                     gray: np.ndarray | None = None) -> bool:
    """Whether the small blot ``label`` sits like a hyphen between two letters: no taller
    than wide, a blot not small on its left and on its right within ``far`` pixels on its
    rows (its letters), the blot at least a fifth of their height wide (``DASH_WIDTH``),
    and its middle within the middle half of their height.
    On 004's 3-4 pt print the dash of "AOI00106600132 - SEGUIMIENTO" scans as a faint
    3 by 3 px blot, 5-7 px (more than a point) from the letters around it: painted out
    as a speck, the code and the name were read as one (no " - " to split them).
    Its width and height are measured on its paler ink (``pale_extent``): on the seed-13
    draw the faint dash of "AOI00106600095 - GESTIÓN" thresholds to 2 by 2 px (under a
    fifth of its letters' 11 px), 4 by 2 px darker than ``PALE_INK``; a speck's sharp
    edge is as small at both levels."""
    x, y, w, h = (int(v) for v in stats[label, :4])
    middle = y + h / 2
    if gray is not None:
        w, h = pale_extent(gray, x, y, w, h)
    if h > w:
        return False
    for band in (labels[y:y + h, max(0, x - far):x][:, ::-1], labels[y:y + h, x + w:x + w + far]):
        letters = (band != 0) & ~small[band]
        cols = np.flatnonzero(letters.any(axis=0))
        if cols.size == 0:
            return False
        neighbour = int(band[:, cols[0]][letters[:, cols[0]]][0])  # the nearest
        top, tall = int(stats[neighbour, cv2.CC_STAT_TOP]), int(stats[neighbour, cv2.CC_STAT_HEIGHT])
        if w < DASH_WIDTH * tall or not top + DASH_MIDDLE * tall <= middle <= top + (1 - DASH_MIDDLE) * tall:
            return False
    return True


COLON_GAP = (0.5, 3.0)  # paper between a colon's dots, in dot heights (1.7 on 004's 3-4 pt print)
COLON_LETTER = 2.0  # the letter before a colon is at most this many times as tall as the colon (a ruling is taller)


def _in_a_colon(labels: np.ndarray, stats: np.ndarray, small: np.ndarray, label: int, far: int) -> bool:
    """Whether the small blot ``label`` is one dot of a colon: another small blot of its
    size (within a pixel) straight above or below it, ``COLON_GAP`` of paper between
    them, and the letter it follows (a blot not small, at most ``COLON_LETTER`` times as
    tall as the colon: not a ruling) within ``far`` pixels on its left, its rows holding
    both dots. On 004's 3-4 pt print a colon's dots scan as 3 by 3 px
    blots 5 px apart, each more than a point from every letter: both were painted out as
    specks ("SECTOR : 12", "PLIEGO : 012" read "SECTOR 12", "PLIEGO 012", and "UE:" read
    "UE."), and the header's lines, their words a column gap apart, were read as a table,
    whose cell then held the executing unit that no line named. Two specks of one size
    stacked a dot apart after a letter are rare (the committed draw of 004 has one pair,
    before a ruling); a single speck (003's "DECRETO:SUPREMO", when a speck in a space was
    kept) is never a colon."""
    x, y, w, h = (int(v) for v in stats[label, :4])
    lo, hi = COLON_GAP
    rows = labels.shape[0]
    window = labels[max(0, y - int(hi * h) - 2 * h):min(rows, y + 3 * h + int(hi * h)), x:x + w]
    for other in np.unique(window[window != 0]):
        if other == label or not small[other]:
            continue
        ox, oy, ow, oh = (int(v) for v in stats[other, :4])
        gap = oy - (y + h) if oy > y else y - (oy + oh)
        if abs(ow - w) > 1 or abs(oh - h) > 1 or abs(ox - x) > 1 or not lo * h <= gap <= hi * h:
            continue
        if _after_a_letter(labels, stats, small, x, min(y, oy), max(y + h, oy + oh), far):
            return True
    return False


def _after_a_letter(labels: np.ndarray, stats: np.ndarray, small: np.ndarray, x: int, top: int, bottom: int,
                    far: int, tall: int | None = None) -> bool:
    """Whether a letter (a blot not small, at most ``COLON_LETTER`` times as ``tall`` as the
    mark, by default ``bottom - top``: not a ruling) stands within ``far`` pixels left of
    column ``x``, its rows holding ``top`` to ``bottom`` (a colon's dots; a semicolon's dot
    and its comma's top)."""
    band = labels[top:bottom, max(0, x - far):x]
    for letter in np.unique(band[band != 0]):
        lt, lh = int(stats[letter, cv2.CC_STAT_TOP]), int(stats[letter, cv2.CC_STAT_HEIGHT])
        if not small[letter] and lt <= top + 1 and bottom - 1 <= lt + lh \
                and lh <= COLON_LETTER * (tall or bottom - top):
            return True
    return False


def _in_a_thin_semicolon(labels: np.ndarray, stats: np.ndarray, small: np.ndarray, label: int, stack: int,
                         far: int) -> bool:
    """Whether the small blot ``label`` is the dot or the comma of a semicolon both of whose
    parts are specks' size (``_stacked_dot`` asks a comma larger): the two stacked, their
    columns overlapping, at most ``stack`` pixels apart, the lower one taller than the upper
    (a comma's tail under a dot) and than it is wide, after a letter (``_after_a_letter``).
    Chromium's upper-case bordered 004 at 300 dpi (seed 470): the thin semicolon of
    "POBLACIÓN;" scanned as a 2 by 1 px dot over a 2 by 3 px comma; the dot was painted out
    and the heading of 9 activities read "POBLACIÓN,"."""
    x, y, w, h = (int(v) for v in stats[label, :4])
    rows = labels.shape[0]
    window = labels[max(0, y - stack):min(rows, y + h + stack), x:x + w]
    for other in np.unique(window[window != 0]):
        if other == label or not small[other]:
            continue
        ox, oy, ow, oh = (int(v) for v in stats[other, :4])
        (ux, uy, uw, uh), (lx, ly, lw, lh) = sorted(((x, y, w, h), (ox, oy, ow, oh)), key=lambda b: b[1])
        if ly < uy + uh or ly - (uy + uh) > stack or lh <= uh or lh <= lw:
            continue
        if _after_a_letter(labels, stats, small, min(ux, lx), uy, ly + 1, far, ly + lh - uy):
            return True
    return False


PALE_REACH = 3  # pixels around a blot that its paler ink is looked for in (pale_extent)


def pale_extent(gray: np.ndarray, x: int, y: int, w: int, h: int) -> tuple[int, int]:
    """The width and height of the ink darker than ``PALE_INK`` joined to the blot in
    the box ``x, y, w, h`` (looked at within ``PALE_REACH`` px of it): a faint mark's blur,
    which the threshold leaves out."""
    pale = _pale_bounds(gray, (x, y, x + w, y + h))
    return (w, h) if pale is None else (max(w, pale[2] - pale[0]), max(h, pale[3] - pale[1]))


def pale_box(gray: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """``box`` (pixels: x0, top, x1, bottom) grown over the ink darker than ``PALE_INK``
    joined to the ink in it (looked at within ``PALE_REACH`` px of it)."""
    pale = _pale_bounds(gray, box)
    if pale is None:
        return box
    return min(box[0], pale[0]), min(box[1], pale[1]), max(box[2], pale[2]), max(box[3], pale[3])


def _pale_bounds(gray: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """The box (pixels) of the blots of ink darker than ``PALE_INK`` that reach into ``box``,
    within ``PALE_REACH`` px of it; None when none does."""
    x, y, bx1, by1 = box
    rows, cols = gray.shape
    x0, y0 = max(0, x - PALE_REACH), max(0, y - PALE_REACH)
    window = (gray[y0:min(rows, by1 + PALE_REACH), x0:min(cols, bx1 + PALE_REACH)] < PALE_INK).astype(np.uint8)
    _, labels, stats, _ = label_ink(window)
    inside = labels[y - y0:by1 - y0, x - x0:bx1 - x0]
    mine = np.unique(inside[inside != 0])
    if mine.size == 0:
        return None
    left = min(int(stats[m, cv2.CC_STAT_LEFT]) for m in mine)
    top = min(int(stats[m, cv2.CC_STAT_TOP]) for m in mine)
    right = max(int(stats[m, cv2.CC_STAT_LEFT] + stats[m, cv2.CC_STAT_WIDTH]) for m in mine)
    bottom = max(int(stats[m, cv2.CC_STAT_TOP] + stats[m, cv2.CC_STAT_HEIGHT]) for m in mine)
    return x0 + left, y0 + top, x0 + right, y0 + bottom


# The engine thresholds a page by Otsu's method over the whole of it. On a page of print
# that threshold falls between ink and paper (145-192 on the 300 dpi grey scans of seven
# producers' prints); above this it falls between a tint and the paper, and the tint is
# taken for ink (``tint_as_paper``).
TINT_TAKEN_FOR_INK = 210


def tint_as_paper(gray: np.ndarray) -> np.ndarray:
    """``gray`` as the engine is to threshold a whole page of it: as it is, unless Otsu's
    threshold over it takes a tint for ink (``TINT_TAKEN_FOR_INK``); then the tint (the
    commonest level under that threshold) and every level above it, less ``TINT_SPREAD``,
    are made paper (``tint_made_paper``). Typst's 004 on the seed-201 draw ends its table on
    a page of its own, one activity under a grey header: the threshold came out at 227, the
    header cells were read as black boxes and the print in them as nothing, the print
    elsewhere bold ("2.00" read "200"), and the engine found 31 words of the page's 80, too
    unsure to read the page again (``legible``)."""
    threshold, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    if threshold < TINT_TAKEN_FOR_INK:
        return gray
    return tint_made_paper(gray, int(np.argmax(cv2.calcHist([gray], [0], None, [int(threshold)],
                                                               [0, int(threshold)]))))


# A line's column (row) of ink over at least this share of its length is its edge.
LINE_EDGE_SHARE = 0.5
# Print in a line's grown mask is kept when joined to this many pixels of ink beyond it,
# within BEYOND_PX of it (``print_in_the_margin``).
BEYOND_MIN_PX = 5
BEYOND_PX = 3


def paint_out(gray: np.ndarray, mask: np.ndarray, rulings: list[Ruling] = (), px_per_pt: float = 1.0,
              grow_px: int = 2) -> np.ndarray:
    """``gray`` with the mask's pixels (scaled to its size, grown by ``grow_px``) white, but
    for the print set against each of ``rulings`` (points; ``px_per_pt``: ``gray``'s pixels
    to the point), kept (``print_in_the_margin``)."""
    h, w = gray.shape
    if mask.shape != gray.shape:
        mask = cv2.resize(mask, (w, h), interpolation=cv2.INTER_NEAREST)
    grown = mask
    if grow_px:
        grown = cv2.dilate(mask, np.ones((2 * grow_px + 1, 2 * grow_px + 1), np.uint8))
    painted = grown.copy() if rulings else grown
    reach = grow_px + BEYOND_PX  # the grown mask and the page beyond it
    run_px = round(RULING_MIN_PT * px_per_pt)
    for r in rulings:
        x0, top = int(r.x0 * px_per_pt), int(r.top * px_per_pt)
        x1, bottom = int(np.ceil(r.x1 * px_per_pt)), int(np.ceil(r.bottom * px_per_pt))
        rows, cols = slice(max(0, top - reach), min(h, bottom + reach)), slice(max(0, x0 - reach), min(w, x1 + reach))
        painted[rows, cols][print_in_the_margin(gray[rows, cols], mask[rows, cols], grown[rows, cols], run_px)] = 0
    return cv2.max(gray, cv2.compare(painted, 0, cv2.CMP_GT))  # 255 on the mask, the page elsewhere


def print_in_the_margin(gray: np.ndarray, line: np.ndarray, grown: np.ndarray, run_px: int) -> np.ndarray:
    """Where ``grown`` (a line's mask ``line``, grown) holds ink (``INK_LEVEL``) that is not
    the line's: joined, outside the line's own mask, to at least ``BEYOND_MIN_PX`` pixels of
    ink beyond the grown one (a boolean mask). The mask is grown to take the line's blurred
    edges, which the engine reads as "|" or "[", and such an edge lies inside the grown mask
    (a column of ink along the line: ``LINE_EDGE_SHARE``, ``run_px``); a letter set against
    the line reaches beyond it. LibreOffice Calc sets a cell's text a pixel or two from its
    left border: at 200 dpi (seeds 310 and 350, 004) the grown mask of the border took the
    stems of the first letters of every line of a wrapped name, read "ROMOVER", "¡ABORALES",
    ">OBLACIÓN;", ">ARTICULARMENTE", "MPLEMENTACIÓN". Kept too: a mark set against a
    horizontal line, darker than its blurred edge (``marks_on_the_edge``)."""
    ink = (gray < INK_LEVEL) & (line == 0)
    # A column (a row, along a horizontal line) inked over most of the line's length, or in a
    # straight run as long as a ruling (``run_px``), is the line's own edge, its blur darker
    # than ``INK_LEVEL`` there: never print (a letter's stem is shorter).
    along = 0 if gray.shape[0] >= gray.shape[1] else 1
    edge = ink.mean(axis=along) >= LINE_EDGE_SHARE
    ink &= ~(edge[None, :] if along == 0 else edge[:, None])
    runs = cv2.morphologyEx(ink.view(np.uint8), cv2.MORPH_OPEN,
                            np.ones((run_px, 1) if along == 0 else (1, run_px), np.uint8))
    ink &= runs == 0
    count, labels = cv2.connectedComponents(ink.view(np.uint8), connectivity=8)
    if count < 2:
        return np.zeros_like(ink)
    # Joined to print beyond the grown mask: a letter reaches out of it by more than a speck,
    # which the line's margin cuts off at a pixel or two (a speck set on a table's top border,
    # Chromium's bordered 001 on seed 370, was boxed with the caption's "DE" above it).
    beyond = np.bincount(labels[ink & (grown == 0)], minlength=count)
    joined = beyond >= BEYOND_MIN_PX
    joined[0] = False
    return (joined[labels] & (grown > 0)) | marks_on_the_edge(gray, line, grown, along, run_px)


def marks_on_the_edge(gray: np.ndarray, line: np.ndarray, grown: np.ndarray, along: int, run_px: int) -> np.ndarray:
    """Where the grown mask of a horizontal line (``along`` 1; ``print_in_the_margin``'s
    crop, ``line`` the rulings' own mask in it) holds the foot of an accent set against it
    (``accent_feet``), below it or, on a page scanned upside down, above it - a boolean
    mask. The acute of a capital on a cell's first line can touch the border above it:
    Chromium's upper-case bordered print (seed 470 at 300 dpi, seeds 200, 390 and 430 at
    200) had the accents of "CAPACITACIÓN", "SUPERVISIÓN", "TÉCNICA" ... so set painted out
    with the border, but for their pale tips, under ``INK_LEVEL``, and up to 15 of 003's 23
    activities were read without them. The page's way up is not known yet when its lines
    are painted out (the engine finds it on the painted page)."""
    if along != 1:
        return np.zeros(gray.shape, bool)
    return accent_feet(gray, line, grown, run_px) | accent_feet(gray[::-1], line[::-1], grown[::-1], run_px)[::-1]


def accent_feet(gray: np.ndarray, line: np.ndarray, grown: np.ndarray, run_px: int) -> np.ndarray:
    """Where the grown mask of a horizontal line (``marks_on_the_edge``) holds the foot of an
    accent under it: ink in the margin below the line darker by ``EDGE_MARK_DELTA`` than the
    line's margin beside it (its mean over ``run_px`` either way along the line),
    ``EDGE_MARK_MIN_PX`` pixels of it at least over ``EDGE_MARK_COLUMNS`` columns, running on
    below the grown mask down every row the crop holds there as a paler tip (darker than
    ``EDGE_TAIL_LEVEL``, nowhere darker than ``EDGE_TIP_LEVEL``). The line's own blurred
    edge is as dark along its length as beside the accent; a crossing line's columns below
    it (and its edges, ``EDGE_CROSS_PX`` either side) are left out; a speck on the line's
    edge (2-3 px, 30-40 a page) reaches a row beyond the mask at most, and a letter set on
    the line reaches beyond it as print (``print_in_the_margin`` keeps it by its ink): none
    is kept. Kept so, they were read as full stops, a "j", a "-", or parted a word, on
    seven of the 165 documents scored."""
    rows = np.flatnonzero((line > 0).mean(axis=1) >= LINE_EDGE_SHARE)
    none = np.zeros(gray.shape, bool)
    if not len(rows) or rows[-1] + 1 >= gray.shape[0]:
        return none
    below = none.copy()
    below[rows[-1] + 1:] = True
    beside = cv2.blur(gray, (2 * run_px + 1, 1))
    # A line crossing it, or running down from it: its columns below hold its mask throughout.
    crossing = (line[rows[-1] + 1:] > 0).all(axis=0).astype(np.uint8)[None, :]
    crossing = cv2.dilate(crossing, np.ones((1, 2 * EDGE_CROSS_PX + 1), np.uint8))[0] > 0
    dark = (gray.astype(np.int16) < beside.astype(np.int16) - EDGE_MARK_DELTA) & (grown > 0) & (line == 0) \
        & below & ~crossing[None, :]
    tail = (grown == 0) & below & (gray < EDGE_TAIL_LEVEL) & ~crossing[None, :]
    if not dark.any() or not tail.any():
        return none
    # The rows below the grown mask (the line's, not a crossing line's).
    beyond = int(np.count_nonzero(below.any(axis=1) & ((grown > 0).mean(axis=1) < LINE_EDGE_SHARE)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats((dark | tail).view(np.uint8), connectivity=8)
    keep = np.zeros(count, bool)
    for label in np.flatnonzero(np.bincount(labels[dark], minlength=count) >= EDGE_MARK_MIN_PX):
        if stats[label, cv2.CC_STAT_WIDTH] > run_px:  # label 0, the paper, holds no dark pixel
            continue
        mine = labels == label
        tip = mine & tail
        keep[label] = np.count_nonzero((mine & dark).any(axis=0)) >= EDGE_MARK_COLUMNS \
            and np.count_nonzero(tip.any(axis=1)) >= beyond and int(gray[tip].min()) >= EDGE_TIP_LEVEL
    return keep[labels] & dark


# An accent's foot against a horizontal line (``accent_feet``): darker than the line's
# margin beside it by this many levels (the margin's blur varies along a line by 10-30 with
# the scan's JPEG, an accent's ink is 90-150 darker), of so many pixels and columns at least
# (accents 6-10 pixels over 3-6 columns at the pipeline's 300 dpi, specks 4-6 over 2-3); its
# tip beyond the grown mask darker than paper (EDGE_TAIL_LEVEL), and paler than the print of
# a letter set on the line (EDGE_TIP_LEVEL: accents' tips 76-159 at their darkest, letters'
# strokes 0-52 there).
EDGE_MARK_DELTA = 60
EDGE_MARK_MIN_PX = 6
EDGE_MARK_COLUMNS = 3
EDGE_TAIL_LEVEL = 200
EDGE_TIP_LEVEL = 64
EDGE_CROSS_PX = 4


def clean_specks(gray: np.ndarray, max_area: float, max_hole: float, min_stroke: float = 0.0,
                 keep: np.ndarray | None = None) -> np.ndarray | None:
    """``gray`` without the specks too small to be any printed mark of its text: blots
    of ink of at most ``max_area`` pixels painted white, and holes in the ink that
    small as ``max_hole`` (a scanner's drop-outs, which break a stroke: "l" read as "i")
    painted black;
    None when there is none. Unlike :func:`despeckle` it also cleans specks touching
    or beside letters, so it needs the size of the text (``max_area``) to keep its
    full stops, dots and accents.

    With ``min_stroke`` (pixels), a white gap of one or two rows across a vertical stroke
    (a drop-out the size of a speck) is painted black when the ink above and below it
    is each at least that tall: a cut "I" reads "i", "¡" or ":" ("CONDIC¡ONES" on 004's
    3 pt print), while an i's dot, far shorter than a stroke, stays apart from its stem.

    A blot touching ``keep`` (a mask of ``gray``'s shape) is no speck: a mark told from
    one by more than its area (an accent thinned by a 1-bit threshold)."""
    bw = binarize(gray)
    out = None
    _, ink_labels, ink_stats, _ = label_ink(bw)
    specks = np.flatnonzero(ink_stats[1:, cv2.CC_STAT_AREA] <= max_area) + 1
    if keep is not None and specks.size:
        specks = np.setdiff1d(specks, ink_labels[keep])
    if specks.size:
        out = gray.copy()
        # Grown by a pixel: the speck's grey fringe would be read as a fainter speck.
        out[cv2.dilate(np.isin(ink_labels, specks).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0] = 255
    h, w = gray.shape
    _, labels, stats, _ = label_ink((bw == 0).astype(np.uint8), connectivity=4)
    x, y, sw, sh, area = (stats[1:, k] for k in range(5))
    inside = (x > 0) & (y > 0) & (x + sw < w) & (y + sh < h)  # paper around the text is no hole
    holes = np.flatnonzero(inside & (area <= max_hole)) + 1
    if holes.size:
        out = gray.copy() if out is None else out
        out[np.isin(labels, holes)] = 0
    if min_stroke > 0 and (cuts := _cut_strokes(bw, min_stroke, ink_labels, ink_stats)) is not None:
        out = gray.copy() if out is None else out
        out[cuts] = 0
    return out


def _cut_strokes(bw: np.ndarray, min_stroke: float, ink_labels: np.ndarray, ink_stats: np.ndarray,
                 ) -> np.ndarray | None:
    """The pixels (mask) of the white gaps, at most two rows tall and ``min_stroke`` wide
    (across a stroke, not between two letters), between two blots of ink each at least
    ``min_stroke`` tall, one right above the other (``ink_labels``, ``ink_stats``: the
    blots of ``bw``, ``label_ink``'s)."""
    closed = cv2.morphologyEx(bw, cv2.MORPH_CLOSE, MENDING_COLUMN)
    gaps = (closed > 0) & (bw == 0)
    if not gaps.any():
        return None
    count, gap_labels, gap_stats, _ = label_ink(gaps.view(np.uint8), connectivity=4)
    out = np.zeros_like(gaps)
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in gap_stats[label])
        if w > min_stroke or y == 0 or y + h >= bw.shape[0]:
            continue
        above = set(ink_labels[y - 1, x:x + w][bw[y - 1, x:x + w] > 0].tolist())
        below = set(ink_labels[y + h, x:x + w][bw[y + h, x:x + w] > 0].tolist())
        if len(above) == 1 and len(below) == 1 and above != below and all(
                ink_stats[b, cv2.CC_STAT_HEIGHT] >= min_stroke for b in above | below):
            out |= gap_labels == label
    return out if out.any() else None
