"""A PDF without a text layer gets needs_ocr (naming its pages); one with text but no
activity table gets no_tables. Never a silent empty output."""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfgen import canvas

from pipeline.config import ExtractSettings
from pipeline.worker import extract_file, page_ranges


def _pdf(path, pages):
    c = canvas.Canvas(str(path), pagesize=landscape(letter), invariant=1)
    for draw in pages:
        draw(c)
        c.showPage()
    c.save()
    return path


def _scan(c):
    # What a scanner produces: an image of a table, no glyphs (a filled raster stand-in).
    c.setFillGray(0.85)
    c.rect(40, 40, 700, 500, stroke=0, fill=1)
    c.setFillGray(0.2)
    for y in range(60, 520, 24):
        c.rect(60, y, 660, 1, stroke=0, fill=1)


def _narrative(c):
    text = c.beginText(40, 560)
    text.setFont("Helvetica", 10)
    for line in ["INTRODUCCIÓN", "El Plan Anual de Trabajo 2023 orienta las actividades de las unidades.",
                 "No contiene cuadros de programación mensual."]:
        text.textLine(line)
    c.drawText(text)


def test_pdf_without_text_layer_needs_ocr_with_page_numbers(tmp_path):
    path = _pdf(tmp_path / "escaneado.pdf", [_scan, _scan, _scan])
    doc = extract_file(path, path.name, ExtractSettings(progress=False)).document
    assert doc["status"] == "needs_ocr"
    assert doc["n_pages"] == 3
    assert "escaneado.pdf" in doc["message"] and "pages 1-3" in doc["message"]


def test_pdf_with_text_but_no_activity_table_is_no_tables(tmp_path):
    path = _pdf(tmp_path / "narrativa.pdf", [_narrative, _narrative])
    outcome = extract_file(path, path.name, ExtractSettings(progress=False))
    assert outcome.document["status"] == "no_tables"
    assert "narrativa.pdf" in outcome.document["message"]
    assert outcome.activities == [] and outcome.values == []


@pytest.mark.parametrize("numbers, text", [([1, 2, 3], "1-3"), ([1, 2, 3, 5], "1-3, 5"), ([4], "4"), ([2, 4, 5], "2, 4-5")])
def test_page_ranges(numbers, text):
    assert page_ranges(numbers) == text
