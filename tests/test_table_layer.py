"""The shared table layer on real PDFs: spans, wrapped text, and source equivalence."""

from __future__ import annotations

from itertools import islice

import pytest
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from conftest import INTEGRACION_2024, MTPS_2022, RAW
from extractors.document import page_to_layout
from extractors.sources import PdfOpenError, get_source
from extractors.tables import TableSettings, page_to_tables


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


def test_unknown_source_names_the_valid_ones():
    with pytest.raises(ValueError, match="pdfium, pdfplumber"):
        get_source("tesseract")


def test_not_a_pdf_raises_open_error_naming_the_file(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text("this is not a PDF")
    for source in ("pdfium", "pdfplumber"):
        with pytest.raises(PdfOpenError, match="notes.pdf"):
            list(get_source(source).iter_pages(bad))


@pytest.mark.parametrize("doc, pages", [(MTPS_2022, (2, 17, 46, 48, 64)), (INTEGRACION_2024, (1, 15, 55))])
def test_fast_source_gives_the_same_rows_as_pdfplumber(doc, pages):
    """The hot path (pdfium) must stay exact: same tables, cells and text as pdfplumber."""
    path = RAW / f"{doc}.pdf"
    settings = TableSettings()

    def rows(source):
        out = {}
        for content in islice(get_source(source).iter_pages(path), max(pages)):
            if content.number in pages:
                layout = page_to_layout(content, settings)
                out[content.number] = [t.texts() for t in layout.tables]
        return out

    fast, reference = rows("pdfium"), rows("pdfplumber")
    assert fast == reference
    assert all(fast[p] for p in pages)  # every sampled page has tables


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
