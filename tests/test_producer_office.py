"""fixtures.producers.office: the documents handed to LibreOffice (soffice is not run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixtures.grid import table_to_cells
from fixtures.producers import PRODUCERS, office

FIXTURES = Path(__file__).resolve().parent / "fixtures"
STYLES = {s.name: s for s in PRODUCERS["libreoffice"].styles}


def load_grid(prefix: str) -> dict:
    (path,) = [p for p in FIXTURES.glob(f"{prefix}*/grid.json")]
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fonts() -> None:
    """Line breaking uses the metrics of the fonts LibreOffice prints with."""
    try:
        office.font_name("Liberation Sans")
        office.font_name("Liberation Serif")
    except RuntimeError as exc:
        pytest.skip(str(exc))


def table_strings(grid: dict, month_case: str | None) -> set[str]:
    return {text.replace("\n", " ") for b in grid["blocks"] if b["type"] == "table"
            for row in table_to_cells(b, month_case).cells for text in row if text}


@pytest.mark.parametrize("text, fmt", [
    ("9%", "0%"), ("8.33%", "0.00%"), ("100.0%", "0.0%"), ("1,100", "#,##0"),
    ("8,276.00", "#,##0.00"), ("4,070.8", "#,##0.0"), ("1938.51", "0.00"), ("0", "0"),
    ("10000", "0"), ("$20,000.00", '"$"#,##0.00'), ("$0.00", '"$"0.00'),
])
def test_number_format_round_trip(text, fmt):
    value, got = office.number_format(text)
    assert got == fmt
    assert office.format_number(value, got) == text


@pytest.mark.parametrize("text", ["≥ 85%", "S.I.", "S.P.", "16.66 %", "01", "21,00", "1,10",
                                  "-", "%", "1.2.3", "", "$5%"])
def test_text_that_is_no_number(text):
    assert office.number_format(text) is None


def test_value_cells_round_trip_and_codes_stay_text():
    numbers = 0
    for path in sorted(FIXTURES.glob("*/grid.json")):
        book = office.TableBook(json.loads(path.read_text(encoding="utf-8")), None)
        for t in book.tables.values():
            roles = t.block.get("column_roles") or []
            assert not {c for c, role in enumerate(roles) if role == "code"} & t.numeric
            for r, row in enumerate(t.tc.cells):
                for c, text in enumerate(row):
                    num = t.number(r, c)
                    if num is not None:
                        numbers += 1
                        assert office.format_number(*num) == text
    assert numbers > 5000


def test_wrap_breaks_only_at_spaces(fonts):
    text = "Gerencia de Planificación Estratégica-Institucional y/o Gestión de la Calidad"
    lines = office.wrap(text, "Liberation Sans", False, 10, 60)
    assert len(lines) > 3 and " ".join(lines) == text
    assert office.wrap("a\nb c", "Liberation Sans", False, 10, 500) == ["a", "b c"]


def test_workbook(fonts):
    pytest.importorskip("openpyxl")
    grid = load_grid("003")
    wb = office.build_workbook(grid, STYLES["calc"])
    strings = table_strings(grid, None)
    sheets = wb.worksheets
    assert 1 < len(sheets) < len(office.grid_to_pages(grid))  # continued tables share sheets
    numbers = formats = 0
    for ws in sheets:
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert setup.orientation == "landscape" and int(setup.paperSize) == 1
        for row in ws.iter_rows():
            for cell in row:
                if cell.border.left.style != "thin" or cell.value is None:
                    continue  # only table cells have borders
                if isinstance(cell.value, str):
                    assert cell.value.replace("\n", " ") in strings
                else:
                    numbers += 1
                    text = office.format_number(cell.value, cell.number_format)
                    assert text in strings
                    formats += cell.number_format != "0"
    assert numbers > 500 and formats > 200
    joined = [ws for ws in sheets if ws.row_breaks.brk]
    assert sum(1 for ws in joined if ws.print_title_rows) >= 3  # continued tables
    caption = next(ws for ws in sheets for row in ws.iter_rows() for c in row
                   if isinstance(c.value, str) and c.value.startswith("Cuadro N° 11"))
    merged = [m for m in caption.merged_cells.ranges if m.min_row == m.max_row]
    assert any(m.max_col - m.min_col + 1 == 9 for m in merged)


def test_document(fonts):
    pytest.importorskip("docx")
    grid = load_grid("004")
    doc = office.build_document(grid, STYLES["writer"])
    strings = table_strings(grid, "title")
    section = doc.sections[0]
    assert section.page_width.pt == 1008 and section.page_height.pt == 612
    wide = next(t for t in doc.tables if len(t.columns) == 22)
    header = wide._tbl.xpath(".//w:trPr/w:tblHeader")
    assert len(header) == 2  # both header rows repeat
    sizes = {float(v) / 2 for v in wide._tbl.xpath(".//w:r/w:rPr/w:sz/@w:val")}
    assert len(sizes) == 1 and sizes.pop() < 8
    texts = {c.text.replace("\n", " ") for t in doc.tables for row in t.rows for c in row.cells}
    assert {"Enero", "Septiembre", "Diciembre"} <= texts
    assert texts - {""} <= strings
    assert doc.tables[0]._tbl.xpath(".//w:gridSpan")  # captions and spans are merged cells
