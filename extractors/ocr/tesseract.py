"""Tesseract (through tesserocr, whose wheel bundles libtesseract) with the Spanish
model carried in ``extractors/ocr/tessdata`` (see its NOTICE): nothing is read from
the system's tessdata and nothing is downloaded."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import cv2
import numpy as np

TESSDATA = Path(__file__).resolve().parent / "tessdata"
# Numbers are read again by this model (see TesseractEngine.reread_numbers).
NUMBER_MODEL = "eng"
NUMBER = re.compile(r"^[\d.,%$]*\d[\d.,%$]*$")  # a word of digits and number marks only
NUMBER_CHARS = "0123456789.,%$"
# A word of digits and number marks with a ";" among them: a comma or full stop with a
# speck over it ("$7;000.00"), which no number prints. It is read again by the number
# model too, whose reading is taken when it says the same with the ";" read as "," or "."
# (``resolves_marks``), however unsure: the page's reading is no number at all.
MISREAD_NUMBER = re.compile(r"^[\d.,;%$]*\d[\d.,;%$]*$")
MISREAD_MARKS = {";": ".,"}
STOPS = ".,"  # the marks a number prints between its digits
# Words read again alone (read_lines) are read by the page's model and this one, the surer kept:
# the Spanish model reads "N°" as "N*" or "N?", the English one reads it right.
LINE_MODEL = "eng"
NUMBER_SCALE = 2
NUMBER_MIN_CONFIDENCE = 0.5
# A number the number model reads with other digits than the page's reading is read by it
# again this many times larger, as a vote (``disputed_digits``): its LSTM reads a clean
# print wrong at one scale now and then (003's "2155" read "2199" twice as large, "2155"
# at its own size and at 3 and 4 times, 0.96-0.97 sure each).
VOTE_SCALE = 3
# A number whose readings do not settle its digits is given at most this confidence: below
# the contract's OCR_MIN_CONFIDENCE (0.6), so that ``ocr_value_confident`` lists it.
DISPUTED = 0.5
# The number model's reading of other digits than a page's read at least PAGE_SURE, its own
# vote with it, is taken as sure only when the surer of its two readings is at least
# NUMBER_TRUSTED sure; else at most DISPUTED (``disputed_digits``). Chromium's plain 002
# (seed 230): a clean "3" read "3" by the page at 0.97, "2" by the number model at 0.75 and
# 0.82 (twice and three times its size, a speck at its top right): "2" was published 0.70
# sure. 000's "7%" the page read "1%" at 0.96 was read "7%" at 0.92 three times larger, and
# stays sure. Against a page less sure the
# reading is taken, and the digits' ink judges it after (``digit_ink``): Calc's 002 (seed 240)
# "757.9" read by the page at 0.93, "157.9" by the model, mended by the ink of its 7.
NUMBER_TRUSTED = 0.85
PAGE_SURE = 0.95
# ... and a number model's reading that says otherwise than the page's, less sure, is
# checked by its reading at the same scale, which then is the vote (reread_numbers): the
# same crop, the same engine, one reading.
# A number off its table's form is read again these many times larger (reread_to_form).
FORM_SCALES = (3, 4)
# A number read unsure is read again on the page filtered by a median this wide (pixels):
# a speck of 1-2 px against a digit is taken out, a stroke as wide as 2 px stays
# (reread_without_specks)...
SPECK_FILTER = 3
# A digit whose ink the page's print doubts, that no reading confirms, is read again on
# the page with every gap of paper at most two rows tall between ink closed (a grey
# opening of the paper by this column; ``PageCopies.mended``): a drop-out across a stroke.
MENDING_COLUMN = np.ones((3, 1), np.uint8)
# ... and that reading is taken when the engine is surer of it by this much: reading the
# same ink at another scale moves its confidence by up to 0.01-0.02 (0.95, 0.96, 0.97).
SURER_BY = 0.03
CELL_PAD = 10  # pixels of paper around a cell's crop
# Paper darker than this is tinted (0.973 of white, on the normalised page: paper 255): a
# cell's grey fill. Chromium's zebra of 0.949 scans at 238 of 255, its header's 0.883 at
# 219; a scan's paper noise stays above 250. A crop's paper is its commonest level, in bins
# of PAPER_BIN levels (``paper_of``); a page's fills are found by it (``image.find_fills``).
TINT_LEVEL = 248
PAPER_BIN = 8
# A tint's levels spread this far below its commonest one (the scanner's noise), where the
# grey edges of letters begin: a full stop of small print is no darker.
TINT_SPREAD = 16
# A word read alone is read twice, with CELL_PAD pixels of paper around it and with this
# many heights of its crop, and the surer reading is kept: the engine's reading of a
# small crop hangs on the paper around it (001's lone "N°" reads as nothing with 10 px
# on one scan and with 30 px on another, "N°" at 0.93 with the other).
LINE_PAD = 1.0
INK_LEVEL = 128  # a pixel darker than this is ink (the page is stretched to black on white)
# A number off its table's form that no reading at FORM_SCALES brings to the form is read
# again with pixels darker than this as black, the rest white (reread_to_form).
PALE_INK = 192
PADDED = 0.25  # a letter's box this much taller than its ink is fitted to the ink
CELL_SURE = 0.7  # a cell read alone less surely than this is read again black on white
# ... and one read less surely than this is read again one step larger, the surer kept: at
# twice its size 004's bold 3 pt header reads "¡ACCION" (0.86), three times "/ACCION" (0.94).
CELL_LARGER = 0.9
CELL_INSET = 2  # pixels of a cell's box left out of its crop: inside its rulings, painted out already
# A reading alone whose words lie more than LEFT_OUT_REACH pixels from more than this share
# of its crop's ink has not read the crop: it read a speck or a part of a word, and left the
# rest for paper (``read_score``). On 004's 3 pt print (seed-15 draw) the grey crop of a
# cell "PROGRAMADO" was read "- -" (0.89) from two specks above the word, 0.99 of its ink
# left out, and the reading alone of "Ago" read "go" (0.96), 0.69 of it; every reading of
# what was printed there left out none.
LEFT_OUT = 0.25
LEFT_OUT_REACH = 2


class Glyph(NamedTuple):
    """One letter as the engine read it: its text, ink box (pixels) and confidence (0..1)."""

    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    confidence: float


class EngineWord(NamedTuple):
    """One word as the engine read it, in pixels of the image it was given."""

    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    confidence: float  # 0..1
    line: int  # words of one text line (as the engine saw it) share it
    glyphs: tuple[Glyph, ...]
    dictionary: bool = False  # a word of the engine's dictionary (its model's word list)


class PageCopies:
    """The copies of one page image that numbers are read again on, each made once, when
    first asked for, and shared by every step of the page that reads on it: the page with
    paler ink counted as ink (``PALE_INK``), the page filtered of specks (``SPECK_FILTER``),
    the page with its cut strokes closed (``MENDING_COLUMN``) and the page with the blots
    step 3 painted out put back (``specked``). Each step made its own:
    the filtered page (1 ms on a 300 dpi page) in ``reread_filtered``, in ``reread_without_specks`` for each form and in each call of
    ``reread_to_form`` (up to five a page), the pale page (23 ms by numpy's ``where``) in
    each call of ``reread_to_form``. The page image must not change while they are in use."""

    def __init__(self, gray: np.ndarray, specks: np.ndarray | None = None) -> None:
        self.gray = gray
        self.specks = specks
        self._pale: np.ndarray | None = None
        self._speckless: np.ndarray | None = None
        self._mended: np.ndarray | None = None
        self._specked: np.ndarray | None = None

    def pale(self) -> np.ndarray:
        if self._pale is None:
            # On 004's 3 pt print the decimal point of "0.00" is a 2 px grey smear lighter
            # than INK_LEVEL, read "000" at any scale.
            # (OpenCV's threshold: the same pixels as numpy's where, 50 times faster.)
            _, self._pale = cv2.threshold(self.gray, PALE_INK - 1, 255, cv2.THRESH_BINARY)
        return self._pale

    def speckless(self) -> np.ndarray:
        if self._speckless is None:
            self._speckless = cv2.medianBlur(self.gray, SPECK_FILTER)
        return self._speckless

    def specked(self) -> np.ndarray | None:
        """The page with the blots step 3 took for specks (``specks``: ink on white paper)
        put back; the page itself without them. Step 3 paints out a blot smaller than
        0.8 pt with no ink within 1 pt: the decimal point of Chromium's 6-7 pt digits (seed
        380, 300 dpi grey) scans 3 px across and 4-5 px from the digits either side, and
        whole rows of "0.00" and "1.00" were read "000" and "100", flagged, their values
        lost. Read again here only when no other copy brings a number to its table's form.
        None when step 3 painted nothing out (the page itself, read already)."""
        if self._specked is None and self.specks is not None:
            if bool((self.specks < 255).any()):
                self._specked = np.minimum(self.gray, self.specks)
            else:
                self.specks = None  # nothing painted out: looked at once
        return self._specked

    def mended(self) -> np.ndarray:
        """The page with its cut strokes closed (``MENDING_COLUMN``): a drop-out across a
        stroke filled with the ink above and below it, as ``image._cut_strokes`` closes one
        between two blots, here also where the stroke cut is one blot still (a ring's side:
        a "0" cut at its top right is a "6" to both models). Counters and gaps taller than
        two rows are kept."""
        if self._mended is None:
            self._mended = cv2.morphologyEx(self.gray, cv2.MORPH_OPEN, MENDING_COLUMN)
        return self._mended


def copies_of(gray: np.ndarray, copies: PageCopies | None) -> PageCopies:
    """``copies`` when they are of ``gray`` (the same array), else new copies of it."""
    return copies if copies is not None and copies.gray is gray else PageCopies(gray)


class TesseractEngine:
    """One Tesseract instance (0.2 s to start): make one per process and reuse it."""

    def __init__(self, language: str = "spa", tessdata: Path = TESSDATA) -> None:
        # One thread per engine: the pipeline runs one document per process, and a
        # second thread measured nothing on a page (the spike, issue 12).
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        from tesserocr import PSM

        self._tessdata = tessdata
        self._language = language
        self._api = _start(language, tessdata, PSM.SPARSE_TEXT)
        # White on black text is not looked for: a second recognition of every
        # doubtful line, for scans that never print it.
        self._api.SetVariable("tessedit_do_invert", "0")
        self._numbers = None  # the number model, started on the first number read again
        self._lines = None  # the page model reading one line at a time, started on the first
        # Cells are read by the page's instance and raw lines by the lines' one, switched to
        # their page mode for the call (``_mode``): a second instance of a model costs its
        # start (0.14 s for the cells', 0.24 s for the raw lines') in every process, and
        # reads the same.

    def read(self, gray: np.ndarray, dpi: int) -> list[EngineWord]:
        """The words of a greyscale page image (uint8, rows top to bottom)."""
        return _recognize(self._api, gray, dpi)

    def read_cells(self, gray: np.ndarray, boxes, dpi: int, scale: int = 1, max_scale: int = 1,
                   ) -> list[list[EngineWord]]:
        """The words of each box (pixels: x0, top, x1, bottom) of ``gray``, read alone as a
        block of text (page mode ``CELL_PSM``), ``scale`` times larger, in pixels of ``gray``.

        A reading the engine is not sure of (``CELL_SURE``) is done again on the crop made
        black on white (``INK_LEVEL``), and the surer of the two is kept: the engine's own
        threshold (Otsu's, over the crop) can blur a cell of small print into blobs it reads
        as nothing ("PROGRAMADO" alone in its 8 pt high cell read as "" or "o DO"), while a
        threshold of ours loses thin accents the engine reads on the grey crop. A reading
        nearly sure (``CELL_SURE`` to ``CELL_LARGER``) is done again one step larger while
        ``scale`` is below ``max_scale``, the surer kept (a cell read less surely than that
        holds no print the engine can read: at 150 dpi 004's were most of its cells, and
        reading them larger doubled the time of its pages for nothing)."""
        from tesserocr import PSM

        # The inverted-text pass is the engine's default for cells (off for the page's reading).
        with _mode(self._api, PSM.SINGLE_BLOCK, tessedit_do_invert=("1", "0")):
            out = _read_crops(self._api, gray, boxes, dpi, inset=CELL_INSET, scale=scale, sure=CELL_SURE)
            scores = [read_score(gray, inset_box(box, CELL_INSET), words) for box, words in zip(boxes, out)]
            again = [k for k, score in enumerate(scores) if scale < max_scale and CELL_SURE <= score < CELL_LARGER]
            for k, words in zip(again, _read_crops(self._api, gray, [boxes[k] for k in again], dpi,
                                                   inset=CELL_INSET, scale=scale + 1, sure=CELL_SURE)):
                if read_score(gray, inset_box(boxes[k], CELL_INSET), words) > scores[k]:
                    out[k] = words
        return out

    def read_lines(self, gray: np.ndarray, boxes, dpi: int,
                   enough: Callable[[int, list[EngineWord]], bool] | None = None) -> list[list[EngineWord]]:
        """The words of each box (pixels: x0, top, x1, bottom) of ``gray``, read alone as
        one line of text (page mode single line), in pixels of ``gray``: the surer of two
        readings, with ``CELL_PAD`` and ``LINE_PAD`` of paper around it. A first reading
        for which ``enough(k, words)`` holds (box ``k``) is kept without the second
        (``specks.sure_enough``: the caller takes it as it is). A box read as nothing both
        times is read a third time as a raw line (page mode 13, no layout analysis)."""
        from tesserocr import PSM

        if self._lines is None:
            self._lines = _start(f"{self._language}+{LINE_MODEL}", self._tessdata, PSM.SINGLE_LINE)
        out = _read_crops(self._lines, gray, boxes, dpi, inset=0)
        again = [k for k, words in enumerate(out) if enough is None or not enough(k, words)]
        for k, words in zip(again, _read_crops(self._lines, gray, [boxes[k] for k in again], dpi, inset=0,
                                               pad=LINE_PAD)):
            out[k] = max(out[k], words, key=lambda w, k=k: read_score(gray, boxes[k], w))
        # Read as nothing twice: the engine's layout analysis took the word's ink for noise
        # (a lone "N°" on a bitonal scan, blurred: no text line found, at any margin or
        # scale). Read as a raw line, its ink is given to the recognizer as it is.
        if empty := [k for k, words in enumerate(out) if not words]:
            with _mode(self._lines, PSM.RAW_LINE):
                for k, words in zip(empty, _read_crops(self._lines, gray, [boxes[k] for k in empty], dpi, inset=0)):
                    out[k] = words
        return out

    def reread_numbers(self, gray: np.ndarray, words: list[EngineWord], dpi: int,
                       ghost: Callable[[EngineWord, EngineWord], bool] | None = None) -> list[EngineWord]:
        """``words`` with each number (``NUMBER``) read again, alone, by the number model
        on its crop ``NUMBER_SCALE`` times larger, restricted to ``NUMBER_CHARS``; the
        second reading replaces the first when it is a number too and the model is at
        least ``NUMBER_MIN_CONFIDENCE`` sure of it. The Spanish model misreads the digits
        of common sans-serif type even on clean prints ("7%" as "1%", sure at 0.96);
        the English one reads them right; it is trusted with digits, not with marks: a
        reading that only swaps a full stop and a comma (``stops_swapped``) replaces the
        first only when surer (000's "3.5." read "3.5," at 0.82 against 0.94, on a
        bitonal scan), and so does one that loses a mark between the first's digits
        (``stops_lost``: the same "3.5." read "35," at 0.72 against 0.96 at 150 dpi, ten
        times the number), or that only adds a full stop or comma after the number
        (``stops_added``: 001's clean "100%" read "100%." at 0.95 against the page's 0.97,
        on the seed-16 draw: no longer a value, its activity lost its total). A word that
        would be a number but for a mark no number prints (``MISREAD_NUMBER``:
        "$7;000.00") is read again too, and replaced only by
        a reading that resolves that mark (``resolves_marks``), with the model's
        confidence, however low (it is then flagged downstream).

        Nor is the number model trusted alone against a surer page: a reading that says
        otherwise, less sure than the page's, is checked by the model's reading at
        ``VOTE_SCALE``, and the page's stays when that reading says what the page read
        (001's code "5", clean, read "5" by the page at 0.97, "2" by the number model at
        0.66, "5" at 0.97 three times larger, on the upside-down scan of the seed-13 draw;
        of the 42 numbers the model read otherwise on the 300 dpi grey and upside-down
        scans of 000-003, committed and seed-13 draws, 23 less surely than the page, that
        one alone reads the page's text at that scale: never the "1%" the page reads for a
        printed "7%"). It stays at most ``DISPUTED`` sure when the model's two readings
        differ in a digit: the model trusted with digits read two numbers, so the digits
        are not settled (002's clean "75%" read "15%" by the page at 0.89, "75%" by the
        model at 0.85 twice as large and "15%" at 0.65 three times, on the seed-16 draw, was
        published as sure). The surer of the model's two readings is the one weighed when they
        agree (000's "7%" read "1%" at 0.96 by the page on the bitonal scan of the seed-13
        draw, "7%" by the model at 0.23 twice as large, below ``NUMBER_MIN_CONFIDENCE``, and
        at 0.92 three times). A reading taken with other digits than the page's is put to a
        vote (``disputed_digits``), where ``ghost(reading, other)`` says a reading holds a
        digit read from a speck."""
        out = list(words)
        for k, word in enumerate(words):
            if not MISREAD_NUMBER.match(word.text):
                continue
            again = self.read_number(gray, words, k, dpi, NUMBER_SCALE)
            # A reading that leaves out the ink of the page's has lost digits, however sure
            # (002's third page on the seed-132 draw: "1,960" read by the page at 0.73, "0" by
            # the model at 0.95 twice and three times its size, boxed on the last digit: a
            # planned 1960 published as 0, wrong and sure).
            if again is None or not reads_the_ink(gray, (word.x0, word.top, word.x1, word.bottom), [again]):
                continue
            if (stops_swapped(word.text, again.text) or stops_lost(word.text, again.text)
                    or stops_added(word.text, again.text)) and again.confidence < word.confidence:
                continue
            third = None  # the reading at VOTE_SCALE, when made
            if NUMBER.match(word.text) and again.text != word.text and again.confidence < word.confidence:
                third = self.read_number(gray, words, k, dpi, VOTE_SCALE)
                if third is not None and third.text == word.text:
                    out[k] = word if digits(word.text) == digits(again.text) else disputed(word)
                    continue
                if third is not None and third.text == again.text:
                    again = max(again, third, key=lambda w: w.confidence)
            if again.confidence >= NUMBER_MIN_CONFIDENCE if NUMBER.match(word.text) \
                    else resolves_marks(word.text, again.text):
                out[k] = self.disputed_digits(gray, words, k, dpi, again, ghost, third) \
                    if NUMBER.match(word.text) and digits(again.text) != digits(word.text) else again
        return out

    def disputed_digits(self, gray: np.ndarray, words: list[EngineWord], k: int, dpi: int, again: EngineWord,
                        ghost: Callable[[EngineWord, EngineWord], bool] | None = None,
                        vote: EngineWord | None = None) -> EngineWord:
        """``words[k]`` (a number) or ``again``, the number model's reading of it with other
        digits, as the number model's reading ``VOTE_SCALE`` times larger decides: the one
        whose digits it reads is kept (whatever its confidence: it is a vote on the digits,
        the reading kept keeps its own). Neither model is right every time: the Spanish one
        reads DejaVu Sans "7%" as "1%" 0.96 sure (the number model reads "7%" at 2 and 3
        times), and the number model read 003's clean "2155" as "2199" at twice its size
        (0.67 sure; "2155" at 3 times, and by the page). The page's reading kept by the
        vote is kept at most ``DISPUTED`` sure: the model read two numbers, so the vote
        sides with the page's model against the one trusted with digits (seed 16's "75%"
        above). The model's reading its vote sides with is taken as it is unless the page's
        was at least ``PAGE_SURE`` sure and both the model's readings under
        ``NUMBER_TRUSTED``: then at most ``DISPUTED`` sure (two models, two numbers, neither
        settled). Undecided (three readings, three numbers, or the vote no number), ``again``
        is taken as before but at most ``DISPUTED`` sure: the value is flagged, never
        published as sure. One vote, not more: on 004's 3 pt print the model's readings at
        4 times side with a wrong page reading as often as not ("11.09" for "11.00"). A vote for a reading with a digit
        from a speck (``ghost``) settles nothing: on 002's upside-down page the page and
        the vote read "715%" (a speck between the 7 and the 5), the number model "75%"."""
        word = words[k]
        vote = vote or self.read_number(gray, words, k, dpi, VOTE_SCALE)  # ``vote``: read already
        for side, other in ((again, word), (word, again)):
            if vote is not None and digits(vote.text) == digits(side.text):
                if ghost is None or not ghost(side, other):
                    if side is not again:
                        return disputed(side)
                    unsure = word.confidence >= PAGE_SURE and max(again.confidence, vote.confidence) < NUMBER_TRUSTED
                    return disputed(again) if unsure else again
                break
        return disputed(again)

    def reread_to_form(self, gray: np.ndarray, words: list[EngineWord], picked: list[int], dpi: int,
                       fits: Callable[[EngineWord, EngineWord], bool],
                       min_confidence: float = NUMBER_MIN_CONFIDENCE,
                       copies: PageCopies | None = None) -> list[EngineWord]:
        """``words`` with each ``words[k]`` (k in ``picked``) read again by the number model
        ``FORM_SCALES`` times larger, replaced by the first reading that ``fits`` it (e.g.
        has the form the page's other numbers around it print): the engine's own reading,
        chosen by the page's evidence. A reading with the first one's digits that differs
        from it only in a ``.`` read ``,`` or back (``stops_swapped``) is taken however
        unsure: the digits are read alike twice and the page's form decides the mark (a
        speck under the full stop of "$25,000.00" makes it a comma; read 3 times larger,
        the form at 0.44). Its confidence stays the model's, so it is flagged downstream.
        A word no reading brings to the form is read again with paler ink counted as ink
        (``PALE_INK``), then on the page filtered of specks (``SPECK_FILTER``: "1.00" read
        "1:00" with a speck over its full stop, which the number model reads as nothing),
        then with the blots step 3 took for specks put back (``PageCopies.specked``: a
        decimal point as small as a speck and as far from its digits), and taken only at
        ``min_confidence`` or more (lower it only where ``fits`` asks the
        first reading's digits read alike). ``copies``: the page's copies (``PageCopies``) of
        ``gray``, shared with the other steps reading on them."""
        out = list(words)
        copies = copies_of(gray, copies)
        for k in picked:
            for scale in FORM_SCALES:
                again = self.read_number(gray, words, k, dpi, scale)
                if again is not None and fits(words[k], again) and (
                        again.confidence >= min_confidence or stops_swapped(words[k].text, again.text)):
                    out[k] = again
                    break
            else:
                out[k] = self._reread_on((copies.pale, copies.speckless, copies.specked), words, k, dpi, fits,
                                         min_confidence) or words[k]
        return out

    def reread_on(self, image: Callable[[], np.ndarray], words: list[EngineWord], picked: list[int], dpi: int,
                  fits: Callable[[EngineWord, EngineWord], bool],
                  min_confidence: float = NUMBER_MIN_CONFIDENCE) -> list[EngineWord]:
        """``words`` with each ``words[k]`` (k in ``picked``) replaced by its first reading
        on ``image()`` (one of ``PageCopies``) ``FORM_SCALES`` times larger that ``fits`` it
        at ``min_confidence`` or more."""
        out = list(words)
        for k in picked:
            out[k] = self._reread_on((image,), words, k, dpi, fits, min_confidence) or words[k]
        return out

    def _reread_on(self, images, words: list[EngineWord], k: int, dpi: int,
                   fits: Callable[[EngineWord, EngineWord], bool], min_confidence: float) -> EngineWord | None:
        """The first reading of ``words[k]`` on each of ``images`` (each made when first
        needed; one that makes None is passed) ``FORM_SCALES`` times larger that ``fits`` it
        at ``min_confidence`` or more; None if none does."""
        for make in images:
            if (image := make()) is None:
                continue
            for scale in FORM_SCALES:
                again = self.read_number(image, words, k, dpi, scale)
                if again is not None and fits(words[k], again) and again.confidence >= min_confidence:
                    return again
        return None

    def reread_without_specks(self, gray: np.ndarray, words: list[EngineWord], picked: list[int], dpi: int,
                              form: re.Pattern, copies: PageCopies | None = None) -> list[EngineWord]:
        """``words`` with each ``words[k]`` (k in ``picked``) read again by the number model
        ``FORM_SCALES`` times larger on the page filtered by a median
        (``SPECK_FILTER``), which takes out a speck of a pixel or two touching a digit
        (004's "0.00" read "6.00", 0.87 sure, reads "0.00" 0.94 sure filtered). The surest
        reading of ``form`` replaces the first when it says something else and the engine
        is ``SURER_BY`` surer of it: its own reading, of the page's own ink, never a
        rewrite. On print so small that the filter eats its strokes (004's 3 pt page:
        most full stops go, "0.00" reads "000") few filtered readings have the form. A
        speck inside a digit's ring stays ("20.00" reads "20.90", 0.96: one loss on 004)."""
        if not picked:
            return words
        out = list(words)
        filtered = copies_of(gray, copies).speckless()
        for k in picked:
            best = self.surest_number(filtered, words, k, dpi, FORM_SCALES, lambda again: bool(form.match(again.text)))
            if best is not None and best.text != words[k].text and best.confidence >= words[k].confidence + SURER_BY:
                out[k] = best
        return out

    def reread_filtered(self, gray: np.ndarray, words: list[EngineWord], picked: list[int], dpi: int,
                        fits: Callable[[EngineWord, EngineWord], bool],
                        copies: PageCopies | None = None) -> list[EngineWord]:
        """``words`` with each ``words[k]`` (k in ``picked``) replaced by the surest reading of
        the number model on the page filtered of specks (``SPECK_FILTER``), ``NUMBER_SCALE``
        and ``FORM_SCALES`` times larger, that ``fits`` it and is at least
        ``NUMBER_MIN_CONFIDENCE`` sure; left as it is when none is."""
        if not picked:
            return words
        out = list(words)
        filtered = copies_of(gray, copies).speckless()
        for k in picked:
            best = self.surest_number(filtered, words, k, dpi, (NUMBER_SCALE, *FORM_SCALES),
                                      lambda again, k=k: fits(words[k], again))
            if best is not None and best.confidence >= NUMBER_MIN_CONFIDENCE:
                out[k] = best
        return out

    def surest_number(self, gray: np.ndarray, words: list[EngineWord], k: int, dpi: int, scales,
                      fits: Callable[[EngineWord], bool]) -> EngineWord | None:
        """The surest reading of ``words[k]`` by the number model at ``scales`` that ``fits``."""
        readings = [again for scale in scales
                    if (again := self.read_number(gray, words, k, dpi, scale)) is not None and fits(again)]
        return max(readings, key=lambda w: w.confidence, default=None)

    def read_number(self, gray: np.ndarray, words: list[EngineWord], k: int, dpi: int, scale: int,
                    ) -> EngineWord | None:
        """``words[k]`` read alone by the number model on its crop ``scale`` times larger
        (``NUMBER_CHARS`` only); None unless it reads one number (``NUMBER``)."""
        from tesserocr import PSM

        if self._numbers is None:
            self._numbers = _start(NUMBER_MODEL, self._tessdata, PSM.SINGLE_LINE)
            self._numbers.SetVariable("tessedit_char_whitelist", NUMBER_CHARS)
        word = words[k]
        h, w = gray.shape
        margin = max(4, (word.bottom - word.top) // 4)
        # Not into the next word of the line: it would be read as part of this one.
        left = max(0, word.x0 - margin, *(o.x1 + 1 for o in _neighbours(words, k) if o.x1 <= word.x0))
        right = min(w, word.x1 + margin, *(o.x0 - 1 for o in _neighbours(words, k) if o.x0 >= word.x1))
        top, bottom = max(0, word.top - margin), min(h, word.bottom + margin)
        crop = cv2.resize(on_paper(gray[top:bottom, left:right]), None, fx=scale, fy=scale,
                          interpolation=cv2.INTER_CUBIC)
        pad = scale * margin  # paper around it: the engine wants a margin
        crop = cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
        again = between_the_lines(gray, _recognize(self._numbers, crop, dpi * scale, (left - margin, top - margin),
                                                   scale))
        if len(again) == 1 and NUMBER.match(again[0].text):
            return again[0]._replace(line=word.line)
        return None

    def close(self) -> None:
        self._api.End()
        for api in (self._numbers, self._lines):
            if api is not None:
                api.End()


def word_of(glyphs: list[Glyph], like: EngineWord) -> EngineWord:
    """A word of these glyphs, with ``like``'s confidence and line."""
    return EngineWord("".join(g.text for g in glyphs), min(g.x0 for g in glyphs), min(g.top for g in glyphs),
                      max(g.x1 for g in glyphs), max(g.bottom for g in glyphs), like.confidence, like.line,
                      tuple(glyphs))


def disputed(word: EngineWord) -> EngineWord:
    """``word`` at most ``DISPUTED`` sure: its readings did not settle its digits."""
    return word._replace(confidence=min(word.confidence, DISPUTED))


def resolves_marks(first: str, again: str) -> bool:
    """Whether ``again`` is ``first`` with each mark no number prints (``MISREAD_MARKS``)
    read as one that it does: the same digits and marks, in the same places."""
    return len(first) == len(again) and all(
        a == b or b in MISREAD_MARKS.get(a, "") for a, b in zip(first, again))


def digits(text: str) -> str:
    """The digits of ``text``, in order."""
    return "".join(c for c in text if c.isdigit())


def stops_swapped(first: str, again: str) -> bool:
    """Whether ``again`` is ``first`` with some full stops read as commas or back: the
    same digits and marks in the same places but for those."""
    return len(first) == len(again) and first != again and all(
        a == b or (a in STOPS and b in STOPS) for a, b in zip(first, again))


def stops_lost(first: str, again: str) -> bool:
    """Whether ``again`` reads ``first``'s digits, in order, with fewer full stops or commas
    between them: a decimal point or a thousands mark lost changes the number."""
    return (digits(first) == digits(again) != ""
            and _inner_stops(again) < _inner_stops(first))


def stops_added(first: str, again: str) -> bool:
    """Whether ``again`` is ``first`` with full stops or commas after it, and nothing else."""
    return again != first and again.rstrip(STOPS) == first


def _inner_stops(text: str) -> int:
    """The full stops and commas between a number's first and last digit."""
    places = [i for i, c in enumerate(text) if c.isdigit()]
    return sum(c in STOPS for c in text[places[0]:places[-1]]) if places else 0


def mean_confidence(words: list[EngineWord]) -> float:
    """The engine's confidence per letter read, on average (0 when nothing was read)."""
    letters = sum(len(w.text) for w in words)
    return sum(w.confidence * len(w.text) for w in words) / letters if letters else 0.0


def _close_word(words: list[EngineWord], glyphs: list[Glyph], confidence: float, line: int,
                dictionary: bool) -> None:
    if glyphs:
        words.append(EngineWord("".join(g.text for g in glyphs), min(g.x0 for g in glyphs), min(g.top for g in glyphs),
                                max(g.x1 for g in glyphs), max(g.bottom for g in glyphs),
                                max(0.0, min(1.0, confidence)), line, tuple(glyphs), dictionary))


@contextmanager
def _mode(api, psm: int, **variables: tuple[str, str]):
    """``api`` in page mode ``psm`` with ``variables`` set (name: (value, value after)),
    back to its own page mode and those values after."""
    own = api.GetPageSegMode()
    api.SetPageSegMode(psm)
    for name, (value, _) in variables.items():
        api.SetVariable(name, value)
    try:
        yield api
    finally:
        api.SetPageSegMode(own)
        for name, (_, after) in variables.items():
            api.SetVariable(name, after)


def _start(language: str, tessdata: Path, psm: int):
    from tesserocr import OEM, PyTessBaseAPI

    missing = [name for name in language.split("+") if not (tessdata / f"{name}.traineddata").is_file()]
    if missing:
        raise FileNotFoundError(f"no OCR model {' '.join(missing)!r} in {tessdata}")
    try:
        return PyTessBaseAPI(path=str(tessdata) + os.sep, lang=language, psm=psm, oem=OEM.LSTM_ONLY)
    except RuntimeError as exc:
        raise RuntimeError(f"Tesseract could not load {language!r} from {tessdata}: {exc}") from exc


def inset_box(box: tuple[int, int, int, int], inset: int) -> tuple[int, int, int, int]:
    """``box`` (x0, top, x1, bottom) shrunk by ``inset`` pixels on every side."""
    x0, top, x1, bottom = box
    return x0 + inset, top + inset, x1 - inset, bottom - inset


def ink_left_out(gray: np.ndarray, box: tuple[int, int, int, int], words: list[EngineWord]) -> float:
    """The share of the ink (darker than ``INK_LEVEL``) in ``box`` of ``gray`` (pixels: x0,
    top, x1, bottom) lying more than ``LEFT_OUT_REACH`` pixels from the box of every word
    of ``words`` (0 for a box without ink)."""
    x0, top, x1, bottom = box
    ink = gray[top:bottom, x0:x1] < INK_LEVEL
    total = int(np.count_nonzero(ink))
    if not total:
        return 0.0
    near = np.zeros_like(ink)
    reach = LEFT_OUT_REACH
    for w in words:
        near[max(0, w.top - reach - top):max(0, w.bottom + reach - top),
             max(0, w.x0 - reach - x0):max(0, w.x1 + reach - x0)] = True
    return float(np.count_nonzero(ink & ~near)) / total


def read_score(gray: np.ndarray, box: tuple[int, int, int, int], words: list[EngineWord]) -> float:
    """How sure a reading alone of ``box`` is: the engine's confidence per letter
    (``mean_confidence``), taken for the share of the box's ink the reading covers when it
    leaves out more than ``LEFT_OUT`` of it. The engine's confidence is in what it read,
    not in what it left for paper: a speck read "-" at 0.89 says nothing of the word it
    skipped."""
    confidence = mean_confidence(words)
    left_out = ink_left_out(gray, box, words)
    return confidence if left_out <= LEFT_OUT else confidence * (1.0 - left_out)


def reads_the_ink(gray: np.ndarray, box: tuple[int, int, int, int], words: list[EngineWord]) -> bool:
    """Whether a reading alone of ``box`` leaves out at most ``LEFT_OUT`` of its ink."""
    return ink_left_out(gray, box, words) <= LEFT_OUT


def _read_crops(api, gray: np.ndarray, boxes, dpi: int, inset: int, pad: float = 0.0, scale: int = 1,
                sure: float | None = None) -> list[list[EngineWord]]:
    """What ``api`` reads in each box of ``gray`` (shrunk by ``inset`` pixels), alone,
    ``scale`` times larger, with paper around it (``CELL_PAD`` pixels, or ``pad`` times
    the box's height when more), in pixels of ``gray``. A reading less sure than ``sure``
    (per letter, ``read_score``: a reading that leaves out the crop's ink is not sure) is
    done again on the crop made black on white (``INK_LEVEL``), and the surer of the two
    is kept. A tinted crop is read that way twice, as it is and with its tint made paper
    (``on_paper``), and the surer of the two readings kept."""
    out = []
    for x0, top, x1, bottom in boxes:
        crop = gray[top + inset:bottom - inset, x0 + inset:x1 - inset]
        if crop.size == 0:
            out.append([])
            continue
        margin = max(CELL_PAD, round(pad * crop.shape[0]))
        origin = (x0 + inset - margin, top + inset - margin)
        read = inset_box((x0, top, x1, bottom), inset)
        # A tinted crop is read as it is and with its tint made paper (``on_paper``), the
        # surer kept: either alone loses print the other reads (docs/ocr-traps.md, round 32).
        crops = (crop,) if (paper := on_paper(crop)) is crop else (crop, paper)
        readings = [_read_crop(api, gray, one, read, dpi, origin, margin, scale, sure) for one in crops]
        out.append(max(readings, key=lambda words: read_score(gray, read, words)))
    return out


def _read_crop(api, gray: np.ndarray, crop: np.ndarray, read: tuple[int, int, int, int], dpi: int,
               origin: tuple[int, int], margin: int, scale: int, sure: float | None) -> list[EngineWord]:
    """What ``api`` reads in ``crop`` (cut from ``gray`` at ``origin`` less ``margin``, its
    box ``read``), ``scale`` times larger, framed in ``margin`` of white paper; read again
    black on white when less sure than ``sure``, the surer kept (``_read_crops``)."""
    if scale != 1:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    border = margin * scale
    crop = cv2.copyMakeBorder(crop, border, border, border, border, cv2.BORDER_CONSTANT, value=255)
    words = between_the_lines(gray, _recognize(api, crop, dpi * scale, origin, scale))
    if sure is not None and (score := read_score(gray, read, words)) < sure:
        again = between_the_lines(gray, _recognize(api, np.where(crop < INK_LEVEL, 0, 255).astype(np.uint8),
                                                      dpi * scale, origin, scale))
        if read_score(gray, read, again) > score:
            words = again
    return words


def paper_of(crop: np.ndarray) -> int:
    """The level of a crop's paper: its commonest level (``PAPER_BIN`` levels to a bin: the
    paper, however much ink a word's tight box holds), 255 when paler than ``TINT_LEVEL``."""
    bins = crop // PAPER_BIN
    level = int(np.median(crop[bins == np.bincount(bins.ravel()).argmax()]))
    return 255 if level >= TINT_LEVEL else level


def tint_made_paper(gray: np.ndarray, tint: int) -> np.ndarray:
    """``gray`` with ``tint`` and every level above it, less ``TINT_SPREAD`` (the scanner's
    noise about a tint), made paper (255); darker levels, the print, as they are."""
    ramp = np.arange(256, dtype=np.uint8)
    ramp[max(0, tint - TINT_SPREAD):] = 255
    return cv2.LUT(gray, ramp)


def on_paper(crop: np.ndarray) -> np.ndarray:
    """A crop to be read alone, its tint made paper (``tint_made_paper``) when its paper is
    tinted (``paper_of``); else ``crop`` itself. The engine thresholds a crop by Otsu's
    method over all of it, and a grey-filled cell framed in white paper can split into the
    white and the rest: its fill and letters one blot (Typst's 004 header "CÓDIGO", bold on a
    fill of 215, read "-" at 0.75 in its cell alone; "CÓDIGO" at 0.96 with its tint made
    paper). Framed in its own grey instead, small print was read as nothing (004's 3 pt month
    label "Feb" on a fill of 204, seed 178)."""
    paper = paper_of(crop)
    return crop if paper == 255 else tint_made_paper(crop, paper)


def _recognize(api, gray: np.ndarray, dpi: float, offset: tuple[int, int] = (0, 0), scale: float = 1.0,
               ) -> list[EngineWord]:
    """The words ``api`` reads in ``gray``, in pixels of the image ``gray`` was cut from
    at ``offset`` and enlarged ``scale`` times."""
    from tesserocr import RIL, iterate_level

    gray = np.ascontiguousarray(gray, dtype=np.uint8)
    h, w = gray.shape
    api.SetImageBytes(gray.tobytes(), w, h, 1, w)
    api.SetSourceResolution(round(dpi))
    api.Recognize()
    ink = gray < INK_LEVEL
    dx, dy = offset
    words: list[EngineWord] = []
    line = -1
    word_conf = 0.0
    dictionary = False
    glyphs: list[Glyph] = []
    # The iterator is one object, moved along: its methods are looked up once, not per
    # letter (a page holds 2,000-6,000 letters; 20-25 us each went to Python).
    iterator = api.GetIterator()
    empty, at_start, get_text = iterator.Empty, iterator.IsAtBeginningOf, iterator.GetUTF8Text
    bounding_box, confidence = iterator.BoundingBox, iterator.Confidence
    symbol, word, textline = RIL.SYMBOL, RIL.WORD, RIL.TEXTLINE
    for _ in iterate_level(iterator, symbol):
        if empty(symbol):  # nothing read (a crop of no text)
            continue
        if at_start(word):
            _close_word(words, glyphs, word_conf, line, dictionary)
            glyphs = []
            word_conf = confidence(word) / 100
            dictionary = bool(iterator.WordIsFromDictionary())
            if at_start(textline):
                line += 1
        text = get_text(symbol)
        box = bounding_box(symbol)
        if text and not text.isspace() and box is not None:
            box = ink_rows(ink, box, text.isalnum())
            x0, y0, x1, y1 = box
            if scale != 1.0:
                x0, y0, x1, y1 = (round(v / scale) for v in box)
            # A letter's box holds a pixel at least: the engine can box a letter of a long
            # word as a line of no width ("mostrará"'s "m" at 975-975, Calc's 004 read at
            # 200 dpi, seed 290), and its ink, cut to such a box, is no image.
            x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)
            glyphs.append(Glyph(text, x0 + dx, y0 + dy, x1 + dx, y1 + dy,
                                max(0.0, min(1.0, confidence(symbol) / 100))))
    _close_word(words, glyphs, word_conf, line, dictionary)
    api.Clear()
    return words


def ink_rows(ink: np.ndarray, box: tuple[int, int, int, int], letter: bool = False) -> tuple[int, int, int, int]:
    """``box`` (x0, top, x1, bottom) with its top and bottom moved in to the first and last
    row of ink inside it, when they are far from it (``PADDED``). On small print (3-4 pt
    at 300 dpi) the engine can give a letter the box of its whole text line, a pad of
    half a line above and below: a word's baseline and em are measured from its letters'
    boxes, and such a word would be taken for a line of its own. A box the engine fits
    to its ink within a pixel or two is left as it is. Of a ``letter`` (or digit), ink at
    the box's foot that paper parts from the rest and that runs on below the box is left
    out: it is the top of the next line's letters (004's 3 pt print, a wrapped cell:
    "GESTION"'s letters boxed down into "FORTALEZCAN" below, so the word sat 0.5 em low
    and was taken for a line of its own)."""
    x0, y0, x1, y1 = box
    inked = ink[y0:y1, x0:x1].any(axis=1)
    if inked.size == 0:
        return box
    first = int(inked.argmax())  # the first row of ink (argmax: a third cheaper than flatnonzero)
    if not inked[first]:
        return box
    top, bottom = y0 + first, y0 + inked.size - int(inked[::-1].argmax())
    if letter and bottom == y1 < ink.shape[0] and ink[y1, x0:x1].any():
        # Ink at the box's foot, apart from the letter by paper and running on below the
        # box, is the next line's: no letter prints a piece below its body that way.
        paper = np.flatnonzero(~inked[first:])
        if paper.size:
            gap = int(paper[-1])
            while gap > 0 and gap - 1 in paper:
                gap -= 1
            bottom = top + gap
    if (y1 - y0) - (bottom - top) <= max(2, PADDED * (y1 - y0)):
        return box
    return x0, top, x1, bottom


def between_the_lines(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` read alone on a crop of ``gray`` (in its pixels), each letter's box cut
    below the ink at its head, and above the ink at its foot, that paper parts from the
    letter and that runs on past the box on the page: the feet of the line above, the
    heads of the line below. ``ink_rows`` cannot see them in the crop, whose paper border
    hides what lies beyond it. On 004's first page (seed-13 draw) the cost centre "...
    TECNOLOGÍAS DE LA / INFORMACIÓN" of row 3: "INFORMACIÓN" read alone had every letter
    boxed from its crop's top, 6 px into "TECNOLOGÍAS" above, so its em came out twice the
    line's and the two lines were read as one, their letters sorted into each other
    ("TIENFCONORMLOAGCÍIAÓSN"). On 001's second page (seed-147 draw) the "1" of a "10%"
    read alone was boxed 31 px down into the "1" of the row below, across the ruling
    between them: the glyph chained the two rows into one text line, and both rows' cells
    were read as one ("10% 1", published as 101)."""
    out = []
    for word in words:
        glyphs = tuple(g._replace(top=_below_the_line_above(gray, g), bottom=_above_the_line_below(gray, g))
                       if g.text.isalnum() else g for g in word.glyphs)
        if glyphs == word.glyphs:
            out.append(word)
        else:
            out.append(word._replace(top=min(g.top for g in glyphs), bottom=max(g.bottom for g in glyphs),
                                     glyphs=glyphs))
    return out


def _below_the_line_above(gray: np.ndarray, glyph: Glyph) -> int:
    """The top of ``glyph``'s box, below a piece of ink at its head that paper parts from
    the rest of its ink and that runs on above the box (``between_the_lines``)."""
    x0, y0, x1, y1 = glyph.x0, glyph.top, glyph.x1, glyph.bottom
    run = _run_on(y1 - y0)
    if y0 < run or x1 <= x0 or y1 <= y0 or not (gray[y0 - run:y0, x0:x1] < INK_LEVEL).any(axis=1).all():
        return y0
    return y0 + _piece_at_end((gray[y0:y1, x0:x1] < INK_LEVEL).any(axis=1))


def _above_the_line_below(gray: np.ndarray, glyph: Glyph) -> int:
    """The bottom of ``glyph``'s box, above a piece of ink at its foot that paper parts from
    the rest of its ink and that runs on below the box (``between_the_lines``). No letter
    or digit prints a piece under its body that way: a descender joins its letter."""
    x0, y0, x1, y1 = glyph.x0, glyph.top, glyph.x1, glyph.bottom
    run = _run_on(y1 - y0)
    if (y1 + run > gray.shape[0] or x1 <= x0 or y1 <= y0
            or not (gray[y1:y1 + run, x0:x1] < INK_LEVEL).any(axis=1).all()):
        return y1
    return y1 - _piece_at_end((gray[y0:y1, x0:x1] < INK_LEVEL).any(axis=1)[::-1])


# Ink beyond a letter's box is another line's when it runs on past the box for at least this
# share of the box's height (at least 2 rows): the letters of the lines above and below run on
# for rows. A letter's own last row or two, past a box the engine drew a pixel short, do not:
# Typst's 000 (seed 201) "encaminadas a la", its "a" read alone in its cell twice as large
# boxed a pixel short over its open left side, was cut to its top arc, 3 px tall, and dropped
# as a speck ("encaminadas la", the unit's strategic line wrong under two activities).
RUN_ON = 0.2


def _run_on(height: int) -> int:
    """Rows of ink past a letter's box (``height`` pixels) that make it another line's."""
    return max(2, round(RUN_ON * height))


def _piece_at_end(inked: np.ndarray) -> int:
    """The rows to cut from the end of a box where ``inked`` (whether each row holds ink,
    from that end in) starts: the piece of ink there and the paper after it, when paper
    parts it from more ink; else 0 (one piece from that end, or nothing but it: the letter)."""
    if inked.size == 0 or not inked[0]:
        return 0
    paper = int(inked.argmin())  # the first row of paper after the end's piece
    if inked[paper]:
        return 0
    rest = inked[paper:]
    return paper + int(rest.argmax()) if rest.any() else 0


def _neighbours(words: list[EngineWord], k: int) -> list[EngineWord]:
    """The words next to ``words[k]`` in the engine's order, on its line."""
    return [words[j] for j in (k - 1, k + 1) if 0 <= j < len(words) and words[j].line == words[k].line]
