"""The engine's words as the table layer's glyphs (Char) and as OcrWord records.

The table layer finds words and cells from glyph geometry measured in em (the
glyph's ``size``; see extractors/layout/words.py), so each word becomes glyphs the
way a text layer describes them: a box one em tall set ``EM_DESCENT`` below the
baseline, the same for every glyph of a line (lines group exactly), and the word's
width shared among its letters, touching (no gap inside a word).

The em is not printed on a scan: it is measured from the ink. A word's ink rises
from the baseline to a height that depends on its letters (x-height letters only,
capitals/digits/ascenders, accented capitals), in em of a sans-serif type; the
line's em is the median over its words. Ink boxes are narrower than the advances a
text layer gives (a glyph's side bearings), so each word is widened by
``SIDE_BEARING`` em on both sides (``side_bearings``): the gap between two words
then measures as a space does in a text layer, and every gap the table layer
measures (word gap, column gap of the text alignment, 0.35 em) means the same on
both sources. Without it, the ink gaps of a justified line (0.37–0.46 em, where the
text layer's advances leave 0.32–0.35 em) split it into "cells", and a slide's
heading and a cover's lines were read as a table.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from math import ceil
from typing import NamedTuple

from ..layout.records import Char, OcrWord
from ..layout.sources import EM_DESCENT
from ..vocabulary import code_lookalikes_to_code
from .tesseract import EngineWord, Glyph

# Height of a word's ink above its baseline, in em, by the tallest kind of letter it holds.
X_HEIGHT, CAP_HEIGHT, ACCENTED_CAP_HEIGHT = 0.55, 0.74, 0.93
_SHORT = frozenset("acemnorsuvwxzgpqy.,:;-_~=+*·•«»<>\"'`´¨")
_ACCENTED_CAPS = frozenset("ÁÉÍÓÚÜÑÀÈÌÒÙÂÊÎÔÛÇ")
# How far below the baseline a letter's ink reaches, in em.
DESCENT = {**dict.fromkeys("gjpqyÇç", 0.24), **dict.fromkeys("()[]{}|Q", 0.13), **dict.fromkeys(",;", 0.12)}
LINE_SPLIT = 0.4
# A word whose ink is taller than this many of its line's em holds two lines of text.
TWO_LINES_EM = 1.5
# Least gap (em) kept between two words of a line: a word gap to the table layer (0.1).
WORD_BREAK = 0.2
# No letter or digit is printed less than this share of the page's em tall (x-height: 0.55).
LETTER_MIN_EM = 0.25
# A letter's side bearing (em): paper between its ink and its advance, on each side.
# 0.06-0.09 in DejaVu Sans, 0.03-0.09 in Arial; a scan's blur takes about a pixel off.
# Measured on the 16 pages of scan-300-grey (word pairs read alike on both sources): the
# ink gap between two words is 0.05-0.08 em (median) wider than the text layer's gap
# before it; with 0.05 it is 0.02-0.05 narrower (docs 000-003).
SIDE_BEARING = 0.05
# A word of marks this much (share of its width) under another word's box is ink read twice.
MARK_OVER = 0.5
# No printed quote mark is shorter than this (em).
QUOTE_EM = 0.18
# A "<" or ">" is at least this tall (em; 0.45-0.6 in sans-serif type): a smaller one is a speck.
CHEVRON_EM = 0.3
# Signs printed as tall as a digit (0.7 em in sans-serif type; 0.4 em on the smallest print
# scanned, Typst's 004 at 200 dpi): one alone less than SIGN_MIN_EM of its row's em tall is a
# speck (``is_sign_speck``), as a word of letters is under LETTER_MIN_EM of the page's.
TALL_SIGNS = frozenset("%$#&@")
SIGN_MIN_EM = LETTER_MIN_EM
# A mark smaller than this (em, its larger side) is smaller than any full stop: a speck.
STOP_MIN_EM = 0.1
# Marks a speck of dust is read as.
MARKS = frozenset(".,:;'\"`*_-~|^!¡°»«")
# Dashes: a hyphen, an en dash, an em dash (a code's separator, a cell's dash for nothing).
DASHES = frozenset("-–—")
# Engine output that a Spanish plan never prints, as what it stands for.
LOOKALIKES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'",
                            "\u2014": "-", "\u2013": "-", "\u2012": "-"})


def rise(letter: str) -> float | None:
    """How high a letter's ink rises above the baseline, in em (None: not a letter or digit)."""
    if letter in _ACCENTED_CAPS:
        return ACCENTED_CAP_HEIGHT
    if letter.isalnum():
        return X_HEIGHT if letter in _SHORT else CAP_HEIGHT
    return None


