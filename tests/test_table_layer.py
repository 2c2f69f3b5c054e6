"""The shared table layer on real PDFs: spans, wrapped text, and source equivalence."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from conftest import CEPLAN_2024, INTEGRACION_2024, MTPE_POI_2024, MTPS_2022, RAW
from extractors.layout import page as page_module
from extractors.document import page_to_layout
from extractors.layout.sources import PdfOpenError, get_source
from extractors.layout import TableSettings, page_to_tables
from extractors.layout.page import reclaim_overflow
from extractors.layout.records import Char


@pytest.fixture(scope="module")
def spanning_pdf(tmp_path_factory):
    """A ruled table with a colspan caption, a rowspan header cell and a wrapped cell."""
    path = tmp_path_factory.mktemp("pdf") / "spans.pdf"
    c = canvas.Canvas(str(path), pagesize=landscape(letter), invariant=1)
    style = ParagraphStyle("c", fontName="Helvetica", fontSize=7, leading=8.5)
    data = [
        ["Unidad X", "", "PROGRAMA ANUAL 2022 (%)", ""],
        ["Actividad", "Responsable", "Ene", "Feb"],
        [Paragraph("Realizar el proceso de elección del consejo y otras tareas largas", style), "", "10 %", "1,100"],
        ["", "Jefa", "", ""],
    ]
    table = Table(data, colWidths=[90, 60, 80, 80])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("SPAN", (0, 0), (1, 0)),
                               ("SPAN", (2, 0), (3, 0)), ("SPAN", (1, 2), (1, 3))]))
    _, h = table.wrapOn(c, 700, 500)
    table.drawOn(c, 40, 550 - h)
    c.drawString(40, 560, "Encabezado suelto")
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("source", ["pdfium", "pdfplumber"])
def test_spanning_cells_and_wrapped_text(spanning_pdf, source):
    page = next(get_source(source).iter_pages(spanning_pdf))
    tables, lines = page_to_tables(page)
    assert len(tables) == 1
    t = tables[0]
    assert (t.n_rows, t.n_cols) == (4, 4)
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in t.cells}
    assert spans[(0, 0)] == (1, 2) and spans[(0, 2)] == (1, 2) and spans[(2, 1)] == (2, 1)
    texts = t.texts()
    assert texts[0] == ["Unidad X", "", "PROGRAMA ANUAL 2022 (%)", ""]
    assert texts[2][0] == "Realizar el proceso de elección del consejo y otras tareas largas"
    assert texts[2][2:] == ["10 %", "1,100"]
    assert [l.text for l in lines] == ["Encabezado suelto"]


def test_settings_are_validated_once_with_clear_errors():
    with pytest.raises(ValueError, match="snap_tolerance"):
        TableSettings(snap_tolerance=-1)
    with pytest.raises(ValueError, match="Unknown table settings"):
        TableSettings.resolve({"snap": 1})
    assert TableSettings.resolve({"snap_tolerance": 2}).snap_tolerance == 2
    with pytest.raises(ValueError, match="scan_gap_jitter"):
        TableSettings(scan_gap_jitter=-0.1)
    with pytest.raises(ValueError, match="gaps_from_ink"):
        TableSettings.resolve({"gaps_from_ink": "yes"})
    scanned = TableSettings().for_scanned_page()  # a page read by OCR: its gaps measured from ink
    assert scanned.gaps_from_ink and scanned.text_column_gap == pytest.approx(0.40)
    assert scanned.text_row_gap == pytest.approx(0.35)
    assert scanned.for_scanned_page() is scanned


def test_unknown_source_names_the_valid_ones():
    with pytest.raises(ValueError, match="pdfium, pdfplumber"):
        get_source("tesseract")


def test_not_a_pdf_raises_open_error_naming_the_file(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text("this is not a PDF")
    for source in ("pdfium", "pdfplumber"):
        with pytest.raises(PdfOpenError, match="notes.pdf"):
            list(get_source(source).iter_pages(bad))


def test_pdfium_line_end_hyphen_is_kept(tmp_path):
    """PDFium reports a hyphen that ends a printed line as U+0002/U+FFFE; it is a real '-'."""
    path = tmp_path / "hyphen.pdf"
    c = canvas.Canvas(str(path), pagesize=landscape(letter), invariant=1)
    style = ParagraphStyle("c", fontName="Helvetica", fontSize=7, leading=8.5)
    table = Table([["Medio", "Ene"], [Paragraph("Registros de ICS- AG", style), "8%"]], colWidths=[73, 30])  # wraps after "ICS-"
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    _, h = table.wrapOn(c, 700, 500)
    table.drawOn(c, 40, 550 - h)
    c.showPage()
    c.save()
    for source in ("pdfium", "pdfplumber"):
        tables, _ = page_to_tables(next(get_source(source).iter_pages(path)))
        assert tables[0].texts()[1] == ["Registros de ICS- AG", "8%"], source


# ------------------------------------------------------------------ unruled tables

VARIANTS = RAW.parents[1] / "tests" / "variants"
UNRULED_PAGES = [(MTPS_2022, (2, 12, 16, 18)), (INTEGRACION_2024, (1, 15)),
                 (CEPLAN_2024, (1, 2))]


def _layouts(path, pages, source, settings):
    out = {}
    for content in islice(get_source(source).iter_pages(path), max(pages)):
        if content.number in pages:
            out[content.number] = page_to_layout(content, settings)
    return out


@pytest.mark.parametrize("doc, pages", UNRULED_PAGES)
def test_unruled_tables_are_the_same_from_both_sources(doc, pages):
    """Text alignment must not depend on the source's glyph boxes: same tables, same text."""
    path = VARIANTS / f"{doc}-unruled.pdf"
    fast = _layouts(path, pages, "pdfium", TableSettings())
    reference = _layouts(path, pages, "pdfplumber", TableSettings())
    for number in pages:
        assert [t.texts() for t in fast[number].tables] == [t.texts() for t in reference[number].tables], number
        assert [l.text for l in fast[number].lines] == [l.text for l in reference[number].lines], number
    assert all(fast[p].tables for p in pages)


@pytest.mark.parametrize("doc, pages", [(MTPS_2022, (16, 46, 63, 79)), (INTEGRACION_2024, (15, 55)),
                                        (CEPLAN_2024, (1,))])
