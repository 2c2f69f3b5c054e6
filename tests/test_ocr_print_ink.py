"""Marks judged against the page's own print (``extractors/ocr/print_ink.py``): a speck
read as a full stop, a colon, a hyphen or a quote is told from the print by the ink of
the marks the engine read surely on the same page (their size at the line's em, and
how their edges fade), not by constants. Each trap here shows on a fresh draw only
(``fixtures scans --seed N``), so its page is scanned in the test and cropped to the
trap and enough of the page's print to measure it. A file of its own so that the test
run's second worker takes it."""

from __future__ import annotations

import pypdfium2 as pdfium
from test_ocr import fresh_draw_image

from fixtures.scans import OUT as SCANS

from extractors.ocr.cells import line_ems
from extractors.ocr.print_ink import (MIN_REFERENCES, MarkInk, PrintProfile, comma_under_a_dot, lower_dot_alone,
                                      marks_not_printed, print_profile, reference_marks)
from extractors.ocr.settings import OcrSettings
from extractors.ocr.source import engine_for, page_image


def _read(prefix: str, page: int, seed: int, rows: slice, cols: slice):
    crop = fresh_draw_image("scan-300-grey", prefix, page, seed)[rows, cols].copy()
    return crop, engine_for(OcrSettings()).read(crop, 300)


def _read_committed(style: str, name: str, page: int, rows: slice):
    """Rows of a page of a committed scan as the engine reads it (steps 1-4), and the
    engine's first reading of them."""
    pdf = pdfium.PdfDocument(SCANS / style / name)
    try:
        image, _, _ = page_image(pdf[page - 1], pdf[page - 1].get_width(), OcrSettings())
    finally:
        pdf.close()
    crop = image[rows].copy()
    return crop, engine_for(OcrSettings()).read(crop, 300)


def _texts(words) -> list[str]:
    return [w.text for w in words]


def _runs(texts: list[str], *run: str) -> bool:
    return list(run) in [texts[k:k + len(run)] for k in range(len(texts))]


def test_a_speck_read_as_a_full_stop_in_a_group_header_is_sharper_than_the_pages_print():
    """004's first page on the seed-15 draw at 300 dpi grey: a 2 by 2 px speck after the
    "Y" of the group header "... DESEMPLEO Y SUBEMPLEO" was read "Y." (0.56): every one of
    the 24 activities carries that header, and none matched. On its 3 pt print the
    speck is larger than a printed full stop (1 by 2 px), so no size says it is a speck;
    its edge does: the page's printed stops fade over their edge by 0.45-0.57 of their
    darkness, the speck by 0.10."""
    crop, words = _read("004", 1, 15, slice(780, 1000), slice(0, 2550))
    texts = _texts(words)
    # The trap. The word after it is read "SUBEMPLEO" or "SUSEMPLEO" by the pixels of one
    # OpenCV path or another (docs/ocr-traps.md, "The same scan read differently on two CPUs").
    assert _runs(texts, "DESEMPLEO", "Y.")
    assert print_profile(reference_marks(crop, words, line_ems(words))).count >= MIN_REFERENCES
    after = _texts(marks_not_printed(crop, words))
    assert _runs(after, "DESEMPLEO", "Y") and not _runs(after, "DESEMPLEO", "Y.")
    # The printed marks of the same print stay: the dash between a code and its name,
    # the comma after a word, every decimal point (and a speck over one, read "0:00" as a
    # colon, leaves the point: ``lower_dot_alone``).
    assert _runs(after, "AOI00106600086", "-", "GESTIÓN") and "VULNERABILIDAD," in after

    def numbers(ts: list[str]) -> list[str]:
        return [t.replace(":", ".") for t in ts if t[:1].isdigit() and ("." in t or ":" in t)]

    assert numbers(texts) == numbers(after) and "0:00" not in after


def test_a_speck_read_as_a_full_stop_ending_an_activity_is_smaller_than_the_pages_stops():
    """003's page 16 on the seed-15 draw at 300 dpi grey: a 3 px speck 2 px after the last
    letter of "... A NIVEL NACIONAL" was read "NACIONAL." (0.75), and activity 23's text
    did not match. The page's printed stops are 9-15 px (0.010 em² and up at its em):
    the speck is a third of that (0.0034 em²)."""
    crop, words = _read("003", 16, 15, slice(700, 1400), slice(0, 3301))
    assert _texts(words)[-1] == "NACIONAL."  # the trap
    after = _texts(marks_not_printed(crop, words))
    assert after[-1] == "NACIONAL"
    assert [t for t in after if t.endswith(",")] == [t for t in _texts(words) if t.endswith(",")]