def clean_text(text: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text).translate(LOOKALIKES)) \
        if not text.isascii() else text


def glyph_em(glyph: Glyph) -> float | None:
    """The em (pixels) a letter's ink box says, from its kind (None: punctuation)."""
    ems = glyph_ems((glyph,))
    return ems[0] if ems else None


def glyph_ems(glyphs) -> list[float]:
    """``glyph_em`` of each of ``glyphs`` that has one, in order: the loop every step that
    measures lines runs over a page's 2,000-6,000 letters, some twenty times a page."""
    heights, out = _EM_HEIGHT, []
    for glyph in glyphs:
        text = glyph.text
        height = heights[text] if text in heights else heights.setdefault(text, em_height(text))
        if height is not None and glyph.bottom > glyph.top:
            out.append((glyph.bottom - glyph.top) / height)
    return out


# Capitals are measured against short letters (``case_scale``) line by line, on lines
# printing at least one capital and this many short letters ...
CASE_MIN_SHORT = 3
# ... at least this tall (pixels, their median): a letter's height is counted in whole
# pixels, and on smaller print one pixel is a tenth of it or more (004's 3.3 pt print at
# 300 dpi, 7-8 px) ...
CASE_MIN_PX = 12
# ... on a page holding at least this many such lines.
CASE_MIN_LINES = 5
# The scale is kept within these bounds (cap height over x-height: 1.33 in DejaVu Sans,
# 1.38 in Liberation Sans, 1.46-1.51 in serif types; a blurred scan measures its short
# letters a pixel or two taller).
CASE_SCALE_RANGE = (0.85, 1.25)
_PLAIN_CAPITALS = frozenset("ABCDEFGHIKLMNOPRSTUVWXYZ")  # neither descending (J, Q) nor accented
_SHORT_LETTERS = frozenset("acemnorsuvwxz")  # x-height, no dot, no descender


def case_scale(words: Sequence[EngineWord]) -> float:
    """How much larger than ``glyph_em`` says a capital's em is on this page's print, for
    a line of capitals to measure as its small letters do: ``CAP_HEIGHT`` over
    ``X_HEIGHT`` against the median over the page's lines of their capitals' mean height
    over their short letters' (lines of ``CASE_MIN_SHORT`` short letters of
    ``CASE_MIN_PX`` or more; 1.0 for a page with fewer than ``CASE_MIN_LINES``). Line by
    line: a page prints text of several sizes, and a blur of a pixel or two weighs more
    on small print (004's web print: its notes' capitals 1.28 times their small letters,
    its table's 1.1-1.4). The em's constants are a sans-serif type's; Calc's Liberation
    Sans at 300 dpi measures capitals 1.21 times its small letters' height (23 and 19 px
    on 001's second page), not 1.35: every line of capitals measured 10% smaller than
    the same type in small letters, and a unit heading set 1.20 times its table's text
    measured 1.12 times it, under the 1.15 of a heading."""
    by_line: dict[int, list[EngineWord]] = defaultdict(list)
    for word in words:
        by_line[word.line].append(word)
    ratios = []
    for line in by_line.values():
        tall = [g.bottom - g.top for w in line for g in w.glyphs if g.text in _PLAIN_CAPITALS]
        small = [g.bottom - g.top for w in line for g in w.glyphs if g.text in _SHORT_LETTERS]
        if tall and len(small) >= CASE_MIN_SHORT and median(small) >= CASE_MIN_PX:
            ratios.append(sum(tall) / len(tall) / (sum(small) / len(small)))
    if len(ratios) < CASE_MIN_LINES:
        return 1.0
    low, high = CASE_SCALE_RANGE
    return max(low, min(high, CAP_HEIGHT / (X_HEIGHT * median(ratios))))


def in_capitals(words: Sequence[EngineWord]) -> bool:
    """Whether ``words`` print a capital and no small letter (digits and marks aside)."""
    letters = [c for w in words for c in w.text if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters)


def em_height(text: str) -> float | None:
    """How many em a letter's ink box spans, rise and descent (None: not one letter or digit)."""
    up = rise(text) if len(text) == 1 else None
    return None if up is None else up + DESCENT.get(text, 0.0)


# ``em_height`` by text, filled as letters are met: the em of every letter of a page is
# asked for by each step that measures lines (6-12 times a letter, 75,000 calls on a page
# of 004's small print).
_EM_HEIGHT: dict[str, float | None] = {}


