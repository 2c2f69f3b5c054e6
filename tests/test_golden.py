"""Golden tests: the Parquet output equals the expected data checked into tests/fixtures/.

Every expected activity and value must be present with the same text and numbers,
and nothing else may be there. The match is printed as a figure (run with -s).
"""

from __future__ import annotations

import math

import pytest

from conftest import INTEGRACION_2024, MTPS_2022, doc_rows, expected

TEXT_FIELDS = ["unit", "section", "code", "activity", "strategic_line", "expected_result",
               "verification", "responsible", "measure_unit", "aggregation", "priority", "cost_center"]
NUMBER_FIELDS = ["total_planned", "total_executed", "progress_pct"]


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _number(value) -> float | None:
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _activity_tuple(row: dict) -> tuple:
    return (int(row["row"]), *(_text(row[f]) for f in TEXT_FIELDS), *(_number(row[f]) for f in NUMBER_FIELDS))


def _value_tuple(row: dict) -> tuple:
    return (int(row["row"]), row["measure"], row["period"], _number(row["value"]), row["raw"])


def _report(doc: str, what: str, want: set, got: set) -> str:
    matched = len(want & got)
    figure = f"[golden {doc} {what}] {matched}/{len(want)} expected matched ({100 * matched / max(1, len(want)):.2f}%), {len(got - want)} extra"
    print(figure)
    return figure


@pytest.mark.parametrize("doc", [MTPS_2022, INTEGRACION_2024])
def test_activities_match_expected(processed, doc):
    got_df = doc_rows(processed, doc, "activities")
    got = {_activity_tuple(r) for r in got_df.to_dict("records")}
    want = {_activity_tuple({**r, "row": r["row_id"]}) for r in expected(doc, "activities")}
    figure = _report(doc, "activities", want, got)
    assert got == want, f"{figure}\nmissing: {sorted(want - got)[:5]}\nextra: {sorted(got - want)[:5]}"


@pytest.mark.parametrize("doc", [MTPS_2022, INTEGRACION_2024])
def test_values_match_expected(processed, doc):
    got_df = doc_rows(processed, doc, "values")
    got_df = got_df.assign(row=got_df["activity_key"].str.split(":").str[1].astype(int))
    got = {_value_tuple(r) for r in got_df.to_dict("records")}
    want = {_value_tuple({**r, "row": r["row_id"]}) for r in expected(doc, "values")}
    figure = _report(doc, "values", want, got)
    assert len(got_df) == len(got), "duplicate value rows"
    assert got == want, f"{figure}\nmissing: {sorted(want - got)[:5]}\nextra: {sorted(got - want)[:5]}"


@pytest.mark.parametrize("doc", [MTPS_2022, INTEGRACION_2024])
def test_value_kind_follows_the_printed_cell(processed, doc):
    values = doc_rows(processed, doc, "values")
    percent = values["raw"].str.contains("%")
    assert (values.loc[percent, "value_kind"] == "percent").all()
    assert (values.loc[~percent, "value_kind"] == "number").all()