def test_specks_read_as_full_stops_between_words_of_small_print_are_sharper_than_its_stops():
    """004's first page on the seed-13 draw at 300 dpi grey: 2 by 2 px specks in the spaces
    of "DESARROLLO DE", "Muy Alta" and "GESTIÓN Y ASISTENCIA" were read "DESARROLLO.DE",
    "Muy.Alta", "Y." (one speck each, as dark as black, fading by 0.12-0.16 of it): the
    activities' names and priority did not match. The page's printed stops, in its
    "100.00" and "0.00", fade out (by 0.45 and more) and stay."""
    crop, words = _read("004", 1, 13, slice(1450, 1850), slice(0, 3301))
    texts = _texts(words)
    assert "DESARROLLO.DE" in texts and "Muy.Alta" in texts  # the trap
    after = _texts(marks_not_printed(crop, words))
    assert _runs(after, "DESARROLLO", "DE", "INTERVENCIONES") and _runs(after, "Muy", "Alta")
    assert _runs(after, "GESTIÓN", "Y", "ASISTENCIA")
    assert [t for t in texts if t[0].isdigit()] == [t for t in after if t[0].isdigit()]


def test_a_star_read_from_two_specks_before_a_line_of_text_is_sharper_than_the_pages_print():
    """000's page 85 on the seed-13 draw at 300 dpi grey: two specks (3 by 2 px each, fade
    0.08) beside a cell's border before "3.5. Ampliar la cobertura ..." were read "*"
    (0.90), a word of its own, and the objective read "* 3.5. Ampliar ...": activity 11
    lost. The page's print is measured on its i-dots and stops: nine in ten of them have
    an edge 0.25 dark or more, and fade by 0.29 of their darkness or more."""
    crop, words = _read("000", 85, 13, slice(500, 700), slice(0, 1500))
    texts = _texts(words)
    assert _runs(texts, "modernizar", "*", "Resolver")  # the trap
    after = _texts(marks_not_printed(crop, words))
    assert _runs(after, "modernizar", "Resolver") and "3.5." in after


def test_a_speck_touching_a_letters_blur_is_judged_on_its_own_paper():
    """004's first page on the committed 300 dpi grey scan: a black 2 by 2 px speck a
    pixel from the O of "MONITOREO Y/O SEGUIMIENTO" was read as a mark ("Y/O." by the
    page, "Y/O-" in these rows), and activity 10's name did not match. Its edge measured
    with the paper it shares with the O's blur was 0.20, as blurred as the page's printed
    dots; on the paper touching it alone, 0.16: sharper than the print, a speck."""
    crop, words = _read_committed("scan-300-grey", "004_cad7ca5c0a475a2d.pdf", 1, slice(1600, 2100))
    texts = _texts(words)
    assert "Y/O-" in texts  # the trap
    after = _texts(marks_not_printed(crop, words))
    assert _runs(after, "TÉCNICA,", "MONITOREO", "Y/O") and "Y/O-" not in after
    # The printed marks stay: the decimal points and thousands commas of every number
    # (a speck read as a quote after one goes too), the comma after "TÉCNICA".
    assert [t.rstrip('"') for t in texts if t[0].isdigit()] == [t for t in after if t[0].isdigit()]
    assert [t for t in texts if t.endswith(",")] == [t for t in after if t.endswith(",")]


def test_a_speck_over_a_comma_read_as_a_semicolon_leaves_the_comma():
    """004's first page on the seed-90 draw at 300 dpi grey: a black 3 by 2 px speck at the
    letters' top over the comma of the action heading's "... SITUACIÓN DE VULNERABILIDAD,
    PARTICULARMENTE ..." was read "VULNERABILIDAD;" (0.85), and every one of the 24
    activities carried the misread heading. Of the semicolon's two blots the upper is
    sharper than the page's print (edge 0.10, the print's 0.27) and the lower is printed
    (0.32): the mark is the lower's, a comma. The same on seed 13's second page, where
    the print has "Territorial”," and the page read "Territorial”;"."""
    crop, words = _read("004", 1, 90, slice(600, 1000), slice(0, 3301))
    assert "VULNERABILIDAD;" in _texts(words)  # the trap
    after = _texts(marks_not_printed(crop, words))
    assert "VULNERABILIDAD," in after and "VULNERABILIDAD;" not in after
    crop, words = _read("004", 2, 13, slice(1600, 2000), slice(0, 3301))
    assert "Territorial”;" in _texts(words)
    assert "Territorial”," in _texts(marks_not_printed(crop, words))
    # The rule alone: only a two-dot mark whose upper dot alone is no print.
    profile = PrintProfile(area=0.003, edge=0.27, fade=0.44, count=10)
    speck, printed = MarkInk(0.014, 0.99, 0.10, top=0), MarkInk(0.011, 0.68, 0.32, top=10)
    assert lower_dot_alone(";", [speck, printed], profile) == ","
    assert lower_dot_alone(":", [speck, printed], profile) == "."
    assert lower_dot_alone(";", [printed._replace(top=0), printed], profile) is None
    assert lower_dot_alone(";", [printed._replace(top=0), speck._replace(top=10)], profile) is None
    assert lower_dot_alone(".", [speck, printed], profile) is None


