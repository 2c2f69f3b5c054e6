"""Glyphs -> lines -> words -> text: how every strategy turns glyphs into cell text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .records import Char
from .settings import TableSettings


def chars_to_lines(chars: Iterable[Char], settings: TableSettings) -> list[list[Char]]:
    """Group glyphs into lines (top to bottom), each sorted left to right."""
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: (c.top, c.x0)):
        if lines:
            last = lines[-1]
            ref = last[0]
            overlap = min(ch.bottom, ref.bottom) - max(ch.top, ref.top)
            height = min(ch.bottom - ch.top, ref.bottom - ref.top) or 1.0
            if overlap >= settings.line_overlap * height:
                last.append(ch)
                continue
        lines.append([ch])
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def line_to_text(line: Sequence[Char], settings: TableSettings) -> str:
    """Join the glyphs of one line, inserting one space where the gap is a word gap."""
    parts: list[str] = []
    prev: Char | None = None
    for ch in line:
        if prev is not None and ch.text != " " and not parts[-1].endswith(" "):
            gap = ch.x0 - prev.x1
            if gap > settings.word_gap * max(ch.size, prev.size, 1.0):
                parts.append(" ")
        parts.append(ch.text)
        prev = ch
    return " ".join("".join(parts).split())


def chars_to_text(chars: Iterable[Char], settings: TableSettings) -> str:
    """Text of a block of glyphs: its lines joined with one space (wrapped cell text)."""
    return " ".join(t for t in (line_to_text(l, settings) for l in chars_to_lines(chars, settings)) if t)
