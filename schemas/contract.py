"""The data contract of data/processed/: one pandera model per Parquet file.

Column names and order are part of the contract (docs/contract.md, whose tables are generated from
these models: ``make docs``).
Validation is lazy: every failure is collected, and failures become a table.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from extractors.layout.records import OCR_MIN_CONFIDENCE  # noqa: F401 (part of the contract)
from extractors.values import LOCALE_BASES, LOCALES

# "duplicate": a byte-identical copy of an earlier file of the batch (in path order), not
# extracted again; its data is under the first file's doc_id (docs/bad-input.md).
STATUSES = ["ok", "partial", "no_tables", "needs_ocr", "duplicate", "failed"]
MEASURES = ["planned", "executed"]
VALUE_KINDS = ["percent", "number", "currency"]
PERIOD = r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$"
# Months in a period by its kind: YYYY-Qn three, YYYY-Hn six (YYYY-MM one, YYYY twelve).
PERIOD_MONTHS = {"Q": 3, "H": 6}
# How a printed unit or activity name got its id (pipeline/reconcile.py). "new": first
# seen, it founded the id; "activities": a unit recognised by the activities it shares.
LINK_METHODS = ["new", "code", "exact", "normalized", "fuzzy", "activities", "manual"]
# The method and score columns of unit_names and activity_links.
LINK_METHOD = ("how it was linked: new (first seen: founded the id), code, exact, normalized, fuzzy, activities "
               "(a unit recognised by the activities it shares), manual (a decision in overrides.csv)")
LINK_SCORE = ("0-100 match score: 100 for code, exact and normalized, the rapidfuzz score for fuzzy, the mean of "
              "name score and % of shared activities for activities; null for new and manual")
UNIT_ID = r"^u-[0-9a-f]{10}$"
ACTIVITY_ID = r"^a-[0-9a-f]{12}$"
# Why a row is in quarantine.parquet (docs/contract.md). summary_row is informational
# (accounted for, the document stays ok); contract_violation: the document's rows broke this
# contract, so the pipeline moved all of them here and the document is failed
# (pipeline/gate.py); not_checked: the documents' own checks raised on the document, so its
# rows were not checked and were moved here the same way (pipeline/checks.py); the others
# make the document partial.
CONTRACT_VIOLATION = "contract_violation"
NOT_CHECKED = "not_checked"
MOVED_REASONS = (CONTRACT_VIOLATION, NOT_CHECKED)  # every activity and value of a failed document
# ocr_unreadable: a value cell read by OCR below OCR_MIN_CONFIDENCE whose text is no number,
# or read as signs alone with no digit at any confidence (">" for a "2": pipeline/confidence.py)
# (the machine could not read it; a person can, on the page image).
# table_columns_unread: a row of a table that looks like the family's own (its header names
# periods, or it is as wide as a table read in the document with numbers under that one's
# value columns) but whose columns were not recognised (extractors/base.py, unread_rows and
# rows_of_a_read_width).
QUARANTINE_REASONS = ["value_under_unlabelled_column", "value_not_a_number", "ocr_unreadable",
                      "table_columns_unread", "summary_row", *MOVED_REASONS]
PAGE_RANGES = r"^\d+(-\d+)?(, \d+(-\d+)?)*$"


def period_bounds(period) -> tuple[date | None, date | None]:
    """First and last day of a contract period ('2024-Q2' -> 2024-04-01, 2024-06-30);
    (None, None) for a string outside the PERIOD pattern (the contract reports that)."""
    if not isinstance(period, str) or not re.match(PERIOD, period):
        return None, None
    year, part = int(period[:4]), period[5:]
    if not part:
        first, last = 1, 12
    elif part[0] in PERIOD_MONTHS:
        months = PERIOD_MONTHS[part[0]]
        first, last = (int(part[1]) - 1) * months + 1, int(part[1]) * months
    else:
        first = last = int(part)
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


class Documents(pa.DataFrameModel):
    """One row per input file: its identity, what was read from it and its status."""

    doc_id: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{16}$", unique=True, description=(
        "first 16 hex digits of the file's SHA-256 (stable across renames); for a duplicate row, of the "
        "SHA-256 of '<sha256>:<source_path>'"))
    source_path: Series[str] = pa.Field(description="path of the file relative to the input folder")
    sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the file")
    family: Series[str] = pa.Field(nullable=True, description=(
        "document family that extracted it (generic_monthly for an unknown layout with a period header); "
        "null if none matched"))
    country: Series[str] = pa.Field(nullable=True, description=(
        "ISO 3166 alpha-2 code of the publishing body's country (SV, PE)"))
    institution: Series[str] = pa.Field(nullable=True, description=(
        "publishing body, as the document names it where the family reads it (e.g. CEPLAN's PLIEGO)"))
    plan_year: Series[pa.Int64] = pa.Field(nullable=True, ge=1990, le=2100, description=(
        "year of the plan, read from the document (its title, else a label such as 'Año: 2024'), never from the "
        "file name"))
    n_pages: Series[pa.Int64] = pa.Field(nullable=True, ge=0, description=(
        "pages in the PDF; null when it could not be opened"))
    ocr_pages: Series[str] = pa.Field(nullable=True, str_matches=PAGE_RANGES, description=(
        "pages read by OCR, as ranges ('1-3, 7'); null when every page was read from its text layer"))
    number_locale: Series[str] = pa.Field(nullable=True, isin=list(LOCALES), description=(
        "the marks its numbers were read with: '1,234.5' (decimal point, comma thousands: Mexico, Central "
        "America, Peru) or '1.234,5' (decimal comma: Colombia, Argentina, Chile, Spain, Brazil …); null when "
        "no number was read"))
    number_locale_basis: Series[str] = pa.Field(nullable=True, isin=list(LOCALE_BASES), description=(
        "how number_locale was decided: override (the user's), numbers (printed numbers that read only one "
        "way), arithmetic (rows whose months add up to their total only one way), unambiguous (every number "
        "reads the same either way: nothing depended on it), disputed (evidence both ways: the stronger side "
        "won), country (nothing told: the country's convention, assumed), default (nothing told, no known "
        "country: '1,234.5', assumed); the last three get a warning check"))
    number_locale_evidence: Series[str] = pa.Field(nullable=True, description=(
        "the evidence for number_locale, in words ('14 printed numbers read only as 1.234,5; 13 rows add up "
        "to their total only as 1.234,5')"))
    status: Series[str] = pa.Field(isin=STATUSES, description=(
        "ok; partial (some rows quarantined); no_tables (no recognised activity table: text without one, or "
        "pages that draw no text, only vector shapes); needs_ocr (no text layer, and pages that draw images: "
        "scanned, and OCR off, the default); duplicate (a byte-identical copy of an earlier file of the batch: "
        "not extracted again); failed (could not be read, its rows break the data contract, or a stage raised "
        "on it)"))
    message: Series[str] = pa.Field(nullable=True, description=(
        "why the status is not ok, naming the file; on an ok document, null unless a page note applies (a page "
        "that repeats an earlier one, read once; a page with no text among pages with text)"))
    extractor_version: Series[str] = pa.Field(description="version of the extractors that produced the rows")

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


NAMING_FIELDS = ("code", "activity", "expected_result")  # an activity prints one of them at least


class Activities(pa.DataFrameModel):
    """One row per activity (a logical table row), text exactly as printed."""

    activity_key: Series[str] = pa.Field(unique=True, str_matches=r"^[0-9a-f]{16}:\d+$", description=(
        "'<doc_id>:<row>', unique"))
    doc_id: Series[str] = pa.Field(description="the document")
    row: Series[pa.Int64] = pa.Field(ge=1, description="1..N in reading order within the document")
    unit: Series[str] = pa.Field(nullable=True, description=(
        "organisational unit that owns the activity, as printed (caption, heading or column)"))
    unit_id: Series[str] = pa.Field(nullable=True, str_matches=UNIT_ID, description=(
        "the real unit across documents ('u-' + 10 hex, see units); null when no unit is printed, and in the "
        "output of `pipeline extract` alone (before `pipeline reconcile`)"))
    section: Series[str] = pa.Field(nullable=True, description=(
        "program, part of the plan or strategic action (AEI, as 'AEI.07.04 <name>') the activity belongs to"))
    code: Series[str] = pa.Field(nullable=True, description=(
        "activity number or code as printed ('1.2', '_1.10', 'AOI00106600086')"))
    activity: Series[str] = pa.Field(nullable=True, description="the activity, as printed")
    activity_id: Series[str] = pa.Field(nullable=True, str_matches=ACTIVITY_ID, description=(
        "the real activity across documents, versions and years ('a-' + 12 hex); null before `pipeline "
        "reconcile`"))
    strategic_line: Series[str] = pa.Field(nullable=True, description=(
        "strategic line, process or objective (OEI, as 'OEI.07 <name>') it serves"))
    expected_result: Series[str] = pa.Field(nullable=True, description="expected result or product")
    verification: Series[str] = pa.Field(nullable=True, description="means of verification")
    responsible: Series[str] = pa.Field(nullable=True, description="responsible person or office")
    measure_unit: Series[str] = pa.Field(nullable=True, description="unit of measure of the goal")
    aggregation: Series[str] = pa.Field(nullable=True, description=(
        "how the months aggregate, where the document has such a column"))
    priority: Series[str] = pa.Field(nullable=True, description="priority, where the document has such a column")
    cost_center: Series[str] = pa.Field(nullable=True, description=(
        "cost centre, where the document has such a column"))
    total_planned: Series[float] = pa.Field(nullable=True, description=(
        "printed annual goal ('Total meta', 'Cantidad', 'Meta anual', 'Meta', 'Total'), or the plan year's own "
        "planned value ('PROGRAMACIÓN ANUAL', 'AVANCE ACUMULADO' of the PROGRAMADO line, 2017 'Programado'), as "
        "a number"))
    total_executed: Series[float] = pa.Field(nullable=True, description=(
        "printed annual execution, read the same way as total_planned, as a number"))
    progress_pct: Series[float] = pa.Field(nullable=True, description="printed progress percentage")
    page_first: Series[pa.Int64] = pa.Field(ge=1, description=(
        "first PDF page (1-based) the activity is printed on"))
    page_last: Series[pa.Int64] = pa.Field(ge=1, description=(
        "last PDF page (1-based) the activity is printed on (after page_first for a row split by a page break)"))

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

    # A row of values that names nothing (no code, no activity, no expected result) is no
    # activity a user can use: a table read with its naming columns lost (Typst's 004 scanned
    # on the seed-216 draw published 23 such rows, 558 values sure under them). 000's one row
    # without code or activity, a page-split fragment, prints its expected result.
    @pa.dataframe_check(error="an activity must print a code, an activity or an expected result")
    def names_itself(cls, df):
        named = pd.Series(False, index=df.index)
        for column in NAMING_FIELDS:
            named |= df[column].fillna("").astype(str).str.strip() != ""
        return named


class Values(pa.DataFrameModel):
    """One row per printed, non-blank value cell: the number, the cell as printed and where it is."""

    activity_key: Series[str] = pa.Field(description="the activity")
    doc_id: Series[str] = pa.Field(description="the document")
    measure: Series[str] = pa.Field(isin=MEASURES, description="planned or executed")
    period: Series[str] = pa.Field(str_matches=PERIOD, description=(
        "YYYY-MM for a month column, YYYY-Qn for a quarter, YYYY-Hn for a semester, YYYY for a year column or "
        "an annual figure"))
    # Nullable only so that a period outside the pattern is reported once (by period's check); in
    # valid rows the check period_dates_agree requires both.
    period_start: Series[pa.Date] = pa.Field(nullable=True, description=(
        "first day of the period (2024: 2024-01-01, 2024-03: 2024-03-01, 2024-Q2: 2024-04-01, 2024-H1: "
        "2024-01-01), derived from it and checked to agree; set on every row"))
    period_end: Series[pa.Date] = pa.Field(nullable=True, description=(
        "last day of the period (2024: 2024-12-31, 2024-03: 2024-03-31, 2024-Q2: 2024-06-30, 2024-H1: "
        "2024-06-30), derived from it and checked to agree; set on every row"))
    value: Series[float] = pa.Field(nullable=True, description=(
        "the number, read in the document's number_locale: thousands marks, %, $, ≥ removed ('1,100' -> 1100 "
        "and '8.33%' -> 8.33 in a 1,234.5 plan; '12.500' -> 12500 and '2,5' -> 2.5 in a 1.234,5 plan); null "
        "when the cell prints no number (a lone '%' of a text layer; a cell OCR reads as signs alone is "
        "quarantined as ocr_unreadable)"))
    raw: Series[str] = pa.Field(description="the cell exactly as printed")
    value_kind: Series[str] = pa.Field(isin=VALUE_KINDS, description=(
        "percent, number or currency, from the printed cell"))
    page: Series[pa.Int64] = pa.Field(ge=1, description="1-based PDF page of the cell")
    x0: Series[float] = pa.Field(description="left of the cell's box, PDF points from the page's left edge")
    top: Series[float] = pa.Field(description="top of the cell's box, PDF points from the page's top edge")
    x1: Series[float] = pa.Field(description="right of the cell's box, PDF points from the page's left edge")
    bottom: Series[float] = pa.Field(description="bottom of the cell's box, PDF points from the page's top edge")
    confidence: Series[float] = pa.Field(nullable=True, ge=0, le=1, description=(
        "for a value read by OCR, the engine's confidence in the least sure word of its cell (0..1; below "
        f"{OCR_MIN_CONFIDENCE:g} the check ocr_value_confident lists it); null for a value read from the text "
        "layer"))

    class Config:
        strict = True
        ordered = True
        name = "values"
        unique = ["activity_key", "measure", "period"]

    @pa.dataframe_check(error="cell box must have positive width and height")
    def box_is_positive(cls, df):
        return (df["x1"] > df["x0"]) & (df["bottom"] > df["top"])

    @pa.dataframe_check(error="period_start and period_end must be the first and last day of period")
    def period_dates_agree(cls, df):
        # Null only beside a period outside the pattern, which its own check reports (not again here).
        return pd.Series([expected == (None, None) or (start, end) == expected and start <= end
                          for start, end, expected in zip(df["period_start"], df["period_end"],
                                                          map(period_bounds, df["period"]))], index=df.index)


class Quarantine(pa.DataFrameModel):
    """What was seen but could not be placed, with its reason (``QUARANTINE_REASONS``)."""

    doc_id: Series[str] = pa.Field(description="the document")
    page: Series[pa.Int64] = pa.Field(nullable=True, ge=1, description="page where it was printed")
    reason: Series[str] = pa.Field(isin=QUARANTINE_REASONS, description=(
        "why it is here: value_under_unlabelled_column, value_not_a_number, ocr_unreadable (a cell read by OCR "
        f"with a confidence below {OCR_MIN_CONFIDENCE:g} whose text is no number, or read as signs alone with no "
        "digit: the machine could not read it, a person can on the page image) and table_columns_unread (a row of a "
        "table whose header names periods but whose columns were not recognised, or of its continuation, or of a "
        "table as wide as one read in the document with numbers under that one's value columns) make the "
        "document partial; summary_row (a printed total "
        "such as 'TOTAL GENERAL AOI': accounted for, not an activity) does not; contract_violation (the "
        "document's rows break the data contract: every activity and value of it is here instead of in "
        "activities and values, and the document is failed, not partial); not_checked (the same, for a "
        "document whose checks raised: its rows were never checked)"))
    cells: Series[object] = pa.Field(description=(
        "the printed cells concerned, a list of strings (activity text first, then the cell; for a "
        "contract_violation activity, its other printed text: code, responsible, unit of measure …; for "
        "table_columns_unread, the row's printed cells left to right)"))

    class Config:
        strict = True
        ordered = True
        name = "quarantine"


class Checks(pa.DataFrameModel):
    """One row per failed domain rule (schemas/rules.py); the rows it names stay in the output."""

    doc_id: Series[str] = pa.Field(description="the document")
    activity_key: Series[str] = pa.Field(nullable=True, description="the activity concerned")
    check: Series[str] = pa.Field(description="the rule's name (schemas/rules.py)")
    severity: Series[str] = pa.Field(isin=["error", "warning"], description=(
        "warning: the document itself breaks the rule, the row is kept; error: the data cannot be right "
        "as read"))
    message: Series[str] = pa.Field(description=(
        "what was found, with the numbers ('planned monthly percentages sum to 96, not 100')"))
    page: Series[pa.Int64] = pa.Field(nullable=True, ge=1, description="page of the activity or value")

    class Config:
        strict = True
        ordered = True
        name = "checks"


class Units(pa.DataFrameModel):
    """One row per real unit: the name it was first printed with, within its institution."""

    unit_id: Series[str] = pa.Field(unique=True, str_matches=UNIT_ID, description="one real unit, unique")
    name: Series[str] = pa.Field(description="the name it was first printed with")
    institution: Series[str] = pa.Field(nullable=True, description=(
        "the institution it belongs to, as first printed"))
    country: Series[str] = pa.Field(nullable=True, description="its country (ISO 3166 alpha-2)")

    class Config:
        strict = True
        ordered = True
        name = "units"


class UnitNames(pa.DataFrameModel):
    """Every unit name as printed in each document, and the unit it names."""

    doc_id: Series[str] = pa.Field(description="the document")
    unit: Series[str] = pa.Field(description="a unit name exactly as the document prints it")
    unit_id: Series[str] = pa.Field(str_matches=UNIT_ID, description="the unit it names")
    method: Series[str] = pa.Field(isin=LINK_METHODS, description=LINK_METHOD)
    score: Series[float] = pa.Field(nullable=True, ge=0, le=100, description=LINK_SCORE)

    class Config:
        strict = True
        ordered = True
        name = "unit_names"
        unique = ["doc_id", "unit"]


class ActivityLinks(pa.DataFrameModel):
    """The activity id of every activity row, and how it was found."""

    activity_key: Series[str] = pa.Field(unique=True, description=(
        "one activity row (as in activities, in the same order)"))
    activity_id: Series[str] = pa.Field(str_matches=ACTIVITY_ID, description="its activity id")
    method: Series[str] = pa.Field(isin=LINK_METHODS, description=LINK_METHOD)
    score: Series[float] = pa.Field(nullable=True, ge=0, le=100, description=LINK_SCORE)

    class Config:
        strict = True
        ordered = True
        name = "activity_links"

    @pa.dataframe_check(error="one document links two of its activities to the same activity_id")
    def one_to_one_per_document(cls, df):
        doc = df["activity_key"].str.split(":").str[0]
        return ~pd.Series(list(zip(doc, df["activity_id"])), index=df.index).duplicated(keep=False)


# The table each key column belongs to: a column of that name in another table refers to a row of
# it (activities.doc_id -> documents, values.activity_key -> activities, activities.unit_id -> units).
KEYS = {"doc_id": "documents", "activity_key": "activities", "unit_id": "units"}

SCHEMAS = {"documents": Documents, "activities": Activities, "values": Values, "quarantine": Quarantine,
           "checks": Checks, "units": Units, "unit_names": UnitNames, "activity_links": ActivityLinks}
