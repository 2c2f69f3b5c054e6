"""Printed value cells -> numbers: "8.33%", "10 %", "1,100", "$20,000.00", "≥ 85%"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SYMBOLS = re.compile(r"[≥≤<>$%\s]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d+)?|\.\d+)$")
# Digits on both sides of white space: two numbers in one cell ("342 254", two columns
# read as one), never one number. Spaces around signs ("10 %", "≥ 85%", "$ 20") are fine.
_TWO_NUMBERS = re.compile(r"\d\s+[\d.,]")


@dataclass(frozen=True, slots=True)
class ParsedValue:
    value: float | None  # None: the cell prints no number (e.g. a lone "%")
    kind: str  # percent | number | currency
    ok: bool  # False: the cell holds text that is not a number at all


def value_kind(raw: str) -> str:
    if "%" in raw:
        return "percent"
    if "$" in raw:
        return "currency"
    return "number"


def parse_value(raw: str) -> ParsedValue:
    """Parse one printed value cell.

    Commas are thousands separators in these documents, including malformed
    groups ("21,00" is 2100: the only reading consistent with its row total).
    Where both "," and "." appear, the last one is the decimal mark. Digits on
    both sides of a space are two numbers, not one: the cell is not a number (it is
    quarantined), where joining them would print a silently wrong value.
    """
    kind = value_kind(raw)
    if _TWO_NUMBERS.search(raw):
        return ParsedValue(None, kind, False)
    text = _SYMBOLS.sub("", raw)
    if not text:
        return ParsedValue(None, kind, bool(raw.strip()))
    if "," in text and "." in text and text.rfind(",") > text.rfind("."):
        text = text.replace(".", "").replace(",", ".")  # 1.234,5 (decimal comma)
    else:
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        return ParsedValue(None, kind, False)
    return ParsedValue(float(text), kind, True)


def parse_number(raw: str | None) -> float | None:
    """A printed total ("100%", "2,225") as a plain number, None when blank or not a number."""
    if not raw or not raw.strip():
        return None
    return parse_value(raw).value
