"""OCR as a text source: a wrapper around another source that reads scanned pages
from their image (see the README, "Scanned pages (OCR)")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..layout.records import PageContent, Shape
from ..layout.sources import IMAGE, TextSource, pdfium_page_draws
from .boxes import dashes_fitted_to_ink, words_fitted_to_ink
from .cells import (CELL_MAX_SCALE, CURRENCY_FORM, DECIMAL_FORM, cell_scale, cells_to_reread, digit_blots,
                    has_ruled_cells, painted_out, words_across_blocks,
                    digits_for_blots, ghost_digit, glyphs_cut_at_rulings, inked_cells, line_ems,
                    neighbours_letters_cut, number_but_one, number_for_a_word, numbers_off_form,
                    numbers_over_less_ink, numbers_unsure_in_form, numbers_with_a_stray_mark, one_blot_characters,
                    points_lost, read_twice, replace_in_cells, signs_alone_among_numbers, stray_marks,
                    words_among_numbers, words_em, words_on_page_ink)
from .chars import words_to_records
from .digit_ink import digits_against_print
from .image import (binarize, despeckle, normalize, estimate_skew, find_fills, find_rulings, hard_edged, paint_out,
                    render_page, resize, rotate, soften, tint_as_paper, Fill, Ruling)
from .lexicon import (DocumentWords, accents_doubted, accents_unspelled, codes_without_accents, lone_small_letters,
                      marks_after_function_words,
                      mend_by_vocabulary, misplaced_accents_taken_off, numerals_misread, one_letter_words_run_on,
                      section_numerals, stops_after_function_words)
from .lone_ink import lines_left_in_cells, lines_misread_in_cells, lone_ink_read
from .print_ink import MEASURE, PagePrint, accents_not_printed, marks_not_printed, page_print, stops_left_out
from .settings import OcrSettings
from .shapes import case_from_ink, doubled_stems, reread_accents
from .signs import comparison_signs
from .specks import (UNSURE, accents_kept, closers_of_a_speck, colons_of_one_dot, dashes_read_twice, despeckle_words,
                     end_marks_fitted_to_ink, faint_end_marks, hyphens_of_a_speck, leading_quotes_of_a_speck,
                     letters_kept, marks_in_spaces, minus_of_a_speck, quotes_in_words, replace_surer, rings_to_degrees,
                     signs_of_a_speck, stops_after_marks, stops_after_signs, stops_at_mid_height, stops_under_a_dot,
                     stops_without_room, sure_enough)
from .spelling import (accents_of_a_speck, arches_read_ri, respell_words, run_together_split, short_words_glued,
                       split_at_spaces)
from .tesseract import (NUMBER, SURER_BY, EngineWord, PageCopies, TesseractEngine, digits, disputed, mean_confidence,
                        reads_the_ink)

# A first reading whose letters the engine is on average less sure of than this
# is read again turned 180°, and the surer reading is kept (an upside-down scan); one
# still less sure, turned a quarter either way, kept only when that reading is this sure
# (a page scanned on its side; an illegible upright page reads no surer turned).
UPRIGHT_CONFIDENCE = 0.75

# A page whose words of letters or digits are read less sure than UNSURE in this share
# or more holds print too small or too broken to read at its resolution: its words and
# cells are not read again (``legible``).
ILLEGIBLE_SHARE = 0.3

_ENGINES: dict[tuple[str, str], TesseractEngine] = {}


def engine_for(settings: OcrSettings) -> TesseractEngine:
    """The process's engine for these settings, started once."""
    key = (settings.engine, settings.language)
    if key not in _ENGINES:
        _ENGINES[key] = TesseractEngine(settings.language)
    return _ENGINES[key]


@dataclass(frozen=True, slots=True)
class PageReading:
    """What OCR made of one page image, before it becomes records."""

    content: PageContent
    skew: float  # degrees counter-clockwise the scan was turned by (undone)
    quarter_turns: int = 0  # quarter turns counter-clockwise that set the scan upright

    @property
    def upside_down(self) -> bool:
        return self.quarter_turns == 2


