"""OCR values held to the sums their document computes (pipeline/totals.py).

The lines are 004's (CEPLAN "Acumulado Anual") as OCR read them on the committed scan
(tests/scans/scan-300-grey) and on fresh draws: twelve months and their printed sum,
each value with the engine's confidence.
"""

from __future__ import annotations

import pytest

from extractors.values import COMMA_DECIMAL, parse_number
from pipeline.totals import (DISAGREED, cells_off_their_sum_doubted, cells_read_by_their_line, hold_to_totals,
                             zeros_to_form)
from schemas.contract import OCR_MIN_CONFIDENCE

SURE = 0.96
ACTIVITY = {"row": 1, "aggregation": "Acumulado Anual"}
# 004's print: two decimals in every cell. The table's form is what the document reads
# most (FORM_SHARE), so the lines below sit among many such readings.
FORM_CELLS = [{"row": 99, "measure": "planned", "period": f"2024-{m:02d}", "raw": "1.00", "value": 1.0,
               "confidence": SURE} for m in range(1, 13)] * 4


def line(months: list[str], total: str, measure: str = "planned", row: int = 1,
         confidence: float | None = SURE, locale=None) -> list[dict]:
    cells = [(f"2024-{m:02d}", raw) for m, raw in enumerate(months, start=1)] + [("2024", total)]
    return [{"row": row, "measure": measure, "period": period, "raw": raw,
             "value": parse_number(raw, locale) if locale else parse_number(raw), "confidence": confidence}
            for period, raw in cells]


def changed(before: list[dict], after: list[dict]) -> dict[str, tuple]:
    return {b["period"]: (a["raw"], a["confidence"]) for b, a in zip(before, after) if a != b}


def test_a_speck_in_a_zero_ring_is_mended_by_the_line_sum():
    """Committed scan, row 1 executed: June's "1.00" read "1.60" 0.96 sure (a speck in the
    ring of its zero). The months sum to 4.60 against the printed 4.00; the one reading
    that makes the line hold is June's "1.00". "4.00" read for "4.60" would hold it too,
    but no misreading makes a rare form (".60" where the table prints ".00") out of the
    common one."""
    months = ["0.00", "0.00", "1.00", "0.00", "0.00", "1.60", "0.00", "0.00", "1.00", "0.00", "0.00", "1.00"]
    values = line(months, "4.00", "executed") + FORM_CELLS
    after = hold_to_totals([ACTIVITY], values)
    assert changed(values, after) == {"2024-06": ("1.00", DISAGREED)}
    assert after[5]["value"] == 1.0 and DISAGREED < OCR_MIN_CONFIDENCE


def test_a_lost_decimal_point_is_put_back_by_the_line_sum():
    """Committed scan, row 11 executed: April's "1.00" read "100" (0.97 sure): a hundred
    published for a one. The table prints two decimals; "1.00" makes the line hold."""
    months = ["0.00", "0.00", "0.00", "100", "0.00", "0.00", "0.00", "0.00", "1.00", "0.00", "0.00", "0.00"]
    values = line(months, "2.00", "executed") + FORM_CELLS
    assert changed(values, hold_to_totals([ACTIVITY], values)) == {"2024-04": ("1.00", DISAGREED)}


def test_two_specks_on_one_line_are_mended_together():
    """Committed scan, row 17 planned: March's "20.00" read "20.90" and May's "0.00" read
    "0.90" on one line (24.80 against 23.00); no single reading holds it, the one pair of
    readings back to the table's form does."""
    months = ["0.00", "0.00", "20.90", "0.00", "0.90", "1.00", "0.00", "0.00", "1.00", "0.00", "0.00", "1.00"]
    values = line(months, "23.00") + FORM_CELLS
    assert changed(values, hold_to_totals([ACTIVITY], values)) == {
        "2024-03": ("20.00", DISAGREED), "2024-05": ("0.00", DISAGREED)}


def test_a_line_the_sum_cannot_settle_is_flagged_whole():
    """A zero read "6.00" on a line that also prints a "7.00": the line is 6 over its sum,
    and "6.00" -> "0.00" or "7.00" -> "1.00" would each hold it. Which one was misread
    the arithmetic cannot say, so nothing is changed and every value of the line is
    flagged (listed by ocr_value_confident), none published as sure."""
    months = ["0.00", "6.00", "7.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"]
    values = line(months, "7.00") + FORM_CELLS
    after = hold_to_totals([ACTIVITY], values)
    assert [v["raw"] for v in after] == [v["raw"] for v in values]
    assert all(v["confidence"] == DISAGREED for v in after[:13])
    assert all(v["confidence"] == SURE for v in after[13:])  # the other lines stay as read


