"""Run the documents' own rules (schemas/rules.py) over the extracted frames -> checks table.

Builds one "facts" frame per rule kind (pure pandas over the contract frames),
validates it lazily against the rules' pandera schema and turns every failure
into a row of ``checks.parquet``: doc_id, activity_key, check, severity,
message, page. Nothing is dropped: the rows a check names stay in the output.
"""

from __future__ import annotations

import pandas as pd

from extractors import EXTRACTORS
from extractors.vocabulary import AOI_CODE, normalize_label
from schemas.rules import failing_rows

from .failures import exception_line

CHECK_COLUMNS = ["doc_id", "activity_key", "check", "severity", "message", "page"]


def activity_facts(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per activity: its printed fields and the sums and counts the rules compare."""
    acts = frames["activities"]
    docs = frames["documents"].set_index("doc_id")
    values = frames["values"]
    months = values[values["period"].str.len() == 7]
    facts = pd.DataFrame({
        "activity_key": acts["activity_key"], "doc_id": acts["doc_id"], "code": acts["code"],
        "activity": acts["activity"], "page": acts["page_first"],
        "progress_pct": acts["progress_pct"], "printed_total": acts["total_planned"],
        "aggregation": acts["aggregation"].map(lambda a: normalize_label(a) if isinstance(a, str) else None),
    })
    facts["schedule"] = acts["doc_id"].map(docs["family"]).map(_schedule_of)
    facts["plan_year"] = acts["doc_id"].map(docs["plan_year"])
    for measure in ("planned", "executed"):
        mine = months[months["measure"] == measure]
        by_key = mine.groupby("activity_key")
        facts[f"month_{measure}_sum"] = facts["activity_key"].map(by_key["value"].sum()).fillna(0.0)
        facts[f"n_month_{measure}"] = facts["activity_key"].map(by_key.size()).fillna(0).astype(int)
        positive = mine[mine["value"] > 0].sort_values("period")
        facts[f"last_positive_{measure}"] = facts["activity_key"].map(
            positive.groupby("activity_key")["value"].last()).fillna(0.0)
        annual = values[(values["measure"] == measure) & (values["period"].str.len() == 4)]
        annual = annual[annual["period"] == annual["doc_id"].map(docs["plan_year"]).astype("string")]
        facts[f"annual_{measure}"] = facts["activity_key"].map(annual.set_index("activity_key")["value"])
    facts["mean_monthly_ratio"] = facts["activity_key"].map(_mean_monthly_ratio(months))
    # object dtype first: with no month missing anywhere the map is all-NaN floats,
    # which a string fill no longer converts.
    facts["months_without_execution"] = facts["activity_key"].map(_missing_months(months)).astype(object).fillna("")
    return facts.reset_index(drop=True)


def document_facts(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per document whose numbers are in the output: how (its number locale) and why.

    A failed document's rows are in quarantine, unchecked, like its locale."""
    docs = frames["documents"]
    docs = docs[docs["number_locale"].notna() & docs["doc_id"].isin(set(frames["activities"]["doc_id"]))]
    return docs[["doc_id", "number_locale", "number_locale_basis", "number_locale_evidence"]].reset_index(drop=True)


def value_facts(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    docs = frames["documents"].set_index("doc_id")
    values = frames["values"]
    return values.assign(plan_year=values["doc_id"].map(docs["plan_year"])).reset_index(drop=True)


def cross_facts(activity: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """AOI codes printed with annual figures in one document (an evaluation) and with
    months in another (a monitoring report) of the same plan year."""
    coded = activity[activity["code"].fillna("").str.match(AOI_CODE.pattern)]
    annual = coded[coded["annual_planned"].notna() & (coded["n_month_planned"] == 0)]
    monthly = coded[coded["n_month_planned"] > 0]
    pairs = annual.merge(monthly, on=["code", "plan_year"], suffixes=("", "_monitoring"))
    if pairs.empty:
        return pd.DataFrame()
    sources = frames["documents"].set_index("doc_id")["source_path"]
    # A code may be in several monitoring reports of the year (versions of the POI): the
    # evaluation must agree with one of them; when none agrees, name the first by path.
    pairs = pairs.assign(
        _agree=((pairs["annual_planned"] - pairs["month_planned_sum_monitoring"]).abs() <= 1e-6)
        & ((pairs["annual_executed"] - pairs["month_executed_sum_monitoring"]).abs() <= 1e-6),
        _source=pairs["doc_id_monitoring"].map(sources))
    pairs = (pairs.sort_values(["activity_key", "_agree", "_source"], ascending=[True, False, True])
             .drop_duplicates("activity_key"))
    return pd.DataFrame({
        "doc_id": pairs["doc_id"], "activity_key": pairs["activity_key"], "code": pairs["code"],
        "page": pairs["page"], "annual_planned": pairs["annual_planned"],
        "annual_executed": pairs["annual_executed"],
        "month_planned_sum": pairs["month_planned_sum_monitoring"],
        "month_executed_sum": pairs["month_executed_sum_monitoring"],
        "monitoring_source": pairs["doc_id_monitoring"].map(sources),
    }).reset_index(drop=True)


def run_checks(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every failed rule as a row of the checks table, in a stable order."""
    activity = activity_facts(frames)
    facts = {"documents": document_facts(frames), "activities": activity, "values": value_facts(frames),
             "cross": cross_facts(activity, frames)}
    rows = []
    for kind, frame in facts.items():
        for rule, row in failing_rows(kind, frame):
            rows.append({"doc_id": row["doc_id"], "activity_key": row.get("activity_key"),
                         "check": rule.name, "severity": rule.severity,
                         "message": rule.describe(row), "page": row.get("page")})
    checks = pd.DataFrame.from_records(rows, columns=CHECK_COLUMNS)
    row_number = checks["activity_key"].str.split(":").str[1].astype("Int64")
    checks = (checks.assign(_row=row_number)
              .sort_values(["doc_id", "_row", "check"], kind="stable", na_position="first")
              .drop(columns="_row"))
    checks["page"] = checks["page"].astype("Int64")
    for column in CHECK_COLUMNS[:-1]:
        checks[column] = checks[column].astype("str")
    return checks.reset_index(drop=True)


def checks_by_document(frames: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, dict[str, Exception], str | None]:
    """:func:`run_checks`, where one document that makes it raise costs only that document.

    Returns (checks, doc_id -> exception of each document whose checks raised, note).
    The batch is checked once; only when that raises is each document checked on its
    own, to find the ones that raise; the others are then checked together again
    (the cross-document rule included). Should that still raise although each passed
    alone, the checks are those of each document alone and ``note`` says the
    cross-document rule could not run. The caller fails the documents that raised
    (their rows were not checked: ``gate.demote_unchecked``).
    """
    try:
        return run_checks(frames), {}, None
    except Exception:
        pass
    failed: dict[str, Exception] = {}
    alone: list[pd.DataFrame] = []
    for doc_id in sorted(set(frames["activities"]["doc_id"]) | set(frames["values"]["doc_id"])):
        try:
            alone.append(run_checks(frames_of(frames, {doc_id})))
        except Exception as exc:  # this document's, not the batch's
            failed[doc_id] = exc
    rest = frames_of(frames, set(frames["documents"]["doc_id"]) - set(failed))
    try:
        return run_checks(rest), failed, None
    except Exception as exc:
        checks = pd.concat(alone, ignore_index=True) if alone else _no_checks()
        return checks, failed, (f"checks: the cross-document rule could not run ({exception_line(exc)}); "
                                f"each document's own checks ran")


def frames_of(frames: dict[str, pd.DataFrame], doc_ids: set[str]) -> dict[str, pd.DataFrame]:
    """The contract frames restricted to the given documents."""
    return {name: df[df["doc_id"].isin(doc_ids)].reset_index(drop=True) for name, df in frames.items()}


def _no_checks() -> pd.DataFrame:
    checks = pd.DataFrame({c: pd.Series([], dtype="str") for c in CHECK_COLUMNS})
    checks["page"] = checks["page"].astype("Int64")
    return checks


def _schedule_of(family: str | None) -> str | None:
    cls = EXTRACTORS.get(family) if isinstance(family, str) else None
    return getattr(cls, "schedule", None)


def _mean_monthly_ratio(months: pd.DataFrame) -> pd.Series:
    """Mean of executed/planned × 100 over the months with planned > 0 (CEPLAN "No Acumulado")."""
    wide = months.pivot_table(index=["activity_key", "period"], columns="measure", values="value",
                              aggfunc="first")
    if "planned" not in wide or "executed" not in wide:
        return pd.Series(dtype=float)
    wide = wide[wide["planned"] > 0]
    return (wide["executed"].fillna(0) / wide["planned"] * 100).groupby(level="activity_key").mean()


def _missing_months(months: pd.DataFrame) -> pd.Series:
    """The plan year's months with no executed value printed, e.g. '2024-05'."""
    executed = months[months["measure"] == "executed"]
    def missing(periods: pd.Series) -> str:
        year = periods.iloc[0][:4]
        return ", ".join(sorted({f"{year}-{m:02d}" for m in range(1, 13)} - set(periods)))
    return executed.groupby("activity_key")["period"].apply(missing)