def test_unruled_page_reads_like_the_ruled_page(doc, pages):
    """The same printed table, with and without ruling lines, gives the same cells
    (rows, columns, joined wrapped text); headings and notes stay loose text. Text shows
    spans only as far as the ink goes (a label crossing column gaps, a wrapped header
    reaching into the next row); a ruled grid also spans the empty slots around a short
    label ("FISICO" over 12 months), which only its missing borders reveal."""
    ruled = _layouts(RAW / f"{doc}.pdf", pages, "pdfium", TableSettings(strategy="lines"))
    unruled = _layouts(VARIANTS / f"{doc}-unruled.pdf", pages, "pdfium", TableSettings())
    for number in pages:
        a, b = ruled[number], unruled[number]
        content = [t for t in a.tables if t.n_cols > 4]  # the running page header may overflow its cells
        assert [t.texts() for t in content] == [t.texts() for t in b.tables if t.n_cols > 4], number
        for ruled_table, text_table in zip(content, [t for t in b.tables if t.n_cols > 4]):
            ruled_cells = {(c.row, c.col): c for c in ruled_table.cells}
            for cell in text_table.cells:
                if cell.text:  # same origin, and a span never wider than the ruled one
                    other = ruled_cells[(cell.row, cell.col)]
                    assert cell.row_span <= other.row_span and cell.col_span <= other.col_span, (number, cell)
        assert [l.text for l in a.lines] == [l.text for l in b.lines], number


# ------------------------------------------------------------------ alignment pre-check

PRECHECK_PDFS = sorted(RAW.glob("*.pdf")) + sorted(VARIANTS.glob("*.pdf"))


# The MTPE evaluation goes through both tests below, with and without the pre-check: its
# runs are kept from the first test for the second (the same pages, the same settings, the
# same result), not read twice more. Only this file's, not every PDF's: they are large.
_MTPE = RAW / f"{MTPE_POI_2024}.pdf"
_kept: dict[tuple[Path, TableSettings], tuple[list, set[int]]] = {}


def _pages_and_alignment_calls(path, settings, monkeypatch):
    """Every page of a PDF through the table layer (each page seeing the previous page's
    last table, as ``read_document`` does), and the pages the alignment step ran on."""
    if (path, settings) in _kept:
        return _kept[path, settings]
    real = page_module.chars_to_text_tables
    ran: set[int] = set()

    def counting(glyph_lines, page, settings, tints=()):
        ran.add(page)
        return real(glyph_lines, page, settings, tints)

    out, previous = [], None
    with monkeypatch.context() as patch:
        patch.setattr(page_module, "chars_to_text_tables", counting)
        for content in get_source("pdfium").iter_pages(path):
            tables, lines = page_to_tables(content, settings, previous)
            out.append((content.number, tables, lines))
            previous = tables[-1] if tables else None
    if path == _MTPE:
        _kept[path, settings] = out, ran
    return out, ran


@pytest.mark.parametrize("path", PRECHECK_PDFS, ids=lambda p: p.name)
def test_alignment_precheck_changes_no_table(path, monkeypatch):
    """The pre-check (``text_precheck``) is exact: on every page of the samples and of the
    variants, the tables and loose lines are the same with and without it, and the
    alignment step only ever runs on fewer pages with it."""
    with_check, ran_with = _pages_and_alignment_calls(path, TableSettings(), monkeypatch)
    without, ran_without = _pages_and_alignment_calls(path, TableSettings(text_precheck=False), monkeypatch)
    assert with_check == without
    assert ran_with <= ran_without


def test_alignment_precheck_skips_narrative_pages(monkeypatch):
    """The pre-check fires: the narrative pages of the MTPE evaluation (presentation,
    evaluation, conclusions: paragraphs and headings, no table) skip the alignment step,
    which runs on them when the pre-check is off."""
    path = _MTPE
    pages, ran_with = _pages_and_alignment_calls(path, TableSettings(), monkeypatch)
    _, ran_without = _pages_and_alignment_calls(path, TableSettings(text_precheck=False), monkeypatch)
    narrative = {number for number, tables, lines in pages if not tables and lines}
    assert {1, 2, 3, 7, 50} <= narrative
    assert narrative <= ran_without - ran_with
    with pytest.raises(ValueError, match="text_precheck"):
        TableSettings.resolve({"text_precheck": "no"})


def test_alignment_precheck_needs_two_lines_with_column_gaps_in_one_block():
    """The pure pre-check: two lines with a column gap (wider than ``text_column_gap``
    font sizes) within one block (no paragraph-sized gap between them) may be a table;
    prose lines, or column-gap lines a paragraph apart, cannot."""
    from extractors.layout.alignment import may_hold_text_table
    from extractors.layout.records import Char

    def line(top, xs):  # one 10 pt glyph per x
        return [Char("x", x, top, x + 5.0, top + 10.0, 10.0) for x in xs]

    settings = TableSettings()
    cells, prose = (40, 45, 120, 125), (40, 45, 50, 55)
    assert may_hold_text_table([line(0, cells), line(12, prose), line(24, cells)], settings)
    assert not may_hold_text_table([line(0, cells), line(12, prose), line(24, prose)], settings)
    assert not may_hold_text_table([line(0, cells), line(60, cells)], settings)  # 50 pt apart
    assert may_hold_text_table([line(0, cells), line(60, cells)], TableSettings(text_block_gap=5))
    assert not may_hold_text_table([line(0, cells), line(12, cells)], TableSettings(text_column_gap=10))


def test_strategy_selects_ruled_text_or_both():
    path = VARIANTS / f"{MTPS_2022}-unruled.pdf"
    page = next(islice(get_source("pdfium").iter_pages(path), 45, 46))
    assert page_to_tables(page, {"strategy": "lines"})[0] == []
    assert page_to_tables(page, {"strategy": "text"})[0] == page_to_tables(page)[0]
    ruled = next(islice(get_source("pdfium").iter_pages(RAW / f"{MTPS_2022}.pdf"), 45, 46))
    assert page_to_tables(ruled) == page_to_tables(ruled, {"strategy": "lines"})
    with pytest.raises(ValueError, match="strategy"):
        TableSettings(strategy="stream")


def test_narrative_headings_and_signatures_are_not_tables(tmp_path):
    """Text without column structure stays loose text lines, whatever the strategy."""
    path = tmp_path / "prose.pdf"
    c = canvas.Canvas(str(path), pagesize=landscape(letter), invariant=1)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(40, 560, "ANEXO 1: ACTIVIDADES")
    c.setFont("Helvetica", 9)
    text = ("La unidad realizará las actividades programadas durante el año, en coordinación con las "
            "demás dependencias, y presentará informes trimestrales de avance a la dirección superior.")
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=9, leading=11)
    para = Paragraph(text * 3, style)
    _, h = para.wrapOn(c, 700, 400)
    para.drawOn(c, 40, 540 - h)
    for x in (150, 550):  # a centred signature block
        c.drawCentredString(x, 300, "Responsable:")
        c.drawCentredString(x, 289, "Licenciada Ana Pérez")
    c.showPage()
    c.save()
    for source in ("pdfium", "pdfplumber"):
        tables, lines = page_to_tables(next(get_source(source).iter_pages(path)), {"strategy": "text"})
        assert tables == [], source
        assert lines[0].text == "ANEXO 1: ACTIVIDADES"


def _grid_table(page, rows, xs):
    """A Table from rows of texts on column borders `xs` (one row = 10 pt)."""
    from extractors.layout.records import Cell, Table as TableRecord

    cells = tuple(Cell(r, c, 1, 1, xs[c], 10.0 * r, xs[c + 1], 10.0 * (r + 1), text)
                  for r, row in enumerate(rows) for c, text in enumerate(row))
    return TableRecord(page, 0, xs[0], 0.0, xs[-1], 10.0 * len(rows), len(rows), len(xs) - 1, cells)


