"""Provenance of one page: why a value was or was not read.

``python -m pipeline inspect FILE.pdf --page N`` prints the page's tables as the
table layer saw them, which of them the family read as activity tables, the values
read from the page and what was quarantined there, and writes a PNG of the page
with the cells coloured by role.

Pure core, I/O at the edges:

* :func:`read_for_inspection` reads and extracts the whole document (a table may
  continue from the previous page, so the family always sees every page);
* :func:`page_to_report` turns one page of that into plain records;
* :func:`render_text` and :func:`write_png` present a report.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from extractors import classify, read_document
from extractors.base import ExtractionResult
from extractors.document import ParsedDocument
from extractors.layout.records import Cell, Table
from extractors.layout.sources import PdfOpenError, get_source
from extractors.layout.settings import TableSettings
from schemas.contract import OCR_MIN_CONFIDENCE

from .worker import ocr_records_weighed, sniff_file

# Cell roles, in drawing order (later roles are drawn over earlier ones).
OTHER = "other"  # a cell of a table the family did not read as an activity table
ACTIVITY = "activity"  # a cell of an activity table whose text is not a value
VALUE = "value"  # a cell whose text became a row of values.parquet
QUARANTINED = "quarantined"  # a cell whose text went to quarantine.parquet
ROLES = (OTHER, ACTIVITY, VALUE, QUARANTINED)

# RGB of each role in the PNG: the stroke is opaque, the fill translucent.
COLOURS = {
    OTHER: (150, 150, 150),
    ACTIVITY: (30, 90, 230),
    VALUE: (0, 170, 0),
    QUARANTINED: (230, 0, 0),
}
FILL_ALPHA = 60
BOX_TOLERANCE = 0.5  # points: a value's box is its cell's box


class InspectError(Exception):
    """A one-line, user-facing failure; ``code`` is the exit status (1 unreadable, 2 usage)."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class CellView:
    row: int
    col: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    role: str


@dataclass(frozen=True, slots=True)
class TableView:
    """A table of the page as the table layer found it, with the role of each cell."""

    table: Table
    activity: bool | None  # None: no family read the document
    cells: tuple[CellView, ...]


@dataclass(frozen=True, slots=True)
class PageReport:
    file: str
    page: int
    n_pages: int
    width: float
    height: float
    n_chars: int
    family: str | None
    tables: tuple[TableView, ...]
    values: tuple[dict, ...]  # values.parquet rows of the page, plus "table", "cell_row", "cell_col"
    quarantine: tuple[dict, ...]  # quarantine rows of the page
    lines: tuple[str, ...]  # loose text lines, top to bottom
    error: str | None = None  # the family failed on the document
    repeats: int | None = None  # the earlier page this one repeats exactly (read there, not here)
    ocr_words: int | None = None  # words OCR read on the page (None: its text layer was read)


# --------------------------------------------------------------------------- reading (I/O)


@dataclass(frozen=True)
class ReadResult:
    """A document read for inspection: what the family (if any) made of it."""

    doc: ParsedDocument
    family: str | None  # None: unknown layout
    result: ExtractionResult | None  # None: unknown layout, or the family failed
    error: str | None = None  # why the family failed


def read_for_inspection(path: Path, source: str = "pdfium", settings: TableSettings | None = None,
                        page: int | None = None, ocr: str = "off") -> ReadResult:
    """Read and extract the whole document (a table may continue from the page before).

    With ``page``, its range is checked on the page count before the document is read.
    ``ocr``: as ``extract --ocr`` (off, auto, force); the values and quarantine of pages
    read by OCR are weighed as extract weighs them (confidence, ``ocr_unreadable``), so
    that the page shows what extract publishes.
    Raises :class:`InspectError` with a one-line message naming the file.
    """
    if not path.exists():
        raise InspectError(f"{path}: no such file", 2)
    if not path.is_file():
        raise InspectError(f"{path}: not a file", 2)
    problem = sniff_file(path)
    if problem:
        raise InspectError(f"{path.name}: {problem}", 1)
    try:
        text_source = get_source(source, ocr=None if ocr == "off" else {"mode": ocr})
    except ValueError as exc:  # unknown source
        raise InspectError(str(exc), 2) from exc
    try:
        if page is not None:
            check_page_number(path, page, text_source.count_pages(path))
        doc = read_document(path, text_source, settings or TableSettings())
    except InspectError:
        raise
    except PdfOpenError as exc:
        raise InspectError(str(exc), 1) from exc
    except Exception as exc:  # a parser failure on a hostile file
        raise InspectError(f"{path.name}: {type(exc).__name__}: {exc}", 1) from exc
    family = classify(doc)
    if family is None:
        return ReadResult(doc, None, None)
    try:
        result = family().extract(doc)
        values, quarantine, _ = ocr_records_weighed(result.activities, result.values, list(result.quarantine),
                                                    doc.pages, result.number_locale.locale, family.aggregated)
        return ReadResult(doc, family.name, replace(result, values=values, quarantine=quarantine))
    except Exception as exc:  # show the tables anyway: that is when inspecting helps most
        return ReadResult(doc, family.name, None, f"{family.name} failed: {type(exc).__name__}: {exc}")


