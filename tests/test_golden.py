"""Golden tests: the Parquet output equals the expected data checked into tests/fixtures/.

Every expected activity and value must be present with the same text and numbers,
and nothing else may be there. The match is printed as a figure (run with -s).
"""

from __future__ import annotations

import pytest

from conftest import SAMPLES, doc_rows
from golden import assert_same, compare_activities, compare_values, expected

GOLDEN = list(SAMPLES)


@pytest.mark.parametrize("doc", GOLDEN)
def test_activities_match_expected(processed, doc):
    assert_same(*compare_activities(processed, f"{doc}.pdf", doc))


@pytest.mark.parametrize("doc", GOLDEN)
def test_values_match_expected(processed, doc):
    assert_same(*compare_values(processed, f"{doc}.pdf", doc))


@pytest.mark.parametrize("doc", GOLDEN)
def test_value_kind_follows_the_printed_cell(processed, doc):
    values = doc_rows(processed, doc, "values")
    percent = values["raw"].str.contains("%")
    currency = values["raw"].str.contains("$", regex=False) & ~percent
    assert (values.loc[percent, "value_kind"] == "percent").all()
    assert (values.loc[currency, "value_kind"] == "currency").all()
    assert (values.loc[~percent & ~currency, "value_kind"] == "number").all()


@pytest.mark.parametrize("doc", GOLDEN)
def test_activity_pages_match_expected_where_known(processed, doc):
    # 003 and 004 give every activity's first and last page; the El Salvador
    # seeds print no page numbers, so their expected pages are blank.
    want = {int(r["row_id"]): (int(r["page_first"]), int(r["page_last"]))
            for r in expected(doc, "activities") if r["page_first"]}
    got = {int(r["row"]): (int(r["page_first"]), int(r["page_last"]))
           for r in doc_rows(processed, doc, "activities").to_dict("records")}
    assert {row: got.get(row) for row in want} == want


@pytest.mark.parametrize("doc", GOLDEN)
def test_every_value_keeps_its_page_and_cell_box(processed, doc):
    values = doc_rows(processed, doc, "values")
    acts = doc_rows(processed, doc, "activities").set_index("row")
    rows = values["activity_key"].str.split(":").str[1].astype(int)
    assert ((values["x1"] > values["x0"]) & (values["bottom"] > values["top"])).all()
    assert (values["page"].to_numpy() >= acts.loc[rows, "page_first"].to_numpy()).all()
    assert (values["page"].to_numpy() <= acts.loc[rows, "page_last"].to_numpy()).all()
