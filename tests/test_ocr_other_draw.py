"""OCR on another draw of the scans: the committed sheets scanned again with other skews and
specks (``python -m fixtures scans --seed 13``), made here from data/raw in a temporary folder.

Six rounds of OCR fixes were measured on one draw of each scan (tests/scans, seed 12). On the
first reading of a fresh draw, 003 read `2155` as `2199` (a wrong number published) and 004 no
activity (docs/ocr-traps.md, "Another draw of the scans"). Figures are the floors reached on
this draw; the draw of seed 14 stays held out (scored by hand, never a floor): see docs/ocr.md.
A file of its own so that the test run's second worker takes it.
"""

from __future__ import annotations

import pytest

from fixtures.scans import OUT as SCANS
from fixtures.scans import STYLES, SUBSETS, n_pages, scan_pdf, scan_plan
from ocr_score import score

SEED = 13
STYLE = "scan-300-grey"
# document prefix: (value F1, activity recall) at least. 004 (3-4 pt print, 6 s a page) is
# left out to keep the run short.
DRAW_FLOORS = {
    "000": (0.99, 0.99),  # was 1.000 / 0.92: a `*` read from two specks beside a border (print_ink)
    "001": (0.99, 0.99),  # was 1.000 / 0.93
    "002": (0.99, 0.99),
    "003": (0.99, 0.91),  # was 0.978 / 0.91 (`2155` published as `2199`); 0.95 on another OpenCV path
}
DOCS = {prefix: doc for doc in SUBSETS for prefix in DRAW_FLOORS if doc.startswith(prefix)}


@pytest.fixture(scope="module")
def other_draw(tmp_path_factory):
    """A folder laid out as tests/scans: this draw's scans of 000-003, the same expected data."""
    folder = tmp_path_factory.mktemp(f"scans-seed-{SEED}")
    (folder / "expected").symlink_to(SCANS / "expected", target_is_directory=True)
    (folder / STYLE).mkdir()
    for doc in DOCS.values():
        plan = scan_plan(STYLES[STYLE], doc, list(SUBSETS[doc].pages), n_pages(doc), SEED)
        (folder / STYLE / f"{doc}.pdf").write_bytes(scan_pdf(STYLES[STYLE], plan))
    return folder


def test_another_draw_scans_other_pixels_of_the_same_sheets(other_draw):
    doc = DOCS["002"]
    assert (other_draw / STYLE / f"{doc}.pdf").read_bytes() != (SCANS / STYLE / f"{doc}.pdf").read_bytes()
    plans = [scan_plan(STYLES[STYLE], doc, list(SUBSETS[doc].pages), n_pages(doc), seed) for seed in (12, SEED)]
    assert [s.source_page for s in plans[0]] == [s.source_page for s in plans[1]]
    assert [s.skew for s in plans[0]] != [s.skew for s in plans[1]]


@pytest.mark.parametrize("prefix", sorted(DRAW_FLOORS))
def test_another_draw_of_a_scan_reads_as_well_as_measured(other_draw, prefix):
    result = score(STYLE, DOCS[prefix], scans=other_draw)
    print(result.line(), f"seed {SEED}")
    f1, recall = DRAW_FLOORS[prefix]
    assert result.value_f1 >= f1
    assert result.activity_recall >= recall


# Draws on which one misread word once published a whole document wrong and sure (004 at
# 300 dpi grey, docs/ocr-traps.md, round 12): seed 78, a measure label misread on both pages
# (499 values read by the generic family); seed 96, the year label read "2023" and vouched for
# by a resolution's year (568 values under 2023). Each document now publishes no value it was
# sure of wrongly; seed 78's is read (value F1 0.994 measured), seed 96's not at all.
# Round 14 (docs/ocr-traps.md): seeds 120 and 22, an empty cell's paper grain read as a row of
# its own, every later activity one off (149 and 127 values counted wrong and sure; 0.977 and
# 0.990 measured); seed 121, its year label read "AñO. 2024", nothing read (0.993); seed 132,
# its objective's code read "0€E1.07", every activity one off (335; 0.993).
# Round 15: seed 161, its objective's code read "CEl.07", every activity one off (337; 0.994).
WHOLE_DOCUMENT_TRAPS = {22: 0.985, 78: 0.99, 96: 0.0, 120: 0.97, 121: 0.99, 132: 0.99, 161: 0.99}


@pytest.mark.parametrize("seed", sorted(WHOLE_DOCUMENT_TRAPS))
def test_a_draw_once_published_wrong_as_a_whole_publishes_no_value_wrong_and_sure(tmp_path, seed):
    (doc,) = [d for d in SUBSETS if d.startswith("004")]
    (tmp_path / "expected").symlink_to(SCANS / "expected", target_is_directory=True)
    (tmp_path / STYLE).mkdir()
    plan = scan_plan(STYLES[STYLE], doc, list(SUBSETS[doc].pages), n_pages(doc), seed)
    (tmp_path / STYLE / f"{doc}.pdf").write_bytes(scan_pdf(STYLES[STYLE], plan))
    result = score(STYLE, doc, scans=tmp_path)
    print(result.line(), f"seed {seed}")
    assert result.wrong_and_sure == 0
    assert result.value_f1 >= WHOLE_DOCUMENT_TRAPS[seed]