def test_continuation_gap_regrids_headerless_table_on_previous_columns():
    """Trap CONTINUATION_GAP (pure step): a header-less continuation whose blank
    columns are invisible is matched to the previous page's columns by content, in
    order; the blank ones come back empty (zero wide), whatever the new page's
    column positions. A table that repeats the header, or shares no content, is left alone."""
    from extractors.layout.alignment import regrid_continuation

    previous = _grid_table(1, [["CÓDIGO", "TIPO", "CENTRO", "PROG.", "Ene", "Feb"],
                               ["AOI001 - GESTIÓN", "I", "UNIDAD DE PLANEAMIENTO", "PROGRAMADO", "0.00", "1.00"],
                               ["", "", "", "EJECUTADO", "0.00", "1.00"]], [30, 130, 150, 220, 300, 330, 360])
    cont = _grid_table(2, [["", "MONITOREO DE UNIDAD DE SEGUIMIENTO", "", "", ""],
                           ["AOI002 - SEGUIMIENTO", "", "PROGRAMADO", "5.00", "0.00"],
                           ["", "", "EJECUTADO", "5.00", "0.00"]], [30, 200, 260, 310, 335, 360])
    out = regrid_continuation(cont, previous)
    assert out is not None and out.n_cols == 6
    assert out.texts() == [["", "", "MONITOREO DE UNIDAD DE SEGUIMIENTO", "", "", ""],
                           ["AOI002 - SEGUIMIENTO", "", "", "PROGRAMADO", "5.00", "0.00"],
                           ["", "", "", "EJECUTADO", "5.00", "0.00"]]
    tipo = next(c for c in out.cells if (c.row, c.col) == (1, 1))
    assert tipo.x0 == tipo.x1 == 200  # the blank column, collapsed at its place
    with_header = _grid_table(2, [["CÓDIGO", "CENTRO", "PROG.", "Ene", "Feb"]] + cont.texts()[1:],
                              [30, 200, 260, 310, 335, 360])
    assert regrid_continuation(with_header, previous) is None
    other = _grid_table(2, [["Meta", "Total"], ["Capacitar", "12 personas"]], [30, 200, 360])
    assert regrid_continuation(other, previous) is None


def test_a_continuation_with_a_few_marks_misread_by_ocr_is_still_regridded():
    """Chromium's plain 004 scanned at 300 dpi grey (seed 550): page 2 continues page 1's
    table without its header, and OCR read "0:00" for one "0.00" and '"1.00' for one "1.00".
    Each misread mark made a kind of word of its own that page 1 does not show, and counted
    once per kind they were 8 of the page's 31: under the 80% that says the page prints the
    same columns, the page kept no header, and its 11 activities lost every value (value F1
    0.662). Kinds count by the cells that show them; a page of another table still shares
    too few words."""
    from extractors.layout.alignment import regrid_continuation

    months = ["Ene", "Feb", "Mar", "Abr"]
    xs = [30, 130, 150, 220, 260, 290, 320, 350, 380]
    previous = _grid_table(1, [["CÓDIGO", "TIPO", "CENTRO", "PROG.", *months],
                               ["AOI001 - GESTIÓN", "I", "UNIDAD DE PLANEAMIENTO", "PROGRAMADO", "0.00", "1.00", "0.00", "1.00"],
                               ["", "", "", "EJECUTADO", "0.00", "1.00", "0.00", "1.00"]], xs)
    rows = [["AOI00%d - SEGUIMIENTO" % k, "", "PROGRAMADO", "0.00", "1.00", "0.00", "1.00"] for k in range(2, 5)]
    rows += [["", "", "EJECUTADO", "0.00", "1.00", "0.00", "1.00"] for _ in range(3)]
    rows[1][3], rows[4][6], rows[2][5] = "0:00", '"1.00', "0.00."  # marks misread, once each
    cont = _grid_table(2, rows, [30, 200, 260, 310, 335, 360, 370, 380])
    out = regrid_continuation(cont, previous)
    assert out is not None and out.n_cols == 8
    assert out.texts()[0] == ["AOI002 - SEGUIMIENTO", "", "", "PROGRAMADO", "0.00", "1.00", "0.00", "1.00"]
    other = _grid_table(2, [["Meta", "Total", "0:00"], ["Capacitar", "12 personas", "0.00."]], [30, 200, 300, 380])
    assert regrid_continuation(other, previous) is None


@pytest.mark.parametrize("source", ["pdfium", "pdfplumber"])
def test_text_overflowing_into_empty_cells_stays_in_its_cell(tmp_path, source):
    """Trap OVERFLOW: a spreadsheet prints a text that does not fit over the empty
    cells to its right, across their borders. Glyphs go to the cell holding their
    centre, so the end of the word the border cuts landed in the next cell; the
    whole text belongs to the cell it starts in, and the next cells stay empty."""
    path = tmp_path / "overflow.pdf"
    c = canvas.Canvas(str(path), pagesize=landscape(letter), invariant=1)
    xs, ys = [40, 120, 200, 280], [500, 485, 470]
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    c.setFont("Helvetica", 9)
    c.drawString(42, 489, "Oficina Departamental de Cuscatlán")  # runs over two borders
    c.drawString(42, 474, "Enero")
    c.drawString(122, 474, "100%")
    c.showPage()
    c.save()
    tables, _ = page_to_tables(next(get_source(source).iter_pages(path)), {"strategy": "lines"})
    assert tables[0].texts() == [["Oficina Departamental de Cuscatlán", "", ""], ["Enero", "100%", ""]]


def test_a_word_whose_first_glyph_alone_runs_across_a_border_is_the_next_cells():
    """004's first page on the seed-78 draw at 300 dpi grey: the engine boxed a speck left of
    the ruling as the "E" of the month "Ene" (its box 418.9-421.1 pt, the ruling at 420.7),
    the overflow rule gave the whole word to the cell before, whose header then read
    "PROG. / EJE. Ene": no measure column, no January, and 499 values published wrong and
    sure. No text starts across its own cell's border: the word, that glyph too, is the
    next cell's. A text that runs over a border after its start stays where it starts."""
    xs, spans = [386.0, 420.7, 436.8], [(0, 0, 1, 1), (0, 1, 1, 1)]
    label = [Char(c, x, 104, x + 3, 108, 4.0) for c, x in zip("EJE.", (407.0, 409.5, 412.0, 414.5))]
    ene = [Char("E", 418.9, 113.5, 421.1, 117.1, 4.0), Char("n", 421.1, 113.5, 429.8, 117.1, 4.0),
           Char("e", 429.8, 113.5, 431.2, 117.1, 4.0)]
    contents = [label + ene[:1], ene[1:]]
    reclaim_overflow(xs, spans, contents, TableSettings())
    assert [_text(cell) for cell in contents] == ["EJE.", "Ene"]
    over = [Char(c, 400.0 + 3 * k, 104, 403.0 + 3 * k, 108, 4.0) for k, c in enumerate("Oficinas")]
    contents = [[ch for ch in over if ch.x0 + ch.x1 < 2 * 420.7], [ch for ch in over if ch.x0 + ch.x1 >= 2 * 420.7]]
    reclaim_overflow(xs, spans, contents, TableSettings())
    assert [_text(cell) for cell in contents] == ["Oficinas", ""]


