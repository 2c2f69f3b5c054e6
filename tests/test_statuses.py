"""A PDF without a text layer gets needs_ocr (naming its pages) when its pages draw
images (a scan); one whose pages draw only vector shapes, or a form that draws itself,
gets no_tables saying so; one with text but no activity table gets no_tables. Never a
silent empty output.

The PDFs are made with real tools: reportlab (shapes, an image, text) and pikepdf (a
page whose Form XObject invokes itself), and read by both text sources.
"""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from conftest import CEPLAN_2024, RAW
from golden import assert_same, compare_activities, compare_values
from pipeline.config import GIB, ExtractSettings
from pipeline.run import extract_corpus
from pipeline.worker import SHAPES, draws_per_page, extract_file, no_text_status, page_ranges

SOURCES = ("pdfium", "pdfplumber")

OCR_OFF = "OCR is off: read it with --ocr auto (experimental, see the README)"  # the default: --ocr off


def _pdf(path, pages):
    c = canvas.Canvas(str(path), pagesize=landscape(letter), invariant=1)
    for draw in pages:
        draw(c)
        c.showPage()
    c.save()
    return path


def _scan(c):
    # What a scanner produces: an image of the page (a real image XObject), no glyphs.
    width, height = 200, 150
    image = Image.frombytes("L", (width, height), bytes((x * 7 + y * 3) % 256 for y in range(height)
                                                        for x in range(width)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    c.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 36, 36, 720, 540)


def _shapes(c):
    # A ruled grid, a filled box and a circle: vector shapes only, not one glyph.
    c.rect(40, 40, 700, 500)
    for y in range(60, 520, 24):
        c.line(60, y, 720, y)
    c.setFillGray(0.85)
    c.rect(60, 480, 200, 40, stroke=0, fill=1)
    c.circle(400, 300, 50, fill=1)


def _blank(c):
    pass


def self_drawing_form_pdf(path, invocations: int = 1):
    """One page whose content invokes a Form XObject that draws a line and invokes itself
    (``invocations`` times): the ``xobject-loop`` kind of file."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(792, 612))
    form = pikepdf.Stream(pdf, b"0 0 m 100 100 l S" + b" /F Do" * invocations)
    form["/Type"], form["/Subtype"], form["/BBox"] = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 792, 612]
    resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(F=form))
    form["/Resources"] = resources  # the form's own resources name the form itself
    page = pdf.pages[0]
    page.obj["/Resources"] = resources
    page.obj["/Contents"] = pdf.make_stream(b"q /F Do Q")
    pdf.save(path, deterministic_id=True)
    return path


def _narrative(c):
    text = c.beginText(40, 560)
    text.setFont("Helvetica", 10)
    for line in ["INTRODUCCIÓN", "El Plan Anual de Trabajo 2023 orienta las actividades de las unidades.",
                 "No contiene cuadros de programación mensual."]:
        text.textLine(line)
    c.drawText(text)


@pytest.mark.parametrize("source", SOURCES)
def test_pdf_without_text_layer_needs_ocr_with_page_numbers(tmp_path, source):
    path = _pdf(tmp_path / "escaneado.pdf", [_scan, _scan, _scan])
    doc = extract_file(path, path.name, ExtractSettings(progress=False, source=source)).document
    assert doc["status"] == "needs_ocr"
    assert doc["n_pages"] == 3
    assert doc["message"] == f"escaneado.pdf: no text layer on pages 1-3 (scanned?); {OCR_OFF}"


@pytest.mark.parametrize("source", SOURCES)
def test_pages_of_vector_shapes_only_draw_no_text_and_need_no_ocr(tmp_path, source):
    path = _pdf(tmp_path / "organigrama.pdf", [_shapes, _shapes, _shapes])
    outcome = extract_file(path, path.name, ExtractSettings(progress=False, source=source))
    assert outcome.document["status"] == "no_tables"
    assert outcome.document["message"] == "organigrama.pdf: pages 1-3 draw no text (vector shapes only)"
    assert outcome.document["n_pages"] == 3 and outcome.activities == []


@pytest.mark.parametrize("source", SOURCES)
def test_a_form_that_draws_itself_is_a_page_of_shapes_not_a_scan(tmp_path, source):
    # PDFium expands the form a bounded number of levels, pdfminer refuses the cycle:
    # neither loops, and the page draws a line, no text, no image.
    path = self_drawing_form_pdf(tmp_path / "xobject-loop.pdf")
    outcome = extract_file(path, path.name, ExtractSettings(progress=False, source=source))
    assert outcome.document["status"] == "no_tables"
    assert outcome.document["message"] == "xobject-loop.pdf: page 1 draws no text (vector shapes only)"
    assert draws_per_page(path) == [SHAPES]


def test_scanned_vector_and_blank_pages_in_one_document(tmp_path):
    path = _pdf(tmp_path / "mixto.pdf", [_scan, _shapes, _blank, _blank, _scan])
    doc = extract_file(path, path.name, ExtractSettings(progress=False)).document
    assert doc["status"] == "needs_ocr"
    assert doc["message"] == (f"mixto.pdf: no text layer on pages 1, 5 (scanned?); {OCR_OFF}; "
                              "page 2 draws no text (vector shapes only); pages 3-4 are blank (draw nothing)")


def test_no_text_messages():
    assert no_text_status("a.pdf", ["nothing"]) == {"status": "no_tables", "message": "a.pdf: page 1 is blank (draws nothing)"}
    assert no_text_status("a.pdf", ["shapes", "text"]) == {  # text objects without readable characters: OCR
        "status": "needs_ocr",
        "message": f"a.pdf: no text layer on page 2 (scanned?); {OCR_OFF}; page 1 draws no text (vector shapes only)"}
    assert no_text_status("a.pdf", ["image"], "auto")["message"] == (  # auto reads images, not such glyphs
        "a.pdf: no text layer on page 1 (scanned?); its glyphs have no characters: read it with --ocr force")


def test_a_form_that_draws_itself_twice_is_stopped_by_the_limits_and_the_batch_goes_on(tmp_path):
    # Invoked twice per level, the form grows exponentially: PDFium's bounded expansion
    # still runs out of memory (or time) while loading the page. The worker's limits stop
    # that one document; the sample next to it comes out as its golden data.
    src = tmp_path / "in"
    src.mkdir()
    self_drawing_form_pdf(src / "xobject-loop-2.pdf", invocations=2)
    (src / f"{CEPLAN_2024}.pdf").symlink_to(RAW / f"{CEPLAN_2024}.pdf")
    summary = extract_corpus(src, tmp_path / "out", ExtractSettings(jobs=2, progress=False, timeout=12,
                                                                    max_memory=GIB))
    docs = summary.frames["documents"].set_index("source_path")
    loop = docs.loc["xobject-loop-2.pdf"]
    assert loop["status"] == "failed" and loop["message"].startswith("xobject-loop-2.pdf: ")
    assert "page 1 of 1" in loop["message"] and ("memory limit 1 GiB" in loop["message"]
                                                 or "time limit" in loop["message"]), loop["message"]
    assert_same(*compare_activities(summary.frames, f"{CEPLAN_2024}.pdf", CEPLAN_2024))
    assert_same(*compare_values(summary.frames, f"{CEPLAN_2024}.pdf", CEPLAN_2024))


def test_pdf_with_text_but_no_activity_table_is_no_tables(tmp_path):
    path = _pdf(tmp_path / "narrativa.pdf", [_narrative, _narrative])
    outcome = extract_file(path, path.name, ExtractSettings(progress=False))
    assert outcome.document["status"] == "no_tables"
    assert "narrativa.pdf" in outcome.document["message"]
    assert outcome.activities == [] and outcome.values == []


@pytest.mark.parametrize("numbers, text", [([1, 2, 3], "1-3"), ([1, 2, 3, 5], "1-3, 5"), ([4], "4"), ([2, 4, 5], "2, 4-5")])
def test_page_ranges(numbers, text):
    assert page_ranges(numbers) == text
