"""OCR as a text source (extractors/ocr) on the committed scans of tests/scans/: the
real engine with the bundled model, no mocks.

Figures are the floors reached when this was written (tests/ocr_score.py prints the
full sweep); the issue's targets are higher (README, "Scanned pages (OCR)").
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from conftest import RAW, ROOT
from fixtures.scans import OUT as SCANS, STYLES, drawn_page_pdf, read_truth
from fixtures.versions import read_csv
from ocr_score import rows_aligned, score
from replay import Replay, ocr_page

from extractors.document import PageLayout, ParsedDocument, page_to_layout, read_document
from extractors.layout.records import Cell, OcrWord, Table, TextLine
from extractors.layout.rulings import merge_edges, shapes_to_edges
from extractors.layout.settings import TableSettings
from extractors.layout.sources import PdfiumSource, get_source, pdfium_page_to_content
from extractors.ocr import OcrSettings, ocr_source, read_page
from extractors.ocr.cells import (CELL_MAX_SCALE, CURRENCY_FORM, DECIMAL_FORM, UNREADABLE, digits_for_blots,
                                  number_but_one, number_for_a_word,
                                  one_box_a_cell, overlaps_joined, ruled_lines, cell_around,
                                  numbers_off_form, signs_alone_among_numbers, words_among_numbers,
                                  numbers_over_less_ink, numbers_over_more_ink,
                                  numbers_with_a_stray_mark, read_twice, stray_marks, words_on_page_ink)
from extractors.ocr.chars import (MARK_OVER, MARKS, is_mark_over_word, runaway_letters, visual_lines,
                                  words_to_records)
from extractors.ocr.image import (Ruling, clean_specks, despeckle, estimate_skew, hard_edged, label_ink, normalize,
                                  render_page, rotate)
from extractors.ocr.shapes import accents_added, doubled_stems, reread_accents
from extractors.ocr.source import digits_of_no_ink, engine_for, page_image, reread_words
from extractors.ocr.signs import barred, chevron, comparison_signs
from extractors.ocr.spelling import acutes_taken_off, paper_runs, respell_words, split_at_spaces
from extractors.ocr.specks import (clear_of_neighbours, despeckle_words, end_marks_fitted_to_ink, hyphens_of_a_speck,
                                   leading_quotes_of_a_speck, marks_in_spaces, minus_of_a_speck, out_to_ink,
                                   quotes_in_words,
                                   rings_to_degrees, stops_after_signs, stops_under_a_dot, stops_without_room, sure_enough, word_gap)
from extractors.ocr.tesseract import (CELL_SURE, DISPUTED, NUMBER_MODEL, NUMBER_SCALE, TESSDATA, EngineWord, Glyph,
                                      TesseractEngine, ink_rows, read_score, reads_the_ink, resolves_marks,
                                      stops_added, stops_swapped)
from extractors.base import plan_year_of
from extractors.pe_ceplan_poi import CeplanPoiExtractor
from extractors.vocabulary import code_lookalikes_to_code, label_to_field
from pipeline.confidence import PAGE_DOUBT_SHARE, doubtful_pages
from pipeline.worker import ocr_records_weighed
from schemas.contract import OCR_MIN_CONFIDENCE

TRUTH = read_truth()
DOCS = sorted(p.name for p in (SCANS / "expected").iterdir())
# (style, doc prefix) -> (value F1, activity recall) at least.
FLOORS = {
    ("scan-300-grey", "000"): (0.99, 0.99),
    ("scan-300-grey", "001"): (0.99, 0.99),
    ("scan-300-grey", "002"): (0.99, 0.99),
    ("scan-300-grey", "003"): (0.99, 0.99),
    ("scan-300-grey", "004"): (0.99, 0.99),  # 0.993 / 1.000 since round 11 (was 0.993 / 0.958)
    ("scan-300-bitonal", "000"): (0.99, 0.99),
    ("scan-300-bitonal", "001"): (0.99, 0.99),
    ("scan-300-bitonal", "002"): (0.99, 0.99),
    ("scan-300-bitonal", "003"): (0.99, 0.99),  # 1.000 / 1.000 since round 11 (was 0.957: CONSTRUCCIÓN)
    # 0.636 / 0.000 since round 46 (the points the threshold lost put back on lines that hold),
    # 0.417 since round 43, every value flagged (was 0 / 0, the contract broken by its
    # illegible page 2's pairs): a resolution limit, held so that it publishes what it reads
    ("scan-300-bitonal", "004"): (0.63, 0.0),
    ("scan-300-upside-down", "000"): (0.99, 0.99),
    ("scan-300-upside-down", "001"): (0.99, 0.99),
    ("scan-300-upside-down", "002"): (0.99, 0.99),
    ("scan-300-upside-down", "003"): (0.99, 0.99),
    ("scan-300-upside-down", "004"): (0.99, 0.99),  # 1.000 / 1.000 since round 11 (was 0.958)
    ("scan-150-grey", "000"): (0.99, 0.99),
    ("scan-150-grey", "001"): (0.99, 0.93),
    ("scan-150-grey", "002"): (0.99, 0.99),
    ("scan-150-grey", "003"): (0.99, 0.95),  # 1.000 / 0.957 since round 11 (was 1.000 / 0.000)
}


@lru_cache(maxsize=None)
def scan_pages(style: str, prefix: str) -> tuple[tuple, float]:
    """Every page of one scanned document as OCR reads it in the pipeline (OCR over
    PDFium), and the CPU seconds that took: read once for the floors and for the trap
    tests, which look at single pages of the same documents."""
    (doc,) = [d for d in DOCS if d.startswith(prefix)]
    start = time.process_time()
    pages = tuple(ocr_source(PdfiumSource(), OcrSettings()).iter_pages(SCANS / style / f"{doc}.pdf"))
    return pages, time.process_time() - start


@lru_cache(maxsize=None)
def scored(style: str, prefix: str):
    (doc,) = [d for d in DOCS if d.startswith(prefix)]
    pages, seconds = scan_pages(style, prefix)
    result = score(style, doc, source=Replay("pdfium+ocr", pages))
    return replace(result, seconds=result.seconds + seconds)


@pytest.mark.parametrize("style,prefix", sorted(FLOORS), ids=lambda v: v)
def test_scan_reads_as_expected_at_least_as_well_as_measured(style, prefix):
    result = scored(style, prefix)
    print(result.line())
    f1, recall = FLOORS[style, prefix]
    assert result.value_f1 >= f1
    assert result.activity_recall >= recall
    assert result.wrong_and_sure == 0, result.sure_wrong[:5]  # what it cannot read it flags


def _unread(page, text: str):
    """``page`` (an OCR'd page's content) with every word reading ``text`` read as nothing:
    its letters and its word gone."""
    boxes = [(w.x0, w.top, w.x1, w.bottom) for w in page.ocr_words if w.text == text]

    def inside(item) -> bool:
        return any(x0 <= (item.x0 + item.x1) / 2 <= x1 and top <= (item.top + item.bottom) / 2 <= bottom
                   for x0, top, x1, bottom in boxes)
    return replace(page, chars=tuple(c for c in page.chars if not inside(c)),
                   ocr_words=tuple(w for w in page.ocr_words if not inside(w)))


def test_the_score_counts_nothing_found_for_a_document_that_fails_its_contract():
    """The score counted the family's rows as read, before the contract gate: a document the
    pipeline fails, publishing none of its rows, scored the values it never publishes (the
    committed bitonal 004, 0.403 with all 496 flagged; Chromium's plain 004 on seed 230 once
    its lines were read, 232 "wrong and sure" under ten activities that name nothing). It
    scores what the pipeline publishes: nothing, and says why. Here the committed grey 004
    with page 1's EJECUTADO cells read as nothing: each such line is an activity naming
    nothing, and the report breaks the contract."""
    pages, _ = scan_pages("scan-300-grey", "004")
    pages = (_unread(pages[0], "EJECUTADO"), *pages[1:])
    read = CeplanPoiExtractor().extract(read_document(SCANS / "scan-300-grey" / f"{DOCS[4]}.pdf",
                                                      Replay("pdfium+ocr", pages), TableSettings()))
    assert len(read.values) > 400  # the family reads them; its activities do not all name themselves
    result = score("scan-300-grey", DOCS[4], source=Replay("pdfium+ocr", pages))
    assert result.contract_failed and "an activity must print a code" in result.contract_failed
    assert (result.values_found, result.values_matched, result.wrong_and_sure) == (0, 0, 0)
    assert result.line().endswith("contract failed")


def test_the_score_reads_each_row_as_the_printed_row_it_names_so_a_lost_row_shifts_no_other():
    """The score paired extracted rows with printed rows by number: on a draw where OCR lost
    004's second activity, every later activity's values were scored against the row before
    it's, and counted wrong and sure (the data published was right). Rows are paired by their
    text, in order; a row OCR garbled pairs with its place, a row no print holds with none."""
    want = read_csv(SCANS / "expected" / DOCS[4] / "activities.csv")
    got = [{**r, "row": k} for k, r in enumerate(want, start=1) if r["row_id"] != "2"]
    got[4] = {**got[4], "activity": "".join(c if k % 3 else "#" for k, c in enumerate(got[4]["activity"])),
              "code": "A0I" + got[4]["code"][3:]}
    got.insert(7, {**got[7], "row": 99, "code": "", "activity": "OBJETIVO", "unit": "", "section": "",
                   "strategic_line": "", "responsible": ""})
    paired = rows_aligned(got, want)
    assert paired[1] == 1 and 99 not in paired
    assert [paired[r["row"]] for r in got if r["row"] != 99] == [int(r["row_id"]) for r in want if r["row_id"] != "2"]


# (style, doc prefix) -> values published wrong and sure (a number the print does not hold
# there, read at OCR_MIN_CONFIDENCE or more): none. The worst failure; 004 at 300 dpi grey
# published 11 before its lines were held to their printed sums (pipeline/totals.py).
WRONG_AND_SURE = {key: 0 for key in FLOORS}


@pytest.mark.parametrize("style,prefix", sorted(FLOORS), ids=lambda v: v)
def test_scan_publishes_no_more_values_wrong_and_sure_than_measured(style, prefix):
    result = scored(style, prefix)
    assert result.wrong_and_sure <= WRONG_AND_SURE[style, prefix], result.line()


@pytest.mark.parametrize("style,prefix", sorted(FLOORS), ids=lambda v: v)
def test_every_ocr_page_has_words_with_confidences_inside_the_page(style, prefix):
    for layout in scored(style, prefix).layouts:
        assert layout.ocr_words, f"page {layout.number} not read by OCR"
        for word in layout.ocr_words:
            assert word.text and not word.text.isspace()
            assert 0.0 <= word.confidence <= 1.0
            assert 0 <= word.x0 <= word.x1 <= layout.width and 0 <= word.top <= word.bottom <= layout.height


def test_skew_is_measured_within_a_third_of_a_degree():
    """Every page of two styles (one with upside-down pages, one at 150 dpi), rendered
    at 150 dpi (the measure works on a copy 1200 px long anyway)."""
    for style in ("scan-300-upside-down", "scan-150-grey"):
        for doc in DOCS:
            pdf = pdfium.PdfDocument(str(SCANS / style / f"{doc}.pdf"))
            try:
                for truth in (t for t in TRUTH if t["style"] == style and t["doc"] == doc):
                    skew = estimate_skew(render_page(pdf[truth["page"] - 1], 150))
                    assert abs(skew - truth["skew_deg"]) <= 0.3, (style, doc, truth["page"], skew)
            finally:
                pdf.close()


def test_an_upside_down_page_is_read_upright():
    """The upside-down page of 001, and the same page turned the right way up (its
    /Rotate set to 180): one is turned, the other is not, and they read alike."""
    truth = next(t for t in TRUTH if t["style"] == "scan-300-upside-down" and t["doc"].startswith("001")
                 and t["upside_down"])
    pdf = pdfium.PdfDocument(str(SCANS / truth["style"] / f"{truth['doc']}.pdf"))
    try:
        page = pdf[truth["page"] - 1]
        width, height = page.get_size()
        turned = read_page(page, truth["page"], width, height, OcrSettings())
        page.set_rotation(180)
        upright = read_page(page, truth["page"], width, height, OcrSettings())
    finally:
        pdf.close()
    assert turned.upside_down and not upright.upside_down
    a = [w.text for w in turned.content.ocr_words]
    b = [w.text for w in upright.content.ocr_words]
    assert len(a) > 100
    same = sum(x == y for x, y in zip(sorted(a), sorted(b)))
    assert same >= 0.97 * len(b)
    # Both in the upright page's points: the first word is the same word at the same place.
    first, other = turned.content.ocr_words[0], upright.content.ocr_words[0]
    assert first.text == other.text
    assert (first.x0, first.top, first.x1, first.bottom) == pytest.approx(
        (other.x0, other.top, other.x1, other.bottom), abs=2.0)



@pytest.mark.parametrize("quarter", [90, 270])
def test_a_page_scanned_on_its_side_is_read_upright(tmp_path, quarter):
    """A landscape table scanned on its side: the committed grey scan of 000's second
    page (a unit's table) drawn turned a quarter (PDFium turns it as it draws it) into a portrait page of
    its own, an image and nothing else, as a scanner writes it. Read as scanned and
    upside down, it reads as few unsure words; it is read turned a quarter back, on a
    page as wide as the scan's page is tall, and reads as the upright scan does, its
    rulings turned with it."""
    from PIL import Image

    from extractors.ocr.source import OcrSettings, read_page

    scan = pdfium.PdfDocument(str(next((SCANS / "scan-300-grey").glob("000_*.pdf"))))
    try:
        page = scan[1]
        width, height = page.get_size()
        upright = read_page(page, 2, width, height, OcrSettings())
        sideways = page.render(scale=300 / 72, rotation=quarter, grayscale=True).to_pil()
    finally:
        scan.close()
    path = tmp_path / "sideways.pdf"
    Image.fromarray(np.asarray(sideways.convert("L"))).save(path, "PDF", resolution=300.0)
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0]
        assert page.get_size() == pytest.approx((height, width), abs=1.0)
        turned = read_page(page, 2, *page.get_size(), OcrSettings())
    finally:
        pdf.close()
    assert turned.quarter_turns == (1 if quarter == 90 else 3) and not turned.upside_down
    assert (turned.content.width, turned.content.height) == pytest.approx((width, height), abs=1.0)
    a = [w.text for w in turned.content.ocr_words]
    b = [w.text for w in upright.content.ocr_words]
    assert len(b) > 100
    assert sum(x == y for x, y in zip(sorted(a), sorted(b))) >= 0.95 * len(b)
    first, other = turned.content.ocr_words[0], upright.content.ocr_words[0]
    assert first.text == other.text
    assert (first.x0, first.top) == pytest.approx((other.x0, other.top), abs=3.0)
    def long_lines(content):  # the table's rulings 100 pt or longer, across and down
        lines = [(s.x1 - s.x0, s.bottom - s.top) for s in content.shapes if min(s.x1 - s.x0, s.bottom - s.top) < 3]
        return sum(w >= 100 for w, _ in lines), sum(h >= 100 for _, h in lines)

    across, down = long_lines(upright.content)
    assert across >= 5 and down >= 5
    assert long_lines(turned.content) == pytest.approx((across, down), abs=1)

def assert_rulings_found(style: str, prefix: str, number: int) -> None:
    """Every ruling line of the original's text layer on scan page ``number`` is found in
    the image, within a point, over most of its length."""
    truth = next(t for t in TRUTH if t["style"] == style and t["doc"].startswith(prefix) and t["page"] == number)
    settings = TableSettings()
    content = read_scan_page(style, prefix, number)
    original = pdfium.PdfDocument(str(RAW / f"{truth['doc']}.pdf"))
    try:
        want = merge_edges(list(shapes_to_edges(pdfium_page_to_content(original[truth["source_page"] - 1], 1).shapes)),
                           settings)
    finally:
        original.close()
    got = merge_edges(list(shapes_to_edges(content.shapes)), settings)
    assert len(want) > 15
    for edge in want:
        along = [(e.x0, e.x1) if edge.orientation == "h" else (e.top, e.bottom) for e in got
                 if e.orientation == edge.orientation
                 and abs((e.top - edge.top) if edge.orientation == "h" else (e.x0 - edge.x0)) <= 1.0]
        start, end = (edge.x0, edge.x1) if edge.orientation == "h" else (edge.top, edge.bottom)
        covered = sum(max(0.0, min(b, end) - max(a, start)) for a, b in along)
        assert covered >= 0.8 * (end - start), edge


def test_rulings_of_a_ruled_page_are_found():
    """000's dense page (scan page 2): every ruling line is found."""
    assert_rulings_found("scan-300-grey", "000", 2)


def test_staircase_rulings_of_a_bitonal_scan_are_found():
    """003's first table page on the bitonal scan: its thin rulings, thresholded at a skew
    and turned straight, are staircases whose 1 px steps fall in alternate columns of the
    150 dpi copy, so no column was dark over 12 pt and most of the line between the AEI
    and code columns was not found (the codes read into the AEI cells). Blurred as a grey
    scanner would (``image.soften``), every line is found along its length."""
    assert_rulings_found("scan-300-bitonal", "003", 2)


def test_only_bitonal_scans_are_blurred_before_reading():
    """A bitonal scan is blurred as a grey scanner's optics would (``image.soften``);
    the other styles' pages, and a grey scan from outside the fixtures, are not
    (``hard_edged``), so what they read is unchanged by it."""
    paths = sorted(SCANS.glob("scan-*/*.pdf")) + [ROOT / "tests" / "external" / "image.pdf"]
    for path in paths:
        pdf = pdfium.PdfDocument(str(path))
        try:
            for page in pdf:
                assert hard_edged(render_page(page, 300)) == ("bitonal" in path.parent.name), (path, page)
        finally:
            pdf.close()


def test_text_layer_pages_pass_through_unchanged():
    path = RAW / "004_cad7ca5c0a475a2d.pdf"
    base = list(PdfiumSource().iter_pages(path))
    read = list(ocr_source(PdfiumSource(), OcrSettings()).iter_pages(path))
    assert read == base
    assert all(page.ocr_words is None for page in read)
    assert list(get_source("pdfium", {"mode": "auto"}).iter_pages(path)) == base
    assert get_source("pdfium", OcrSettings()).name == "pdfium+ocr"


def test_the_engine_needs_only_the_bundled_model(tmp_path):
    """Tesseract started with no system tessdata to fall back on (TESSDATA_PREFIX an
    empty folder) reads a scanned page with the model carried in the package."""
    assert (TESSDATA / "spa.traineddata").is_file() and TESSDATA.is_relative_to(ROOT / "extractors")
    assert (TESSDATA / f"{NUMBER_MODEL}.traineddata").is_file()  # numbers are read again with it
    code = (
        "import pypdfium2 as pdfium\n"
        "from extractors.ocr import OcrSettings, read_page\n"
        f"pdf = pdfium.PdfDocument({str(SCANS / 'scan-300-grey' / (DOCS[0] + '.pdf'))!r})\n"
        "page = pdf[0]\n"
        "words = read_page(page, 1, *page.get_size(), OcrSettings()).content.ocr_words\n"
        "print(' '.join(w.text for w in words))\n"
    )
    env = {**os.environ, "TESSDATA_PREFIX": str(tmp_path), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "MINISTERIO DE TRABAJO" in proc.stdout


def test_settings_are_validated():
    with pytest.raises(ValueError, match="mode"):
        OcrSettings(mode="sometimes")
    with pytest.raises(ValueError, match="rulings_dpi"):
        OcrSettings(dpi=150, rulings_dpi=300)
    with pytest.raises(ValueError, match="Unknown OCR settings"):
        OcrSettings.resolve({"dpi": 300, "colour": True})
    assert OcrSettings.resolve({"mode": "force"}).mode == "force"


@pytest.mark.parametrize("read,code", [
    ("0E1.07", "OEI.07"), ("AE1.07.04", "AEI.07.04"), ("AEL.OB.0S", "AEI.08.05"), ("AO!00106600144", "AOI00106600144"),
    ("OE!.01.PROMOVER", "OEI.01.PROMOVER"), ("AO!", "AOI"), ("AOl", "AOI"), ("AQI", "AOI"),
    # In brackets, as a header names the kind (bitonal scan of 003: "INSTITUCIONALES (AE!)").
    ("(AE!)", "(AEI)"), ("(AEl)", "(AEI)"), ("(AE1)", "(AEI)"),
    # Spelled right already, or not a code: as it is.
    ("OEI.07", "OEI.07"), ("AEI.01.01.BIENESTAR", "AEI.01.01.BIENESTAR"), ("AEIOU", "AEIOU"), ("OEste", "OEste"),
    ("(AEIOU)", "(AEIOU)"), ("[0%-", "[0%-"),
    ("AOI90106600086", "AOI90106600086"),  # a 9 is no look-alike of anything
])
def test_ceplan_codes_misread_with_look_alike_letters_are_spelled_right(read, code):
    assert code_lookalikes_to_code(read) == code
    assert len(code_lookalikes_to_code(read)) == len(read)


def read_scan_page(style: str, prefix: str, number: int):
    """Page ``number`` of a scanned document as the pipeline reads it."""
    page = scan_pages(style, prefix)[0][number - 1]
    assert page.number == number and page.ocr_words is not None
    return page


def read_scan(style: str, prefix: str, number: int, engine=None, settings: OcrSettings | None = None):
    (doc,) = [d for d in DOCS if d.startswith(prefix)]
    return ocr_page(SCANS / style / f"{doc}.pdf", number, settings=settings, engine=engine)


@lru_cache(maxsize=None)
def held_out_words(style: str, prefix: str, number: int, dpi: int) -> list[str]:
    """The words of one page read from its scan at another ``dpi`` (a held-out reading:
    the same print and specks, the pixels sampled otherwise), read once for its traps."""
    return [w.text for w in read_scan(style, prefix, number, settings=OcrSettings(dpi=dpi)).ocr_words]


def test_speck_in_a_space_measured_on_its_ink_not_on_drifted_boxes():
    """000's second page read at 299 dpi: a speck on the baseline in the space of
    "recibidas por" (0.21 em of paper after it, the page's word gap 0.39 em) was read
    "recibidas.por", and the engine boxed the "." from inside the "s" to a pixel before
    the "p": measured on those boxes the letters were 0.52 em apart, a full stop and its
    space, and the speck stayed (the activity not matched). On the ink (letter, mark,
    letter) they are 0.43 em apart."""
    words = held_out_words("scan-300-grey", "000", 2, 299)
    assert "recibidas.por" not in words and ["recibidas", "por", "diferentes"] in [
        words[k:k + 3] for k in range(len(words))]


def test_word_read_again_over_a_box_widened_by_a_speck_leaves_its_neighbour_out():
    """000's second page read at 301 dpi: a speck before the "s" of "solicitudes" widened
    the engine's box of the word 8 px into the "e" of "de"; read again alone over that box
    it came back "e solicitudes" (0.97, surer than 0.89) and the activity read "Recepción
    de e solicitudes". The box read again is drawn in to the paper past its neighbours'
    boxes (``specks.clear_of_neighbours``)."""
    words = held_out_words("scan-300-grey", "000", 2, 301)
    assert ["Recepción", "de", "solicitudes"] in [words[k:k + 3] for k in range(len(words))]
    assert ["de", "e", "solicitudes"] not in [words[k:k + 3] for k in range(len(words))]
    # Drawn in only to paper, never through the word's own first or last letter.
    gray = np.full((20, 60), 255, np.uint8)
    gray[5:15, 2:8] = gray[5:15, 20:26] = gray[5:15, 40:46] = 0
    glyph = Glyph("a", 20, 5, 26, 15, 0.9)
    word = EngineWord("a", 12, 5, 26, 15, 0.9, 0, (glyph._replace(x0=12),))
    before = EngineWord("b", 2, 5, 10, 15, 0.9, 0, (glyph._replace(x0=2, x1=10),))
    after = EngineWord("c", 40, 5, 46, 15, 0.9, 0, (glyph._replace(x0=40, x1=46),))
    assert clear_of_neighbours(gray, (0, 3, 48, 17), word, before, after) == (10, 3, 40, 17)
    assert clear_of_neighbours(gray, (0, 3, 48, 17), word, None, None) == (0, 3, 48, 17)


def test_word_split_by_a_wide_letter_gap_joined_when_surer_than_its_unlikely_half():
    """001's second page read at 301 dpi: "Presupuesto" (its unit of measure) read "Presu
    puesto", "Presu" no word of the engine's dictionary (0.93). Read in one crop the pair
    is "Presupuesto" (0.963), which was not taken for not being surer than "puesto" alone
    (0.967); at 300 dpi the same join passed by 0.001. A join needs to be surer than the
    less sure of the two (``spelling.joined``)."""
    words = held_out_words("scan-300-grey", "001", 2, 301)
    assert "Presu" not in words and "puesto" not in words and words.count("Presupuesto") >= 2


def test_a_word_boxed_over_the_next_word_is_not_split_at_the_space_before_it():
    """004's second page on the committed upside-down scan: "BIENESTAR" read again in its
    cell came boxed over the "DEL" after it (its R's box over DEL's ink), and was split at
    the space before DEL: "SEGUIMIENTO DEL BIENESTA R DEL PARTICIPANTE", and activity
    13's name did not match. Paper where the next word of the line starts is the space
    before it, not one the engine missed inside the word."""
    words = [w.text for w in read_scan_page("scan-300-upside-down", "004", 2).ocr_words]
    assert "BIENESTA" not in words and "BIENESTAR" in words
    assert ["SEGUIMIENTO", "DEL", "BIENESTAR", "DEL", "PARTICIPANTE"] in [words[k:k + 5] for k in range(len(words))]


def test_a_semicolon_of_a_heading_at_150_dpi_is_read_as_printed():
    """003's second page on the committed 150 dpi grey scan: the action heading printed once
    over 23 activities, "... FORMALIZACIÓN LABORAL; NORMATIVIDAD LABORAL; ... SEGURIDAD
    SOCIAL; BUENAS PRÁCTICAS ...", read its second semicolon "." (0.76: the dot and the
    comma there, one above the other) and lost its third to step 9 ("SOCIAL;" 0.69, read
    alone on the page cleaned of specks "SOCIAL" 0.96); with the unit's caption read
    without its colon, none of the 23 activities matched."""
    words = [w.text for w in read_scan_page("scan-150-grey", "003", 2).ocr_words]
    assert ["LABORAL;", "NORMATIVIDAD", "LABORAL;"] in [words[k:k + 3] for k in range(len(words))]
    assert "SOCIAL;" in words and "LABORAL." not in words


def test_a_semicolon_read_as_a_comma_under_its_dot_is_a_semicolon():
    """003's second page on the 150 dpi grey seed-188 draw (and at 300 dpi grey, seed 176):
    the action heading's first semicolon, "FORMALIZACIÓN LABORAL; NORMATIVIDAD", read
    "LABORAL," with its dot above the comma unread: all 23 activities under the heading lost
    it. A comma read under a dot half way up the letters is a semicolon, as a full stop is."""
    page = ocr_page(drawn_page_pdf("scan-150-grey", DOCS[3], 14, 188), number=2)
    words = [w.text for w in page.ocr_words]
    assert ["LABORAL;", "NORMATIVIDAD", "LABORAL;"] in [words[k:k + 3] for k in range(len(words))]
    assert "LABORAL," not in words


def test_a_full_stop_under_a_dot_is_a_colon_or_a_semicolon():
    """``stops_under_a_dot`` on drawn ink: two capitals 22 px tall, then a "." read over two
    marks one above the other right of them: a colon when the two are alike, a semicolon
    when the lower is a dot with a tail; one mark, or a mark of the line below cut by the
    word's crop (002's "Depto." at 150 dpi), leaves the full stop."""

    def read(*marks: tuple[int, int, int, int]) -> str:
        gray = np.full((70, 80), 255, np.uint8)
        gray[20:42, 10:22] = gray[20:42, 25:35] = 0  # "A", "L": their baseline at 42
        for x0, top, x1, bottom in marks:
            gray[top:bottom, x0:x1] = 0
        glyphs = (Glyph("A", 10, 20, 22, 42, 0.97), Glyph("L", 25, 20, 35, 42, 0.97), Glyph(".", 38, 38, 44, 42, 0.9))
        return stops_under_a_dot(gray, [EngineWord("AL.", 10, 20, 44, 42, 0.8, 0, glyphs)])[0].text

    dot = (40, 30, 43, 33)
    assert read(dot, (40, 39, 43, 42)) == "AL:"
    assert read(dot, (40, 38, 43, 45)) == "AL;"
    assert read((40, 39, 43, 42)) == "AL."
    assert read(dot, (38, 49, 48, 52)) == "AL."  # the line below's ink, under the baseline
    assert read(dot, (40, 39, 43, 42), (38, 49, 48, 70)) == "AL."  # and cut by the crop


def test_speck_read_as_a_hyphen_between_two_words_is_a_speck():
    """000's third page read at 301 dpi: a 3 by 2 px speck half way up in the space of
    "Apoyo a la Lactancia" was read "Apoyo-a" (0.92; its 0.0062 em² just over the size
    step 9 cleans, so not read again) and the activity not matched. A printed hyphen's
    ink is 0.19-0.24 em wide on the sample scans, the specks read "-" 0.03-0.07 em
    (``specks.hyphens_of_a_speck``); a hyphen as wide as printed stays."""
    words = held_out_words("scan-300-grey", "000", 3, 301)
    assert "Apoyo-a" not in words and ["Apoyo", "a", "la"] in [words[k:k + 3] for k in range(len(words))]
    gray = np.full((30, 80), 255, np.uint8)
    gray[5:25, 5:15] = gray[5:25, 50:60] = 0  # two letters a word break apart
    gray[14:16, 30:32] = 0  # a 2 px speck between them
    glyphs = (Glyph("o", 5, 5, 15, 25, 0.9), Glyph("-", 20, 12, 45, 18, 0.9), Glyph("a", 50, 5, 60, 25, 0.9))
    word = EngineWord("o-a", 5, 5, 60, 25, 0.9, 0, glyphs)
    assert [w.text for w in hyphens_of_a_speck(gray, [word])] == ["o", "a"]
    gray[14:17, 24:40] = 0  # a printed hyphen
    assert hyphens_of_a_speck(gray, [word]) == [word]


def test_speck_read_as_a_minus_before_a_number_is_a_speck():
    """003's second page on the bitonal seed-159 draw: a 3 by 3 px speck (0.10 em) at
    mid-height before a planned "13" was read "-13", 0.74 sure: a negative goal published
    wrong and sure. A minus sign is as wide as a printed hyphen (``HYPHEN_MIN_EM``), so
    narrower ink apart from the digit is a speck (``specks.minus_of_a_speck``); a minus as
    wide as printed stays."""
    page = ocr_page(drawn_page_pdf("scan-300-bitonal", DOCS[3], 14, 159), number=2)
    words = [w for w in page.ocr_words if abs(w.top - 1023 * 72 / 300) < 4 and abs(w.x0 - 2192 * 72 / 300) < 4]
    assert [w.text for w in words] == ["13"]
    gray = np.full((30, 80), 255, np.uint8)
    gray[14:16, 10:12] = 0  # a 2 px speck
    gray[5:25, 20:26] = gray[5:25, 30:40] = 0  # "1" and "3"
    glyphs = (Glyph("-", 8, 12, 14, 18, 0.9), Glyph("1", 20, 5, 26, 25, 0.9), Glyph("3", 30, 5, 40, 25, 0.9))
    word = EngineWord("-13", 8, 5, 40, 25, 0.9, 0, glyphs)
    assert [w.text for w in minus_of_a_speck(gray, [word])] == ["13"]
    gray[14:17, 4:15] = 0  # a printed minus
    assert minus_of_a_speck(gray, [word]) == [word]


def test_speck_read_as_an_acute_over_a_lower_case_letter_is_taken_off():
    """000's second page read at 299 dpi (the page of the speck in a space above): a 3 by
    3 px speck over the "o" of "acciones" (0.0063 em², just over the size step 9 cleans)
    was read "acciónes" (0.88), no word of the engine's dictionary; read again without
    the mark it is "acciones" (0.96, ``spelling.accents_of_a_speck``). A printed acute
    over a lower-case letter has two to three times that ink; a word keeps its acute
    unless the engine knows the word without it."""
    words = held_out_words("scan-300-grey", "000", 2, 299)
    assert "acciónes" not in words and "acciones" in words
    assert acutes_taken_off([EngineWord("acciones", 0, 0, 1, 1, 0.96, 0, (), True)],
                            EngineWord("acciónes", 0, 0, 1, 1, 0.88, 0, ()))
    # Not towards a word the engine does not know, nor with another letter changed.
    assert not acutes_taken_off([EngineWord("acciones", 0, 0, 1, 1, 0.96, 0, (), False)],
                                EngineWord("acciónes", 0, 0, 1, 1, 0.88, 0, ()))
    assert not acutes_taken_off([EngineWord("accienes", 0, 0, 1, 1, 0.96, 0, (), True)],
                                EngineWord("acciónes", 0, 0, 1, 1, 0.88, 0, ()))


def test_drop_out_biting_into_a_stroke_is_closed_for_a_word_of_unlikely_spelling():
    """000's third page read at 299 dpi: a pale drop-out bit 2 px into the 4 px stem of
    the "l" of "población" over two rows, its left edge still grey enough to join the
    halves: read "pobiación" (0.91) on the page and black on white at ``PALE_INK`` alike.
    Read once more with gaps of two rows across strokes closed it is "población" (9b,
    ``spelling.STROKE_GAP``; an i-dot joined the same way reads no word, not taken)."""
    words = held_out_words("scan-300-grey", "000", 3, 299)
    assert "pobiación" not in words and "población" in words


def test_two_stems_read_over_one_bar_are_one_letter():
    """003's second page read at 299 dpi (a held-out reading of its scan): the engine read
    the I of "OEI.01.PROMOVER" as "!" and "l" over its one bar ("OE!l", spelled as the
    code "OEI1.01": the grouping row lost, every activity of the page without its
    objective) and the I of "(AEI)" as "Il" (the section's header unnamed). Two stem
    letters over one bar no other letter sits on are one (``shapes.doubled_stems``)."""
    texts = [w.text for w in read_scan("scan-300-grey", "003", 2, settings=OcrSettings(dpi=299)).ocr_words]
    assert "OEI.01.PROMOVER" in texts and "(AEI)" in texts
    # Two bars stay two letters; one bar under two boxes is one letter over its columns.
    gray = np.full((40, 60), 255, np.uint8)
    gray[5:35, 10:14] = 0
    gray[5:35, 30:34] = 0
    glyph = Glyph("l", 10, 5, 14, 35, 0.9)
    word = EngineWord("ll", 10, 5, 34, 35, 0.9, 0, (glyph, glyph._replace(x0=30, x1=34)))
    assert doubled_stems(gray, [word]) == [word]
    gray[5:35, 30:34] = 255
    word = word._replace(text="!l", x0=6, x1=16, glyphs=(glyph._replace(text="!", x0=6, x1=12), glyph._replace(x0=11, x1=16)))
    (merged,) = doubled_stems(gray, [word])
    assert merged.text == "!" and [(g.x0, g.x1) for g in merged.glyphs] == [(10, 14)]


def test_small_print_cells_read_again_alone_are_read():
    """004's second page (3-4 pt print): "PROGRAMADO" alone in its 8 pt high cell, which
    the page reading drops, is read when its cell is read again (enlarged, black on white;
    the engine's own threshold blurred it into nothing): every planned line of the
    original's table says so."""
    content = read_scan_page("scan-300-grey", "004", 2)
    words = [w.text for w in content.ocr_words]
    assert words.count("PROGRAMADO") >= 12  # of 13 printed
    assert "TABLA" in words and "OEI.08" in words and "AEI.08.05" in words


def test_letters_padded_to_their_line_are_fitted_to_their_ink():
    """004's 'Año: 2024' on a grey fill: the engine boxed each letter of 'Año:' with the
    height of its whole line; fitted to the ink, both words sit on one baseline and read
    in order, so the plan year is found."""
    content = read_scan_page("scan-300-grey", "004", 2)
    (ano,) = [w for w in content.ocr_words if w.text.startswith("Año")]
    (year,) = [w for w in content.ocr_words if w.text == "2024"]
    assert abs(ano.bottom - year.bottom) < 1.0
    assert ano.bottom - ano.top < 2 * (year.bottom - year.top)


def _line_text(content, top: float, bottom: float, x0: float, x1: float) -> tuple[str, set]:
    """The letters of ``content`` whose box starts within (top, bottom) and (x0, x1), read
    left to right as the table layer orders them, and their bottoms."""
    chars = sorted((c for c in content.chars if top < c.top < bottom and x0 < c.x0 < x1), key=lambda c: c.x0)
    return "".join(c.text for c in chars), {c.bottom for c in chars}


def test_a_letter_boxed_over_the_next_words_is_cut_back():
    """004's second page, the executing unit of row 12 (3 pt print, a cell of three lines):
    the engine boxed the last "O" of "MONITOREO" from 1116 to 1266 px, over "DE UNIDAD
    FUNCIONAL" after it, and the last "O" of "SEGUIMIENTO" over "Y MONITOREO DE". Laid
    out over those boxes, the letters of the words were sorted into one another ("MONIDE
    TUNIODAD RFUNECIOONAL", "SEGUIMIENTYO"), and the activity was lost. Cut back to the
    next word of the line, less a word break, each word's letters stay its own."""
    content = read_scan_page("scan-300-grey", "004", 2)
    assert _line_text(content, 31, 33.5, 245, 310)[0] == "MONITOREODEUNIDADFUNCIONAL"
    assert _line_text(content, 35, 37, 245, 310)[0] == "DESEGUIMIENTOYMONITOREODE"
    words = sorted((w for w in content.ocr_words if 35 < w.top < 37 and 245 < w.x0 < 310), key=lambda w: w.x0)
    assert [w.text for w in words] == ["DE", "SEGUIMIENTO", "Y", "MONITOREO", "DE"]
    assert all(a.x1 < b.x0 for a, b in pairwise(words))


def test_runaway_letters_cuts_only_letters_over_the_next_word():
    """A last letter boxed past the next word of its line is cut back to a word break
    before it, and a letter starting past the cut is put after the letter before it;
    words apart, or on other lines, stay as read."""
    def word(text, x0, x1, line, glyphs):
        return EngineWord(text, x0, 10, x1, 24, 0.9, line, tuple(Glyph(t, a, 10, b, 24, 0.9) for t, a, b in glyphs))

    runaway = word("ABO", 100, 300, 0, [("A", 100, 110), ("B", 111, 121), ("O", 140, 300)])
    nxt = word("DE", 140, 160, 0, [("D", 140, 150), ("E", 151, 160)])
    other_line = word("X", 200, 210, 1, [("X", 200, 210)])
    cut, kept, alone = runaway_letters([runaway, nxt, other_line])
    assert cut.x0 == 100 and cut.x1 < 140 - 2  # a word break (0.2 em of 14 px / 0.74) before "DE"
    assert [(g.x0, g.x1) for g in cut.glyphs[:2]] == [(100, 110), (111, 121)]
    assert cut.glyphs[2].x0 == 121 and cut.glyphs[2].x1 == cut.x1
    assert (kept, alone) == (nxt, other_line)
    apart = word("AB", 100, 121, 0, [("A", 100, 110), ("B", 111, 121)])
    assert runaway_letters([apart, nxt]) == [apart, nxt]


def test_a_word_boxed_down_into_the_next_line_stays_on_its_line():
    """004's second page, row 21: the cell "AOI00106600133 - GESTION DE LA ARTICULACIÓN
    ... / FORTALEZCAN SU EMPLEABILIDAD" (3 pt print). The engine boxed the letters of
    "AOI00106600133", "GESTION", "DE" and "LA" down into the tops of the second line's
    letters, so those words sat 0.5 em below their line: taken for a line of their own, the
    code was read after the name and the activity lost. Each letter's box is fitted to its
    own ink (the next line's ink at its foot left out), and the engine's line is split
    around its middle word, not its first: the first line reads in order on one baseline."""
    content = read_scan_page("scan-300-grey", "004", 2)
    text, bottoms = _line_text(content, 164, 171, 0, 122)
    assert text == "AOI00106600133-GESTIONDELAARTICULACIÓNPARALA", text
    assert len(bottoms) == 1


def test_ink_at_a_letters_foot_running_on_below_its_box_is_the_next_lines():
    """A letter's box running down into the top of the next line's letters is fitted to
    the letter's ink; ink inside the box at its foot that does not run on below it (a
    descender's piece, a colon's lower dot) is kept."""
    ink = np.zeros((40, 20), bool)
    ink[5:15, 2:10] = True  # the letter
    ink[18:30, 2:10] = True  # the next line's letter, whose top the box takes in
    assert ink_rows(ink, (0, 5, 12, 21), letter=True) == (0, 5, 12, 15)
    assert ink_rows(ink, (0, 5, 12, 21), letter=False) == (0, 5, 12, 21)  # a mark: as boxed
    ink[21:, :] = False  # nothing below the box: the foot is the letter's own
    assert ink_rows(ink, (0, 5, 12, 21), letter=True) == (0, 5, 12, 21)


def test_an_engine_line_is_split_around_its_middle_word():
    """Of an engine line whose first word sits low (its letters boxed down into the next
    line), the words on the line's own baseline make one line and the low word joins it
    when it spans the line's x-height, whatever the engine's order."""
    def word(text, x0, top, bottom):
        return EngineWord(text, x0, top, x0 + 30, bottom, 0.9, 0, tuple(
            Glyph(t, x0 + 10 * k, top, x0 + 10 * k + 9, bottom, 0.9) for k, t in enumerate(text)))

    low = word("AOI", 0, 104, 121)  # 0.5 em low
    line = [low] + [word("DEL", 40 * k, 104, 114) for k in range(1, 6)]
    (one,) = visual_lines(line)
    assert one[1] == 114 and len(one[2]) == 6


def test_a_colon_of_one_dot_is_a_speck():
    """004's first page, row 11 (3-4 pt print): a 2 px speck half way up beside the "E" of
    "QUE" was read "QUE:" (0.97), the colon's box over the "E", and the activity's name
    did not match. A colon is two dots one above the other: ink of one dot right of the
    letters is no colon. The colons printed on the pages are kept."""
    words = [w.text for w in read_scan_page("scan-300-grey", "004", 1).ocr_words]
    assert "QUE:" not in words and "QUE" in words
    assert "UE:" in words and "CC:" in words
    words = [w.text for w in read_scan_page("scan-300-grey", "004", 2).ocr_words]
    assert {"Año:", "TOTAL:", "AGREGACIÓN:", "Consideraciones:"} <= set(words)


def test_a_speck_read_as_a_chevron_is_dropped():
    """004's second page, row 17: a speck after "GESTION OPERATIVA - UNIDAD TERRITORIAL"
    was read "<" (a box 0.23 em tall), and the name did not match. A "<" or ">" is at
    least 0.3 em tall; the printed ones stay ("10%-75%>")."""
    words = [w.text for w in read_scan_page("scan-300-grey", "004", 2).ocr_words]
    assert "<" not in words and "10%-75%>" in words


def test_a_full_stop_half_way_up_between_two_words_is_a_hyphen():
    """004's second page, row 18 (3 pt print): the dash of "AOI00106600095 - GESTIÓN DE LA
    COMPENSACIÓN" scans as a faint 3 px blot with a 1 px core, read "." (0.46) and boxed
    on its core, then dropped as a speck by that box: code and name were read as one. A
    lone "." between two words whose ink sits half way up their letters is a "-"."""
    words = read_scan_page("scan-300-grey", "004", 2).ocr_words
    (code,) = [w for w in words if w.text == "AOI00106600095"]
    line = sorted((w for w in words if abs(w.bottom - code.bottom) < 1 and w.x0 < code.x1 + 30), key=lambda w: w.x0)
    assert [w.text for w in line][:3] == ["AOI00106600095", "-", "GESTIÓN"], [w.text for w in line]


def test_zeros_of_a_small_table_are_read_to_the_pages_form_with_paler_ink():
    """004's second page upside down: the last table (one activity, two rows of months)
    printed "0.00" in 18 cells, 8 read "000": each of its columns holds two numbers, too
    few to show the table's form, and its rows hold as many "000" as "0.00". The page's
    ruled numbers (all "d.dd") are evidence too; read to that form, at 3 and 4 times and
    then with paler ink counted as ink (the point a 2 px grey smear), 14 of them read."""
    words = read_scan_page("scan-300-upside-down", "004", 2).ocr_words
    cells = [w.text for w in words if 290 < w.top < 310 and w.x0 > 550 and w.text in ("000", "00", "0.00")]
    # 14 on one OpenCV path, 13 on the baseline path now used everywhere (docs/ocr-traps.md,
    # "The same scan read differently on two CPUs"); the rest go to the table's form later
    # (pipeline/totals.py).
    assert len(cells) == 18 and cells.count("0.00") >= 13, cells


def test_a_mark_far_from_every_word_of_its_cell_is_a_speck():
    """004's second page, row 24: in the wide grouping cells of "OEI.08 MEJORAR ...
    CIUDADANO" and "AEI.08.05 ... del Empleo." two specks far right of the text were read
    "-" (0.49) and "," (0), and both names gained a mark. A mark in a cell with words,
    none of them within 2 em along its rows, is a speck; the dashes between codes and
    names, and the footnotes' bullets, stay."""
    words = read_scan_page("scan-300-grey", "004", 2).ocr_words
    assert not [w for w in words if w.text in ("-", ",") and w.x0 > 440 and 245 < w.top < 260]
    assert sum(w.text == "-" and w.x0 < 65 for w in words) >= 15


def test_a_word_the_layout_analysis_drops_is_read_as_a_raw_line():
    """001's page 41 on the bitonal scan: the label "N°" of the code column, read "N*" at
    0.23 on the page, comes back empty when read again alone as a line (the engine's layout
    analysis takes its blurred ink for noise, at any margin or scale); read as a raw line it
    is "N°", so the column of activity numbers is found."""
    content = read_scan_page("scan-300-bitonal", "001", 2)
    assert "N°" in [w.text for w in content.ocr_words]


def test_a_degree_sign_read_as_a_quote_is_told_by_its_ring():
    """001's third page on the bitonal scan read at 299 dpi: the column label "N°" was read
    "N”" (a closing double quote, 0.52). Only "*" and "?" were taken for a misread degree
    sign, so the word was read again alone as an unsure mark and came back "N" (0.91): no
    column of codes, and codes 11-15 of the page read empty (activity recall 0.67). The
    ink decides: any mark after a letter whose ink is a raised ring is a "°"."""
    (doc,) = [d for d in DOCS if d.startswith("001")]
    pdf = pdfium.PdfDocument(str(SCANS / "scan-300-bitonal" / f"{doc}.pdf"))
    try:
        page = pdf[2]
        gray, _, _ = page_image(page, page.get_size()[0], OcrSettings(dpi=299))
    finally:
        pdf.close()
    n, mark = Glyph("N", 134, 232, 155, 255, 0.99), Glyph("\u201d", 159, 232, 169, 243, 0.93)  # as the page read them
    assert [w.text for w in rings_to_degrees(gray, [EngineWord("N\u201d", 134, 232, 169, 255, 0.52, 0, (n, mark))])] \
        == ["N°"]
    # A raised ring after a letter read as a quote is a degree sign; a raised blot
    # without a hole (a real quote's stroke) stays a quote.
    gray = np.full((40, 60), 255, np.uint8)
    gray[8:32, 10:14] = gray[8:32, 24:28] = 0  # an "N"'s stems
    gray[6:16, 32:42] = 0
    gray[9:13, 35:39] = 255  # a ring, its hole 4 by 4 px
    n, mark = Glyph("N", 10, 8, 28, 32, 0.98), Glyph("\u201d", 32, 6, 42, 16, 0.93)
    word = EngineWord("N\u201d", 10, 6, 42, 32, 0.52, 0, (n, mark))
    assert [w.text for w in rings_to_degrees(gray, [word])] == ["N°"]
    gray[9:13, 35:39] = 0
    assert [w.text for w in rings_to_degrees(gray, [word])] == ["N\u201d"]
    # A "%" prints rings of its own: raised or not, it stays (000's "8%" read with its
    # glyph boxed high was made "8°").
    gray[9:13, 35:39] = 255
    percent = EngineWord("N%", 10, 6, 42, 32, 0.69, 0, (n, mark._replace(text="%")))
    assert [w.text for w in rings_to_degrees(gray, [percent])] == ["N%"]


def test_decimal_points_thinned_by_a_bitonal_scanner_are_not_specks():
    """003's first table page on the bitonal scan: the scanner's threshold leaves each
    decimal point of the % column 3 px across and 5 px from its digits, which step 3 took
    for specks (small, no ink within 1 pt): "100.0%" read "100" and "0%". A small blot
    with ink beside it in its own rows is kept: every figure of the column has its point."""
    content = read_scan_page("scan-300-bitonal", "003", 2)
    column = [w.text for w in content.ocr_words if w.x0 > 640 and w.x1 < 672 and w.top > 150]
    assert len(column) == 5 and all(re.fullmatch(r"\d+\.\d%", t) for t in column), column


def test_a_decimal_point_thinned_above_its_digits_baseline_is_kept_on_a_bitonal_scan():
    """002's page 15 on the bitonal scan: the point of "$2,000.00" (planned 2016, row
    12) is thinned to 3 by 3 px, 5 px from its digits, its bottom 2 px above the round
    0s' (the threshold takes more off a point than off a digit's overshoot). Kept only
    within 1 px, it was painted out and the amount read "$2,000" "00". Beside the 11-13 px
    letters of small print 2 px is a sixth of their height: there a blot stays a speck."""
    words = [w.text for w in read_scan_page("scan-300-bitonal", "002", 4).ocr_words]
    assert words.count("$2,000.00") == 2 and "$2,000" not in words and "00" not in words
    for tall, kept in ((23, True), (12, False)):
        page = np.full((60, 80), 255, np.uint8)
        page[40 - tall:40, 10:24] = 0  # a digit
        page[35:38, 29:32] = 0  # a 3 px point 5 px on, its bottom 2 px above the digit's
        assert bool((despeckle(page, 300, thresholded=True)[35:38, 29:32] == 0).all()) == kept, tall


def test_a_speck_read_as_a_quote_in_a_space_is_dropped():
    """002's page 8 on the bitonal scan: a 2 by 4 px speck in the space of a "≥ 85%"
    (planned 2016, activity 8) was read into one word, "≥'85%" (no number: the value
    lost). A quote inside a word that no printed quote of its size could be (0.12 em
    tall) is a speck, and its neighbours, a word break apart, two words."""
    words = [w.text for w in read_scan_page("scan-300-bitonal", "002", 3).ocr_words]
    assert not any("'" in w for w in words), [w for w in words if "'" in w]
    assert words.count("\u2265") == 9
    assert words.count("85%") == [w.text for w in read_scan_page("scan-300-grey", "002", 3).ocr_words].count("85%")
    line = [Glyph(">", 10, 16, 29, 33, 0.9), Glyph("'", 32, 10, 35, 14, 0.5), Glyph("8", 42, 10, 58, 33, 0.9),
            Glyph("5", 61, 10, 75, 33, 0.9)]
    (sign, number) = quotes_in_words([EngineWord(">'85", 10, 10, 75, 33, 0.8, 0, tuple(line))])
    assert (sign.text, number.text) == (">", "85")
    # A quote as tall as a printed one stays where it is.
    tall = [*line[:1], line[1]._replace(bottom=19), *line[2:]]
    assert [w.text for w in quotes_in_words([EngineWord(">'85", 10, 10, 75, 33, 0.8, 0, tuple(tall))])] == [">'85"]


def test_a_speck_on_the_baseline_beside_a_letter_of_a_grey_scan_is_no_full_stop():
    """A blot on the baseline beside a letter is kept as a point only on a thresholded
    (bitonal) scan, whose threshold thins real points under the speck size; on a grey scan
    a printed point blurs larger and is kept by its size, and the same rule kept a speck
    after 003's "NORMATIVOS Y ATENCIÓN" at 300 dpi grey, read "Y."."""
    page = np.full((60, 80), 255, np.uint8)
    page[20:32, 10:18] = 0  # a letter 12 px tall
    page[29:32, 23:26] = 0  # a 3 px blot 5 px on, its bottom on the letter's baseline
    assert (despeckle(page, 300, thresholded=True)[29:32, 23:26] == 0).all()
    assert (despeckle(page, 300)[29:32, 23:26] == 255).all()
    words = read_scan_page("scan-300-grey", "003", 3).ocr_words
    assert not any(w.text == "Y." for w in words), [w.text for w in words if w.text.startswith("Y")]


def test_a_lone_digit_read_as_a_letter_among_numbers_is_read_as_a_number():
    """001's upside-down scan, page 2: the lone "1" planned for March in row 1 read "L"
    (0.77), no number, so the value was missing. A short unsure word of letters in a cell
    whose column holds mostly numbers and whose row holds numbers is read again by the
    number model, taken only as a number of as many characters."""
    words = read_scan_page("scan-300-upside-down", "001", 2).ocr_words
    row = sorted((w for w in words if 76 < w.top < 78 and 500 < w.x0 < 720), key=lambda w: w.x0)
    assert [w.text for w in row] == ["1"] * 11, [w.text for w in row]
    assert all(w.confidence >= 0.5 for w in row)


@lru_cache(maxsize=None)
def read_held_out(style: str, prefix: str, number: int, dpi: int):
    """Page ``number`` of a scanned document read from a grid off the scan's own
    (``OcrSettings(dpi=...)``: 299 or 301), a held-out reading; read once for the tests
    that look at it."""
    return read_scan(style, prefix, number, settings=OcrSettings(dpi=dpi))


@lru_cache(maxsize=8)
def fresh_draw_page(style: str, prefix: str, source_page: int, seed: int,
                    settings: OcrSettings | None = None) -> tuple[np.ndarray, list, float]:
    """One page of another draw of the scans (``python -m fixtures scans --seed N``: the
    same sheet, other skew and specks), scanned here from the sample as that draw scans it
    (``fixtures.scans.drawn_page_pdf``), as the engine reads it (``page_image``, steps 1-4:
    straightened, despeckled, rulings painted out), with its rulings and pixels per point:
    for a trap that shows on that draw only, looked at in its own step, not by reading the
    whole page (0.8 s against 2-3)."""
    (doc,) = [d for d in DOCS if d.startswith(prefix)]
    pdf = pdfium.PdfDocument(drawn_page_pdf(style, doc, source_page, seed))
    try:
        page = pdf[0]
        image, rulings, _ = page_image(page, page.get_width(), OcrSettings.resolve(settings))
        return image, rulings, image.shape[1] / page.get_width()
    finally:
        pdf.close()


def fresh_draw_image(style: str, prefix: str, source_page: int, seed: int, upside_down: bool = False) -> np.ndarray:
    """``fresh_draw_page``'s image (a copy: the page is read once for the tests that look at
    it), turned upright when ``upside_down``."""
    clean = fresh_draw_page(style, prefix, source_page, seed)[0]
    return np.ascontiguousarray(clean[::-1, ::-1]) if upside_down else clean.copy()


def _word(text: str, box: tuple[int, int, int, int], confidence: float) -> EngineWord:
    return EngineWord(text, *box, confidence, 0, (Glyph(text, *box, confidence),))


def _ruled_column(text: str, x0: float, x1: float) -> tuple[float, list[Ruling], list[EngineWord]]:
    """A ruled column (points 10-40, nine rows of 20 pt) of ``text`` read 0.97 sure from ``x0``
    to ``x1`` points in each row, at 300 dpi: (pixels per point, its rulings, its words)."""
    px_per_pt = 300 / 72
    rulings = [Ruling("v", x, 0, x + 0.5, 200) for x in (10, 40)] + \
        [Ruling("h", 0, y, 50, y + 0.5) for y in range(0, 201, 20)]
    column = [_word(text, (round(x0 * px_per_pt), round((y + 8) * px_per_pt), round(x1 * px_per_pt),
                           round((y + 12) * px_per_pt)), 0.97) for y in range(20, 200, 20)]
    return px_per_pt, rulings, column


def test_the_unit_line_of_a_header_read_as_a_table_is_read_from_its_words():
    """004's first page on the grey scan of the seed-14 draw: a speck above "SOCIAL" (read
    0.35 sure) boxed the word 1.2 pt above the rest of "UE: 001066 - PROGRAMA ... EMPLEO
    SOCIAL INCLUSIVO "TRABAJA PERU"", and the table layer, reading the header as a table,
    cut the line: "PLIEGO ... UE: 001066 - ... EMPLEO" in one cell, "SOCIAL" and "INCLUSIVO
    "TRABAJA PERU"" in the row below. No text line named the unit, the cell gave it cut short,
    and all 24 activities had the wrong unit. The family reads the unit's line from the OCR
    words on it (``label_lines``) before the cells: the words whose middles lie within the
    label's height, each near the one before."""
    image, _, ppp = fresh_draw_page("scan-300-grey", "004", 1, 14)
    crop = image[int(25 * ppp):int(70 * ppp), :int(300 * ppp)].copy()  # the report's header
    words = [OcrWord(w.text, w.x0 / ppp, w.top / ppp, w.x1 / ppp, w.bottom / ppp, w.confidence)
             for w in TesseractEngine().read(crop, 300)]
    (ue,) = [w for w in words if w.text == "UE:"]
    (social,) = [w for w in words if w.text == "SOCIAL"]
    assert social.top < ue.top - 1  # the trap: boxed over the speck above it
    cut = Table(1, 0, 30, 45, 270, 62, 3, 2, (  # the cells the table layer made of it
        Cell(0, 0, 1, 2, 30, 45, 176, 53, "PLIEGO : 012 - M DE TRABAJO Y PROMOCION DEL EMPLEO UE: 001066 - "
                                         "PROGRAMA PARA LA GENERACION DE EMPLEO"),
        Cell(1, 0, 1, 1, 178, 55, 196, 61, "SOCIAL"), Cell(1, 1, 1, 1, 198, 55, 266, 61, 'INCLUSIVO "TRABAJA PERU"')))
    page = PageLayout(1, 792, 612, 100, (cut,), (), 4.0, tuple(words))
    extractor = CeplanPoiExtractor()
    extractor.prepare(ParsedDocument(RAW / "004.pdf", "", [page]))
    assert extractor.unit == '001066 - PROGRAMA PARA LA GENERACION DE EMPLEO SOCIAL INCLUSIVO "TRABAJA PERU"'


def test_a_number_read_otherwise_by_the_number_model_less_surely_needs_a_second_reading():
    """001's page 41 on the upside-down scan of the seed-13 draw: the clean code "5" of
    activity 5 was read "5" (0.97) by the page, "2" (0.66) by the number model twice as
    large, which replaced it: activity 5 numbered 2. Less sure than the page, the number
    model's reading is checked by its own reading three times as large, which says "5"
    (0.97): the page's reading stays."""
    gray = fresh_draw_image("scan-300-upside-down", "001", 41, 13)
    engine = engine_for(OcrSettings())
    five = _word("5", (135, 596, 150, 619), 0.97)  # the page's reading, its box
    assert engine.read_number(gray, [five], 0, 300, 2).text == "2"  # the trap
    assert [w.text for w in engine.reread_numbers(gray, [five], 300)] == ["5"]


def test_a_number_model_reading_too_unsure_alone_is_taken_when_read_alike_larger():
    """000's page 84 on the bitonal scan of the seed-13 draw: a clean "7%" was read "1%"
    (0.96) by the page (the Spanish model's look-alike), "7%" by the number model twice as
    large but at 0.23, under the 0.5 asked, so the page's "1%" stayed: a value silently
    wrong. Read three times as large the model says "7%" (0.92): two of its readings
    agree against the page's, and the surer is weighed."""
    gray = fresh_draw_image("scan-300-bitonal", "000", 84, 13)
    engine = engine_for(OcrSettings())
    page = [_word("1%", (2589, 1339, 2631, 1362), 0.96)]  # the page's reading, its box
    twice = engine.read_number(gray, page, 0, 300, 2)
    assert twice.text == "7%" and twice.confidence < 0.5  # the trap
    assert [w.text for w in engine.reread_numbers(gray, page, 300)] == ["7%"]


def test_a_word_of_unlikely_spelling_read_under_0_7_is_read_again():
    """000's page 84 on the bitonal scan of the seed-13 draw: the "l" of "lugares", cut
    across by a 2-row drop-out, made the word "iugares" (0.62): under the 0.7 from which a
    word of unlikely spelling was read again, so the activity was lost. Read alone on the
    page made black on white it is "lugares" (0.96), a word of the engine's dictionary."""
    gray = fresh_draw_image("scan-300-bitonal", "000", 84, 13)
    box = (1368, 1252, 1472, 1280)
    x = [1368 + round(k * 104 / 7) for k in range(8)]
    glyphs = tuple(Glyph(c, x[k], 1252 if c in "ig" else 1259, x[k + 1], 1280 if c == "g" else 1273, 0.9)
                   for k, c in enumerate("iugares"))
    word = EngineWord("iugares", *box, 0.62, 0, glyphs)
    assert [w.text for w in respell_words(gray, [word], engine_for(OcrSettings()), 300)] == ["lugares"]


def test_a_number_the_number_model_read_with_a_digit_of_no_ink_keeps_the_pages_reading():
    """000's page 85 on the upside-down scan of the seed-13 draw: "3.5." (the objective
    "3.5. Ampliar la cobertura ...") was read so by the page (0.97), "3.5%." by the number
    model (0.50: a "%" with no blot of its own), then "3.3." (0.75) on the page filtered of
    specks, which was taken: the activity was lost. The page's own reading fits the ink
    too, and is the surest."""
    gray = fresh_draw_image("scan-300-upside-down", "000", 85, 13, upside_down=True)
    engine = engine_for(OcrSettings())
    page = [_word("3.5.", (135, 574, 187, 597), 0.97)]  # the page's reading, its box
    read = engine.reread_numbers(gray, page, 300)
    assert read[0].text == "3.5%." and numbers_over_less_ink(gray, read) == [0]  # the trap
    assert [w.text for w in digits_of_no_ink(engine, gray, page, read, 300)] == ["3.5."]


def test_a_word_read_alone_without_a_letter_of_its_ink_is_not_taken():
    """004's first page on the grey scan of the seed-15 draw: the month label "Ago" (0.95,
    a speck cleaned in its box) was read again alone (step 9) and came back "go" (0.96),
    boxed on 3 rows, the A's ink left for paper (0.69 of the word's ink). Surer, it replaced
    the word, which the records then dropped as a speck-sized word: the August column had no
    label, and its 24 values were quarantined under an unlabelled column. A reading alone
    that leaves more than a quarter of its box's ink out is neither enough to skip the
    second margin of paper nor taken: "Ago" (0.95) stays."""
    gray = fresh_draw_image("scan-300-grey", "004", 1, 15)
    engine = engine_for(OcrSettings())
    box = (2393, 472, 2435, 494)  # step 9's crop of the word
    ago = EngineWord("Ago", 2395, 474, 2433, 492, 0.951, 0, (Glyph("Ago", 2395, 474, 2433, 492, 0.951),))
    first = engine.read_lines(gray, [box], 300, lambda k, reading: sure_enough(reading, ago.confidence))[0]
    assert [w.text for w in first] == ["go"] and not reads_the_ink(gray, box, first)  # the trap
    assert [w.text for w in reread_words(engine, gray, [ago], {0: ago.confidence}, [box], 300)] == ["Ago"]


def test_a_cell_read_as_the_specks_above_its_word_is_not_a_sure_reading():
    """004's second page on the grey scan of the seed-15 draw: the cell "PROGRAMADO" of row
    14 (pale 3 pt print) read alone at twice its size came out as two "-" (0.88, 0.90) from
    two specks above the word, and nothing else: sure enough to skip the reading black on
    white, which reads the word. The cell was marked unreadable, row 14 lost its planned
    line, and the rows after it on the page shifted by one (about 120 values). A reading
    alone that leaves most of its crop's ink out (0.99 here) is only as sure as the share
    of the ink it reads."""
    gray = fresh_draw_image("scan-300-grey", "004", 2, 15)
    box = (2033, 250, 2145, 282)  # the ruled cell, in pixels
    inside = (2035, 252, 2143, 280)  # ... within its inset
    specks = [_word("-", (2055, 254, 2059, 256), 0.88), _word("-", (2091, 254, 2093, 255), 0.90)]
    assert read_score(gray, inside, specks) < CELL_SURE  # the trap, as sure as the ink it reads
    reading = engine_for(OcrSettings()).read_cells(gray, [box], 300, 2, 3)[0]  # 004: cells read at 2x, up to 3x
    assert "".join(w.text for w in reading) == "PROGRAMADO"


def test_a_letter_read_alone_is_boxed_below_the_feet_of_the_line_above():
    """004's first page on the grey scan of the seed-13 draw: the cost centre "UNIDAD
    FUNCIONAL DE / TECNOLOGÍAS DE LA / INFORMACIÓN" (row 3) read again as a cell had the "N"
    of "INFORMACIÓN" boxed from 1102 px, over the feet of "TECNOLOGÍAS" above (down to
    1106): read alone again from that box, every letter was boxed from 1100, the word's em
    came out twice its line's, and the two lines were taken for one, their letters sorted
    into each other ("TIENFCONORMLOAGCÍIAÓSN"). The crop's paper border hides the ink above
    it; on the page, ink at a letter's head that paper parts from the letter and that runs
    on above its box is the line above's, and the box starts below it."""
    gray = fresh_draw_image("scan-300-grey", "004", 1, 13)
    cell = (858, 1060, 1159, 1136)  # the ruled cell, in pixels
    (word,) = [w for w in engine_for(OcrSettings()).read_cells(gray, [cell], 300, 2, 3)[0] if w.text == "INFORMACIÓN"]
    assert min(g.top for g in word.glyphs) >= 1108  # under "TECNOLOGÍAS" (its feet end at 1106)
    # A letter's own head (the accent of its "Ó", 1110) is not cut: paper parts it from
    # nothing above.
    assert [g.top for g in word.glyphs if g.text == "Ó"] == [1110]


def test_a_digit_read_alone_is_boxed_above_the_heads_of_the_row_below():
    """001's second page on the grey scan of the seed-147 draw: the "1" of row 7's November
    "10%" (700-722 px), read again by the number model, was boxed down to 753, over the
    head of row 8's "1" under it (751-752) and across the ruling between the rows (736).
    That one glyph chained the two rows' lines into one: rows 7 and 8 were read as one row,
    five cells as "10% 1" (published as 101%, 0.96 sure) and row 8's code, text and values
    lost. The crop's paper border hides the ink below it; on the page, ink at a letter's
    foot that paper parts from the letter and that runs on below its box is the next
    line's, and the box ends above it (``tesseract.between_the_lines``)."""
    page = ocr_page(drawn_page_pdf("scan-300-grey", DOCS[1], 41, 147), number=2)
    (word,) = [w for w in page.ocr_words if w.text == "10%" and abs(w.x0 - 694.4) < 1 and abs(w.top - 168) < 1]
    assert word.bottom < 176.6  # above the ruling between rows 7 and 8
    (table,) = page_to_layout(page, TableSettings()).tables
    codes = [c.text for c in sorted(table.cells, key=lambda c: c.row) if c.col == 0]
    assert "7" in codes and "8" in codes
    assert not [c for c in table.cells if "10% 1" in c.text]


def test_a_letters_own_last_row_past_its_box_is_no_line_below():
    """Typst's print of 000, its page 84 scanned on the seed-201 draw: the unit's strategic
    line "... encaminadas a la erradicación ..." had its "a" read alone in its ruled cell,
    twice as large (step 7), boxed a pixel short of its foot and over its open left side.
    The letter's own last row, past the box, was taken for the head of the line below, and
    the box cut above the paper in the a's open side: 3 px tall, its top arc, and the word
    was dropped as a speck ("encaminadas la", under both of the unit's activities). Ink
    past a letter's box is another line's when it runs on past the box (``RUN_ON`` of its
    height); the two traps above still cut theirs."""
    from conftest import ROOT as _root

    printed = _root / "tests" / "producers" / "typst-plain" / f"{DOCS[0]}.pdf"
    words = [w.text for w in ocr_page(drawn_page_pdf("scan-300-grey", DOCS[0], 84, 201, printed=printed)).ocr_words]
    k = words.index("encaminadas")
    assert words[k + 1:k + 3] == ["a", "la"], words[k:k + 4]


def test_a_cell_found_twice_through_a_ruling_in_two_pieces_is_read_once():
    """004's second page on a fresh draw at 300 dpi grey (seed 17): the ruling over
    "AOI00106600095 - GESTIÓN DE LA COMPENSACIÓN" was found in two pieces (29.8-84.5 pt and
    85.0-747.4 pt) whose middles rounded to 503 and 504 px, so the words under each piece
    found the cell with another box; both were read again, each reading brought the whole
    line back, and laid out together the cell read "AAOOII0000110066660000009955 --
    GGEESSTTIIÓÓNN ...": the activity had no code. Boxes whose sides all lie within 2 px
    are one cell; the cells beside and below it stay apart."""
    twice = [(125, 503, 986, 535), (125, 504, 986, 535)]
    assert one_box_a_cell(twice) == [(125, 503, 986, 535)]
    others = [(986, 503, 1100, 535), (125, 535, 986, 567)]
    assert one_box_a_cell(twice + others) == [(125, 503, 986, 535)] + others


def test_a_cell_boxed_inside_its_own_box_through_a_partial_ruling_is_read_once():
    """Typst's print of 003, its page 14 on the seed-510 draw at 150 dpi grey (held out of
    round 47): a ruling found across part of an activity's cell bounded the box of the words
    above it at 1606 px, while the words beside it found the cell's box run on to the next
    ruling, 1685 px; both boxes were read again, every line of the first came back twice,
    and laid out together the activity read "CCAAPPAACCIITTAACCIIÓÓNN AA EEMMPPLLEEAADDOORREESS".
    A box inside another is that cell; cells beside and below stay apart."""
    inner, outer = (943, 1375, 1384, 1606), (943, 1375, 1384, 1685)
    assert one_box_a_cell([inner, outer]) == [outer]
    assert one_box_a_cell([outer, inner]) == [outer]
    beside = [(1384, 1375, 1500, 1606), (943, 1685, 1384, 1720)]
    assert one_box_a_cell([inner, outer, *beside]) == [outer, *beside]
    printed = ROOT / "tests" / "producers" / "typst-plain" / "003_c18181cb25637abd.pdf"
    page = ocr_page(drawn_page_pdf("scan-150-grey", "003_c18181cb25637abd", 14, 510, printed=printed))
    words = [w.text for w in page.ocr_words]
    assert words.count("UNIVERSITARIOS") == 1 and words.count("MICROEMPRESARIOS,") == 1, words


def test_a_block_of_print_is_read_again_without_the_words_its_box_took_from_the_next():
    """Chromium's filled print of 002, its page 6 on the seed-520 draw at 150 dpi grey: the
    block of print of 2016's "Ejecutado (A junio)" holds the year's label, centred over both
    of its columns, so its box reached into the right-aligned "Programado" column beside it.
    Read alone it read the ends of that column's words, "812" of "3,812", "20.8" of "820.8"
    and "ado" of "Programado", which replaced the page's right readings (0.97): two values
    wrong and sure, a header "Programaaddoo", and a broken data contract. A word whose box
    runs across a block's box is another block's: painted out of the block's crop and kept
    as the page read it."""
    from extractors.ocr.cells import words_across_blocks
    from extractors.ocr.tesseract import EngineWord

    def word(text, x0, x1, top=642, bottom=668):
        return EngineWord(text, x0, top, x1, bottom, 0.97, 0, (), True)

    block = (3575, 445, 3828, 729)
    page = [word("3,812", 3555, 3635), word("1938.51", 3698, 3812), word("Ejecutado", 3686, 3812, 520, 545),
            word("4,070.8", 3300, 3420)]
    assert words_across_blocks(page, [block]) == {0}
    printed = ROOT / "tests" / "producers" / "chromium-fills" / "002_5e65348469c072e6.pdf"
    read = [w.text for w in ocr_page(drawn_page_pdf("scan-150-grey", "002_5e65348469c072e6", 6, 520,
                                                    printed=printed)).ocr_words]
    assert "3,812" in read and "820.8" in read and "19,800" in read, read
    assert not {"812", "20.8", "800", "ado"} & set(read)


def test_a_block_of_print_inside_another_is_read_once():
    """On a page with no ruled cells the cells read again are blocks of print, and one
    block's box can hold another's: Chromium's filled 000 (seed 240, its page 85) had a
    column of text 75-270 pt tall and a block of 86-117 pt inside its box, both read again;
    each reading brought "Ejecutar plan de verificación" back, and laid out together it read
    "EEjjeeccuutatarr ppllaann". Overlapping boxes are read once, as their union; boxes
    apart, or only touching, stay apart."""
    outer, inner = (785, 313, 1401, 1123), (787, 360, 1378, 486)
    assert overlaps_joined([outer, inner]) == [outer]
    chained = [(0, 0, 100, 50), (90, 40, 200, 90), (190, 80, 300, 120)]
    assert overlaps_joined(chained) == [(0, 0, 300, 120)]
    apart = [(0, 0, 100, 50), (100, 0, 200, 50), (0, 60, 100, 90)]
    assert sorted(overlaps_joined(apart)) == sorted(apart)


def test_a_ruling_broken_by_a_speck_bounds_its_cells_all_along():
    """004's first page on a fresh draw at 300 dpi grey (seed 72): the ruling between the
    "TIPO / DE OEI" column and the objective's heading was found in two pieces, 422-518 and
    520-2217 px, and the column's "I" (its middle at 519 px) took the cell with the next
    column's. Both cells were read again, each reading brought the heading back, and laid
    out together it read "PPRROOMMOOVVEERR EELL EEMMPPLLEEOO ...": no activity of the page
    had its objective. Pieces at one place with a gap of at most a point are one ruling;
    pieces apart, or at another place, stay apart."""
    px_per_pt = 300 / 72
    def v(x, top, bottom):
        return Ruling("v", x / px_per_pt, top / px_per_pt, x / px_per_pt, bottom / px_per_pt)
    def h(y):
        return Ruling("h", 400 / px_per_pt, y / px_per_pt, 900 / px_per_pt, y / px_per_pt)
    rulings = [v(543, 422, 2217), v(608, 422, 518), v(608, 520, 2217), v(858, 422, 2217), h(500), h(716)]
    vertical, horizontal = ruled_lines(rulings, px_per_pt)
    assert cell_around(554, 519, vertical, horizontal) == (543, 500, 608, 716)
    assert cell_around(700, 519, vertical, horizontal) == (608, 500, 858, 716)
    apart = [v(543, 422, 2217), v(608, 422, 500), v(608, 530, 2217), v(858, 422, 2217), h(500), h(716)]
    vertical, horizontal = ruled_lines(apart, px_per_pt)
    assert cell_around(554, 519, vertical, horizontal) == (543, 500, 858, 716)
    assert len(vertical) == 4


def test_a_lone_value_read_as_two_letters_in_a_column_of_numbers_is_read_as_a_number():
    """001's page 41 on the grey scan of the seed-13 draw: the planned total "1" of activity
    4 (a row of one monthly value) was read "Jl" (0.28): two characters, and its row holds
    too few numbers to be judged among numbers, so the total was lost. A word read less
    sure than 0.5 in a column of numbers is read by the number model whatever its row,
    and taken as a sure reading with a digit for each digit's blot in its box."""
    gray = fresh_draw_image("scan-300-grey", "001", 41, 13)
    jl = EngineWord("Jl", 3084, 545, 3097, 568, 0.28, 0, (Glyph("J", 3084, 545, 3090, 568, 0.3),
                                                           Glyph("l", 3090, 545, 3097, 568, 0.3)))
    fits = lambda old, new: number_for_a_word(gray, old, new, em=31.0)  # noqa: E731
    assert [w.text for w in engine_for(OcrSettings()).reread_to_form(gray, [jl], [0], 300, fits)] == ["1"]
    # Taken from a word read that unsure only: a surer one keeps the number's length.
    one = EngineWord("1", 3084, 545, 3097, 568, 0.94, 0, (Glyph("1", 3084, 545, 3097, 568, 0.94),))
    assert not number_for_a_word(gray, jl._replace(confidence=0.8), one, 31.0)
    # Picked in a column of numbers whatever its row when that unsure, not otherwise.
    px_per_pt, rulings, column = _ruled_column("1", 25, 27)
    column[4] = column[4]._replace(text="Jl", confidence=0.28)
    assert words_among_numbers(column, rulings, px_per_pt) == [4]
    column[4] = column[4]._replace(confidence=0.8)
    assert words_among_numbers(column, rulings, px_per_pt) == []


def test_a_lone_total_read_as_a_letter_under_its_columns_label_is_read_as_a_number():
    """001's page 41 on the grey scan of the seed-15 draw: the same total "1" of activity 4
    as on the seed-13 draw, read "A" (0.58). Its column ("1", "11", "1", "1" under "Total
    meta") held no three quarters of numbers with the label's two words counted, and its
    row one monthly value: the total went to quarantine, unreadable. The words above the
    page's first row of numbers are labels, not counted; and a word read below
    ``OCR_MIN_CONFIDENCE`` (it would be quarantined) in a column of numbers is read by the
    number model whatever its row."""
    gray = fresh_draw_image("scan-300-grey", "001", 41, 15)
    a = _word("A", (3084, 545, 3097, 568), 0.58)
    fits = lambda old, new: number_for_a_word(gray, old, new, em=31.0)  # noqa: E731
    assert [w.text for w in engine_for(OcrSettings()).reread_to_form(gray, [a], [0], 300, fits)] == ["1"]
    # The page's layout: four month columns and the total's (30 pt each from 10 pt), a
    # header row of labels (0-20 pt), a first row of numbers, then rows of one month each.
    px_per_pt = 300 / 72
    rulings = [Ruling("v", x, 0, x + 0.5, 100) for x in range(10, 161, 30)] + \
        [Ruling("h", 0, y, 170, y + 0.5) for y in range(0, 101, 20)]

    def cell(text: str, column: int, row: int, confidence: float = 0.97, line: int = 0) -> EngineWord:
        x0, top = 10 + 30 * column + 5, 20 * row + 4 + 7 * line
        return _word(text, tuple(round(v * px_per_pt) for v in (x0, top, x0 + 8, top + 5)), confidence)

    words = [*(cell(label, c, 0) for c, label in enumerate(("Ene", "Feb", "Mar", "Abr", "Total"))),
             cell("meta", 4, 0, line=1), *(cell("1", c, 1) for c in range(4)), cell("4", 4, 1),
             cell("1", 0, 2), cell("11", 4, 2), cell("1", 1, 3), cell("A", 4, 3, 0.58), cell("1", 2, 4), cell("1", 4, 4)]
    assert words_among_numbers(words, rulings, px_per_pt) == [14]
    # Surer than that, a word needs a row of numbers too.
    words[14] = words[14]._replace(confidence=0.62)
    assert words_among_numbers(words, rulings, px_per_pt) == []


def test_a_word_read_again_alone_is_cropped_over_the_letters_its_boxes_left_out():
    """000's second page on the bitonal scan: "inspecciones" (read 0.85 when the page was
    despeckled again after painting out its rulings, a change measured and left out) had
    its "e" and "s" boxed 8-14 px left of their ink; its box ended 3 px short of the "s",
    and read alone over that box it came back "inspeccione", surer (0.91), the activity
    lost. The crop takes in the blots of a letter's height nearer to the word than to its
    neighbours, that no other word's box reaches (``specks.out_to_ink``)."""
    words = [w.text for w in read_scan_page("scan-300-bitonal", "000", 2).ocr_words]
    assert ["Ejecutar", "inspecciones", "y", "re"] in [words[k:k + 4] for k in range(len(words))]
    gray = np.full((40, 120), 255, np.uint8)
    gray[10:30, 10:20] = gray[10:30, 24:34] = 0  # the word's letters, its box to 34
    gray[14:30, 37:45] = 0  # a letter left out, 3 px on
    gray[27:30, 50:53] = 0  # a full stop after it: no letter's height
    gray[10:30, 90:100] = 0  # the next word
    after = _word("c", (90, 10, 100, 30), 0.97)
    assert out_to_ink(gray, (8, 6, 36, 34), 20.0, None, after) == (8, 6, 46, 34)
    gray[14:30, 37:45] = gray[10:30, 90:100] = 255
    gray[14:30, 60:68] = gray[10:30, 74:84] = 0  # a letter 6 px before the next word
    after = _word("c", (74, 10, 84, 30), 0.97)
    assert out_to_ink(gray, (8, 6, 36, 34), 40.0, None, after) == (8, 6, 36, 34)
    assert out_to_ink(gray, (8, 6, 36, 34), 40.0, None, None) == (8, 6, 69, 34)  # no word there
    # ... but a word of another engine line (the next cell's "de", read on a line of its own)
    assert out_to_ink(gray, (8, 6, 36, 34), 40.0, None, None, [(59, 10, 70, 30)]) == (8, 6, 36, 34)


def _row_of_values(content, top: float, bottom: float, x0: float, x1: float) -> list:
    return sorted((w for w in content.ocr_words if top < w.top < bottom and x0 < w.x0 < x1), key=lambda w: w.x0)


def test_a_lone_digit_read_as_a_letter_is_judged_by_its_columns_other_words():
    """001's second page read at 301 dpi: the lone "1" planned for February in row 8 read
    "l" (0.00). Its column on that page holds the header, three numbers and that word:
    3 numbers of 5 words, under the three quarters that make a column of numbers, so the
    word was not read again and the value was lost. The word in question counts neither
    way: 3 of the 4 other words are numbers, and the number model reads it "1"."""
    row = _row_of_values(read_held_out("scan-300-grey", "001", 2, 301), 179, 182, 500, 735)
    assert [w.text for w in row] == ["1"] * 11, [w.text for w in row]


def test_a_number_boxed_over_two_digits_ink_is_read_again_in_its_cell():
    """001's second page read at 301 dpi: the total "11" of row 8 was read "1", one glyph
    boxed over both 1s (and a speck below them), so no ink was left unread and its cell
    was not read again; given that box the number model read nothing. A number whose box
    holds more blots as tall as text than it reads digits has its cell read again alone."""
    (total,) = _row_of_values(read_held_out("scan-300-grey", "001", 2, 301), 179, 182, 735, 770)
    assert total.text == "11"
    # One box over two digit-tall blots reading one digit is picked; over one digit split
    # by a drop-out into halves shorter than text, it is not.
    gray = np.full((60, 80), 255, np.uint8)
    gray[10:40, 10:16] = gray[10:40, 30:36] = 0
    one = EngineWord("1", 8, 10, 38, 40, 0.8, 0, (Glyph("1", 8, 10, 38, 40, 0.8),))
    assert numbers_over_more_ink(gray, [one], em=40.0) == [one]
    assert numbers_over_more_ink(gray, [one._replace(text="11")], em=40.0) == []
    gray[10:40, 30:36] = 255
    gray[24:26, 10:16] = 255
    assert numbers_over_more_ink(gray, [one], em=40.0) == []


def test_a_speck_read_as_a_full_stop_after_a_number_is_judged_by_its_own_ink():
    """000's second page read at 299 dpi and 002's third at 301: a 2 by 2 px speck after
    "25%" and after "109" was read as a full stop, boxed by the engine far larger than
    its ink ("25%.", "109.": no number, both values lost). Marks at a word's ends are
    judged specks by their box; a stop after a number alone on its line (a value in its
    cell) is boxed on its own ink first (the blots right of the digit's box: the
    digit's own ink can run into the mark's)."""
    gray = np.full((40, 80), 255, np.uint8)
    gray[8:32, 10:24] = 0  # a digit, its ink 2 px past its box
    gray[30:32, 34:36] = 0  # a 2 by 2 px speck on the baseline after it
    digit, stop = Glyph("9", 10, 8, 22, 32, 0.97), Glyph(".", 18, 8, 40, 32, 0.9)
    word = EngineWord("9.", 10, 8, 40, 32, 0.95, 0, (digit, stop))
    (fitted,) = end_marks_fitted_to_ink(gray, [word])
    assert fitted.glyphs[-1][1:5] == (34, 30, 36, 32)
    _, (read,) = words_to_records([fitted], 0.24, 0.24)
    assert read.text == "9"
    # A printed full stop, as thick as the digit's strokes, is boxed on its ink and kept.
    gray[28:32, 34:38] = 0
    _, (read,) = words_to_records(end_marks_fitted_to_ink(gray, [word]), 0.24, 0.24)
    assert read.text == "9."
    # Inside a number, or at the end of one in a line of text ("3.5. Ampliar la
    # cobertura": a printed stop, 3 by 3 px), a mark is left as read.
    inside = word._replace(text="9.9", glyphs=(digit, stop, digit._replace(x0=44, x1=56)))
    assert end_marks_fitted_to_ink(gray, [inside]) == [inside]
    gray[28:32, 34:38] = 255
    text = EngineWord("Ampliar", 50, 8, 79, 32, 0.96, 0, (Glyph("A", 50, 8, 79, 32, 0.96),))
    assert end_marks_fitted_to_ink(gray, [word, text]) == [word, text]


def test_a_digit_read_from_a_speck_between_two_digits_is_not_taken():
    """002's third page read at 301 dpi: a 2 by 3 px speck on the baseline between the 7
    and the 5 of "75%" (the size of a bitonal scan's thinned decimal point, so not cleaned)
    was read "1" by the number model: "715%" (0.74), the value ten times too large. Its
    box holds three blots as tall as a digit (the 7, the 5, the bar of the %), so four
    digits and signs cannot be read from it; read on the page filtered of specks it says
    "75%" (0.86). Here the shapes: the rings of a "%" and a full stop are no digits."""
    gray = np.full((40, 80), 255, np.uint8)
    gray[8:32, 4:8] = gray[8:32, 24:28] = 0  # two digits, 24 px tall
    gray[29:32, 15:17] = 0  # a speck on the baseline between them
    gray[8:32, 40:43] = 0  # the bar of a %
    gray[8:21, 34:40] = gray[19:32, 44:50] = 0  # its rings, 13 px tall
    glyph = Glyph("7", 4, 8, 50, 32, 0.7)
    read = EngineWord("715%", 4, 8, 50, 32, 0.74, 0, (glyph,))
    assert numbers_over_less_ink(gray, [read]) == [0]
    assert numbers_over_less_ink(gray, [read._replace(text="75%")]) == []
    assert numbers_over_less_ink(gray, [read._replace(text="7.5%")]) == []


def test_blots_are_labelled_in_32_bits_when_16_would_overflow():
    """label_ink labels in 16 bits (three times faster in OpenCV); a page of more than
    65535 blots (a dithered picture, heavy noise) is labelled in 32 bits, not refused."""
    few = np.zeros((60, 90), np.uint8)
    few[10:20, 10:30] = few[40:45, 50:80] = 255
    count, labels, stats, _ = label_ink(few)
    expected = cv2.connectedComponentsWithStats(few, connectivity=8)
    assert count == 3 and np.array_equal(labels, expected[1]) and np.array_equal(stats, expected[2])
    many = np.zeros((1000, 1000), np.uint8)
    many[::3, ::3] = 255  # 111,556 single-pixel blots
    count, labels, _, _ = label_ink(many)
    assert count == 334 * 334 + 1 and labels.dtype == np.int32


def test_a_crop_of_no_pixels_has_no_blots():
    """A word's box at the page's edge, or of no width, cuts a crop of no pixels, which OpenCV
    refuses to label (a whole document failed on such a crop: the next test). It holds no
    blot: the paper's row alone, as a crop of paper gives."""
    for shape in ((0, 12), (12, 0), (0, 0)):
        count, labels, stats, centroids = label_ink(np.zeros(shape, np.uint8))
        assert count == 1 and labels.shape == shape and stats.shape == (1, 5) and len(stats[1:]) == 0
    paper = label_ink(np.zeros((4, 4), np.uint8))
    assert paper[0] == 1 and len(paper[2][1:]) == 0


def test_a_ruling_crossing_a_grey_header_row_is_found():
    """004's last small table (page 2): the rulings between its month columns cross the
    grey header row, where a line's blurred fringe passes the page's threshold (5 px
    across there, 3 px below it on white paper). Measured against the paper around it,
    each is as thick all along, so all 11 are found (3 were lost: 'Feb Mar', 'Jun Jul'
    and 'Sep Oct' read as one cell each, and the table's 24 values with them)."""
    content = read_scan_page("scan-300-grey", "004", 2)
    xs = sorted(x0 for s in content.shapes for x0, y0, x1, y1 in s.segments
                if x0 == x1 and 575 <= x0 <= 700 and y0 <= 285 and y1 >= 305)
    assert len(xs) == 11
    assert all(10 <= b - a <= 13 for a, b in zip(xs, xs[1:]))  # one month column each


def test_a_mark_read_over_a_words_ink_is_dropped():
    """A speck beside 'PROGRAMADO' read as a word '.' over the ink of the word's 'O' (whose
    box the engine put on the speck too) sorted into the word: 'PROGRAMAD.O', no measure,
    and the executed line of the last table became an activity of its own. No mark-only
    word is left over another word's ink on 004's pages."""
    for number in (1, 2):
        words = read_scan_page("scan-300-grey", "004", number).ocr_words
        for mark in (w for w in words if w.text and all(c in MARKS for c in w.text)):
            for other in words:
                if other is mark or not any(c.isalnum() for c in other.text):
                    continue
                if min(mark.bottom, other.bottom) <= max(mark.top, other.top):
                    continue
                assert min(mark.x1, other.x1) - max(mark.x0, other.x0) < MARK_OVER * max(mark.x1 - mark.x0, 0.01)


def test_is_mark_over_word_keeps_marks_beside_words():
    glyph = Glyph("x", 0, 0, 1, 1, 1.0)
    word = EngineWord("PROGRAMADO", 100, 10, 200, 20, 0.9, 1, (glyph,))
    over = EngineWord(".", 191, 18, 202, 20, 0.9, 1, (glyph,))
    beside = EngineWord(".", 201, 18, 204, 20, 0.9, 1, (glyph,))
    assert is_mark_over_word(over, [word, over])
    assert not is_mark_over_word(beside, [word, beside])
    assert not is_mark_over_word(word, [word, over])


def test_numbers_off_their_tables_form_are_read_again_larger():
    """Every value of 004 prints two decimals; at 3-4 pt '460.00' read '460,00' and '100.00'
    '100,00' (a comma for the point). Their columns' other numbers print the form d.dd,
    so they are read again three times larger, where the number model reads the point."""
    texts = [w.text for w in read_scan_page("scan-300-grey", "004", 2).ocr_words]
    assert "460.00" in texts and "460,00" not in texts
    assert "100,00" not in texts


def test_numbers_off_form_needs_the_pages_own_evidence():
    """A number is picked only where three quarters of its ruled column or row print d.dd."""
    from extractors.ocr.image import Ruling

    def word(text, x):
        return EngineWord(text, x, 10, x + 30, 20, 0.9, 0, ())

    # One ruled row (y 0..40 px) of five cells 40 px wide; 1 px per point.
    rulings = [Ruling("v", x, 0, x + 1, 40) for x in range(0, 201, 40)] + \
              [Ruling("h", 0, 0, 200, 1), Ruling("h", 0, 39, 200, 40)]
    row = [word(t, 5 + 40 * k) for k, t in enumerate(["0.00", "1.00", "2.50", "000", "7.00"])]
    assert numbers_off_form(row, rulings, 1.0) == [3]
    mixed = [word(t, 5 + 40 * k) for k, t in enumerate(["1", "10%", "2.50", "000", "7"])]
    assert numbers_off_form(mixed, rulings, 1.0) == []


def test_a_speck_read_as_a_quote_beside_a_number_is_read_again_to_the_form():
    """004's second page (3-4 pt print): specks against "361.00" (row 16) and "1.00" (row
    22) were read as opening quotes, '“361.00' and '“100', no number, and both values were
    lost. Among numbers of the form d.dd, the number model reads them again: '361.00' and
    '1.00', the same digits, taken however unsure (the confidence stays the model's)."""
    words = read_scan_page("scan-300-grey", "004", 2).ocr_words
    texts = [w.text for w in words]
    assert "“361.00" not in texts and "“100" not in texts
    assert not [t for t in texts if (number := number_but_one(t)) and DECIMAL_FORM.match(number)]
    assert "361.00" in texts


def test_a_speck_against_a_digit_of_a_number_of_the_form_is_filtered_out():
    """004's first page (4 pt print): specks touching a digit made "0.00" read "6.00" (row
    2, April; 0.87 sure) and "0.09" (row 5, January), and "20079.00" read "20679.00" (row
    10, July): still of the table's form d.dd, so step 8 did not pick them. Read unsure,
    they are read again on the page filtered by a 3 px median (the speck goes, the 2 px
    strokes stay), where the engine is surer of "0.00" and "20079.00". A number off the
    form that no other reading brings to it is read there too: "1:00" (row 4, March, a
    speck over the full stop; the number model reads nothing unfiltered) and "0,00"."""
    words = read_scan_page("scan-300-grey", "004", 1).ocr_words
    texts = [w.text for w in words]
    assert "20679.00" not in texts and "20079.00" in texts
    assert "0.09" not in texts
    assert "1:00" not in texts and "0,00" not in texts
    # Row 2's April cell: the word at (1994, 979) px at 300 dpi, in points.
    (april,) = [w for w in words if w.x0 - 2 < 1994 * 0.24 < w.x1 and w.top - 2 < 979 * 0.24 < w.bottom]
    assert april.text == "0.00"


def test_a_number_with_a_stray_mark_needs_the_pages_form_and_no_letter():
    """Only a mark no number prints makes a word a number with a speck ('1.00"'); a letter
    does not (a code "OEI.07" read "0E1.07" in a text cell would read "1.07"), and the word
    is picked only where its row's numbers print d.dd."""
    from extractors.ocr.image import Ruling

    def word(text, x):
        return EngineWord(text, x, 10, x + 30, 20, 0.9, 0, ())

    assert number_but_one('1.00"') == "1.00" and number_but_one("“361.00") == "361.00"
    assert number_but_one("0E1.07") is None and number_but_one("1.00") is None
    assert number_but_one('“1.00"') is None and number_but_one('"') is None
    # One ruled row (y 0..40 px) of six cells 40 px wide; 1 px per point.
    rulings = [Ruling("v", x, 0, x + 1, 40) for x in range(0, 241, 40)] + \
              [Ruling("h", 0, 0, 240, 1), Ruling("h", 0, 39, 240, 40)]
    row = [word(t, 5 + 40 * k) for k, t in enumerate(["0.00", "1.00", '1.00"', "0E1.07", "7.00", "2.00"])]
    assert numbers_with_a_stray_mark(row, rulings, 1.0) == [2]
    mixed = [word(t, 5 + 40 * k) for k, t in enumerate(["1", "10%", '1.00"', "000", "7", "2.00"])]
    assert numbers_with_a_stray_mark(mixed, rulings, 1.0) == []


def test_a_currency_sign_is_a_form_of_its_own():
    """A table of amounts ("$25,000.00", 002) has its own form: "$25,000,00" is off it. A
    "$" read for a digit in a table of plain numbers ("54.00" read "$4.00" enlarged, on
    004) is off the plain form, so it is read again and not taken as fitting."""
    from extractors.ocr.image import Ruling

    def word(text, x):
        return EngineWord(text, x, 10, x + 30, 20, 0.9, 0, ())

    rulings = [Ruling("v", x, 0, x + 1, 40) for x in range(0, 201, 40)] + \
              [Ruling("h", 0, 0, 200, 1), Ruling("h", 0, 39, 200, 40)]
    amounts = [word(t, 5 + 40 * k) for k, t in enumerate(["$1.00", "$2,000.00", "$3.00", "$25,000,00", "$7.00"])]
    assert numbers_off_form(amounts, rulings, 1.0, CURRENCY_FORM) == [3]
    assert numbers_off_form(amounts, rulings, 1.0) == []
    plain = [word(t, 5 + 40 * k) for k, t in enumerate(["0.00", "1.00", "2.50", "$4.00", "7.00"])]
    assert numbers_off_form(plain, rulings, 1.0) == [3]
    assert numbers_off_form(plain, rulings, 1.0, CURRENCY_FORM) == []


def test_an_unsure_cell_is_read_one_step_larger():
    """004's bold 3 pt header 'OBJETIVO ESTRATEGICO / ACCION ESTRATÉGICA / ACTIVIDAD
    OPERATIVA' on page 2, read alone twice its size, reads '¡ACCION' (0.86 sure): the
    label then names no column, and the last table (one activity) has no activity
    column. Read three times its size it reads '/ACCION' (0.94), the surer kept."""
    texts = [w.text for w in read_scan_page("scan-300-grey", "004", 2).ocr_words]
    assert "¡ACCION" not in texts
    assert "/ACCION" in texts or "/" in texts


def test_an_empty_cell_read_alone_reads_no_print_from_the_paper_grain():
    """004's second page on the seed-120 draw (seed 22 alike): the code cell of the row
    continuing page 1's last activity is printed empty. Read again alone (a scrap of its
    ruling counted as unread ink), the engine's threshold over the crop, all paper, took
    the grain left where rulings and specks were painted out for ink: "A A e Mpa Ñ o ES
    Lo HA A". The row became an activity of its own (149 values counted wrong and sure,
    every row after it one off) and the activity it continues lost its unit's last line.
    A word of a cell's reading is kept only over the page's own ink; the next row's code
    cell keeps every word."""
    image, rulings, px_per_pt = fresh_draw_page("scan-300-grey", "004", 2, 120)
    vertical, horizontal = ruled_lines(rulings, px_per_pt)
    empty, printed = cell_around(300, 155, vertical, horizontal), cell_around(300, 215, vertical, horizontal)
    readings = engine_for(OcrSettings()).read_cells(image, [empty, printed], 300, 2, CELL_MAX_SCALE)
    assert len(readings[0]) >= 5  # the grain, read as letters
    kept = words_on_page_ink(image, readings)
    assert kept[0] == []
    assert [w.text for w in kept[1]] == [w.text for w in readings[1]]
    assert " ".join(w.text for w in kept[1]) == "AOI00106600132 - SEGUIMIENTO DEL BIENESTAR DEL PARTICIPANTE"


def test_a_stop_read_between_a_comparison_sign_and_its_digits_is_a_speck():
    """002's third page on the seed-127 draw: a 2 px speck on the baseline in the space of
    "≥ 85%" was read as a full stop, "≥.85%" (0.92 sure), and 85% was published as 0.85%,
    wrong and sure. A number prints a digit before its decimal point, so a stop between a
    comparison sign and a digit is dropped; a currency sign's number, a stop between
    digits, and one after the number stay as read."""
    def word(text):
        glyphs = tuple(Glyph(c, 10 * k, 0, 10 * k + 8, 20, 0.99) for k, c in enumerate(text))
        return EngineWord(text, 0, 0, 10 * len(text), 20, 0.92, 0, glyphs)

    read = stops_after_signs([word("\u2265.85%"), word("<,5"), word("$.50"), word("\u22650.85%"), word(">85."),
                              word("a.b")])
    assert [w.text for w in read] == ["\u226585%", "<5", "$.50", "\u22650.85%", ">85.", "a.b"]
    assert [len(w.glyphs) for w in read] == [4, 2, 4, 6, 4, 3]


def test_a_hyphen_between_letters_is_not_painted_out_as_a_speck():
    """On 004's page 2 the dash of 'AOI00106600132 - SEGUIMIENTO' scans as a faint 3 by 3 px
    blot 5-7 px from the letters around it: step 3 painted it out as a speck, and code and
    name came out as one cell text (the family splits them at ' - '). A blot sitting like a
    hyphen (mid-height between two letters) is kept; the same blot above the line is not."""
    words = read_scan_page("scan-300-grey", "004", 2).ocr_words
    codes = [w for w in words if w.text.startswith("AOI001066")]
    dashes = [w for w in words if w.text == "-"]
    followed = [c for c in codes if any(0 < d.x0 - c.x1 < 6 and abs(d.top - c.top) < 4 for d in dashes)]
    assert len(codes) >= 10 and len(followed) >= 10  # of 12 codes (one dash reads glued: `-"GESTION`)
    page = np.full((60, 80), 255, np.uint8)
    page[20:32, 10:16] = page[20:32, 30:36] = 0  # two letters, 12 px tall, 14 px apart
    page[25:28, 22:25] = 0  # a 3 px blot between them at mid-height: a hyphen
    page[5:8, 22:25] = 0  # the same blot above the line: a speck
    cleaned = despeckle(page, 300)
    assert (cleaned[25:28, 22:25] == 0).all() and (cleaned[5:8, 22:25] == 255).all()
    # In larger print (letters 30 px tall) a speck that small in a word space is no hyphen
    # (003's "DECRETO SUPREMO" read "DECRETO:SUPREMO" when it was kept).
    large = np.full((60, 80), 255, np.uint8)
    large[10:40, 10:20] = large[10:40, 32:42] = 0
    large[24:27, 25:28] = 0
    assert (despeckle(large, 300)[24:27, 25:28] == 255).all()


def test_a_stroke_cut_by_a_drop_out_is_mended():
    """A white speck across a thin stroke cut the second 'I' of 'CONDICIONES' on 004's 3 pt
    print into two blots, read 'i', '¡' or ':'. A white gap of at most two rows between
    two blots each at least 0.2 em tall is painted black; an i's dot (far shorter) is not
    joined to its stem."""
    stroke = np.full((30, 20), 255, np.uint8)
    stroke[5:11, 8:11] = stroke[13:19, 8:11] = 0  # an I cut by a 2-row gap
    mended = clean_specks(stroke, 0, 0, 4)
    assert mended is not None and (mended[11:13, 8:11] == 0).all()
    dotted = np.full((30, 20), 255, np.uint8)
    dotted[5:7, 8:11] = dotted[9:19, 8:11] = 0  # an i: a 2 px dot over its stem
    assert clean_specks(dotted, 0, 0, 4) is None
    words = [w.text for w in read_scan_page("scan-300-grey", "004", 1).ocr_words]
    assert not {"CONDIC:ONES", "CONDIC¡ONES", "CONDICiONES"} & set(words)


def test_a_doubtful_word_without_a_speck_of_its_own_is_read_again_alone():
    """'EMPLEABILIDAD' of 004's strategic line (every activity carries it): a speck touching
    the top of its first E is no blot of its own, so step 9 cleaned nothing and left
    'EMPLÉEABILIDAD' (0.38 sure) as read; a word read less sure than 0.5 is read again
    alone, and the sure reading (0.93) replaces it."""
    words = [w.text for w in read_scan_page("scan-300-grey", "004", 1).ocr_words]
    assert "EMPLÉEABILIDAD" not in words and "EMPLÉABILIDAD" not in words
    assert words.count("EMPLEABILIDAD") >= 2


def test_a_mark_boxed_on_a_speck_beside_it_is_kept():
    """'INCLUSIVO "TRABAJA PERU"' (004's executing unit, in every activity): the engine read
    the opening quote but put its box on a 2 px speck left of it (the quote's own ink in
    the R's box, 48 px wide), and the quote was trimmed as a speck. Marks are judged by
    their box only when the word's letter boxes are in order."""
    words = [w.text for w in read_scan_page("scan-300-grey", "004", 1).ocr_words]
    assert '"TRABAJA' in words
def test_a_greater_or_equal_sign_read_as_greater_than_is_read_from_its_bar():
    """002's page 8 prints "≥ 85%" nine times; neither model has a "≥", and the engine
    reads ">" (the value right, its text wrong). The bar under the chevron is in the ink:
    the sign is read "≥", at 300 dpi, on the bitonal scan and on the 150 dpi scan's blur
    (where two of the nine are read "2": test_a_greater_or_equal_sign_read_as_a_2_...)."""
    for style in ("scan-300-grey", "scan-300-upside-down", "scan-300-bitonal", "scan-150-grey"):
        words = [w.text for w in read_scan_page(style, "002", 3).ocr_words]
        assert words.count("\u2265") == 9, style
        assert ">" not in words, style


def test_a_greater_or_equal_sign_read_as_a_2_is_read_from_its_chevron():
    """On the 150 dpi scan of 002's page 8 two of the nine "≥ 85%" were read "2" "85%"
    (the values of activities 5 and 9 lost), and 003's legend "≥95%" is read "295%" at
    150 dpi and on the bitonal scan. A printed 2 has a bar at its foot too; what is a
    chevron is the ink above the bar: as wide as tall, its top rows reaching only part
    way across (a 2's bowl reaches nearly across). The printed 2s stay: page 8's lone "2"s
    of row "Sistemas de Información", its years and amounts."""
    words = read_scan_page("scan-150-grey", "002", 3).ocr_words
    texts = [w.text for w in words]
    assert "85%" in texts and texts.count("\u2265") == 9
    lone = sorted(round(w.x0) for w in words if w.text == "2")
    assert len(lone) == 2 and all(abs(w.top - 185) < 2 for w in words if w.text == "2"), lone
    assert {"2015", "2016", "2017", "1,062,997", "289,912"} <= set(texts)
    for style in ("scan-150-grey", "scan-300-bitonal"):
        legend = [w.text for w in read_scan_page(style, "003", 2).ocr_words if "95%" in w.text]
        assert "\u226595%" in legend and "295%" not in legend, (style, legend)
    # A 2 drawn: its bar, but a bowl on top, and narrower than tall.
    gray = np.full((60, 60), 255, np.uint8)
    cv2.ellipse(gray, (30, 18), (7, 7), 0, 180, 360, 0, 3)
    cv2.line(gray, (37, 18), (23, 38), 0, 3)
    gray[37:40, 22:39] = 0
    two = Glyph("2", 21, 10, 40, 41, 0.99)
    assert barred(gray, two) is not None and chevron(gray, two) is None


def _paper_with_ink(art: str) -> np.ndarray:
    """A page image of ``art`` (# ink, . paper) with 10 px of paper around it."""
    rows = art.strip("\n").splitlines()
    gray = np.full((len(rows) + 20, len(rows[0]) + 20), 255, np.uint8)
    gray[10:10 + len(rows), 10:10 + len(rows[0])] = [[0 if c == "#" else 255 for c in row] for row in rows]
    return gray


# Writer's print of 002 (Liberation Serif) scanned at 300 dpi grey, seed 201: the "≥" of a
# "≥ 85%" read "2" in "285%", 0.88 sure (# ink, . paper; the box the engine gave the "2").
SERIF_SIGN_READ_2 = """
...###...............
...####..............
.....#####...........
.......#####.........
.........#####.......
...........####......
.............#####...
...............####..
................####.
..............#####..
.............####....
..........#####......
........#####........
......#####..........
....#####............
...####..............
...##................
.....................
.....................
...#################.
...#################.
.....................
"""


def test_a_serif_greater_or_equal_sign_taller_than_wide_read_as_a_2_is_read_from_its_chevron():
    """Liberation Serif's "≥" is 0.81 as wide as tall down to its bar, as narrow as a printed
    2 (0.57-0.91), where DejaVu Sans's is 1.00-1.12: Writer's and Typst's 002 published
    "≥ 85%" as 285 (0.73-0.88 sure). Its bar stands apart from the chevron, two rows of
    paper between, where a 2's foot is one stroke with its diagonal: so parted, the
    chevron is one however narrow (and the drawn 2 of the test above stays a 2)."""
    gray = _paper_with_ink(SERIF_SIGN_READ_2)
    two = Glyph("2", 12, 10, 30, 32, 0.99)  # the engine's box, 18 by 22 px
    assert chevron(gray, two) == 10 + 21  # the bar's last row
    rest = tuple(Glyph(t, 40 + 20 * k, 10, 56 + 20 * k, 32, 0.99) for k, t in enumerate("85%"))
    # Read as one word; the sign stands 10 px before the digits, a space: a word of its own.
    words = comparison_signs(gray, [EngineWord("285%", 12, 10, 96, 32, 0.88, 0, (two, *rest))])
    assert [w.text for w in words] == ["\u2265", "85%"]


# A printed "=": two bars, the upper one reaching across as a chevron's upper arm does not.
EQUALS_SIGN = """
....................
..################..
..################..
....................
....................
....................
..################..
..################..
....................
"""


def test_a_greater_or_equal_sign_read_as_an_equals_sign_is_read_from_its_chevron():
    """Chromium's bordered print of 002 at 200 dpi grey (seed 390) sets "≥ 80%" against its
    cell's left border in the 2016 planned column; the engine read its three "≥" there "="
    (0.74-0.84), where it read the other columns' ">" (made "≥" from their bar), and three
    planned values were lost. A "=" whose ink above its bar is a chevron is "≥"; a printed
    "=" (its top a bar reaching across) stays; a "=" and a ">" read over one sign are one."""
    gray = _paper_with_ink(SERIF_SIGN_READ_2)
    equals = Glyph("=", 12, 10, 30, 32, 0.84)
    assert [w.text for w in comparison_signs(gray, [EngineWord("=", 12, 10, 30, 32, 0.84, 0, (equals,))])] == ["\u2265"]
    bars = _paper_with_ink(EQUALS_SIGN)
    printed = EngineWord("=", 12, 11, 28, 18, 0.95, 0, (Glyph("=", 12, 11, 28, 18, 0.95),))
    assert comparison_signs(bars, [printed]) == [printed]
    # The same print at 300 dpi (seed 380) read a "≥" "=>" (0.68-0.73): the "=" boxed over
    # the sign, the ">" over its chevron's tip: one "≥", not "≥>".
    tip = Glyph(">", 22, 10, 30, 28, 0.9)
    read = comparison_signs(gray, [EngineWord("=>", 12, 10, 30, 32, 0.68, 0, (equals, tip))])
    assert [w.text for w in read] == ["\u2265"]


# The "≥" of a "≥ 85%" on 002's page 8 scanned at 200 dpi grey (committed draw), read "2"
# 0.97 sure, as thresholded at INK_LEVEL; the engine boxed it 46 px tall, 27 rows of paper
# above the ink (the rows below are the engine's box, then 3 px under it).
SIGN_BOXED_OVER_PAPER = "\n".join(["." * 20] * 27) + """
....................
..##................
.######.............
.#########..........
...###########......
......###########...
..........#########.
...........########.
..........#########.
.......##########...
...###########......
.##########.........
.#######............
..##................
....................
..################..
.##################.
.##################.
....................
"""


def test_a_greater_or_equal_sign_boxed_over_paper_above_it_is_read_from_its_chevron():
    """At 200 dpi one of 002's nine "≥ 85%" was read "2" "85%", boxed over 27 rows of paper
    above its 17 px of ink: more than twice as tall as wide, the box was not looked at for a
    chevron (a tall box holds something else), and activity 8 lost its planned 2017 value. The
    box is cut to its ink first, its rows as its columns; a box whose ink is tall stays
    unlooked at."""
    gray = _paper_with_ink(SIGN_BOXED_OVER_PAPER)
    two = Glyph("2", 10, 10, 30, 56, 0.97)  # the engine's box, 20 by 46 px
    assert chevron(gray, two) == 10 + 45  # the bar's last row, exclusive
    words = comparison_signs(gray, [EngineWord("2", 10, 10, 30, 56, 0.78, 0, (two,))])
    assert [w.text for w in words] == ["\u2265"]
    # A stroke as tall as the box (a "1" or "|" read "2") is still no sign.
    tall = np.full((66, 40), 255, np.uint8)
    tall[10:56, 18:22] = 0
    tall[53:56, 12:28] = 0
    assert chevron(tall, Glyph("2", 12, 10, 28, 56, 0.9)) is None
    # The page as scanned at 200 dpi (a held-out resolution): all nine read "≥".
    page = ocr_page(drawn_page_pdf("scan-200-grey", DOCS[2], 8, 12), number=3)
    texts = [w.text for w in page.ocr_words]
    assert texts.count("\u2265") == 9
    assert ("2", "85%") not in set(zip(texts, texts[1:]))  # the page's printed lone 2s stay


# The "≥" of a "≥ 85%" of Typst's print of 002 (page 8) scanned at 200 dpi grey, seed 290,
# read "2" in "285%" 0.88 sure, as thresholded at INK_LEVEL: the engine's box, 15 by 14 px.
# Its bar, joined to the lower arm, stops 3 px (0.21 of the ink's width) short of the tip.
SIGN_BAR_SHORT_OF_ITS_TIP = """
##.............
#####..........
..######.......
.....######....
.......######..
.........#####.
.......######..
.....#######...
..#######......
.#####.........
#####..........
##.............
###########....
###########....
"""


def test_a_greater_or_equal_sign_whose_bar_stops_short_of_its_tip_is_read_from_its_chevron():
    """Typst's "≥" at 200 dpi: its bar ends 0.21 of the sign's width short of the chevron's
    tip, where a bar was looked for only from within 0.2 of either end, and two of page 8's
    nine "≥ 85%" were published as 285, wrong and 0.85-0.88 sure. A bar may stop a quarter
    short (``BAR_ENDS``); a 2 whose foot so reaches, boxed with its neighbour's point, stays
    a 2 (the test below)."""
    gray = _paper_with_ink(SIGN_BAR_SHORT_OF_ITS_TIP)
    two = Glyph("2", 10, 10, 25, 24, 0.99)
    assert chevron(gray, two) == 10 + 14  # the bar's last row, exclusive
    printed = ROOT / "tests" / "producers" / "typst-plain" / f"{DOCS[2]}.pdf"
    texts = [w.text for w in ocr_page(drawn_page_pdf("scan-200-grey", DOCS[2], 8, 290, printed=printed),
                                      number=8).ocr_words]
    assert texts.count("\u2265") == 9 and "285%" not in texts


# A 2 of a "2.00" (a serif 2, its foot wider than its bowl), boxed by the engine with the
# left of the point after it, a pixel apart on the foot's rows (as Calc's print of 004 at
# 200 dpi, seed 290, set one, its foot narrower).
TWO_BOXED_WITH_ITS_POINT = """
...######......
..########.....
..##....###....
.........##....
.........##....
........###....
.......###.....
.....####......
....###........
...###.........
..###..........
.###...........
############.##
############.##
"""


def test_a_2_boxed_with_the_point_after_it_is_measured_without_it():
    """Measured with the point the engine boxed with it, a 2 was as wide as tall and its
    bowl reached only 0.67 across: a chevron over a bar, "≥". A blot in the box beside the
    glyph's largest (wholly left or right of its columns) and a speck to it is a neighbour's
    ink; without it the 2 is narrower than tall, its bowl reaching right across."""
    gray = _paper_with_ink(TWO_BOXED_WITH_ITS_POINT)
    two = Glyph("2", 10, 10, 25, 24, 0.99)
    assert barred(gray, two) is not None  # its foot is a bar ...
    assert chevron(gray, two) is None  # ... under no chevron
    words = comparison_signs(gray, [EngineWord("2.00", 10, 10, 50, 24, 0.95, 0, (
        two, Glyph(".", 25, 21, 28, 24, 0.95), Glyph("0", 30, 10, 38, 24, 0.95), Glyph("0", 40, 10, 48, 24, 0.95)))])
    assert [w.text for w in words] == ["2.00"]


# A 2 of 004's 3 pt print (Chromium's upper-case print with borders, scanned at 300 dpi grey,
# seed 201; page 2, "23.00"), as thresholded at INK_LEVEL: its diagonal unjoined to its foot.
FAINT_TWO_PARTED_FROM_ITS_FOOT = """
..................
..................
..................
.........#........
..........#.......
..........##.....#
...........##....#
...........#....##
..........##....##
..........#.....##
................##
................##
................##
................##
......#..........#
.....####.###.....
.....#######......
..................
..................
"""


def test_a_faint_2_whose_foot_the_scan_parted_from_it_is_no_greater_or_equal_sign():
    """The parted bar of a serif "≥" (the test above) made a chevron of any ink above paper
    above a bar: on 004's 3 pt print, scanned, a 2 whose diagonal the scan left unjoined to
    its foot has paper over its foot too, and "23.00" was published as "≥3.00", a value of
    3 for 23, 0.95 sure (and "10.00" quarantined as "10≥00"). The ink above the foot is the
    diagonal alone, off to the right: a chevron's arms both end at its left."""
    gray = _paper_with_ink(FAINT_TWO_PARTED_FROM_ITS_FOOT)
    two = Glyph("2", 14, 12, 24, 28, 0.996)  # the engine's box, 10 by 16 px
    assert barred(gray, two) is not None  # its foot is a bar under ink ...
    assert chevron(gray, two) is None  # ... and that ink no chevron
    rest = tuple(Glyph(t, 40 + 12 * k, 12, 50 + 12 * k, 28, 0.99) for k, t in enumerate("3.00"))
    word = EngineWord("23.00", 14, 12, 86, 28, 0.95, 0, (two, *rest))
    assert comparison_signs(gray, [word]) == [word]


def test_a_lone_2_read_as_a_sign_is_read_again_as_a_number():
    """003's page 15 on the grey scan of the seed-41 draw (seed 50 bitonal alike): the lone
    executed "2" of a row, dropped by the page reading, came back ">" from its cell read
    alone (0.90 sure), and its foot, a bar as wide as it, made it "≥": a value with no
    number, published 0.90 sure. Its ink is a 2's (narrower than tall, a bowl on top), so
    it is no "≥"; a sign alone in a cell of a column of numbers is read again by the
    number model, and its sure reading of as many digits as blots is taken, flagged."""
    gray = fresh_draw_image("scan-300-grey", "003", 15, 41)
    sign = _word(">", (2488, 714, 2502, 736), 0.901)
    assert comparison_signs(gray, [sign]) == [sign]
    fits = lambda _, new: digits_for_blots(gray, new, em=30.0)  # noqa: E731
    assert [w.text for w in engine_for(OcrSettings()).reread_to_form(gray, [sign], [0], 300, fits)] == ["2"]
    # Picked alone in its cell (a speck's "." beside it counts for nothing), however sure;
    # not beside a number ("≥ 85%" read "> 85%").
    px_per_pt, rulings, column = _ruled_column("616", 20, 30)
    column[4] = column[4]._replace(text=">", confidence=0.9)
    speck = _word(".", (round(33 * px_per_pt), round(111 * px_per_pt), round(34 * px_per_pt), round(112 * px_per_pt)),
                  0.5)
    assert signs_alone_among_numbers(column + [speck], rulings, px_per_pt) == [4]
    beside = _word("85%", (round(31 * px_per_pt), round(108 * px_per_pt), round(38 * px_per_pt), round(112 * px_per_pt)),
                   0.97)
    assert signs_alone_among_numbers(column + [beside], rulings, px_per_pt) == []


def test_a_greater_than_sign_without_a_bar_stays_as_read():
    """003's legend prints "[75%-95%>" (a ">" with no bar): read ">" it stays ">", on the
    150 dpi scan too, where its bold chevron blurs into a wedge whose rows under the tip
    run as wide as a bar."""
    for style in ("scan-300-grey", "scan-150-grey"):
        words = [w.text for w in read_scan_page(style, "003", 3).ocr_words]
        assert "75%>" in words and "95%>" in words, style
        # The one sign the legend prints: "[0%-75%> [75%-95%> ≥95%".
        assert [w for w in words if "\u2265" in w or "\u2264" in w] in ([], ["\u226595%"]), style


def _chevron(bar: bool = False, underline: bool = False) -> tuple[np.ndarray, Glyph]:
    """A ">" drawn 20 px wide and 13 px tall (the size of 002's at 300 dpi), with a bar
    under it, or an underline running on past it; and the engine's box of the chevron."""
    gray = np.full((60, 80), 255, np.uint8)
    cv2.polylines(gray, [np.array([[22, 10], [40, 16], [22, 22]], np.int32)], False, 0, 3)
    if bar:
        gray[26:29, 21:41] = 0
    if underline:
        gray[26:29, 5:75] = 0
    return cv2.GaussianBlur(gray, (3, 3), 0), Glyph(">", 21, 9, 42, 24, 0.99)


def test_only_a_bar_as_wide_as_the_chevron_makes_it_greater_or_equal():
    gray, glyph = _chevron(bar=True)
    assert barred(gray, glyph) is not None
    assert barred(*_chevron()) is None
    assert barred(*_chevron(underline=True)) is None  # an underline runs on past the sign
    # The same turned about: a "<" with its bar is "≤".
    mirrored = np.ascontiguousarray(gray[:, ::-1])
    less = Glyph("<", 80 - glyph.x1, glyph.top, 80 - glyph.x0, glyph.bottom, 0.99)
    word = EngineWord("<", less.x0, less.top, less.x1, less.bottom, 0.99, 0, (less,))
    (read,) = comparison_signs(mirrored, [word])
    assert read.text == "\u2264" and read.bottom > less.bottom


def test_a_ruling_blurred_across_two_pixels_at_150_dpi_is_found():
    """002's page 15 at 150 dpi: the border between the AÑO 2016 and AÑO 2017 columns,
    2 px of the scan, counted 4 or 6 px across at 300 dpi from one row to the next (its
    blur straddles the threshold), failed the evenness test of rulings, was not painted
    out and was read as "|" glued to the amounts ("|$10,000.00"); the two columns merged
    and rows 10-13 lost their planned values. Its ink summed across is even."""
    content = read_scan_page("scan-150-grey", "002", 4)
    border = [s for s in content.shapes if s.x1 - s.x0 < 3 and abs(s.x0 - 688.5) < 3 and s.bottom - s.top > 60]
    assert border, sorted(round(s.x0) for s in content.shapes if s.x1 - s.x0 < 3)
    words = [w.text for w in content.ocr_words]
    assert not any(w.startswith("|") for w in words)
    assert "$8,000.00" in words and words.count("$2,000.00") == 2 and words.count("$20,000.00") == 3


def test_a_bitonal_ruling_two_and_three_pixels_across_is_found():
    """002's page 15 on the bitonal seed-155 draw: the border between the first column and
    AÑO 2014's, 2 px of the 1-bit scan here and 3 px there (the threshold's staircase),
    summed 2.004 and 3.005 px across: 1.0006 px apart, it failed the evenness test's bare
    1 px along 22% of its length and was not found. The first column was read with the next
    one ("CONDUCTUALES $20,000.00") and the page's four rows of amounts went to quarantine.
    Whole pixels measured in steps of 1/255 are within ``EVEN_PX`` of each other."""
    _, rulings, _ = fresh_draw_page("scan-300-bitonal", "002", 15, 155)
    assert [r for r in rulings if r.orientation == "v" and abs(r.x0 - 367) < 2 and r.bottom - r.top > 60]


def test_a_comma_under_a_speck_is_read_by_the_number_model():
    """002's page 15 at 300 dpi: a speck over the comma of "$7,000.00" (0.0062 em², just
    over what step 9 cleans) made it "$7;000.00", no number. The number model reads it
    "$7,000.00", unsure (0.41) but the same with the ";" read as ",": taken."""
    words = read_scan_page("scan-300-grey", "002", 4).ocr_words
    assert not any(";" in w.text for w in words)
    (seven,) = [w for w in words if w.text == "$7,000.00"]
    assert seven.confidence < 0.6  # unsure: listed by the check ocr_value_confident
    assert resolves_marks("$7;000.00", "$7,000.00") and resolves_marks("1;5", "1.5")
    assert not resolves_marks("$7;000.00", "$71000.00") and not resolves_marks("7;000", "7,001")


def test_a_ruling_broken_by_the_scanner_is_joined_to_the_ruling_across_it():
    """000's page 2, bitonal: the border before the "Jun" header is broken a little below
    the header row's top ruling; its stub (6 pt, shorter than a ruling) was not found, not
    painted out, and read with the "J" as "lun" (0.54): June's 8 values were lost. The
    stub is joined to the ruling across it, so the border runs up to the row's top."""
    content = read_scan_page("scan-300-bitonal", "000", 2)
    border = [s for s in content.shapes if s.x1 - s.x0 < 3 and abs(s.x0 - 618.5) < 2]
    assert border and min(s.top for s in border) < 128
    texts = [w.text for w in content.ocr_words]
    assert "Jun" in texts and "lun" not in texts


def test_the_number_model_swapping_a_stop_and_a_comma_must_be_surer():
    """000's page 3, bitonal: "3.5." (0.94) read again by the number model "3.5," (0.82);
    that model is trusted with digits, not with marks: the surer reading stays."""
    texts = [w.text for w in read_scan_page("scan-300-bitonal", "000", 3).ocr_words]
    assert "3.5." in texts and "3.5," not in texts
    assert stops_swapped("3.5.", "3.5,") and stops_swapped("$25,000,00", "$25,000.00")
    assert not stops_swapped("3.5.", "3.5.") and not stops_swapped("7%", "1%") and not stops_swapped("3.5", "3,6")


def test_a_number_off_its_tables_currency_form_takes_the_forms_stop():
    """002's page 4, bitonal: a speck under the full stop of "$25,000.00" made it a comma,
    read "$25,000,00" by both models (25 million). Its column prints "$d,ddd.dd"; read
    three times larger the number model reads the form, unsure (0.44), with the same
    digits: taken, and left unsure (flagged downstream)."""
    words = read_scan_page("scan-300-bitonal", "002", 4).ocr_words
    texts = [w.text for w in words]
    assert "$25,000,00" not in texts
    (value,) = [w for w in words if w.text == "$25,000.00"]
    assert value.confidence < 0.6


def test_a_word_read_twice_over_the_same_ink_is_kept_once():
    """000's page 3, bitonal: the engine boxed "incentivar" over the next word's ink; read
    alone, that box came back "Incentivar la", beside the "la" already read: the cell's
    text read "Incentivar llaa colocación". The less sure of the two "la" is dropped."""
    words = read_scan_page("scan-300-bitonal", "000", 3).ocr_words
    (incentivar,) = [w for w in words if w.text == "Incentivar"]
    after = [w for w in words if w.text == "la" and abs(w.top - incentivar.top) < 3
             and 0 <= w.x0 - incentivar.x1 < 20]
    assert len(after) == 1


def test_a_speck_after_a_words_last_letter_is_no_full_stop():
    """001's page 3 and 002's page 4, bitonal: a speck of 3 by 2 px on the baseline 3 px
    after the last letter, read as a full stop surely ("personal." 0.97, "INFORMÁTICAS."
    0.97, "Resultado:" 0.96). Step 9 cleans it, but the word read again alone is no surer,
    so the mark stayed: the activity's text differed from the print. A mark after the last
    letter whose ink the cleaning took away goes with it; the printed "LOCAL." and
    "Trabajo-" of 003 keep theirs."""
    texts = [w.text for w in read_scan_page("scan-300-bitonal", "001", 3).ocr_words]
    assert "personal." not in texts and "Resultado:" not in texts
    assert "personal" in texts and "Resultado" in texts
    texts = [w.text for w in read_scan_page("scan-300-bitonal", "002", 4).ocr_words]
    assert "INFORMÁTICAS." not in texts and "INFORMÁTICAS" in texts
    texts = [w.text for w in read_scan_page("scan-300-bitonal", "003", 2).ocr_words]
    assert "Trabajo-" in texts and "LA." not in texts


def test_a_capital_read_in_lower_case_is_set_right_by_its_height():
    """000's page 2 and 001's page 3, bitonal: "ICS" read "ics" (0.95) and "Informe"
    "informe" (0.86-0.89), no speck in them: the engine's dictionary pulls a sans-serif
    I (one bar, no dot apart from it) and a c or s as tall as a capital towards the
    lower-case word. "Infantil" read "Infanti!": an l read as a mark with a dot. The ink
    sets each right; the lower-case "inspección" printed on the page stays."""
    texts = [w.text for w in read_scan_page("scan-300-bitonal", "000", 2).ocr_words]
    assert "ics" not in texts and texts.count("ICS") == 1  # the other is read "ICS-"
    assert "Infanti!" not in texts and "Infantil" in texts
    assert "inspección" in texts
    texts = [w.text for w in read_scan_page("scan-300-bitonal", "001", 3).ocr_words]
    assert "informe" not in texts and "Informe" in texts


def test_a_capital_i_of_small_print_no_taller_than_its_em_asks_is_told_by_its_missing_dot():
    """004's second page upside down (3 pt print, em 12.7 px): "Gestión Interna" read
    "Gestión interna" (0.83; a word of the engine's dictionary). The threshold took the
    I's ends off: 7 rows of ink, where a capital asks 8.2 of that em. It rises above its
    word's x-height letters (5 rows) and has no dot's grey above it, where the i's of
    that page's lower-case words ("implementado", "intervención") have 3-4 rows of it
    (their dot, too faint to pass the threshold): the capital. Those i's stay."""
    texts = [w.text for w in read_scan_page("scan-300-upside-down", "004", 2).ocr_words]
    assert "interna" not in texts and "Interna" in texts
    assert "implementado" in texts and "Implementado" not in texts and "Intervención" not in texts


def test_a_thin_accent_the_page_reading_dropped_is_read_with_its_word_alone():
    """003's page 2, bitonal: the acute of "TRAVÉS" thresholded to 3 by 2 px, apart above
    its E; the page reading left it out ("TRAVES", 0.96). A word with a mark above a
    letter read without an accent is read again alone, and the reading taken when it only
    adds accents ("TRAVÉS", 0.92)."""
    texts = [w.text for w in read_scan_page("scan-300-bitonal", "003", 2).ocr_words]
    assert "TRAVÉS" in texts and "TRAVES" not in texts


def test_an_accent_thinned_to_a_specks_area_by_a_1_bit_threshold_is_kept_by_its_ink():
    """003's page 3, bitonal: the scanner's threshold left 4-6 px of the acute of
    "AUTORIZACIÓN", of which the blur of step 1 leaves 3 px darker than the threshold, a
    speck's area (0.0034 em²): step 9 cleaned it, read the word again without it
    ("AUTORIZACION", 0.96, surer than the page's 0.90) and step 9c found no mark left.
    Its ink summed is an accent's (0.0073 em²; specks above letters 0.0062 at most): kept.
    The specks the engine read as accents stay specks: "lás" (page 1, bitonal) and "DÉ"
    (page 3, grey)."""
    texts = [w.text for w in read_scan_page("scan-300-bitonal", "003", 3).ocr_words]
    assert "AUTORIZACIÓN" in texts and "AUTORIZACION" not in texts
    assert "lás" not in [w.text for w in read_scan_page("scan-300-bitonal", "003", 1).ocr_words]
    assert "DÉ" not in [w.text for w in read_scan_page("scan-300-grey", "003", 3).ocr_words]


def test_a_word_space_the_engine_missed_is_split_by_its_paper():
    """003's page 2, bitonal: "DE LAS" read "DELAS" (0.88), one word over 12 px of paper
    between its E and L, where its line's words are 11-13 px apart and the letters of its
    other words at most 5 px. Split there: "DE" and "LAS" sit on its line as two words."""
    words = read_scan_page("scan-300-bitonal", "003", 2).ocr_words
    assert "DELAS" not in [w.text for w in words]
    las = [w for w in words if w.text == "LAS"]
    assert any(w.text == "DE" and abs(w.top - x.top) < 2 and 0 < x.x0 - w.x1 < 5 for w in words for x in las)


def test_read_twice_keeps_words_read_otherwise_over_the_same_ink():
    def word(text, x0, x1, confidence):
        return EngineWord(text, x0, 0, x1, 20, confidence, 0, ())

    twice = [word("la", 100, 120, 0.92), word("la", 102, 121, 0.96), word("de", 130, 150, 0.9)]
    assert [w.confidence for w in read_twice(twice)] == [0.96, 0.9]
    other = [word("CENTRO", 0, 80, 0.9), word("COSTO", 5, 75, 0.8)]
    assert read_twice(other) == other


class CountingEngine(TesseractEngine):
    """The real engine, counting the crops it is asked to read again alone."""

    def __init__(self) -> None:
        super().__init__("spa")
        self.reread = 0

    def read_cells(self, gray, boxes, *args, **kwargs):
        self.reread += len(boxes)
        return super().read_cells(gray, boxes, *args, **kwargs)

    def read_lines(self, gray, boxes, *args, **kwargs):
        self.reread += len(boxes)
        return super().read_lines(gray, boxes, *args, **kwargs)


def test_a_page_of_print_too_small_to_read_is_not_read_again_in_parts():
    """004's second page scanned at 150 dpi: its 3 pt print is read with 65% of its words
    less sure than 0.7 (a page whose values are read: at most 15%), and reading its 342
    cells and 476 words again alone took 8 of its 13 s and read none of its values.
    It is read once, its unreadable cells still flagged; a legible page of the same
    scan style is still read again in parts."""
    engine = CountingEngine()
    try:
        words = read_scan("scan-150-grey", "004", 2, engine).ocr_words
        assert engine.reread == 0
        assert len(words) > 300 and any(w.text == UNREADABLE for w in words)
        read_scan("scan-150-grey", "001", 2, engine)
        assert engine.reread >= 18  # its 18 cells read again, and words with specks
    finally:
        engine.close()


def test_the_edge_a_painted_out_ruling_leaves_is_no_blot_in_a_cell():
    """004 page 2, seed 180 (300 dpi grey): a column's ruling runs a pixel off straight where
    it meets the table's top border, and painting it out left its edge, a 1 px column of grey
    29 px long, with a speck touching it. It was taken for a blot in a month cell of the row
    continued from page 1 (``inked_cells``): that row, holding a "value", became an activity
    of its own, and every later activity took the values of the one before it (171 published
    wrong and sure). The continued cost centre is read, and no cell of its row is inked."""
    page = ocr_page(drawn_page_pdf("scan-300-grey", DOCS[4], 2, 180), number=2)
    continued = [w for w in page.ocr_words if w.bottom < 44]  # above the first ruling across the table
    assert {"MONITOREO", "INTERVENCIONES"} <= {w.text for w in continued}
    assert [w for w in continued if w.text == UNREADABLE] == []


def test_a_label_its_cell_read_alone_reads_as_nothing_keeps_the_pages_reading():
    """004 page 2, seed 178 (300 dpi grey): the last table's month label "Ene" (0.76 on the
    page) was boxed over the next cell, so its cell was read again alone (step 7), and read
    as nothing on its grey fill: the table had no January, its header was not one, and its
    activity was lost. A cell read again as nothing keeps the page's words of letters."""
    page = ocr_page(drawn_page_pdf("scan-300-grey", DOCS[4], 2, 178), number=2)
    header = [w for w in page.ocr_words if 275 < w.top < 290 and 565 < w.x0 < 615]  # the last table's months
    assert [w.text for w in sorted(header, key=lambda w: w.x0)] == ["Ene", "Feb", "Mar", "Abr"]


def test_a_letter_box_run_across_a_painted_out_ruling_is_cut_at_the_ruling():
    # 004 scanned again (seed 14), page 1, the months' header at 300 dpi: the engine's box of
    # the `O` of `Oct` began 2.6 pt left of the Sep|Oct border (x 620.6 pt). Its centre fell in
    # Sep's cell, the cell read `Sep Oct` over an unlabelled column, and both months were lost.
    from extractors.ocr.cells import glyphs_cut_at_rulings
    from extractors.ocr.image import Ruling

    px = 300 / 72
    border = Ruling("v", 620.4, 100.0, 620.8, 400.0)
    o, c, t = (Glyph("O", 2575, 473, 2600, 489, 0.58), Glyph("c", 2600, 476, 2623, 489, 0.58),
               Glyph("t", 2623, 474, 2633, 489, 0.58))
    oct_ = EngineWord("Oct", 2575, 473, 2633, 489, 0.58, 7, (o, c, t))
    sep = EngineWord("Sep", 2495, 473, 2545, 489, 0.93, 7, ())
    (got_sep, got_oct) = glyphs_cut_at_rulings([sep, oct_], [border], px)
    assert got_sep is sep
    assert got_oct.glyphs[0].x0 >= 620.6 * px and got_oct.x0 == got_oct.glyphs[0].x0
    assert got_oct.glyphs[1:] == (c, t) and got_oct.text == "Oct"
    # A letter mostly left of a ruling keeps its left side.
    (left,) = glyphs_cut_at_rulings([EngineWord("p", 2570, 473, 2590, 489, 0.9, 7, (Glyph("p", 2570, 473, 2590, 489, 0.9),))],
                                    [border], px)
    assert left.x1 <= 620.6 * px and left.x0 == 2570


def test_a_number_the_number_model_reads_with_other_digits_is_put_to_a_vote():
    """003's page 14 on the seed-13 draw at 300 dpi grey: a clean "2155" (executed, 2024)
    read "2155" by the page (0.97), "2199" by the number model at twice its size (0.67,
    over NUMBER_MIN_CONFIDENCE: it replaced the page's reading, and 0.67 is over the
    contract's 0.6, so a wrong number was published as sure). The number model reads it
    again at 3 times: "2155", the page's digits, which stay; but unsure (at most
    DISPUTED): the number model read two numbers, and the same three readings publish a
    wrong number elsewhere (next test)."""
    image = fresh_draw_image("scan-300-grey", "003_c18181cb25637abd", 14, seed=13)
    crop = image[1000:1250, 2100:2700].copy()  # the row of activity 3's planned/executed
    engine = TesseractEngine()
    crop, words, _, _ = despeckle_words(crop, engine.read(crop, 300))
    (k,) = [k for k, w in enumerate(words) if w.text == "2155"]
    assert engine.read_number(crop, words, k, 300, NUMBER_SCALE).text == "2199"  # the trap
    read = engine.reread_numbers(crop, words, 300)
    assert read[k].text == "2155" and read[k].confidence <= DISPUTED
    planned = next(w for w in read if w.text == "2180")  # its neighbour, read alike by both models
    assert planned.confidence > 0.9


def test_a_number_the_number_model_reads_two_ways_is_unsure():
    """002's page 8 on the seed-16 draw at 300 dpi grey: a clean "75%" read "15%" by the
    page (0.89, the Spanish model's 7 read as 1), "75%" by the number model twice as large
    (0.85, less sure than the page), "15%" by it three times as large (0.65), which sided
    with the page: "15%" was published 0.89 sure, a silently wrong number. The number model
    trusted with digits read two numbers: the page's reading stays, at most DISPUTED sure,
    so ocr_value_confident lists it."""
    image = fresh_draw_image("scan-300-grey", "002", 8, seed=16)
    crop = image[780:900, 2250:2550].copy()  # the executed 2015 of goal 8
    engine = TesseractEngine()
    crop, words, _, _ = despeckle_words(crop, engine.read(crop, 300))
    (k,) = [k for k, w in enumerate(words) if w.text == "15%"]
    assert words[k].confidence > OCR_MIN_CONFIDENCE  # the trap: sure of a wrong digit
    assert engine.read_number(crop, words, k, 300, NUMBER_SCALE).text == "75%"
    read = engine.reread_numbers(crop, words, 300)
    assert read[k].confidence <= DISPUTED < OCR_MIN_CONFIDENCE
    (seventy,) = [w for w in read if w.text == "70%"]  # the cell below, read alike by both models: sure
    assert seventy.confidence > OCR_MIN_CONFIDENCE


def test_a_code_header_whose_degree_sign_ocr_lost_still_names_the_code_column():
    """001's pages 41-42 at 150 dpi grey: the header "N°" is read "N" (the degree sign 1-2 px
    across, as pale as the paper once blurred), the column named no field, and every
    activity lost its code (activity recall 0). A lone "N" names the code column."""
    for number in (2, 3):
        texts = [w.text for w in read_scan_page("scan-150-grey", "001", number).ocr_words]
        assert texts[texts.index("Actividad") - 1] == "N"  # the trap: the header as read
    assert label_to_field("N") == label_to_field("N°") == "code"


def test_a_number_whose_readings_disagree_three_ways_is_unsure():
    """002's page 15 at 300 dpi grey: "75%" read "15%" by the page (0.85), "75%" by the
    number model (0.75) and "715%" at 3 and 4 times (a ghost digit): no two readings
    agree, so the number model's reading is taken as before but at most DISPUTED sure,
    under the contract's OCR_MIN_CONFIDENCE: ocr_value_confident lists it."""
    assert DISPUTED < OCR_MIN_CONFIDENCE
    words = read_scan_page("scan-300-grey", "002", 3).ocr_words
    # Read on OpenCV's baseline path (docs/ocr-traps.md, "The same scan read differently on
    # two CPUs") the page reads "75%" itself (0.85); whichever way it is read, no other
    # number is published sure, and a "75%" whose readings disagreed is flagged.
    assert not [w for w in words if w.text in ("15%", "715%") and w.confidence > DISPUTED]
    assert any(w.text == "75%" for w in words)


def test_a_speck_read_as_a_full_stop_inside_a_code_is_dropped():
    """003's page 15 on the seed-13 draw at 300 dpi grey: a speck 2 by 3 px on the baseline
    between two digits of "AOI00015400182", read as a full stop (0.97) in the word
    (0.77): "AOI000.15400182", no activity code. A printed mark there takes room of its
    own (its letters 0.08 em and more further apart than the word's others); the speck
    none: dropped. A printed one stays (003's page 1 "V.01", read 0.91)."""
    image = fresh_draw_image("scan-300-grey", "003_c18181cb25637abd", 15, seed=13)
    crop = image[990:1080, 400:1500].copy()  # the code's cell and the activity beside it
    words = TesseractEngine().read(crop, 300)
    assert "AOI000.15400182" in [w.text for w in words]  # the trap
    texts = [w.text for w in stops_without_room(crop, words)]
    assert "AOI00015400182" in texts and not any("." in t for t in texts if t.startswith("AOI"))
    assert any(w.text.startswith("V.01") for w in read_scan_page("scan-300-grey", "003", 1).ocr_words)


def test_a_word_brought_back_beside_itself_by_a_drifted_box_is_kept_once():
    """003's page 16 on the seed-13 draw, bitonal: "SUPERVISIÓN" read again alone came back
    with the next word, a "Y" boxed 8 px left of the "Y" the page read (0.97 and 0.95, the
    boxes overlapping by half the narrower one, not more): "SUPERVISIÓN Y Y EVALUACIÓN".
    The ink across both boxes is one "Y" wide: one is dropped. Two copies side by side
    span twice that and a space: both kept."""
    image = fresh_draw_image("scan-300-bitonal", "003_c18181cb25637abd", 16, seed=13)

    def word(text, x0, x1, confidence):
        return EngineWord(text, x0, 767, x1, 788, confidence, 49, ())

    # the boxes the engine gave on that page (read_page, before read_twice)
    words = [word("SUPERVISIÓN", 895, 1089, 0.96), word("Y", 1101, 1117, 0.97), word("Y", 1109, 1127, 0.95),
             word("EVALUACIÓN", 1129, 1315, 0.97)]
    assert read_twice(words) == words  # by the boxes alone: overlapping by half, not more
    assert read_twice(words, image) == [words[0], words[1], words[3]]
    two = np.full((30, 80), 255, np.uint8)
    two[5:25, 10:26] = two[5:25, 32:48] = 0  # two blots 16 px wide, 6 px apart
    side_by_side = [word("Y", 8, 30, 0.9), word("Y", 28, 50, 0.9)]
    side_by_side = [w._replace(top=5, bottom=25) for w in side_by_side]
    assert read_twice(side_by_side, two) == side_by_side


def test_a_speck_read_as_a_comma_off_the_line_of_the_words_beside_it_is_dropped():
    """003's page 15 on the seed-13 draw, bitonal: a speck 3 by 5 px under the middle of
    "RELACIONES", 20 px below its foot and at mid-height of the cell's next line (whose
    last word, "TRABAJO", ends 700 px to its left), read "," (0.14): within 2 em of
    "RELACIONES" by rows and columns, so kept as punctuation, and the activity ended
    "TRABAJO ,". A full stop or comma stands on its word's line: dropped. One after
    "TRABAJO", on its line, stays."""
    _, rulings, px_per_pt = fresh_draw_page("scan-300-bitonal", "003_c18181cb25637abd", 15, seed=13)

    def word(text, x0, top, x1, bottom, confidence, line):
        # its letters' boxes shared evenly along it (the page's em is measured from them)
        step = (x1 - x0) / len(text)
        glyphs = tuple(Glyph(c, round(x0 + j * step), top, round(x0 + (j + 1) * step), bottom, confidence)
                       for j, c in enumerate(text))
        return EngineWord(text, x0, top, x1, bottom, confidence, line, glyphs)

    # the boxes the engine gave on that page (read_page, before stray_marks)
    words = [word("RELACIONES", 1701, 627, 1883, 650, 0.96, 41), word("DE", 1896, 627, 1933, 650, 0.96, 41),
             word("TRABAJO", 951, 662, 1079, 690, 0.97, 42),
             word(",", 1777, 670, 1780, 675, 0.14, 47)]
    assert [w.text for w in stray_marks(words, rulings, px_per_pt)] == ["RELACIONES", "DE", "TRABAJO"]
    after = word(",", 1082, 684, 1087, 694, 0.9, 42)  # where a comma after "TRABAJO" would be
    assert stray_marks(words[:3] + [after], rulings, px_per_pt)[-1] == after


def test_the_dot_of_a_semicolon_thinned_to_a_specks_size_is_kept():
    """003's page 2, bitonal, read at 299 dpi (held out): the threshold thinned the dot of
    "LABORAL;" to 3 px (under a speck's 0.8 pt; 4 px at 300 dpi), 8 px above its comma
    and past the reach of every letter: painted out as a speck, and the engine read
    "LABORAL," 0.99 sure, in the AEI text every activity of the document carries
    (activity recall 0). A dot straight above a comma or dot is a colon's or semicolon's."""
    pdf = pdfium.PdfDocument(SCANS / "scan-300-bitonal" / "003_c18181cb25637abd.pdf")
    try:
        page = pdf[1]
        image = page_image(page, page.get_width(), OcrSettings(dpi=299))[0]
    finally:
        pdf.close()
    crop = image[690:790, 560:860].copy()  # "... LABORAL;" over "... LABORAL;", at the cell's right
    texts = [w.text for w in TesseractEngine().read(crop, 299)]
    assert texts.count("LABORAL;") == 2 and "LABORAL," not in texts


def test_a_vote_for_a_digit_read_from_a_speck_settles_nothing():
    """002's page 3, upside down: a speck between the 7 and the 5 of "75%" read "715%" by
    the page (0.79) and by the number model 3 times larger, "75%" by the number model at
    twice its size. Two readings of "715%" outvoted "75%"; but its box holds two digits'
    blots and a "%", not three: no vote. "75%" is taken, at most DISPUTED sure (flagged)."""
    words = read_scan_page("scan-300-upside-down", "002", 3).ocr_words
    texts = [w.text for w in words]
    assert "715%" not in texts
    # On OpenCV's baseline path the page reads "75%" itself (0.95): no vote is needed.
    assert any(w.text == "75%" for w in words)


@lru_cache(maxsize=None)
def held_out_draw(style: str, prefix: str, number: int, seed: int) -> np.ndarray:
    """Page ``number`` of a scanned document as another draw (``seed``) scans it
    (``fixtures.scans.drawn_page_pdf``, the page alone, not committed), rendered, straightened
    and cleaned of specks as steps 1-3 leave it: for traps that show only on a fresh draw."""
    (doc,) = [d for d in DOCS if d.startswith(prefix)]
    (row,) = [r for r in TRUTH if r["style"] == style and r["doc"] == doc and r["page"] == number]
    pdf = pdfium.PdfDocument(drawn_page_pdf(style, doc, row["source_page"], seed))
    try:
        gray = normalize(render_page(pdf[0], STYLES[style].dpi))
    finally:
        pdf.close()
    return despeckle(rotate(gray, estimate_skew(gray)), STYLES[style].dpi)


def test_a_speck_between_two_letters_is_no_accent_read_over_one_of_them():
    """004's page 1 on the seed-13 draw at 300 dpi grey: a 2 px speck between two lines of
    3-4 pt print, above the gap between the "O" and the "N" of "PERSONAS" (0.69 em off the
    O's middle), was taken for a mark over the O; read alone, the word came back with a
    tilde on the N ("PERSOÑAS", 0.91), and the grouping text of all 24 activities was
    wrong. A mark is read as an accent only where one is printed (centred over its letter,
    close above it), and the reading alone is taken only with accents over those letters."""
    gray = held_out_draw("scan-300-grey", "004", 1, 13)[700:800, 560:800].copy()
    engine = TesseractEngine()
    try:
        words = engine.read(gray, 300)
        assert "PERSONAS" in [w.text for w in words]
        texts = [w.text for w in reread_accents(gray, words, engine, 300)]
    finally:
        engine.close()
    assert "PERSONAS" in texts and "PERSOÑAS" not in texts, texts
    # A reading adding an accent over a letter with no mark above it is not taken.
    word = EngineWord("PERSONAS", 0, 0, 80, 12, 0.9, 0, tuple(Glyph(c, 10 * n, 0, 10 * n + 9, 12, 0.9)
                                                                for n, c in enumerate("PERSONAS")))
    reading = [word._replace(text="PERSOÑAS")]
    assert accents_added(reading, word) and not accents_added(reading, word, frozenset({4}))
    assert accents_added(reading, word, frozenset({5}))


def test_the_dots_of_a_colon_in_small_print_are_not_painted_out_as_specks():
    """004's page 1: in its 4 pt header "SECTOR : 12 - ...", "PLIEGO : 012 - ..." and
    "UE: 001066 - ..." each dot of a colon scans as a 3 by 3 px blot, 5 px from the other
    and more than a point from every letter: step 3 painted both out as specks (on the
    seed-13 draw "SECTOR 12", "PLIEGO 012", "UE." for "UE:"), the header lines' word gaps
    came out wider than a column gap, the header was read as a table and no line named
    the executing unit (every activity's unit empty on that draw). Two dots of one size
    stacked a dot apart after a letter are a colon; the same pair after a ruling, or one
    dot alone, are specks."""
    engine = TesseractEngine()
    try:
        words = [w.text for w in engine.read(held_out_draw("scan-300-grey", "004", 1, 13)[160:260, 120:420].copy(), 300)]
    finally:
        engine.close()
    for label, after in (("SECTOR", "12"), ("PLIEGO", "012")):
        at = words.index(label)
        assert words[at + 1:at + 3] == [":", after], words[at:at + 4]
    assert "UE:" in words and "UE." not in words
    # The committed draw: "SECTOR : 12" (its "PLIEGO :" has a speck touching a dot, read ".012").
    words = [w.text for w in read_scan_page("scan-300-grey", "004", 1).ocr_words]
    at = words.index("SECTOR")
    assert words[at + 1:at + 3] == [":", "12"], words[at:at + 4]
    page = np.full((40, 60), 255, np.uint8)
    page[10:23, 10:18] = 0  # a letter 13 px tall
    page[12:15, 24:27] = page[20:23, 24:27] = 0  # a colon's dots, 6 px on, 5 px apart
    page[12:15, 45:48] = 0  # a dot alone
    cleaned = despeckle(page, 300)
    assert (cleaned[12:15, 24:27] == 0).all() and (cleaned[20:23, 24:27] == 0).all()
    assert (cleaned[12:15, 45:48] == 255).all()
    page[10:23, 10:18], page[0:40, 16:18] = 255, 0  # a ruling instead of the letter
    cleaned = despeckle(page, 300)
    assert (cleaned[12:15, 24:27] == 255).all() and (cleaned[20:23, 24:27] == 255).all()


def test_the_executing_unit_of_a_header_read_as_a_table_is_found_in_its_cell():
    """004's header on the seed-13 draw at 300 dpi grey: its lines' word gaps, as read from
    ink, vary by a tenth of an em ("SECTOR : 12 - TRABAJO" 0.29-0.47 em where the text
    layer has 0.28 throughout), and text alignment took the header for a table, the
    "PLIEGO : ..." and "UE: 001066 - ..." lines one cell: no line named the executing
    unit, and every activity's unit came out empty (activity recall 0). The family reads
    the unit from the first pages' table cells when no line names it, after the text of
    the line above it in the same cell."""
    cell = ('PLIEGO : 012 - M DE TRABAJO Y PROMOCION DEL EMPLEO UE: 001066 - PROGRAMA PARA LA GENERACION '
            'DE EMPLEO SOCIAL INCLUSIVO "TRABAJA PERU"')
    cells = (Cell(0, 0, 1, 1, 30, 40, 100, 50, "SECTOR :"), Cell(0, 1, 1, 1, 100, 40, 300, 50, "12 -"),
             Cell(1, 0, 1, 2, 30, 50, 300, 60, cell))
    header = Table(1, 0, 30, 40, 300, 60, 2, 2, cells)
    lines = (TextLine("CC: Todos", 30, 64, 60, 69, 5.5),)
    doc = ParsedDocument(RAW / "004_cad7ca5c0a475a2d.pdf", "", [PageLayout(1, 842, 595, 0, (header,), lines)])
    extractor = CeplanPoiExtractor()
    extractor.prepare(doc)
    assert extractor.unit == '001066 - PROGRAMA PARA LA GENERACION DE EMPLEO SOCIAL INCLUSIVO "TRABAJA PERU"'
    # A line naming the unit (the text layer's reading) is taken first.
    lines += (TextLine("UE: 000154 - OFICINA GENERAL", 30, 56, 200, 61, 5.5),)
    extractor.prepare(ParsedDocument(doc.path, "", [PageLayout(1, 842, 595, 0, (header,), lines)]))
    assert extractor.unit == "000154 - OFICINA GENERAL"
    # A sentence ending in "UE" names no unit, in a cell either.
    no_unit = Table(1, 0, 30, 40, 300, 60, 1, 1, (Cell(0, 0, 1, 1, 30, 40, 300, 50, "fondos de la UE. Total"),))
    extractor.prepare(ParsedDocument(doc.path, "", [PageLayout(1, 842, 595, 0, (no_unit,), ())]))
    assert extractor.unit is None


def test_a_quote_read_from_a_speck_at_a_words_start_is_dropped_by_its_ink():
    """004's page 1 on the seed-13 draw at 300 dpi grey: a 3 by 3 px speck on the header's
    grey fill, touching the top of the A of "AVANCE ACUMULADO", was read '"AVANCE' (0.91),
    its letters boxed out of order, so the quote was not judged by its box: the label named
    no column and the annual figures of all 24 activities were lost. A quote at a word's
    start boxed as no printed quote could be, with no quote's ink left of the first letter,
    is a speck. (004's '"TRABAJA', whose quote the engine boxed on a speck beside it, keeps
    it: test_a_mark_boxed_on_a_speck_beside_it_is_kept.)"""
    gray = held_out_draw("scan-300-grey", "004", 1, 13)[410:470, 2860:3200].copy()
    engine = TesseractEngine()
    try:
        words = engine.read(gray, 300)
    finally:
        engine.close()
    assert '"AVANCE' in [w.text for w in words]
    assert [w.text for w in leading_quotes_of_a_speck(gray, words)].count("AVANCE") == 2


def test_a_faint_hyphen_between_letters_is_measured_on_its_paler_ink():
    """004's page 2 on the seed-13 draw at 300 dpi grey: the dashes of "AOI00106600095 -
    GESTIÓN ...", "AOI00106600134 - ..." and "AOI00106600097 - ..." scan faint and
    threshold to 2 by 2 px, under a fifth of their letters' 11 px: step 3 painted them
    out as specks and the family read code and name as one ("AOI00106600095 GESTIÓN DE
    LA COMPENSACIÓN"). Measured on its paler ink (4 by 2 px) the dash is a hyphen and
    stays; a sharp 2 px speck measures the same at both levels and goes."""
    gray = held_out_draw("scan-300-grey", "004", 2, 13)
    engine = TesseractEngine()
    try:
        words = [w.text for w in engine.read(gray[505:535, 128:400].copy(), 300)]
    finally:
        engine.close()
    assert words[:3] == ["AOI00106600095", "-", "GESTIÓN"], words
    page = np.full((40, 60), 255, np.uint8)
    page[10:21, 10:16] = page[10:21, 30:38] = 0  # two letters, 11 px tall
    page[15:17, 21:27] = 180  # a faint dash's blur ...
    page[15:17, 23:25] = 120  # ... of which 2 by 2 px pass the threshold
    page[5:7, 45:47] = 0  # a sharp speck
    cleaned = despeckle(page, 300)
    assert (cleaned[15:17, 23:25] == 120).all() and (cleaned[5:7, 45:47] == 255).all()


def test_specks_read_as_marks_in_small_print_are_sharper_than_its_printed_marks():
    """004 (3-4 pt print) at 300 dpi grey: specks beside letters were read as marks in
    the activities' text, each sharper than any mark the page prints (``print_ink``):
    "DE.ASISTENCIA", "Y-ASISTENCIA", "QUE:", "INFORMACIÓN-", "PROGRAMADO." on the first
    page, "DESARROLLO’" and "PROGRAMA." on the second. Its printed marks stay: the colons
    of the header, the quotes of "TRABAJA PERU", the dashes between codes and names."""
    first = [w.text for w in read_scan_page("scan-300-grey", "004", 1).ocr_words]
    second = [w.text for w in read_scan_page("scan-300-grey", "004", 2).ocr_words]
    for speck in ("DE.ASISTENCIA", "Y-ASISTENCIA", "QUE:", "INFORMACIÓN-", "PROGRAMADO."):
        assert speck not in first
    assert "DESARROLLO’" not in second and "PROGRAMA." not in second
    assert ["DE", "ASISTENCIA"] in [first[k:k + 2] for k in range(len(first))]
    assert {"UE:", "CC:", '"TRABAJA'} <= set(first) and first.count("-") >= 10
    assert {"Año:", "TOTAL:", "Consideraciones:"} <= set(second)


def test_printed_marks_measured_whole_and_by_their_size_stay_at_150_dpi():
    """The 150 dpi grey scan: printed marks judged against the page's print
    (``print_ink``) stay. 003's page 2: the engine boxed "NACIONAL," to the L's foot, the
    comma's ink 2-6 px past the word's box; measured on a crop of the box and 2 px it was
    cut to a speck's size and dropped. 000's page 2: the hyphen of "PAT-" reaches black,
    so it fades over a smaller share of its darkness (0.27) than the page's small dots
    (0.46), which never do; the page's dots of its size fade as it does."""
    assert "NACIONAL," in [w.text for w in read_scan_page("scan-150-grey", "003", 2).ocr_words]
    assert "PAT-" in [w.text for w in read_scan_page("scan-150-grey", "000", 2).ocr_words]


def _line_word(left: int, top: int):
    """A word of one engine line as a page's reading boxed it (its glyphs' text and boxes,
    in page pixels), in a crop of that page from ``left``, ``top``."""
    def word(glyphs: list[tuple[str, int, int, int, int]], confidence: float) -> EngineWord:
        boxed = tuple(Glyph(t, x0 - left, y0 - top, x1 - left, y1 - top, 0.99) for t, x0, y0, x1, y1 in glyphs)
        return EngineWord("".join(g.text for g in boxed), min(g.x0 for g in boxed), min(g.top for g in boxed),
                          max(g.x1 for g in boxed), max(g.bottom for g in boxed), confidence, 0, boxed)
    return word


def test_a_printed_full_stop_is_kept_when_the_engines_boxes_drift_off_the_word_gaps():
    """002's page 8 on the seed-14 draw at 300 dpi grey, the bold section title "IV. Metas
    Operativas: Gestión Administrativa" (read 0.95, so its marks are judged): the "." of
    "IV." was taken for a speck in a space (``marks_in_spaces``) and 7 activities lost
    their section. The stop has 24 px of paper after it; the line's word gaps, measured to
    the engine's boxes, were 20, 33 and 33 px (the G of "Gestión" and the A of
    "Administrativa" boxed 11-13 px right of their ink), so 24 px was under 0.75 of an
    ordinary space. On the ink (``word_gap``) the print leaves 20-23 px between words, and
    the stop stays. The glyph boxes are the page's reading's, the image the draw's."""
    crop = fresh_draw_image("scan-300-grey", "002", 8, seed=14)[100:210, 0:1350].copy()
    word = _line_word(0, 100)
    words = [
        word([("I", 128, 137, 138, 172), ("V", 142, 137, 177, 172), (".", 181, 162, 190, 172)], 0.951),
        word([("M", 213, 137, 252, 172), ("e", 257, 145, 285, 172), ("t", 287, 139, 308, 172),
              ("a", 310, 145, 337, 172), ("s", 342, 145, 365, 174)], 0.968),
        word([("O", 385, 137, 420, 172), ("p", 416, 136, 439, 181), ("e", 425, 145, 453, 181),
              ("r", 456, 145, 483, 172), ("a", 488, 145, 508, 172), ("t", 510, 145, 536, 172),
              ("i", 539, 136, 573, 171), ("v", 578, 146, 606, 171), ("a", 609, 143, 635, 172),
              ("s", 623, 145, 651, 172), (":", 640, 145, 679, 172)], 0.967),
        word([("G", 712, 136, 734, 172), ("e", 739, 145, 766, 172), ("s", 770, 145, 794, 172),
              ("t", 795, 138, 816, 172), ("i", 820, 136, 830, 172), ("ó", 835, 134, 863, 172),
              ("n", 867, 145, 894, 172)], 0.965),
        word([("A", 927, 137, 948, 171), ("d", 950, 136, 978, 172), ("m", 984, 140, 1026, 172),
              ("i", 1006, 136, 1033, 171), ("n", 1031, 136, 1041, 172), ("i", 1047, 145, 1074, 172),
              ("s", 1080, 136, 1119, 172), ("t", 1120, 138, 1142, 172), ("r", 1144, 145, 1165, 172),
              ("a", 1166, 145, 1192, 172), ("t", 1195, 138, 1217, 172), ("i", 1221, 136, 1230, 171),
              ("v", 1234, 146, 1262, 172), ("a", 1265, 145, 1293, 172)], 0.967),
    ]
    by_boxes = [b.x0 - max(g.x1 for g in a.glyphs if g.text != ".") for a, b in pairwise(words)]
    assert by_boxes[2:] == [33, 33]  # the trap: the boxes of G and A start inside the space
    assert [word_gap(crop, a, b) for a, b in pairwise(words)] == [24, 20, 23, 21]
    assert marks_in_spaces(crop, words)[0].text == "IV."


def test_a_speck_leaving_its_letters_a_word_gap_apart_is_no_full_stop():
    """000's page 84 on the seed-13 draw at 300 dpi grey: a speck 0-1 px after the "n" of
    "Mejora de la identificación de trabajo infantil" was read "identificación." (0.95).
    The letters either side stand 13 px apart, the line's other word gaps 13-14 px: one
    gap, where a printed stop adds its width and a space (``marks_in_spaces``). The paper
    after the speck (10 px, 0.77 of a gap) is no measure: a speck in a space leaves the
    gap less the speck, at the edge of any share of it."""
    crop = fresh_draw_image("scan-300-grey", "000", 84, seed=13)[1580:1680, 1000:1500].copy()
    word = _line_word(1000, 1580)
    words = [
        word([("M", 1036, 1617, 1056, 1639), ("e", 1048, 1617, 1065, 1645), ("j", 1060, 1617, 1082, 1645),
              ("o", 1080, 1617, 1094, 1645), ("r", 1086, 1622, 1101, 1640), ("a", 1105, 1622, 1130, 1640)], 0.968),
        word([("d", 1143, 1617, 1158, 1640), ("e", 1162, 1622, 1177, 1640)], 0.96),
        word([("l", 1190, 1616, 1193, 1639), ("a", 1197, 1622, 1211, 1640)], 0.97),
        word([("i", 1225, 1616, 1228, 1639), ("d", 1232, 1616, 1247, 1640), ("e", 1251, 1622, 1266, 1640),
              ("n", 1262, 1623, 1275, 1639), ("t", 1270, 1622, 1284, 1639), ("i", 1286, 1616, 1303, 1640),
              ("f", 1306, 1616, 1317, 1639), ("i", 1318, 1616, 1321, 1639), ("c", 1325, 1622, 1338, 1640),
              ("a", 1341, 1622, 1355, 1640), ("c", 1359, 1622, 1372, 1640), ("i", 1376, 1616, 1380, 1639),
              ("ó", 1383, 1615, 1398, 1640), ("n", 1398, 1623, 1411, 1639), (".", 1402, 1622, 1420, 1639)], 0.953),
        word([("d", 1429, 1616, 1444, 1640), ("e", 1447, 1622, 1462, 1640)], 0.97),
    ]
    assert [word_gap(crop, a, b) for a, b in pairwise(words)] == [13, 13, 14, 10]  # the last after the speck
    assert [w.text for w in marks_in_spaces(crop, words)][3:] == ["identificación", "de"]


def test_a_word_is_not_split_at_paper_inside_a_letters_box():
    """002's page 8 on the seed-14 draw at 300 dpi grey: the engine boxed the last "s" of
    "Acciones Correctivas y Preventivas" 39 px wide (424-463), over a 2 px speck after it
    and the "y" of the next word. The 11 px of paper before the "y", inside the word's box,
    was as wide as a space on the line, and ``split_at_spaces`` cut the word at the
    nearest letter boundary, 22 px left of it: "Correctiva s", activity 8 lost. Paper
    that lies inside a letter's box does not part two letters."""
    crop = fresh_draw_image("scan-300-grey", "002", 8, seed=14)[780:900, 100:1000].copy()
    word = _line_word(100, 780)
    words = [
        word([("A", 133, 823, 153, 846), ("c", 146, 823, 162, 846), ("c", 154, 828, 183, 846),
              ("i", 187, 823, 191, 846), ("o", 194, 828, 210, 846), ("n", 213, 829, 228, 846),
              ("e", 222, 829, 237, 845), ("s", 231, 828, 262, 846)], 0.933),
        word([("C", 273, 823, 291, 846), ("o", 283, 823, 301, 852), ("r", 293, 828, 309, 846),
              ("r", 312, 829, 322, 845), ("e", 324, 828, 351, 846), ("c", 344, 829, 359, 846),
              ("t", 353, 824, 379, 846), ("i", 382, 823, 386, 845), ("v", 389, 829, 405, 846),
              ("a", 406, 828, 421, 846), ("s", 424, 828, 463, 852)], 0.93),
        word([("y", 447, 829, 466, 851)], 0.966),
        word([("P", 475, 823, 490, 845), ("r", 493, 828, 503, 845), ("e", 504, 828, 520, 846),
              ("v", 522, 829, 537, 846), ("e", 539, 828, 555, 846), ("n", 558, 828, 573, 846),
              ("t", 576, 824, 586, 846), ("i", 588, 822, 592, 845), ("v", 595, 829, 611, 846),
              ("a", 613, 828, 628, 846), ("s", 631, 828, 644, 846)], 0.933),
        word([("I", 656, 823, 661, 846), ("m", 665, 828, 690, 845), ("p", 693, 828, 709, 851),
              ("l", 711, 823, 734, 846), ("e", 727, 829, 742, 846), ("m", 737, 828, 762, 845),
              ("e", 765, 828, 781, 846), ("n", 777, 829, 792, 845), ("t", 784, 824, 811, 846),
              ("a", 814, 828, 828, 846), ("d", 831, 817, 847, 846), ("a", 850, 828, 864, 846),
              ("s", 867, 828, 880, 846)], 0.913),
    ]
    crop = despeckle_words(crop, words)[0]  # as step 9 leaves the page: the speck cleaned
    (wide,) = [(x, r) for x, r in paper_runs(crop, words[1]) if r > 8]  # the trap: a space's paper in the box
    assert words[1].glyphs[-1].x0 < words[1].x0 + wide[0] < words[1].glyphs[-1].x1
    assert [w.text for w in split_at_spaces(crop, words)] == ["Acciones", "Correctivas", "y", "Preventivas",
                                                              "Implementadas"]


def test_a_full_stop_the_number_model_adds_after_a_surer_number_is_not_taken():
    """001's page 41 on the seed-16 draw at 300 dpi grey: activity 3's total "100%", read
    "100%" by the page (0.97), was read "100%." by the number model twice and three times
    as large (0.95, 0.96) and replaced: "100%." is no value, and the activity lost its
    total. The number model is trusted with digits, not with marks: a reading that only
    adds a full stop or comma after the page's number (``stops_added``), less sure than
    the page, leaves the page's reading."""
    crop = fresh_draw_image("scan-300-grey", "001", 41, seed=16)[430:510, 3050:3200].copy()
    hundred = _line_word(3050, 430)([("1", 3084, 458, 3098, 480), ("0", 3099, 457, 3115, 481),
                                     ("0", 3118, 457, 3134, 481), ("%", 3137, 457, 3162, 481)], 0.969)
    engine = TesseractEngine()
    again = engine.read_number(crop, [hundred], 0, 300, NUMBER_SCALE)
    assert again.text == "100%." and again.confidence < hundred.confidence  # the trap
    assert [w.text for w in engine.reread_numbers(crop, [hundred], 300)] == ["100%"]
    assert stops_added("100%", "100%.") and stops_added("7", "7,")
    assert not stops_added("3.5.", "3.5.") and not stops_added("35", "3.5") and not stops_added("100%", "10%.")


def _year_page(number: int, words: tuple[OcrWord, ...] | None, lines: tuple[TextLine, ...] = ()) -> PageLayout:
    return PageLayout(number, 842, 595, 10, (), lines, 4.0, words)


def test_a_plan_year_ocr_was_unsure_of_names_no_year():
    """Bitonal draw seed 50 of 004: its only year label read `Año:2074`, the engine 0.19
    sure of that word, and all 457 values were filed under 2074 (262 published sure). A
    year read below OCR_MIN_CONFIDENCE names no plan year, and the document says why; a
    sure reading of the same year elsewhere (another word, or a text-layer page) stands."""
    content = ocr_page(drawn_page_pdf("scan-300-bitonal", DOCS[4], 2, 50), number=2)  # the label, under the table
    label = [w for w in content.ocr_words if "2074" in w.text]
    assert label and all(w.confidence < OCR_MIN_CONFIDENCE for w in label)  # the trap, as read
    year, note = plan_year_of(ParsedDocument(RAW / "004.pdf", "", [page_to_layout(content, TableSettings())]))
    assert year is None
    assert note == ("the plan year reads 2074 but OCR was unsure of it (below 0.6), so no month has a year; "
                    "check the scan")

    unsure = (OcrWord("Año:", 10, 10, 30, 20, 0.93), OcrWord("2024", 32, 10, 52, 20, 0.41))
    label_line = (TextLine("Año: 2024", 10, 10, 52, 20, 4),)
    assert plan_year_of(ParsedDocument(RAW / "004.pdf", "", [_year_page(1, unsure, label_line)]))[0] is None
    sure = unsure + (OcrWord("2024", 60, 10, 99, 20, 0.91),)
    assert plan_year_of(ParsedDocument(RAW / "004.pdf", "", [_year_page(1, sure, label_line)])) == (2024, "")
    text_layer = [_year_page(1, unsure, label_line), _year_page(2, None, label_line)]
    assert plan_year_of(ParsedDocument(RAW / "004.pdf", "", text_layer)) == (2024, "")


def test_a_year_label_read_with_no_year_after_it_says_so():
    """004's bitonal seed-186 draw: the label under the table read "Año:" (0.94), the "2024"
    after it lost in the threshold: no plan year, every one of 552 values quarantined under
    unlabelled months, and the document said only that. On a scan, a year label read with no
    year after it is said; a text layer's, or a scan without the label, says nothing more."""
    label = (OcrWord("Año:", 10, 10, 30, 20, 0.94), OcrWord("10%-75%>", 40, 10, 70, 20, 0.51))
    label_line = (TextLine("Año: 10%-75%>", 10, 10, 70, 20, 4),)
    year, note = plan_year_of(ParsedDocument(RAW / "004.pdf", "", [_year_page(2, label, label_line)]))
    assert year is None and note == ("OCR read the plan year's label but no year after it, so no month has a "
                                     "year; check the scan")
    assert plan_year_of(ParsedDocument(RAW / "004.pdf", "", [_year_page(2, None, label_line)])) == (None, "")
    other = (TextLine("TABLA RESUMEN", 10, 10, 70, 20, 4),)
    assert plan_year_of(ParsedDocument(RAW / "004.pdf", "", [_year_page(2, label[1:], other)])) == (None, "")


def test_a_year_inside_a_date_or_a_code_does_not_vouch_for_an_unsure_year_label():
    """004's second page on the seed-96 draw at 300 dpi grey: the label "Año: 2024" read
    "Año: 2023", the year 0.5 sure, and the resolution "R.M. N° 411-2023-TR," (of the year
    before, 0.86 sure) made it a sure reading: all 568 values were filed under 2023 and
    published sure. Only the year read standing alone, as a label or a title prints it,
    vouches for a label's year; one in a date or a code is another mention."""
    label_line = (TextLine("Año: 2023", 10, 10, 52, 20, 4),)
    read = (OcrWord("Año:", 10, 10, 30, 20, 0.95), OcrWord("2023", 32, 10, 52, 20, 0.5),
            OcrWord("411-2023-TR,", 60, 30, 99, 40, 0.86), OcrWord("31/12/2023", 60, 50, 99, 60, 0.93))
    assert plan_year_of(ParsedDocument(RAW / "004.pdf", "", [_year_page(2, read, label_line)]))[0] is None
    glued = (OcrWord("Año:2023", 10, 10, 52, 20, 0.9),)
    assert plan_year_of(ParsedDocument(RAW / "004.pdf", "", [_year_page(2, glued, label_line)]))[0] == 2023


def test_legible_pages_of_small_print_are_not_doubted_as_a_whole():
    """The other side of `test_a_page_where_a_third_of_the_cells_are_doubtful_is_doubtful_as_a_whole`:
    004 at 300 dpi grey (3-4 pt print), whose second page reads a fifth of its cells unsure,
    keeps the confidence of every value it read."""
    (doc,) = [d for d in DOCS if d.startswith("004")]
    pages = scan_pages("scan-300-grey", "004")[0]
    parsed = read_document(SCANS / "scan-300-grey" / f"{doc}.pdf", Replay("pdfium+ocr", pages), TableSettings())
    result = CeplanPoiExtractor().extract(parsed)
    values, quarantine, doubtful = ocr_records_weighed(result.activities, result.values, list(result.quarantine),
                                                      parsed.pages, result.number_locale.locale,
                                                      CeplanPoiExtractor.aggregated)
    assert doubtful == {}
    shares = doubtful_pages(values, quarantine)  # none reaches the share: the weakest page
    unsure = [v for v in values if v["page"] == 2 and v["confidence"] < OCR_MIN_CONFIDENCE]
    assert not shares and 0.1 < len(unsure) / len([v for v in values if v["page"] == 2]) < PAGE_DOUBT_SHARE


def test_a_repeated_header_whose_labels_ocr_lost_and_a_split_pair_still_read_the_last_activity():
    """004's second page on the seed-41 draw (300 dpi grey): the repeated header over the last
    activity lost its whole row of labels (only the months were read), so its table had no
    activity column and the activity's 26 values were lost; read through the header before
    it, a speck line then split the PROGRAMADO line's spanning cells into a row of their own,
    and the EJECUTADO line became an activity of its own (12 values published sure under it).
    Both mended: one activity, both lines, every value where the print has it."""
    layouts = []
    for number in (1, 2):  # the first page's header names the columns of the second's first table
        content = ocr_page(drawn_page_pdf("scan-300-grey", DOCS[4], number, 41), number=number)
        layouts.append(page_to_layout(content, TableSettings(), layouts[-1].tables[-1] if layouts else None))
    last = max(layouts[1].tables, key=lambda t: sum(c.text.startswith("AOI00106600143") for c in t.cells))
    # The trap: its activity label read "OBJETIVO ESTRATEGICO ¡ACCION ESTRATÉGICA* / …", no
    # label until round 13, when labels came to be matched by their letters; until then the
    # header before it named its columns (labels_lost_from, tests/test_ocr_codes.py). Since
    # round 32 its grey cell is read alone with the tint made paper: "… ¡ACTIVIDAD …".
    assert [c.text for c in last.cells if label_to_field(c.text) == "activity"] == [
        "OBJETIVO ESTRATEGICO ¡ACCION ESTRATÉGICA ¡ACTIVIDAD OPERATIVA"]
    result = CeplanPoiExtractor().extract(ParsedDocument(RAW / "004.pdf", "", layouts))
    rows = [a["row"] for a in result.activities if a["code"] == "AOI00106600143"]
    assert len(rows) == 1 and result.activities[-1]["code"] == "AOI00106600143"
    printed = {(v["measure"], v["period"]): v["value"] for v in read_csv(SCANS / "expected" / DOCS[4] / "values.csv")
               if v["row_id"] == "24"}
    read = {(v["measure"], v["period"]): v["value"] for v in result.values if v["row"] == rows[0]}
    assert {"planned", "executed"} == {measure for measure, _ in read}
    assert sum(read.get(key) == float(value) for key, value in printed.items()) >= len(printed) - 2