def is_speck(glyph: Glyph, em: float) -> bool:
    """A mark at a word's end that no printed character of this size could be: a
    speck of dust read as punctuation ("25%." "8%:" "'0.00")."""
    text, height, width = glyph.text, glyph.bottom - glyph.top, glyph.x1 - glyph.x0
    if text in "<>":
        return height < CHEVRON_EM * em  # 004's speck read "<", 0.23 em tall
    if text not in MARKS:
        return False
    if max(height, width) < STOP_MIN_EM * em:  # smaller than any full stop
        return True
    if text in ":;":
        return height < 0.3 * em  # two dots, a letter's body apart
    if text in "|!¡":
        return height < 0.5 * em
    if text in "'\"`*":
        return height < QUOTE_EM * em
    return False


def is_speck_word(word: EngineWord, page_em: float | None) -> bool:
    """A word whose ink is less than ``LETTER_MIN_EM`` of the page's em tall: specks
    or a scrap of a ruling line read as letters ("e", "sos"). Alone, they make a line
    of their own, whose em they set themselves, so the page's em measures them."""
    return (page_em is not None and word.bottom - word.top < LETTER_MIN_EM * page_em
            and any(c.isalnum() for c in word.text))


def is_sign_speck(word: EngineWord, words: Sequence[EngineWord]) -> bool:
    """A sign printed as tall as a digit (``TALL_SIGNS``) read alone, less than
    ``SIGN_MIN_EM`` of the em that the letters and digits of the words beside it on its
    rows say (the words whose boxes share rows with it; none: not a speck): a speck, as
    ``is_speck_word`` takes a word of letters. Writer's 001 at 300 dpi grey (seed 380): a
    0.7 pt speck at the foot of a cell's "10%" was read "%" (0 sure), a word of its own
    over the value's box, and the month's value was lost. Measured against its row, not
    the page: on a page of larger print (004's summary page) the page's em is well above
    that of a small table's header "AVANCE %", whose sign Typst's print at 200 dpi scans
    0.4 em tall."""
    if word.text not in TALL_SIGNS:
        return False
    ems = [em for w in words if w is not word and w.top < word.bottom and word.top < w.bottom
           for em in glyph_ems(w.glyphs)]
    return bool(ems) and word.bottom - word.top < SIGN_MIN_EM * _median(ems)


def is_mark_over_word(word: EngineWord, line: Sequence[EngineWord]) -> bool:
    """A word of marks only whose box lies mostly (``MARK_OVER``) within another word of its
    line: ink the engine read twice, once as that word's letter and once as a mark. On
    004's small print a speck beside "PROGRAMADO" was read as "." with the "O"'s box on it
    too; kept, the mark sorted before the "O" ("PROGRAMAD.O", no measure)."""
    if not word.text or any(c not in MARKS for c in word.text):
        return False
    width = max(1, word.x1 - word.x0)
    return any(other is not word and any(c.isalnum() for c in other.text)
               and min(word.x1, other.x1) - max(word.x0, other.x0) >= MARK_OVER * width for other in line)


def trim_specks(word: EngineWord, em: float) -> tuple[Glyph, ...]:
    """The word's letters without the specks read as marks at its ends (``is_speck``).
    Only when the engine's letter boxes are in order: on small print it can put a mark's
    box on a speck beside the mark (004's '"TRABAJA': the '"' boxed on a 2 px speck left
    of it, the quote's own ink inside the "R"'s box, 48 px wide), and then the box says
    nothing of the mark's size."""
    glyphs = list(word.glyphs)
    if any(b.x0 < a.x0 for a, b in zip(glyphs, glyphs[1:])):
        return tuple(glyphs)
    while glyphs and is_speck(glyphs[-1], em):
        glyphs.pop()
    while glyphs and is_speck(glyphs[0], em):
        glyphs.pop(0)
    return tuple(glyphs)


