"""The OCR speed-ups compute exactly what they replace (extractors/ocr: tesseract.py,
chars.py, cells.py). Speed itself is measured by `make bench`, never asserted here;
these tests hold the results equal, so a faster step can never read differently."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pypdfium2 as pdfium
from tesserocr import PSM

from extractors.ocr.cells import (cell_around, cells_around, centres_in_boxes, numbers_over_more_ink,
                                  uncovered_blots)
from extractors.ocr.chars import DESCENT, glyph_em, median, rise
from extractors.ocr.image import binarize, normalize, render_page
from extractors.ocr.tesseract import (
    CELL_SURE,
    PALE_INK,
    SPECK_FILTER,
    PageCopies,
    TESSDATA,
    EngineWord,
    Glyph,
    TesseractEngine,
    _read_crops,
    _start,
)
from fixtures.scans import OUT as SCANS


def test_median_is_numpys_to_the_bit():
    rng = random.Random(12)
    for _ in range(20_000):
        values = [rng.choice((rng.uniform(0, 80), rng.randrange(1, 60) / rng.choice((0.55, 0.74, 0.79, 0.93))))
                  for _ in range(rng.randrange(1, 30))]
        assert median(values) == float(np.median(values)), values


def test_glyph_em_is_the_letters_height_over_its_rise_and_descent():
    for text in [chr(c) for c in range(32, 0x250)] + ["fi", ""]:
        for height in (-1, 0, 1, 7, 23, 41):
            glyph = Glyph(text, 0, 100, 9, 100 + height, 0.9)
            up = rise(text) if len(text) == 1 else None
            expected = None if up is None or height <= 0 else height / (up + DESCENT.get(text, 0.0))
            assert glyph_em(glyph) == expected, (text, height)


def test_cells_around_is_cell_around_point_by_point():
    rng = random.Random(7)
    for _ in range(300):
        grid = [rng.randrange(0, 500) + rng.choice((0, 0.5, 1 / 3)) for _ in range(40)]
        vertical = [(rng.choice(grid), *sorted(rng.sample(grid, 2))) for _ in range(rng.randrange(0, 20))]
        horizontal = [(rng.choice(grid), *sorted(rng.sample(grid, 2))) for _ in range(rng.randrange(0, 20))]
        points = [(rng.choice(grid + [rng.uniform(0, 500)]), rng.choice(grid)) for _ in range(50)]
        assert cells_around(points, vertical, horizontal) == [cell_around(x, y, vertical, horizontal)
                                                              for x, y in points]


def test_centres_in_boxes_counts_the_edges_in():
    rng = random.Random(3)
    for _ in range(300):
        words = [EngineWord("a", x, y, x + rng.randrange(0, 30), y + rng.randrange(0, 30), 0.9, 0, ())
                 for x, y in ((rng.randrange(0, 200), rng.randrange(0, 200)) for _ in range(rng.randrange(0, 40)))]
        boxes = [(x, y, x + rng.randrange(0, 60), y + rng.randrange(0, 60))
                 for x, y in ((rng.randrange(0, 200), rng.randrange(0, 200)) for _ in range(rng.randrange(0, 10)))]
        expected = [any(b[0] <= (w.x0 + w.x1) / 2 <= b[2] and b[1] <= (w.top + w.bottom) / 2 <= b[3] for b in boxes)
                    for w in words]
        assert centres_in_boxes(words, boxes) == expected


def test_cells_read_by_the_page_engine_read_as_by_an_engine_of_their_own():
    """Cells are read by the page's instance switched to single-block mode with the
    inverted-text pass on (the page's reading has it off), not by a second instance
    (0.14 s to start in every process): the same words, boxes and confidences, and the
    page's instance back in its own mode after."""
    pdf = pdfium.PdfDocument(str(next((SCANS / "scan-300-grey").glob("001_*.pdf"))))
    try:
        gray = normalize(render_page(pdf[1], 300))
    finally:
        pdf.close()
    h, w = gray.shape
    boxes = [(x, y, x + w // 6, y + h // 20) for x in (w // 10, w // 2) for y in (h // 5, h // 2, 3 * h // 4)]
    engine = TesseractEngine()
    own = _start("spa", TESSDATA, PSM.SINGLE_BLOCK)
    try:
        shared = engine.read_cells(gray, boxes, 300, scale=2)
        alone = _read_crops(own, gray, boxes, 300, inset=2, scale=2, sure=CELL_SURE)
        assert any(shared) and shared == alone
        assert engine._api.GetPageSegMode() == PSM.SPARSE_TEXT
        assert engine._api.GetVariableAsString("tessedit_do_invert") in ("0", "false")
    finally:
        own.End()
        engine.close()


def _scan_page(prefix: str, index: int):
    pdf = pdfium.PdfDocument(str(next((SCANS / "scan-300-grey").glob(f"{prefix}_*.pdf"))))
    try:
        return normalize(render_page(pdf[index], 300))
    finally:
        pdf.close()


def test_page_copies_are_the_copies_each_step_made_of_its_own():
    """The page's copies that numbers are read again on, made once a page and shared
    (``PageCopies``), are those each step made for itself before: paler ink counted as
    ink by numpy's ``where`` (OpenCV's threshold now, 50 times faster) and the median
    filter; each made once."""
    gray = _scan_page("004", 1)
    copies = PageCopies(gray)
    assert np.array_equal(copies.pale(), np.where(gray < PALE_INK, 0, 255).astype(np.uint8))
    assert copies.pale().dtype == np.uint8 and copies.pale() is copies.pale()
    assert np.array_equal(copies.speckless(), cv2.medianBlur(gray, SPECK_FILTER))
    assert copies.speckless() is copies.speckless()
    # Grey levels either side of the pale threshold, at its edge too.
    ramp = np.arange(256, dtype=np.uint8).reshape(16, 16)
    assert np.array_equal(PageCopies(ramp).pale(), np.where(ramp < PALE_INK, 0, 255).astype(np.uint8))


def test_page_ink_thresholded_once_looks_the_same():
    """``cells_to_reread`` thresholds the page once for its two looks at the ink
    (numbers over more ink, ink no word covers): the same blots as each thresholding
    for itself, and the shared threshold left unpainted."""
    gray = _scan_page("001", 1)
    bw = binarize(gray)
    kept = bw.copy()
    words = [EngineWord(text, x, y, x + 60, y + 40, 0.9, 0, ()) for text, x, y in
             (("11", 300, 400), ("1", 900, 1200), ("7%", 1500, 2000), ("abc", 200, 2600))]
    assert numbers_over_more_ink(gray, words, 40.0, bw) == numbers_over_more_ink(gray, words, 40.0)
    shared, alone = uncovered_blots(gray, words, 40.0, bw), uncovered_blots(gray, words, 40.0)
    assert all(np.array_equal(a, b) for a, b in zip(shared, alone))
    assert np.array_equal(bw, kept)


def _first_reading(gray: np.ndarray) -> list[EngineWord]:
    """The engine's first reading of a page image at 300 dpi, by an engine of its own."""
    engine = TesseractEngine()
    try:
        return engine.read(gray, 300)
    finally:
        engine.close()


def _with_specks(gray: np.ndarray, seed: int) -> np.ndarray:
    """``gray`` with 600 specks of 1-3 px dropped at random: most on paper, some beside
    letters, some stacked in pairs (a colon's look) or between words (a hyphen's)."""
    rng = random.Random(seed)
    out = gray.copy()
    h, w = out.shape
    for _ in range(600):
        x, y, size = rng.randrange(4, w - 8), rng.randrange(4, h - 20), rng.choice((1, 2, 2, 3))
        out[y:y + size, x:x + size] = rng.choice((0, 40, 90))
        if rng.random() < 0.2:  # a second dot a few pixels below
            gap = rng.randrange(2, 9)
            out[y + size + gap:y + 2 * size + gap, x:x + size] = 0
    return out


def test_despeckle_paints_a_lone_blot_as_its_tests_would(monkeypatch):
    """A small blot with no other ink wherever ``despeckle``'s tests look (``_alone``) is
    painted without them: the same page as with every blot put to every test, on a scan
    page with specks dropped on paper, beside letters and stacked in pairs, grey and
    thresholded (a bitonal scan's tests)."""
    import extractors.ocr.image as image

    gray = _with_specks(_scan_page("003", 1), 5)
    fast = [image.despeckle(gray, 300), image.despeckle(gray, 300, thresholded=True)]
    monkeypatch.setattr(image, "_alone", lambda bw, stats, labels, *args: np.zeros(labels.size, bool))
    slow = [image.despeckle(gray, 300), image.despeckle(gray, 300, thresholded=True)]
    assert all(np.array_equal(a, b) for a, b in zip(fast, slow))
    assert not np.array_equal(fast[0], gray)


def test_covered_ink_counted_by_blot_as_numpy_counts_it():
    """``_mostly_uncovered`` counts each blot's ink under the words' cover from OpenCV's
    nonzero points, with the page's blots and cover made once (``cells_to_reread``): the
    same blots as numpy's count of the labels under the whole cover, made by itself."""
    from extractors.ocr.cells import UNCOVERED_SHARE, UNREAD_MAX_EM, UNREAD_MIN_EM, _mostly_uncovered, words_cover
    from extractors.ocr.image import label_ink

    gray = _scan_page("001", 1)
    bw = binarize(gray)
    rng = random.Random(4)
    words = [EngineWord("a", x, y, x + rng.randrange(20, 400), y + rng.randrange(10, 60), 0.9, 0, ())
             for x, y in ((rng.randrange(0, 2400), rng.randrange(0, 3200)) for _ in range(300))]
    em = 40.0
    count, labels, stats, centroids = label_ink(bw)
    inside = np.bincount(labels[words_cover(bw.shape, words, em)].ravel(), minlength=count)
    tall = stats[:, cv2.CC_STAT_HEIGHT]
    keep = ((inside < UNCOVERED_SHARE * stats[:, cv2.CC_STAT_AREA]) & (inside > 0)
            & (tall >= UNREAD_MIN_EM * em) & (tall <= UNREAD_MAX_EM * em))
    keep[0] = False
    expected = [tuple(c) for c in centroids[keep]]
    assert expected
    assert _mostly_uncovered(bw, words, em) == expected
    assert _mostly_uncovered(bw, words, em, label_ink(bw), words_cover(bw.shape, words, em)) == expected
    assert _mostly_uncovered(bw, [], em) == []


def test_hard_edged_counts_the_sample_as_numpy():
    """``hard_edged`` counts its sample's greys by OpenCV's histogram: numpy's counts, on a
    grey scan as rendered (not hard-edged) and thresholded (hard-edged)."""
    from extractors.ocr.image import hard_edged

    pdf = pdfium.PdfDocument(str(next((SCANS / "scan-300-grey").glob("000_*.pdf"))))
    try:
        scanned = render_page(pdf[0], 300)
    finally:
        pdf.close()
    outcomes = []
    for gray in (scanned, np.where(scanned < 128, 0, 255).astype(np.uint8), scanned[1:, 3:]):
        hist = np.bincount(gray[::2, ::2].ravel(), minlength=256)
        outcomes.append(hard_edged(gray))
        assert outcomes[-1] == (int(hist[16:240].sum()) < int(hist[:128].sum()))
    assert outcomes == [False, True, False]


def test_labelled_as_is_numpys_lookup():
    from extractors.ocr.image import labelled_as

    rng = np.random.default_rng(9)
    for count in (1, 2, 255, 256, 257, 3000):
        labels = rng.integers(0, count, (60, 80)).astype(np.uint16)
        values = rng.choice(np.array([0, 255], np.uint8), count)
        assert np.array_equal(labelled_as(labels, values), values[labels]), count


def test_a_words_blots_labelled_once_are_each_marks_own():
    """``mark_blots`` given the word's blots labelled once (``word_blots``) finds for each
    mark the blots it found labelling the word's crop for itself."""
    from extractors.ocr.print_ink import JUDGED, mark_blots, word_blots

    gray = _with_specks(_scan_page("001", 1), 8)
    words = _first_reading(gray)
    found = 0
    for word in words[:200]:
        blots = word_blots(gray, word, 30.0)
        # Every glyph, as if it were a mark judged (the page reads few: 2 on this one).
        for k, g in enumerate(word.glyphs):
            side = (-1, 0, 1)[k % 3] if g.text not in JUDGED else 1
            own = mark_blots(gray, word, g, 30.0, side)
            assert mark_blots(gray, word, g, 30.0, side, blots) == own
            found += len(own)
    assert found > 20


def _side_bearings_before(placed):
    """``chars.side_bearings`` as it was (the words' fields read in the loop)."""
    from bisect import bisect_left

    from extractors.ocr.chars import SIDE_BEARING, WORD_BREAK

    out = [[SIDE_BEARING * p.em, SIDE_BEARING * p.em] for p in placed]
    order = sorted(range(len(placed)), key=lambda k: placed[k].top)
    tops = [placed[k].top for k in order]
    tallest = max((p.bottom - p.top for p in placed), default=0.0)
    for i, a in enumerate(placed):
        for j in order[bisect_left(tops, a.top - tallest):bisect_left(tops, a.bottom)]:
            b = placed[j]
            if b.bottom <= a.top or b.ink0 < a.ink1:
                continue
            room = max(0.0, (b.ink0 - a.ink1 - WORD_BREAK * max(a.em, b.em)) / 2)
            if room < out[i][1]:
                out[i][1] = room
            if room < out[j][0]:
                out[j][0] = room
    return [(left, right) for left, right in out]


def test_side_bearings_read_from_lists_are_as_before():
    from extractors.ocr.chars import _Placed, side_bearings

    rng = random.Random(11)
    for _ in range(200):
        placed = []
        for n in range(rng.randrange(0, 40)):
            em, top = rng.uniform(8, 40), rng.uniform(0, 400)
            x0 = rng.randrange(0, 600)
            glyphs = [Glyph("a", x0 + 7 * k, 0, x0 + 7 * k + rng.randrange(1, 9), 10, 0.9)
                      for k in range(rng.randrange(1, 6))]
            placed.append(_Placed(em, top, top + rng.uniform(0.5, 2) * em, em, n, None, [("a", g) for g in glyphs]))
        assert side_bearings(placed) == _side_bearings_before(placed)


def _line_ems_before(words):
    """``cells.line_ems`` as it was: the page's em (``words_em``) in one pass over the
    letters, each line's in another, every letter's em by ``glyph_em``."""
    from collections import defaultdict

    ems = [em for w in words for g in w.glyphs if (em := glyph_em(g)) is not None]
    if not ems:
        return None
    page_em = median(ems)
    by_line = defaultdict(list)
    for w in words:
        by_line[w.line].extend(em for g in w.glyphs if (em := glyph_em(g)) is not None)
    return page_em, {line: median(line_ems) for line, line_ems in by_line.items() if line_ems}


def test_page_and_line_ems_in_one_pass_are_as_before():
    """The page's em and its lines' are measured in one pass over the letters
    (``page_and_line_ems``, ``glyph_ems``), no longer twice by ``glyph_em``: the same
    ems, on a page read and on words of marks only (no em)."""
    from extractors.ocr.cells import line_ems, page_and_line_ems, words_em

    gray = _scan_page("000", 1)
    words = _first_reading(gray)
    page_em, lines = page_and_line_ems(words)
    assert (page_em, dict(lines)) == _line_ems_before(words)
    assert page_em == words_em(words) and dict(line_ems(words)) == dict(lines)
    assert lines[10_000] == page_em  # a line without letters takes the page's em
    marks = [EngineWord(".", 10, 10, 14, 14, 0.9, 0, (Glyph(".", 10, 10, 14, 14, 0.9),))]
    assert page_and_line_ems(marks) is None and _line_ems_before(marks) is None and line_ems(marks) is None


def test_the_pages_print_measured_once_judges_as_each_step_measuring_it():
    """``marks_not_printed`` and ``stops_left_out`` given the page's print measured once
    (``page_print``) judge as each measuring it for itself, on a page with specks."""
    from extractors.ocr.print_ink import marks_not_printed, page_print, stops_left_out

    gray = _with_specks(_scan_page("003", 1), 9)
    words = _first_reading(gray)
    printed = page_print(gray, words)
    assert printed is not None
    judged = marks_not_printed(gray, words, printed)
    assert judged == marks_not_printed(gray, words) and judged != words  # some speck's mark judged
    assert stops_left_out(gray, words, printed) == stops_left_out(gray, words)
    assert marks_not_printed(gray, words, None) is words  # no print to judge by: left as read
