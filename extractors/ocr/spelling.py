"""Words of unlikely spelling read again.

A word of letters the engine is not sure of and that is no word of its own dictionary
(``EngineWord.dictionary``) is likely misread, the engine's spelling of it being the
least likely thing about it. Two scanner traps make such words, both read surely
letter by letter:

* a pale drop-out across a stroke: an "l" whose stem is broken by a row of grey
  (132 where the stroke is 30) reads as an "i" with its dot ("pobiación" at 0.91,
  each letter at 0.99). Read again made black on white at ``PALE_INK`` (darker than
  the engine's own threshold, lighter than paper), the stroke is whole again; an
  i-dot's gap (237) stays open. A drop-out that bites into the stroke without cutting
  it (read at 299 dpi: two rows, half the stem deep) reads "i" on that copy too; read
  once more with gaps of ``STROKE_GAP`` rows closed, the stroke is whole.
* a word break the engine reads where there is none ("Presu puesto"): its letters
  a little further apart there than elsewhere in the line (5 px, where they are at
  most 4 px apart), as narrow as a real space can be elsewhere. Read again with its
  neighbour in one crop, the engine reads one word.

A second reading replaces the word only when it is a word of the engine's dictionary
and, for the word alone, as long as the first with its capitals and accents in the same
places (a drop-out changes a letter, not the count of letters or their case) and at
least ``UNSURE`` sure; for the word and its neighbour, the
two words' letters without the break and surer than the less sure of the two. So a word is changed by
nothing but the engine's own reading, and only towards a word it knows; no list of
words is looked up.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

import cv2
import numpy as np

from .cells import line_ems
from ..vocabulary import without_accents
from .chars import MARKS, X_HEIGHT, word_baseline
from .image import binarize, label_ink, true_runs
from .specks import DOUBTFUL, MARGIN_EM, REREAD_BELOW, SURE, UNSURE, word_of, line_order
from .tesseract import INK_LEVEL, EngineWord, Glyph

# Read again black on white at this level: a pixel darker than it is ink (the page is
# stretched to black on white; the engine's own threshold falls about 128).
PALE_INK = 160
# Paper this many rows tall between ink above and below it is closed for a word's last
# reading alone (ink spread up and down by a pixel, then taken back): 000's "población"
# read at 299 dpi had its "l" bitten 2 px deep over two rows of its 4 px stem (grey
# 173-211 there, its left edge 121-124), read "pobiación" (0.91) on the page and on its
# black-on-white copy alike; an i-dot set off by as little is joined to its stem and the
# reading, no word, is not taken.
STROKE_GAP = 2
# A break between two words is narrow when its ink gap is at most this many times the
# widest gap between letters inside the line's words (in their x-height band).
NARROW_BREAK = 1.5
# A reading alone that is no dictionary word replaces the first only this much surer
# (and at least SURE): the same ink read at another scale or level moves by 0.01-0.03
# (``TesseractEngine.reread_without_specks``); "INCLUSIVC" 0.73, "INCLUSIVO" 0.93.
CLEARER = 0.15


def _once(k: int, reading: list[EngineWord]) -> bool:
    """``read_lines``' ``enough``: each crop read with one margin of paper (a second
    margin cost 0.05 s a page on scan-300-grey and mended nothing more)."""
    return True


def unlikely(word: EngineWord) -> bool:
    """A word of letters that is no word of the engine's dictionary, read less sure than
    ``REREAD_BELOW`` but at least ``DOUBTFUL``: the traps are read surely letter by letter
    ("pobiación" at 0.91, "Presu" at 0.93), or nearly so: an "l" cut by a 2-row drop-out
    on a bitonal scan read "iugares" at 0.62 (000's page 84, seed-13 draw; "lugares" read
    alone at 0.96). A word read less surely is more likely print the engine cannot read
    at all. The floor was ``UNSURE`` (0.7) for 004's 3 pt print at 150 dpi (86 words a
    page under it, 0.9 s a page to read them again, none respelled); a page of such
    print is not read again in parts now (``source.legible``), and on the committed
    scans the words of 0.5-0.7 are 0-5 a page (5 on 004's legible page at 150 dpi)."""
    return word.text.isalpha() and not word.dictionary and DOUBTFUL <= word.confidence < REREAD_BELOW


def respell_words(gray: np.ndarray, words: list[EngineWord], engine, dpi: int) -> list[EngineWord]:
    """``words`` with each word of unlikely spelling (``unlikely``) replaced by its
    reading again alone on ``gray`` made black on white at ``PALE_INK``, or joined with
    the word before or after it on its line (when the break between them is narrow:
    ``NARROW_BREAK``) by their reading in one crop, where that reading is a word of the
    engine's dictionary (``respelled``, ``joined``; see the module's docstring). A word with
    a one-letter word close after it (``letter_parted``) is read in one crop with it so too,
    however sure and whatever its spelling."""
    by_line, after = line_order(words)
    picked = [k for k, w in enumerate(words) if unlikely(w)]
    # A word with one letter after it: the engine's break may part a word's last letter
    # (``letter_parted``).
    tails = [(a, b) for a, b in after.items() if letter_parted(words[a], words[b])]
    if not picked and not tails:
        return words
    line_em = line_ems(words) or defaultdict(float)  # no letter: crops get the least margin
    before = {b: a for a, b in after.items()}
    widest: dict[int, float] = {}
    h, w = gray.shape

    def box(*ws: EngineWord) -> tuple[int, int, int, int]:
        m = max(2, round(MARGIN_EM * line_em[ws[0].line]))
        return (max(0, min(x.x0 for x in ws) - m), max(0, min(x.top for x in ws) - m),
                min(w, max(x.x1 for x in ws) + m), min(h, max(x.bottom for x in ws) + m))

    # The word alone, black on white at PALE_INK.
    _, pale = cv2.threshold(gray, PALE_INK - 1, 255, cv2.THRESH_BINARY)
    alone = engine.read_lines(pale, [box(words[k]) for k in picked], dpi, _once) if picked else []
    out: dict[int, list[EngineWord]] = {k: reading for k, reading in zip(picked, alone)
                                        if respelled(reading, words[k])}
    # Not respelled: read once more with gaps of one or two rows across its strokes closed
    # (``STROKE_GAP``): a drop-out that bites into a stroke without cutting it leaves its
    # rest joining the two halves, and the engine still reads the dot of an "i" there.
    if rest := [k for k in picked if k not in out]:
        closed = cv2.morphologyEx(pale, cv2.MORPH_OPEN, np.ones((STROKE_GAP + 1, 1), np.uint8))
        for k, reading in zip(rest, engine.read_lines(closed, [box(words[k]) for k in rest], dpi, _once)):
            if respelled(reading, words[k]):
                out[k] = reading
    # The word and its neighbour across a narrow break, in one crop.
    pairs = []
    around = [pair for k in picked if k not in out for pair in ((before.get(k), k), (k, after.get(k)))]
    for a, b in around + tails:
        if a is None or b is None or a in out or b in out or (a, b) in pairs:
            continue
        line = words[a].line
        if line not in widest:
            widest[line] = widest_letter_gap(gray, [words[j] for j in by_line[line]], line_em[line])
        if words[b].x0 - words[a].x1 <= NARROW_BREAK * widest[line]:
            pairs.append((a, b))
    if pairs:
        readings = engine.read_lines(gray, [box(words[a], words[b]) for a, b in pairs], dpi, _once)
        for (a, b), reading in zip(pairs, readings):
            if a not in out and b not in out and joined(reading, words[a], words[b]):
                out[a], out[b] = reading, []
    result: list[EngineWord] = []
    for k, word in enumerate(words):
        result.extend((r._replace(line=word.line) for r in out[k]) if k in out else (word,))
    return result


# A letter parted from its word stands at most this share of their box's height from it: a
# space is 0.25-0.6 of it (of 19,648 such pairs in the cached readings of seeds 490-550, 62
# stand nearer, "TÉCNICA A" among them, which the engine reads as two words in one crop).
PARTED_GAP = 0.2


def letter_parted(word: EngineWord, letter: EngineWord) -> bool:
    """Whether ``letter``, one letter read as a word after ``word`` on its line, may be the
    last letter of it the engine parted: both letters, in the same case, at most
    ``PARTED_GAP`` apart. Typst's serif 001 (seed 550, 300 dpi grey) read the unit's heading
    "GERENCIA DE TALENTO HUMANO" as "HUMAN O" (0.96, a word of the engine's dictionary, and
    0.94) over a gap no wider than its letters' (1.2 pt, where the line's spaces are
    3.4-3.8), and the unit of the page's 10 activities was lost. ``respell_words`` joins
    such a pair only across a narrow break and when read in one crop it is one word of the
    dictionary."""
    return (len(letter.text) == 1 and letter.text.isalpha() and word.text.isalpha() and len(word.text) > 1
            and word.text.isupper() == letter.text.isupper()
            and letter.x0 - word.x1 <= PARTED_GAP * max(word.bottom - word.top, letter.bottom - letter.top))


def respelled(reading: list[EngineWord], word: EngineWord) -> bool:
    """Whether a reading of ``word`` alone replaces it: one word of the engine's
    dictionary, as many letters long and letters only (its dictionary takes a word and
    a mark after it, "AO!"), each a capital where the first reading's is (its
    dictionary takes "Ics" for the acronym "ICS") and keeping its accents (more ink
    passes ``PALE_INK``, never less: "TRAVÉS" read "TRAVES" at 150 dpi), at least
    ``UNSURE`` sure. A reading that is no word of the dictionary either is taken when it
    changes one letter only and the engine is sure of it (``SURE``) and ``CLEARER`` surer
    than of the first reading (``clearly_surer``)."""
    if len(reading) != 1 or reading[0].confidence < UNSURE:
        return False
    text = reading[0].text
    if not (len(text) == len(word.text) and text.isalpha() and text != word.text and
            all(a.isupper() == b.isupper() and (b.isascii() or a == b) for a, b in zip(text, word.text))):
        return False
    return reading[0].dictionary or clearly_surer(reading[0], word)


def clearly_surer(again: EngineWord, word: EngineWord) -> bool:
    """Whether ``again``, a reading of ``word`` alone that is no word of the engine's
    dictionary, is one letter off it, at least ``SURE`` sure and ``CLEARER`` surer than it.
    The engine's dictionary lacks words plans print: 004's unit "... SOCIAL INCLUSIVO"
    (printed once) is no word of it even read right (0.92). On the seed-16 draw a white
    drop-out cut the O's right side, the page read "INCLUSIVC" (0.73), and the unit of all
    24 activities was lost; read again alone with the gap closed (``STROKE_GAP``),
    "INCLUSIVO" at 0.93."""
    return again.confidence >= SURE and again.confidence >= word.confidence + CLEARER and \
        sum(a != b for a, b in zip(again.text, word.text)) == 1


def joined(reading: list[EngineWord], a: EngineWord, b: EngineWord) -> bool:
    """Whether a reading of ``a`` and ``b`` in one crop replaces them: one word of the
    engine's dictionary spelled as their letters without the break, surer than the less
    sure of the two. Asked to be surer than both, a join hung on the neighbour's own
    confidence: 001's "Presu puesto" was joined read at 300 dpi (0.965 against "puesto"
    at 0.964), not at 301 (0.963 against 0.967). Of the 85 pairs read in one crop on 70
    pages (000-003: the grey scan read at 299, 300 and 301 dpi, bitonal, upside down)
    this join is the only one the rule changes: every other came back two words."""
    return len(reading) == 1 and reading[0].dictionary and reading[0].text == a.text + b.text \
        and reading[0].text.isalpha() and reading[0].confidence > min(a.confidence, b.confidence)


def widest_letter_gap(gray: np.ndarray, line: list[EngineWord], em: float) -> float:
    """The widest run of paper (pixels) between two letters inside the words of a line,
    across its x-height band (ink darker than ``PALE_INK``); 0 when none is found."""
    widest = 0
    for word in line:
        base = round(word_baseline(word, em))
        band = gray[max(0, base - round(X_HEIGHT * em)):base, word.x0:word.x1] < PALE_INK
        widest = max([widest, *(b - a for a, b in inner_paper(band.any(axis=0)))])
    return float(widest)


# A run of paper inside a word at least this share of its line's ordinary word gap (the
# median ink gap between its words) is a space the engine missed...
SPACE_SHARE = 0.75
# ... when it is also more than this many times the widest run of paper inside the line's
# other words (a line of letters spaced wide is left as read).
LETTER_GAPS = 2.0


def split_at_spaces(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with each word the engine is less sure of than ``REREAD_BELOW`` split
    where its ink has a run of paper as wide as a space on its line (``SPACE_SHARE`` of
    the median ink gap between the line's words, on a line of at least three such gaps)
    and far wider than any inside the line's other words (``LETTER_GAPS``). On 003's
    bitonal scan "DE LAS" read "DELAS" (0.88): 12 px of paper between E and L, where the
    line's words are 11-13 px apart and its letters at most 5 px. The split falls between
    the two letters whose boxes meet nearest the middle of the run. A word whose box runs
    over the next word of its line is not split where that word starts: on 004's second
    page upside down (committed scan) "BIENESTAR" read again in its cell came boxed over
    the "DEL" after it, its R's box over DEL's ink, and was split "BIENESTA R" at the
    space before DEL (the boxes are cut back where the next word starts,
    ``chars.words_to_records``)."""
    by_line, _ = line_order(words)
    split: dict[int, list[EngineWord]] = {}
    for ks in by_line.values():
        gaps = [words[b].x0 - words[a].x1 for a, b in pairwise(ks)]
        gaps = [g for g in gaps if g > 0]
        if len(gaps) < 3:
            continue
        space = SPACE_SHARE * float(np.median(gaps))
        runs = {k: paper_runs(gray, words[k]) for k in ks}
        for k in ks:
            word = words[k]
            if word.confidence >= REREAD_BELOW or len(word.glyphs) < 2:
                continue
            letters = max((r for j in ks if j != k for _, r in runs[j]), default=0)
            wide = [(x, r) for x, r in runs[k] if r >= space and r > LETTER_GAPS * letters]
            if len(wide) != 1:
                continue
            x, r = wide[0]
            middle = word.x0 + x + r / 2
            cut = min(range(1, len(word.glyphs)),
                      key=lambda j: abs((word.glyphs[j - 1].x1 + word.glyphs[j].x0) / 2 - middle))
            left, right = word.glyphs[:cut], word.glyphs[cut:]
            if not _letters_either_side(left, right, word.x0 + x, word.x0 + x + r):
                continue  # the paper parts no letters of the word: a box drawn over the next word
            if any(j != k and word.x0 + x <= words[j].x0 < word.x1 for j in ks):
                continue  # the paper is the space before the next word, which the box runs over
            if any(c.isalnum() for g in left for c in g.text) and any(c.isalnum() for g in right for c in g.text):
                split[k] = [word_of(list(left), word), word_of(list(right), word)]
    if not split:
        return words
    return [piece for k, w in enumerate(words) for piece in split.get(k, [w])]


def _letters_either_side(left: tuple[Glyph, ...], right: tuple[Glyph, ...], start: float, end: float) -> bool:
    """Whether a run of paper from ``start`` to ``end`` has a letter of the word on each
    side: the middle of a box of ``left`` before it and of ``right`` after it. On 002's
    page 8 (seed-14 draw, 300 dpi grey) the engine boxed the last "s" of "Correctivas"
    39 px wide (424-463, its middle at 443.5), over a speck after it and the "y" of the
    next word; the 11 px of paper before the "y" (437-448) had no letter of the word
    after it, and the word was split at the a|s boundary: "Correctiva s"."""
    return any((g.x0 + g.x1) / 2 <= start for g in left) and any((g.x0 + g.x1) / 2 >= end for g in right)


# Spanish words of one letter, which print glues to no word: a preposition, conjunctions.
ONE_LETTER_WORDS = frozenset("AaYyOoEeUu")
# Articles and prepositions of two letters, glued by the engine to the word after them as
# one-letter words are ("LA POBLACIÓN" read "LAPOBLACIÓN;", "DE LAS" read "DELAS").
TWO_LETTER_WORDS = frozenset("la el de en al lo".split())
# The paper after such a word, inside a word read as one, is the space the engine missed
# when it is at least this share of the page's ordinary word gap (not less: the E and S of
# "ESPECIALIZADA" leave 5 px against 3 on the bitonal scan of 003, where the page's word
# gaps are 12; "A LOS", set 4 px apart in a narrow heading of Chromium's plain 003, stays
# "ALOS", docs/ocr-traps.md, round 40)...
GLUED_SPACE_SHARE = 0.55
# ... and this many times the widest other run of paper inside the word, and wider than it
# by this many pixels: a run's ends are each a pixel's jitter, and on small print the runs
# are a few pixels: "DESEMPLEO" on Chromium's 4 pt print of 004 at 300 dpi leaves 3 px after
# its "DE" and 2 px between its other letters, half again as wide, where "DE LAS" glued
# leaves 4-5 px against 1 and "A TRAVÉS" 6 against 4.
GLUED_OVER_LETTERS = 1.5
GLUED_MARGIN_PX = 2
_TRAILING_MARKS = ".,;:"


def _glued_word(glyphs: tuple[Glyph, ...]) -> int | None:
    """How many glyphs of a word read as one make a one- or two-letter word glued to the
    letters after it (at least three, in the same case, a mark at the end allowed); None
    when its start is no such word."""
    text = "".join(g.text for g in glyphs)
    for n in (1, 2):
        head, rest = text[:n], text[n:].rstrip(_TRAILING_MARKS)
        known = head in ONE_LETTER_WORDS if n == 1 else head.lower() in TWO_LETTER_WORDS
        if (known and len(glyphs) > n and all(len(g.text) == 1 for g in glyphs[:n + 1]) and len(rest) >= 3
                and rest.isalpha() and rest.isupper() == head.isupper() and (head.isupper() or head.islower())):
            return n
    return None


def short_words_glued(gray: np.ndarray, words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with a word that begins with a one-letter word (``ONE_LETTER_WORDS``) or an
    article or preposition of two (``TWO_LETTER_WORDS``), the case of the letters after it,
    split after it where the paper after that word is a space narrowed by the print's
    shapes: at least ``GLUED_SPACE_SHARE`` of the page's median word gap, and
    ``GLUED_OVER_LETTERS`` times and ``GLUED_MARGIN_PX`` more than any other run of paper
    in the word. Five of the held-out prints of 004 (seeds 201 and 216) read the objective
    "... EL EMPLEO A TRAVÉS DEL ..." as "ATRAVÉS" (0.90-0.97, a word of the engine's
    dictionary): the A's foot and the T's bar leave 5-6 px of paper where a space is 8-10
    and the word's letters 2-4, too narrow for ``split_at_spaces`` (on a line of one or two
    gaps, besides), and all 24 activities took the misreading; Chromium's filled print
    read "LA POBLACIÓN;" as "LAPOBLACIÓN;" (7 px against 4), alone on its line. A word
    printed so ("AVANCE", "OBJETIVO", "ACUMULADO", "DESEMPLEO") leaves at most 1-3 px after
    its first letters. The run after the short word is the widest whose middle lies between
    the middles of its last letter and the next: the engine's boxes of small print overlap
    (Chromium's plain 004 boxed the T of "ATRAVÉS" from 2 px left of the paper after the A)."""
    by_line, _ = line_order(words)
    gaps = [g for ks in by_line.values() for a, b in pairwise(ks) if (g := words[b].x0 - words[a].x1) > 0]
    if len(gaps) < 3:
        return words
    space = GLUED_SPACE_SHARE * float(np.median(gaps))
    out: list[EngineWord] = []
    for word in words:
        glyphs = word.glyphs
        n = _glued_word(glyphs)
        if n is None:
            out.append(word)
            continue
        runs = paper_runs(gray, word)
        # The run after the short word: the widest whose middle lies between the middles of
        # its last letter and the next (the engine's boxes of small print overlap: "ATRAVÉS"
        # boxed its T from 2 px left of the paper after the A).
        short_end, next_letter = glyphs[n - 1], glyphs[n]
        between = [(x, r) for x, r in runs
                   if (short_end.x0 + short_end.x1) / 2 < word.x0 + x + r / 2 < (next_letter.x0 + next_letter.x1) / 2]
        first = max(between, key=lambda run: run[1], default=None)
        widest = max((r for x, r in runs if (x, r) != first), default=0)
        if first is not None and first[1] >= max(space, GLUED_OVER_LETTERS * widest, widest + GLUED_MARGIN_PX):
            out.extend([word_of(list(glyphs[:n]), word), word_of(list(glyphs[n:]), word)])
        else:
            out.append(word)
    return out


# Spellings no Spanish word has, each a one-letter word run into the next: "a través" is always
# two words (the engine's own Spanish word list holds "através", and reads it 0.91-0.97 sure
# where the space was lost), and so is "a los". Keyed without accents, in small letters.
_NEVER_ONE_WORD = frozenset({"atraves", "alos"})
_TRAILING_MARKS = "".join(MARKS)


def run_together_split(words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with a word that is two words run together no Spanish word spells
    (``_NEVER_ONE_WORD``, a mark after it allowed) split after its first letter, each part a
    word of the dictionary: what ``short_words_glued`` does where the ink shows no space at
    all. The space of "A TRAVÉS" is lost on many prints (Chromium's filled 004 at 300 dpi on
    the seed-430 draw: "ATRAVÉS" in the objective of 23 activities, none matched), and "A
    LOS" read "ALOS".

    The first letter is boxed as ending where the second begins, and as at least as wide as
    the word's letters are on average: the engine's box of a letter it read without its space
    can be a pixel wide at the next letter's start (Chromium's filled 003 at 300 dpi, seed
    460: "A LOS" printed with its space, read "ALOS", the A boxed 1 px wide on the L), and
    boxed so the two words left no gap between them and the table layer read them as one
    again."""
    out: list[EngineWord] = []
    for word in words:
        bare = word.text.rstrip(_TRAILING_MARKS)
        if (without_accents(bare).lower() in _NEVER_ONE_WORD and bare.isalpha()
                and len(word.glyphs) == len(word.text)):
            first, second = word.glyphs[0], word.glyphs[1]
            wide = (word.x1 - word.x0) / len(word.glyphs)
            first = first._replace(x0=round(min(first.x0, second.x0 - wide)), x1=second.x0)
            out.extend(word_of(list(part), word)._replace(dictionary=True)
                       for part in ((first,), word.glyphs[1:]))
            continue
        out.append(word)
    return out


def paper_runs(gray: np.ndarray, word: EngineWord) -> list[tuple[int, int]]:
    """The runs of paper columns between the first and last ink of ``word``'s box (ink
    darker than ``PALE_INK``): (start, width) in pixels from the box's left edge."""
    return [(a, b - a) for a, b in inner_paper((gray[word.top:word.bottom, word.x0:word.x1] < PALE_INK).any(axis=0))]


def inner_paper(ink: np.ndarray) -> list[tuple[int, int]]:
    """The runs of paper (``(start, end)``) between the first and the last column of ``ink``."""
    cols = np.flatnonzero(ink)
    if cols.size < 2:
        return []
    return [(cols[0] + a, cols[0] + b) for a, b in true_runs(~ink[cols[0]:cols[-1] + 1])]


# Lower-case letters read with an acute, and the letter without it.
ACUTES = {"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u"}
# A mark over a lower-case letter with less ink than this (em², at Otsu's threshold of
# the word's box) is no printed acute: on 000-003 (grey read at 299, 300 and 301 dpi,
# bitonal, upside down) the specks read as acutes over lower-case letters measured
# 0.003-0.0065 em², the median mark over an accented letter 0.015. A capital's acute,
# flatter, measures 0.005-0.007 on the grey scan and 0.003 thinned on the bitonal one, as
# small as a speck: capitals are not judged ("TRAVÉS" stays).
ACUTE_SPECK_EM2 = 0.008


def accents_of_a_speck(gray: np.ndarray, words: list[EngineWord], engine, dpi: int) -> list[EngineWord]:
    """``words`` with each word of unlikely spelling (``unlikely``) read with an acute
    over a lower-case letter where the mark over it is smaller than a printed acute
    (``ACUTE_SPECK_EM2``) read again alone without that mark, and replaced when that
    reading is a word of the engine's dictionary spelled as the first with those acutes
    taken off, at least ``UNSURE`` sure. 000's second page read at 299 dpi had a 3 by 3
    px speck over the "o" of "acciones" ("acciónes", 0.88), 001's second page a 3 by 2
    px speck over an "a" of "realizada" (read "realizáda" alone, 0.90, step 11's reading
    of a mark over a letter); each was read without the mark to the word. Only towards a
    word the engine knows: a printed acute thinned by a threshold stays when the word
    without it is no word."""
    line_em = line_ems(words)
    if line_em is None:
        return words
    h, w = gray.shape
    picked, boxes = [], []
    out_gray = None
    for k, word in enumerate(words):
        if not unlikely(word) or not any(g.text in ACUTES for g in word.glyphs):
            continue
        em = line_em[word.line]
        m = max(2, round(MARGIN_EM * em))
        x0, top, x1, bottom = max(0, word.x0 - m), max(0, word.top - m), min(w, word.x1 + m), min(h, word.bottom + m)
        crop = gray[top:bottom, x0:x1]
        bw = binarize(crop)
        count, labels, stats, centres = label_ink(bw)
        rows = np.flatnonzero(bw.any(axis=1))
        if count < 2 or not rows.size:
            continue
        middle = (rows[0] + rows[-1]) / 2
        specks = [n for n in range(1, count) if stats[n, cv2.CC_STAT_AREA] <= ACUTE_SPECK_EM2 * em * em
                  and stats[n, cv2.CC_STAT_TOP] + stats[n, cv2.CC_STAT_HEIGHT] <= middle
                  and any(g.text in ACUTES and g.x0 <= x0 + centres[n][0] < g.x1 for g in word.glyphs)]
        if not specks:
            continue
        if out_gray is None:
            out_gray = gray.copy()
        grown = cv2.dilate(np.isin(labels, specks).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        out_gray[top:bottom, x0:x1][grown] = 255
        picked.append(k)
        boxes.append((x0, top, x1, bottom))
    if not picked:
        return words
    out = list(words)
    for k, reading in zip(picked, engine.read_lines(out_gray, boxes, dpi, _once)):
        if acutes_taken_off(reading, words[k]):
            out[k] = reading[0]._replace(line=words[k].line)
    return out


def acutes_taken_off(reading: list[EngineWord], word: EngineWord) -> bool:
    """Whether a reading replaces ``word``: one word of the engine's dictionary, at least
    ``UNSURE`` sure, spelled as ``word`` with one or more lower-case acutes taken off."""
    if len(reading) != 1 or not reading[0].dictionary or reading[0].confidence < UNSURE:
        return False
    text = reading[0].text
    return len(text) == len(word.text) and text != word.text and \
        all(a == b or ACUTES.get(b) == a for a, b in zip(text, word.text))


# Ink under an i's dot this wide (a share of its line's em), within the boxes of the r and
# the i, is an arch, not an i's stem (a bar of 0.08-0.25 em, ``shapes.STEM_EM``).
ARCH_MIN_EM = 0.45
# How far above the x-height a mark over an arch is looked for (em): an i's dot, an accent.
DOT_ZONE_EM = 0.45


def arches_read_ri(gray: np.ndarray, words: list[EngineWord], engine, dpi: int) -> list[EngineWord]:
    """``words`` with each word of unlikely spelling (``unlikely``) read with "ri" over one
    piece of ink, an arch with a mark over it (an "n" with a speck over it, read as an r
    and a dotted i), read again alone with the mark painted out, and replaced when that
    reading is the word with "n" for each such "ri", a word of the engine's dictionary,
    at least ``UNSURE`` sure. Typst's print of 001 scanned (seed 240) had a 2 px speck
    over the "n" of "concursos", as large as an i's dot there, and the page read
    "coricursos" (0.87), and so did the word read alone; the seed-270 draw read
    "coritratos". A printed "ri" is two pieces of ink, the i's stem a bar apart from the r."""
    line_em = line_ems(words)
    if line_em is None:
        return words
    h, w = gray.shape
    picked, boxes, wanted = [], [], []
    out_gray = None
    for k, word in enumerate(words):
        if not unlikely(word) or "ri" not in word.text or len(word.glyphs) != len(word.text):
            continue
        em = line_em[word.line]
        base = round(word_baseline(word, em))
        top = max(0, round(base - (X_HEIGHT + DOT_ZONE_EM) * em))
        body = max(0, round(base - X_HEIGHT * em)) - top  # the x-height band's first row
        ink = (gray[top:base, word.x0:word.x1] < INK_LEVEL).astype(np.uint8)
        count, labels, stats, _ = label_ink(ink)
        marks, text = [], word.text
        for j in reversed(range(len(word.glyphs) - 1)):
            r, i = word.glyphs[j], word.glyphs[j + 1]
            if r.text != "r" or i.text != "i":
                continue
            column = min(max(0, round((i.x0 + i.x1) / 2) - word.x0), ink.shape[1] - 1)
            under = {n for n in labels[body:, column].tolist() if n}
            if len(under) != 1:
                continue
            arch = under.pop()
            x, y, width = (int(v) for v in stats[arch, :3])
            if width < ARCH_MIN_EM * em or not r.x0 <= word.x0 + x < word.x0 + x + width <= i.x1 + 1:
                continue
            over = [n for n in range(1, count) if n != arch and stats[n, 1] + stats[n, 3] <= y
                    and stats[n, 0] < x + width and x < stats[n, 0] + stats[n, 2]]
            if over:
                marks += over
                text = text[:j] + "n" + text[j + 2:]
        if not marks:
            continue
        if out_gray is None:
            out_gray = gray.copy()
        grown = cv2.dilate(np.isin(labels, marks).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        out_gray[top:base, word.x0:word.x1][grown] = 255
        m = max(2, round(MARGIN_EM * em))
        picked.append(k)
        wanted.append(text)
        boxes.append((max(0, word.x0 - m), max(0, word.top - m), min(w, word.x1 + m), min(h, word.bottom + m)))
    if not picked:
        return words
    out = list(words)
    for k, text, reading in zip(picked, wanted, engine.read_lines(out_gray, boxes, dpi, _once)):
        if len(reading) == 1 and reading[0].text == text and reading[0].dictionary and reading[0].confidence >= UNSURE:
            out[k] = reading[0]._replace(line=words[k].line)
    return out