def test_a_line_read_without_its_total_is_flagged_whole():
    """Typst's print of 004 on the seed-201 draw (300 dpi grey), row 10 executed: its total
    "131,879.00" read "131 879.00" went to quarantine as no number (its digits not the sum
    of the months read), and July's "20,079.00", read "2079.00" 0.61 sure, was published
    wrong and sure: no sum held the line. A line of an "Acumulado Anual" activity read
    without its total has its months flagged; a text layer's line is not touched."""
    months = ["0.00", "0.00", "0.00", "5,830.00", "13,071.00", "5,712.00", "2079.00", "15,552.00",
              "2,562.00", "33,550.00", "32,629.00", "6,544.00"]
    values = line(months, "131,879.00", "executed")[:-1] + FORM_CELLS
    after = hold_to_totals([ACTIVITY], values)
    assert [v["confidence"] for v in after[:12]] == [DISAGREED] * 12
    assert after[12:] == values[12:]  # another line, with its total: as read
    text_layer = line(months, "131,879.00", "executed", confidence=None)[:-1]
    assert hold_to_totals([ACTIVITY], text_layer) == text_layer


def test_a_line_that_sums_is_left_as_read():
    months = ["0.00", "0.00", "1.00", "0.00", "0.00", "1.00", "0.00", "0.00", "1.00", "0.00", "0.00", "1.00"]
    values = line(months, "4.00") + FORM_CELLS
    assert hold_to_totals([ACTIVITY], values) == values


def test_text_layer_values_are_never_touched():
    """A text PDF's digits are the file's own (confidence None): a line that does not
    sum there is the print's, listed by the check, not mended."""
    months = ["0.00", "0.00", "1.00", "0.00", "0.00", "1.60", "0.00", "0.00", "1.00", "0.00", "0.00", "1.00"]
    values = line(months, "4.00", confidence=None)
    assert hold_to_totals([ACTIVITY], values) == values


def test_a_percent_schedule_is_not_held_to_100():
    """000 prints 71 activities whose monthly % do not sum to 100: a sum typed by hand is
    no evidence of a misreading. Only a computed total ("Acumulado Anual") is used."""
    months = ["8%"] * 12
    values = line(months, "100%")
    for aggregation in (None, "Acumulado Mensual", "No Acumulado"):
        assert hold_to_totals([{"row": 1, "aggregation": aggregation}], values) == values


def schedule(months: list[str], row: int = 1, confidence: float | None = SURE) -> list[dict]:
    """A PAT's planned line: its months (blank ones left out), no total among its values."""
    return [{"row": row, "measure": "planned", "period": f"2022-{m:02d}", "raw": raw, "value": parse_number(raw),
             "confidence": confidence} for m, raw in enumerate(months, start=1) if raw]


def test_a_digit_read_from_a_speck_is_named_by_its_lines_percentages():
    """Chromium's plain print of 000 (seed-230 scan, 300 dpi grey, held out): October's "9%",
    a speck beside the tail of its 9, was read "92%" 0.86 sure by the page and by the
    number model alike. The line's months sum to 183; of its cells only October has a
    reading one slip away that makes them 100 ("9%"): it is flagged, its number left as
    read (a sum typed by hand mends nothing)."""
    months = ["8%", "8%", "8%", "8%", "9%", "8%", "8%", "9%", "8%", "92%", "8%", "9%"]
    values = schedule(months)
    values[9]["confidence"] = 0.863
    after = cells_off_their_sum_doubted([{"row": 1}], values, [])
    assert changed(values, after) == {"2022-10": ("92%", DISAGREED)}
    assert after[9]["value"] == 92.0