class OcrSource:
    """``base``'s pages, with those that need it read by OCR (``settings.mode``)."""

    def __init__(self, base: TextSource, settings: OcrSettings | dict | None = None) -> None:
        self.base = base
        self.settings = OcrSettings.resolve(settings)
        self.name = f"{base.name}+ocr"

    def count_pages(self, path: Path) -> int:
        return self.base.count_pages(path)

    def iter_pages(self, path: Path) -> Iterator[PageContent]:
        pdf = None
        vocabulary = DocumentWords()  # the words of the document's pages read so far (step 10b)
        try:
            for content in self.base.iter_pages(path):
                if self.settings.mode != "force" and content.chars:
                    yield content
                    continue
                if pdf is None:
                    import pypdfium2 as pdfium

                    pdf = pdfium.PdfDocument(str(path))
                page = pdf[content.number - 1]
                try:
                    if self.settings.mode == "force" or pdfium_page_draws(page) == IMAGE:
                        yield read_page(page, content.number, content.width, content.height, self.settings,
                                        vocabulary=vocabulary).content
                    else:
                        yield content
                finally:
                    page.close()
        finally:
            if pdf is not None:
                pdf.close()


def ocr_source(base: TextSource, settings: OcrSettings | dict | None = None) -> TextSource:
    """``base`` with OCR for the pages that need it (see :class:`OcrSettings`)."""
    return OcrSource(base, settings)


def read_page(page, number: int, width: float, height: float, settings: OcrSettings,
              engine: TesseractEngine | None = None, vocabulary: DocumentWords | None = None) -> PageReading:
    """One pypdfium2 page read from its image: straightened, its ruling lines found
    (and painted out for the engine, which reads a cell border as "|" or "["), its
    words read, turned upright if it was upside down; everything in points of the
    upright page (origin top-left). ``vocabulary``: the words of the document's pages
    read before it (step 10b; this page's own words are added to it), else the page's
    own words alone."""
    engine = engine or engine_for(settings)
    clean, rulings, skew, specks = scanned_page(page, width, settings)
    view = tint_as_paper(clean)  # the page as the engine is to threshold it as a whole
    words, turns = upright_reading(engine, view, settings.dpi)
    if turns:
        clean = np.ascontiguousarray(np.rot90(clean, turns))
        specks = None if specks is None else np.ascontiguousarray(np.rot90(specks, turns))
        rulings = [turned_ruling(r, width, height, turns) for r in rulings]
        if turns % 2:
            width, height = height, width
    h_px, w_px = clean.shape
    if legible(words):
        clean, words = reread_page(engine, clean, words, rulings, w_px / width, settings.dpi, specks)
    else:
        words = rings_to_degrees(clean, words)
    # Marks judged against the page's own print first; the rules below judge, by constants,
    # what it leaves (pages with too few sure dots to measure, marks touching letters).
    # The page's print measured once for both (again only when the first changed a word).
    printed = page_print(clean, words)
    judged = marks_not_printed(clean, words, printed)
    words = stops_read_alone(engine, clean, judged, settings.dpi, printed if judged == words else MEASURE)
    words = signs_of_a_speck(clean, minus_of_a_speck(clean, hyphens_of_a_speck(
        clean, case_from_ink(clean, doubled_stems(clean, words)))))
    words = leading_quotes_of_a_speck(clean, quotes_in_words(stops_without_room(clean, marks_in_spaces(clean, words))))
    words = stops_under_a_dot(clean, colons_of_one_dot(clean, words))
    words = stops_after_marks(stops_after_signs(comparison_signs(clean, stops_at_mid_height(clean, words))))
    words = dashes_read_twice(words)
    words = end_marks_fitted_to_ink(clean, words)
    words = stray_marks(closers_of_a_speck(words), rulings, w_px / width)
    words = glyphs_cut_at_rulings(words, rulings, w_px / width)
    # Step 10b: words no print spells mended by the case of their letters and by the
    # document's own vocabulary (extractors/ocr/lexicon.py).
    words = stops_after_function_words(codes_without_accents(section_numerals(lone_small_letters(words))))
    vocabulary = DocumentWords() if vocabulary is None else vocabulary
    vocabulary.add(words)
    words = marks_after_function_words(words, vocabulary)
    words = run_together_split(one_letter_words_run_on(numerals_misread(mend_by_vocabulary(words, vocabulary),
                                                                        vocabulary), vocabulary))
    doubted = accents_doubted(words, vocabulary)
    words = misplaced_accents_taken_off(accents_not_printed(clean, words, doubted, accents_unspelled(words, doubted)),
                                        vocabulary)
    words = faint_end_marks(clean, words_fitted_to_ink(clean, dashes_fitted_to_ink(clean, words)))
    words += inked_cells(clean, words, rulings, w_px / width)
    chars, ocr_words = words_to_records(words, width / w_px, height / h_px)
    # The page's tints, read on the page as the engine read it: a ruling painted out there
    # cuts a fill in two along a border it has anyway.
    shapes = tuple(ruling_to_shape(r) for r in rulings) + tuple(
        fill_to_shape(f) for f in find_fills(clean, w_px / width))
    return PageReading(PageContent(number, width, height, chars, shapes, ocr_words), skew, turns)