def check_page_number(path: Path, page: int, n_pages: int) -> None:
    if not 1 <= page <= n_pages:
        valid = f"1-{n_pages}" if n_pages > 1 else "1" if n_pages == 1 else "none, the PDF has no pages"
        raise InspectError(f"{path.name}: page {page} is out of range (valid pages: {valid})", 2)


# --------------------------------------------------------------------------- report (pure)


def page_to_report(read: ReadResult, page: int) -> PageReport:
    """Everything about one page of a read document, as plain records."""
    doc, family, result = read.doc, read.family, read.result
    check_page_number(doc.path, page, len(doc.pages))
    layout = doc.pages[page - 1]
    values = [v for v in result.values if v["page"] == page] if result else []
    quarantine = [q for q in result.quarantine if q["page"] == page] if result else []
    read_as = {t["order"]: t["activity"] for t in result.tables if t["page"] == page} if result else {}
    quarantined_texts = {q["cells"][-1] for q in quarantine if q["cells"]}
    tables = tuple(_table_view(t, read_as.get(t.order, False) if result else None, values, quarantined_texts)
                   for t in layout.tables)
    located = tuple(_locate(v, tables) for v in values)
    return PageReport(
        file=doc.path.name, page=page, n_pages=len(doc.pages), width=layout.width, height=layout.height,
        n_chars=layout.n_chars, family=family, tables=tables, values=located,
        quarantine=tuple(quarantine), lines=tuple(line.text for line in layout.lines), error=read.error,
        repeats=doc.repeats.get(page),
        ocr_words=None if layout.ocr_words is None else len(layout.ocr_words),
    )


def _same_box(a, b: dict) -> bool:
    return (abs(a.x0 - b["x0"]) <= BOX_TOLERANCE and abs(a.top - b["top"]) <= BOX_TOLERANCE
            and abs(a.x1 - b["x1"]) <= BOX_TOLERANCE and abs(a.bottom - b["bottom"]) <= BOX_TOLERANCE)


def cell_role(cell: Cell, activity: bool | None, values: list[dict], quarantined_texts: set[str]) -> str:
    if not activity:
        return OTHER
    if any(_same_box(cell, v) for v in values):
        return VALUE
    # Quarantine rows carry the printed text, not a box: a non-value cell of an
    # activity table printing exactly that text is where it came from.
    if cell.text and cell.text in quarantined_texts:
        return QUARANTINED
    return ACTIVITY


def _table_view(table: Table, activity: bool | None, values: list[dict], quarantined: set[str]) -> TableView:
    cells = tuple(CellView(c.row, c.col, c.x0, c.top, c.x1, c.bottom, c.text,
                           cell_role(c, activity, values, quarantined)) for c in table.cells)
    return TableView(table, activity, cells)


def _locate(value: dict, tables: tuple[TableView, ...]) -> dict:
    """The value with the table order and grid position of its cell (None when not found)."""
    for table in tables:
        for cell in table.cells:
            if _same_box(cell, value):
                return {**value, "table": table.table.order, "cell_row": cell.row, "cell_col": cell.col}
    return {**value, "table": None, "cell_row": None, "cell_col": None}


# --------------------------------------------------------------------------- text (pure)


def _clip(text: str, width: int | None) -> str:
    text = " ".join(text.split())
    if width is None or len(text) <= width:
        return text
    return text[: max(1, width - 1)] + "…"