def test_a_printed_total_names_the_misread_month_too():
    """A schedule of counts with its "Total meta" (001): the months read sum to 31 against
    the printed 21, and only June's "13" (a speck before its 3 read as a 1) has a reading
    one slip away that makes them 21."""
    values = schedule(["3", "3", "3", "3", "3", "13", "3"])
    after = cells_off_their_sum_doubted([{"row": 1, "total_planned": "21"}], values, [])
    assert changed(values, after) == {"2022-06": ("13", DISAGREED)}
    assert cells_off_their_sum_doubted([{"row": 1, "total_planned": 21.0}], values, []) == after


def test_two_percentages_read_with_a_digit_too_many_on_a_line_printed_off_100_are_doubted():
    """Chromium's filled 000 scanned bitonal (seed 520, held out of round 48), page 2: the
    line printed "10% 9% 7% 6% 6% 7% 8% 7% 16% 10% 8% 7%" (101, not 100) was read with March
    and June "71%" (0.68 and 0.75 sure): 229. No one slip makes it 100, and a line printed
    off its sum could not name a cell exactly; the pair whose slips ("7%" each) bring it
    within a print's few points of 100 is the likelier misreading, and no other pair does.
    Both are flagged, their numbers left as read."""
    months = ["10%", "9%", "71%", "6%", "6%", "71%", "8%", "7%", "16%", "10%", "8%", "7%"]
    values = schedule(months)
    values[2]["confidence"], values[5]["confidence"] = 0.676, 0.745
    after = cells_off_their_sum_doubted([{"row": 1}], values, [])
    assert changed(values, after) == {"2022-03": ("71%", DISAGREED), "2022-06": ("71%", DISAGREED)}
    # One "92%" on a line printed 101 (184 read): one cell, within a print's few points.
    one = schedule(["10%", "9%", "7%", "6%", "6%", "7%", "8%", "7%", "16%", "92%", "8%", "7%"])
    assert changed(one, cells_off_their_sum_doubted([{"row": 1}], one, [])) == {"2022-10": ("92%", DISAGREED)}
    # A line of four equal cells printed 60: many pairs would make it 100, so none is named.
    quarters = schedule(["15%", "", "", "15%", "", "", "15%", "", "", "15%", "", ""])
    assert cells_off_their_sum_doubted([{"row": 1}], quarters, []) == quarters


@pytest.mark.parametrize("months", [
    # Typst's print of 000 sums this line to 101: a slip of one unit in any cell makes it
    # 100, so no cell is named.
    ["10%", "9%", "7%", "6%", "6%", "7%", "8%", "7%", "16%", "10%", "8%", "7%"],
    ["15%", "", "", "15%", "", "", "15%", "", "", "15%", "", ""],  # 60: no one slip makes 100
])
def test_a_line_printed_off_its_sum_names_no_cell(months):
    values = schedule(months)
    assert cells_off_their_sum_doubted([{"row": 1}], values, []) == values


def test_a_line_with_an_unread_cell_or_from_a_text_layer_names_no_cell():
    """A cell of the line in quarantine is the likelier misreading; a text layer's digits are
    the file's own."""
    months = ["8%", "8%", "8%", "8%", "9%", "8%", "8%", "9%", "8%", "92%", "8%", "9%"]
    unread = [{"row": 1, "measure": "planned", "period": "2022-13", "reason": "ocr_unreadable"}]
    assert cells_off_their_sum_doubted([{"row": 1}], schedule(months), unread) == schedule(months)
    text = schedule(months, confidence=None)
    assert cells_off_their_sum_doubted([{"row": 1}], text, []) == text


def test_comma_decimal_lines_are_mended_in_their_locale():
    """The same speck on a 1.234,5 plan: "1,60" -> "1,00", read in the document's locale."""
    months = ["0,00", "0,00", "1,00", "0,00", "0,00", "1,60", "0,00", "0,00", "1,00", "0,00", "0,00", "1,00"]
    values = line(months, "4,00", locale=COMMA_DECIMAL) + [
        {**v, "raw": "1,00"} for v in FORM_CELLS]
    after = hold_to_totals([ACTIVITY], values, COMMA_DECIMAL)
    assert changed(values, after) == {"2024-06": ("1,00", DISAGREED)} and after[5]["value"] == 1.0


@pytest.mark.parametrize("reading,form,expected", [("000", "1.00", "0.00"), ("000", "1", "000"),
                                                   ("00", "1.00", "00"), ("100", "1.00", "100")])
