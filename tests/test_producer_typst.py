"""Tests for the Typst producer (fixtures/producers/typesetter.py): markup and a tiny render.

Needs the ``typst`` package (PyPI) in the venv; skipped without it.
"""

from __future__ import annotations

import pdfplumber
import pytest

pytest.importorskip("typst")

from fixtures.grid import table_to_cells  # noqa: E402
from fixtures.producers import PRODUCERS  # noqa: E402
from fixtures.producers.typesetter import (  # noqa: E402
    inline,
    lit,
    render,
    table_markup,
)

STYLE = PRODUCERS["typst"].styles[0]
TRICKY = 'Dijo "sí" -- a\\b ... x/y-z (Nº 5) ≥ 85% ☒ “fin”'


def test_string_literals_escape_backslash_and_quote():
    assert lit('a"b\\c') == '"a\\"b\\\\c"'


def test_inline_boxes_breakable_words_and_keeps_line_breaks():
    assert inline("Plan anual 2024.") == '#"Plan anual 2024."'
    assert inline("PAT-OCD-05 de 28/07/2021") == (
        '#box("PAT-OCD-05") #"de" #box("28/07/2021")')
    assert inline("uno dos\ntres") == '#"uno dos" \\ #"tres"'


BLOCK = {
    "type": "table",
    "caption_rows": [["Unidad X", "", "", ""]],
    "header": [["Actividad", "PROGRAMA 2022", "", ""], ["", "Ene", "Feb", "Mar"]],
    "rows": [["Elaborar informe", "1", "", "1"]],
}


def test_table_markup_spans_header_and_month_numbers():
    tc = table_to_cells(BLOCK, STYLE.month_case)
    src = table_markup(tc, 6.0, [100.0, 20.0, 20.0, 20.0])
    assert 'table.header(repeat: true,\ntable.cell(colspan: 4)[#"Unidad X"],' in src
    assert 'table.cell(rowspan: 2)[#"Actividad"]' in src
    assert 'table.cell(colspan: 3)[#"PROGRAMA 2022"]' in src
    assert '[#"1"], [#"2"], [#"3"],' in src  # Ene, Feb, Mar printed as 1, 2, 3
    assert "columns: (100.00pt, 20.00pt, 20.00pt, 20.00pt,)" in src


def test_render_prints_every_string_exactly_and_deterministically(tmp_path):
    block = dict(BLOCK, rows=[["Elaborar informe", "1", "", "1"], [TRICKY, "", "1", ""]])
    grid = {"doc": "tiny", "title": "T", "institution": "I", "blocks": [
        {"type": "heading", "text": "Título -- uno"},
        block,
        {"type": "page_break", "header_layout": "table",
         "page_header_cells": [["GOBIERNO", "Código: PAT-1"], ["", "Página 2 de 2"]]},
        {"type": "text", "text": TRICKY},
    ]}
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert render(grid, first, STYLE) == 2
    render(grid, second, STYLE)
    assert first.read_bytes() == second.read_bytes()
    with pdfplumber.open(first) as pdf:
        page1, page2 = pdf.pages
        cells = {v.replace("\n", " ") for t in page1.find_tables()
                 for row in t.extract() for v in row if v}
        assert {"Unidad X", "Actividad", "PROGRAMA 2022", "1", "2", "3",
                "Elaborar informe", TRICKY} <= cells
        assert "Título -- uno" in page1.extract_text()
        assert page2.extract_text().split("\n")[-1] == TRICKY
        assert page2.find_tables()  # the running header is a ruled table
