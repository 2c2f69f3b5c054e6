"""Byte-identical copies (issue 11 §1): the same PDF under two names is read once.

A real folder: three samples of data/raw, a copy of one of them under another name
and a copy of it in a subfolder under its own name. The real command line extracts
it (a worker process, pandera, Parquet, report) and reconcile runs on the output: the run
exits 0, each copy has its own documents row with status ``duplicate`` and a message
naming the file it copies, the sample's golden data is there once (under the first
file's doc_id), and every table passes the contract.

Both runs here use one worker (``--jobs 1``): copies are found by hash before any worker
starts, so the number of workers changes nothing the tests look at; a second one would
only add its start-up (about 1.5 s of CPU). Several workers sharing a batch are the
session fixtures' (tests/conftest.py).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pandera.errors
import pytest

from conftest import CEPLAN_2024, INTEGRACION_2024, ISSS_2017, RAW, ROOT
from golden import assert_same, compare_activities, compare_values, expected
from pipeline.config import ExtractSettings
from pipeline.io import LINK_TABLES, TABLES, read_tables
from pipeline.pool import Job, Progress
from pipeline.report import REPORT_NAME
from pipeline.run import extract_corpus, first_of_each_content
from pipeline.worker import duplicate_doc_id
from schemas import SCHEMAS

SAMPLES = (INTEGRACION_2024, ISSS_2017, CEPLAN_2024)
ORIGINAL = f"{CEPLAN_2024}.pdf"
COPIES = ("plan-copia.pdf", f"sub/{CEPLAN_2024}.pdf")  # after the original in path order


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("dup-in")
    for name in SAMPLES:
        shutil.copy(RAW / f"{name}.pdf", src / f"{name}.pdf")
    for copy in COPIES:
        (src / copy).parent.mkdir(exist_ok=True)
        shutil.copy(RAW / ORIGINAL, src / copy)
    return src


@pytest.fixture(scope="module")
def cli_run(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("dup-out")
    proc = _cli("extract", str(folder), "--out", str(out), "--jobs", "1", "--quiet")
    return proc, out


@pytest.fixture(scope="module")
def frames(cli_run) -> dict[str, pd.DataFrame]:
    return read_tables(cli_run[1])


def test_copies_exit_0_with_one_duplicate_row_each_naming_the_original(cli_run, frames):
    proc, _ = cli_run
    assert proc.returncode == 0, proc.stderr
    docs = frames["documents"].set_index("source_path")
    assert sorted(docs.index) == sorted([f"{n}.pdf" for n in SAMPLES] + list(COPIES))
    sha = hashlib.sha256((RAW / ORIGINAL).read_bytes()).hexdigest()
    assert docs.loc[ORIGINAL, "status"] == "ok" and docs.loc[ORIGINAL, "doc_id"] == sha[:16]
    for copy in COPIES:
        row = docs.loc[copy]
        assert row["status"] == "duplicate"
        assert row["message"] == f"{copy}: byte-identical to {ORIGINAL} (same SHA-256); its data is that file's"
        assert row["sha256"] == sha  # the copies are found by their hash: the original's doc_id is sha256[:16]
        assert row["doc_id"] == duplicate_doc_id(sha, copy) != sha[:16]
        assert pd.isna(row["family"]) and pd.isna(row["n_pages"])  # nothing was read from it
        assert f"duplicate: {row['message']}" in proc.stdout  # the summary lists it
    assert frames["documents"]["doc_id"].is_unique


def test_the_data_of_copies_comes_once_under_the_original(frames):
    docs = frames["documents"]
    copies = set(docs.loc[docs["status"] == "duplicate", "doc_id"])
    for table in ("activities", "values", "quarantine", "checks"):
        assert not frames[table]["doc_id"].isin(copies).any(), table
    for name in SAMPLES:
        assert_same(*compare_activities(frames, f"{name}.pdf", name))
        assert_same(*compare_values(frames, f"{name}.pdf", name))
    assert len(frames["activities"]) == sum(len(expected(name, "activities")) for name in SAMPLES)
    assert len(frames["values"]) == sum(len(expected(name, "values")) for name in SAMPLES)


@pytest.mark.parametrize("table", TABLES)
def test_output_with_copies_passes_the_contract(frames, table):
    SCHEMAS[table].validate(frames[table], lazy=True)


def test_a_duplicate_without_its_original_breaks_the_contract(frames):
    docs = frames["documents"]
    orphan = docs[docs["source_path"] != ORIGINAL]  # the copies stay, the file they copy is gone
    with pytest.raises(pandera.errors.SchemaErrors, match="duplicate"):
        SCHEMAS["documents"].validate(orphan, lazy=True)


def test_report_shows_duplicates_like_other_statuses(cli_run, frames):
    html = (cli_run[1] / REPORT_NAME).read_text(encoding="utf-8")
    sections = [s.split("</section>")[0] for s in html.split('<section class="document"')[1:]]
    for copy in COPIES:
        [section] = [s for s in sections if f">{copy} " in s]
        assert '<span class="status status-duplicate">duplicate</span>' in section
        assert f"{copy}: byte-identical to {ORIGINAL} (same SHA-256); its data is that file&#x27;s" in section
    assert '<span class="status status-duplicate">duplicate</span></th><td class="num">2</td>' in html  # by status
    assert ".status-duplicate" in html  # styled like the other statuses


def test_reconcile_runs_on_output_with_copies(cli_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(cli_run[1], out, symlinks=True)
    proc = _cli("reconcile", "--out", str(out), "--reference", str(tmp_path / "reference"))
    assert proc.returncode == 0, proc.stderr
    frames = read_tables(out, TABLES + LINK_TABLES)
    assert frames["activities"]["activity_id"].notna().all()
    assert frames["activities"]["doc_id"].nunique() == len(SAMPLES)
    for table in TABLES + LINK_TABLES:
        SCHEMAS[table].validate(frames[table], lazy=True)


class _Counter(Progress):
    def __init__(self):
        self.documents, self.pages = 0, []

    def add_pages(self, n: int) -> None:
        self.pages.append(n)

    def document_done(self) -> None:
        self.documents += 1


def test_a_copy_is_not_extracted_again(folder, cli_run, tmp_path):
    counter = _Counter()
    summary = extract_corpus(folder, tmp_path / "out", ExtractSettings(jobs=1, progress=False), progress=counter)
    assert counter.documents == len(SAMPLES) and len(counter.pages) == len(SAMPLES)  # the worker opened 3 files
    assert [o.document["status"] for o in summary.outcomes if o.rows is None] == ["duplicate", "duplicate"]
    for t in TABLES:  # the command line and the pipeline wrote the same bytes
        assert (tmp_path / "out" / f"{t}.parquet").read_bytes() == (cli_run[1] / f"{t}.parquet").read_bytes(), t


def test_the_first_file_in_path_order_is_the_original():
    jobs = [Job(Path(p), p, sha) for p, sha in (("a.pdf", "1"), ("b.pdf", "2"), ("c.pdf", "1"), ("sub/a.pdf", "2"))]
    first = first_of_each_content(jobs)
    assert {sha: job.source_path for sha, job in first.items()} == {"1": "a.pdf", "2": "b.pdf"}
