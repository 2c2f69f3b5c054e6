"""Specks read into the text of a scan (extractors/ocr/specks.py, image.clean_specks,
chars.words_to_records): each trap met on tests/scans, named after it. The engine is
the real one with the bundled models; the scans are the committed ones."""

from __future__ import annotations

import numpy as np

from fixtures.scans import OUT as SCANS
from replay import ocr_page

from extractors.ocr.chars import words_to_records
from extractors.ocr.image import clean_specks, soften
from extractors.ocr.specks import ink_mass, speck_at_end
from extractors.ocr.tesseract import EngineWord, Glyph


def _page_words(style: str, prefix: str, number: int) -> list[str]:
    (doc,) = [p for p in (SCANS / style).iterdir() if p.name.startswith(prefix)]
    return [w.text for w in ocr_page(doc, number).ocr_words]


def _stroke_with_specks() -> np.ndarray:
    """A bar 6 px wide (a letter's stem) with a 2 px speck of dust beside it, and a
    2 px drop-out inside it; and a ring (a "°") whose hole is 3 x 3 px."""
    gray = np.full((60, 80), 255, np.uint8)
    gray[10:50, 10:16] = 0  # the stem
    gray[20:22, 12:14] = 255  # a drop-out in it
    gray[30:32, 19:21] = 0  # a speck beside it
    gray[10:19, 40:49] = 0  # the ring
    gray[13:16, 43:46] = 255  # ... and its hole
    return gray


def test_a_speck_beside_a_letter_and_a_drop_out_in_it_are_cleaned():
    cleaned = clean_specks(_stroke_with_specks(), max_area=6, max_hole=4)
    assert cleaned is not None
    assert (cleaned[30:32, 19:21] == 255).all()  # the speck is gone
    assert (cleaned[20:22, 12:14] == 0).all()  # the drop-out is filled
    assert (cleaned[10:50, 10:16] == 0).all()  # the stem is whole
    assert (cleaned[13:16, 43:46] == 255).all()  # a hole larger than a drop-out stays open


def test_a_page_without_specks_is_left_as_it_is():
    gray = _stroke_with_specks()
    gray[30:32, 19:21] = 255
    gray[20:22, 12:14] = 0
    assert clean_specks(gray, max_area=6, max_hole=4) is None


def test_a_thin_marks_ink_summed_outlasts_the_blur_that_shrinks_its_area_at_the_threshold():
    """A slanted mark of 6 px (a 1-bit scanner's thinned acute) blurred as step 1 softens
    a bitonal scan: 4 of its pixels still pass the threshold, its darkness summed stays
    6 px. Marked to keep, clean_specks leaves it; otherwise it is a speck (10 px at this
    crop's own threshold)."""
    gray = np.full((30, 30), 255, np.uint8)
    for y, x in ((10, 13), (10, 14), (11, 12), (11, 13), (12, 11), (12, 12)):
        gray[y, x] = 0
    soft = soften(gray, 300)
    assert int((soft < 128).sum()) == 4
    assert abs(ink_mass(soft, (11, 10, 15, 13)) - 6) < 0.5
    assert clean_specks(soft, max_area=10, max_hole=0) is not None
    keep = np.zeros_like(soft, bool)
    keep[10:13, 11:15] = True
    assert clean_specks(soft, max_area=10, max_hole=0, keep=keep) is None


def _word(text: str, x0: int, x1: int, top: int = 100, bottom: int = 124, line: int = 0) -> EngineWord:
    step = (x1 - x0) / len(text)
    glyphs = tuple(Glyph(c, round(x0 + k * step), top, round(x0 + (k + 1) * step), bottom, 0.96)
                   for k, c in enumerate(text))
    return EngineWord(text, x0, top, x1, bottom, 0.96, line, glyphs)


def test_a_last_letter_boxed_over_the_space_keeps_the_words_apart():
    """001's "Gestión de": the engine read two words, but its box of the "n" ran on over
    the space and into "de"; the text must still say two words."""
    from extractors.layout.settings import TableSettings
    from extractors.layout.words import chars_to_text

    def word(letters):
        glyphs = tuple(Glyph(c, x0, 664, x1, 689, 0.96) for c, x0, x1 in letters)
        return EngineWord("".join(g.text for g in glyphs), glyphs[0].x0, 660, glyphs[-1].x1, 699, 0.96, 48, glyphs)

    # The engine's boxes, as it gave them on that page.
    words = [word([("G", 586, 606), ("e", 609, 625), ("s", 628, 641), ("t", 642, 652), ("i", 655, 659),
                   ("ó", 662, 678), ("n", 681, 742)]),
             word([("d", 711, 724), ("e", 724, 741)])]
    chars, _ = words_to_records(words, 0.24, 0.24)
    assert chars_to_text(chars, TableSettings()) == "Gestión de"


def test_a_speck_read_as_a_letter_is_no_word():
    """A speck 3 px tall read as "e" beside text 24 px tall (001, a value cell "10% e")."""
    words = [_word("10%", 100, 160), _word("e", 200, 203, top=110, bottom=113)]
    _, ocr_words = words_to_records(words, 0.24, 0.24)
    assert [w.text for w in ocr_words] == ["10%"]


def test_specks_beside_a_heading_no_longer_spoil_it():
    """001's page heading read "GERENCIA DE TALENTO ARAN" (specks around "HUMANO"), its
    column label "Producto Resuitado" (a drop-out in the "l") and "N*" for "N°" (the
    Spanish model has no good "°")."""
    words = _page_words("scan-300-grey", "001", 2)
    assert "HUMANO" in words and "ARAN" not in words
    assert "Resultado" in words and "Resuitado" not in words
    assert "N°" in words


def test_specks_on_a_grey_filled_header_are_not_read_as_a_word():
    """The damaged copy of 001, page 2: two specks 10 pt apart in the grey header cell
    "Producto Resultado" thresholded 4 px across against the page's threshold (more of
    their blur passes on a fill of 208 than on white paper), survived the despeckling,
    and were read "SE": the label named no column and its 10 values were quarantined.
    Measured against the fill around them they are specks, and are painted out."""
    words = _page_words("damaged", "001", 2)
    assert "SE" not in words
    assert "Producto" in words and "Resultado" in words


def test_a_word_box_of_no_ink_that_the_cleaning_inks_is_no_speck_at_its_end():
    """004's 3 pt print on the seed-22 draw at 300 dpi grey: three words were read from print
    paler than the ink level (their boxes' darkest pixel 220-244), and mending a drop-out in
    their boxes made 2 px of ink. Asking whether the cleaning took a speck from the word's end
    raised IndexError on the box with no ink before, and the document was not read. Nothing
    was taken away: no speck."""
    before = np.full((12, 83), 244, np.uint8)
    after = before.copy()
    after[6, 40:42] = 0
    assert not speck_at_end(before, after, em=12.0)
    # A speck 3 px after a letter, taken away by the cleaning, still is one.
    letter = np.full((24, 40), 255, np.uint8)
    letter[2:22, 5:9] = 0
    with_speck = letter.copy()
    with_speck[19:21, 13:16] = 0
    assert speck_at_end(with_speck, letter, em=24.0)
