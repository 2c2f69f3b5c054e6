"""The command line on a real folder: bad files reported, the run goes on, output is repeatable
and replaced atomically (an interrupted write leaves the previous files intact).

The good file of the mixed folder is the ISSS 2017 plan (16 pages, its tables read in a
tenth of a second): what is checked (a bad file does not stop the run, a file is classified
by its content, not its name, the bytes are repeatable) holds for any sample, and this
folder is extracted four times.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import ISSS_2017, RAW, ROOT
from pipeline.io import TABLES, read_tables, validate_frames, write_tables


def _extract(src, out, *extra):
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", str(src), "--out", str(out), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory):
    src = tmp_path_factory.mktemp("mixed")
    shutil.copy(RAW / f"{ISSS_2017}.pdf", src / "plan-with-a-misleading-name.pdf")
    (src / "empty.pdf").write_bytes(b"")
    (src / "not-a-pdf.pdf").write_text("<html>404 Not Found</html>")
    (src / "sub").mkdir()
    pdf = (RAW / f"{ISSS_2017}.pdf").read_bytes()
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
    assert (good["status"], good["family"], good["plan_year"]) == ("ok", "sv_isss_pat", 2017)
    acts = pd.read_parquet(out / "activities.parquet")
    assert (acts["doc_id"] == good["doc_id"]).sum() == 18  # tests/fixtures/002_5e65348469c072e6/activities.csv
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


def test_output_folder_shows_the_tables_linked_to_the_current_run_and_the_report(mixed_run):
    _, out = mixed_run
    visible = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert visible == sorted([*(f"{t}.parquet" for t in TABLES), "report.html"])
    # Each table is a link through .current into the one run folder; besides the lock file
    # (pipeline/lock.py, not part of the set) nothing else is left.
    hidden = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert hidden[:2] == [".current", ".lock"] and len(hidden) == 3 and hidden[2].startswith(".run-")
    for name in (f"{t}.parquet" for t in TABLES):
        assert (out / name).resolve().parent == (out / hidden[2]).resolve()


def test_limits_are_command_line_flags(mixed_folder, tmp_path):
    proc = _extract(mixed_folder, tmp_path, "--jobs", "1", "--timeout", "120", "--max-memory", "1G")
    assert proc.returncode == 1 and "total: 4 documents" in proc.stdout
    bad = _extract(mixed_folder, tmp_path, "--max-memory", "1M")
    assert bad.returncode == 2 and "at least 256 MiB" in bad.stderr


def test_missing_input_is_a_clear_error(tmp_path):
    proc = _extract(tmp_path / "nowhere", tmp_path / "out")
    assert proc.returncode == 2 and "No such file or folder" in proc.stderr


# ------------------------------------------------------------------ atomic output set


def _frames(n_docs: int) -> dict[str, pd.DataFrame]:
    """Valid contract frames with n failed documents (enough to tell two runs apart)."""
    from pipeline.checks import run_checks
    from pipeline.tidy import outcomes_to_frames
    from pipeline.worker import DocumentOutcome

    docs = [{"doc_id": f"{i:016x}", "source_path": f"f{i}.pdf", "sha256": f"{i:064x}", "family": None,
             "country": None, "institution": None, "plan_year": None, "n_pages": None, "status": "failed",
             "message": f"f{i}.pdf: broken", "extractor_version": "test"} for i in range(n_docs)]
    frames = outcomes_to_frames([DocumentOutcome(d) for d in docs])
    frames["checks"] = run_checks(frames)
    return validate_frames(frames)


def _snapshot(out) -> dict[str, bytes]:
    return {name: (out / f"{name}.parquet").read_bytes() for name in TABLES}


def test_a_failure_while_writing_leaves_the_previous_output_byte_identical(tmp_path):
    write_tables(_frames(1), tmp_path)
    before = _snapshot(tmp_path)

    def boom(path):  # runs after the four tables are written into the run folder
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_tables(_frames(2), tmp_path, extra={"report.html": boom})
    assert _snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".run-")) == [
        os.readlink(tmp_path / ".current")]  # the half-written run folder is gone
    write_tables(_frames(2), tmp_path)
    assert read_tables(tmp_path)["documents"].shape[0] == 2


KILLED_WRITER = """
import sys, time
from pathlib import Path
sys.path[:0] = [{tests!r}]
from test_cli import _frames
from pipeline.io import write_tables

def slow(path):
    Path({ready!r}).write_text("writing")  # the four tables are in the run folder now
    time.sleep(60)

write_tables(_frames(3), Path({out!r}), extra={{"report.html": slow}})
"""


def test_a_kill_while_writing_leaves_the_previous_output_byte_identical(tmp_path):
    out, ready = tmp_path / "out", tmp_path / "ready"
    write_tables(_frames(1), out)
    before = _snapshot(out)
    script = KILLED_WRITER.format(tests=str(Path(__file__).parent), ready=str(ready), out=str(out))
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "writer did not start"
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert _snapshot(out) == before  # a reader sees the old set, whole
    runs = [p.name for p in out.iterdir() if p.name.startswith(".run-")]
    assert len(runs) == 2  # the killed run's folder is left behind...
    write_tables(_frames(2), out)
    assert len([p for p in out.iterdir() if p.name.startswith(".run-")]) == 1  # ...and swept by the next run
    assert read_tables(out)["documents"].shape[0] == 2


def test_output_from_an_older_layout_is_replaced_and_dropped_files_do_not_dangle(tmp_path):
    for name in TABLES:  # regular files, as earlier versions wrote them
        (tmp_path / f"{name}.parquet").write_bytes(b"old")
    write_tables(_frames(1), tmp_path, extra={"report.html": lambda p: p.write_text("<html/>")})
    assert all((tmp_path / f"{name}.parquet").is_symlink() for name in TABLES)
    assert (tmp_path / "report.html").read_text() == "<html/>"
    write_tables(_frames(1), tmp_path)
    assert not (tmp_path / "report.html").exists() and not (tmp_path / "report.html").is_symlink()
    assert read_tables(tmp_path)["documents"].shape[0] == 1


def test_a_reader_that_goes_away_gets_no_traceback_and_the_data_is_written(mixed_folder, tmp_path):
    # `extract ... | head -1`: the pipe closes after the first line of the summary.
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(mixed_folder), "--out", str(out),
                             "--jobs", "1", "--quiet"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the first line
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 1
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
    assert read_tables(out)["documents"].shape[0] == 4  # written before the summary was printed