def _text(chars: list[Char]) -> str:
    return "".join(ch.text for ch in sorted(chars, key=lambda ch: ch.x0))


def test_a_ruling_found_in_two_overlapping_pieces_a_pixel_apart_is_one_line():
    """Trap RULING_IN_TWO_PIECES (pure step): a scan's rule straightened to within a pixel
    is found as two pieces that overlap along the line, 0.25 pt apart (000's second page on
    the bitonal seed-154 draw: the rule under "Registro de establecimientos", 29.8-610.1 pt
    at 384.5 and 598.6-762.7 pt at 384.25). Taken for two rulings side by side, they split
    the row under them: its left cells a row of their own, every later activity one off.
    Parallel lines a few points apart (a blank column in small print) stay two."""
    from extractors.layout.records import Edge
    from extractors.layout.rulings import merge_edges

    settings = TableSettings()
    pieces = [Edge("h", 29.8, 384.5, 610.1, 384.5), Edge("h", 598.6, 384.25, 762.7, 384.25)]
    assert [(e.x0, e.x1) for e in merge_edges(pieces, settings)] == [(29.8, 762.7)]
    blank_column = [Edge("v", 200.0, 10.0, 200.0, 300.0), Edge("v", 202.0, 10.0, 202.0, 300.0)]
    assert sorted(e.x0 for e in merge_edges(blank_column, settings)) == [200.0, 202.0]


