"""The four Parquet files load with pandas and pass their pandera schemas."""

from __future__ import annotations

import hashlib
from datetime import date

import pandera.errors
import pytest

from conftest import RAW
from schemas import SCHEMAS
from schemas.contract import period_bounds


def test_column_names_are_the_contract(processed):
    assert list(processed["documents"].columns) == [
        "doc_id", "source_path", "sha256", "family", "country", "institution", "plan_year",
        "n_pages", "ocr_pages", "number_locale", "number_locale_basis", "number_locale_evidence", "status", "message",
        "extractor_version"]
    assert list(processed["values"].columns) == [
        "activity_key", "doc_id", "measure", "period", "period_start", "period_end", "value", "raw", "value_kind", "page",
        "x0", "top", "x1", "bottom", "confidence"]
    assert list(processed["quarantine"].columns) == ["doc_id", "page", "reason", "cells"]
    assert list(processed["activities"].columns)[:3] == ["activity_key", "doc_id", "row"]


@pytest.mark.parametrize("table", ["documents", "activities", "values", "quarantine"])
def test_parquet_passes_its_schema(processed, table):
    SCHEMAS[table].validate(processed[table], lazy=True)


def test_schema_rejects_a_broken_value_row(processed):
    broken = processed["values"].head(3).copy()
    broken.loc[broken.index[0], "period"] = "2022-13"
    broken.loc[broken.index[1], "measure"] = "forecast"
    with pytest.raises(pandera.errors.SchemaErrors) as err:
        SCHEMAS["values"].validate(broken, lazy=True)
    assert set(err.value.failure_cases["column"]) >= {"period", "measure"}


def test_doc_id_is_the_sha256_prefix_of_the_file(processed):
    for _, d in processed["documents"].iterrows():
        sha = hashlib.sha256((RAW / d["source_path"]).read_bytes()).hexdigest()
        assert (d["sha256"], d["doc_id"]) == (sha, sha[:16])


def test_every_value_points_to_an_activity_and_a_page_box(processed):
    keys = set(processed["activities"]["activity_key"])
    values = processed["values"]
    assert set(values["activity_key"]) <= keys
    acts = processed["activities"].set_index("activity_key")
    pages = values.join(acts[["page_first", "page_last"]], on="activity_key")
    assert ((pages["page"] >= pages["page_first"]) & (pages["page"] <= pages["page_last"])).all()


def test_documents_metadata(processed):
    docs = processed["documents"].set_index("family")
    assert docs.loc["sv_mtps_pat", "plan_year"] == 2022
    assert docs.loc["sv_integracion_pat", "country"] == "SV"
    assert (processed["documents"]["n_pages"] > 0).all()


@pytest.mark.parametrize("period, start, end", [
    ("2024", "2024-01-01", "2024-12-31"), ("2024-03", "2024-03-01", "2024-03-31"),
    ("2024-02", "2024-02-01", "2024-02-29"), ("2023-02", "2023-02-01", "2023-02-28"),
    ("2024-Q2", "2024-04-01", "2024-06-30"), ("2024-Q4", "2024-10-01", "2024-12-31"),
    ("2024-H1", "2024-01-01", "2024-06-30"), ("2024-H2", "2024-07-01", "2024-12-31")])
def test_period_bounds_are_the_first_and_last_day(period, start, end):
    assert period_bounds(period) == (date.fromisoformat(start), date.fromisoformat(end))


def test_period_dates_must_agree_with_period(processed):
    values = processed["values"]
    assert values[["period_start", "period_end"]].notna().all().all()
    assert all((s, e) == period_bounds(p) for p, s, e in zip(values["period"], values["period_start"],
                                                             values["period_end"]))
    broken = values.head(3).copy()
    broken.loc[broken.index[0], "period_start"] = date(1999, 1, 1)  # disagrees with period
    broken.loc[broken.index[1], "period_end"] = None  # missing beside a valid period
    with pytest.raises(pandera.errors.SchemaErrors) as err:
        SCHEMAS["values"].validate(broken, lazy=True)
    assert set(err.value.failure_cases["index"]) == set(broken.index[:2])