def test_zeros_that_lost_their_point_take_the_tables_form(reading, form, expected):
    """Committed scan, rows 3, 23 and 24: "0.00" read "000" (0.64-0.94 sure), the same
    number. Where the table prints two decimals it is written "0.00", its confidence
    kept; where it prints whole numbers, or the reading is another number, it stays."""
    values = [{**v, "raw": form, "value": parse_number(form)} for v in FORM_CELLS] + [
        {"row": 3, "measure": "executed", "period": "2024-01", "raw": reading, "value": parse_number(reading),
         "confidence": 0.94}]
    after = zeros_to_form(values)
    assert after[-1]["raw"] == expected and after[-1]["confidence"] == 0.94


def quarantined(raw: str, period: str = "2024-09", row: int = 1, measure: str = "planned") -> dict:
    return {"page": 2, "reason": "value_not_a_number", "cells": ["GESTION Y ASISTENCIA TÉCNICA", raw],
            "box": (643.44, 60.0, 663.0, 67.68), "row": row, "measure": measure, "period": period}


@pytest.mark.parametrize("raw,printed", [("0.00.", "0.00"), ("0:00", "0.00"), ("0-00", "0.00"),
                                         (".110.00", "110.00")])
def test_a_cell_read_with_a_stray_mark_is_read_by_its_line_sum(raw, printed):
    """Committed scan, row 14 planned: September's "0.00" read "0.00." (a speck after it),
    quarantined as no number; on fresh draws "0:00", "0-00" and ".110.00". The line lacks
    that one cell, and its sum leaves for it the number whose digits the reading holds:
    it is that number, flagged, and leaves quarantine."""
    number = float(printed)
    months = ["0.00", "0.00", "1.00", "0.00", "0.00", "1.00", "0.00", "0.00", None, "0.00", "0.00", "1.00"]
    values = [v for v in line([m or "0.00" for m in months], f"{3 + number:.2f}") if v["period"] != "2024-09"]
    values += FORM_CELLS
    found, left = cells_read_by_their_line([ACTIVITY], values, [quarantined(raw)])
    assert left == []
    (value,) = [v for v in found if v["period"] == "2024-09" and v["row"] == 1]
    assert (value["raw"], value["value"], value["confidence"], value["page"]) == (printed, number, DISAGREED, 2)
    assert value["x0"] == 643.44


@pytest.mark.parametrize("raw", ["Q00", "d.00", "1.00.", "a00"])
def test_a_cell_whose_digits_the_sum_does_not_leave_stays_in_quarantine(raw):
    """"Q00" (a zero read as a letter), "d.00", or digits other than the sum's: no reading
    of the line says what the cell prints."""
    months = ["0.00"] * 8 + ["0.00", "0.00", "0.00", "1.00"]
    values = [v for v in line(months, "1.00") if v["period"] != "2024-09"] + FORM_CELLS
    record = quarantined(raw)
    assert cells_read_by_their_line([ACTIVITY], values, [record]) == (values, [record])


def test_a_line_missing_two_cells_or_read_from_a_text_layer_reads_none_back():
    months = ["0.00"] * 11 + ["1.00"]
    two_missing = [v for v in line(months, "1.00") if v["period"] not in ("2024-09", "2024-10")] + FORM_CELLS
    records = [quarantined("0.00."), quarantined("0:00", "2024-10")]
    assert cells_read_by_their_line([ACTIVITY], two_missing, records) == (two_missing, records)
    text_layer = [v for v in line(months, "1.00", confidence=None) if v["period"] != "2024-09"]
    assert cells_read_by_their_line([ACTIVITY], text_layer, [quarantined("0.00.")])[1] != []