def test_a_rows_last_line_and_the_next_rows_first_set_close_are_two_rows(tmp_path):
    """A web print of 004 (chromium, cell fills and no rulings) scanned at 300 dpi: the
    EJECUTADO line of one activity and the PROGRAMADO line of the next stood 1.39 sizes
    apart, baseline to baseline, a hair under the 1.4 that joins two lines into one
    wrapped cell. Each month column stacked the two amounts in one cell, and every later
    activity took the values of the one before. The table's wrapped cells (names of three
    lines and more) set their lines 1.2 sizes apart: lines further apart than that, where
    another column starts a row, are two rows. Here a text PDF set the same way."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))  # shipped with reportlab
    size, leading, apart = 8.0, 1.2, 1.38
    path = tmp_path / "tight-rows.pdf"
    pdf = canvas.Canvas(str(path), pagesize=landscape(letter))
    pdf.setFont("Vera", size)
    names = [["AOI00106600132 - SEGUIMIENTO", "DEL BIENESTAR DEL", "PARTICIPANTE"],
             ["AOI00106600136 - GESTION Y", "ASISTENCIA TECNICA PARA", "DESARROLLO DEL PROGRAMA"],
             ["AOI00106600137 -", "TRANSFERENCIA DE", "RECURSOS"]]
    y, expected = 560.0, []
    for k, name in enumerate(names):
        for i, line in enumerate(name):
            pdf.drawString(36, y - i * leading * size, line)
        pdf.drawString(200, y, "Acumulado")
        pdf.drawString(200, y - leading * size, "Anual")
        executed_y = y - (len(name) * leading + 0.4) * size  # the executed line under the name
        for label, at, first in (("PROGRAMADO", y, k), ("EJECUTADO", executed_y, 10 * k)):
            pdf.drawString(260, at, label)
            for month in range(12):
                pdf.drawRightString(360 + 35 * month, at, f"{first + month % 3:.2f}")
            expected.append([label] + [f"{first + month % 3:.2f}" for month in range(12)])
        y = executed_y - apart * size
    pdf.save()
    layout = _layouts(path, (1,), "pdfium", TableSettings())[1]
    (table,) = layout.tables
    assert [row[2:] for row in table.texts()] == expected
    assert [row[0].split()[0] for row in table.texts() if row[0]] == [n[0].split()[0] for n in names]


def _glyph_line(top: float, words: list[tuple[float, str]], size: float = 8.0, advance: float = 4.0) -> list[Char]:
    """One line of glyphs: each word (x0, text) set at ``advance`` points a letter."""
    return [Char(c, x + advance * k, top, x + advance * (k + 1), top + size, size)
            for x, text in words for k, c in enumerate(text)]


def _phrases(lines: list[list[Char]], settings: TableSettings) -> list[list[str]]:
    from extractors.layout.alignment import glyph_lines_to_lines

    return [["".join(c.text for c in p.chars) for p in line.phrases] for line in glyph_lines_to_lines(lines, settings)]


def test_a_scans_middling_gap_splits_where_neighbouring_rows_have_a_cell_edge_level_with_it():
    """On a page read by OCR a word gap measures 0.20-0.37 em (the text layer's: 0.28), so
    the line's usual word gap cannot tell a tight cell border from a word space there.
    Chromium's print of 001 sets its "N°" column 0.33-0.39 em from the activity text:
    "1 sistematizado de" is two cells, the activity starting level in every row. Chromium's
    print of 003 starts rows' descriptions "ELABORACIÓN DE", "FORMULACIÓN DE": their word
    gaps lie level too, but the other rows' descriptions run across them. On a page read
    from its text layer the line's own word gaps decide, as before."""
    scanned, text = TableSettings().for_scanned_page(), TableSettings()
    gap = 0.34 * 8  # between text_column_gap_low and text_column_gap, in points at 8 pt
    numbered = [_glyph_line(12.0 * k, [(40, str(k + 1)), (44 + gap, "actividad"), (200, "Informe")])
                for k in range(3)]
    assert _phrases(numbered, scanned) == [[str(k + 1), "actividad", "Informe"] for k in range(3)]
    alone = numbered[:1] + [_glyph_line(12.0 * k, [(30, str(k + 1)), (70, "actividad"), (200, "Informe")])
                            for k in (1, 2)]
    assert _phrases(alone, scanned)[0] == ["1actividad", "Informe"]  # no other row's cell starts or ends there
    described = [_glyph_line(0, [(40, "ELABORA"), (68 + gap, "DE"), (200, "INFORME")]),
                 _glyph_line(12, [(40, "FORMULA"), (68 + gap, "DE"), (200, "INFORME")]),
                 _glyph_line(24, [(40, "EMISIONES"), (200, "INFORME")]),
                 _glyph_line(36, [(40, "FORMULA"), (68 + gap, "DE"), (200, "INFORME")])]
    assert [p[0] for p in _phrases(described, scanned)] == ["ELABORADE", "FORMULADE", "EMISIONES", "FORMULADE"]
    # The text layer's exact gaps: a gap wider than the line's word gaps by a tenth splits.
    space = 0.28 * 8
    line = _glyph_line(0, [(40, "1"), (44 + gap, "actividad"), (80 + gap + space, "de"),
                           (88 + gap + 2 * space, "la"), (200, "Informe")])
    assert _phrases([line], text) == [["1", "actividaddela", "Informe"]]
    assert _phrases([line], scanned) == [["1actividaddela", "Informe"]]


def test_a_tint_edge_between_two_lines_keeps_them_two_rows():
    """Where a page's fills change shade (``rulings.fill_edges``: a zebra stripe's top and
    bottom, not the border between two cells painted the same grey, nor a white fill), two
    lines set close enough to be one wrapped cell are two rows when the edge runs between
    them; lines inside one fill stay one cell."""
    from extractors.layout.alignment import chars_to_text_tables
    from extractors.layout.records import Shape
    from extractors.layout.rulings import fill_edges

    def fill(x0, top, x1, bottom, shade):
        return Shape(x0, top, x1, bottom, None, shade, ())

    shapes = [fill(30, 10, 100, 20, 0.883), fill(100, 10, 200, 20, 0.883),  # a header painted cell by cell
              fill(30, 20, 200, 30, 0.883),  # a second header row, the same grey
              fill(30, 30, 200, 40, 1.0),  # a white row: paper
              fill(30, 40, 200, 50, 0.949)]  # a grey row
    assert sorted((e.top, e.x0, e.x1) for e in fill_edges(shapes)) == [
        (10, 30, 100), (10, 100, 200), (30, 30, 200), (40, 30, 200), (50, 30, 200)]
    lines = [_glyph_line(31.0, [(40, "pensiones"), (150, "1,644")]),
             _glyph_line(40.5, [(40, "asignaciones"), (150, "3,552")])]
    settings = TableSettings()
    # 1.5 pt apart at 8 pt (0.19 size): one wrapped cell each, one row, on paper alone ...
    (alone,), _ = chars_to_text_tables(lines + [_glyph_line(60.0, [(40, "total"), (150, "5,196")])], 1, settings)
    assert alone.texts()[0] == ["pensiones asignaciones", "1,644 3,552"]
    # ... two rows when the grey row's top runs between them.
    (table,), _ = chars_to_text_tables(lines + [_glyph_line(60.0, [(40, "total"), (150, "5,196")])], 1, settings,
                                       fill_edges(shapes))
    assert table.texts()[:2] == [["pensiones", "1,644"], ["asignaciones", "3,552"]]


def _stack(col: int, bottoms: list[float], size: float = 7.0) -> "_Block":
    """A column's stack of lines, one phrase each, with their baselines' box bottoms."""
    from extractors.layout.alignment import Phrase, _block_of

    phrases = [Phrase([Char("x", 10.0 * col, b - size, 10.0 * col + 5, b, size)], 10.0 * col, 10.0 * col + 5,
                      b - size, b, size, -1, col0=col, col1=col) for b in bottoms]
    return _block_of(phrases, col)


def _line_of_words(words: list[tuple[str, float]], size: float = 8.3, top: float = 100.0):
    """One line of one phrase: each word's letters 2.3 pt wide from its x, with its spaces."""
    from extractors.layout.alignment import Line, _phrase

    chars = []
    for word, x in words:
        if chars:
            chars.append(Char(" ", chars[-1].x1, top, x, top + size, size))
        for k, letter in enumerate(word):
            chars.append(Char(letter, x + 2.3 * k, top, x + 2.3 * (k + 1), top + size, size))
    phrase = _phrase(chars)
    return Line([phrase], phrase.top, phrase.bottom, phrase.size)


def test_a_row_number_a_word_space_from_its_activity_is_cut_at_the_column_border():
    """Chromium's plain 001 scanned at 150 dpi (seeds 490-520): the row number stands 0.25-0.28
    em from the activity's middle line, the word spaces up to 0.31 em, so "1 sistematizado de"
    was one phrase across the border the table found between N° and Actividad (every other
    line leaves it blank), and the number went into the activity's name: 12 of 15 activities
    lost. A phrase crossing a border at the space after a number alone is cut there; a
    strategic line's "2.6", a number the border does not follow, or a border after a later
    word leave it whole."""
    from extractors.layout.alignment import glued_cells_parted

    def texts(line) -> list[str]:
        return ["".join(ch.text for ch in p.chars) for p in line.phrases]

    bounds = [38.0, 49.0, 129.0]
    numbered = _line_of_words([("1", 44.5), ("sistematizado", 50.0), ("de", 81.0)])
    assert texts(glued_cells_parted(numbered, bounds)) == ["1", "sistematizado de"]
    for words in ([("2.6", 41.0), ("Coordinar", 50.0)], [("12", 40.0), ("talleres", 45.0), ("de", 66.0)],
                  [("Llevar", 40.0), ("un", 55.0), ("control", 62.0)]):
        line = _line_of_words(words)
        assert glued_cells_parted(line, bounds) is line


def test_rows_told_apart_by_tints_alone_are_parted_by_the_cells_level_with_each_line():
    """Chromium's print of 002 with fills, scanned bitonal (seed 510): its two pension rows,
    white and grey, lost their tints to the threshold; the products' and the units' two
    lines, 0.34 size apart (8.1 pt type), were joined into one cell each, while every year
    column held an amount level with each line. The second row's amounts went to a product
    no row prints, published wrong and sure. Every column beside the two stacks holds a cell
    level with each of their lines and nothing else: each line is a row's cell. (Baselines as
    measured on the scan, in points.) A column beside with one cell level with the first
    line only (a unit spanning the row, or an empty cell) or amounts set on the last line
    only (a spreadsheet's bottom-aligned row) leaves a wrapped cell."""
    from extractors.layout.alignment import split_at_row_starts

    size = 8.1
    products, units = _stack(0, [142.7, 153.8], size), _stack(1, [143.0, 154.1], size)
    amounts = [_stack(col, [b], size) for col in range(2, 7) for b in (142.9, 154.0)]
    blocks = split_at_row_starts([products, units, *amounts], size)
    assert sorted(round(b.bottom - b.top, 1) for b in blocks if b.col0 in (0, 1)) == [size] * 4
    spanning = [*amounts, _stack(7, [142.9], size)]
    kept = split_at_row_starts([products, units, *spanning], size)
    assert sorted(round(b.bottom - b.top, 1) for b in kept if b.col0 in (0, 1)) == [19.2, 19.2]
    bottom_aligned = [_stack(col, [154.0], size) for col in range(2, 7)]
    kept = split_at_row_starts([products, units, *bottom_aligned], size)
    assert sorted(round(b.bottom - b.top, 1) for b in kept if b.col0 in (0, 1)) == [19.2, 19.2]


def test_a_pair_nearer_the_tables_parted_pairs_than_its_wrapped_lines_is_two_rows():
    """Stacks of two lines in one table (wrapped lines 8 pt apart, a 7 pt type, a jitter of
    1.05): a pair 9.5 apart is two rows' cells; one 9.0 apart, under the jitter alone, lies
    nearer that pair's pitch than the wrapped lines' and is parted too (rows of one table
    are set alike: Chromium's 004 with its tints thresholded away); one 8.3 apart stays a
    wrapped cell. Each lower line starts level with a cell of the next column; a cell of the
    column after it, one line level with the pair's first, spans the pair's row (as a unit
    beside a CEPLAN activity's two measure lines), so no column shows a row per line."""
    from extractors.layout.alignment import split_at_row_starts

    wrapped = [_stack(0, [100 + 8.0 * k for k in range(4)]), _stack(0, [200 + 8.0 * k for k in range(3)])]
    pairs = [_stack(1, [300, 309.5]), _stack(1, [400, 409.0]), _stack(1, [500, 508.3])]
    beside = [_stack(2, [b]) for b in (300, 309.5, 400, 409.0, 500, 508.3)] + [_stack(3, [b]) for b in (300, 400, 500)]
    blocks = split_at_row_starts(wrapped + pairs + beside, 7.0)
    assert sorted(round(b.bottom - b.top, 1) for b in blocks if b.col0 == 1) == [7.0, 7.0, 7.0, 7.0, 15.3]
    alone = split_at_row_starts(wrapped + pairs[1:] + beside, 7.0)  # no pair parted by the jitter alone
    assert sorted(round(b.bottom - b.top, 1) for b in alone if b.col0 == 1) == [15.3, 16.0]


def _ink_line(top: float, bottom: float, size: float, *phrases: tuple[str, float, float]):
    """One line read from ink: each phrase's letters spread evenly from its x0 to its x1."""
    from extractors.layout.alignment import Line, _phrase

    out = []
    for text, x0, x1 in phrases:
        w = (x1 - x0) / len(text)
        out.append(_phrase([Char(c, x0 + w * k, top, x0 + w * (k + 1), bottom, size) for k, c in enumerate(text)]))
    return Line(out, top, bottom, size)


def test_a_paragraph_line_with_a_stretched_word_space_is_no_row_of_the_table_below():
    """Chromium's print of 002 with fills, scanned bitonal (seed 510), page 2 as read: the
    justified paragraph above the table read as two phrases 0.55 em apart, the second
    starting in the whitespace between the product and unit columns and running across the
    years. The line was a row: its first half made the product column as wide as the page's
    text, and the notes under the table ("METAS 2017 ...", at the table's row spacing by the
    paragraph's gaps) were read as the last product's wrapped name, its five amounts
    published under a name no row prints. The line is prose: the table is the header and
    its two rows alone."""
    from extractors.layout.alignment import block_to_regions

    block = [
        _ink_line(35.6, 47.8, 12.22, ("IV.MetasOperativas:GestiónPensiones", 34, 265)),
        _ink_line(54.8, 64.0, 9.16, ("DepartamentodeBeneficiosEconómicos", 34, 544)),
        _ink_line(70.2, 79.4, 9.16, ("Otorgardeformaoportunalasprestaciones", 34, 541),
                  ("SistemadeAhorroparaPensiones", 546, 953)),
        _ink_line(81.2, 90.4, 9.16, ("otrasreferentesaltrámite", 34, 251)),
        _ink_line(101.8, 109.9, 8.11, ("Año2015", 757, 793), ("2016", 861, 879), ("2017", 935, 952)),
        _ink_line(107.6, 115.9, 8.29, ("Unidadde", 681, 720)),
        _ink_line(112.3, 121.2, 8.29, ("Propósito/Producto", 315, 392), ("Ejecutado", 877, 915)),
        _ink_line(116.9, 126.5, 8.29, ("Medida", 687, 715), ("Programado", 729, 777), ("Ejecutado", 782, 820),
                  ("Programado", 825, 872), ("Programado", 920, 967)),
        _ink_line(123.1, 130.9, 7.85, ("(Ajunio)", 880, 912)),
        _ink_line(134.6, 143.0, 8.29, ("Concesióndepensiones", 35, 179), ("Resoluciones", 676, 723),
                  ("1,644", 758, 777), ("1,316", 801, 821), ("1,050", 853, 873), ("785", 903, 916), ("1,404", 949, 968)),
        _ink_line(145.5, 154.1, 8.29, ("Concesióndeasignaciones", 35, 133), ("Resoluciones", 675, 724),
                  ("3,552", 758, 778), ("2,853", 801, 821), ("2,660", 853, 873), ("1,793", 896, 916), ("3,792", 948, 968)),
        _ink_line(164.5, 173.7, 9.16, ("METAS2017.PresupuestadoenelRubro93", 34, 365)),
        _ink_line(179.4, 188.6, 9.16, ("Montoenconceptodepagodepensiones", 34, 323)),
        _ink_line(195.2, 204.4, 9.16, ("MontoenconceptodepagoAsignaciones", 34, 259)),
    ]
    (region,) = block_to_regions(block, TableSettings().for_scanned_page())
    assert [line.top for line in region] == [101.8, 107.6, 112.3, 116.9, 123.1, 134.6, 145.5]


def test_a_heading_over_the_columns_far_from_the_cell_before_it_is_kept_a_spanning_cell():
    """A heading over several columns starts in one of them or lies far from the cell before
    it (the text layers' 9.8 em and more): it stays a cell of its own, only a word space's
    distance joins a line into prose."""
    from extractors.layout.alignment import stretched_spaces_joined, _columns_of_block

    settings = TableSettings().for_scanned_page()
    def block(heading_x0: float) -> list:
        return [_ink_line(10.0, 18.0, 8.0, ("Unidad", 35, 70), ("METASFÍSICAS2025", heading_x0, 260)),
                _ink_line(20.0, 28.0, 8.0, ("Actividad", 35, 80), ("Ene", 120, 135), ("Feb", 160, 175),
                          ("Mar", 200, 215), ("Abr", 240, 255)),
                _ink_line(30.0, 38.0, 8.0, ("Informes", 35, 75), ("1", 125, 130), ("2", 165, 170), ("3", 205, 210),
                          ("4", 245, 250))]

    far, near = block(140.0), block(74.0)  # 8.75 em and half an em after "Unidad", in a gap
    _, reach, gaps = _columns_of_block(far, settings)
    assert not stretched_spaces_joined(far, gaps, reach)
    assert [len(line.phrases) for line in far] == [2, 5, 5]
    _, reach, gaps = _columns_of_block(near, settings)
    assert stretched_spaces_joined(near, gaps, reach)
    assert [len(line.phrases) for line in near] == [1, 5, 5]
    # A group heading after a speck read in the column before it ("tl", Chromium's plain 004
    # at 200 dpi, seed 520): the gap it starts in is bounded by another row's cell, not the speck.
    speck = [_ink_line(10.0, 18.0, 8.0, ("OEI.08", 35, 60), ("tl", 70, 76), ("MEJORARELMODELO", 82, 260)),
             _ink_line(20.0, 28.0, 8.0, ("AOI0010", 35, 60), ("OE", 66, 79), ("Ene", 120, 135), ("Feb", 160, 175),
                       ("Mar", 200, 215), ("Abr", 240, 255)),
             _ink_line(30.0, 38.0, 8.0, ("AOI0011", 35, 60), ("AE", 66, 79), ("1", 125, 130), ("2", 165, 170),
                       ("3", 205, 210), ("4", 245, 250))]
    _, reach, gaps = _columns_of_block(speck, settings)
    assert not stretched_spaces_joined(speck, gaps, reach)


def _cells(col: int, *lines: tuple[str, float, float], size: float = 8.11) -> "_Block":
    """One column's stack: a phrase per line, (text, top, bottom), as boxed from ink."""
    from extractors.layout.alignment import Phrase, _block_of

    x0 = 100.0 * col
    phrases = [Phrase([Char(text, x0, top, x0 + 40, bottom, size)], x0, x0 + 40, top, bottom, size, -1,
                      col0=col, col1=col) for text, top, bottom in lines]
    return _block_of(phrases, col)


def test_a_header_label_over_the_first_row_is_parted_where_every_column_beside_starts_the_row():
    """Chromium's print of 002 with fills, scanned bitonal (seed 510), page 3 as read: the
    label "Ejecutado (A junio)", wrapped over two lines, sits 2.6 pt over the amount under it,
    "12,817"; its parenthesis made its line 3 pt taller than the others, so its gap measured
    no wider than the ink's spread, and label and amount were one cell. The header then named
    no column and the table's three rows were lost. Every column beside holds its own label
    beside the label's lines and starts the row level with the amount: the stack straddles
    two rows. A wrapped product beside amounts set on its last line is one cell: the columns
    beside hold nothing beside its first line."""
    from extractors.layout.alignment import split_at_row_starts

    def texts(blocks) -> list[list[str]]:
        return sorted([[ch.text for p in b.phrases for ch in p.chars] for b in blocks if b.col0 == 4])

    header = [_cells(col, (text, top, bottom)) for col, cells in enumerate((
        [("Producto", 119.61, 127.90), ("Historiales", 142.28, 150.13), ("Registro", 153.45, 161.74)],
        [("Unidad", 119.75, 127.86), ("REPORTE", 141.62, 150.29), ("MONTO", 153.14, 161.81)],
        [("Programado", 125.61, 133.90), ("17,000", 142.34, 150.12), ("4,070.8", 153.62, 161.40)],
        [("Ejecutado", 125.61, 133.90), ("23,055", 142.34, 150.12), ("3,666", 153.59, 161.70)])) for text, top, bottom in cells]
    header += [_cells(4, ("Ejecutado", 121.05, 129.34), ("(A junio)", 128.79, 139.70), ("12,817", 142.34, 150.12)),
               _cells(4, ("1938.51", 153.59, 161.70))]
    assert texts(split_at_row_starts(header, 8.11, from_ink=True)) == [
        ["12,817"], ["1938.51"], ["Ejecutado", "(A junio)"]]
    # A product wrapped over two lines, its row's amounts on its last line (a spreadsheet).
    wrapped = [_cells(0, ("1,644", 123.0, 131.0)), _cells(0, ("3,552", 145.5, 154.1)),
               _cells(4, ("Concesión de pensiones", 134.6, 143.0), ("(nuevos casos)", 145.5, 154.1))]
    assert texts(split_at_row_starts(wrapped, 8.11, from_ink=True)) == [["Concesión de pensiones", "(nuevos casos)"]]


def test_a_header_label_over_the_first_row_beside_an_empty_cell_is_parted_from_it():
    """Chromium's print of 001 with fills, scanned bitonal (seed 580), page 2 as read: the
    tints that told the header from the rows were thresholded away, and "Unidad de / medida"
    sits 2.7 pt over the first row's "Documento", within the ink's spread of its own lines'
    gap: one cell, "Unidad de medida Documento", which names no column, and all 15 activities
    lost their unit of measure. The row leaves January empty, so not every column beside
    starts it level with "Documento"; a column with no print across the line says nothing,
    and the others each start the row there under their own label. A column holding print
    across the line that starts no row there (a cell spanning it) keeps the stack whole, and
    so does a wrapped cell whose columns beside hold nothing above its lines."""
    from extractors.layout.alignment import split_at_row_starts

    def texts(blocks) -> list[list[str]]:
        return sorted([[ch.text for p in b.phrases for ch in p.chars] for b in blocks if b.col0 == 3])

    stack = _cells(3, ("Unidad de", 59.03, 67.14), ("medida", 68.38, 77.11), ("Documento", 79.77, 88.06),
                   size=7.85)
    beside = [_cells(0, ("N°", 63.3, 71.5), size=7.85), _cells(0, ("1", 79.8, 88.1), size=7.85),
              _cells(2, ("Resultado", 63.5, 71.6), size=7.85), _cells(2, ("Reporte generado", 79.8, 88.1), size=7.85),
              _cells(4, ("Medio de", 59.0, 67.1), ("verificación", 68.4, 77.1), size=7.85),
              _cells(4, ("Reporte", 80.1, 88.0), size=7.85),
              _cells(5, ("Enero", 63.4, 71.5), size=7.85)]  # January: empty in the row
    assert texts(split_at_row_starts([stack, *beside], 7.85, from_ink=True)) == [
        ["Documento"], ["Unidad de", "medida"]]
    spanning = _cells(5, ("Enero", 63.4, 71.5), ("(meta)", 72.0, 84.0), size=7.85)  # print across the line
    assert texts(split_at_row_starts([stack, *beside[:-1], spanning], 7.85, from_ink=True)) == [
        ["Unidad de", "medida", "Documento"]]
    wrapped = _cells(3, ("Llevar un control", 90.0, 98.1), ("sistematizado de", 99.4, 108.1),
                     ("reportes", 109.4, 118.1), size=7.85)
    row = [_cells(0, ("2", 90.0, 98.1), size=7.85), _cells(4, ("Informe", 90.0, 98.1), size=7.85)]
    assert texts(split_at_row_starts([wrapped, *row], 7.85, from_ink=True)) == [
        ["Llevar un control", "sistematizado de", "reportes"]]


def test_a_header_label_set_between_the_lines_of_the_label_beside_bounds_its_column():
    """Chromium's print of 002 with fills at 150 dpi (seed 510), page 5 as read: 2017's
    "Programado" is centred between the two lines of 2016's "Ejecutado / (A Junio)", so it
    is a line of its own, level with neither. Lines of one cell were left out of the column
    gaps, so column 6 began where the year over it does, 14 pt right of its label, and the
    border between "100%" and the next year's "≥ 80%" under them fell inside "≥ 80%": the
    two read as one cell and three rows lost their values. A line of one cell overlapping
    a row's line up and down is a cell of that row; a wrapped line under a row is not."""
    from extractors.layout.alignment import _columns_of_block

    header = [
        _ink_line(109.68, 115.92, 7.5, ("2015", 765.6, 783.8), ("2016", 861.1, 878.9), ("2017", 934.6, 952.1)),
        _ink_line(120.24, 128.40, 7.5, ("Producto", 179, 256), ("Programado", 729.8, 776.6),
                  ("Ejecutado", 781.7, 819.8), ("Programado", 824.9, 871.7), ("Ejecutado", 877.2, 914.9)),
        _ink_line(124.80, 132.72, 7.5, ("Programado", 920.4, 967.2)),
        _ink_line(130.08, 138.24, 7.5, ("(AJunio)", 879.1, 913.0))]
    rows = [_ink_line(141.84 + 11.5 * k, 148.08 + 11.5 * k, 7.5, ("Capacitación", 35, 128), ("960", 764.2, 778.1),
                      ("888", 807.1, 820.9), ("860", 859.9, 872.6), ("712", 903.4, 915.6), ("1,960", 948.5, 968.2))
            for k in range(2)]
    rows.append(_ink_line(164.84, 171.08, 7.5, ("Imágenes", 35, 164), ("960,000", 749.2, 778.1),
                          ("940,000", 844.1, 872.6), ("289,912", 887.3, 915.6), ("666,900", 939.6, 968.2)))
    glued = _ink_line(176.4, 182.6, 7.5, ("Resolución", 35, 159), ("≥80%", 823.0, 846.0), ("100%≥80%", 896.2, 941.5))

    def column_6_starts(block) -> float:
        _, _, gaps = _columns_of_block(block, TableSettings().for_scanned_page())
        return next(b for a, b in gaps if 914 < a < 917)

    assert column_6_starts(header + rows + [glued]) == pytest.approx(920.4)
    # The same label a wrapped line under the header row, not beside it: no cell of that row.
    wrapped = header[:2] + [_ink_line(133.0, 140.9, 7.5, ("Programado", 920.4, 967.2))] + rows + [glued]
    assert column_6_starts(wrapped) == pytest.approx(934.6)


def test_two_values_glued_across_a_column_border_are_two_cells():
    """Chromium's prints of 002 at 150 dpi (seeds 490-530), the goals' rows as read: a year's
    executed percentage ends 3 pt before the next year's goal ("136%" right-aligned, "≥ 80%"
    left-aligned), under a column gap, so the line read "136%≥80%" as one phrase across the
    border between the two columns; the cell parsed as two values of one period, and the
    document broke its contract or lost the rows. A phrase whose pieces either side of each
    border it crosses are each a value is cut there; a number's digit groups (1 062 997)
    and text with a value stay whole."""
    from extractors.layout.alignment import glued_cells_parted

    def texts(line) -> list[str]:
        return ["".join(ch.text for ch in p.chars) for p in line.phrases]

    bounds = [720.0, 779.6, 822.7, 874.9]
    glued = _line_of_words([("136%", 800.0), ("≥80%", 824.0)])
    assert texts(glued_cells_parted(glued, bounds)) == ["136%", "≥80%"]
    thrice = _line_of_words([("≥85%", 760.0), ("75%", 790.0), ("≥85%", 830.0)])
    assert texts(glued_cells_parted(thrice, [720.0, 779.6, 822.7, 874.9])) == ["≥85%", "75%", "≥85%"]
    for words in ([("62", 805.0), ("997", 823.0)], [("Horas", 790.0), ("960", 825.0)],
                  [("136%", 800.0), ("anual", 824.0)]):
        line = _line_of_words(words)
        assert glued_cells_parted(line, bounds) is line


def test_a_value_and_the_dash_of_the_next_column_glued_across_its_border_are_two_cells():
    """Chromium's filled print of 003 at 150 dpi (seed 550), page 2 as read: each
    activity's progress "100.0%" ends 3.4 pt before the "-" the next column ("[0%-75%>")
    prints for nothing, a word space, so the line read "100.0% -" as one phrase across the
    border between them; the progress cell parsed as no number, and every activity lost its
    progress (activity recall 0; 0.522 with the cut: on the next page the table found no
    border there). A dash alone is a value cell's text too: the phrase is cut at the border.
    A dash glued to a word, or after a word, stays whole."""
    from extractors.layout.alignment import glued_cells_parted

    def texts(line) -> list[str]:
        return ["".join(ch.text for ch in p.chars) for p in line.phrases]

    bounds = [802.6, 854.5, 891.8, 918.0]
    glued = _line_of_words([("100.0%", 864.2), ("-", 894.0)])
    assert texts(glued_cells_parted(glued, bounds)) == ["100.0%", "-"]
    for words in ([("100.0%", 864.2), ("-ajuste", 894.0)], [("Sin", 870.0), ("-", 894.0)]):
        line = _line_of_words(words)
        assert glued_cells_parted(line, bounds) is line


def test_a_year_over_its_measure_labels_is_no_wrapped_cell_of_the_first_label():
    """Chromium's prints of 002 at 150 dpi, page 12 as read: "AÑO 2014" spans the
    PRESUPUESTADO and EJECUTADO columns 2.6 pt above their labels, under the 0.35 size that
    joins lines into one cell; "AÑO 2014 PRESUPUESTADO" became one cell spanning both
    columns, "EJECUTADO" went into it, and both columns' amounts were read as planned (two
    values of one period: the document broke its contract, seeds 510 and 520). A label
    wrapped over two lines, nothing beside its second line under its first, stays one cell."""
    from extractors.layout.alignment import phrases_to_blocks

    def blocks(lines) -> list[tuple[int, int, str]]:
        return sorted((b.col0, b.col1, " ".join("".join(ch.text for ch in p.chars) for p in b.phrases))
                      for b in phrases_to_blocks(lines, [540.0, 630.5, 685.0, 762.0], 2.1, 2.95))

    year = _ink_line(58.78, 67.21, 8.52, ("AÑO2014", 600, 638))
    year.phrases[0].span = True
    labels = _ink_line(69.82, 78.25, 8.76, ("PRESUPUESTADO", 556, 628), ("EJECUTADO", 632, 682))
    assert blocks([year, labels]) == [(0, 0, "PRESUPUESTADO"), (0, 1, "AÑO2014"), (1, 1, "EJECUTADO")]
    wrapped = _ink_line(58.78, 67.21, 8.52, ("OBJETIVOESTRATÉGICO", 560, 660))
    wrapped.phrases[0].span = True
    under = _ink_line(69.82, 78.25, 8.76, ("INSTITUCIONAL", 570, 625))
    assert blocks([wrapped, under]) == [(0, 1, "OBJETIVOESTRATÉGICO INSTITUCIONAL")]
    # Chromium's plain 004 at 200 dpi (seed 520): a cost centre's lines start flush, its
    # second line read as two phrases across a word gap the table took for a column's.
    centre = _ink_line(58.78, 67.21, 8.52, ("UNIDADFUNCIONAL", 560, 660))
    centre.phrases[0].span = True
    second = _ink_line(62.0, 70.4, 8.52, ("DE", 560, 572), ("PLANEAMIENTOY", 634, 690))
    assert (0, 1, "UNIDADFUNCIONAL DE") in blocks([centre, second])