def runaway_letters(words: Sequence[EngineWord]) -> list[EngineWord]:
    """``words`` with the letters whose box runs over the next word of their engine line
    (the next in the engine's order, starting right of the word's first letter) cut
    back to end a word break (``WORD_BREAK``) before it. On small print (004's 3-4 pt)
    the engine can box a word's last letter to the end of its line: "MONITOREO"'s final
    "O" 1116-1266 px, over "DE UNIDAD FUNCIONAL" (1116-1266); laid out over that width,
    the letters of the four words were sorted into one another ("MONIDE TUNIODAD
    RFUNECIOONAL"). The engine's word order and its word breaks are kept: only the box
    is cut, and a letter starting past the cut is put after the letter before it."""
    out = list(words)
    for k, word in enumerate(words[:-1]):
        nxt = words[k + 1]
        if nxt.line != word.line or not word.glyphs or nxt.x0 <= word.glyphs[0].x0 or word.x1 < nxt.x0:
            continue
        ems = glyph_ems(word.glyphs + nxt.glyphs)
        # The engine reads a space here: at least a word break's paper is left before it.
        end = max(word.glyphs[0].x0 + 1, nxt.x0 - 1 - (ceil(WORD_BREAK * _median(ems)) if ems else 0))
        glyphs, before = [], word.glyphs[0].x0
        for g in word.glyphs:
            x1 = min(g.x1, end)
            x0 = g.x0 if g.x0 < x1 else min(before, x1 - 1)
            glyphs.append(g._replace(x0=x0, x1=x1))
            before = max(before, x1)
        out[k] = word._replace(x0=min(g.x0 for g in glyphs), x1=max(g.x1 for g in glyphs), glyphs=tuple(glyphs))
    return out


def visual_lines(words: Sequence[EngineWord], default_em: float | None = None,
                 ) -> list[tuple[float, float, list[EngineWord]]]:
    """Words as printed lines, each ``(em, baseline, words)`` (pixels).

    A line's em is the median of what its letters' ink boxes say (``glyph_em``); a
    word's baseline is the median bottom of its letters without descenders. The
    engine's lines are split where a word's baseline is off the line's by more than
    ``LINE_SPLIT`` em: it sometimes takes the two lines of a wrapped table cell for
    one, which would put their letters on one line, interleaved. A line without a
    letter (marks only) has the em ``default_em`` (when given: the page's)."""
    out: list[tuple[float, float, list[EngineWord]]] = []
    by_engine_line: dict[int, list[EngineWord]] = defaultdict(list)
    for word in words:
        by_engine_line[word.line].append(word)
    for group in by_engine_line.values():
        ems = [em for w in group for em in glyph_ems(w.glyphs)]
        em = _median(ems) if ems else default_em or max(w.bottom - w.top for w in group) / CAP_HEIGHT
        mine: list[tuple[list[float], list[int]]] = []
        bases_of = [word_baseline(word, em) for word in group]
        middle = _median(bases_of)
        # The line the engine read is seeded by its middle word, not its first: a first
        # word whose letters the engine boxed down into the next line (004's
        # "AOI00106600133", 0.45 em low) would set a baseline its line's words are off.
        for k in sorted(range(len(group)), key=lambda k: abs(bases_of[k] - middle)):
            base, word = bases_of[k], group[k]
            for bases, members in mine:
                if abs(base - _median(bases)) <= LINE_SPLIT * em or spans_x_height(word, _median(bases), em):
                    bases.append(base), members.append(k)
                    break
            else:
                mine.append(([base], [k]))
        # In the engine's order, lines and words, each line on the median of its letters'
        # bottoms: a word's own median can rest on one letter the engine boxed low.
        out.extend((em, line_baseline([group[k] for k in members], bases), [group[k] for k in sorted(members)])
                   for bases, members in sorted(mine, key=lambda line: min(line[1])))
    return words_beside_rehomed(out)


# A word off its line's baseline by more than this many em, a word space or less (``BESIDE``)
# beside a word of another line whose baseline it sits on within this, is of that line.
SAME_BASELINE = 0.1
BESIDE = 0.35