def test_a_speck_four_times_a_full_stops_area_over_it_read_as_a_colon_leaves_the_stop():
    """004's first page on the seed-72 draw at 300 dpi grey: its objective's heading ends
    "... DE DESEMPLEO Y SUBEMPLEO."; read again with its cell (step 7) the word came back
    "SUBEMPLEO:" (0.86), a 3 by 4 px speck at the letters' middle over the printed stop,
    and 23 activities lost their objective. The speck fades over its edge almost as the
    print does (0.19 against the bar of 0.19), but it is 4 times the stop's area: no dot of
    the colon the stop would belong to (a printed colon's upper dot is 0.5-1.2 times its
    lower one's)."""
    crop, words = _read("004", 1, 72, slice(500, 1000), slice(0, 3301))
    (word,) = [w for w in words if w.text == "SUBEMPLEO."]  # as the page reading had it
    # The cell's reading: its last glyph a colon over the speck and the stop (842-847 px
    # across, 700-706 down the page), the word boxed to it.
    stop = word.glyphs[-1]._replace(text=":", x0=842, top=200, x1=847, bottom=206)
    colon = word._replace(text="SUBEMPLEO:", x1=847, glyphs=(*word.glyphs[:-1], stop))
    words = [colon if w is word else w for w in words]
    assert "SUBEMPLEO." in _texts(marks_not_printed(crop, words))
    # The rule alone: the upper blot twice the lower's area or more, the lower printed.
    profile = PrintProfile(area=0.0028, edge=0.27, fade=0.45, count=315)
    speck, stop = MarkInk(0.0112, 1.0, 0.19, top=14), MarkInk(0.0028, 0.51, 0.34, top=18)
    assert lower_dot_alone(":", [speck, stop], profile) == "."
    assert lower_dot_alone(":", [stop._replace(area=0.0034, top=14), stop], profile) is None


def test_a_semicolon_read_as_a_colon_is_told_by_its_comma():
    """004's first page on the seed-102 draw at 300 dpi grey: the objective's heading "... DE
    LA POBLACIÓN; PARTICULARMENTE ..." read "POBLACIÓN:" (0.83), and 23 activities lost
    their objective. Both blots are print; the upper is 0.4 of the lower's area: a dot over
    a comma (printed semicolons 0.47-0.65), not a colon's two dots (0.75-1.5)."""
    crop, words = _read("004", 1, 102, slice(500, 1000), slice(0, 3301))
    (word,) = [w for w in words if w.text == "POBLACIÓN;"]  # the crop read alone reads it right
    # The page's reading: its last glyph a colon over the dot and the comma.
    colon = word.glyphs[-1]._replace(text=":", x0=714, top=134, x1=720, bottom=146)
    words = [word._replace(text="POBLACIÓN:", x1=720, glyphs=(*word.glyphs[:-1], colon)) if w is word else w
             for w in words]
    after = _texts(marks_not_printed(crop, words))
    assert "POBLACIÓN;" in after and "POBLACIÓN:" not in after
    # The rule alone: a colon whose dots are alike stays a colon.
    profile = PrintProfile(area=0.003, edge=0.27, fade=0.44, count=10)
    dot, comma = MarkInk(0.004, 0.7, 0.33, top=0), MarkInk(0.010, 0.7, 0.33, top=10)
    assert comma_under_a_dot(":", [dot, comma], profile) == ";"
    assert comma_under_a_dot(":", [dot, dot._replace(top=10)], profile) is None
    assert comma_under_a_dot(";", [dot, comma], profile) is None
