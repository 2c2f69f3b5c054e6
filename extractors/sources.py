"""Text sources: read a PDF page into a :class:`PageContent` (glyphs + ruling edges).

The table layer only ever sees ``PageContent``, so the source is swappable:

* ``pdfium`` (default, the hot path): pypdfium2 reads glyph boxes and path
  segments in a few milliseconds per page.
* ``pdfplumber``: pdfminer-based, ~40x slower, kept as the reference source;
  tests assert both give the same rows on the sample corpus.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from .records import Char, Edge, PageContent

# A segment thinner than this is a ruling line even when drawn as a filled rectangle
# (Excel/Word exports draw borders that way).
THIN = 2.0


class PdfOpenError(Exception):
    """The file cannot be opened as a PDF (corrupt, encrypted, not a PDF)."""


class TextSource(Protocol):
    name: str

    def count_pages(self, path: Path) -> int: ...

    def iter_pages(self, path: Path) -> Iterator[PageContent]: ...


# --------------------------------------------------------------------------- pdfium


class PdfiumSource:
    """Glyphs and ruling from PDFium via pypdfium2."""

    name = "pdfium"

    def _open(self, path: Path):
        import pypdfium2 as pdfium

        try:
            return pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:  # message names the cause (format, password…)
            raise PdfOpenError(f"{path.name}: cannot open as PDF ({exc})") from exc

    def count_pages(self, path: Path) -> int:
        pdf = self._open(path)
        try:
            return len(pdf)
        finally:
            pdf.close()

    def iter_pages(self, path: Path) -> Iterator[PageContent]:
        pdf = self._open(path)
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                try:
                    yield pdfium_page_to_content(page, index + 1)
                finally:
                    page.close()
        finally:
            pdf.close()


def pdfium_page_to_content(page, number: int) -> PageContent:
    """Read one pypdfium2 page into a PageContent."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        chars = tuple(_pdfium_chars(textpage, height))
    finally:
        textpage.close()
    edges = tuple(_pdfium_edges(page, height))
    return PageContent(number, width, height, chars, edges)


def _pdfium_chars(textpage, height: float) -> Iterator[Char]:
    import pypdfium2.raw as raw

    handle = textpage.raw
    rect = raw.FS_RECTF()
    for i in range(raw.FPDFText_CountChars(handle)):
        if raw.FPDFText_IsGenerated(handle, i):  # line breaks/spaces PDFium invents
            continue
        code = raw.FPDFText_GetUnicode(handle, i)
        if code == 2:  # PDFium reports a printed hyphen that ends a line as U+0002
            code = 0x2D
        if code < 32 or code == 0xFFFE:
            continue
        # The loose box spans the font's ascent..descent, so all glyphs on one line
        # share top/bottom (like pdfplumber's chars) and line clustering stays exact.
        raw.FPDFText_GetLooseCharBox(handle, i, rect)
        yield Char(
            chr(code),
            round(rect.left, 3),
            round(height - rect.top, 3),
            round(rect.right, 3),
            round(height - rect.bottom, 3),
            round(raw.FPDFText_GetFontSize(handle, i), 2),
        )


def _pdfium_edges(page, height: float) -> Iterator[Edge]:
    import pypdfium2.raw as raw

    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        if right - left <= THIN or top - bottom <= THIN:  # a line or a thin bar
            yield _bar_to_edge(left, height - top, right, height - bottom)
            continue
        matrix = obj.get_matrix()
        points: list[tuple[float, float]] = []
        for s in range(raw.FPDFPath_CountSegments(obj.raw)):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, s)
            kind = raw.FPDFPathSegment_GetType(seg)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = matrix.on_point(x.value, y.value)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                points = [(px, py)]
            elif kind == raw.FPDF_SEGMENT_LINETO:
                start = points[-1] if points else (px, py)
                points.append((px, py))
                edge = _segment_to_edge(start, (px, py), height)
                if edge:
                    yield edge
            else:  # Bézier: not a ruling line
                points.append((px, py))
            if raw.FPDFPathSegment_GetClose(seg) and len(points) > 1:
                edge = _segment_to_edge(points[-1], points[0], height)
                if edge:
                    yield edge


def _bar_to_edge(x0: float, top: float, x1: float, bottom: float) -> Edge:
    if x1 - x0 >= bottom - top:
        mid = (top + bottom) / 2
        return Edge("h", round(x0, 3), round(mid, 3), round(x1, 3), round(mid, 3))
    mid = (x0 + x1) / 2
    return Edge("v", round(mid, 3), round(top, 3), round(mid, 3), round(bottom, 3))


def _segment_to_edge(a: tuple[float, float], b: tuple[float, float], height: float) -> Edge | None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) < 0.5 and abs(ax - bx) >= 0.5:
        top = round(height - ay, 3)
        return Edge("h", round(min(ax, bx), 3), top, round(max(ax, bx), 3), top)
    if abs(ax - bx) < 0.5 and abs(ay - by) >= 0.5:
        x0 = round(ax, 3)
        return Edge("v", x0, round(height - max(ay, by), 3), x0, round(height - min(ay, by), 3))
    return None


# ----------------------------------------------------------------------- pdfplumber


class PlumberSource:
    """Glyphs and ruling from pdfplumber (pdfminer.six): the slow reference source."""

    name = "pdfplumber"

    def _open(self, path: Path):
        import pdfplumber

        try:
            return pdfplumber.open(str(path))
        except Exception as exc:  # pdfminer raises many types for bad files
            raise PdfOpenError(f"{path.name}: cannot open as PDF ({exc})") from exc

    def count_pages(self, path: Path) -> int:
        with self._open(path) as pdf:
            return len(pdf.pages)

    def iter_pages(self, path: Path) -> Iterator[PageContent]:
        with self._open(path) as pdf:
            for page in pdf.pages:
                yield plumber_page_to_content(page)
                page.flush_cache()


def plumber_page_to_content(page) -> PageContent:
    """Read one pdfplumber page into a PageContent."""
    chars = tuple(
        Char(c["text"], round(c["x0"], 3), round(c["top"], 3), round(c["x1"], 3),
             round(c["bottom"], 3), round(c["size"], 2))
        for c in page.chars
        if c["text"] and ord(c["text"][0]) >= 32
    )
    edges = []
    for e in page.edges:
        if e["orientation"] == "h":
            mid = round((e["top"] + e["bottom"]) / 2, 3)
            edges.append(Edge("h", round(e["x0"], 3), mid, round(e["x1"], 3), mid))
        else:
            mid = round((e["x0"] + e["x1"]) / 2, 3)
            edges.append(Edge("v", mid, round(e["top"], 3), mid, round(e["bottom"], 3)))
    return PageContent(page.page_number, float(page.width), float(page.height), chars, tuple(edges))


SOURCES: dict[str, type] = {"pdfium": PdfiumSource, "pdfplumber": PlumberSource}


def get_source(name: str) -> TextSource:
    try:
        return SOURCES[name]()
    except KeyError:
        raise ValueError(f"Unknown text source {name!r}. Use one of: {', '.join(SOURCES)}") from None