def words_beside_rehomed(lines: list[tuple[float, float, list[EngineWord]]],
                         ) -> list[tuple[float, float, list[EngineWord]]]:
    """``lines`` (``visual_lines``) with each word that sits off its line's baseline
    (``SAME_BASELINE``) and on another's, a word space or less beside a word of that line
    (``BESIDE``), moved to it; the baselines of the lines it leaves and joins measured again.

    The engine can part a printed word in two and read the halves on two lines: Chromium's
    filled print of 003 at 200 dpi (seed 310) read the header "AVANCE" as "AVANC" on its
    line and "E" on the line above (the first lines of the header cells beside it), whose
    em a misread bracket made so large that the "E", 0.33 of it below, stayed; the table
    then found a column border between "%" and that "E", and the executed and progress
    columns were read as one."""
    moves: dict[int, int] = {}
    for i, (em, base, words) in enumerate(lines):
        if len(words) < 2:
            continue
        for word in words:
            own = word_baseline(word, em)
            if abs(own - base) <= SAME_BASELINE * em:
                continue
            for j, (other_em, other_base, others) in enumerate(lines):
                if j != i and abs(own - other_base) <= SAME_BASELINE * other_em and any(
                        max(o.x0 - word.x1, word.x0 - o.x1) <= BESIDE * other_em for o in others):
                    moves[id(word)] = j
                    break
    if not moves:
        return lines
    members = [[w for w in words if id(w) not in moves] for _, _, words in lines]
    changed = set(moves.values())
    for i, (_, _, words) in enumerate(lines):
        for word in words:
            if id(word) in moves:
                members[moves[id(word)]].append(word)
                changed.add(i)
    out = []
    for i, (line, words) in enumerate(zip(lines, members)):
        em = line[0]
        if i not in changed:
            out.append(line)
        elif words:
            words.sort(key=lambda w: w.x0)
            out.append((em, line_baseline(words, [word_baseline(w, em) for w in words]), words))
    return out


def line_baseline(words: Sequence[EngineWord], bases: Sequence[float]) -> float:
    """The baseline of a printed line of ``words`` (``bases``: their ``word_baseline``):
    the median bottom of all its letters without descenders, or of ``bases`` when it has
    none. Taken as the median of its words' baselines, a line of two words sat on the
    lower: Chromium's filled 002 (seed-250 draw) "(a junio)", its "a" boxed down to the
    parenthesis' foot (1.5 pt under the "u", "n", "i", "o" of "junio)"), was set 1.6 pt
    low, taken for a cell of its own under "Ejecutado", and the header split."""
    bottoms = [g.bottom for w in words for g in w.glyphs if rise(g.text) is not None and g.text not in DESCENT]
    return _median(bottoms) if bottoms else _median(bases)


def spans_x_height(word: EngineWord, baseline: float, em: float) -> bool:
    """Whether ``word``'s ink box covers the x-height band of a line at ``baseline`` and
    is no taller than a line: a letter whose box an engine ran into a speck or a letter
    of the next line ("a" boxed 1.4 em tall) sits on that line, whatever its bottom."""
    return word.top <= baseline - X_HEIGHT * em and word.bottom >= baseline and \
        word.bottom - word.top <= TWO_LINES_EM * em


def word_baseline(word: EngineWord, em: float) -> float:
    bottoms = [g.bottom for g in word.glyphs if rise(g.text) is not None and g.text not in DESCENT]
    if bottoms:
        return _median(bottoms)
    return word.bottom - max((DESCENT.get(g.text, 0.0) for g in word.glyphs), default=0.0) * em


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def median(values: Sequence[float]) -> float:
    """``float(np.median(values))``, to the bit (the mean of the middle two of an even
    count), 30 times cheaper on the few values of a line (20 us a call in numpy, made
    for every engine line of a page by each step that measures lines)."""
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


class _Placed(NamedTuple):
    """A word's letters on its printed line: em (pixels), line box (points), ink (pixels)."""

    em: float
    top: float
    bottom: float
    size: float
    line: int
    word: EngineWord
    letters: list[tuple[str, Glyph]]

    @property
    def ink0(self) -> float:
        return self.letters[0][1].x0

    @property
    def ink1(self) -> float:
        return self.letters[-1][1].x1


def side_bearings(placed: Sequence[_Placed]) -> list[tuple[float, float]]:
    """How far (pixels) each word is widened on its left and right: ``SIDE_BEARING`` em,
    less where ink of another word beside it (on any line whose box overlaps its own)
    is nearer: a gap between two words, which the engine reads as a space, keeps
    ``WORD_BREAK`` of the larger em, whatever the bearings."""
    out = [[SIDE_BEARING * p.em, SIDE_BEARING * p.em] for p in placed]
    order = sorted(range(len(placed)), key=lambda k: placed[k].top)
    tops = [placed[k].top for k in order]
    tallest = max((p.bottom - p.top for p in placed), default=0.0)
    # The words' fields as plain lists: read by attribute and property in the loop below,
    # they took most of its time (a page of 004 compares 1,200 words with 150 each).
    bottoms, ems = [p.bottom for p in placed], [p.em for p in placed]
    ink0, ink1 = [p.ink0 for p in placed], [p.ink1 for p in placed]
    for i, a in enumerate(placed):
        a_top, a_ink1, a_em = a.top, ink1[i], ems[i]
        for j in order[bisect_left(tops, a_top - tallest):bisect_left(tops, bottoms[i])]:
            if bottoms[j] <= a_top or ink0[j] < a_ink1:  # not beside it on the right
                continue
            room = max(0.0, (ink0[j] - a_ink1 - WORD_BREAK * max(a_em, ems[j])) / 2)
            if room < out[i][1]:
                out[i][1] = room
            if room < out[j][0]:
                out[j][0] = room
    return [(left, right) for left, right in out]