def render_grid(table: Table, width: int | None) -> list[str]:
    """A fixed-width text grid of a table; cells clipped to ``width`` characters (None: never)."""
    rows = [[_clip(t, width) for t in row] for row in table.texts()]
    widths = [max([len(r[c]) for r in rows] + [1]) for c in range(table.n_cols)]
    widths = [max(w, len(str(c))) for c, w in zip(range(table.n_cols), widths)]
    head = "     | " + " | ".join(f"{c:<{w}}" for c, w in zip(range(table.n_cols), widths))
    out = [head.rstrip(), "-" * len(head.rstrip())]
    for r, row in enumerate(rows):
        out.append((f"{r:>4} | " + " | ".join(f"{t:<{w}}" for t, w in zip(row, widths))).rstrip())
    return out


def _fmt_box(x0: float, top: float, x1: float, bottom: float) -> str:
    return f"({x0:.1f}, {top:.1f}, {x1:.1f}, {bottom:.1f})"


def render_text(report: PageReport, width: int | None = 16, show_lines: bool = False) -> str:
    """The report as plain text, for a terminal."""
    out = [f"{report.file}, page {report.page} of {report.n_pages} "
           f"({report.width:.0f} x {report.height:.0f} pt)"]
    out.append(f"family: {report.family}" if report.family else
               "family: unknown layout (no family recognised this document; no values are read from it)")
    if report.error:
        out.append(f"extraction failed, so nothing was read: {report.error}")
    if report.ocr_words is not None:
        out.append(f"this page was read by OCR ({report.ocr_words} words): each value shows the engine's "
                   f"confidence, and one under {OCR_MIN_CONFIDENCE:g} is listed by the check ocr_value_confident")
    elif report.n_chars == 0:
        out.append("this page has no text layer (scanned?): nothing can be read from it without OCR "
                   "(inspect it with --ocr auto)")
    if report.repeats:
        out.append(f"this page repeats page {report.repeats} exactly (same text and drawing): "
                   f"read once, as page {report.repeats}; see there")
    out.append(f"tables on this page: {len(report.tables)}")
    for view in report.tables:
        t = view.table
        read = ("not read (unknown layout)" if view.activity is None
                else "activity table" if view.activity else "not an activity table")
        out.append("")
        out.append(f"table {t.order}: box {_fmt_box(t.x0, t.top, t.x1, t.bottom)}, "
                   f"{t.n_rows} rows x {t.n_cols} cols, {read}")
        out.extend(render_grid(t, width))
    out.append("")
    out.append(f"values read from this page: {len(report.values)}")
    for v in report.values:
        where = (f"table {v['table']} r{v['cell_row']} c{v['cell_col']}" if v["table"] is not None
                 else _fmt_box(v["x0"], v["top"], v["x1"], v["bottom"]))
        sure = "" if v.get("confidence") is None else f"  confidence {v['confidence']:.2f}"
        out.append(f"  row {v['row']:>4}  {v['measure']:<8} {v['period']:<8} "
                   f"{v['raw']!r} -> {v['value']}  [{where}]{sure}")
    out.append(f"quarantined on this page: {len(report.quarantine)}")
    for q in report.quarantine:
        out.append(f"  {q['reason']}: " + " | ".join(repr(c) for c in q["cells"]))
    if show_lines:
        out.append(f"loose text lines: {len(report.lines)}")
        out.extend(f"  {line}" for line in report.lines)
    return "\n".join(out)


# --------------------------------------------------------------------------- PNG (I/O)


def boxes_by_role(report: PageReport) -> dict[str, list[tuple[float, float, float, float]]]:
    """Cell boxes of the page grouped by role (pure)."""
    out: dict[str, list[tuple[float, float, float, float]]] = {role: [] for role in ROLES}
    for table in report.tables:
        for c in table.cells:
            out[c.role].append((c.x0, c.top, c.x1, c.bottom))
    return out


def write_png(pdf_path: Path, report: PageReport, dest: Path, resolution: int = 100) -> Path:
    """Render the page with pdfplumber and draw the cells coloured by role."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(pdf_path))
    except Exception as exc:
        raise InspectError(f"{pdf_path.name}: cannot render the page ({type(exc).__name__}: {exc})", 1) from exc
    with pdf:
        page = pdf.pages[report.page - 1]
        image = page.to_image(resolution=resolution)
        for role, boxes in boxes_by_role(report).items():
            colour = COLOURS[role]
            image.draw_rects(boxes, fill=colour + (FILL_ALPHA,), stroke=colour + (255,), stroke_width=2)
        image.save(dest, format="PNG")
    return dest


def default_png_path(pdf_path: Path, page: int) -> Path:
    return Path(f"inspect-{pdf_path.stem}-p{page}.png")
