"""A DocumentOutcome through Arrow and back is the same outcome (pipeline/outcomes.py).

The outcomes are real: the sample PDFs of data/raw and bad inputs, extracted by the
real worker pool, so every status (ok, partial, failed, no_tables, needs_ocr) and a
scan read by OCR (confidences, ocr_pages, quarantine rows carrying a box) travel.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import shutil
import struct
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from conftest import RAW, ROOT
from extractors.document import file_sha256
from pipeline.accounting import RowCount
from pipeline.config import ExtractSettings
from pipeline.outcomes import outcome_from_arrow, outcome_from_bytes, outcome_to_arrow, outcome_to_bytes
from pipeline.pool import Job, run_jobs
from pipeline.worker import DocumentOutcome

sys.path.insert(0, str(Path(__file__).parent / "bad_inputs"))
import corpus  # noqa: E402

SCAN = ROOT / "tests" / "scans" / "scan-300-grey" / "001_4a66d044e43cd4be.pdf"


def same(a, b) -> bool:
    """Equal, with the same types all the way down and floats to the bit (NaN == NaN, 0.0 != -0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return struct.pack("<d", a) == struct.pack("<d", b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if dataclasses.is_dataclass(a):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    return a == b


def _jobs(folder: Path) -> list[Job]:
    return [Job(p, p.name, file_sha256(p)) for p in sorted(folder.iterdir())]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> list[DocumentOutcome]:
    """Every status, from real files through real worker processes (OCR off), plus a scan read by OCR."""
    folder = tmp_path_factory.mktemp("outcomes")
    for path in sorted(RAW.glob("*.pdf")):
        shutil.copy(path, folder / path.name)
    corpus.make_truncated(folder)  # failed, while opening
    corpus.make_not_a_pdf(folder)  # failed, before any parser
    corpus.make_scanned(folder)  # needs_ocr
    corpus.make_thousands_of_pages(folder, pages=3)  # text, but no plan layout: no_tables
    off = run_jobs(_jobs(folder), ExtractSettings(jobs=2, progress=False))
    scans = tmp_path_factory.mktemp("scan")
    shutil.copy(SCAN, scans / "scan.pdf")
    return off + run_jobs(_jobs(scans), ExtractSettings(jobs=1, progress=False, ocr="auto"))


def test_the_real_outcomes_cover_every_status_and_ocr(outcomes):
    statuses = {o.document["status"] for o in outcomes}
    assert statuses >= {"ok", "partial", "failed", "no_tables", "needs_ocr"}
    scan = outcomes[-1]
    assert scan.document["ocr_pages"] == "1-3"
    assert any(isinstance(v["confidence"], float) for v in scan.values)
    assert all(o.seconds is not None for o in outcomes)  # set by the pool


def test_every_real_outcome_comes_back_the_same_through_arrow_and_bytes(outcomes):
    for outcome in outcomes:
        name = outcome.document["source_path"]
        assert same(outcome_from_arrow(outcome_to_arrow(outcome)), outcome), name
        assert same(outcome_from_bytes(outcome_to_bytes(outcome)), outcome), name


def test_the_bytes_of_an_outcome_are_the_same_each_time(outcomes):
    # The cache compares nothing by bytes, but a distributed run may hash what it received.
    for outcome in outcomes:
        assert outcome_to_bytes(outcome) == outcome_to_bytes(outcome_from_bytes(outcome_to_bytes(outcome)))


def test_records_with_different_keys_keep_their_own_keys_in_order():
    # A quarantine row may carry the cell's box (a tuple), the next not; key order is each record's own.
    quarantine = [{"page": 1, "reason": "value_not_a_number", "cells": ["x"], "box": (1.0, 2.0, 3.5, 4.0)},
                  {"page": 2, "reason": "summary_row", "cells": []},
                  {"reason": "odd", "page": None, "cells": ["a", None]}]
    back = outcome_from_arrow(outcome_to_arrow(DocumentOutcome({"doc_id": "x"}, quarantine=quarantine)))
    assert same(back.quarantine, quarantine)
    assert [list(q) for q in back.quarantine] == [list(q) for q in quarantine]


def test_a_column_mixing_int_and_float_keeps_each_type():
    values = [{"value": 1}, {"value": 2.5}, {"value": None}, {"value": float("nan")}, {"value": -0.0},
              {"value": True}, {"value": dt.date(2024, 1, 31)}]
    back = outcome_from_arrow(outcome_to_arrow(DocumentOutcome({}, values=values)))
    assert same(back.values, values)
    assert math.isnan(back.values[3]["value"]) and math.copysign(1, back.values[4]["value"]) == -1


def test_scalars_rowcount_and_empty_parts_travel():
    outcome = DocumentOutcome({"doc_id": "x", "n_pages": None}, n_tables=3,
                              rows=RowCount(seen=5, blank=1, activities=4), seconds=0.125)
    assert same(outcome_from_bytes(outcome_to_bytes(outcome)), outcome)
    assert outcome_from_bytes(outcome_to_bytes(DocumentOutcome({"doc_id": "y"}))).rows is None


def test_a_value_arrow_cannot_hold_exactly_is_refused_naming_where():
    with pytest.raises(TypeError, match=r"values\.value: .*set"):
        outcome_to_arrow(DocumentOutcome({}, values=[{"value": {1, 2}}]))
    with pytest.raises(TypeError, match=r"quarantine\.cells: a list of"):
        outcome_to_arrow(DocumentOutcome({}, quarantine=[{"cells": ["a", 1]}]))


def test_a_table_that_is_no_outcome_is_refused():
    with pytest.raises(ValueError, match="not an outcome"):
        outcome_from_arrow(pa.table({"x": [1]}))
    with pytest.raises(pa.ArrowInvalid):
        outcome_from_bytes(b"not arrow at all")
