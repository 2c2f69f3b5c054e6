"""Words of an activity read exactly on the committed scans (extractors/ocr: specks.py,
spelling.py, chars.py): one test per trap met, named after it, the real engine with
the bundled models on the real scan page."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from test_ocr_glyphs import _scan_page

from extractors.layout.settings import TableSettings
from extractors.layout.words import chars_to_words
from extractors.ocr.specks import holds_hole
from extractors.ocr.spelling import joined, respelled
from extractors.ocr.tesseract import EngineWord, Glyph

# Each page read once for the tests of this module.
_page = lru_cache(maxsize=None)(_scan_page)


def _engine_words(style: str, prefix: str, number: int) -> list[str]:
    return [w.text for w in _page(style, prefix, number).ocr_words]


def _table_words(style: str, prefix: str, number: int) -> list[list[str]]:
    """The words of each line as the table layer reads them from the page's glyphs."""
    return chars_to_words(_page(style, prefix, number).chars, TableSettings())


def test_a_speck_in_the_space_between_two_words_is_no_full_stop():
    """000 page 3: a speck as large as a full stop (0.012 em²) in the space of "para
    que", 3 px after the "a" and 6 px before the "q" where the page's words are 10-14 px
    apart, read "para.que"; 003 page 3: "LA. AMPLIACIÓN", "LA. CALIDAD" likewise."""
    words = _engine_words("scan-300-grey", "000", 3)
    assert "para.que" not in words and "para" in words and "que" in words
    assert "LA." not in _engine_words("scan-300-grey", "003", 3)


def test_a_letter_boxed_into_the_next_line_stays_on_its_line():
    """000 page 2: the engine boxed the "a" of "encaminadas a la" 1.4 em tall (into a
    speck below it and a letter of the next line); taken for a line of its own, it was
    glued to "encaminadas" by the table layer."""
    lines = [" ".join(line) for line in _table_words("scan-300-grey", "000", 2)]
    assert any("encaminadas a la" in line for line in lines)
    assert not any("encaminadasa" in line for line in lines)


def test_a_speck_over_a_capital_read_surely_as_an_accent_is_cleaned():
    """003 page 3: a 2 x 2 px speck over the E of "DE LA CALIDAD" read "DÉ" at 0.97."""
    words = _engine_words("scan-300-grey", "003", 3)
    assert "DÉ" not in words
    assert words.count("CALIDAD") >= 2


def test_a_pale_drop_out_across_a_stem_is_read_again():
    """000 page 3: a grey drop-out across the stem of the "l" of "población" (132 where
    the stroke is 30) read "pobiación", each letter at 0.99: no word of the engine's
    dictionary, read again at a paler level of ink."""
    words = _engine_words("scan-300-grey", "000", 3)
    assert "población" in words and "pobiación" not in words


def test_a_word_break_where_there_is_none_is_read_again_with_its_neighbour():
    """001 page 2: "Presupuesto" read "Presu puesto", the break 5 px of paper where the
    line's letters are up to 4 px apart; read in one crop, the engine reads one word."""
    words = _engine_words("scan-300-grey", "001", 2)
    assert "Presu" not in words
    assert words.count("Presupuesto") >= 2


def test_a_degree_sign_read_as_an_asterisk_is_a_degree_sign():
    """001 upside down, page 3: the column label "N°" read "N*", then "N" read alone,
    and the code column was not found (10 of 15 activities)."""
    assert "N°" in _engine_words("scan-300-upside-down", "001", 3)


def test_a_ring_holds_a_hole_and_an_asterisk_does_not():
    ring = np.full((13, 13), 255, np.uint8)
    ring[1:12, 1:12] = 0
    ring[4:9, 4:9] = 255
    star = np.full((13, 13), 255, np.uint8)
    star[6, 1:12] = 0
    star[1:12, 6] = 0
    np.fill_diagonal(star[1:12, 1:12], 0)
    assert holds_hole(ring, min_area=4)
    assert not holds_hole(star, min_area=4)
    assert not holds_hole(ring, min_area=40)  # a drop-out, not a ring's hole


def _word(text: str, confidence: float, dictionary: bool) -> EngineWord:
    glyphs = tuple(Glyph(c, 10 * k, 0, 10 * k + 9, 20, confidence) for k, c in enumerate(text))
    return EngineWord(text, 0, 0, 10 * len(text), 20, confidence, 0, glyphs, dictionary)


def test_a_respelling_keeps_the_length_case_and_accents_of_the_first_reading():
    first = _word("pobiación", 0.91, False)
    assert respelled([_word("población", 0.76, True)], first)
    assert not respelled([_word("población", 0.6, True)], first)  # not sure enough
    assert not respelled([_word("poblaciones", 0.9, True)], first)  # another length
    assert not respelled([_word("poblacion", 0.9, True)], first)  # its accent lost
    assert not respelled([_word("Ics", 0.9, True)], _word("ICS", 0.6, False))  # its case changed
    assert not respelled([_word("AO!", 0.92, True)], _word("AOl", 0.6, False))  # a mark read
    assert not respelled([_word("pobiación", 0.99, False)], first)  # no word of the dictionary


def test_two_words_are_joined_only_into_their_own_letters():
    a, b = _word("Presu", 0.93, False), _word("puesto", 0.96, True)
    assert joined([_word("Presupuesto", 0.97, True)], a, b)
    # Surer than the less sure half is enough (001 at 301 dpi: 0.963 against "puesto" 0.967)...
    assert joined([_word("Presupuesto", 0.95, True)], a, b)
    assert not joined([_word("Presupuesto", 0.92, True)], a, b)  # ... less sure than both is not
    assert not joined([_word("Presupuestos", 0.97, True)], a, b)
    assert not joined([_word("Presu", 0.97, True), _word("puesto", 0.97, True)], a, b)
