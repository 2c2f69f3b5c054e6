"""One regression test per trap that other producers' prints set for the page reader.

Each test reads the committed page where the trap was found (``tests/producers``),
through the real page reader, and checks what a reader sees there. The golden tests
(`test_producers.py`) say the documents come out right; these say which cause was
fixed, so that a regression points at it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from conftest import ROOT
from extractors.document import PageLayout, read_document
from extractors.layout import TableSettings, get_source
from extractors.layout.rulings import shapes_to_edges
from extractors.layout.words import chars_to_words

PRODUCED = ROOT / "tests" / "producers"
MTPS, INTEGRACION, ISSS = "000_21c4c1a7181f29ae", "001_4a66d044e43cd4be", "002_5e65348469c072e6"
MTPE, CEPLAN, CEPLAN_V1, CEPLAN_NOCODES = ("003_c18181cb25637abd", "004_cad7ca5c0a475a2d",
                                           "006_ceplan_poi_2024_v1", "007_ceplan_poi_2024_nocodes")


@lru_cache(maxsize=None)
def layout(corpus: str, doc: str, source: str = "pdfium") -> tuple[PageLayout, ...]:
    """Every page of a producer's print, read as in a run (continuations included)."""
    return tuple(read_document(PRODUCED / corpus / f"{doc}.pdf", get_source(source), TableSettings()).pages)


def page_content(corpus: str, doc: str, number: int, source: str = "pdfium"):
    pages = get_source(source).iter_pages(PRODUCED / corpus / f"{doc}.pdf")
    return next(p for p in pages if p.number == number)


@pytest.mark.parametrize("source", ["pdfium", "pdfplumber"])
def test_browser_print_words_are_not_glued(source):
    """Trap GLUED_WORDS: Chromium draws 16 px fonts under a 0.75 page matrix and prints
    no space glyph at places; PDFium reported the unscaled size, so the word-gap
    threshold grew by a third and "PLAN ANUAL DE" read "PLANANUALDE"."""
    page = page_content("chromium-fills", MTPS, 1, source)
    lines = [" ".join(line) for line in chars_to_words(page.chars, TableSettings())]
    assert "PLAN ANUAL DE TRABAJO 2022" in lines
    assert not any("PLANANUAL" in line for line in lines)


def test_kerned_space_still_separates_words():
    """Trap KERNED_SPACE: in Liberation Sans a space between "L" and "A" is kerned to
    0.167 em, below the old 0.2 em word gap: "EMPRESARIAL A LOS" read
    "EMPRESARIALA LOS". Words now break at 0.1 em (letters sit at most 0.05 em apart)."""
    cells = [c.text for t in layout("chromium-borders", MTPE)[10].tables for c in t.cells]
    assert any("EMPRESARIAL A LOS ACTORES" in text for text in cells)
    assert not any("EMPRESARIALA" in text for text in cells)


def test_typst_ligatures_spell_the_same_from_both_sources():
    """Trap LIGATURES: Typst sets "fi" as one glyph; pdfminer reports it as one char
    "fi" (or "ﬁ"), PDFium as two. Both sources now give single letters."""
    for source in ("pdfium", "pdfplumber"):
        page = page_content("typst-plain", MTPS, 5, source)
        assert all(len(c.text) == 1 and not "\ufb00" <= c.text <= "\ufb06" for c in page.chars)


def test_background_fills_are_not_ruling_lines():
    """Trap FILLS_AS_RULINGS: every cell of the `fills` print is a filled rectangle
    (white ones too); their outlines were read as rulings, the header became a 1-row
    ruled table and the body a separate text table. No fill is a line now, and the
    header and body are one table."""
    page = page_content("chromium-fills", CEPLAN, 1)
    assert page.shapes and list(shapes_to_edges(page.shapes)) == []
    table = layout("chromium-fills", CEPLAN)[0].tables[0]
    assert table.n_cols == 22 and table.texts()[1][8:11] == ["Enero", "Febrero", "Marzo"]


def test_centred_header_cells_are_one_row():
    """Trap CENTRED_HEADER: browsers centre header cells vertically, so labels wrapped
    to one, two or five lines start at different heights; rows from cell tops cut
    the header into six rows and the period row fell out of reach. Rows are bands of
    overlapping cells now: FISICO over the months, then the months."""
    texts = layout("chromium-fills", CEPLAN)[0].tables[0].texts()
    assert texts[0][:3] == ["CÓDIGO", "TIPO / DE OEI",
                            "OBJETIVO ESTRATEGICO / ACCION ESTRATÉGICA / ACTIVIDAD OPERATIVA"]
    assert texts[0][14] == "FISICO" and texts[1][19] == "Diciembre"


def test_tight_web_cells_are_two_columns():
    """Trap TIGHT_CELLS: with 1.5 pt of padding a description ends 0.34 em before the
    unit of measure of the next column, less than the 0.35 em phrase gap: "RED NACIONAL
    DOCUMENTO" read as one cell. A gap 1.1x the line's usual word space splits."""
    row = layout("chromium-fills", MTPE)[18].tables[0].texts()[1]
    assert row[3].endswith("RED NACIONAL DEL SERVICIO NACIONAL DEL EMPLEO") and row[4] == "DOCUMENTO"


def test_header_centred_over_flush_left_column_is_that_column():
    """Trap CENTRED_OVER_FLUSH_LEFT: "Propósito /Producto" is centred over a wide
    column of short flush-left texts and prints clear of them; the whitespace between
    made two columns. A header column stacked over a body column is one column."""
    texts = layout("chromium-fills", ISSS)[4].tables[0].texts()
    assert texts[0][0] == "Propósito /Producto" and texts[2][0] == "Concesión de pensiones (nuevos casos)"


