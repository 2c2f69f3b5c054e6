"""The per-document contract gate: one document whose rows break the contract fails alone.

Before the documents are combined, the rows of each one (its activities, values and
quarantine) are validated against the pandera models of ``schemas/contract.py`` on
their own, lazily, so every failure of that document is known. A document that fails
is *demoted* (:func:`demote`): its status becomes ``failed`` with a one-line message
naming the file and the first failures, and every activity and value row it had goes
to quarantine with reason ``contract_violation`` instead of the clean tables. The
other documents are not touched, and the run (``pipeline.run``) still validates the
combined tables afterwards: a failure there is a bug in the pipeline.

The documents row itself is not gated here: every field of it comes from the file
(size, hash) or the pipeline, not from rows of the document, so it cannot be demoted
into something valid.

A document whose checks raised (``pipeline/checks.py``) is demoted the same way
(:func:`demote_unchecked`): its rows were not checked, so none of them is published
as clean; they go to quarantine as ``not_checked``.
"""

from __future__ import annotations

from pathlib import PurePosixPath

import pandas as pd
import pandera.errors

from schemas import SCHEMAS
from schemas.contract import CONTRACT_VIOLATION, NOT_CHECKED

from .failures import stage_failure
from .tidy import outcomes_to_frames
from .worker import DocumentOutcome

ROW_TABLES = ("activities", "values", "quarantine")
MAX_FAILURES = 3  # failures named in the message; the rest are counted
MAX_EXAMPLE = 60  # characters of an example value in the message
# Printed text of an activity row, activity first (the order of the quarantine cells).
ACTIVITY_CELLS = ("activity", "code", "strategic_line", "expected_result", "verification", "responsible",
                  "measure_unit", "aggregation", "priority", "cost_center")


def contract_failures(outcome: DocumentOutcome) -> list[str]:
    """One phrase per failure of the document's rows against the contract ([] when they pass)."""
    try:
        frames = outcomes_to_frames([outcome])
    except Exception as exc:  # a record whose field cannot even take the column's type
        detail = " ".join(str(exc).split())[:200]
        return [f"rows do not fit the contract's columns ({type(exc).__name__}: {detail})"]

    phrases: list[str] = []
    for table in ROW_TABLES:
        try:
            SCHEMAS[table].validate(frames[table], lazy=True)
        except pandera.errors.SchemaErrors as exc:
            try:
                phrases.extend(describe_failures(table, exc.failure_cases, frames[table]))
            except Exception:  # naming the failures must never cost the run
                phrases.append(f"{table}: {len(exc.failure_cases)} schema failure(s)")
    return phrases


def gate_all(outcomes: list[DocumentOutcome]) -> list[DocumentOutcome]:
    """Every outcome through :func:`gate`, paying for it only when needed: the rows of
    the whole batch are validated once, and documents are gated one by one only
    when that fails (a batch that passes has no document that breaks the contract)."""
    try:
        frames = outcomes_to_frames(outcomes)
        for table in ROW_TABLES:
            SCHEMAS[table].validate(frames[table], lazy=True)
    except Exception:  # pandera's SchemaErrors, or rows that do not fit the columns
        return [gate(o) for o in outcomes]
    return outcomes


def gate(outcome: DocumentOutcome) -> DocumentOutcome:
    """The outcome as it may enter the output: unchanged, or demoted when its rows break the contract."""
    if not (outcome.activities or outcome.values or outcome.quarantine):
        return outcome  # nothing read: no rows to check
    failures = contract_failures(outcome)
    return demote(outcome, failures) if failures else outcome


def demote(outcome: DocumentOutcome, failures: list[str]) -> DocumentOutcome:
    """Status ``failed``; its activities and values move to quarantine as ``contract_violation``."""
    name = PurePosixPath(outcome.document["source_path"]).name
    n_acts, n_vals = move_to_quarantine(outcome, CONTRACT_VIOLATION)
    named = "; ".join(failures[:MAX_FAILURES])
    if len(failures) > MAX_FAILURES:
        named += f"; and {len(failures) - MAX_FAILURES} more failure(s)"
    outcome.document.update(status="failed", message=(
        f"{name}: rows break the data contract: {named}; its {n_acts} activities and {n_vals} values "
        f"are in quarantine.parquet ({CONTRACT_VIOLATION})"))
    return outcome


def demote_unchecked(outcome: DocumentOutcome, exc: BaseException) -> DocumentOutcome:
    """Status ``failed`` (its checks raised ``exc``); its activities and values move to quarantine
    as ``not_checked``: rows the documents' own rules never saw are not published as clean."""
    name = PurePosixPath(outcome.document["source_path"]).name
    n_acts, n_vals = move_to_quarantine(outcome, NOT_CHECKED)
    outcome.document.update(status="failed", message=(
        f"{stage_failure(name, 'checks', exc)}; its {n_acts} activities and {n_vals} values are in "
        f"quarantine.parquet ({NOT_CHECKED})"))
    return outcome


