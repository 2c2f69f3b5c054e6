"""The command line on a real folder: bad files reported, the run goes on, output is repeatable."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from conftest import INTEGRACION_2024, RAW, ROOT
from pipeline.io import TABLES


def _extract(src, out, *extra):
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", str(src), "--out", str(out), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory):
    src = tmp_path_factory.mktemp("mixed")
    shutil.copy(RAW / f"{INTEGRACION_2024}.pdf", src / "plan-with-a-misleading-name.pdf")
    (src / "empty.pdf").write_bytes(b"")
    (src / "not-a-pdf.pdf").write_text("<html>404 Not Found</html>")
    (src / "sub").mkdir()
    pdf = (RAW / f"{INTEGRACION_2024}.pdf").read_bytes()
    (src / "sub" / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    return src


@pytest.fixture(scope="module")
def mixed_run(mixed_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return _extract(mixed_folder, out, "--jobs", "2"), out


def test_bad_files_fail_with_a_message_naming_them_and_exit_nonzero(mixed_run):
    proc, out = mixed_run
    assert proc.returncode == 1, proc.stderr
    docs = pd.read_parquet(out / "documents.parquet").set_index("source_path")
    for name in ("empty.pdf", "not-a-pdf.pdf"):
        assert docs.loc[name, "status"] == "failed"
        assert name in docs.loc[name, "message"]
        assert f"failed: {docs.loc[name, 'message']}" in proc.stdout


def test_good_file_is_still_extracted_and_classified_by_content(mixed_run):
    proc, out = mixed_run
    docs = pd.read_parquet(out / "documents.parquet").set_index("source_path")
    good = docs.loc["plan-with-a-misleading-name.pdf"]
    assert (good["status"], good["family"], good["plan_year"]) == ("ok", "sv_integracion_pat", 2024)
    acts = pd.read_parquet(out / "activities.parquet")
    assert (acts["doc_id"] == good["doc_id"]).sum() == 210
    assert "total: 4 documents" in proc.stdout  # the summary table


def test_truncated_pdf_does_not_stop_the_run(mixed_run):
    _, out = mixed_run
    docs = pd.read_parquet(out / "documents.parquet").set_index("source_path")
    assert "sub/truncated.pdf" in docs.index
    assert docs.loc["sub/truncated.pdf", "status"] in {"failed", "partial", "no_tables", "ok"}
    assert docs.loc["sub/truncated.pdf", "message"] or docs.loc["sub/truncated.pdf", "status"] == "ok"


def test_rerun_gives_identical_bytes(mixed_folder, mixed_run, tmp_path):
    _, first = mixed_run
    proc = _extract(mixed_folder, tmp_path, "--jobs", "1")
    assert proc.returncode == 1
    for name in TABLES:
        a = hashlib.sha256((first / f"{name}.parquet").read_bytes()).hexdigest()
        b = hashlib.sha256((tmp_path / f"{name}.parquet").read_bytes()).hexdigest()
        assert a == b, f"{name}.parquet differs between runs"


def test_output_folder_has_only_the_tables_and_the_report(mixed_run):
    _, out = mixed_run
    assert sorted(p.name for p in out.iterdir()) == sorted([*(f"{t}.parquet" for t in TABLES), "report.html"])


def test_missing_input_is_a_clear_error(tmp_path):
    proc = _extract(tmp_path / "nowhere", tmp_path / "out")
    assert proc.returncode == 2 and "No such file or folder" in proc.stderr
