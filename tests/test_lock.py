"""Two runs, one output folder: the second waits for or refuses the folder's lock, and the
published set is always one whole run.

Every test runs the command line as real processes on real sample PDFs. The moments that
matter are made deterministic without racing sleeps: either the test process itself holds
the lock (pipeline.lock.folder_lock, a real flock held by a real process), or a running
`extract` is frozen with SIGSTOP once its lock file names it as the holder.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from conftest import CEPLAN_2024, ISSS_2017, RAW, ROOT
from pipeline.cli import main
from pipeline.io import CURRENT, RUN_PREFIX, TABLES
from pipeline.lock import (EXIT_BUSY, LOCK_NAME, FolderLockError, busy_message, describe_holder, folder_lock,
                           holder_record, read_holder, waiting_message)

PUBLISHED = (*(f"{t}.parquet" for t in TABLES), "report.html")


class Cli:
    """`python -m pipeline ...` running in the background; its stderr can be watched as it comes."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.pid = self.proc.pid
        self.err = b""

    def wait_for_stderr(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        fd = self.proc.stderr.fileno()
        while text.encode() not in self.err:
            assert time.monotonic() < deadline, f"no {text!r} on stderr after {timeout} s: {self.err.decode()}"
            if select.select([fd], [], [], 0.05)[0]:
                chunk = os.read(fd, 65536)
                assert chunk, f"process ended before printing {text!r}: {self.err.decode()}"
                self.err += chunk

    def finish(self, timeout: float = 60) -> tuple[int, str, str]:
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out.decode(), (self.err + err).decode()


def _run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def _published(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in PUBLISHED}


def _leftovers(out: Path) -> list[str]:
    """Run folders and temporary links besides the one .current points to."""
    current = os.readlink(out / CURRENT)
    return [p.name for p in out.iterdir()
            if (p.name.startswith(RUN_PREFIX) and p.name != current) or ".tmp-" in p.name]


def _pause_while_holding(cli: Cli, folder: Path, timeout: float = 30) -> None:
    """SIGSTOP ``cli`` once it holds ``folder``'s lock (its record is in the lock file), and check it still does."""
    deadline = time.monotonic() + timeout
    while (read_holder(folder) or {}).get("pid") != cli.pid:
        assert cli.proc.poll() is None, f"exited before taking the lock: {cli.finish()}"
        assert time.monotonic() < deadline, "did not take the lock"
        time.sleep(0.005)
    os.kill(cli.pid, signal.SIGSTOP)
    try:
        with folder_lock(folder, "pytest", wait=0):
            pass
    except FolderLockError:
        return  # frozen with the lock held, as wanted
    os.kill(cli.pid, signal.SIGCONT)
    pytest.fail("the run released the lock before it could be paused (a machine this slow needs a larger input)")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    """Two input folders of one small sample each, so the two runs' outputs differ in every table."""
    root = tmp_path_factory.mktemp("inputs")
    folders = {}
    for key, name in (("x", ISSS_2017), ("y", CEPLAN_2024)):
        folders[key] = root / key
        folders[key].mkdir()
        shutil.copy(RAW / f"{name}.pdf", folders[key])
    return folders


@pytest.fixture(scope="module")
def reference_runs(inputs, tmp_path_factory) -> dict[str, Path]:
    """Each input extracted alone, by the same command in this process: what a whole run publishes
    (the bytes are deterministic)."""
    root = tmp_path_factory.mktemp("reference-runs")
    for key, folder in inputs.items():
        assert main(["extract", str(folder), "--out", str(root / key), "--jobs", "1", "--quiet"]) == 0
    return {key: root / key for key in inputs}


# ------------------------------------------------------------------ two real runs


def test_a_second_extract_refuses_at_once_while_the_first_holds_the_folder(inputs, reference_runs, tmp_path):
    out = tmp_path / "out"
    first = Cli("extract", inputs["x"], "--out", out, "--jobs", "1")
    _pause_while_holding(first, out)
    try:
        started = time.monotonic()
        second = _run("extract", inputs["y"], "--out", out, "--wait", "0")
        assert time.monotonic() - started < 20
    finally:
        os.kill(first.pid, signal.SIGCONT)
    assert second.returncode == EXIT_BUSY, second.stderr
    assert f"error: {out} is being written by another run (extract, pid {first.pid} since " in second.stderr
    assert "not waiting (--wait 0), nothing written" in second.stderr and second.stdout == ""
    code, stdout, err = first.finish()
    assert code == 0, err
    assert _published(out) == _published(reference_runs["x"])  # the first run's set, whole
    assert _leftovers(out) == []
    # The lock file stays in the folder, outside the published set.
    assert (out / LOCK_NAME).exists() and LOCK_NAME not in os.listdir(out / CURRENT)


def test_two_extracts_on_one_folder_run_one_after_the_other(inputs, reference_runs, tmp_path):
    out = tmp_path / "out"
    with folder_lock(out, "pytest", wait=0):
        runs = {key: Cli("extract", inputs[key], "--out", out, "--jobs", "1", "--wait", "60") for key in inputs}
        for cli in runs.values():  # both started, both blocked on the lock the test holds
            cli.wait_for_stderr(f"{out} is being written by another run (pytest, pid {os.getpid()} since ")
            cli.wait_for_stderr("waiting up to 60 s (--wait)")
    # Released: the two processes now race for the lock; each must run whole, one after the other.
    results = {key: cli.finish() for key, cli in runs.items()}
    for code, stdout, err in results.values():
        assert code == 0, err
        assert "total: 1 documents" in stdout
    last = next(key for key, cli in runs.items() if read_holder(out)["pid"] == cli.pid)
    assert _published(out) == _published(reference_runs[last])  # every file from the run that published last
    assert _leftovers(out) == []


def test_reconcile_waits_for_a_running_extract_then_adds_ids_to_its_whole_output(inputs, reference_runs,
                                                                                   tmp_path):
    out = shutil.copytree(reference_runs["x"], tmp_path / "out", symlinks=True)  # a previous extract
    reference = tmp_path / "reference"
    extract = Cli("extract", inputs["y"], "--out", out, "--jobs", "1")
    _pause_while_holding(extract, out)
    try:
        reconcile = Cli("reconcile", "--out", out, "--reference", reference, "--wait", "60")
        reconcile.wait_for_stderr(f"{out} is being written by another run (extract, pid {extract.pid} since ")
        # Readers take no lock: meanwhile they see the previous set, whole.
        assert pd.read_parquet(out / "documents.parquet").equals(
            pd.read_parquet(reference_runs["x"] / "documents.parquet"))
    finally:
        os.kill(extract.pid, signal.SIGCONT)
    code, _, err = extract.finish()
    assert code == 0, err
    code, stdout, err = reconcile.finish()
    assert code == 0, err
    assert "reconciled 1 documents" in stdout and "24 activities -> 24 activity ids" in stdout
    # The ids went onto the new extract's tables; everything else is the extract's, byte for byte.
    new = reference_runs["y"]
    for name in ("documents", "values", "quarantine", "checks"):
        assert (out / f"{name}.parquet").read_bytes() == (new / f"{name}.parquet").read_bytes(), name
    assert (out / "report.html").read_bytes() == (new / "report.html").read_bytes()
    acts, plain = pd.read_parquet(out / "activities.parquet"), pd.read_parquet(new / "activities.parquet")
    assert acts["activity_id"].notna().all() and acts["unit_id"].notna().all()
    ids = ["unit_id", "activity_id"]
    assert acts.drop(columns=ids).equals(plain.drop(columns=ids))
    assert set(pd.read_parquet(out / "activity_links.parquet")["activity_key"]) == set(acts["activity_key"])
    assert _leftovers(out) == []


def test_a_killed_holder_releases_the_lock(inputs, reference_runs, tmp_path):
    out = tmp_path / "out"
    first = Cli("extract", inputs["x"], "--out", out, "--jobs", "1")
    _pause_while_holding(first, out)
    os.kill(first.pid, signal.SIGKILL)  # no cleanup runs: only the kernel can drop the lock
    first.proc.wait()
    second = _run("extract", inputs["y"], "--out", out, "--wait", "10")
    assert second.returncode == 0, second.stderr
    assert "waiting" not in second.stderr  # free at once, not after the wait
    assert _published(out) == _published(reference_runs["y"])
    assert _leftovers(out) == []  # whatever the killed run left is swept


# ------------------------------------------------------------------ the test process holds the lock


def test_giving_up_after_waiting_names_the_holder_and_leaves_the_output_alone(inputs, reference_runs, tmp_path):
    out = shutil.copytree(reference_runs["x"], tmp_path / "out", symlinks=True)
    with folder_lock(out, "pytest", wait=0):
        proc = _run("extract", inputs["y"], "--out", out, "--wait", "0.5")
    assert proc.returncode == EXIT_BUSY
    holder = f"another run (pytest, pid {os.getpid()} since "
    assert f"{out} is being written by {holder}" in proc.stderr and "waiting up to 0.5 s (--wait)…" in proc.stderr
    assert f"error: {out} is still being written by {holder}" in proc.stderr
    assert "after waiting 0.5 s; nothing written" in proc.stderr
    assert _published(out) == _published(reference_runs["x"])


def test_reconcile_refuses_while_the_registry_folder_is_busy(reference_runs, tmp_path):
    out = shutil.copytree(reference_runs["x"], tmp_path / "out", symlinks=True)
    reference = tmp_path / "reference"
    with folder_lock(reference, "pytest", wait=0):
        proc = _run("reconcile", "--out", out, "--reference", reference, "--wait", "0")
    assert proc.returncode == EXIT_BUSY
    assert f"error: {reference} is being written by another run (pytest, pid {os.getpid()}" in proc.stderr
    assert _published(out) == _published(reference_runs["x"])  # no ids written
    with folder_lock(out, "pytest", wait=0):  # and the output folder's lock was given back
        pass


def test_bad_wait_and_an_unlockable_folder_are_usage_errors(inputs, tmp_path, capsys):
    assert main(["extract", str(inputs["x"]), "--out", str(tmp_path / "out"), "--wait", "-1"]) == 2
    assert "--wait must be 0 or more seconds" in capsys.readouterr().err
    (tmp_path / "file").write_text("not a folder")
    assert main(["extract", str(inputs["x"]), "--out", str(tmp_path / "file"), "--wait", "0"]) == 2
    assert f"cannot lock {tmp_path / 'file' / LOCK_NAME}" in capsys.readouterr().err


# ------------------------------------------------------------------ messages


def test_holder_record_round_trip_and_description(tmp_path):
    since = datetime(2025, 3, 4, 14, 2, 31)
    (tmp_path / LOCK_NAME).write_bytes(holder_record(4242, "extract", since))
    record = read_holder(tmp_path)
    assert record == {"pid": 4242, "command": "extract", "since": since}
    assert describe_holder(record, today=since) == "another run (extract, pid 4242 since 14:02:31)"
    assert describe_holder(record, today=datetime(2025, 3, 5)) == \
        "another run (extract, pid 4242 since 2025-03-04 14:02:31)"
    for junk in (b"", b'{"pid": 42', b'{"pid": "x"}', b"\xff"):  # empty, half-written, foreign
        (tmp_path / LOCK_NAME).write_bytes(junk)
        assert describe_holder(read_holder(tmp_path)) == "another run"


def test_messages_name_the_folder_and_say_what_to_do():
    folder, holder = Path("data/processed"), "another run (extract, pid 7 since 09:00:00)"
    assert waiting_message(folder, holder, 600) == \
        "data/processed is being written by another run (extract, pid 7 since 09:00:00); waiting up to 600 s (--wait)…"
    assert waiting_message(folder, holder, float("inf")).endswith("waiting until it finishes…")
    assert busy_message(folder, holder, 0).endswith("Run again when it has finished, or give --wait SECONDS.")
    assert "after waiting 600 s; nothing written" in busy_message(folder, holder, 600)