def test_a_speck_read_as_a_leading_digit_is_mended_without_a_leading_zero():
    """Committed scan, row 21 planned: October's "0.00" read "90.00" (a speck before it
    read as a digit). The line's sum is mended by the 9 read for a 0, but "00.00" is no
    printed amount (no leading zero): the mend is "0.00", flagged."""
    months = ["0.00", "0.00", "1.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "90.00", "0.00", "0.00"]
    values = line(months, "1.00") + FORM_CELLS
    assert changed(values, hold_to_totals([ACTIVITY], values)) == {"2024-10": ("0.00", DISAGREED)}


def test_a_point_read_as_a_thousands_mark_is_mended_by_the_line_sum():
    """Seed-13 draw, row 4 executed: September's "1.00" read "1,00" (a hundred in a
    1,234.5 plan). The one reading that holds the line is the table's point put back."""
    months = ["0.00", "0.00", "1.00", "0.00", "0.00", "1.00", "0.00", "0.00", "1,00", "0.00", "0.00", "1.00"]
    values = line(months, "4.00", "executed") + FORM_CELLS
    after = hold_to_totals([ACTIVITY], values)
    assert changed(values, after) == {"2024-09": ("1.00", DISAGREED)} and after[8]["value"] == 1.0


@pytest.mark.parametrize("reading", ["0.0", "00.00", "0.000"])
def test_zeros_read_with_other_decimals_take_the_tables_form(reading):
    """Committed scan, row 22 executed: January's "0.00" read "0.0" (0.69 sure), and a
    mend's "00.00": the same number, not the table's print. Written "0.00", the
    confidence kept."""
    values = FORM_CELLS + [{"row": 22, "measure": "executed", "period": "2024-01", "raw": reading,
                            "value": parse_number(reading), "confidence": 0.69}]
    after = zeros_to_form(values)
    assert (after[-1]["raw"], after[-1]["value"], after[-1]["confidence"]) == ("0.00", 0.0, 0.69)


def test_a_cell_that_lost_a_digit_is_read_by_its_line_sum():
    """Committed scan, row 23 planned: November's "31,884.00" read "31.84.00" (the comma
    and the 8 after it run together), quarantined as unreadable. The line's sum leaves
    31,884.00 for it, whose digits the reading holds but for one lost: it is that number,
    flagged. A reading with a letter in it ("a00") still says nothing of its digits."""
    months = ["0.00", "0.00", "0.00", "404.00", "8,276.00", "15,933.00", "7,277.00", "7,277.00", "10,618.00",
              "10,673.00", None, "23,353.00"]
    values = [v for v in line([m or "0.00" for m in months], "115,695.00") if v["period"] != "2024-11"] + FORM_CELLS
    found, left = cells_read_by_their_line([ACTIVITY], values, [quarantined("31.84.00", "2024-11")])
    assert left == []
    (value,) = [v for v in found if v["period"] == "2024-11" and v["row"] == 1]
    assert (value["raw"], value["value"], value["confidence"]) == ("31,884.00", 31884.0, DISAGREED)


def test_a_line_mended_by_its_sum_then_reads_its_unread_cell():
    """Seed-13 draw, row 13 executed: July's "0.00" read "0.90" and April's "0.00" read
    "0-00" (quarantined). Before the mend the sum leaves nothing for April; once "0.90"
    is mended to "0.00" it leaves 0.00, whose digits "0-00" holds: the worker reads the
    quarantined cells again after holding the lines to their sums."""
    from types import SimpleNamespace

    from extractors.layout.records import OcrWord
    from extractors.values import POINT_DECIMAL
    from pipeline.worker import ocr_records_weighed

    months = ["0.00", "0.00", "0.00", None, "1.00", "0.00", "0.90", "0.00", "0.00", "0.00", "0.00", "0.00"]
    values = [v for v in line([m or "0.00" for m in months], "1.00", "executed") if v["period"] != "2024-04"]
    values += FORM_CELLS
    words = []
    for k, v in enumerate(values):
        v.update(page=2, x0=10.0 * k, top=0.0, x1=10.0 * k + 8, bottom=8.0)
        words.append(OcrWord(v["raw"], 10.0 * k + 1, 1.0, 10.0 * k + 7, 7.0, SURE))
    record = {**quarantined("0-00", "2024-04", measure="executed"), "box": (900.0, 0.0, 908.0, 8.0)}
    words.append(OcrWord("0-00", 901.0, 1.0, 907.0, 7.0, SURE))
    page = SimpleNamespace(number=2, ocr_words=words)
    activities = [{**ACTIVITY}, {"row": 99, "aggregation": None}]
    out, left, _ = ocr_records_weighed(activities, values, [record], [page], POINT_DECIMAL)
    assert left == []
    mine = {v["period"]: (v["raw"], v["confidence"]) for v in out if v["row"] == 1}
    assert mine["2024-07"] == ("0.00", DISAGREED) and mine["2024-04"] == ("0.00", DISAGREED)


def test_a_reading_off_the_tables_form_is_flagged():
    """Seed-13 draw, row 22 planned: July's "0.00" read "00" (0.77 sure), on a line that
    sums. Every cell of 004 prints two decimals; a reading without them lost a mark, and
    no sum says which: it is kept at most DISAGREED sure (listed for a person), its text
    as read. A reading of the form keeps its confidence."""
    months = ["0.00", "0.00", "1.00", "0.00", "0.00", "1.00", "00", "0.00", "1.00", "0.00", "0.00", "1.00"]
    values = line(months, "4.00") + FORM_CELLS
    assert changed(values, hold_to_totals([ACTIVITY], values)) == {"2024-07": ("00", DISAGREED)}


def test_a_second_total_read_into_a_line_is_flagged_the_line_held_to_its_own():
    """Seed-63 draw of 004 (300 dpi grey), row 24 planned: months 1.00 (July) and 1.00
    (December), March's "0.00" read "0.09" (a speck in the ring), May not read, its total
    "2.00", and the next column's "100.00" (the line's progress %) read into the line as a
    second annual value, 0.96 sure: published wrong and sure, since a line with two totals
    was not held to its sum. The line holds to "2.00" by one mend (March back to 0.00) and
    to "100.00" by none: "2.00" is its total, the line is held to it as to any total, and
    "100.00" is flagged."""
    months = ["0.00", "0.00", "0.09", "0.00", "-", "0.00", "1.00", "0.00", "0.00", "0.00", "0.00", "1.00"]
    values = [v for v in line(months, "2.00") if v["raw"] != "-"] + line(months, "100.00")[-1:] + FORM_CELLS
    after = hold_to_totals([ACTIVITY], values)
    assert changed(values, after) == {"2024-03": ("0.00", DISAGREED), "2024": ("100.00", DISAGREED)}
    assert after[11] == values[11] and after[12]["confidence"] == DISAGREED < OCR_MIN_CONFIDENCE
    # Read without the speck, the line sums to its total and only the second one is flagged.
    months[2] = "0.00"
    values = line(months, "2.00") + line(months, "100.00")[-1:] + FORM_CELLS
    assert changed(values, hold_to_totals([ACTIVITY], values)) == {"2024": ("100.00", DISAGREED)}


def test_a_line_with_two_totals_it_holds_to_neither_is_flagged_whole():
    """A line read with two totals it holds to neither of: months 1.00 and 7.00 sum to 8.00;
    "7.00" read for "1.00" or "2.00" read for "8.00" would each hold it to "2.00" (two
    mends: none taken), nothing to "100.00". Which cell was misread or misplaced the
    arithmetic cannot say; every value of the line is flagged, changed in nothing."""
    months = ["0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "1.00", "0.00", "0.00", "0.00", "0.00", "7.00"]
    values = line(months, "2.00") + line(months, "100.00")[-1:] + FORM_CELLS
    after = hold_to_totals([ACTIVITY], values)
    assert [v["raw"] for v in after] == [v["raw"] for v in values]
    assert all(v["confidence"] == DISAGREED for v in after[:14])
    assert all(v["confidence"] == SURE for v in after[14:])


def test_a_currency_sign_read_where_the_table_prints_none_is_flagged():
    """Seed-115 draw of 004 (300 dpi grey), row 16 executed: September's "817.00" read
    "$17.00" 0.95 sure (its 8 as a dollar sign) and December's "110.00" read "910.00"
    (unsure): 800 lost and 800 gained, so the line still sums to its printed "2,491.00",
    and "$17.00" was published wrong and sure. No cell of 004 prints a currency sign: a
    reading with one is off the table's form, kept at most DISAGREED sure. A table whose
    cells print one (002 prints it in a quarter of its cells) has no such form."""
    months = ["0.00", "0.00", "0.00", "361.00", "0.00", "365.00", "318.00", "6.00", "$17.00", "460.00", "54.00",
              "910.00"]
    values = line(months, "2,491.00", "executed") + FORM_CELLS
    values[11]["confidence"] = 0.55
    assert changed(values, hold_to_totals([ACTIVITY], values)) == {"2024-09": ("$17.00", DISAGREED)}
    dollars = [{**v, "raw": f"${v['raw']}"} for v in FORM_CELLS]  # every cell prints one: none doubted
    assert changed(dollars, hold_to_totals([ACTIVITY], dollars)) == {}
    lost = [{**dollars[0], "raw": "1.00"}] + dollars[1:]  # one read without it: doubted
    assert changed(lost, hold_to_totals([ACTIVITY], lost)) == {"2024-01": ("1.00", DISAGREED)}
    mixed = FORM_CELLS[:36] + dollars[:12]  # a quarter of the cells: no form, none doubted
    assert changed(mixed, hold_to_totals([ACTIVITY], mixed)) == {}


def _evaluation_row(row: int, planned: str, executed: str, progress: float, confidence: float | None = SURE):
    activity = {"row": row, "aggregation": None, "progress_pct": progress}
    values = [{"row": row, "measure": measure, "period": "2024", "raw": raw, "value": parse_number(raw),
               "confidence": confidence} for measure, raw in (("planned", planned), ("executed", executed))]
    return activity, values


def test_an_evaluation_row_whose_progress_does_not_hold_is_flagged():
    """003 on the bitonal seed-184 draw: a planned "37000" read "37060" (0.95 sure, a speck in
    the ring of its zero, nearer the page's zeros than its sixes but not near enough to be
    doubted). Its row prints executed 36989 and progress 100.0%: 36989 / 37060 is 99.8%, and
    one of the three numbers was misread, which the arithmetic cannot say: the row's planned
    and executed are flagged. A row that holds (to the printed decimal, or truncated at 100)
    and a text layer's row are left as they are."""
    from pipeline.totals import hold_to_progress

    misread, misread_values = _evaluation_row(5, "37060", "36989", 100.0)
    held, held_values = _evaluation_row(6, "37000", "36989", 100.0)
    truncated, truncated_values = _evaluation_row(7, "17", "24", 100.0)
    other, other_values = _evaluation_row(8, "185", "184", 99.5)
    text, text_values = _evaluation_row(9, "37060", "36989", 100.0, confidence=None)
    values = misread_values + held_values + truncated_values + other_values + text_values
    after = hold_to_progress([misread, held, truncated, other, text], values)
    assert [v["confidence"] for v in after[:2]] == [DISAGREED, DISAGREED]
    assert after[2:] == values[2:]


def test_a_progress_read_without_its_point_is_the_computed_one():
    """003 on the bitonal seed-184 draw: a row of 9 planned and 9 executed read its progress
    "100.0%" as "1000%" (the point lost). Its digits are those of the progress its numbers
    give, to the one decimal the document prints: the progress is 100.0, and its values,
    which agree, are left as they are."""
    from pipeline.totals import hold_to_progress

    activity, values = _evaluation_row(16, "9", "9", 1000.0)
    other, other_values = _evaluation_row(17, "185", "184", 99.5)
    assert hold_to_progress([activity, other], values + other_values) == values + other_values
    assert activity["progress_pct"] == 100.0


def test_a_line_read_without_its_aggregation_is_flagged_when_its_months_do_not_sum():
    """Chromium's plain print of 004 at 300 dpi grey (seed 201) read its aggregation column
    into the unit's cells ("INFORME Acumulado Anua"): no activity had an aggregation, no line
    was held to its sum, and row 6's executed November, "11.00" read "1.00" 0.85 sure (the
    two 1s joined at their feet), was published wrong and sure. The family prints each
    activity's aggregation (``aggregated``); a line read without one that does not sum is
    flagged whole (it may be summed, and which cell is wrong the sum cannot say); one that
    sums, or a line of a family that prints no aggregation, is left as read."""
    from extractors.pe_ceplan_poi import CeplanPoiExtractor

    unread = {"row": 1, "aggregation": None}
    # As read: January lost to quarantine, February and November read "1.00" for "11.00".
    months = [None, "1.00", "17.00", "20.00", "18.00", "12.00", "11.00", "11.00", "10.00", "11.00", "1.00", "9.00"]
    values = [v for v in line([m or "0.00" for m in months], "152.00", "executed", confidence=0.85)
              if v["period"] != "2024-01"] + FORM_CELLS
    assert CeplanPoiExtractor.aggregated
    after = hold_to_totals([unread], values, aggregated=True)
    assert {v["period"]: v["confidence"] for v in after[:12]} == {v["period"]: DISAGREED for v in values[:12]}
    assert hold_to_totals([unread], values) == values  # a family that prints no aggregation
    summing = line(["11.00"] * 12, "132.00", "executed", confidence=0.85) + FORM_CELLS
    assert hold_to_totals([unread], summing, aggregated=True) == summing


# A thresholded scan keeps a decimal point in most cells, not 90% of them: LibreOffice Calc's
# 004 scanned bitonal (seed 480) read 460 of 562 numbers ".00" and 80 as digits alone.
POINTS_LOST = [{**cell, "row": 98, "raw": "100", "value": 100.0} for cell in FORM_CELLS[:6]]


def test_readings_that_lost_their_point_on_a_thresholded_scan_count_in_the_tables_form():
    """Calc's bitonal 004 (seed 480): with one reading in eight of digits alone ("100",
    "000", "400"), no decimals were printed by 90% of the numbers, the table had no form,
    and its zeros read "000" were not written "0.00" nor its lines mended by their point.
    Digits alone, longer than the decimals of the readings that print a mark, are that
    form with its point lost; where readings with a mark are under half, they are not."""
    values = FORM_CELLS + POINTS_LOST + [{"row": 3, "measure": "executed", "period": "2024-01", "raw": "000",
                                          "value": 0.0, "confidence": 0.9}]
    assert zeros_to_form(values)[-1]["raw"] == "0.00"
    whole = [{**cell, "raw": "1", "value": 1.0} for cell in FORM_CELLS]  # a table of whole numbers
    few_marked = whole + FORM_CELLS[:12] + values[-1:]
    assert zeros_to_form(few_marked)[-1]["raw"] == "000"


def test_a_line_whose_cells_lost_their_points_is_read_with_them_put_back():
    """Calc's bitonal 004 (seed 480), row 1 executed: March and September read "1.00",
    June and December "100", the total "400": no one or two mends make the line hold,
    and it was flagged with a hundred in it twice. With every point the table's form puts
    back, it holds: those cells are read so, flagged. A line whose every number lost its
    point holds as read alike ("100" and "100"): the table's form tells, not the sum."""
    months = ["0.00", "0.00", "1.00", "0.00", "0.00", "100", "0.00", "0.00", "1.00", "0.00", "0.00", "100"]
    values = line(months, "400", "executed") + FORM_CELLS + POINTS_LOST
    assert changed(values[:13], hold_to_totals([ACTIVITY], values)[:13]) == {
        "2024-06": ("1.00", DISAGREED), "2024-12": ("1.00", DISAGREED), "2024": ("4.00", DISAGREED)}
    all_lost = ["000"] * 6 + ["100"] + ["000"] * 5
    values = line(all_lost, "100", "executed") + FORM_CELLS + POINTS_LOST
    after = hold_to_totals([ACTIVITY], values)
    assert (after[6]["raw"], after[6]["value"], after[12]["raw"]) == ("1.00", 1.0, "1.00")
    # A line that would not hold with them put back keeps its readings, flagged off the form.
    values = line(["100"] + ["0.00"] * 11, "3.00", "executed") + FORM_CELLS + POINTS_LOST
    after = hold_to_totals([ACTIVITY], values)
    assert after[0]["raw"] == "100" and after[0]["confidence"] == DISAGREED


def test_a_progress_read_right_is_not_taken_for_one_read_without_its_point():
    """Typst's 003 at 200 dpi grey (seed 600, held out): a row prints planned 371, executed
    371 and progress "100.0%"; the executed was read "37%" (0.75 sure, its 1 as a sign). The
    ratio, 37 / 371, is 10.0%, whose digits a progress of 100 read without its point would
    be: the progress was mended to 10.0, the row held, and 37 was published sure, wrong. A
    progress is taken for one read without its point only when it is over 100 ("1000" for
    100.0 still is: test_a_progress_read_without_its_point_is_the_computed_one); this row's
    planned and executed are flagged, its progress left as printed."""
    from pipeline.totals import hold_to_progress

    activity, values = _evaluation_row(15, "371", "37%", 100.0)
    other, other_values = _evaluation_row(16, "185", "184", 99.5)
    after = hold_to_progress([activity, other], values + other_values)
    assert activity["progress_pct"] == 100.0
    assert [v["confidence"] for v in after[:2]] == [DISAGREED, DISAGREED]
    assert after[2:] == other_values
