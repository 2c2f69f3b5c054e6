"""The data contract of data/processed/: one pandera model per Parquet file.

Column names and order are part of the contract (README, "Data contract").
Validation is lazy: every failure is collected, and failures become a table.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from extractors.values import LOCALE_BASES, LOCALES

# "duplicate": a byte-identical copy of an earlier file of the batch (in path order), not
# extracted again; its data is under the first file's doc_id (README, "Bad input").
STATUSES = ["ok", "partial", "no_tables", "needs_ocr", "duplicate", "failed"]
MEASURES = ["planned", "executed"]
VALUE_KINDS = ["percent", "number", "currency"]
PERIOD = r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$"
# How a printed unit or activity name got its id (pipeline/reconcile.py). "new": first
# seen, it founded the id; "activities": a unit recognised by the activities it shares.
LINK_METHODS = ["new", "code", "exact", "normalized", "fuzzy", "activities", "manual"]
UNIT_ID = r"^u-[0-9a-f]{10}$"
ACTIVITY_ID = r"^a-[0-9a-f]{12}$"
# Why a row is in quarantine.parquet (README, "Data contract"). summary_row is informational
# (accounted for, the document stays ok); contract_violation: the document's rows broke this
# contract, so the pipeline moved all of them here and the document is failed
# (pipeline/gate.py); not_checked: the documents' own checks raised on the document, so its
# rows were not checked and were moved here the same way (pipeline/checks.py); the others
# make the document partial.
CONTRACT_VIOLATION = "contract_violation"
NOT_CHECKED = "not_checked"
MOVED_REASONS = (CONTRACT_VIOLATION, NOT_CHECKED)  # every activity and value of a failed document
# ocr_unreadable: a value cell read by OCR below OCR_MIN_CONFIDENCE whose text is no number
# (the machine could not read it; a person can, on the page image).
QUARANTINE_REASONS = ["value_under_unlabelled_column", "value_not_a_number", "ocr_unreadable", "summary_row",
                      *MOVED_REASONS]
# Below this engine confidence (0..1) a value read by OCR is doubtful: listed by the check
# ocr_value_confident when it parses, quarantined as ocr_unreadable when it does not.
OCR_MIN_CONFIDENCE = 0.6
PAGE_RANGES = r"^\d+(-\d+)?(, \d+(-\d+)?)*$"


class Documents(pa.DataFrameModel):
    doc_id: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{16}$", unique=True)
    source_path: Series[str]
    sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    family: Series[str] = pa.Field(nullable=True)
    country: Series[str] = pa.Field(nullable=True)
    institution: Series[str] = pa.Field(nullable=True)
    plan_year: Series[pa.Int64] = pa.Field(nullable=True, ge=1990, le=2100)
    n_pages: Series[pa.Int64] = pa.Field(nullable=True, ge=0)
    # Pages read by OCR ("1-3, 7"), null when every page was read from its text layer.
    ocr_pages: Series[str] = pa.Field(nullable=True, str_matches=PAGE_RANGES)
    # How its numbers were read ("1.234,5": decimal comma), and why; null when none was read.
    number_locale: Series[str] = pa.Field(nullable=True, isin=list(LOCALES))
    number_locale_basis: Series[str] = pa.Field(nullable=True, isin=list(LOCALE_BASES))
    number_locale_evidence: Series[str] = pa.Field(nullable=True)
    status: Series[str] = pa.Field(isin=STATUSES)
    message: Series[str] = pa.Field(nullable=True)
    extractor_version: Series[str]

    class Config:
        strict = True
        ordered = True
        name = "documents"

    @pa.dataframe_check(error="number_locale, number_locale_basis and number_locale_evidence are all set or all null")
    def number_locale_with_its_basis(cls, df):
        cols = df[["number_locale", "number_locale_basis", "number_locale_evidence"]].notna()
        return cols.all(axis=1) | ~cols.any(axis=1)

    @pa.dataframe_check(error="a duplicate's sha256 must be that of a document of the batch that is not a duplicate")
    def duplicate_has_its_original(cls, df):
        duplicate = df["status"] == "duplicate"
        return ~duplicate | df["sha256"].isin(set(df.loc[~duplicate, "sha256"]))


class Activities(pa.DataFrameModel):
    activity_key: Series[str] = pa.Field(unique=True, str_matches=r"^[0-9a-f]{16}:\d+$")
    doc_id: Series[str]
    row: Series[pa.Int64] = pa.Field(ge=1)
    unit: Series[str] = pa.Field(nullable=True)
    # Filled by `pipeline reconcile`; null in the output of `extract` alone.
    unit_id: Series[str] = pa.Field(nullable=True, str_matches=UNIT_ID)
    section: Series[str] = pa.Field(nullable=True)
    code: Series[str] = pa.Field(nullable=True)
    activity: Series[str] = pa.Field(nullable=True)
    activity_id: Series[str] = pa.Field(nullable=True, str_matches=ACTIVITY_ID)
    strategic_line: Series[str] = pa.Field(nullable=True)
    expected_result: Series[str] = pa.Field(nullable=True)
    verification: Series[str] = pa.Field(nullable=True)
    responsible: Series[str] = pa.Field(nullable=True)
    measure_unit: Series[str] = pa.Field(nullable=True)
    aggregation: Series[str] = pa.Field(nullable=True)
    priority: Series[str] = pa.Field(nullable=True)
    cost_center: Series[str] = pa.Field(nullable=True)
    total_planned: Series[float] = pa.Field(nullable=True)
    total_executed: Series[float] = pa.Field(nullable=True)
    progress_pct: Series[float] = pa.Field(nullable=True)
    page_first: Series[pa.Int64] = pa.Field(ge=1)
    page_last: Series[pa.Int64] = pa.Field(ge=1)

    class Config:
        strict = True
        ordered = True
        name = "activities"

    @pa.dataframe_check(error="page_last must not precede page_first")
    def pages_in_order(cls, df):
        return df["page_last"] >= df["page_first"]

    @pa.dataframe_check(error="activity_key must be '<doc_id>:<row>'")
    def key_matches(cls, df):
        return df["activity_key"] == df["doc_id"] + ":" + df["row"].astype(str)


class Values(pa.DataFrameModel):
    activity_key: Series[str]
    doc_id: Series[str]
    measure: Series[str] = pa.Field(isin=MEASURES)
    period: Series[str] = pa.Field(str_matches=PERIOD)
    value: Series[float] = pa.Field(nullable=True)
    raw: Series[str]
    value_kind: Series[str] = pa.Field(isin=VALUE_KINDS)
    page: Series[pa.Int64] = pa.Field(ge=1)
    x0: Series[float]
    top: Series[float]
    x1: Series[float]
    bottom: Series[float]
    # The OCR engine's confidence in the cell's words (the least sure one), 0..1; null
    # for a value read from the text layer.
    confidence: Series[float] = pa.Field(nullable=True, ge=0, le=1)

    class Config:
        strict = True
        ordered = True
        name = "values"
        unique = ["activity_key", "measure", "period"]

    @pa.dataframe_check(error="cell box must have positive width and height")
    def box_is_positive(cls, df):
        return (df["x1"] > df["x0"]) & (df["bottom"] > df["top"])


class Quarantine(pa.DataFrameModel):
    """What was seen but could not be placed, with its reason (``QUARANTINE_REASONS``)."""

    doc_id: Series[str]
    page: Series[pa.Int64] = pa.Field(nullable=True, ge=1)
    reason: Series[str]
    cells: Series[object]  # list of the row's printed cell strings

    class Config:
        strict = True
        ordered = True
        name = "quarantine"


class Checks(pa.DataFrameModel):
    """One row per failed domain rule (schemas/rules.py); the rows it names stay in the output."""

    doc_id: Series[str]
    activity_key: Series[str] = pa.Field(nullable=True)
    check: Series[str]
    severity: Series[str] = pa.Field(isin=["error", "warning"])
    message: Series[str]
    page: Series[pa.Int64] = pa.Field(nullable=True, ge=1)

    class Config:
        strict = True
        ordered = True
        name = "checks"


class Units(pa.DataFrameModel):
    """One row per real unit: the name it was first printed with, within its institution."""

    unit_id: Series[str] = pa.Field(unique=True, str_matches=UNIT_ID)
    name: Series[str]
    institution: Series[str] = pa.Field(nullable=True)
    country: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        ordered = True
        name = "units"


class UnitNames(pa.DataFrameModel):
    """Every unit name as printed in each document, and the unit it names."""

    doc_id: Series[str]
    unit: Series[str]
    unit_id: Series[str] = pa.Field(str_matches=UNIT_ID)
    method: Series[str] = pa.Field(isin=LINK_METHODS)
    score: Series[float] = pa.Field(nullable=True, ge=0, le=100)

    class Config:
        strict = True
        ordered = True
        name = "unit_names"
        unique = ["doc_id", "unit"]


class ActivityLinks(pa.DataFrameModel):
    """The activity id of every activity row, and how it was found."""

    activity_key: Series[str] = pa.Field(unique=True)
    activity_id: Series[str] = pa.Field(str_matches=ACTIVITY_ID)
    method: Series[str] = pa.Field(isin=LINK_METHODS)
    score: Series[float] = pa.Field(nullable=True, ge=0, le=100)

    class Config:
        strict = True
        ordered = True
        name = "activity_links"

    @pa.dataframe_check(error="one document links two of its activities to the same activity_id")
    def one_to_one_per_document(cls, df):
        doc = df["activity_key"].str.split(":").str[0]
        return ~pd.Series(list(zip(doc, df["activity_id"])), index=df.index).duplicated(keep=False)


SCHEMAS = {"documents": Documents, "activities": Activities, "values": Values, "quarantine": Quarantine,
           "checks": Checks, "units": Units, "unit_names": UnitNames, "activity_links": ActivityLinks}