def upright_reading(engine: TesseractEngine, view: np.ndarray, dpi: int) -> tuple[list, int]:
    """The page's first reading the way up it is printed, and the quarter turns
    (counter-clockwise) of ``view`` it was read at: as scanned; turned 180° when that
    reads surer (``UPRIGHT_CONFIDENCE``); else turned a quarter either way when that
    reads at least ``UPRIGHT_CONFIDENCE`` sure and surer. A landscape table scanned on
    its side reads as a few unsure words upright and upside down."""
    words, turns = engine.read(view, dpi), 0
    if mean_confidence(words) >= UPRIGHT_CONFIDENCE:
        return words, turns
    turned = engine.read(np.ascontiguousarray(view[::-1, ::-1]), dpi)
    if mean_confidence(turned) > mean_confidence(words):
        words, turns = turned, 2
    if mean_confidence(words) >= UPRIGHT_CONFIDENCE:
        return words, turns
    for quarter in (1, 3):
        turned = engine.read(np.ascontiguousarray(np.rot90(view, quarter)), dpi)
        if mean_confidence(turned) >= UPRIGHT_CONFIDENCE and mean_confidence(turned) > mean_confidence(words):
            words, turns = turned, quarter
    return words, turns


def turned_ruling(r: Ruling, width: float, height: float, turns: int) -> Ruling:
    """``r`` (points on a ``width`` by ``height`` page) on the page turned ``turns``
    quarter turns counter-clockwise (as ``np.rot90`` turns its image)."""
    if turns == 2:
        return Ruling(r.orientation, width - r.x1, height - r.bottom, width - r.x0, height - r.top)
    other = "v" if r.orientation == "h" else "h"
    if turns == 1:  # the top edge becomes the left one
        return Ruling(other, r.top, width - r.x1, r.bottom, width - r.x0)
    if turns == 3:  # the top edge becomes the right one
        return Ruling(other, height - r.bottom, r.x0, height - r.top, r.x1)
    return r


class ScannedPage(NamedTuple):
    """One page image made ready for the engine (steps 1-4)."""

    clean: np.ndarray  # straightened, despeckled, its rulings painted out
    rulings: list[Ruling]  # in points
    skew: float  # degrees counter-clockwise, undone
    # The blots step 3 painted out as specks, as scanned, on white paper (``clean``'s
    # shape), None when it painted none: a number's decimal point among them is read again
    # there (``PageCopies``).
    specks: np.ndarray | None


