"""The scanned copies of the samples in tests/scans/ (fixtures/scans.py, issue 12).

Image-only PDFs (no text layer) of the original page sizes, byte-identical to what
the script makes now, skewed and turned upside down as truth.csv says, and their
expected rows (tests/scans/expected/) are what a perfect reading of those pages
gives: the same pages of the sample, with its text layer, extracted by the pipeline.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from PIL import Image

from conftest import ROOT, extract_pdfs
from fixtures.scans import (MAX_SKEW, MIN_SKEW, OUT as SCANS, STYLES, SUBSETS, doc_path, main as scans_main,
                            read_truth, text_subset)
from fixtures.versions import read_csv
from golden import assert_same, compare_activities, compare_values, doc_rows, expected

EXPECTED = SCANS / "expected"
SCAN_FILES = sorted(SCANS.glob("scan-*/*.pdf"))
PAGES = json.loads((SCANS / "pages.json").read_text(encoding="utf-8"))
TRUTH = read_truth()
SMALL = "004_cad7ca5c0a475a2d"  # two pages: re-rendered and measured in every style
COMPARE_DPI = 36  # renders compared for skew and orientation


def scan_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem[:3]}"


def test_every_style_of_every_subset_is_committed():
    assert {(p.parent.name, p.stem) for p in SCAN_FILES} == {(s, doc) for s in STYLES for doc in SUBSETS}
    assert PAGES == {doc: list(subset.pages) for doc, subset in SUBSETS.items()}
    assert sorted((t["style"], t["doc"], t["source_page"]) for t in TRUTH) == sorted(
        (style, doc, page) for style in STYLES for doc, pages in PAGES.items() for page in pages)


@pytest.mark.parametrize("path", SCAN_FILES, ids=scan_id)
def test_scan_is_one_image_per_page_at_the_original_size_without_text(path):
    style = STYLES[path.parent.name]
    scan, original = pdfium.PdfDocument(str(path)), pdfium.PdfDocument(str(doc_path(path.stem)))
    try:
        assert len(scan) == len(PAGES[path.stem])
        for index, source_page in enumerate(PAGES[path.stem]):
            page = scan[index]
            assert page.get_textpage().count_chars() == 0
            width, height = page.get_size()
            assert (width, height) == pytest.approx(original[source_page - 1].get_size(), abs=1e-3)
            (image,) = page.get_objects()
            assert image.type == pdfium_raw.FPDF_PAGEOBJ_IMAGE
            assert image.get_px_size() == (round(width * style.dpi / 72), round(height * style.dpi / 72))
            assert image.get_filters() == (["CCITTFaxDecode"] if style.bitonal else ["DCTDecode"])
            assert image.get_metadata().bits_per_pixel == (1 if style.bitonal else 8)
    finally:
        scan.close()
        original.close()


def test_rerendering_gives_the_same_bytes(tmp_path):
    """Every file the script writes for one document, in every style, as committed."""
    assert scans_main(["--only", SMALL[:3], "--out", str(tmp_path)]) == 0
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert len(written) == len(STYLES) + 4  # the PDFs, truth.csv, pages.json, two expected CSVs
    for name in written:
        assert (tmp_path / name).read_bytes() == (SCANS / name).read_bytes(), name


def test_damaged_copy_is_the_grey_scan_with_ink_over_its_cells_only(tmp_path):
    """tests/scans/damaged/: re-rendered to the same bytes; its pages are the
    scan-300-grey copy's, but for the damaged page, which differs only around the cells
    of damage.csv (grown by 4 pt: the blur, the skew and JPEG's 8-pixel blocks)."""
    damaged = SCANS / "damaged"
    (doc,) = {row["doc"] for row in read_csv(damaged / "damage.csv")}
    assert scans_main(["--only", doc[:3], "--style", "scan-300-grey", "--out", str(tmp_path)]) == 0
    for name in ("damage.csv", f"{doc}.pdf"):
        assert (tmp_path / "damaged" / name).read_bytes() == (damaged / name).read_bytes(), name
    cells = read_csv(damaged / "damage.csv")
    scan, grey = pdfium.PdfDocument(str(damaged / f"{doc}.pdf")), pdfium.PdfDocument(str(SCANS / "scan-300-grey" / f"{doc}.pdf"))
    try:
        assert len(scan) == len(grey) == len(PAGES[doc])
        for index in range(len(scan)):
            a = np.asarray(scan[index].render(scale=300 / 72, grayscale=True).to_pil().convert("L"), dtype=int)
            b = np.asarray(grey[index].render(scale=300 / 72, grayscale=True).to_pil().convert("L"), dtype=int)
            changed = np.abs(a - b) > 8
            mine = [c for c in cells if int(c["page"]) == index + 1]
            assert changed.any() == bool(mine)
            for c in mine:
                k, grow = 300 / 72, 4
                box = (slice(round((float(c["top"]) - grow) * k), round((float(c["bottom"]) + grow) * k)),
                       slice(round((float(c["x0"]) - grow) * k), round((float(c["x1"]) + grow) * k)))
                assert changed[box].sum() > 300, c  # ink there
                changed[box] = False
            assert not changed.any()
    finally:
        scan.close()
        grey.close()


def test_skew_is_in_the_documented_range():
    skews = [t["skew_deg"] for t in TRUTH]
    assert all(MIN_SKEW <= abs(s) <= MAX_SKEW for s in skews)
    assert min(skews) < 0 < max(skews)  # both ways


@lru_cache(maxsize=None)
def render(path: Path, index: int) -> Image.Image:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[index].render(scale=COMPARE_DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


def likeness(scan: Image.Image, original: Image.Image, degrees: float) -> float:
    """Correlation of the scan with the original page turned by ``degrees`` (counter-clockwise)."""
    turned = original.resize(scan.size).rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)
    a = np.asarray(scan, dtype=float).ravel()
    b = np.asarray(turned, dtype=float).ravel()
    a, b = a - a.mean(), b - b.mean()
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


def scanned_and_original(truth: dict) -> tuple[Image.Image, Image.Image]:
    return (render(SCANS / truth["style"] / f"{truth['doc']}.pdf", truth["page"] - 1),
            render(doc_path(truth["doc"]), truth["source_page"] - 1))


@pytest.mark.parametrize("truth", [t for t in TRUTH if t["doc"] == SMALL],
                         ids=lambda t: f"{t['style']}/p{t['page']}")
def test_page_is_skewed_by_its_recorded_angle(truth):
    """The original turned by the recorded skew matches the scan better than turned
    0.3° either side of it, not at all, or the other way."""
    scan, original = scanned_and_original(truth)
    flip = 180.0 if truth["upside_down"] else 0.0
    skew = truth["skew_deg"]
    best = likeness(scan, original, skew + flip)
    assert best > 0.6
    for other in (skew - 0.3, skew + 0.3, 0.0, -skew):
        assert best > likeness(scan, original, other + flip), other


@pytest.mark.parametrize("truth", [t for t in TRUTH if t["style"] == "scan-300-upside-down"],
                         ids=lambda t: f"{t['doc'][:3]}/p{t['page']}")
def test_upside_down_style_turns_one_page_per_document(truth):
    scan, original = scanned_and_original(truth)
    flip = 180.0 if truth["upside_down"] else 0.0
    assert likeness(scan, original, truth["skew_deg"] + flip) > 0.6
    assert likeness(scan, original, truth["skew_deg"] + 180.0 - flip) < 0.3
    assert truth["upside_down"] == (truth["source_page"] == SUBSETS[truth["doc"]].upside_down)


def test_no_other_style_is_upside_down():
    assert {t["style"] for t in TRUTH if t["upside_down"]} == {"scan-300-upside-down"}


def test_scans_without_ocr_are_needs_ocr(tmp_path):
    """Before OCR exists every scan is reported as needs_ocr, naming its pages.
    (When OCR lands this becomes: every scan reads as its expected data.)"""
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(SCANS), "--out", str(tmp_path),
                           "--jobs", "2", "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    docs = pd.read_parquet(tmp_path / "documents.parquet")
    # Every style's copies and the damaged copy (tests/scans/damaged/).
    assert sorted(docs["source_path"]) == sorted(str(p.relative_to(SCANS)) for p in SCANS.glob("*/*.pdf"))
    assert len(docs) == len(SCAN_FILES) + 1
    assert (docs["status"] == "needs_ocr").all()
    for row in docs.itertuples():
        n = len(PAGES[Path(row.source_path).stem])
        assert f"no text layer on pages 1-{n} (scanned?); OCR is off: read it with --ocr auto (experimental, see the README)" in row.message
    assert pd.read_parquet(tmp_path / "activities.parquet").empty


@pytest.fixture(scope="module")
def text_layer(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """The subsets' pages of the samples with their text layer, extracted."""
    folder = tmp_path_factory.mktemp("subsets")
    paths = [text_subset(doc, pages, folder / f"{doc}.pdf") for doc, pages in PAGES.items()]
    return extract_pdfs(paths, folder / "run")


@pytest.mark.parametrize("doc", sorted(SUBSETS))
def test_expected_rows_are_what_the_pages_text_layer_gives(text_layer, doc):
    assert_same(*compare_activities(text_layer, f"{doc}.pdf", doc, EXPECTED))
    assert_same(*compare_values(text_layer, f"{doc}.pdf", doc, EXPECTED))
    want = {int(r["row_id"]): (int(r["page_first"]), int(r["page_last"]))
            for r in expected(doc, "activities", EXPECTED)}
    acts = doc_rows(text_layer, f"{doc}.pdf", "activities")
    assert dict(zip(acts["row"], zip(acts["page_first"], acts["page_last"]))) == want


@pytest.mark.parametrize("doc", sorted(SUBSETS))
def test_expected_rows_are_the_samples_rows(doc):
    """Each expected row of a subset is its sample's row (source_row_id), renumbered in order."""
    sample = {r["row_id"]: r for r in expected(doc, "activities")}
    rows = expected(doc, "activities", EXPECTED)
    assert [int(r["row_id"]) for r in rows] == list(range(1, len(rows) + 1))
    assert [int(r["source_row_id"]) for r in rows] == sorted(int(r["source_row_id"]) for r in rows)
    for row in rows:
        original = sample[row["source_row_id"]]
        assert {k: v for k, v in row.items() if k not in ("row_id", "source_row_id", "page_first", "page_last")} \
            == {k: v for k, v in original.items() if k not in ("row_id", "page_first", "page_last")}
