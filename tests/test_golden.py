"""Golden tests: the Parquet output equals the expected data checked into tests/fixtures/.

Every expected activity and value must be present with the same text and numbers,
and nothing else may be there. The match is printed as a figure (run with -s).
"""

from __future__ import annotations

import pytest

from conftest import INTEGRACION_2024, MTPS_2022, doc_rows
from golden import assert_same, compare_activities, compare_values

GOLDEN = [MTPS_2022, INTEGRACION_2024]


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
    assert (values.loc[percent, "value_kind"] == "percent").all()
    assert (values.loc[~percent, "value_kind"] == "number").all()
