"""Crash-proof accounting (issue 11 §4): what raises for one document, in any stage, is that
document's status, never the end of the batch.

Three real samples go through the real pipeline (a worker process, pandera, Parquet, report,
reconcile) by the command line's own entry point, ``pipeline.cli.main``, in this process.
One worker (``--jobs 1``): no fault here is the pool's, and a second worker would only add
its start-up (about 1.5 s of CPU) to every run.
The fault is injected with pytest's monkeypatch into the function that handles one stage,
for one document only: the family's ``extract`` (extraction), ``checks.run_checks`` (the
documents' own checks), ``report.document_to_report`` / ``report._document_html`` (its
report section) and ``reconcile._resolve_activities`` (its reconcile step, after its units
were already matched, so undoing them is tested too). Everything else is real.

Extraction runs in worker processes, which monkeypatch does not reach. Rather than a hook
in production code, the extraction stage is run in this process by the function each
worker runs, ``worker.extract_file``, with the job's own arguments (``run_jobs`` replaced by
a loop over the jobs): the conversion of an exception into the document's status is the
worker function's, and the pool's share (a dead, stopped or over-memory worker becomes a
``failed`` outcome) is tested with real files in ``test_bad_inputs.py``.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import pipeline.checks
import pipeline.reconcile
import pipeline.report
import pipeline.run
from conftest import CEPLAN_2024, INTEGRACION_2024, ISSS_2017, RAW
from extractors.sv_isss_pat import IsssPatExtractor
from golden import assert_same, compare_activities, compare_values, doc_rows, expected
from pipeline.accounting import unaccounted
from pipeline.checks import checks_by_document, run_checks
from pipeline.cli import main
from pipeline.io import LINK_TABLES, TABLES, read_tables
from pipeline.reference import read_registry
from pipeline.report import REPORT_NAME
from pipeline.worker import extract_file
from schemas import SCHEMAS

SAMPLES = (INTEGRACION_2024, ISSS_2017, CEPLAN_2024)
FAULT = KeyError("value")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("stages-in")
    for name in SAMPLES:
        (src / f"{name}.pdf").symlink_to(RAW / f"{name}.pdf")
    return src


def extract(folder: Path, out: Path, monkeypatch, capsys):
    """The command line in this process: (exit code, stdout, the run's summary)."""
    code, summary = _extract(folder, out, monkeypatch)
    return code, capsys.readouterr().out, summary


def _extract(folder: Path, out: Path, monkeypatch):
    """The command line in this process: (exit code, the run's summary)."""
    runs = []
    real = pipeline.run.extract_corpus

    def spy(*args, **kwargs):
        runs.append(real(*args, **kwargs))
        return runs[-1]

    monkeypatch.setattr(pipeline.run, "extract_corpus", spy)
    code = main(["extract", str(folder), "--out", str(out), "--jobs", "1", "--quiet"])
    return code, runs[0]


@pytest.fixture(scope="module")
def clean_run(folder, tmp_path_factory):
    """The folder through the command line with nothing patched: (exit code, output folder,
    the run's summary). Two tests start from the same clean run (one reads its summary, one
    reconciles a copy of its output); each extracting it again would repeat the same run."""
    out = tmp_path_factory.mktemp("stages-clean") / "out"
    with pytest.MonkeyPatch.context() as patch:
        code, summary = _extract(folder, out, patch)
    return code, out, summary


def doc_id_of(name: str) -> str:
    return hashlib.sha256((RAW / f"{name}.pdf").read_bytes()).hexdigest()[:16]


def assert_others_golden(frames, broken: str | None) -> None:
    for name in SAMPLES:
        if name != broken:
            assert frames["documents"].set_index("source_path").loc[f"{name}.pdf", "status"] in {"ok", "partial"}
            assert_same(*compare_activities(frames, f"{name}.pdf", name))
            assert_same(*compare_values(frames, f"{name}.pdf", name))


def assert_accounting_holds(summary, frames) -> None:
    for outcome in summary.outcomes:
        if outcome.rows is None:
            continue
        name = outcome.document["source_path"]
        reasons = Counter(doc_rows(frames, name, "quarantine")["reason"])
        assert unaccounted(outcome.rows, len(doc_rows(frames, name, "activities")),
                           len(doc_rows(frames, name, "values")), reasons) == [], name


def assert_contract(out: Path, tables=TABLES) -> dict[str, pd.DataFrame]:
    frames = read_tables(out, tables)
    for table in tables:
        SCHEMAS[table].validate(frames[table], lazy=True)
    return frames


# ------------------------------------------------------------------ extraction


def test_an_exception_in_a_family_fails_only_its_document(folder, tmp_path, monkeypatch, capsys):
    broken = ISSS_2017
    real = IsssPatExtractor.extract

    def failing(self, doc):
        if doc.path.name == f"{broken}.pdf":
            raise FAULT
        return real(self, doc)

    def in_process(jobs, settings, progress=None, *, on_outcome=None):
        # What pool.worker_main does with each job, in this process (and run_jobs with each outcome).
        outcomes = [extract_file(job.path, job.source_path, settings, sha256=job.sha256) for job in jobs]
        for job, outcome in zip(jobs, outcomes):
            if on_outcome is not None:
                on_outcome(job, outcome)
        return outcomes

    monkeypatch.setattr(IsssPatExtractor, "extract", failing)
    monkeypatch.setattr(pipeline.run, "run_jobs", in_process)
    code, stdout, summary = extract(folder, tmp_path, monkeypatch, capsys)
    assert code == 1
    frames = assert_contract(tmp_path)
    doc = frames["documents"].set_index("source_path").loc[f"{broken}.pdf"]
    message = f"{broken}.pdf: failed in extraction (sv_isss_pat): KeyError: 'value'"
    assert (doc["status"], doc["message"], doc["family"]) == ("failed", message, "sv_isss_pat")
    assert f"failed: {message}" in stdout
    for table in ("activities", "values", "quarantine", "checks"):
        assert (frames[table]["doc_id"] == doc["doc_id"]).sum() == 0, table
    assert_others_golden(frames, broken)
    assert_accounting_holds(summary, frames)
    assert (tmp_path / REPORT_NAME).exists()


# ------------------------------------------------------------------ checks


def test_an_exception_in_one_documents_checks_fails_it_and_quarantines_its_rows(folder, tmp_path, monkeypatch,
                                                                                  capsys):
    broken, key = INTEGRACION_2024, doc_id_of(INTEGRACION_2024)
    real = pipeline.checks.run_checks

    def failing(frames):
        if (frames["activities"]["doc_id"] == key).any():
            raise FAULT
        return real(frames)

    monkeypatch.setattr(pipeline.checks, "run_checks", failing)
    code, stdout, summary = extract(folder, tmp_path, monkeypatch, capsys)
    assert code == 1
    frames = assert_contract(tmp_path)
    doc = frames["documents"].set_index("source_path").loc[f"{broken}.pdf"]
    n_acts, n_vals = len(expected(broken, "activities")), len(expected(broken, "values"))
    message = (f"{broken}.pdf: failed in checks: KeyError: 'value'; its {n_acts} activities and {n_vals} values are "
               f"in quarantine.parquet (not_checked)")
    assert (doc["status"], doc["message"]) == ("failed", message)
    assert f"failed: {message}" in stdout
    # Its rows were not checked: none is published as clean, every one is in quarantine.
    for table in ("activities", "values", "checks"):
        assert (frames[table]["doc_id"] == key).sum() == 0, table
    reasons = Counter(doc_rows(frames, f"{broken}.pdf", "quarantine")["reason"])
    assert reasons["not_checked"] == n_acts + n_vals
    assert_others_golden(frames, broken)
    assert_accounting_holds(summary, frames)
    # The other documents were checked (the checks the batch without it gives).
    rows = {t: frames[t] for t in ("documents", "activities", "values", "quarantine")}
    checks = frames["checks"]
    assert len(checks) > 0 and set(checks["doc_id"]) <= {doc_id_of(n) for n in SAMPLES if n != broken}
    pd.testing.assert_frame_equal(real(rows), checks, check_dtype=False)


def test_when_only_the_cross_document_rule_raises_each_document_keeps_its_own_checks(clean_run, monkeypatch):
    code, _, summary = clean_run
    assert code == 0
    frames = {t: df for t, df in summary.frames.items() if t != "checks"}
    real = pipeline.checks.cross_facts

    def failing(activity, frames):
        if activity["doc_id"].nunique() > 1:
            raise FAULT
        return real(activity, frames)

    monkeypatch.setattr(pipeline.checks, "cross_facts", failing)
    checks, failed, note = checks_by_document(frames)
    assert failed == {}
    assert note == "checks: the cross-document rule could not run (KeyError: 'value'); each document's own checks ran"
    pd.testing.assert_frame_equal(checks, summary.frames["checks"], check_dtype=False)  # none is cross-document here


# ------------------------------------------------------------------ report


@pytest.mark.parametrize("step", ["document_to_report", "_document_html"])
def test_an_exception_in_one_documents_report_section_keeps_its_data(folder, tmp_path, monkeypatch, capsys, step):
    broken, key = CEPLAN_2024, doc_id_of(CEPLAN_2024)
    real = getattr(pipeline.report, step)

    def failing(d, *args):
        if d.doc_id == key:
            raise FAULT
        return real(d, *args)

    monkeypatch.setattr(pipeline.report, step, failing)
    code, stdout, summary = extract(folder, tmp_path, monkeypatch, capsys)
    assert code == 1  # the report is incomplete: said, and the exit code says so
    frames = assert_contract(tmp_path)
    # The data is fine: the document keeps its status and its rows.
    assert frames["documents"].set_index("doc_id").loc[key, "status"] == "ok"
    assert_others_golden(frames, None)
    assert_accounting_holds(summary, frames)
    assert (f"  report: {broken}.pdf: failed in report: KeyError: 'value'; its section is not built, "
            f"its data is written") in stdout
    html = (tmp_path / REPORT_NAME).read_text(encoding="utf-8")
    sections = {re.search(r'<h2 id="[^"]+">(.+?) <span', s).group(1): s.split("</section>")[0]
                for s in html.split('<section class="document"')[1:]}
    assert "This section could not be built:</strong> failed in report: KeyError: &#x27;value&#x27;" in \
        sections[f"{broken}.pdf"]
    assert '<dd data-fact="activities">24</dd>' in sections[f"{broken}.pdf"]
    for name in SAMPLES:
        if name != broken:  # the other sections are whole: chart and all
            assert "could not be built" not in sections[f"{name}.pdf"] and "<svg" in sections[f"{name}.pdf"]


# ------------------------------------------------------------------ reconcile


def test_an_exception_in_one_documents_reconcile_step_leaves_it_without_ids(clean_run, tmp_path, monkeypatch,
                                                                             capsys):
    broken, key = INTEGRACION_2024, doc_id_of(INTEGRACION_2024)
    code, clean, _ = clean_run
    assert code == 0
    shutil.copytree(clean, tmp_path / "out", symlinks=True)  # reconcile writes into it: a copy of the clean run
    before = read_tables(tmp_path / "out")
    real = pipeline.reconcile._resolve_activities

    def failing(doc_id, *args):
        if doc_id == key:  # its units are already in the registry by now: they must be undone
            raise FAULT
        return real(doc_id, *args)

    monkeypatch.setattr(pipeline.reconcile, "_resolve_activities", failing)
    reference = tmp_path / "reference"
    code = main(["reconcile", "--out", str(tmp_path / "out"), "--reference", str(reference)])
    stdout = capsys.readouterr().out
    assert code == 1
    frames = assert_contract(tmp_path / "out", TABLES + LINK_TABLES)
    n_acts = len(expected(broken, "activities"))
    message = (f"{broken}.pdf: failed in reconcile: KeyError: 'value'; its {n_acts} activities keep no unit_id or "
               f"activity_id until extract and reconcile run again")
    doc = frames["documents"].set_index("doc_id").loc[key]
    assert (doc["status"], doc["message"]) == ("failed", message)
    assert f"failed: {message}" in stdout
    # Its rows are all still there, without ids; the others are linked.
    acts = frames["activities"]
    mine = acts[acts["doc_id"] == key]
    assert len(mine) == n_acts and mine["unit_id"].isna().all() and mine["activity_id"].isna().all()
    assert acts.loc[acts["doc_id"] != key, "activity_id"].notna().all()
    for table in ("unit_names", "activity_links"):
        column = frames[table]["doc_id"] if table == "unit_names" else frames[table]["activity_key"].str[:16]
        assert (column == key).sum() == 0, table
    assert_others_golden(frames, broken)
    for table in ("values", "quarantine", "checks"):  # reconcile only adds ids
        pd.testing.assert_frame_equal(frames[table], before[table])
    # What it had matched before raising is undone in the registry too.
    registry = read_registry(reference)
    others = {doc_id_of(n) for n in SAMPLES if n != broken}
    assert {a.doc_id for a in registry.activities} == others and {n.doc_id for n in registry.unit_names} <= others
    assert {u.unit_id for u in registry.units} == set(frames["units"]["unit_id"])  # no unit of its own left

    # Reconcile again, nothing patched: the failed document stays failed, without ids, until extract runs again.
    monkeypatch.setattr(pipeline.reconcile, "_resolve_activities", real)
    ids = acts[["activity_key", "activity_id"]]
    assert main(["reconcile", "--out", str(tmp_path / "out"), "--reference", str(reference)]) == 1
    again = read_tables(tmp_path / "out", TABLES + LINK_TABLES)
    assert again["documents"].set_index("doc_id").loc[key, "message"] == message
    pd.testing.assert_frame_equal(again["activities"][["activity_key", "activity_id"]], ids)
    shutil.rmtree(tmp_path / "out")