def page_image(page, width: float, settings: OcrSettings) -> tuple[np.ndarray, list[Ruling], float]:
    """The image the engine reads of one pypdfium2 page (steps 1-4): rendered, its scan
    straightened and despeckled, its ruling lines found and painted out; with those
    rulings (in points) and the skew undone (degrees counter-clockwise)."""
    return scanned_page(page, width, settings)[:3]


def scanned_page(page, width: float, settings: OcrSettings) -> ScannedPage:
    """``page_image``'s image, rulings and skew, and the specks step 3 painted out."""
    scanned = render_page(page, settings.dpi)
    bitonal = hard_edged(scanned)
    gray = normalize(soften(scanned, settings.dpi) if bitonal else scanned)
    skew = estimate_skew(gray)
    gray = rotate(gray, skew)
    speckled = gray
    gray = despeckle(gray, gray.shape[1] / width * 72, thresholded=bitonal)
    painted = gray != speckled
    specks = np.where(painted, speckled, np.uint8(255)) if painted.any() else None
    small = resize(gray, settings.rulings_dpi / settings.dpi)
    # A ruling is told from a bar of blurred letters by its even thickness, measured on
    # the page as scanned: softened, a bitonal scan's 1-2 px lines vary in ink across
    # along their length (even over 0.73-0.85 of it by the darkness-sum measure of
    # ``_ink_across``, against 0.82-1.00 unsoftened, where 0.8 is asked).
    full = rotate(normalize(scanned), skew) if bitonal else gray
    rulings, mask = find_rulings(small, small.shape[1] / width * 72, full)
    return ScannedPage(paint_out(gray, mask, rulings, gray.shape[1] / width), rulings, skew, specks)


def legible(words: list) -> bool:
    """Whether a page's first reading is worth reading again in parts (steps 7-9): less
    than ``ILLEGIBLE_SHARE`` of its words of letters or digits read less sure than
    ``UNSURE``. On the 64 pages of the sample scans a page whose values are read has at
    most 15% of them so unsure (most under 5%); 004's second page, its 3 pt print
    scanned at 150 dpi or bitonal, 65% and 41%: there 342 and 63 cells and 476 and
    460 words were read again (8-9 s of its 13-14), and none of its values came out."""
    texts = [w for w in words if any(c.isalnum() for c in w.text)]
    return not texts or sum(w.confidence < UNSURE for w in texts) < ILLEGIBLE_SHARE * len(texts)


