"""Bad input, nothing lost: one run over every kind of broken PDF plus the good samples.

The corpus (tests/bad_inputs/corpus.py) is generated into a temporary folder next
to copies of the five samples of data/raw/, and extracted once by the real
pipeline (two worker processes) with small limits so the file stays fast: a
12 s time limit per document and 1 GiB of memory per worker. Every file must get
a documents row with its status and a one-line message naming it (and the page
where relevant), the good samples must come out exactly as their golden data,
and every row the extractors saw must be in the output or in quarantine.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

from conftest import RAW, SAMPLES
from golden import assert_same, compare_activities, compare_values, doc_rows
from pipeline.accounting import unaccounted
from pipeline.config import GIB, MIB, ExtractSettings, format_size, parse_size
from pipeline.io import read_tables
from pipeline.pool import Job, Progress, _death, _Slot, _where
from pipeline.run import extract_corpus

sys.path.insert(0, str(Path(__file__).parent / "bad_inputs"))
import corpus  # noqa: E402

TIMEOUT = 12.0
MEMORY = 1 * GIB

# file -> (status, text its message must contain)
EXPECTED = {
    "empty.pdf": ("failed", "empty file (0 bytes)"),
    "not-a-pdf.pdf": ("failed", "not a PDF"),
    "truncated.pdf": ("failed", "truncated or incomplete"),
    "corrupt-xref.pdf": ("failed", "cannot open as PDF"),
    "encrypted-locked.pdf": ("failed", "encrypted, password required"),
    "scanned.pdf": ("needs_ocr", "no text layer on pages 1-3"),
    "thousands-of-pages.pdf": ("no_tables", "no known plan layout"),
    "slow-page.pdf": ("failed", f"stopped after {TIMEOUT:g} s (time limit) on page 1 of 1"),
    "bomb.pdf": ("failed", "memory limit 1 GiB exceeded on page 1 of 1"),
}


class Recorder(Progress):
    def __init__(self):
        self.pages_announced: list[int] = []
        self.pages_read = 0
        self.documents = 0
        self.closed = False

    def add_pages(self, n: int) -> None:
        self.pages_announced.append(n)

    def update(self, n: int) -> None:
        self.pages_read += n

    def document_done(self) -> None:
        self.documents += 1

    def close(self) -> None:
        self.closed = True


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    src = tmp_path_factory.mktemp("bad-in")
    corpus.make_all(src)
    for name in SAMPLES:
        shutil.copy(RAW / f"{name}.pdf", src / f"{name}.pdf")
    out = tmp_path_factory.mktemp("bad-out")
    recorder = Recorder()
    started = time.perf_counter()
    summary = extract_corpus(src, out, ExtractSettings(jobs=2, progress=False, timeout=TIMEOUT, max_memory=MEMORY),
                             progress=recorder)
    seconds = time.perf_counter() - started
    print(f"\n[bad inputs] {len(summary.outcomes)} documents in {seconds:.1f} s")
    return src, summary, read_tables(out), recorder


def _docs(frames):
    return frames["documents"].set_index("source_path")


def test_every_file_gets_a_documents_row(bad_run):
    src, summary, frames, _ = bad_run
    files = sorted(p.name for p in src.iterdir())
    assert sorted(frames["documents"]["source_path"]) == files
    assert len(summary.outcomes) == len(files)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_status_and_one_line_message_naming_it(bad_run, name):
    _, _, frames, _ = bad_run
    row = _docs(frames).loc[name]
    status, text = EXPECTED[name]
    assert row["status"] == status, row["message"]
    assert row["message"].startswith(f"{name}: ") and text in row["message"], row["message"]
    assert "\n" not in row["message"]


def test_stopped_documents_keep_their_page_count(bad_run):
    docs = _docs(bad_run[2])
    assert docs.loc["slow-page.pdf", "n_pages"] == 1 and docs.loc["bomb.pdf", "n_pages"] == 1
    assert docs.loc["thousands-of-pages.pdf", "n_pages"] == 3000


def test_encrypted_with_empty_user_password_opens_and_extracts_like_the_original(bad_run):
    _, _, frames, _ = bad_run
    assert _docs(frames).loc["encrypted-open.pdf", "status"] == "ok"
    assert_same(*compare_activities(frames, "encrypted-open.pdf", corpus.ENCRYPTED_SAMPLE))
    assert_same(*compare_values(frames, "encrypted-open.pdf", corpus.ENCRYPTED_SAMPLE))


@pytest.mark.parametrize("sample", SAMPLES)
def test_good_samples_in_the_same_run_are_extracted_in_full(bad_run, sample):
    _, _, frames, _ = bad_run
    assert _docs(frames).loc[f"{sample}.pdf", "status"] in {"ok", "partial"}
    assert_same(*compare_activities(frames, f"{sample}.pdf", sample))
    assert_same(*compare_values(frames, f"{sample}.pdf", sample))


def test_thousands_of_pages_finish_with_progress_under_the_limits(bad_run):
    _, summary, _, recorder = bad_run
    # It finished (no_tables, not stopped) inside the 12 s / 1 GiB limits; progress saw every page.
    assert 3000 in recorder.pages_announced
    opened = sum(recorder.pages_announced)
    assert recorder.pages_read >= 3000 + sum(o.document["n_pages"] or 0 for o in summary.outcomes
                                             if o.document["source_path"] in {f"{s}.pdf" for s in SAMPLES})
    assert recorder.pages_read <= opened
    assert recorder.documents == len(summary.outcomes) and recorder.closed


def test_every_row_seen_is_in_the_output_or_in_quarantine(bad_run):
    _, summary, frames, _ = bad_run
    counted = [o for o in summary.outcomes if o.rows is not None]
    assert len(counted) == len(SAMPLES) + 1  # the samples and the encrypted copy
    for outcome in counted:
        name, rows = outcome.document["source_path"], outcome.rows
        acts = doc_rows(frames, name, "activities")
        vals = doc_rows(frames, name, "values")
        quarantine = doc_rows(frames, name, "quarantine")
        summaries = int((quarantine["reason"] == "summary_row").sum())
        # Printed body rows: blank, grouping (context of the rows below), summary rows
        # (quarantined), fragments (merged into the row above) or an activity.
        assert rows.seen == rows.blank + rows.grouping + summaries + rows.fragments + len(acts), (name, rows)
        assert rows.balanced and rows.summary == summaries and rows.seen > 0
        # Printed value cells of the kept rows: a value, or quarantined with its reason.
        assert rows.value_cells == len(vals) + int((quarantine["reason"] != "summary_row").sum()), (name, rows)
        assert unaccounted(rows, len(acts), len(vals), quarantine["reason"].value_counts().to_dict()) == []


# ------------------------------------------------------------------- the pure helpers


def test_sizes():
    assert parse_size("2G") == 2 * GIB and parse_size("512M") == 512 * MIB and parse_size("1.5GiB") == GIB * 3 // 2
    assert parse_size("0") == 0 and parse_size("1073741824") == GIB
    assert format_size(2 * GIB) == "2 GiB" and format_size(1536 * MIB) == "1.5 GiB"
    with pytest.raises(ValueError):
        parse_size("lots")
    with pytest.raises(ValueError, match="at least"):
        ExtractSettings(max_memory=10 * MIB)
    with pytest.raises(ValueError, match="negative"):
        ExtractSettings(timeout=-1)


class _Ended:
    def __init__(self, exitcode):
        self.exitcode = exitcode


def _slot(n_pages, pages_done, peak_vm=0, exitcode=-11):
    return _Slot(_Ended(exitcode), None, job=Job(Path("x.pdf"), "x.pdf"), n_pages=n_pages,
                 pages_done=pages_done, peak_vm=peak_vm)


def test_where_a_document_was_stopped():
    assert _where(_slot(None, 0)) == " while opening the file"
    assert _where(_slot(10, 2)) == " on page 3 of 10"
    assert _where(_slot(10, 10)) == " after reading all 10 pages"


def test_a_dead_worker_is_a_memory_death_only_when_it_was_near_the_limit():
    settings = ExtractSettings(max_memory=GIB)
    assert _death(_slot(10, 2, peak_vm=900 * MIB, exitcode=-6), settings) == (
        "memory limit 1 GiB exceeded on page 3 of 10 (worker ended by signal SIGABRT)")
    assert _death(_slot(10, 2, peak_vm=100 * MIB), settings) == "worker crashed on page 3 of 10 (signal SIGSEGV)"


def test_row_count_balances_only_when_every_drafted_row_is_an_activity():
    from extractors.base import RowTally
    from pipeline.accounting import RowCount

    # 6 rows: one blank, one grouping, one summary, one fragment, two activities
    tally = RowTally(seen=6, blank=1, grouping=1, summary=1, fragments=1, value_cells=6)
    count = RowCount.of(tally, activities=2)
    assert count.drafted == 2 and count.balanced and count.value_cells == 6
    assert not RowCount.of(tally, activities=3).balanced  # a row from nowhere
    assert not RowCount.of(tally, activities=1).balanced  # a row lost
