"""Tests for fixtures.render: page counts, determinism, exact text, variants."""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest

from fixtures.render import (
    BODY_SIZES,
    CONTENT_W,
    HEADER_GAP,
    MARGIN,
    PAGE_H,
    PAGE_W,
    RenderOptions,
    block_to_items,
    layout_page,
    measure,
    register_fonts,
    render_grid,
)
from fixtures.grid import grid_to_pages, header_spans, table_to_cells

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOCS = sorted(p.name for p in FIXTURES.iterdir() if (p / "grid.json").exists())


def load_grid(prefix: str) -> dict:
    (doc,) = [d for d in DOCS if d.startswith(prefix)]
    return json.loads((FIXTURES / doc / "grid.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """Every doc rendered once (plain variant) for the whole module."""
    out = tmp_path_factory.mktemp("raw")
    paths = {}
    for doc in DOCS:
        grid = load_grid(doc)
        paths[doc] = out / f"{doc}.pdf"
        render_grid(grid, paths[doc])
    return paths


def find_table_block(grid: dict, table_id: str) -> tuple[int, dict]:
    """(0-based page index, block) of a table segment."""
    for index, page in enumerate(grid_to_pages(grid)):
        for block in page.blocks:
            if block["type"] == "table" and block.get("table_id") == table_id:
                return index, block
    raise KeyError(table_id)


def extracted_table(pdf_path: Path, page_index: int, nrows: int) -> list[list[str | None]]:
    """The ruled table on that page with ``nrows`` rows (the running header is another,
    smaller table); cell line breaks joined with one space."""
    with pdfplumber.open(pdf_path) as pdf:
        tables = [t for t in pdf.pages[page_index].find_tables() if len(t.rows) == nrows]
        assert len(tables) == 1, f"expected one {nrows}-row table on page {page_index + 1}"
        return [[None if v is None else v.replace("\n", " ") for v in row]
                for row in tables[0].extract()]


def expected_matrix(block: dict) -> list[list[str | None]]:
    """Grid cells as printed; cells hidden under a merge come back as None."""
    tc = table_to_cells(block)
    covered = tc.covered()
    return [[None if (r, c) in covered else text for c, text in enumerate(row)]
            for r, row in enumerate(tc.cells)]


# ------------------------------------------------------------------ page counts


@pytest.mark.parametrize("doc", DOCS)
def test_page_count_matches_grid(doc, rendered):
    grid = load_grid(doc)
    breaks = sum(b["type"] == "page_break" for b in grid["blocks"])
    starts_with_break = grid["blocks"][0]["type"] == "page_break"
    expected = breaks + (0 if starts_with_break else 1)
    with pdfplumber.open(rendered[doc]) as pdf:
        assert len(pdf.pages) == expected
        assert all((p.width, p.height) == (PAGE_W, PAGE_H) for p in pdf.pages)


def test_leading_page_break_emits_no_empty_cover(tmp_path):
    grid = {"title": "t", "institution": "i", "blocks": [
        {"type": "page_break", "page_header": ["Cabecera"], "header_layout": "text"},
        {"type": "text", "text": "uno"},
        {"type": "page_break", "page_header": [], "header_layout": None},
        {"type": "text", "text": "dos"},
    ]}
    assert render_grid(grid, tmp_path / "x.pdf") == 2
    with pdfplumber.open(tmp_path / "x.pdf") as pdf:
        assert "Cabecera" in pdf.pages[0].extract_text()


def fullest_pages(grid: dict, n: int = 3) -> list[int]:
    """Indices of the pages whose content is tallest at full scale (the ones that
    had to be shrunk to fit)."""
    opts = RenderOptions(register_fonts())
    heights = []
    for index, page in enumerate(grid_to_pages(grid)):
        items = [it for b in page.blocks for it in block_to_items(b, BODY_SIZES[0], opts)]
        heights.append((measure(items, CONTENT_W), index))
    return [index for _, index in sorted(heights, reverse=True)[:n]]


@pytest.mark.parametrize("doc", DOCS)
def test_every_page_fits_without_overflow(doc):
    grid = load_grid(doc)
    opts = RenderOptions(register_fonts())
    for page in grid_to_pages(grid):
        header, items, _ = layout_page(page, opts)
        used = measure(header, CONTENT_W) + HEADER_GAP if header else 0.0
        assert used + measure(items, CONTENT_W) <= PAGE_H - 2 * MARGIN


@pytest.mark.parametrize("doc", [d for d in DOCS if not any(b["type"] == "footer" for b in load_grid(d)["blocks"])])
def test_fullest_pages_stay_inside_margins(doc, rendered):
    # Documents with footers (002's slide footers, 008's page numbers) are excluded:
    # footers are printed inside the bottom margin.
    grid = load_grid(doc)
    with pdfplumber.open(rendered[doc]) as pdf:
        for index in fullest_pages(grid):
            page = pdf.pages[index]
            for obj in page.chars + page.lines + page.rects:
                assert MARGIN - 0.5 <= obj["top"] and obj["bottom"] <= PAGE_H - MARGIN + 0.5


# ---------------------------------------------------------------- determinism


def test_rendering_is_byte_identical(tmp_path):
    grid = load_grid("002")
    render_grid(grid, tmp_path / "a.pdf")
    render_grid(grid, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_metadata_from_grid(rendered):
    grid = load_grid("000")
    with pdfplumber.open(rendered[DOCS[0]]) as pdf:
        assert pdf.metadata["Title"] == grid["title"]
        assert pdf.metadata["Author"] == grid["institution"]


# ------------------------------------------------------------------ exact text


@pytest.mark.parametrize("prefix,table_id", [
    ("000", "t005"),   # caption row + two-row header
    ("000", "t034"),   # two-row header without caption
    ("000", "t037"),   # 18 columns, "1".."12" month labels, trailing blank column
    ("000", "t051"),   # caption row starting with empty cells
    ("001", "t001"),   # document header block on the cover
    ("001", "t041"),
    ("002", "t004"),   # rowspan_rows: product cell spanning two body rows
])
def test_table_text_is_exact(prefix, table_id, rendered):
    grid = load_grid(prefix)
    page_index, block = find_table_block(grid, table_id)
    expected = expected_matrix(block)
    assert extracted_table(rendered[grid["doc"]], page_index, len(expected)) == expected


def test_t042_prints_shifted_values_as_in_original(rendered):
    grid = load_grid("001")
    page_index, block = find_table_block(grid, "t042")
    got = extracted_table(rendered[grid["doc"]], page_index, 1 + len(block["rows"]))
    header, body = got[0], got[1:]
    assert header == block["header"][0]
    # Row 0 is not adjusted: printed exactly as in the grid.
    assert body[0] == block["rows"][0]
    # Row 1: Oct, Nov, Dic, Total meta, (blank column) = 1, 1, 1, 1, 4; Sep empty.
    assert body[1][14:20] == ["", "1", "1", "1", "1", "4"]
    assert body[1][:6] == block["rows"][1][:6]
    # Row 2: Total meta, (blank column) = 1, 1; Dic empty.
    assert body[2][17:20] == ["", "1", "1"]


def test_text_blocks_are_exact(rendered):
    grid = load_grid("002")
    with pdfplumber.open(rendered[grid["doc"]]) as pdf:
        for index, page in enumerate(grid_to_pages(grid)):
            text = " ".join(pdf.pages[index].extract_text().split())
            for block in page.blocks:
                if block["type"] in ("text", "heading"):
                    prefix = "• " if block.get("list") == "bullet" else ""
                    assert " ".join((prefix + block["text"]).split()) in text


def test_markup_characters_and_long_words_survive(tmp_path):
    words = "Supercalifragilisticoespialidoso-extraordinariamente-largo"
    grid = {"title": "t", "institution": "i", "blocks": [
        {"type": "text", "text": "A & B <c> ≥ 80% ☒ “cita”"},
        {"type": "table", "caption_rows": [], "header": [["Col", "Ene"]],
         "rows": [[f"{words} y <x> & más", "8%"]]},
    ]}
    render_grid(grid, tmp_path / "m.pdf")
    with pdfplumber.open(tmp_path / "m.pdf") as pdf:
        page = pdf.pages[0]
        assert "A & B <c> ≥ 80% ☒ “cita”" in page.extract_text()
        (table,) = page.find_tables()
        rows = [[v.replace("\n", " ") for v in row] for row in table.extract()]
        assert rows == [["Col", "Ene"], [f"{words} y <x> & más", "8%"]]


# -------------------------------------------------------------------- merges


def test_header_spans_two_rows():
    header = [["Línea", "Actividad", "PROGRAMA ANUAL 2022 (%)", "", ""],
              ["", "", "Ene", "Feb", "Mar"]]
    assert sorted(header_spans(header, 0)) == [(0, 0, 0, 1), (1, 0, 1, 1), (2, 0, 4, 0)]


def test_single_header_row_is_never_merged():
    assert header_spans([["A", "", "B"]], 0) == []


# ------------------------------------------------------------------- variants


def test_unruled_variant_has_no_lines(tmp_path):
    grid = load_grid("001")
    render_grid(grid, tmp_path / "u.pdf", ruled=False)
    table_pages = [i for i, p in enumerate(grid_to_pages(grid))
                   if any(b["type"] == "table" for b in p.blocks)][:6]
    assert table_pages
    with pdfplumber.open(tmp_path / "u.pdf") as pdf:
        for i in table_pages:
            page = pdf.pages[i]
            assert page.lines == [] and page.rects == []
            assert page.chars


def test_upper_month_labels():
    _, block = find_table_block(load_grid("000"), "t034")
    cells = table_to_cells(block, month_case="upper").cells
    assert cells[1][5:17] == ["ENERO", "FEBRERO", "MARZO", "ABRIL", "MAYO", "JUNIO", "JULIO",
                              "AGOSTO", "SEPTIEMBRE", "OCTUBRE", "NOVIEMBRE", "DICIEMBRE"]
    assert cells[2:] == table_to_cells(block).cells[2:]


def test_blank_trailing_header_column_is_a_real_column():
    # 000 t052: a 13th value column with no label; it must keep its own cells.
    _, block = find_table_block(load_grid("000"), "t052")
    spans = table_to_cells(block).spans
    assert all(c1 < 17 for _, _, c1, _ in spans)
    assert (5, 0, 16, 0) in spans


# ------------------------------------------------------------------------ CLI


def test_cli_renders_variant_names(tmp_path, capsys):
    from fixtures.__main__ import main

    assert main(["--only", "002", "--out", str(tmp_path), "--variant", "unruled"]) == 0
    grid = load_grid("002")
    assert (tmp_path / f"{grid['doc']}-unruled.pdf").exists()
    assert "16 pages" in capsys.readouterr().out