def test_year_over_two_measure_columns_keeps_both_measures():
    """Trap DUPLICATE_VALUES (the office-exported ISSS 2017 plan): a year label centred
    over "Programado | Ejecutado (A junio)" whose labels wrap to different heights.
    The header read in three rows, the measure row no longer under the year row, both
    columns defaulted to planned 2015 and the row held two values for one (activity,
    measure, period): the data contract failed. The header is two rows now, and the
    year spans both of its columns."""
    for corpus in ("chromium-fills", "chromium-plain"):
        texts = layout(corpus, ISSS)[6].tables[0].texts()
        assert texts[0][2:] == ["2015", "", "2016", "", "2017"], corpus
        assert texts[1][2:6] == ["Programado", "Ejecutado", "Programado"] + texts[1][5:6], corpus
        assert texts[1][5].lower() == "ejecutado (a junio)" and texts[2][4:6] == ["342", "254"], corpus


def test_spreadsheet_grid_is_cut_at_the_spacer_row():
    """Trap ONE_GRID: a spreadsheet prints the running header's box, an empty spacer
    row and the table on one grid that shares the sheet's outer borders; it was one
    table whose first rows were the page header, so the unit caption was lost. The
    thin empty full-width row cuts it into the two tables a reader sees."""
    tables = layout("libreoffice-calc", MTPS)[65].tables
    assert [(t.n_rows, t.n_cols) for t in tables] == [(3, 3), (4, 17)]
    assert tables[1].texts()[0][0] == "Oficina Departamental de Cuscatlán"


def test_tables_ruled_alike_a_few_points_apart_stay_apart():
    """Trap JOINED_TABLES: a grouping table and the activity table under it, ruled on
    the same columns 2.7 pt apart: their collinear borders were joined across the gap.
    Segments that each end on a crossing line are not joined."""
    tables = layout("libreoffice-calc", CEPLAN)[1].tables
    assert [(t.n_rows, t.n_cols) for t in tables[1:3]] == [(2, 3), (4, 22)]


def test_blank_narrow_columns_in_small_print_stay_columns():
    """Trap NARROW_BLANK_COLUMNS: at 4 pt three blank columns are 3.95 pt wide; their
    borders were snapped into one line (3 pt tolerance) and a column vanished. Lines
    that run side by side are two rulings however close."""
    assert layout("typst-plain", CEPLAN_V1)[2].tables[0].n_cols == 22


def test_scaled_sheet_heading_names_its_unit():
    """Trap SCALED_HEADING: an office export fits each sheet to the page, so a 12 pt
    heading over a wide table prints at 7.7 pt, smaller than the document's 10 pt
    text: the heading, hence the unit, was lost. Headings are measured against their
    own page."""
    from extractors import classify

    doc = read_document(PRODUCED / "libreoffice-calc" / f"{INTEGRACION}.pdf", get_source("pdfium"), TableSettings())
    result = classify(doc)().extract(doc)
    assert result.activities[0]["unit"] == "PROGRAMA ADN DE LA POBREZA Y DE LA CULTURA DE LA INTEGRACIÓN"


def test_continuation_of_a_continuation_keeps_the_columns():
    """Trap CONTINUATION_OF_CONTINUATION: a page whose blank columns vanish follows a
    page that is itself a header-less continuation; the earlier page's first row
    (data) was taken for a repeated header, and a page of other activities shared too
    few words. It is matched by kinds of words and read on 22 columns."""
    assert [t.n_cols for t in layout("chromium-fills", CEPLAN_NOCODES)[4].tables][:1] == [22]


def test_pdfium_ink_box_glyphs_sit_on_their_baseline():
    """Trap INK_BOXES: for fonts without metrics PDFium gives each glyph its ink box,
    so "(" hung 3.6 pt below "A" and "(AO)" split over two lines; pdfminer set both on
    one box. Glyphs now stand one em over their baseline in both sources."""
    words = {source: chars_to_words(page_content("libreoffice-calc", MTPE, 14, source).chars, TableSettings())
             for source in ("pdfium", "pdfplumber")}
    assert words["pdfium"] == words["pdfplumber"]
    assert any("(AO)" in line for line in words["pdfium"])


def test_justified_prose_is_not_a_table():
    """Trap JUSTIFIED_PROSE: stretched word spaces of a justified paragraph lined up
    across lines and made a 3-row, 2-column "table" on one source only. A table needs
    two rows of several cells."""
    assert [(t.n_rows, t.n_cols) for t in layout("chromium-borders-upper", MTPE)[3].tables] == [(6, 7)]


def test_unruled_merged_product_applies_to_both_rows():
    """Trap MERGED_PRODUCT (ISSS 2017): the product cell is merged over two units of
    measure; without rulings it prints on the first row only."""
    from extractors import classify

    doc = read_document(PRODUCED / "chromium-fills" / f"{ISSS}.pdf", get_source("pdfium"), TableSettings())
    acts = classify(doc)().extract(doc).activities
    first, second = (a for a in acts if a["activity"] == "Capacitación del Personal")
    assert (first["measure_unit"], second["measure_unit"]) == ("Horas", "Empleado Capacitado")


def test_pixel_jitter_between_lines_is_no_row_break():
    """Trap LINE_JITTER: Chromium snaps lines to whole pixels, so the lines of one
    centred cell sit 7.5 or 8.25 pt apart; a cost centre's second line was split off
    as a row of its own. A row break needs more than a pixel (1 pt) over the usual gap."""
    table = layout("chromium-plain", CEPLAN)[0].tables[0]
    assert table.texts()[4][3] == "UNIDAD FUNCIONAL DE PLANEAMIENTO Y PRESUPUESTO"
