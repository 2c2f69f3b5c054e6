"""Glyphs -> lines -> words -> text: how every strategy turns glyphs into cell text.

Word breaks come from glyph geometry alone: a gap wider than ``word_gap`` font
sizes between two glyphs of a line. Sources never pass space glyphs on (a producer
may print them or only leave room for them), so the same words come out whether
or not a producer emits spaces, and from every text source alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter

from .records import Char
from .settings import TableSettings

_X0 = itemgetter(1)  # Char.x0


def chars_to_lines(chars: Iterable[Char], settings: TableSettings) -> list[list[Char]]:
    """Group glyphs into lines (top to bottom), each sorted left to right.

    A glyph joins the current line when it overlaps the line's first glyph
    vertically by ``line_overlap`` of the smaller height. Glyphs of one run share
    their box exactly, so they are grouped by box first and the test runs once per
    distinct box (a few dozen per page, not thousands).
    """
    boxes: dict[tuple[float, float], list[Char]] = {}
    for ch in chars:
        boxes.setdefault((ch.top, ch.bottom), []).append(ch)
    lines: list[list[Char]] = []
    ref_top = ref_bottom = 0.0
    for (top, bottom), group in sorted(boxes.items()):
        if lines:
            overlap = min(bottom, ref_bottom) - max(top, ref_top)
            height = min(bottom - top, ref_bottom - ref_top) or 1.0
            # A margin of 0.05 pt: an overlap of exactly the threshold (labels shrunk
            # to fit and set at the top of their cells) must not be decided by the
            # last digits a source computes.
            if overlap >= settings.line_overlap * height + 0.05:
                lines[-1].extend(group)
                continue
        lines.append(list(group))
        ref_top, ref_bottom = top, bottom
    for line in lines:
        line.sort(key=_X0)
    return lines


def line_to_words(line: Sequence[Char], settings: TableSettings) -> list[str]:
    """The words of one line (glyphs sorted by x): split where the gap is a word gap."""
    words: list[str] = []
    run: list[str] = []
    prev: Char | None = None
    word_gap = settings.word_gap
    for ch in line:
        if prev is not None:
            gap = ch.x0 - prev.x1
            if gap > word_gap and gap > word_gap * max(ch.size, prev.size, 1.0):
                words.append("".join(run))
                run = []
        run.append(ch.text)
        prev = ch
    if run:
        words.append("".join(run))
    return words


def line_to_text(line: Sequence[Char], settings: TableSettings) -> str:
    """Join the glyphs of one line, one space between words."""
    return " ".join(" ".join(line_to_words(line, settings)).split())


def chars_to_text(chars: Iterable[Char], settings: TableSettings) -> str:
    """Text of a block of glyphs: its lines joined with one space (wrapped cell text)."""
    return " ".join(t for t in (line_to_text(l, settings) for l in chars_to_lines(chars, settings)) if t)


def chars_to_words(chars: Iterable[Char], settings: TableSettings) -> list[list[str]]:
    """The words of every line of these glyphs, top to bottom."""
    return [line_to_words(line, settings) for line in chars_to_lines(chars, settings)]