def reread_page(engine: TesseractEngine, clean: np.ndarray, words: list, rulings: list[Ruling], px_per_pt: float,
                dpi: int, specks: np.ndarray | None = None) -> tuple[np.ndarray, list]:
    """The page image with the specks in its words cleaned, and its words with its cells
    (step 7), words with specks (9), words of unlikely spelling (9b) and numbers (8, to
    their table's form, and look-alikes among numbers) read again alone, and numbers with
    a digit whose ink is another digit's print read again or flagged (``digit_ink``).
    ``specks``: the blots step 3 painted out (``ScannedPage.specks``), put back where a
    number off its table's form, or one whose point was printed and lost, is read again
    last."""
    bw = binarize(clean)  # the page as read first, for both looks at its unread ink below
    boxes = cells_to_reread(clean, words, rulings, px_per_pt, bw)
    if boxes:
        # Blocks of print are read without another block's words their boxes took in.
        foreign = frozenset() if has_ruled_cells(rulings, px_per_pt) else words_across_blocks(words, boxes)
        em = words_em(words)
        alone = painted_out(clean, words, foreign, bw, em) if foreign else clean
        readings = lines_misread_in_cells(engine, alone, engine.read_cells(
            alone, boxes, dpi, cell_scale(em), CELL_MAX_SCALE), dpi, em, bw, cell_scale(em))
        words = replace_in_cells(words, boxes, words_on_page_ink(clean, readings), foreign)
        words = lines_left_in_cells(engine, clean, words, boxes, dpi, bw)
    words = lone_ink_read(engine, clean, words, rulings, px_per_pt, dpi)
    words = rings_to_degrees(clean, words)
    before = clean  # the page as first read (despeckle_words cleans a copy)
    clean, words, picked, word_boxes = despeckle_words(clean, words)
    if picked:
        words = reread_words(engine, clean, words, picked, word_boxes, dpi, before)
    # A word read alone over its box can bring back the next word, whose ink the box
    # overlapped ("incentivar" boxed over "la": "Incentivar la", "la" twice).
    words = read_twice(words, clean)
    words = short_words_glued(clean, split_at_spaces(clean, respell_words(clean, words, engine, dpi)))
    words = arches_read_ri(clean, accents_of_a_speck(clean, reread_accents(clean, words, engine, dpi), engine, dpi),
                           engine, dpi)
    read = engine.reread_numbers(clean, words, dpi, lambda reading, other: ghost_digit(clean, reading, other))
    copies = PageCopies(clean, specks)  # the page as the steps below read it again: made once
    words = digits_dropped(clean, words, digits_of_no_ink(engine, clean, words, read, dpi, copies))
    for form in (DECIMAL_FORM, CURRENCY_FORM):
        # Picked before the rereadings below, whose readings (however unsure) stay.
        unsure = numbers_unsure_in_form(words, rulings, px_per_pt, form)
        if off := numbers_off_form(words, rulings, px_per_pt, form):
            # Brought to the form, a number keeps the first reading's digits (a point lost and
            # found: "100" read "1.00"); a reading of other digits is the model's word against
            # the page's, at most DISPUTED sure (Calc's 004 at 200 dpi, seed 290: "1.00" read
            # "100" by the page, "2.00" 0.91 sure by the number model, published so).
            read = engine.reread_to_form(clean, words, off, dpi, lambda _, new, form=form: bool(form.match(new.text)),
                                         copies=copies)
            words = rereadings_disputed(words, read, off, lambda old, new: digits(old.text) == digits(new.text))
        if marked := numbers_with_a_stray_mark(words, rulings, px_per_pt, form):
            # Read by the number model, which prints no quote: taken however unsure when it
            # reads the first reading's digits alike (its confidence stays, flagged downstream).
            words = engine.reread_to_form(
                clean, words, marked, dpi, lambda old, new, form=form: bool(form.match(new.text)) and digits(
                    new.text) == digits(number_but_one(old.text)), min_confidence=0.0, copies=copies)
        words = engine.reread_without_specks(clean, words, unsure, dpi, form, copies=copies)
    if alone := signs_alone_among_numbers(words, rulings, px_per_pt):
        # The number model's reading of a sign's ink: taken when sure and of as many digits
        # as its box holds blots, at most DISPUTED sure (the page's model read a sign).
        em = words_em(words)
        read = engine.reread_to_form(clean, words, alone, dpi, lambda _, new: digits_for_blots(clean, new, em),
                                     copies=copies)
        words = rereadings_disputed(words, read, alone)
    if among := words_among_numbers(words, rulings, px_per_pt):
        em = words_em(words)
        words = engine.reread_to_form(clean, words, among, dpi, lambda old, new: number_for_a_word(clean, old, new, em),
                                      copies=copies)
    # Last, every number's digits against the page's own print of digits, once their
    # readings are settled; a number whose point was printed and lost read again where
    # step 3 may have taken the point for a speck, else flagged.
    words = digits_against_print(engine, clean, words, dpi, copies)
    return clean, points_lost(clean, words, rulings, px_per_pt, read_again=lambda words, lost: engine.reread_on(
        copies.specked, words, lost, dpi, lambda old, new: bool(DECIMAL_FORM.match(new.text))
        and digits(new.text) == digits(old.text)))