def spelled_as_code(letters: list[tuple[str, Glyph]]) -> list[tuple[str, Glyph]]:
    """A word's letters, a code misread with look-alike letters and digits spelled right
    (``code_lookalikes_to_code``: "0E1.07" is "OEI.07"); the same letters otherwise."""
    text = "".join(t for t, _ in letters)
    spelled = code_lookalikes_to_code(text)
    if spelled == text:
        return letters
    out, start = [], 0
    for t, g in letters:
        out.append((spelled[start:start + len(t)], g))
        start += len(t)
    return out


def words_to_records(words: Iterable[EngineWord], scale_x: float, scale_y: float,
                     ) -> tuple[tuple[Char, ...], tuple[OcrWord, ...]]:
    """Engine words (pixels) -> glyphs and OCR words in points (``scale_*``: points per pixel).

    Letters keep the engine's boxes across (made to touch within a word, the first and
    last widened by their side bearings, ``side_bearings``); specks read as marks at a
    word's ends are dropped."""
    chars: list[Char] = []
    ocr_words: list[OcrWord] = []
    words = runaway_letters(list(words))
    ems = [em for w in words for em in glyph_ems(w.glyphs)]
    page_em = _median(ems) if ems else None
    placed: list[_Placed] = []
    scale = case_scale(words)
    for n, (em_px, baseline, line) in enumerate(visual_lines(words, page_em)):
        # A line of capitals is measured as the page's small letters measure (``case_scale``).
        size = round(em_px * (scale if scale != 1.0 and in_capitals(line) else 1.0) * scale_y, 2)
        bottom = round(baseline * scale_y + EM_DESCENT * size, 3)
        top = round(bottom - size, 3)
        for word in sorted(line, key=lambda w: w.x0):
            if is_mark_over_word(word, line):
                continue
            glyphs = () if is_speck_word(word, page_em) or is_sign_speck(word, words) else trim_specks(word, em_px)
            letters = [(clean_text(g.text), g) for g in glyphs]
            letters = [(t, g) for t, g in letters if t and not t.isspace()]
            if letters:
                letters = spelled_as_code(letters)
                placed.append(_Placed(em_px, top, bottom, size, n, word, letters))
    for n, (p, (left, right)) in enumerate(zip(placed, side_bearings(placed))):
        em_px, top, bottom, size, word, letters = p.em, p.top, p.bottom, p.size, p.word, p.letters
        x0, x1 = p.ink0 - left, p.ink1 + right
        ocr_words.append(OcrWord("".join(t for t, _ in letters), round(p.ink0 * scale_x, 3),
                                 round(min(g.top for _, g in letters) * scale_y, 3), round(p.ink1 * scale_x, 3),
                                 round(max(g.bottom for _, g in letters) * scale_y, 3), round(word.confidence, 3)))
        following = placed[n + 1] if n + 1 < len(placed) and placed[n + 1].line == p.line else None
        if following and x1 > (cut := following.ink0 - WORD_BREAK * em_px) > letters[-1][1].x0:
            # The engine reads a space here, but its box of a word's last letter can
            # run over it into the next word: cut back, or the two would be one word.
            x1 = cut
        # Letter k runs from the middle of the gap before it to the middle of the gap after it.
        edges = [x0] + [(a.x1 + b.x0) / 2 for (_, a), (_, b) in zip(letters, letters[1:])] + [x1]
        if any(b < a for a, b in zip(edges, edges[1:])):
            # Glyph boxes out of order (the engine's alignment of letters to ink can
            # wander on small print): the word's width shared evenly instead.
            step = (x1 - x0) / len(letters)
            edges = [x0 + k * step for k in range(len(letters) + 1)]
        for k, (text, _) in enumerate(letters):
            left, right = edges[k], max(edges[k], edges[k + 1])
            step = (right - left) / len(text)
            chars.extend(Char(letter, round((left + j * step) * scale_x, 3), top,
                              round((left + (j + 1) * step) * scale_x, 3), bottom, size)
                         for j, letter in enumerate(text))
    return tuple(chars), tuple(ocr_words)
