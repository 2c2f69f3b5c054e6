"""Printed value cells -> numbers: "8.33%", "10 %", "1,100", "$20,000.00", "≥ 85%",
and the number locale of a document: which mark is the decimal one.

Half of Latin America (and Spain, Brazil) prints "1.234,5"; Mexico, Central America
and Peru print "1,234.5". "3.000" is three thousand in Bogotá and three in Lima: a
reader that guesses divides by a thousand without a word. The locale is decided per
document from the evidence it prints (:func:`locale_votes`, :func:`decide_locale`),
else from its own arithmetic (months that only add up to the printed total under one
reading), else from the country's convention, and then said to be an assumption.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_SYMBOLS = re.compile(r"[≥≤<>$%\s]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d+)?|\.\d+)$")
# Digits on both sides of white space or of a sign: two numbers in one cell ("342 254",
# two columns read as one; "10% 1", two rows' cells read as one), never one number. A
# sign stands before its number ("≥ 85%", "$ 20") or after it ("10 %"), not between two.
_TWO_NUMBERS = re.compile(r"\d[\s≥≤<>$%]+[\d.,]")
# A token of digits and separators, signs and symbols aside.
_DIGITS = re.compile(r"^[+-]?\d[\d.,]*$")


@dataclass(frozen=True, slots=True)
class NumberLocale:
    """The marks a document prints numbers with."""

    decimal: str
    thousands: str

    @property
    def name(self) -> str:
        """How the locale is written in documents.parquet and on the command line."""
        return f"1{self.thousands}234{self.decimal}5"


POINT_DECIMAL = NumberLocale(".", ",")  # 1,234.5: Mexico, Central America, Peru, ...
COMMA_DECIMAL = NumberLocale(",", ".")  # 1.234,5: Colombia, Argentina, Chile, Spain, Brazil, ...
LOCALES = {loc.name: loc for loc in (POINT_DECIMAL, COMMA_DECIMAL)}

# The convention of the countries whose plans we meet (ISO 3166 alpha-2). Only a
# fallback: a document's own numbers decide first.
COUNTRY_LOCALES = {
    **dict.fromkeys(("MX", "GT", "SV", "HN", "NI", "PA", "DO", "PE", "PR", "US", "GB"), POINT_DECIMAL),
    **dict.fromkeys(("CO", "AR", "CL", "UY", "PY", "BO", "EC", "VE", "CR", "CU", "ES", "BR", "PT"),
                    COMMA_DECIMAL),
}


_LANGUAGE_TAG = re.compile(r"^(?:[a-z]{2,3}[-_])?([A-Za-z]{2})$")


def number_locale(name: str) -> NumberLocale:
    """A locale by its name ("1,234.5" or "1.234,5") or by a country's convention
    ("es-CO", "CO", "es_MX"), with a clear error otherwise."""
    text = name.strip()
    if text in LOCALES:
        return LOCALES[text]
    tag = _LANGUAGE_TAG.match(text)
    if tag and tag.group(1).upper() in COUNTRY_LOCALES:
        return COUNTRY_LOCALES[tag.group(1).upper()]
    raise ValueError(f"unknown number locale {name!r}: use {' or '.join(LOCALES)}, or a country's "
                     f"(es-CO, es-MX, or one of {', '.join(sorted(COUNTRY_LOCALES))})")


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


def parse_value(raw: str, locale: NumberLocale = POINT_DECIMAL) -> ParsedValue:
    """Parse one printed value cell in the document's number locale.

    A token that prints both marks says itself which is the decimal one (the last).
    Otherwise the locale decides: its thousands mark is dropped, including in
    malformed groups ("21,00" in a 1,234.5 plan is 2100: the only reading
    consistent with its row total), and its decimal mark becomes the point. Digits on
    both sides of a space are two numbers, not one: the cell is not a number (it is
    quarantined), where joining them would print a silently wrong value.
    """
    kind = value_kind(raw)
    if _TWO_NUMBERS.search(raw):
        return ParsedValue(None, kind, False)
    text = _SYMBOLS.sub("", raw)
    if not text:
        return ParsedValue(None, kind, bool(raw.strip()))
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
    else:
        decimal, thousands = locale.decimal, locale.thousands
    text = text.replace(thousands, "").replace(decimal, ".")
    if not _NUMBER.match(text):
        return ParsedValue(None, kind, False)
    return ParsedValue(float(text), kind, True)


def grouping_malformed(raw: str, locale: NumberLocale = POINT_DECIMAL) -> bool:
    """Whether ``raw`` (one number) prints the locale's thousands mark before anything but a
    group of three digits ("$5,000,00" or "21,00" in a 1,234.5 document), a token that
    prints no decimal mark of its own. :func:`parse_value` reads the mark as grouping all
    the same (a text layer's "21,00" is 2100, the only reading its row total allows); read
    by OCR it is more likely a decimal mark misread (``values_malformed_doubted``)."""
    text = _SYMBOLS.sub("", raw)
    if not _DIGITS.match(text) or locale.decimal in text or locale.thousands not in text:
        return False
    head, *groups = text.lstrip("+-").split(locale.thousands)
    return not 1 <= len(head) <= 3 or any(len(group) != 3 for group in groups)


def marks_reversed(raw: str, locale: NumberLocale = POINT_DECIMAL) -> bool:
    """Whether ``raw`` (one number) prints both marks, the last of them the locale's
    thousands mark ("1.062,997" in a 1,234.5 document). :func:`parse_value` takes the last
    mark for the decimal one, as a text layer that quotes another country's figure prints
    it; read by OCR it is more likely one mark misread for the other
    (``values_malformed_doubted``)."""
    text = _SYMBOLS.sub("", raw)
    return bool(_DIGITS.match(text)) and locale.decimal in text and locale.thousands in text \
        and text.rfind(locale.thousands) > text.rfind(locale.decimal)


def decimals_like_a_group(raw: str, locale: NumberLocale = POINT_DECIMAL) -> bool:
    """Whether ``raw`` (one number) prints one to three digits, the locale's decimal mark
    and exactly three digits, no thousands mark ("2.660" in a 1,234.5 document): what a
    thousands group prints with its mark read for the other. Read by OCR on a thresholded
    scan, a comma whose tail the threshold cut is a point (``values_malformed_doubted``)."""
    text = _SYMBOLS.sub("", raw).lstrip("+-")
    head, mark, tail = text.partition(locale.decimal)
    # A group never follows a lone zero ("0.125" is a fraction however its mark is read).
    return bool(mark) and head.isdigit() and 1 <= len(head) <= 3 and head != "0" and tail.isdigit() and len(tail) == 3


def parse_number(raw: str | None, locale: NumberLocale = POINT_DECIMAL) -> float | None:
    """A printed total ("100%", "2,225") as a plain number, None when blank or not a number."""
    if not raw or not raw.strip():
        return None
    return parse_value(raw, locale).value


# ----------------------------------------------------------------------- evidence


def token_locale(raw: str) -> NumberLocale | None:
    """The locale one printed number proves, or None when it fits both.

    "1.250.000" (two thousands groups), "4,070.8" (both marks: the last is the
    decimal one), "12,5" or "2,75" (a mark not followed by three digits cannot group
    thousands) prove a locale; "3.000" or "1,100" do not (three digits after one mark
    read either way), nor does a plain "450".
    """
    text = _SYMBOLS.sub("", raw)
    if not _DIGITS.match(text) or ("," not in text and "." not in text):
        return None
    if "," in text and "." in text:
        return COMMA_DECIMAL if text.rfind(",") > text.rfind(".") else POINT_DECIMAL
    mark = "," if "," in text else "."
    parts = text.lstrip("+-").split(mark)
    if len(parts) > 2:  # several groups: the mark groups thousands
        return COMMA_DECIMAL if mark == "." else POINT_DECIMAL
    head, tail = parts
    if len(tail) == 3 and 1 <= len(head) <= 3:
        return None  # 3.000 / 1,100: either reading
    return COMMA_DECIMAL if mark == "," else POINT_DECIMAL


def locale_votes(raws: Iterable[str]) -> dict[NumberLocale, int]:
    """How many printed numbers prove each locale."""
    votes = {POINT_DECIMAL: 0, COMMA_DECIMAL: 0}
    for raw in raws:
        locale = token_locale(raw)
        if locale is not None:
            votes[locale] += 1
    return votes


def arithmetic_votes(rows: Iterable[tuple[Sequence[str], str]]) -> dict[NumberLocale, int]:
    """How many rows' printed months add up to their printed total under each reading
    (a row that agrees under both, or neither, proves nothing)."""
    votes = {POINT_DECIMAL: 0, COMMA_DECIMAL: 0}
    for months, total in rows:
        agree = []
        for locale in (POINT_DECIMAL, COMMA_DECIMAL):
            parsed = [parse_value(m, locale).value for m in months]
            whole = parse_value(total, locale).value
            agree.append(None not in parsed and whole is not None and parsed
                         and abs(sum(parsed) - whole) <= 0.005 * max(1.0, abs(whole)))
        if agree[0] != agree[1]:
            votes[POINT_DECIMAL if agree[0] else COMMA_DECIMAL] += 1
    return votes


# How a document's number locale was decided (documents.parquet ``number_locale_basis``).
LOCALE_BASES = {
    "override": "set by the user (--number-locale, or the input folder's number_locales.csv)",
    "numbers": "printed numbers that read only one way (\"1.250.000\", \"2,5\"), none the other way",
    "arithmetic": "rows whose months add up to their printed total only under one reading, none the other way",
    "disputed": "evidence both ways; the side with more (the country's convention weighing as three) won",
    "unambiguous": "every printed number reads the same either way (no grouping, no decimals): nothing to decide",
    "country": "numbers that read either way (\"3.000\") and nothing to tell: the country's convention, assumed",
    "default": "numbers that read either way, no known country: 1,234.5, assumed",
}
# A reader should look at these: the locale was assumed, or decided against some evidence.
DOUBTFUL_BASES = frozenset({"disputed", "country", "default"})


@dataclass(frozen=True, slots=True)
class LocaleDecision:
    locale: NumberLocale
    basis: str  # one of LOCALE_BASES
    note: str  # why, in words (documents.parquet ``number_locale_evidence``, and the check's message)

    def __post_init__(self) -> None:
        if self.basis not in LOCALE_BASES:
            raise ValueError(f"unknown number locale basis {self.basis!r}")

    @property
    def conflict(self) -> bool:
        """Some evidence read the other way."""
        return self.basis == "disputed"

    @property
    def assumed(self) -> bool:
        """No evidence in the document: the country's convention, or ours."""
        return self.basis in ("country", "default")

    @property
    def doubtful(self) -> bool:
        """A reader should look: assumed, or decided against some of the evidence."""
        return self.basis in DOUBTFUL_BASES


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# A known country's convention weighs as much as this many printed numbers: one
# malformed group ("21,00" in a Salvadoran plan, two digits after a thousands comma)
# must not turn every "1,100" of the document into 1.1.
COUNTRY_WEIGHT = 3


def decide_locale(raws: Sequence[str], rows: Sequence[tuple[Sequence[str], str]], country: str | None,
                  override: str | None = None) -> LocaleDecision:
    """The number locale of one document.

    The user's override wins. Otherwise the evidence of the document: printed numbers
    that read only one way (:func:`token_locale`) and rows whose months only add up to
    their total under one reading (:func:`arithmetic_votes`), with the country's
    convention counting as ``COUNTRY_WEIGHT`` more for its side; evidence read the
    other way is named in the note (basis ``disputed``). Without any evidence, either
    nothing depends on it (every number reads the same both ways: ``unambiguous``) or
    the country's convention, else 1,234.5, is assumed, and the decision says so.
    """
    if override:
        return LocaleDecision(number_locale(override), "override", f"set by the user ({override.strip()})")
    tokens, sums = locale_votes(raws), arithmetic_votes(rows)
    evidence = {loc: tokens[loc] + sums[loc] for loc in tokens}
    prior = COUNTRY_LOCALES.get(country or "")
    if any(evidence.values()):
        score = {loc: n + (COUNTRY_WEIGHT if loc is prior else 0) for loc, n in evidence.items()}
        winner = max(score, key=lambda loc: (score[loc], loc is POINT_DECIMAL))
        loser = COMMA_DECIMAL if winner is POINT_DECIMAL else POINT_DECIMAL
        basis = "numbers" if tokens[winner] else ("arithmetic" if sums[winner] else "country")
        parts = []
        if tokens[winner]:
            parts.append(f"{_count(tokens[winner], 'printed number')} read only as {winner.name}")
        if sums[winner]:
            parts.append(f"{_count(sums[winner], 'row')} add up to their total only as {winner.name}")
        if prior is winner:
            parts.append(f"the convention of {country}")
        if evidence[loser]:
            against = []
            if tokens[loser]:
                against.append(_count(tokens[loser], "printed number"))
            if sums[loser]:
                against.append(f"{_count(sums[loser], 'row')}' totals")
            parts.append(f"against {' and '.join(against)} read only as {loser.name}")
        return LocaleDecision(winner, "disputed" if evidence[loser] else basis, "; ".join(parts))
    either = [raw for raw in raws if parse_value(raw, POINT_DECIMAL) != parse_value(raw, COMMA_DECIMAL)]
    if not either:
        chosen = prior or POINT_DECIMAL
        return LocaleDecision(chosen, "unambiguous", "every printed number reads the same with either mark; "
                              + (f"{chosen.name}, the convention of {country}" if prior else f"{chosen.name} recorded"))
    either_way = f"{_count(len(either), 'printed number')} read either way (e.g. {either[0]!r}), none tells"
    if prior is not None:
        return LocaleDecision(prior, "country", f"{either_way}; {prior.name} is the convention of {country}, assumed")
    return LocaleDecision(POINT_DECIMAL, "default", f"{either_way}; {POINT_DECIMAL.name} assumed")