def reread_words(engine: TesseractEngine, clean: np.ndarray, words: list, picked: dict[int, float],
                 boxes: list[tuple[int, int, int, int]], dpi: int, before: np.ndarray | None = None) -> list:
    """``words`` with each picked word (index -> the confidence to beat) read again alone
    over its box (step 9), replaced by a surer reading (``replace_surer``) that reads its
    ink (``reads_the_ink``): a reading that leaves more than a quarter of the box's ink for
    paper has lost letters, however sure of the rest. On 004's first page (seed-15 draw)
    the month label "Ago" (0.95) read alone came back "go" (0.96, 0.69 of its ink left out);
    taken, it left the August column unlabelled and its 24 values unread. Nor is a reading
    that turns a word of capitals into other small letters (``letters_kept``: "DE." read
    "oe.", seed 65); and a printed accent a reading drops is put back when the cleaning
    (``before``: the page as first read) left the ink over its letter (``accents_kept``:
    "POBLACIÓN;" read "POBLACION;", seed 65)."""
    needs = list(picked.values())
    readings = engine.read_lines(clean, boxes, dpi, lambda k, reading: sure_enough(
        reading, needs[k]) and reads_the_ink(clean, boxes[k], reading))
    line_em = line_ems(words)
    return replace_surer(words, picked, [
        [] if not reads_the_ink(clean, box, reading) or letters_kept(words[k], reading)
        else accents_kept(before if before is not None else clean, clean, words[k],
                          neighbours_letters_cut(words, k, reading), line_em[words[k].line])
        for k, box, reading in zip(picked, boxes, readings)])


# The marks a word read again over a dot it was read without may gain (``stops_read_alone``).
STOPS_LEFT_OUT = (".", ",")


def stops_read_alone(engine: TesseractEngine, clean: np.ndarray, words: list, dpi: int,
                     page: PagePrint | None = MEASURE) -> list:
    """``words`` with each word after which the page prints a dot the engine left out
    (``print_ink.stops_left_out``) read again alone over it, and taken when the reading is
    the word and that mark, about as sure as the page's reading (within ``SURER_BY``, the
    engine's jitter on the same ink): the engine's reading of the dot ("," or "."), on a
    crop run on over the comma's tail. Calc's "MIGRANTE." and "TRABAJADORES," read 0.96-0.97
    so (0.97 and 0.80-0.96 without their marks); a speck after 000's "Registro" on its 150 dpi
    scan, which ``stops_left_out`` took for a dot before it asked for the baseline, came back
    "Registro." 0.78 sure against 0.97. Any other reading leaves the word as it was.
    ``page``: the page's ``print_ink.page_print`` of ``words``, when measured already."""
    left_out = stops_left_out(clean, words, page)
    if not left_out:
        return words
    out = list(words)
    readings = engine.read_lines(clean, [box for _, box in left_out], dpi)
    for (k, _), reading in zip(left_out, readings):
        if len(reading) == 1 and reading[0].text in {words[k].text + mark for mark in STOPS_LEFT_OUT} \
                and reading[0].confidence >= words[k].confidence - SURER_BY:
            out[k] = reading[0]._replace(line=words[k].line)
    return out


