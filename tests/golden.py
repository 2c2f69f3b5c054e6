"""Compare extracted frames with the expected data checked into tests/fixtures/<doc>/.

Used by the golden tests of the sample PDFs and of their rendered variants
(unruled, spelled-out months): every expected activity and value must be present
with the same text and numbers, and nothing else. The match prints as a figure.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEXT_FIELDS = ["unit", "section", "code", "activity", "strategic_line", "expected_result",
               "verification", "responsible", "measure_unit", "aggregation", "priority", "cost_center"]
NUMBER_FIELDS = ["total_planned", "total_executed", "progress_pct"]


def expected(doc: str, table: str, root: Path = FIXTURES) -> list[dict]:
    """Expected rows of ``root/<doc>/<table>.csv`` (the scans' subsets: tests/scans/expected)."""
    with open(root / doc / f"{table}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def doc_rows(frames: dict[str, pd.DataFrame], source_name: str, table: str) -> pd.DataFrame:
    """Rows of one extracted document, found by its source file name (e.g. '000_x.pdf')."""
    docs = frames["documents"]
    doc_id = docs.loc[docs["source_path"] == source_name, "doc_id"].item()
    df = frames[table]
    return df[df["doc_id"] == doc_id].reset_index(drop=True)


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _number(value) -> float | None:
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def activity_tuple(row: dict) -> tuple:
    return (int(row["row"]), *(_text(row[f]) for f in TEXT_FIELDS), *(_number(row[f]) for f in NUMBER_FIELDS))


def value_tuple(row: dict) -> tuple:
    return (int(row["row"]), row["measure"], row["period"], _number(row["value"]), row["raw"])


def report(label: str, want: set, got: set) -> str:
    matched = len(want & got)
    figure = (f"[golden {label}] {matched}/{len(want)} expected matched "
              f"({100 * matched / max(1, len(want)):.2f}%), {len(got - want)} extra")
    print(figure)
    return figure


def compare_activities(frames, source_name: str, doc: str, root: Path = FIXTURES) -> tuple[set, set, str]:
    got = {activity_tuple(r) for r in doc_rows(frames, source_name, "activities").to_dict("records")}
    want = {activity_tuple({**r, "row": r["row_id"]}) for r in expected(doc, "activities", root)}
    return want, got, report(f"{source_name} activities", want, got)


def compare_values(frames, source_name: str, doc: str, root: Path = FIXTURES) -> tuple[set, set, str]:
    df = doc_rows(frames, source_name, "values")
    df = df.assign(row=df["activity_key"].str.split(":").str[1].astype(int))
    got = {value_tuple(r) for r in df.to_dict("records")}
    assert len(df) == len(got), f"{source_name}: duplicate value rows"
    want = {value_tuple({**r, "row": r["row_id"]}) for r in expected(doc, "values", root)}
    return want, got, report(f"{source_name} values", want, got)


def assert_same(want: set, got: set, figure: str) -> None:
    assert got == want, f"{figure}\nmissing: {sorted(want - got)[:5]}\nextra: {sorted(got - want)[:5]}"
