"""Plain records passed between the stages of the table layer.

Coordinates are PDF points with the origin at the top-left of the page (as in
pdfplumber): ``top`` grows downwards. Records are immutable (frozen dataclasses, and
a named tuple for the glyph, made thousands of times per page: three times faster
to build) so that every stage is a pure function of its inputs and results can
cross process boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Char(NamedTuple):
    """One printed glyph."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0


@dataclass(frozen=True, slots=True)
class Edge:
    """A horizontal ("h") or vertical ("v") ruling segment."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Shape:
    """One painted vector path, as the page draws it (what it means is decided later).

    ``segments`` are the straight pieces of its outline, ``(x0, y0, x1, y1)`` with
    the origin top-left, recorded only when the path is stroked (a fill paints an
    area: its box says all). Paint is the luminance of the colour, 0 (black) .. 1
    (white), or None when the path is not stroked / not filled (or fully transparent).
    """

    x0: float
    top: float
    x1: float
    bottom: float
    stroke: float | None
    fill: float | None
    segments: tuple[tuple[float, float, float, float], ...] = ()


class OcrWord(NamedTuple):
    """One word an OCR engine read off a page image, in the page's coordinates (PDF
    points, origin top-left, the page turned upright when it was scanned turned)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float  # the engine's, 0 (a guess) .. 1 (sure)


# Below this engine confidence (0..1) a word read by OCR is doubtful: a value read so is listed
# by the check ocr_value_confident when it parses and quarantined as ocr_unreadable when it does
# not (schemas/contract.py), and a year read so names no plan year (extractors/base.py).
OCR_MIN_CONFIDENCE = 0.6
# The text OCR gives ink it could not read as any letter (the replacement character): a
# cell holding a blot and no word (extractors/ocr/cells.py, ``inked_cells``).
UNREADABLE = "\ufffd"


@dataclass(frozen=True, slots=True)
class PageContent:
    """Everything the table layer needs from one page: its glyphs and painted paths.

    A page read by OCR (extractors/ocr) has the same glyphs and paths, made from the
    image (each word's box cut into its letters; rulings found in the image), and
    ``ocr_words`` holds the words as the engine read them, with their confidence;
    None for a page read from its text layer.
    """

    number: int  # 1-based page number in the PDF
    width: float
    height: float
    chars: tuple[Char, ...]
    shapes: tuple[Shape, ...]
    ocr_words: tuple[OcrWord, ...] | None = None


@dataclass(frozen=True, slots=True)
class TextLine:
    """A line of text outside any table (headings, captions, signatures, notes)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell, possibly spanning several grid rows/columns."""

    row: int
    col: int
    row_span: int
    col_span: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str


@dataclass(frozen=True, slots=True)
class Table:
    """A table found on one page: its grid of cells in reading order."""

    page: int
    order: int  # 0-based position of the table on its page, top to bottom
    x0: float
    top: float
    x1: float
    bottom: float
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...] = field(repr=False)

    def grid(self) -> list[list[Cell | None]]:
        """Rows x columns; a spanning cell sits at its top-left slot, other slots hold None."""
        out: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row][cell.col] = cell
        return out

    def texts(self) -> list[list[str]]:
        """Rows of cell strings; slots covered by a spanning cell are ''."""
        return [[c.text if c else "" for c in row] for row in self.grid()]