def digits_of_no_ink(engine: TesseractEngine, clean: np.ndarray, first: list, read: list, dpi: int,
                     copies: PageCopies | None = None) -> list:
    """``read`` (the page's words ``first`` with their numbers read again by the number
    model) without the characters read from no ink: a number read with more digits (and
    "%", "$") than the page's reading and than its box holds blots of a digit's height (a
    speck read "1") is read again on the page filtered of specks, taken when it holds no
    more than the box's blots (left as it is when no reading does). When the model's
    reading has the page's digits, only a mark more, the page's reading stays: the two
    agree on every digit, and the mark is the speck's. On the upside-down scan of 000
    (seed-13 draw) "3.5." was read so by the page (0.97), "3.5%." by the number model
    (0.50), and "3.3." (0.75) filtered, which was taken: the objective "3.5. Ampliar la
    cobertura ..." was lost. Where the model reads other digits ("715%" where the page
    read "15%" for a printed "75%", 002 read at 301 dpi), the filtered reading decides.
    Where no filtered reading fits, the page's reading is taken back, at most ``DISPUTED``
    sure, when it holds no digit more than the box's blots: the model's reading is the one
    with a digit of no ink (000's "3.5." read "335" by the number model, its first full
    stop read as a 3, on the scan read at its own size, 3300 px: kept, the objective's
    heading lost its number)."""
    ghosts = [k for k, (word, page) in enumerate(zip(read, first)) if ghost_digit(clean, word, page)]
    if not ghosts:
        return read
    agreed = {k for k in ghosts if NUMBER.match(first[k].text) and digits(first[k].text) == digits(read[k].text)
              and not numbers_over_less_ink(clean, [first[k]])}
    out = engine.reread_filtered(clean, read, [k for k in ghosts if k not in agreed], dpi,
                                 lambda _, new: not numbers_over_less_ink(clean, [new]), copies=copies)
    for k in agreed:
        out[k] = first[k]
    for k in ghosts:
        if k not in agreed and out[k] is read[k] and first[k] is not read[k] \
                and not numbers_over_less_ink(clean, [first[k]]):
            out[k] = disputed(first[k])
    return out


def rereadings_disputed(before: list, after: list, picked: list[int],
                        agreed: Callable[[EngineWord, EngineWord], bool] = lambda old, new: False) -> list:
    """``after`` (``before`` with the words of ``picked`` read again) with each word its
    reading replaced kept at most ``DISPUTED`` sure, unless ``agreed(old, new)``: the
    number model's word against the page's."""
    picked = set(picked)
    return [disputed(new) if k in picked and new is not before[k] and not agreed(before[k], new) else new
            for k, new in enumerate(after)]


def digits_dropped(clean: np.ndarray, first: list, read: list) -> list:
    """``read`` (the page's words ``first`` with their numbers read again) with the page's
    reading of a number taken back, at most ``DISPUTED`` sure, where the reading again
    holds fewer digits (and "%", "$") than the page's, and the page's as many as its box
    holds blots of a digit's height: the reading again lost a digit the ink prints. On
    000's upside-down scan read at its own size (3300 px) the objective "1.2 Desarrollar
    iniciativas ..." was read "1.2" by the page (0.97) and "1" by the number model (0.51),
    which was taken, undisputed by its vote: the objective lost its number. Not for a
    percentage: a "%" printed large is three blots as tall as a digit, its rings apart from
    its bar (Chromium's plain 000, seed-230 draw, held out: a printed "9%" read "929%" by
    the page and "9%" by the number model, the box's four blots counted for the page's)."""
    out = list(read)
    for k, (page, again) in enumerate(zip(first, read)):
        if again is not page and NUMBER.match(page.text) and NUMBER.match(again.text) and "%" not in page.text \
                and one_blot_characters(again.text) < one_blot_characters(page.text) == digit_blots(clean, page):
            out[k] = disputed(page)
    return out


def fill_to_shape(f: Fill) -> Shape:
    """A tinted area as the table layer sees a filled path: no stroke, its shade."""
    return Shape(round(f.x0, 3), round(f.top, 3), round(f.x1, 3), round(f.bottom, 3), None, f.shade, ())


def ruling_to_shape(r: Ruling) -> Shape:
    """A ruling as the table layer sees a drawn line: a black stroke along its middle."""
    if r.orientation == "h":
        y = round((r.top + r.bottom) / 2, 3)
        segment = (round(r.x0, 3), y, round(r.x1, 3), y)
    else:
        x = round((r.x0 + r.x1) / 2, 3)
        segment = (x, round(r.top, 3), x, round(r.bottom, 3))
    return Shape(round(r.x0, 3), round(r.top, 3), round(r.x1, 3), round(r.bottom, 3), 0.0, None, (segment,))
