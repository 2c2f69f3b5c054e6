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
# Digits on both sides of white space: two numbers in one cell ("342 254", two columns
# read as one), never one number. Spaces around signs ("10 %", "≥ 85%", "$ 20") are fine.
_TWO_NUMBERS = re.compile(r"\d\s+[\d.,]")
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


def number_locale(name: str) -> NumberLocale:
    """A locale by its name ("1,234.5" or "1.234,5"), with a clear error otherwise."""
    try:
        return LOCALES[name.strip()]
    except KeyError:
        raise ValueError(f"unknown number locale {name!r}: use one of {', '.join(LOCALES)}") from None


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


@dataclass(frozen=True, slots=True)
class LocaleDecision:
    locale: NumberLocale
    basis: str  # override | numbers | arithmetic | country | default
    note: str  # why, in words (for the documents' message and the check)
    conflict: bool = False  # some evidence read the other way

    @property
    def assumed(self) -> bool:
        """No evidence in the document: the country's convention, or ours."""
        return self.basis in ("country", "default")

    @property
    def doubtful(self) -> bool:
        """A reader should look: assumed, or decided against some of the evidence."""
        return self.assumed or self.conflict


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
    other way is named in the note (``conflict``). Without any evidence, the country's
    convention, else 1,234.5: assumptions, and the decision says so.
    """
    if override:
        return LocaleDecision(number_locale(override), "override", "set by the user")
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
            parts.append(f"{tokens[winner]} printed numbers read only as {winner.name}")
        if sums[winner]:
            parts.append(f"{sums[winner]} rows add up to their total only as {winner.name}")
        if prior is winner:
            parts.append(f"the convention of {country}")
        if evidence[loser]:
            against = []
            if tokens[loser]:
                against.append(f"{tokens[loser]} printed numbers")
            if sums[loser]:
                against.append(f"{sums[loser]} rows' totals")
            parts.append(f"against {' and '.join(against)} that read only as {loser.name}")
        return LocaleDecision(winner, basis, "; ".join(parts), conflict=evidence[loser] > 0)
    if prior is not None:
        return LocaleDecision(prior, "country",
                              f"no printed number tells; {prior.name} is the convention of {country}")
    return LocaleDecision(POINT_DECIMAL, "default", f"no printed number tells; {POINT_DECIMAL.name} assumed")
