"""Document outcomes -> the four contract DataFrames, in contract column order."""

from __future__ import annotations

import pandas as pd

from schemas import SCHEMAS
from schemas.contract import period_bounds

from .worker import DocumentOutcome


def columns_of(table: str) -> list[str]:
    return list(SCHEMAS[table].to_schema().columns)


def outcomes_to_frames(outcomes: list[DocumentOutcome]) -> dict[str, pd.DataFrame]:
    """Stable order: documents by doc_id, rows by (doc_id, row)."""
    outcomes = sorted(outcomes, key=lambda o: o.document["doc_id"])
    documents, activities, values, quarantine = [], [], [], []
    for o in outcomes:
        doc_id = o.document["doc_id"]
        documents.append(o.document)
        for a in o.activities:
            activities.append({**a, "doc_id": doc_id, "activity_key": f"{doc_id}:{a['row']}"})
        for v in o.values:
            values.append({**v, **_period_dates(v.get("period")), "doc_id": doc_id,
                           "activity_key": f"{doc_id}:{v['row']}"})
        for q in o.quarantine:
            quarantine.append({**q, "doc_id": doc_id})
    return {
        "documents": _frame(documents, "documents", ints=("plan_year", "n_pages")),
        "activities": _frame(activities, "activities", ints=("row", "page_first", "page_last"),
                             floats=("total_planned", "total_executed", "progress_pct")),
        "values": _frame(values, "values", ints=("page",), floats=("value", "x0", "top", "x1", "bottom", "confidence"),
                         dates=("period_start", "period_end")),
        "quarantine": _frame(quarantine, "quarantine", ints=("page",)),
    }


def _period_dates(period) -> dict:
    start, end = period_bounds(period)
    return {"period_start": start, "period_end": end}


def _frame(records: list[dict], table: str, ints=(), floats=(), dates=()) -> pd.DataFrame:
    cols = columns_of(table)
    df = pd.DataFrame.from_records(records, columns=cols)
    for c in cols:
        if c in ints:
            df[c] = df[c].astype("Int64")
        elif c in floats:
            df[c] = df[c].astype("float64")
        elif c in dates:  # datetime.date objects (None for a period outside the contract), as pyarrow reads date32
            df[c] = df[c].astype("object")
        elif c != "cells":
            df[c] = df[c].astype("str")  # pandas 3 string dtype: missing stays missing
    return df
