"""OCR values held to the totals their document computes (pure functions over records).

A CEPLAN report registered "Acumulado Anual" prints, for each line (planned, executed),
its twelve months and their sum (AVANCE ACUMULADO), computed by the CEPLAN application:
the print's own arithmetic is exact. On a scan a speck inside a digit's ring is read as
a stroke (``0.00`` read ``6.00``, ``1.00`` read ``1.60``), often 0.9 sure or more, and the
number would be published silently wrong; the line's sum then no longer holds. So, on
values read by OCR, a line whose months do not sum to its printed total is

* **mended** when exactly one plausible reading of one of its cells makes the sum hold:
  one digit read for another (``1.60`` -> ``1.00``), or the table's decimal point lost
  (``100`` -> ``1.00``). The mended value is kept at most ``DISAGREED`` sure, under the
  contract's ``OCR_MIN_CONFIDENCE``: listed by the check ``ocr_value_confident`` for a
  person to confirm on the page image, never published as sure;
* else **flagged**: every value of the line (months and total) at most ``DISAGREED`` sure,
  since one of them (or more) was misread and the arithmetic cannot say which;
* **flagged** too when the line was read without its total (the cell quarantined, its
  digits not the months' sum, or lost): no sum vouches for its months. On Typst's print
  of 004 (seed-201 draw, 300 dpi grey) a total read "131 879.00" went to quarantine, and
  a month of its line, "20,079.00" read "2079.00" 0.61 sure, was published wrong and sure.

A line read with several totals (another column's cell read into its annual one) is held
to the one total it holds to, its other totals flagged (``line_of_totals``).

Only exact, computed totals mend. A PAT's monthly percentages summing to 100 or a
"Total meta" typed by hand do not: 71 activities of 000 print months that do not sum to
100 (truth notes), and a mend there would change a number read right. Such a sum can
still name the one cell (or pair of cells) of its line a slip of the reader explains,
which is then flagged and left as read (``cells_off_their_sum_doubted``). Text-layer values
(``confidence`` None) are never touched: their digits are the file's own.

A value cell of such a line that OCR read with a mark too many or in the wrong place
(``0.00.``, ``0:00``, ``.110.00``) is quarantined as no number. When it is the one cell
the line lacks and its digits are those of the number the line's sum leaves for it, in
the table's form (``0:00`` where the sum leaves 0.00), it is that number
(``cells_read_by_their_line``), at most ``DISAGREED`` sure, and leaves quarantine; so
is one whose reading lost one digit and holds no letter (``31.84.00`` for ``31,884.00``).
A line mended by its sum reads its unread cell once mended (the worker reads the
quarantined cells again after ``hold_to_totals``).

A reading of all zeros that lost the point of its table's form (``000`` where the table
prints ``0.00``) is the same number: its text is written in the table's form
(``zeros_to_form``), its confidence kept.

A thresholded (bitonal) scan loses the points of many cells, several on one line: the
readings of digits alone count in the table's form with their point lost (``fraction_counts``),
and a line that holds to its sum with every lost point put back is read so
(``points_put_back``), each such cell at most ``DISAGREED`` sure; a line whose every number
lost its point holds as read too, and the form, not the sum, tells which it prints.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from bisect import bisect_left
from itertools import combinations

from extractors.values import (POINT_DECIMAL, NumberLocale, decimals_like_a_group, grouping_malformed, marks_reversed,
                               parse_number, value_kind)
from extractors.vocabulary import AGGREGATIONS, ANNUAL_SUM, normalize_label

from .confidence import UNREADABLE

# At most this sure after a line's sum disagreed (as the engine's own DISPUTED, under the
# contract's OCR_MIN_CONFIDENCE of 0.6): a person confirms the value on the page image.
DISAGREED = 0.5
TOLERANCE = 1e-6  # printed decimals are exact; this only absorbs float sums
# A table prints its numbers in one form (its decimals) when this share of its OCR values
# has it: 004 prints 2 decimals in every cell (600 of 618 read so on the committed scan).
FORM_SHARE = 0.9
# ... counting readings of digits alone as that form with its point lost when readings that
# print a decimal mark are at least this share of them (``fraction_counts``).
MARKED_SHARE = 0.5
_DIGIT = re.compile(r"\d")
_NOT_DIGIT = re.compile(r"\D")
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")
_ZEROS_WITH_POINT = re.compile(r"^0+\.0+$")
_NOT_NUMBER_HEAD = re.compile(r"^[^\d]+")  # a sign or currency before the digits ("$0", "-05")


def hold_to_totals(activities: Sequence[dict], values: list[dict],
                   locale: NumberLocale = POINT_DECIMAL, aggregated: bool = False) -> list[dict]:
    """``values`` with each OCR line of an "Acumulado Anual" activity held to its printed
    sum (mended or flagged, see the module), zeros that lost their point written in the
    table's form, and other readings off that form flagged (``off_form_doubted``). New
    dicts for the values changed; the others as they are. ``aggregated``: the plan prints
    each activity's aggregation (CEPLAN's); a line whose aggregation OCR did not read may
    be summed, and is flagged when it does not sum (``unread_aggregation_doubted``)."""
    values = zeros_to_form(values, locale)
    if aggregated:
        values = unread_aggregation_doubted(activities, values)
    fractions = fraction_counts(values, locale)
    out = list(values)
    for line in summed_lines(activities, values).values():
        months, totals = read_months_and_totals(line, values)
        if not months:
            continue
        if not totals:
            # The print sums every such line: read without its total (the cell read as no
            # number and not the sum of the months read, else ``cells_read_by_their_line``
            # took it), no sum vouches for its months.
            for k, new in flagged(values, months).items():
                out[k] = new
            continue
        if len(totals) > 1:
            for k, new in line_of_totals(values, months, totals, fractions, locale).items():
                out[k] = new
            continue
        for k, new in line_held_to_total(values, months, totals[0], fractions, locale).items():
            out[k] = new
    return off_form_doubted(out, locale)


def unread_aggregation_doubted(activities: Sequence[dict], values: list[dict]) -> list[dict]:
    """``values`` with each OCR line of an activity whose aggregation OCR did not read (no
    aggregation the plan's closed list holds) that has one total and months that do not
    sum to it flagged, every cell of it at most ``DISAGREED`` sure; changed in nothing.
    Such a line may be "Acumulado Anual", whose sum would have caught a misread month, or
    another aggregation, whose months need not sum: no mend is tried, and a line that sums
    is left as read. Chromium's plain print of 004 at 300 dpi (seed 201) read its
    aggregation column into the unit's cells ("INFORME Acumulado Anua"): no line was held
    to its sum, and an "11.00" read "1.00" 0.85 sure, the two 1s joined at their feet, was
    published wrong and sure."""
    unread = {a["row"] for a in activities if not (isinstance(a.get("aggregation"), str)
                                                   and normalize_label(a["aggregation"]) in AGGREGATIONS)}
    out = list(values)
    for line in lines_of(unread, values).values():
        months, totals = read_months_and_totals(line, values)
        if months and len(totals) == 1 and \
                abs(sum(values[k]["value"] for k in months) - values[totals[0]]["value"]) > TOLERANCE:
            for k, new in flagged(values, [*months, *totals]).items():
                out[k] = new
    return out


def line_of_totals(values: Sequence[dict], months: list[int], totals: list[int], fractions: Counter,
                   locale: NumberLocale) -> dict[int, dict]:
    """The values of a line read with several totals to replace (index -> new value). A
    cell that is not the line's total was read into its place (the seed-63 draw of 004,
    300 dpi grey: a planned line of months 1.00 and 1.00 read with two annual cells, its
    total "2.00" and the next column's "100.00", published 0.96 sure as its total), and
    only the line's sum can say which one is its own: the one total the line holds to
    (its months sum to it, or one plausible mend makes them, ``line_held_to_total``) is
    the line's, the line held to it as to any total, and the other totals are flagged (at
    most ``DISAGREED`` sure); when no total or more than one is so, every cell of the line
    is flagged, changed in nothing."""
    held = {}
    for total in totals:
        new = line_held_to_total(values, months, total, fractions, locale)
        if not new or any(v["raw"] != values[k]["raw"] for k, v in new.items()):  # sums, or mended
            held[total] = new
    if len(held) != 1:
        return flagged(values, [*months, *totals])
    ((total, new),) = held.items()
    return {**new, **flagged(values, [k for k in totals if k != total])}


def off_form_doubted(values: list[dict], locale: NumberLocale = POINT_DECIMAL) -> list[dict]:
    """``values`` with each OCR reading off the table's form kept at most ``DISAGREED``
    sure: its decimals not the table's (``table_form``: every cell of such a table prints
    them, so a reading without them lost or gained a mark, and no sum said which; seed 13's
    "0.00" read "00", 0.77 sure), or a currency sign where the table prints none, or none
    where it prints one in every cell (``sign_form``: 004's "817.00" read "$17.00", 0.95
    sure, on the seed-115 draw; a line of two misread months, which no sum mends); in a
    table that mixes, against its row's other readings (``row_sign_forms``); a "%" where its
    row's other readings print none, or none where they print one; or a 2 before
    a bound its line prints after a comparison sign (``_bound_sign_read_as_two``). New
    dicts for the values changed."""
    form = table_form(fraction_counts(values, locale))
    currency = sign_form(values)
    by_row = {} if currency is not None else row_sign_forms(values)
    percent = row_sign_forms(values, "percent")
    bounds = bounds_by_line(values)
    if not form and currency is None and not by_row and not percent and not bounds:
        return values
    return [{**v, "confidence": _doubted(v["confidence"])}
            if _off_form(v, form, locale) or _off_sign(v, currency if currency is not None else by_row.get(v["row"]))
            or _off_sign(v, percent.get(v["row"]), "percent")
            or _bound_sign_read_as_two(v, bounds, locale) else v for v in values]


COMPARISON_SIGNS = "≥≤<>"


def _bounded(raw: str) -> bool:
    """Whether a printed number carries a comparison sign ("≥ 85%")."""
    return any(sign in raw for sign in COMPARISON_SIGNS)


def bounds_by_line(values: Sequence[dict]) -> dict[tuple, set[float]]:
    """The numbers each line (row, measure) of OCR values prints after a comparison sign
    ("≥ 85%": 85): the bounds a plan sets its goals at."""
    bounds: dict[tuple, set[float]] = {}
    for v in _ocr_numbers(values):
        if _bounded(v["raw"]):
            bounds.setdefault((v["row"], v["measure"]), set()).add(v["value"])
    return bounds


def _bound_sign_read_as_two(value: dict, bounds: dict[tuple, set[float]], locale: NumberLocale) -> bool:
    """An OCR number read surer than ``DISAGREED`` with no comparison sign, a 2 first, and
    after it a bound its line prints after a sign: the sign read as a 2 ("≥ 85%" read
    "285%", 0.83, beside the same line's "≥ 85%" of another year: Writer's 002 scanned
    bitonal, seed 500, published wrong and sure), or one slip away from one ("≥ 85%" read
    "283%", 0.74, beside "> 85%": Typst's 002 scanned bitonal, seed 510)."""
    raw = value.get("raw") or ""
    line = bounds.get((value["row"], value["measure"]))
    if not line or not _sure_number(value) or _bounded(raw) or not raw.startswith("2"):
        return False
    rest = raw[1:].lstrip()
    return parse_number(rest, locale) in line or any(number in line for number in slips(rest, locale))


# A row's OCR values say whether it prints a currency sign when at least this many of them do.
ROW_SIGN_VALUES = 4


def row_sign_forms(values: Sequence[dict], kind: str = "currency") -> dict[int, bool]:
    """Whether each row's OCR values print ``kind``'s sign (True; ``value_kind``: "currency"
    a "$", "percent" a "%") or none (False), for rows of at least ``ROW_SIGN_VALUES``
    numbers whose every reading but one agrees: a document that mixes amounts and counts
    (002), or percentages and counts (001), prints one kind in a row. Typst's 002 scanned
    bitonal (seed 490): "$12,000.00" read "512,000.00" (0.69) among a row's five amounts
    read with their "$", published wrong and sure; Typst's 000 at 200 dpi (seed 520): "8%"
    read "85" (0.76), its "%" read as a 5, among a row's twelve percentages."""
    rows: dict[int, list[bool]] = {}
    for v in _ocr_numbers(values):
        rows.setdefault(v["row"], []).append(value_kind(v["raw"]) == kind)
    forms = {}
    for row, kinds in rows.items():
        if len(kinds) >= ROW_SIGN_VALUES and min(kinds.count(True), kinds.count(False)) <= 1:
            forms[row] = kinds.count(True) > kinds.count(False)
    return forms


def values_malformed_doubted(values: list[dict], locale: NumberLocale = POINT_DECIMAL) -> list[dict]:
    """``values`` with each one read by OCR whose number groups its digits as no number
    is grouped ("$5,000,00" in a 1,234.5 document, ``grouping_malformed``), or prints the
    locale's marks the other way round ("1.062,997" there, ``marks_reversed``), at most
    ``DISAGREED`` sure (new dicts for those changed). The mark is read as grouping, as a
    text layer's is, but under OCR a decimal point read as a comma is the likelier cause:
    on 002's seed-182 draw "$5,000.00" was read "$5,000,00" (0.925) and published as
    500,000, wrong and sure. Typst's 002 on the seed-290 draw read "1,062,997" as
    "1.062,997" (0.893): its last mark taken for the decimal one, 1,062.997 was published
    sure. A number printing its "%" or "$" twice is two cells' readings run together
    (``_signs_doubled``). The number's form doubted, as ``off_form_doubted`` doubts it against the table's.
    So is a number with three decimals and no thousands mark ("2.660", ``decimals_like_a_group``)
    unless the table prints three decimals: Typst's 002 scanned bitonal (seed 490) read
    "2,660" and "3,792" as "2.660" and "3.792" (0.90, 0.95), the comma's tail cut by the
    threshold, and published 2.66 and 3.792 resolutions wrong and sure."""
    marked = [tail for tail in (fraction_of(v["raw"], locale) for v in _ocr_numbers(values)) if tail]
    groups = sum(len(tail) == 3 for tail in marked) < FORM_SHARE * len(marked)
    return [{**v, "confidence": _doubted(v["confidence"])} if v.get("confidence") is not None
            and (_marks_misread(raw := str(v.get("raw") or ""), locale)
                 or groups and decimals_like_a_group(raw, locale)) else v for v in values]


def _marks_misread(raw: str, locale: NumberLocale) -> bool:
    return grouping_malformed(raw, locale) or marks_reversed(raw, locale) or _signs_doubled(raw)


def _signs_doubled(raw: str) -> bool:
    """Whether ``raw`` prints a "%" or a "$" twice: no number does; two cells' readings
    run together do. Chromium's filled 000 at 150 dpi (seed 510): two months' "8%" read as
    one "88%%" (0.95), published as 88, wrong and sure."""
    return raw.count("%") > 1 or raw.count("$") > 1


def _off_form(value: dict, form: str | None, locale: NumberLocale) -> bool:
    """An OCR number read surer than ``DISAGREED`` whose decimals are not ``form``."""
    return form is not None and _sure_number(value) and fraction_of(value["raw"], locale) != form


def _off_sign(value: dict, prints: bool | None, kind: str = "currency") -> bool:
    """An OCR number read surer than ``DISAGREED`` with ``kind``'s sign or without one,
    where the table's or its row's form (``prints``) says the other."""
    return prints is not None and _sure_number(value) and (value_kind(value["raw"]) == kind) != prints


def _sure_number(value: dict) -> bool:
    return value.get("confidence") is not None and value["value"] is not None and value["confidence"] > DISAGREED


def sign_form(values: Sequence[dict]) -> bool | None:
    """Whether the document's OCR values print a currency sign (True) or none (False), when
    at least ``FORM_SHARE`` of them agree; None when they mix (002 prints "$20,000.00" in 24
    of its 94 cells, "85%" and counts in the others). OCR reads an 8 or a 5 for "$"."""
    return _prevailing(Counter(value_kind(v["raw"]) == "currency" for v in _ocr_numbers(values)))


def cells_read_by_their_line(activities: Sequence[dict], values: list[dict], quarantine: list[dict],
                             locale: NumberLocale = POINT_DECIMAL) -> tuple[list[dict], list[dict]]:
    """(values, quarantine) with each quarantined OCR cell of an "Acumulado Anual" line that
    its line's sum reads (see the module) moved into the values, at most ``DISAGREED`` sure."""
    form = table_form(fraction_counts(values, locale))
    lines = summed_lines(activities, values)
    if not form or not lines:
        return values, quarantine
    found, kept = [], []
    for record in quarantine:
        value = _read_by_line(record, lines.get((record.get("row"), record.get("measure")), []), values, form, locale)
        (found if value else kept).append(value or record)
    return (values + found, kept) if found else (values, quarantine)


def _read_by_line(record: dict, members: list[int], values: Sequence[dict], form: str,
                  locale: NumberLocale) -> dict | None:
    """The value ``record`` (a quarantined cell) is, read by its line's sum (``members``: the
    line's indices in ``values``); None if it is not the line's one missing cell of an OCR
    line, or its digits are not the sum's."""
    line = [values[k] for k in members]
    if record["reason"] not in UNREADABLE or not record.get("box") or not line:
        return None
    if any(v.get("confidence") is None or v["value"] is None for v in line):
        return None
    months, totals = ([values[k] for k in part] for part in months_and_totals(members, values))
    period = record["period"]
    if any(v["period"] == period for v in line) or len(totals) + (len(period) == 4) != 1 or (
            len(months) + (len(period) == 7) != 12):
        return None
    rest = sum(v["value"] for v in months)
    needed = totals[0]["value"] - rest if len(period) == 7 else rest
    if needed < 0:
        return None
    text = in_form(needed, form, locale)
    if not digits_of(_NOT_DIGIT.sub("", text), record["cells"][-1]):
        return None
    x0, top, x1, bottom = record["box"]
    return {"row": record["row"], "measure": record["measure"], "period": period, "value": needed, "raw": text,
            "value_kind": "number", "page": record["page"], "x0": x0, "top": top, "x1": x1, "bottom": bottom,
            "confidence": DISAGREED}


def digits_of(needed: str, reading: str) -> bool:
    """Whether ``reading`` (a cell's text) holds the digits ``needed``, in order, but for
    marks, or but for one digit lost and no letter read: on 004's committed scan
    "31,884.00" was read "31.84.00" (the comma and the 8 after it run together)."""
    read = _NOT_DIGIT.sub("", reading)
    if read == needed:
        return True
    return not any(c.isalpha() for c in reading) and len(read) == len(needed) - 1 and any(
        needed[:i] + needed[i + 1:] == read for i in range(len(needed)))


def in_form(number: float, form: str, locale: NumberLocale) -> str:
    """``number`` printed with the table's decimals and the locale's marks ("1,762.00")."""
    text = f"{number:,.{len(form)}f}"
    return text.translate(str.maketrans({",": locale.thousands, ".": locale.decimal}))


def summed_lines(activities: Sequence[dict], values: Sequence[dict]) -> dict[tuple, list[int]]:
    """(row, measure) -> the indices in ``values`` of that line, for each activity registered
    "Acumulado Anual" (its months sum to its printed total)."""
    return lines_of({a["row"] for a in activities if isinstance(a.get("aggregation"), str)
                     and normalize_label(a["aggregation"]) == ANNUAL_SUM}, values)


def lines_of(rows: set, values: Sequence[dict]) -> dict[tuple, list[int]]:
    """(row, measure) -> the indices in ``values`` of that line, for each row of ``rows``."""
    lines: dict[tuple, list[int]] = {}
    for k, value in enumerate(values):
        if value["row"] in rows:
            lines.setdefault((value["row"], value["measure"]), []).append(k)
    return lines


def read_months_and_totals(members: list[int], values: Sequence[dict]) -> tuple[list[int], list[int]]:
    """``months_and_totals`` of a line's cells that OCR read as numbers."""
    return months_and_totals([k for k in members if values[k].get("confidence") is not None
                              and values[k]["value"] is not None], values)


def months_and_totals(members: list[int], values: Sequence[dict]) -> tuple[list[int], list[int]]:
    """Of a line's indices in ``values``: its months' (period "2024-03") and its totals'
    (period "2024")."""
    return ([k for k in members if len(values[k]["period"]) == 7],
            [k for k in members if len(values[k]["period"]) == 4])


def line_held_to_total(values: Sequence[dict], months: list[int], total: int, fractions: Counter,
                       locale: NumberLocale) -> dict[int, dict]:
    """The values of one line to replace (index -> new value): none when its months sum
    to its total; the mended cells when exactly one plausible mend makes the sum hold;
    else every cell of the line flagged."""
    put_back = points_put_back(values, [*months, total], fractions, locale)
    if put_back:
        return put_back
    off = sum(values[k]["value"] for k in months) - values[total]["value"]
    if abs(off) <= TOLERANCE:
        return {}
    # What each other reading of a cell changes of the line's excess (a total read
    # larger lowers it).
    readings = [(k, text, number, (number - values[k]["value"]) * (1 if k != total else -1))
                for k in [*months, total] for text, number in other_readings(values[k]["raw"], locale, fractions)]
    mends = [[r] for r in readings if abs(off + r[3]) <= TOLERANCE]
    if not mends:
        # Two cells misread on one line (004's "20.90" and "0.90" for 20.00 and 0.00): only
        # readings that turn a rare form into a more common one, so that the pairs tried
        # are few and each is what a speck does.
        rarer = [r for r in readings if fractions[fraction_of(r[1], locale)] > fractions[
            fraction_of(values[r[0]]["raw"], locale)]]
        mends = [[a, b] for i, a in enumerate(rarer) for b in rarer[i + 1:]
                 if a[0] != b[0] and abs(off + a[3] + b[3]) <= TOLERANCE]
    if len(mends) == 1:
        return {k: {**values[k], "raw": text, "value": number, "confidence": _doubted(values[k]["confidence"])}
                for k, text, number, _ in mends[0]}
    return flagged(values, [*months, total])


def points_put_back(values: Sequence[dict], line: list[int], fractions: Counter,
                    locale: NumberLocale) -> dict[int, dict]:
    """The cells of a line (index -> new value) whose readings lost the table's point ("100"
    where the table prints "1.00"), with it put back, when the line then holds to its sum:
    on a thresholded scan several cells of a line lose it (Calc's 004 scanned bitonal,
    seed 480: "100" twice and the total "400" among "1.00"s), more than one mend of the
    line's sum puts back; and a line whose every number lost its point sums as read alike
    (months "100" and total "100"), so the sum cannot tell, and the table's form does: no
    cell of it prints digits alone. Kept at most ``DISAGREED`` sure; none when the line
    would not hold, or no cell lost its point."""
    form = table_form(fractions)
    lost = [k for k in line if form and _point_lost(values[k]["raw"], form)]
    if not lost:
        return {}
    put = {k: values[k]["raw"][:-len(form)] + locale.decimal + values[k]["raw"][-len(form):] for k in lost}
    number = {k: parse_number(text, locale) for k, text in put.items()}
    if any(n is None for n in number.values()):
        return {}
    *months, total = line
    new = {k: number.get(k, values[k]["value"]) for k in line}
    if abs(sum(new[k] for k in months) - new[total]) > TOLERANCE:
        return {}
    return {k: {**values[k], "raw": put[k], "value": number[k], "confidence": _doubted(values[k]["confidence"])}
            for k in lost}


def other_readings(raw: str, locale: NumberLocale, fractions: Counter) -> list[tuple[str, float]]:
    """The readings of a printed number one misreading away, as (text, number): each digit
    read for another, and, when the cell is digits only, the point of the table's form
    put back. Only those whose decimals the document prints at least as often as the
    reading's own: a misreading makes a rare form ("1.60" where the table prints ".00"),
    it does not mend one (so "4.00" is not taken for "4.60")."""
    out = []
    own = fractions[fraction_of(raw, locale)]
    # A digit read for another at the head of a number leaves a leading zero no printed
    # amount has: the digit was a speck's ("0.00" read "90.00" is "0.00", not "00.00").
    candidates = [_LEADING_ZEROS.sub("", text) for text in digits_swapped(raw)]
    form = table_form(fractions)
    if form and raw.isdigit() and len(raw) > len(form):
        candidates.append(raw[:-len(form)] + locale.decimal + raw[-len(form):])
    if form and _point_read_as_thousands(raw, form, locale):
        # The table's point read as the locale's thousands mark ("1.00" read "1,00", a
        # hundred): the same digits with the point where the table prints it.
        candidates.append(raw[:-len(form) - 1] + locale.decimal + raw[-len(form):])
    for text in candidates:
        number = parse_number(text, locale)
        if number is not None and fractions[fraction_of(text, locale)] >= own:
            out.append((text, number))
    return out


def digits_swapped(raw: str) -> list[str]:
    """``raw`` with each of its digits read for each other digit, one at a time."""
    return [raw[:i] + d + raw[i + 1:] for i, ch in enumerate(raw) if ch.isdigit() for d in "0123456789" if d != ch]


def _point_read_as_thousands(raw: str, form: str, locale: NumberLocale) -> bool:
    """Whether ``raw`` is digits with one thousands mark, before as many digits as the
    table prints decimals ("1,00" where the table prints "1.00"): no thousands group."""
    head, mark, tail = raw.rpartition(locale.thousands)
    return bool(mark) and head.isdigit() and tail.isdigit() and len(tail) == len(form)


def zeros_to_form(values: list[dict], locale: NumberLocale = POINT_DECIMAL) -> list[dict]:
    """OCR readings of all zeros written in the table's form ("0.00"), the number the same:
    with one digit more than the table's zero ("000": the point lost), or with the table's
    point and other zeros around it ("0.0": a decimal lost, "00.00": a speck read as a
    leading zero, which no printed amount has)."""
    form = table_form(fraction_counts(values, locale))
    if not form:
        return values
    zero = "0" + locale.decimal + form
    return [{**v, "raw": zero} if v.get("confidence") is not None and v["raw"] != zero and (
        v["raw"] == "0" * (len(form) + 1) or _ZEROS_WITH_POINT.match(v["raw"].replace(locale.decimal, "."))) else v
            for v in values]


def fraction_counts(values: Sequence[dict], locale: NumberLocale) -> Counter:
    """How often the document's OCR values print each decimal part ("00", "60", "" for none).
    A reading of digits alone, longer than the decimals most readings with a decimal mark
    print, counts as those decimals with its point lost (``_point_lost``) when such readings
    are ``MARKED_SHARE`` of all: a threshold's dots go first. On LibreOffice Calc's 004
    scanned bitonal (seed 480) 460 of 562 numbers read ".00" and 80 "100", "000", "400"
    (82%, no form): its zeros were not written in it, nor its lines mended by its point."""
    raws = [v["raw"] for v in _ocr_numbers(values)]
    counts = Counter(fraction_of(raw, locale) for raw in raws)
    marked = Counter({k: n for k, n in counts.items() if k})
    form = _prevailing(marked) if marked.total() >= MARKED_SHARE * counts.total() else None
    lost = sum(_point_lost(raw, form) for raw in raws) if form else 0
    if lost:
        counts[form] += lost
        counts[""] -= lost
    return +counts


def _point_lost(raw: str, form: str) -> bool:
    """Whether ``raw`` is digits alone, more of them than the decimals of ``form``: a number
    of that form read without its point ("100" for "1.00")."""
    return raw.isdigit() and len(raw) > len(form)


def _ocr_numbers(values: Sequence[dict]) -> list[dict]:
    """The values read by OCR that hold a number."""
    return [v for v in values if v.get("confidence") is not None and v["value"] is not None]


def table_form(fractions: Counter) -> str | None:
    """The decimals most of the document's OCR values print ("00"), when at least
    ``FORM_SHARE`` of them do and there are decimals; else None."""
    return _prevailing(fractions) or None


def _prevailing(counts: Counter):
    """The key at least ``FORM_SHARE`` of ``counts`` have; None when none has."""
    if not counts:
        return None
    key, count = counts.most_common(1)[0]
    return key if count >= FORM_SHARE * sum(counts.values()) else None


def fraction_of(raw: str, locale: NumberLocale) -> str:
    """The decimal part of a printed number: the digits after its decimal mark ("" for none)."""
    head, mark, tail = raw.rpartition(locale.decimal)
    return "".join(_DIGIT.findall(tail)) if mark and _DIGIT.search(head) else ""


# A progress % read over this, whole, may be one read without its decimal point
# (``hold_to_progress``); one of this or less is a progress as printed.
FULL_PROGRESS = 100.0


def hold_to_progress(activities: list[dict], values: list[dict]) -> list[dict]:
    """``values`` with the annual planned and executed values of each row read by OCR whose
    printed progress % (an evaluation's, a row without CEPLAN aggregation: 003's "% AVANCE
    AOI") is not executed / planned × 100 kept at most ``DISAGREED`` sure: one of the three
    numbers was misread and the arithmetic cannot say which (bitonal seed 184's 003:
    "37000" read "37060" 0.95 sure, its row's 36989 executed giving 99.8% against the 100.0
    printed). The progress agrees when it lies within one unit of its last printed decimal of
    the ratio or of the ratio truncated at 100 (the decimals the document prints: one when
    any of its progress figures has a fraction, else none; schemas.rules
    ``progress_is_executed_over_planned``). A progress read as the computed one's digits
    without its point ("1000" for 100.0, the same draw) is that number: the activity is
    mended in place and its values are left as they are. Only a progress over 100 is taken
    for one read so: a printed "100.0%" read right is 100 too, and on Typst's 003 at 200 dpi
    (seed 600) its row's executed "371" was read "37%" (0.75): the progress was mended to the
    10.0 the misread number gives, the row held, and 37 was published sure. A progress of 100
    or less that does not hold flags the row's values (under 10%, one read without its point
    is flagged so too). New dicts for the values changed."""
    printed = [a["progress_pct"] for a in activities if a.get("progress_pct") is not None and not a.get("aggregation")]
    if not printed:
        return values
    decimals = 1 if any(float(g) % 1 for g in printed) else 0
    annual = {(v["row"], v["measure"]): k for k, v in enumerate(values)
              if len(str(v["period"])) == 4 and v.get("confidence") is not None and v["value"] is not None}
    out = list(values)
    for activity in activities:
        g = activity.get("progress_pct")
        line = [annual.get((activity["row"], measure)) for measure in ("planned", "executed")]
        if g is None or activity.get("aggregation") or None in line or not values[line[0]]["value"]:
            continue
        ratio = values[line[1]]["value"] / values[line[0]]["value"] * 100
        computed = [ratio, min(ratio, 100.0)]
        if any(abs(g - x) < 10 ** -decimals for x in computed):
            continue
        if decimals and float(g).is_integer() and g > FULL_PROGRESS and any(
                f"{g:.0f}" == f"{round(x, decimals) * 10 ** decimals:.0f}" for x in computed):
            activity["progress_pct"] = round(min(ratio, 100.0) if g > 100 else ratio, decimals)
            continue
        for k in line:
            out[k] = {**values[k], "confidence": _doubted(values[k]["confidence"])}
    return out


# A schedule printed in % of the year plans its months to sum to this.
WHOLE_YEAR = 100.0
# ... and prints months summing this far from it as often as to it exactly: 41 of 000's 482
# lines sum to 96-105 (Typst's 000, row 6: 101), a few to 60, 90 or 200.
PRINTED_OFF = 5.0


def cells_off_their_sum_doubted(activities: Sequence[dict], values: list[dict], quarantine: Sequence[dict],
                                locale: NumberLocale = POINT_DECIMAL) -> list[dict]:
    """``values`` with the OCR months of a planned line that its line's sum names kept at
    most ``DISAGREED`` sure; the numbers are left as read (new dicts for those changed).

    A PAT's planned months sum to 100 when it prints them in % of the year, and to its
    "Total meta" when it prints one, but not always (71 activities of 000 print months that
    do not sum to 100), so such a sum mends nothing (the module). It can name misread
    cells, though (``misread_by_sum``): when the line's months read do not sum so and one
    cell, or one pair of cells, has readings one misreading each away that make them so
    (``slips``), those are the likelier misreadings, and they are flagged. Chromium's plain
    000 (seed-230 scan, held out) printed a "9%" with a speck beside its tail, read "92%"
    0.86 sure by the page and by the number model alike; its line summed to 183, and "9%"
    makes it 100. A line printed off its sum has, as often as not, no such cell or several,
    and nothing is flagged; a line with a cell the OCR could not read (in quarantine) is
    left alone, that cell being the likelier one."""
    unread = {(q.get("row"), q.get("measure")) for q in quarantine if q.get("reason") in UNREADABLE}
    lines: dict[object, list[int]] = {}
    for k, v in enumerate(values):
        if v["measure"] == "planned" and len(str(v["period"])) == 7 and v["value"] is not None:
            lines.setdefault(v["row"], []).append(k)
    out = list(values)
    for activity in activities:
        months = lines.get(activity["row"], [])
        if not months or activity.get("aggregation") or (activity["row"], "planned") in unread or any(
                values[k].get("confidence") is None for k in months):
            continue
        target, slack = _line_target(activity, [values[k] for k in months], locale)
        if target is None:
            continue
        for k in misread_by_sum([values[k] for k in months], target, slack, locale):
            out[months[k]] = {**values[months[k]], "confidence": _doubted(values[months[k]]["confidence"])}
    return out


def misread_by_sum(months: Sequence[dict], target: float, slack: float, locale: NumberLocale) -> tuple[int, ...]:
    """The positions in ``months`` of the one cell, else the one pair of cells, whose
    readings one slip each away (``slips``) make the months sum to ``target``: exactly,
    else within ``slack`` when the months read are further off than that (a line printed
    101 read 229 with two "7%" read "71%", Chromium's filled 000 bitonal, seed 520).
    () when the months sum to it, or when no cell or several cells or pairs would."""
    off = sum(v["value"] for v in months) - target
    if abs(off) <= TOLERANCE:
        return ()
    # What each slip of each cell takes off the sum.
    cuts = [sorted({v["value"] - number for number in slips(v["raw"], locale)}) for v in months]
    exact = [k for k, cut in enumerate(cuts) if any(abs(off - c) <= TOLERANCE for c in cut)]
    if exact or abs(off) <= slack:
        return tuple(exact) if len(exact) == 1 else ()
    singles = [(k,) for k, cut in enumerate(cuts) if any(abs(off - c) <= slack for c in cut)]
    pairs = [] if singles else [(a, b) for a, b in combinations(range(len(cuts)), 2)
                                if any(_near_any(cuts[b], off - c, slack) for c in cuts[a])]
    named = singles or pairs
    return named[0] if len(named) == 1 else ()


def _near_any(ordered: list[float], number: float, slack: float) -> bool:
    """Whether one of ``ordered`` (ascending) lies within ``slack`` of ``number``."""
    i = bisect_left(ordered, number - slack)
    return i < len(ordered) and ordered[i] <= number + slack


def _line_target(activity: dict, months: Sequence[dict], locale: NumberLocale) -> tuple[float | None, float]:
    """What a line's planned months sum to, and how far off it a print may sum them: 100
    give or take ``PRINTED_OFF`` when all are percentages, else its printed total exactly
    (None when it prints none)."""
    if all(value_kind(v["raw"]) == "percent" for v in months):
        return WHOLE_YEAR, PRINTED_OFF
    total = activity.get("total_planned")
    return (parse_number(total, locale) if isinstance(total, str) else total), TOLERANCE


def slips(raw: str, locale: NumberLocale) -> list[float]:
    """The numbers a reading ``raw`` is one slip of the reader's away from: one digit read
    for another, or one digit read from a speck ("92%" for "9%"). Only numbers a print
    has: none with a leading zero (001's December "100%" is no "00%")."""
    candidates = digits_swapped(raw) + [raw[:i] + raw[i + 1:] for i, ch in enumerate(raw) if ch.isdigit()]
    numbers = [parse_number(text, locale) for text in candidates
               if _DIGIT.search(text) and not _LEADING_ZEROS.match(_NOT_NUMBER_HEAD.sub("", text))]
    return [n for n in numbers if n is not None]


def flagged(values: Sequence[dict], indices: Sequence[int]) -> dict[int, dict]:
    """index -> ``values[index]`` kept at most ``DISAGREED`` sure, for each of ``indices``."""
    return {k: {**values[k], "confidence": _doubted(values[k]["confidence"])} for k in indices}


def _doubted(confidence: float) -> float:
    return min(confidence, DISAGREED)
