"""The number locale of a document: which mark is the decimal one, decided from the
document's own evidence, never guessed silently (issue 15)."""

from __future__ import annotations

import pytest

from extractors.values import (COMMA_DECIMAL, POINT_DECIMAL, arithmetic_votes, decide_locale, number_locale,
                               parse_value, token_locale)


@pytest.mark.parametrize("raw, locale", [
    ("1.250.000", COMMA_DECIMAL), ("1,250,000", POINT_DECIMAL), ("4,070.8", POINT_DECIMAL),
    ("1.234,5", COMMA_DECIMAL), ("12,5", COMMA_DECIMAL), ("2,75", COMMA_DECIMAL), ("8.33%", POINT_DECIMAL),
    ("$20,000.00", POINT_DECIMAL), ("1938.51", POINT_DECIMAL), ("12500,0", COMMA_DECIMAL),
    ("3.000", None), ("1,100", None), ("450", None), ("S.I.", None), ("-", None), ("100%", None),
])
def test_a_printed_number_proves_a_locale_only_when_it_reads_one_way(raw, locale):
    assert token_locale(raw) is locale


@pytest.mark.parametrize("raw, point, comma", [
    ("12.500", 12.5, 12500.0), ("2,5", 25.0, 2.5), ("1.234,5", 1234.5, 1234.5), ("8,276.00", 8276.0, 8276.0),
    ("21,00", 2100.0, 21.0), ("125.000", 125.0, 125000.0), ("10 %", 10.0, 10.0), ("≥ 85%", 85.0, 85.0),
])
def test_values_parse_in_the_document_locale(raw, point, comma):
    assert parse_value(raw, POINT_DECIMAL).value == point
    assert parse_value(raw, COMMA_DECIMAL).value == comma


def test_colombian_numbers_are_read_with_a_decimal_comma():
    """The issue's case: "12.500" is twelve thousand five hundred and "2,5" two and a
    half; reading "." as the decimal mark divided the goals by a thousand."""
    decision = decide_locale(["12.500", "2,5", "125.000", "22.500"], [], None)
    assert decision.locale is COMMA_DECIMAL and decision.basis == "numbers" and not decision.doubtful
    assert [parse_value(r, decision.locale).value for r in ("12.500", "125.000", "2,5")] == [12500, 125000, 2.5]


def test_one_malformed_group_does_not_turn_a_plan_decimal_comma():
    """001 prints "21,00" for 2,100 (a thousands comma one digit short) among hundreds of
    "1,100"-style numbers that read either way. Salvador's convention weighs more than
    one odd number; the decision reads the plan as 1,234.5 and names the odd one."""
    decision = decide_locale(["1,100", "21,00", "22,500", "150"], [], "SV")
    assert decision.locale is POINT_DECIMAL and decision.basis == "disputed" and decision.doubtful
    assert "against 1 printed number read only as 1.234,5" in decision.note


def test_totals_that_add_up_under_one_reading_decide():
    # 1500 + 500 = 2000 and 2500 + 500 = 3000 only as 1.234,5 (1.5 + 500 is no 2.0); a row
    # adding up either way (2.5 + 1.5 = 4.0, 2500 + 1500 = 4000) proves nothing.
    rows = [(["1.500", "500"], "2.000"), (["2.500", "500"], "3.000"), (["2.500", "1.500"], "4.000")]
    assert arithmetic_votes(rows) == {POINT_DECIMAL: 0, COMMA_DECIMAL: 2}
    decision = decide_locale(["1.500", "500", "2.000"], rows, None)
    assert decision.locale is COMMA_DECIMAL and decision.basis == "arithmetic"


def test_without_evidence_the_country_convention_is_an_assumption():
    colombian = decide_locale(["3.000", "1.000"], [], "CO")
    assert colombian.locale is COMMA_DECIMAL and colombian.basis == "country" and colombian.assumed
    unknown = decide_locale(["3.000", "1.000"], [], None)
    assert unknown.locale is POINT_DECIMAL and unknown.basis == "default" and unknown.assumed
    assert "assumed" in unknown.note and "2 printed numbers read either way (e.g. '3.000')" in unknown.note


def test_numbers_that_read_alike_either_way_need_no_decision():
    """Whole numbers without groups ("25%", "150") read the same with either mark: the
    locale changes nothing, so nothing is assumed (no warning check), and it says so."""
    decision = decide_locale(["25%", "150", "8"], [], "SV")
    assert decision.basis == "unambiguous" and not decision.doubtful and decision.locale is POINT_DECIMAL
    assert decision.note.startswith("every printed number reads the same")


def test_the_user_override_wins_and_bad_names_are_refused():
    decision = decide_locale(["8.33%"], [], "PE", override="1.234,5")
    assert decision.locale is COMMA_DECIMAL and decision.basis == "override" and not decision.doubtful
    # A country's convention by its language tag or code.
    assert number_locale("es-CO") is COMMA_DECIMAL and number_locale("MX") is POINT_DECIMAL
    assert number_locale("es_AR") is COMMA_DECIMAL and number_locale(" 1,234.5 ") is POINT_DECIMAL
    for bad in ("1.234.5", "es-XX", "decimal comma", ""):
        with pytest.raises(ValueError, match="use 1,234.5 or 1.234,5, or a country's"):
            number_locale(bad)
