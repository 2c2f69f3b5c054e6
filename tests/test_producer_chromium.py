"""The HTML that the Chromium producer prints (no Chromium run: HTML generation only)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from fixtures.grid import TableCells
from fixtures.producers import PRODUCERS, chromium

STYLES = {s.name: s for s in PRODUCERS["chromium"].styles}


def fonts_installed() -> bool:
    if shutil.which("fc-match") is None:
        return False
    try:
        for font in chromium.FONTS:
            chromium.metrics_fonts(font)
    except (OSError, RuntimeError, subprocess.CalledProcessError):
        return False
    return True


needs_fonts = pytest.mark.skipif(not fonts_installed(),
                                 reason="fonts-liberation / fonts-dejavu-extra not installed")


def test_text_is_escaped_kept_whole_and_broken_only_at_newlines():
    assert chromium.text_html('a < b & "c"') == 'a &lt; b &amp; "c"'
    assert chromium.text_html("PLAN ANUAL\nDE TRABAJO") == "PLAN ANUAL<br>DE TRABAJO"
    # A token with a break opportunity of its own (hyphen, slash) never wraps inside.
    assert chromium.text_html("AOI-001 y/o x") == (
        '<span class="nw">AOI-001</span> <span class="nw">y/o</span> x')


def test_spans_become_colspan_and_rowspan_and_headers_repeat():
    tc = TableCells(
        cells=[["Unidad X", "", ""], ["Actividad", "Meses", ""], ["", "Ene", "Feb"],
               ["A <b>", "10", ""], ["", "5", "1,644"]],
        kinds=["caption", "header", "header", "body", "body"],
        spans=[(0, 0, 2, 0), (1, 1, 2, 1), (0, 1, 0, 2), (0, 3, 0, 4)])
    out = chromium.cells_html(tc, [100.0, 20.0, 20.0], 7.0, "grid")
    head, body = out.split("</thead>")
    assert head.count("<tr") == 3 and body.count("<tr") == 2
    assert '<th colspan="3">Unidad X</th>' in head
    assert '<th colspan="2">Meses</th>' in head and '<th rowspan="2">Actividad</th>' in head
    assert '<td rowspan="2">A <span class="nw">&lt;b&gt;</span></td>' in body
    assert '<td class="num">1,644</td>' in body
    # Covered cells are not emitted: 2 cells in the last row (the rowspan covers col 0).
    assert body.split("<tr")[-1].count("<td") == 2
    assert re.findall(r'class="body (even|odd)"', body) == ["even", "odd"]
    assert 'style="width:100.00pt"' in out and "font-size:7pt" in out


@needs_fonts
@pytest.mark.parametrize("style, labels", [
    ("borders", ["Ene", "Feb"]), ("borders-upper", ["ENERO", "FEBRERO"]),
    ("fills", ["Enero", "Febrero"])])
def test_document_pages_months_and_style(style, labels):
    grid = {"doc": "x", "title": "T & T", "blocks": [
        {"type": "heading", "text": "Plan"},
        {"type": "page_break", "page_header": ["GOBIERNO", "PLAN 2022"], "header_layout": None},
        {"type": "text", "text": "uno", "list": "bullet"},
        {"type": "text", "text": "dos", "list": "bullet"},
        {"type": "table", "table_id": "t1", "caption_rows": [], "header": [["Actividad", "Ene", "Feb"]],
         "rows": [["Elaborar informes", "10%", ""]]},
        {"type": "image"},
        {"type": "footer", "text": "pie"},
    ]}
    html = chromium.document_html(grid, STYLES[style])
    assert html.count("<section>") == 2 and "<title>T &amp; T</title>" in html
    assert '<div class="first">GOBIERNO</div>' in html
    assert "<ul><li>uno</li><li>dos</li></ul>" in html
    assert "".join(f"<th>{label}</th>" for label in labels) in html
    assert html.index('<div class="footer">pie</div>') > html.index('<div class="image">')
    css = chromium.stylesheet(STYLES[style])
    assert "hyphens: manual" in css and "break-before: page" in css
    if style == "fills":
        assert "border: none" in css and "#f2f2f2" in css and "#ffffff" in css
        assert "size: legal landscape" in css
    else:
        assert "0.75pt solid #000" in css


@needs_fonts
def test_table_fits_the_page_width():
    row = ["Sistema de Información del Mercado de Trabajo", *(f"{i}.00" for i in range(20))]
    block = {"type": "table", "table_id": "t", "caption_rows": [],
             "header": [["Actividad", *(f"M{i}" for i in range(20))]], "rows": [row] * 3}
    html = chromium.table_html(block, STYLES["borders-upper"])
    widths = [float(w) for w in re.findall(r'<col style="width:([0-9.]+)pt">', html)]
    assert len(widths) == 21
    assert sum(widths) <= chromium.content_width(STYLES["borders-upper"])
