"""One contract violation must not cost the batch (issue 10 §3).

The trap: a plan whose month header is misprinted so that one month is printed twice
("Ene Ene Mar … Dic": February's label reads "Ene"). The months are mapped by their
labels, so every row with numbers under both columns gets two values for the same
(activity, measure, period), which the data contract forbids. The plan is rendered to
a real PDF by the project's renderer and extracted next to two real samples by the real
command line (a worker process, pandera, Parquet): that document alone fails, all its rows
are in quarantine as ``contract_violation``, the samples come out as their golden data,
and the run exits 1 (a document failed), not 3 (nothing written).

One worker (``--jobs 1``) in both runs: the gate works on the finished outcomes, whichever
worker made them; a second worker would only add its start-up (about 1.5 s of CPU).
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pandera.errors
import pytest

from conftest import CEPLAN_2024, INTEGRACION_2024, RAW, ROOT
from golden import assert_same, compare_activities, compare_values, doc_rows
from pipeline.accounting import RowCount, unaccounted
from pipeline.config import ExtractSettings
from pipeline.gate import contract_failures, gate
from pipeline.io import TABLES, ContractError, read_tables, validate_frames
from pipeline.report import REPORT_NAME
from pipeline.run import extract_corpus
from pipeline.tidy import outcomes_to_frames
from pipeline.worker import DocumentOutcome
from schemas import SCHEMAS
from synthetic import plan_grid, render, table_block

BROKEN = "plan-mes-repetido.pdf"
SAMPLES = (INTEGRACION_2024, CEPLAN_2024)
# February's label misprinted as "Ene": two columns read as January.
MONTHS = ["Ene", "Ene", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]
PERIODS = ["2025-01", "2025-01", *(f"2025-{m:02d}" for m in range(3, 13))]
HEADER = [["Actividad", "Responsable", "Unidad de medida", *MONTHS, "Total meta"]]
ROWS = [
    ["Comprar insumos de oficina", "Jefatura de Compras", "Compra", *["1"] * 12, "12"],
    ["Revisar contratos vigentes", "Área Legal", "Contrato", "", "", "5", "", "", "5", "", "", "5", "", "", "5", "20"],
    # "Por definir" is not a number: quarantined by the extractor as value_not_a_number.
    ["Publicar el informe de gestión", "Comunicaciones", "Informe", "1", "2", "", "", "", "", "Por definir",
     "", "", "", "", "", "3"],
]
ACTIVITIES = len(ROWS)
VALUES = [(r + 1, PERIODS[m], row[3 + m]) for r, row in enumerate(ROWS) for m in range(12)
          if row[3 + m] and row[3 + m] != "Por definir"]
# Rows 1 and 3 print a number under both "Ene" columns: 2 + 2 value rows share a key.
DUPLICATES = 4


def misprinted_month_plan(path: Path) -> Path:
    grid = plan_grid("PLAN ANUAL DE TRABAJO 2025", "Secretaría de Ejemplo", [
        {"type": "heading", "text": "UNIDAD DE ADQUISICIONES"},
        table_block(HEADER, ROWS),
    ])
    return render(grid, path)


def _extract_cli(src: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", str(src), "--out", str(out),
                           "--jobs", "1", "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("gate-in")
    misprinted_month_plan(src / BROKEN)
    for name in SAMPLES:
        (src / f"{name}.pdf").symlink_to(RAW / f"{name}.pdf")
    return src


@pytest.fixture(scope="module")
def cli_run(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("gate-out")
    proc = _extract_cli(folder, out)
    return proc, out


@pytest.fixture(scope="module")
def frames(cli_run) -> dict[str, pd.DataFrame]:
    return read_tables(cli_run[1])


def _doc(frames) -> pd.Series:
    docs = frames["documents"].set_index("source_path")
    return docs.loc[BROKEN]


def test_month_printed_twice_in_the_header_fails_only_its_document_and_exits_1(cli_run, frames):
    proc, out = cli_run
    assert proc.returncode == 1, proc.stderr
    assert "nothing written" not in proc.stderr
    assert all((out / f"{t}.parquet").exists() for t in TABLES) and (out / REPORT_NAME).exists()
    doc = _doc(frames)
    assert doc["status"] == "failed"
    assert doc["family"] == "generic_monthly" and doc["plan_year"] == 2025  # it was read, then demoted
    key = f"{doc['doc_id']}:1"
    assert doc["message"] == (
        f"{BROKEN}: rows break the data contract: values: {DUPLICATES} duplicate (activity_key, measure, period) "
        f"values, e.g. '{key} planned 2025-01'; its {ACTIVITIES} activities and {len(VALUES)} values are in "
        f"quarantine.parquet (contract_violation)")
    assert "\n" not in doc["message"]
    assert f"failed: {doc['message']}" in proc.stdout  # the summary names it
    # None of its rows reach the clean tables (nor the checks made from them).
    for table in ("activities", "values", "checks"):
        assert (frames[table]["doc_id"] == doc["doc_id"]).sum() == 0, table


def test_month_printed_twice_every_row_of_it_is_in_quarantine_as_contract_violation(frames):
    q = doc_rows(frames, BROKEN, "quarantine")
    assert Counter(q["reason"]) == {"contract_violation": ACTIVITIES + len(VALUES), "value_not_a_number": 1}
    moved = q[q["reason"] == "contract_violation"]
    # Activity text first, then the row's printed text (activities) or the value as printed (values).
    expected = [[row[0], row[1], row[2]] for row in ROWS] + [[ROWS[r - 1][0], raw] for r, _, raw in VALUES]
    assert sorted(list(c) for c in moved["cells"]) == sorted(expected)
    assert (moved["page"] == 1).all()
    # Reading order: each activity, then its values.
    assert list(moved["cells"].iloc[0]) == [ROWS[0][0], ROWS[0][1], ROWS[0][2]]
    assert [list(c) for c in moved["cells"].iloc[1:13]] == [[ROWS[0][0], "1"]] * 12
    # A value that is no number: its activity's text first, then the cell, as every value row.
    assert list(q.loc[q["reason"] == "value_not_a_number", "cells"].iloc[0]) == [ROWS[2][0], "Por definir"]


@pytest.mark.parametrize("sample", SAMPLES)
def test_month_printed_twice_other_documents_are_written_as_their_golden_data(frames, sample):
    assert frames["documents"].set_index("source_path").loc[f"{sample}.pdf", "status"] in {"ok", "partial"}
    assert_same(*compare_activities(frames, f"{sample}.pdf", sample))
    assert_same(*compare_values(frames, f"{sample}.pdf", sample))


@pytest.mark.parametrize("table", TABLES)
def test_month_printed_twice_output_passes_the_contract(frames, table):
    SCHEMAS[table].validate(frames[table], lazy=True)


def test_month_printed_twice_every_row_seen_is_clean_or_quarantined(folder, cli_run, tmp_path):
    # The same folder through the pipeline in-process, for the row counts of each document.
    summary = extract_corpus(folder, tmp_path / "out", ExtractSettings(jobs=1, progress=False))
    frames = summary.frames
    assert [o.document["source_path"] for o in summary.outcomes if o.document["status"] == "failed"] == [BROKEN]
    for outcome in summary.outcomes:
        name, rows = outcome.document["source_path"], outcome.rows
        assert rows is not None and rows.seen > 0 and rows.balanced, name
        reasons = Counter(doc_rows(frames, name, "quarantine")["reason"])
        problems = unaccounted(rows, len(doc_rows(frames, name, "activities")),
                               len(doc_rows(frames, name, "values")), reasons)
        assert problems == [], (name, problems)
    broken = next(o.rows for o in summary.outcomes if o.document["source_path"] == BROKEN)
    assert (broken.seen, broken.activities, broken.contract_activities, broken.contract_values) == (
        ACTIVITIES, ACTIVITIES, ACTIVITIES, len(VALUES))
    assert broken.value_cells == len(VALUES) + 1  # and "Por definir"
    # The command line and the pipeline wrote the same bytes.
    for t in TABLES:
        assert (tmp_path / "out" / f"{t}.parquet").read_bytes() == (cli_run[1] / f"{t}.parquet").read_bytes(), t


def test_month_printed_twice_report_shows_the_failed_document_and_its_contract_violation_rows(cli_run, frames):
    html = (cli_run[1] / REPORT_NAME).read_text(encoding="utf-8")
    doc = _doc(frames)
    sections = [s.split("</section>")[0] for s in html.split('<section class="document"')[1:]]
    [section] = [s for s in sections if f">{BROKEN} " in s]
    assert "failed" in section
    assert "rows break the data contract" in section and "duplicate (activity_key, measure, period)" in section
    # quarantined rows by reason: contract_violation counted like any reason, and its rows listed
    assert f"<th scope=\"row\">contract_violation</th><td class=\"num\">{ACTIVITIES + len(VALUES)}</td>" in section
    assert "Comprar insumos de oficina" in section
    assert doc["doc_id"] in html


# ------------------------------------------------------------------ the gate itself, real pandera


def _outcome(values: list[dict], activities: list[dict] | None = None, quarantine=None) -> DocumentOutcome:
    document = {"doc_id": "0123456789abcdef", "source_path": "sub/plan.pdf", "sha256": "0" * 64, "family": None,
                "country": None, "institution": None, "plan_year": 2025, "n_pages": 2, "status": "ok",
                "message": None, "extractor_version": "test"}
    acts = activities if activities is not None else [
        {"row": 1, "activity": "Supervisar", "responsible": "Dirección", "page_first": 1, "page_last": 1}]
    quarantine = list(quarantine or [])  # cells quarantined for what they are (not summary rows)
    rows = RowCount(seen=len(acts), activities=len(acts), value_cells=len(values) + len(quarantine))
    return DocumentOutcome(document, acts, values, quarantine, n_tables=1, rows=rows)


def _value(period="2025-01", measure="planned", x1=20.0, page=1, raw="1") -> dict:
    return {"row": 1, "measure": measure, "period": period, "value": 1.0, "raw": raw, "value_kind": "number",
            "page": page, "x0": 10.0, "top": 10.0, "x1": x1, "bottom": 20.0}


def test_a_document_within_the_contract_passes_the_gate_unchanged():
    outcome = _outcome([_value("2025-01"), _value("2025-02")])
    assert contract_failures(outcome) == []
    assert gate(outcome).document["status"] == "ok" and len(outcome.values) == 2


def test_the_gate_names_each_kind_of_failure_and_counts_the_rest():
    outcome = _outcome([
        _value("2025-13", raw="a"),  # period out of the pattern
        _value("2025-02", measure="forecast", raw="b"),  # measure not in the list
        _value("2025-03", x1=5.0, raw="c"),  # a whole-row check: empty box
        _value("2025-04", page=0, raw="d"),  # page out of range
    ], quarantine=[{"page": 2, "reason": "value_not_a_number", "cells": ["x"]}])
    failures = contract_failures(outcome)
    assert len(failures) == 4, failures
    # In pandera's order: column checks in the order of the columns, then whole-row checks.
    assert failures[0] == "values: 1 measure value failing isin(['planned', 'executed']), e.g. 'forecast'"
    assert failures[1].startswith("values: 1 period value failing str_matches(") and "e.g. '2025-13'" in failures[1]
    assert "values: 1 page value failing greater_than_or_equal_to(1), e.g. '0'" in failures
    assert ("values: 1 row failing 'cell box must have positive width and height', "
            "e.g. '0123456789abcdef:1 planned 2025-03'") in failures
    gate(outcome)
    message = outcome.document["message"]
    assert outcome.document["status"] == "failed"
    assert message.startswith(f"plan.pdf: rows break the data contract: {failures[0]}; {failures[1]}; {failures[2]}")
    assert message.endswith("; and 1 more failure(s); its 1 activities and 4 values are in quarantine.parquet "
                            "(contract_violation)")
    # The document's own quarantine row keeps its reason; a page that is no page is not known.
    assert [(q["reason"], q["page"], q["cells"]) for q in outcome.quarantine] == [
        ("value_not_a_number", 2, ["x"]), ("contract_violation", 1, ["Supervisar", "Dirección"]),
        ("contract_violation", 1, ["Supervisar", "a"]), ("contract_violation", 1, ["Supervisar", "b"]),
        ("contract_violation", 1, ["Supervisar", "c"]), ("contract_violation", None, ["Supervisar", "d"])]
    assert unaccounted(outcome.rows, 0, 0, Counter(q["reason"] for q in outcome.quarantine)) == []
    # What it leaves passes the contract.
    validate_frames(outcomes_to_frames([outcome]))


def test_duplicate_activity_rows_are_named_by_their_key():
    acts = [{"row": 1, "activity": "A", "page_first": 1, "page_last": 1},
            {"row": 1, "activity": "B", "page_first": 2, "page_last": 1}]
    failures = contract_failures(_outcome([], activities=acts))
    assert "activities: 2 duplicate activity_key values, e.g. '0123456789abcdef:1'" in failures
    assert "activities: 1 row failing 'page_last must not precede page_first', e.g. '0123456789abcdef:1'" in failures


def test_an_activity_that_names_nothing_fails_its_document():
    """Typst's print of 004 scanned on the seed-216 draw read its header so that no column was
    the code's or the activity's: 23 of its 25 activities printed neither (only their unit of
    measure, priority and cost centre), and their 558 values were published, sure, under rows
    no user can name. An activity must print a code, an activity or an expected result (000's
    one row with neither code nor activity, a page-split fragment, prints its expected
    result); a document with one that does not fails, all its rows in quarantine."""
    named = [{"row": 1, "code": "AOI00106600088", "page_first": 1, "page_last": 1},
             {"row": 2, "expected_result": "Hacienda, así como también", "page_first": 1, "page_last": 1}]
    assert contract_failures(_outcome([], activities=named)) == []
    unnamed = named + [{"row": 3, "activity": " ", "measure_unit": "INFORME", "priority": "Muy Alta",
                        "page_first": 1, "page_last": 1}]
    outcome = _outcome([], activities=unnamed)
    assert contract_failures(outcome) == [
        "activities: 1 row failing 'an activity must print a code, an activity or an expected result', "
        "e.g. '0123456789abcdef:3'"]
    assert gate(outcome).document["status"] == "failed"


def test_unaccounted_names_what_does_not_add_up():
    rows = RowCount(seen=5, blank=1, summary=1, activities=3, value_cells=10, contract_activities=3,
                    contract_values=8)
    reasons = {"summary_row": 1, "value_not_a_number": 2, "contract_violation": 11}
    assert unaccounted(rows, 0, 0, reasons) == []
    assert unaccounted(rows, 0, 0, {**reasons, "contract_violation": 10}) == [
        "10 contract_violation rows != 3 activities + 8 values moved"]
    assert len(unaccounted(rows, 1, 0, reasons)) == 1  # an activity both clean and quarantined


def test_a_batch_that_still_breaks_the_contract_after_the_gate_is_a_contract_error():
    # Two documents rows with one doc_id: no single document breaks the contract, the batch does.
    frames = outcomes_to_frames([_outcome([]), _outcome([])])
    with pytest.raises(ContractError) as err:
        validate_frames({"documents": frames["documents"]})
    assert err.value.table == "documents"
    with pytest.raises(pandera.errors.SchemaErrors):
        SCHEMAS["documents"].validate(frames["documents"], lazy=True)