def move_to_quarantine(outcome: DocumentOutcome, reason: str) -> tuple[int, int]:
    """Every activity and value of the document to quarantine with ``reason``; (activities, values) moved.

    Quarantine keeps the document's own quarantine rows (with their reasons) and adds,
    in reading order, one row per activity (its printed text, activity first; page
    where it starts) followed by one row per value of that activity (activity text,
    then the value as printed; its page). A page that is not a valid page number is
    not known (null). The row count records how many moved, so the accounting holds.
    """
    acts, vals = outcome.activities, outcome.values
    moved: list[dict] = []
    by_row: dict[object, list[dict]] = {}
    for v in vals:
        by_row.setdefault(v.get("row"), []).append(v)
    for a in acts:
        text = _text(a.get("activity"))
        moved.append(_quarantined(a.get("page_first"), reason, [text, *(_text(a.get(f)) for f in ACTIVITY_CELLS[1:]
                                                                       if _text(a.get(f)))]))
        moved.extend(_quarantined(v.get("page"), reason, [text, _text(v.get("raw"))])
                     for v in by_row.pop(a.get("row"), []))
    for orphans in by_row.values():  # values whose row is no activity: still accounted for
        moved.extend(_quarantined(v.get("page"), reason, ["", _text(v.get("raw"))]) for v in orphans)
    outcome.quarantine = [{**q, "page": _page(q.get("page"))} for q in outcome.quarantine] + moved
    outcome.activities, outcome.values = [], []
    if outcome.rows is not None:
        if reason == CONTRACT_VIOLATION:
            outcome.rows.contract_activities, outcome.rows.contract_values = len(acts), len(vals)
        else:
            outcome.rows.unchecked_activities, outcome.rows.unchecked_values = len(acts), len(vals)
    return len(acts), len(vals)


def describe_failures(table: str, cases: pd.DataFrame, frame: pd.DataFrame) -> list[str]:
    """pandera's failure cases of one table -> one phrase per (check, column), in pandera's order.

    ``frame`` is the validated table, to name the rows a whole-row check failed on.
    """
    cases = cases.sort_index(kind="stable")
    # A check over whole rows lists every column of each failing row: one group for it.
    per_column = cases["schema_context"].astype(str) != "DataFrameSchema"
    column = [str(c) if p and not pd.isna(c) else "" for c, p in zip(cases["column"], per_column)]
    keys = pd.DataFrame({"context": cases["schema_context"].astype(str), "check": cases["check"].astype(str),
                         "column": column}, index=cases.index)
    return [_phrase(table, context, check, column, g, frame)
            for (context, check, column), g in cases.groupby([keys["context"], keys["check"], keys["column"]],
                                                             sort=False)]


def _phrase(table: str, context: str, check: str, column: str, g: pd.DataFrame, frame: pd.DataFrame) -> str:
    rows = g["index"].dropna().drop_duplicates()
    n = len(rows)
    if rows.empty:  # about a column as a whole (its type, its presence), not about rows
        what = f"column {column}" if column else "the table"
        return f"{table}: {what} fails {_clip(check)} (found {_clip(str(g['failure_case'].iloc[0]))})"
    if context == "DataFrameSchema" and check == "multiple_fields_uniqueness":
        columns = list(dict.fromkeys(g["column"]))
        first = g[g["index"] == rows.iloc[0]]
        example = " ".join(str(first.loc[first["column"] == c, "failure_case"].iloc[0]) for c in columns)
        return f"{table}: {n} duplicate ({', '.join(columns)}) values, e.g. {_clip(example)!r}"
    if context == "DataFrameSchema":  # a check over whole rows (a @dataframe_check)
        return f"{table}: {n} {_plural(n, 'row')} failing {check!r}, e.g. {_row_label(table, frame, rows.iloc[0])!r}"
    example = g["failure_case"].iloc[0]
    if check == "field_uniqueness":
        return f"{table}: {n} duplicate {column} values, e.g. {_clip(str(example))!r}"
    if check == "not_nullable":
        return (f"{table}: {n} null {column} {_plural(n, 'value')} (not nullable), "
                f"e.g. {_row_label(table, frame, rows.iloc[0])!r}")
    return f"{table}: {n} {column} {_plural(n, 'value')} failing {_clip(check)}, e.g. {_clip(str(example))!r}"


def _row_label(table: str, frame: pd.DataFrame, index) -> str:
    """Which row: its activity key (and measure, period for a value), else its page."""
    try:
        row = frame.loc[index]
    except KeyError:
        return f"row {index}"
    if table == "values":
        return _clip(" ".join(str(row[c]) for c in ("activity_key", "measure", "period")))
    if table == "activities":
        return _clip(str(row["activity_key"]))
    return _clip(f"page {row['page']} {row['reason']}")


def _quarantined(page, reason: str, cells: list[str]) -> dict:
    return {"page": _page(page), "reason": reason, "cells": cells}


def _page(page) -> int | None:
    """A page number the contract takes (an int >= 1), else None: not known."""
    try:
        if page is None or pd.isna(page):
            return None
        number = int(page)
    except (TypeError, ValueError):
        return None
    return number if number >= 1 and number == page else None


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _clip(text: str) -> str:
    text = " ".join(text.split())  # one line
    return text if len(text) <= MAX_EXAMPLE else text[:MAX_EXAMPLE - 1] + "…"


def _plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"
