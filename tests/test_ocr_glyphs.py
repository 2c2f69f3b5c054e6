"""OCR words as the table layer's glyphs (extractors/ocr/chars.py): each trap met on
tests/scans, named after it. The engine is the real one with the bundled models; the
scans are the committed ones."""

from __future__ import annotations

import pytest

from fixtures.scans import OUT as SCANS
from replay import ocr_page

from extractors.document import page_to_layout
from extractors.layout.settings import TableSettings
from extractors.layout.words import chars_to_text
from extractors.ocr.chars import words_to_records
from extractors.ocr.tesseract import EngineWord, Glyph


def _scan_page(style: str, prefix: str, number: int):
    (doc,) = [p for p in (SCANS / style).iterdir() if p.name.startswith(prefix)]
    return ocr_page(doc, number)


def test_a_justified_cover_line_is_not_read_as_a_table():
    """002's cover: the ink gaps between the words of "Unidad de Pensiones" and the lines
    around it are 0.37-0.46 em (a glyph's ink stops short of its advance), over the text
    alignment's column gap (0.35 em), where the text layer's gaps are 0.32-0.35 em; the
    cover was read as a 9 x 5 table and the owning unit lost. With the side bearings
    given back, its heading lines are loose text as on the text layer. (Its list of
    contents still is a table: a bullet's ink is far narrower than its advance.)"""
    layout = page_to_layout(_scan_page("scan-300-grey", "002", 1), TableSettings())
    lines = [line.text for line in layout.lines]
    assert "Instituto Salvadoreño del Seguro Social" in lines
    assert "Unidad de Pensiones" in lines


def test_side_bearings_never_join_two_cells_numbers():
    """000's "8% | 8%" in two narrow ruled cells, the second read with a scrap of the
    ruling below it (a line of its own, 44 px tall): the engine's boxes as it gave them.
    Widened by their bearings without regard to each other, the two words came 0.8 pt
    apart, under a word gap of the tall one, and the table layer joined them across
    the border ("8%8%"); a gap the engine reads as a space keeps ``WORD_BREAK``."""
    def word(glyphs, line):
        glyphs = tuple(Glyph(t, x0, top, x1, bottom, 0.96) for t, x0, top, x1, bottom in glyphs)
        return EngineWord("".join(g.text for g in glyphs), glyphs[0].x0, min(g.top for g in glyphs),
                          glyphs[-1].x1, max(g.bottom for g in glyphs), 0.96, line, glyphs)

    words = [word([("8", 2702, 331, 2718, 354), ("%", 2720, 331, 2746, 353)], 22),
             word([("8", 2754, 330, 2785, 374), ("%", 2788, 330, 2815, 354)], 31)]
    chars, _ = words_to_records(words, 0.24, 0.24)
    first, second = [c for c in chars if c.x1 <= 2750 * 0.24], [c for c in chars if c.x0 >= 2746 * 0.24]
    gap = second[0].x0 - first[-1].x1
    assert gap > TableSettings().word_gap * max(c.size for c in chars)
    assert chars_to_text(first, TableSettings()) == "8%" and chars_to_text(second, TableSettings()) == "8%"


def test_a_lone_n_degree_read_alone_is_not_lost():
    """001's column label "N°" on its upside-down scan: the page reads "N*" (0.46), and
    read alone with 10 px of paper around it the engine reads nothing, so the label stayed
    "N*" and the code column was lost; with its own height of paper it reads "N°" (0.93).
    Both are read and the surer kept (with 30 px, the grey scan's reads nothing)."""
    words = [w.text for w in _scan_page("scan-300-upside-down", "001", 2).ocr_words]
    assert "N°" in words and "N*" not in words


def test_capitals_are_measured_against_the_pages_small_letters():
    """``case_scale``: a page whose lines' capitals measure 23 px where their small letters
    measure 19 (Calc's Liberation Sans at 300 dpi) gives a line of capitals an em
    0.74 x 19 / (0.55 x 23) times as large, the median over its lines (another size of
    print with another ratio on a few lines moves nothing); a page with too few such lines,
    small letters too small to measure, or capitals only keeps 1.0; a type far off the
    constants is bounded."""
    from extractors.ocr.chars import CASE_SCALE_RANGE, CAP_HEIGHT, X_HEIGHT, case_scale, in_capitals

    def line(n: int, capital: int, short: int, text: str = "Nuevo") -> EngineWord:
        glyphs = tuple(Glyph(c, 10 * k, 100 * n, 10 * k + 8, 100 * n + (capital if c.isupper() else short), 0.9)
                       for k, c in enumerate(text))
        return EngineWord(text, 0, 100 * n, 10 * len(text), 100 * n + capital, 0.9, n, glyphs)

    body = [line(n, 23, 19) for n in range(6)]
    assert case_scale(body) == pytest.approx(CAP_HEIGHT * 19 / (X_HEIGHT * 23))
    notes = [line(10 + n, 14, 12) for n in range(3)]  # smaller print, another ratio
    assert case_scale(body + notes) == case_scale(body)
    assert case_scale(body[:4]) == 1.0  # four lines: too few to measure
    assert case_scale([line(n, 12, 10) for n in range(6)]) == 1.0  # small letters under 12 px
    assert case_scale([line(n, 28, 28, "GERENCIA") for n in range(20)]) == 1.0  # capitals only
    assert case_scale([line(n, 40, 19) for n in range(6)]) == CASE_SCALE_RANGE[0]
    assert in_capitals([line(0, 28, 28, "GERENCIA"), line(0, 28, 28, "2024")])
    assert not in_capitals([line(0, 28, 20, "Gerencia")]) and not in_capitals([line(0, 28, 28, "2024")])
