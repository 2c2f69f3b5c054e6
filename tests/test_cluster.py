"""extract --scheduler on a real Dask distributed cluster (issue 14).

A real scheduler and two worker processes (LocalCluster, processes=True: each worker
a separate process under a nanny, as `dask worker` starts them) on localhost, shared
by the tests of this module. The cluster's run of five samples plus bad files
(tests/bad_inputs) must give the local pool's output byte for byte; a worker killed
while it holds a slow document must leave every document accounted for. The
scheduler allows one retry (allowed-failures 1): a document whose worker dies is run
again once elsewhere, and failed when that worker dies too.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dask
import psutil
import pytest
from distributed import Client, LocalCluster

from conftest import CEPLAN_2024, ISSS_2017, MTPE_POI_2024, RAW, ROOT
from pipeline.cli import build_parser, main, scheduler_of
from pipeline.cluster import dask_run_jobs
from pipeline.config import GIB, ExtractSettings
from pipeline.io import TABLES
from pipeline.pool import Job
from pipeline.run import extract_corpus

sys.path.insert(0, str(Path(__file__).parent / "bad_inputs"))
import corpus  # noqa: E402

# The samples of the byte-for-byte run: where a document ran is no part of its outcome, for
# any document, so the short ones, and MTPE's POI (50 pages) for quarantined rows to carry;
# MTPS 2022 and Integración (164 pages) would only add to both runs.
SAMPLES = (ISSS_2017, MTPE_POI_2024, CEPLAN_2024, "006_ceplan_poi_2024_v1", "007_ceplan_poi_2024_nocodes")
# Seconds: slow-page.pdf is stopped by the time limit, on the cluster as locally (each run
# spends them on it); the largest sample (50 pages, ~1.6 s alone) must stay well under it
# on a machine busy with the other test worker and the cluster's two.
TIMEOUT = "8"


@pytest.fixture(scope="module")
def cluster():
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            yield cluster


@pytest.fixture(scope="module")
def corpus_in(tmp_path_factory) -> Path:
    """The ``SAMPLES``, a copy of one in a subfolder, and files that fail in each way that
    does not depend on timing (the bomb's message may: see test_a_killed_worker...)."""
    src = tmp_path_factory.mktemp("cluster-in")
    for name in SAMPLES:
        shutil.copy(RAW / f"{name}.pdf", src / f"{name}.pdf")
    (src / "copies").mkdir()
    shutil.copy(RAW / f"{CEPLAN_2024}.pdf", src / "copies" / "ceplan.pdf")
    for make in (corpus.make_empty, corpus.make_not_a_pdf, corpus.make_truncated, corpus.make_corrupt_xref,
                 corpus.make_encrypted_locked, corpus.make_slow_page):
        make(src)
    return src


def test_the_cluster_writes_the_local_output_byte_for_byte(cluster, corpus_in, tmp_path, capsys):
    local, remote = tmp_path / "local", tmp_path / "cluster"
    # One local worker: the pool's size is no part of the output, and a second is one more start-up.
    assert main(["extract", str(corpus_in), "--out", str(local), "--jobs", "1", "--timeout", TIMEOUT, "--quiet"]) == 1
    local_stdout = capsys.readouterr().out
    assert main(["extract", str(corpus_in), "--out", str(remote), "--scheduler", cluster.scheduler_address,
                 "--timeout", TIMEOUT, "--quiet"]) == 1
    remote_stdout = capsys.readouterr().out
    for name in [f"{table}.parquet" for table in TABLES] + ["report.html"]:
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name
    # The summary too, but for each document's seconds (its own wall time, wherever it ran).
    assert _without_seconds(remote_stdout, remote) == _without_seconds(local_stdout, local)
    assert f"slow-page.pdf: stopped after {TIMEOUT} s (time limit) on page 1 of 1" in remote_stdout
    assert "empty.pdf: empty file (0 bytes)" in remote_stdout


def _without_seconds(stdout: str, out: Path) -> list[str]:
    lines = stdout.replace(str(out), "OUT").splitlines()
    # The table's last column (a document's seconds) and the line of the run's wall time.
    return [line.rsplit(None, 1)[0] if line.split() and line.split()[-1].replace(".", "").isdigit() else line
            for line in lines if " pages/s; wrote " not in line]


def test_the_cluster_and_the_local_pool_share_the_cache(cluster, tmp_path, capsys):
    # Where a document ran is no part of its outcome: a cache filled locally serves the cluster's run.
    src = tmp_path / "in"
    src.mkdir()
    for name in (ISSS_2017, CEPLAN_2024):
        shutil.copy(RAW / f"{name}.pdf", src / f"{name}.pdf")
    cache = ["--cache", str(tmp_path / "cache"), "--quiet"]
    assert main(["extract", str(src), "--out", str(tmp_path / "local"), "--jobs", "1", *cache]) == 0
    capsys.readouterr()
    assert main(["extract", str(src), "--out", str(tmp_path / "cluster"), "--scheduler", cluster.scheduler_address,
                 *cache]) == 0
    assert "2 document(s) from the cache, 0 extracted" in capsys.readouterr().out
    for name in [f"{table}.parquet" for table in TABLES]:
        assert (tmp_path / "cluster" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_a_file_the_workers_cannot_see_is_failed_saying_so(cluster):
    job = Job(Path("/nowhere/plan.pdf"), "plan.pdf", "0" * 64)
    [outcome] = dask_run_jobs([job], ExtractSettings(scheduler=cluster.scheduler_address, progress=False))
    assert outcome.document["status"] == "failed"
    assert outcome.document["message"].startswith("plan.pdf: not found at /nowhere/plan.pdf on the Dask worker ")
    assert "every worker sees at the same path" in outcome.document["message"]


def test_an_unreachable_scheduler_is_exit_code_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = main(["extract", str(RAW / f"{ISSS_2017}.pdf"), "--out", str(out),
                     "--scheduler", "tcp://127.0.0.1:9", "--quiet"])
    assert code == 2
    err = capsys.readouterr().err
    assert "error: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert not (out / "documents.parquet").exists()


def test_without_dask_a_scheduler_asks_for_the_cluster_extra(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # what an install without the extra has
    code = main(["extract", str(RAW / f"{ISSS_2017}.pdf"), "--out", str(tmp_path / "out"),
                 "--scheduler", "tcp://127.0.0.1:8786", "--quiet"])
    assert code == 2
    assert "Dask distributed is not installed: pip install 'planpdf[cluster]'" in capsys.readouterr().err


def test_the_scheduler_flag_wins_over_the_environment_and_jobs_means_the_local_pool(monkeypatch):
    parse = build_parser().parse_args
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://env:8786")
    assert scheduler_of(parse(["extract", "in"])) == "tcp://env:8786"
    assert scheduler_of(parse(["extract", "in", "--scheduler", "tcp://flag:8786"])) == "tcp://flag:8786"
    assert scheduler_of(parse(["extract", "in", "--jobs", "2"])) is None
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS")
    assert scheduler_of(parse(["extract", "in"])) is None
    with pytest.raises(ValueError, match="--jobs sets the local pool"):
        ExtractSettings(jobs=2, scheduler="tcp://flag:8786")
    with pytest.raises(ValueError, match="Not a Dask scheduler address"):
        ExtractSettings(scheduler="tcp://a b:1")


def test_the_default_path_runs_without_dask(tmp_path):
    # As on an install without the cluster extra: neither package can be imported.
    # (With Dask installed, pandera imports dask itself; distributed, the client, never.)
    script = ("import sys; sys.modules['dask'] = sys.modules['distributed'] = None; "
              "from pipeline.cli import main; "
              f"code = main(['extract', {str(RAW / f'{ISSS_2017}.pdf')!r}, '--out', {str(tmp_path)!r}, '--quiet']); "
              "print(code)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DASK_SCHEDULER_ADDRESS", None)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.stdout.splitlines()[-1:] == ["0"], result.stderr
    assert (tmp_path / "documents.parquet").exists()


# Last: it kills the cluster's workers (their nannies start new ones).
def test_a_killed_worker_leaves_every_document_accounted_for(cluster, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in (ISSS_2017, CEPLAN_2024):
        shutil.copy(RAW / f"{name}.pdf", src / f"{name}.pdf")
    corpus.make_slow_page(src)  # a minute of parsing: still running when its worker is killed
    corpus.make_bomb(src)  # the memory limit holds on the cluster
    settings = ExtractSettings(scheduler=cluster.scheduler_address, progress=False, timeout=120, max_memory=GIB)
    with Client(cluster.scheduler_address, set_as_default=False) as watcher, ThreadPoolExecutor(1) as background:
        run = background.submit(extract_corpus, src, tmp_path / "out", settings)
        first = _kill_worker_holding(watcher, "slow-page.pdf", spared=set())
        # Rescheduled (one retry allowed) on another worker, which is killed too.
        _kill_worker_holding(watcher, "slow-page.pdf", spared={first})
        summary = run.result(timeout=120)
    docs = summary.frames["documents"].set_index("source_path")
    assert sorted(docs.index) == sorted(p.name for p in src.iterdir())
    slow = docs.loc["slow-page.pdf"]
    assert slow["status"] == "failed"
    assert slow["message"].startswith("slow-page.pdf: every Dask worker that ran it died (2 tries; the last was tcp://")
    for name, row in docs.iterrows():  # the others ran as usual, unless they shared a killed worker
        if row["status"] == "failed" and "every Dask worker that ran it died" in row["message"]:
            assert row["message"].startswith(f"{name}: ")
        elif name == "bomb.pdf":
            assert (row["status"], row["message"].startswith("bomb.pdf: memory limit 1 GiB exceeded")) == ("failed", True)
        elif name != "slow-page.pdf":
            assert row["status"] == "ok", name


def _executing(dask_worker) -> list[str]:
    """The keys of the tasks a Dask worker is running (``Client.run`` passes the worker)."""
    return [str(task.key) for task in dask_worker.state.executing]


def _kill_worker_holding(client: Client, name: str, spared: set[str]) -> str:
    """SIGKILL the worker process (not its nanny) that holds the task of file ``name`` (on a
    worker not in ``spared``), check the pool process reading it died with it; its address."""
    # Executing, not only assigned: the scheduler counts a death against the tasks a worker was
    # running, and a task queued behind another (the scheduler's `processing`) is run again
    # without a try spent. Under load (the other test worker busy) the slow page could wait in
    # a queue when its worker was killed, have a third try and end `no_tables`.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        running = client.run(_executing)
        holders = [worker for worker, keys in running.items()
                   if worker not in spared and any(f"-{name}-" in key for key in keys)]
        if holders:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"no worker ran {name} within 60 s")
    [worker] = holders
    pid = client.run(os.getpid, workers=[worker])[worker]
    time.sleep(1)  # its pool process started and opened the file
    children = psutil.Process(pid).children()
    os.kill(pid, signal.SIGKILL)
    # The pool's process dies with the worker (PR_SET_PDEATHSIG): no orphan reads on for a minute.
    _, alive = psutil.wait_procs(children, timeout=10)
    assert not alive
    return worker
