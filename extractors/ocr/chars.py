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
``SIDE_BEARING`` em on both sides: the gap between two words then measures as a
space does in a text layer (0.25–0.35 em), below the column gap of the text
alignment (0.35 em).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..layout.records import Char, OcrWord
from ..layout.sources import EM_DESCENT
from .tesseract import EngineWord

# Height of a word's ink above its baseline, in em, by the tallest kind of letter it holds.
X_HEIGHT, CAP_HEIGHT, ACCENTED_CAP_HEIGHT = 0.55, 0.74, 0.93
_SHORT = frozenset("acemnorsuvwxzgpqy.,:;-_~=+*·•«»<>\"'`´¨")
_ACCENTED_CAPS = frozenset("ÁÉÍÓÚÜÑÀÈÌÒÙÂÊÎÔÛÇ")
# How far below the baseline a letter's ink reaches, in em.
DESCENT = {**dict.fromkeys("gjpqyÇç", 0.24), **dict.fromkeys("()[]{}|Q", 0.13), **dict.fromkeys(",;", 0.12)}
LINE_SPLIT = 0.4
SIDE_BEARING = 0.06
# Engine output that a Spanish plan never prints, as what it stands for.
LOOKALIKES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'",
                            "\u2014": "-", "\u2013": "-", "\u2012": "-"})


def ink_height(text: str) -> float | None:
    """How high the ink of ``text`` rises above its baseline, in em (None: punctuation only)."""
    if any(c in _ACCENTED_CAPS for c in text):
        return ACCENTED_CAP_HEIGHT
    if any(c.isalnum() and c not in _SHORT for c in text) or any(c in "%$#&/()[]{}!?¿¡|\\@" for c in text):
        return CAP_HEIGHT
    if any(c.isalnum() for c in text):
        return X_HEIGHT
    return None


def clean_text(text: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text).translate(LOOKALIKES)) \
        if not text.isascii() else text


def word_metrics(word: EngineWord) -> tuple[float, float] | None:
    """A word's em and baseline (pixels), from its ink box and letters (None: punctuation only)."""
    rise = ink_height(word.text)
    if rise is None or word.bottom <= word.top:
        return None
    drop = max((DESCENT.get(c, 0.0) for c in word.text), default=0.0)
    em = (word.bottom - word.top) / (rise + drop)
    return em, word.bottom - drop * em


def visual_lines(words: Sequence[EngineWord]) -> list[tuple[float, float, list[EngineWord]]]:
    """Words as printed lines, each ``(em, baseline, words)``.

    The engine's lines are split where a word's own baseline is off the line's by
    more than ``LINE_SPLIT`` em: it sometimes takes the two lines of a wrapped table
    cell for one, which would put their letters on one line, interleaved."""
    lines: list[tuple[list[float], list[float], list[EngineWord]]] = []
    loose: list[EngineWord] = []
    by_engine_line: dict[int, list[EngineWord]] = defaultdict(list)
    for word in words:
        by_engine_line[word.line].append(word)
    for group in by_engine_line.values():
        mine: list[tuple[list[float], list[float], list[EngineWord]]] = []
        for word in group:
            metrics = word_metrics(word)
            if metrics is None:
                loose.append(word)
                continue
            em, base = metrics
            for ems, bases, members in mine:
                if abs(base - _median(bases)) <= LINE_SPLIT * _median(ems):
                    ems.append(em), bases.append(base), members.append(word)
                    break
            else:
                mine.append(([em], [base], [word]))
        lines.extend(mine)
    out = [(_median(ems), _median(bases), members) for ems, bases, members in lines]
    for word in loose:  # punctuation alone: on the line its box sits on
        middle = (word.top + word.bottom) / 2
        near = min(out, key=lambda l: abs(l[1] - 0.3 * l[0] - middle), default=None)
        if near is not None and abs(near[1] - 0.3 * near[0] - middle) <= near[0]:
            near[2].append(word)
        else:
            height = max(1.0, word.bottom - word.top)
            out.append((height / CAP_HEIGHT, word.bottom, [word]))
    return out


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def words_to_records(words: Iterable[EngineWord], scale_x: float, scale_y: float,
                     ) -> tuple[tuple[Char, ...], tuple[OcrWord, ...]]:
    """Engine words (pixels) -> glyphs and OCR words in points (``scale_*``: points per pixel)."""
    chars: list[Char] = []
    ocr_words: list[OcrWord] = []
    for em_px, baseline, line in visual_lines(list(words)):
        size = round(em_px * scale_y, 2)
        pad = SIDE_BEARING * em_px * scale_x
        bottom = round(baseline * scale_y + EM_DESCENT * size, 3)
        top = round(bottom - size, 3)
        for word in sorted(line, key=lambda w: w.x0):
            text = clean_text(word.text)
            if not text:
                continue
            ocr_words.append(OcrWord(text, round(word.x0 * scale_x, 3), round(word.top * scale_y, 3),
                                     round(word.x1 * scale_x, 3), round(word.bottom * scale_y, 3),
                                     round(word.confidence, 3)))
            x0, x1 = word.x0 * scale_x - pad, word.x1 * scale_x + pad
            step = (x1 - x0) / len(text)
            chars.extend(Char(letter, round(x0 + k * step, 3), top, round(x0 + (k + 1) * step, 3), bottom, size)
                         for k, letter in enumerate(text))
    return tuple(chars), tuple(ocr_words)
