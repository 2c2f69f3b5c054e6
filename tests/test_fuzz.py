"""Regression tests for what the fuzzing (tests/fuzz.py) found, one each, on a mutant
made by hand the way the fuzzer made it."""

from __future__ import annotations

from pathlib import Path

import fuzz
from golden import assert_same, compare_activities, compare_values
from pipeline.config import ExtractSettings
from pipeline.tidy import outcomes_to_frames
from pipeline.worker import extract_file


# ------------------------------------------------- regressions: what the fuzzing found


SETTINGS = ExtractSettings(jobs=1, progress=False)
CEPLAN = "004_cad7ca5c0a475a2d"  # 2 pages, the activity table over both
ISSS = "002_5e65348469c072e6"  # 16 pages, tables on pages 5 to 9


def _extract(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return extract_file(path, name, SETTINGS)


def _pdf(sample: str) -> fuzz.RawPdf:
    return fuzz.RawPdf.parse((fuzz.RAW / f"{sample}.pdf").read_bytes())


def _assert_golden(outcome, name: str, sample: str) -> None:
    frames = outcomes_to_frames([outcome])
    assert_same(*compare_activities(frames, name, sample))
    assert_same(*compare_values(frames, name, sample))


def test_page_tree_counting_more_pages_than_it_holds_fails_naming_the_page(tmp_path):
    # Was: "x.pdf: PdfiumError: Failed to load page." with no page and no page count.
    pdf = _pdf(ISSS)
    pdf.set_kids(pdf.pages_root, pdf.pages(), count=100_000)
    outcome = _extract(tmp_path, "huge-count.pdf", pdf.to_bytes())
    doc = outcome.document
    assert doc["status"] == "failed" and doc["n_pages"] == 100_000
    assert doc["message"] == ("huge-count.pdf: page 17 of 100000 cannot be loaded (PdfiumError: Failed to load "
                              "page.): the page tree lists a page the file does not hold")


def test_page_object_gone_fails_naming_the_page(tmp_path):
    pdf = _pdf(ISSS)
    del pdf.objects[pdf.pages()[5]]  # page 6 (its /Kids entry now resolves to null)
    doc = _extract(tmp_path, "page-gone.pdf", pdf.to_bytes()).document
    assert doc["status"] == "failed" and doc["n_pages"] == 16
    assert doc["message"].startswith("page-gone.pdf: page 6 of 16 cannot be loaded (PdfiumError: ")


def test_page_tree_root_gone_is_named_not_pdfium_success(tmp_path):
    # Was: "cannot open as PDF (Failed to load document (PDFium: Success).)".
    pdf = _pdf(CEPLAN)
    del pdf.objects[pdf.pages_root]
    doc = _extract(tmp_path, "no-pages.pdf", pdf.to_bytes()).document
    assert doc["status"] == "failed" and doc["n_pages"] is None
    assert doc["message"] == ("no-pages.pdf: cannot open as PDF (no page tree found: the document catalog or its "
                              "/Pages is missing)")
