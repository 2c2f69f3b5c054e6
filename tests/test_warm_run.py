"""A run with nothing to do is not run (pipeline/warm.py), and an interrupted run keeps what it finished.

Every run here is the real command line in its own process, over the four short samples
of data/raw (24 pages: ``SITE``) and a truncated file copied into a temporary folder, with
the cache and the registry there too (never the project's data/). What is checked (what a
run replays, what makes it run in full, what an interrupted run keeps) is the same for any
set of documents, so the 240 pages of the long samples would only make every full run
slower. Whether a run was replayed is read from the line it prints first; that it touched
nothing, from the bytes and modification times of every file it could write. Runs use one
worker process: none of this is about the pool, and a second worker is one more start-up.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CEPLAN_2024, ISSS_2017, RAW, ROOT, files_of, project_modules_imported
from pipeline import warm
from pipeline.fingerprint import CODE, TABLES_CODE

sys.path.insert(0, str(Path(__file__).parent / "bad_inputs"))
import corpus  # noqa: E402

UP_TO_DATE = "is up to date with"
RECONCILED = "are up to date: nothing reconciled"
# ISSS first in path order: the killed run (test_a_killed_run...) stores it, then has three
# documents still to come when it is killed.
SITE = (ISSS_2017, CEPLAN_2024, "006_ceplan_poi_2024_v1", "007_ceplan_poi_2024_nocodes")
N_INPUTS = len(SITE) + 1  # the samples and one truncated file


def _cli(*args, check_code: int | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    if check_code is not None:
        assert proc.returncode == check_code, proc.stderr
    return proc


def _extract(site: dict, *more, out: Path | None = None) -> subprocess.CompletedProcess:
    return _cli("extract", site["raw"], "--out", out or site["out"], "--cache", site["cache"], "--jobs", "1",
                "--quiet", *more)


def _reconcile(site: dict, *more, check_code: int | None = None) -> subprocess.CompletedProcess:
    return _cli("reconcile", "--out", site["out"], "--reference", site["reference"], *more, check_code=check_code)


def _state(*folders: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and modification time of every file and link under the folders (the lock file
    aside: each command rewrites its holder record)."""
    state = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.name == ".lock" or path.is_dir() and not path.is_symlink():
                continue
            data = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
            state[str(path)] = (data, path.lstat().st_mtime_ns)
    return state


def _output(out: Path) -> dict[str, bytes]:
    """The output set as a reader sees it (links followed), by name."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def _copy_site(site: dict, tmp_path: Path) -> dict:
    """Another input folder, output folder and registry in the state of ``site``; the same cache."""
    copy = {"cache": site["cache"]}
    for name in ("raw", "out", "reference"):
        copy[name] = shutil.copytree(site[name], tmp_path / name, symlinks=True)
    return copy


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict:
    """The ``SITE`` samples and a truncated PDF extracted once with an empty cache (exit code 1:
    it failed); the output as that run left it is kept in ``cold``."""
    root = tmp_path_factory.mktemp("warm-run")
    site = {"raw": root / "raw", "out": root / "out", "cache": root / "cache", "reference": root / "reference"}
    site["raw"].mkdir()
    for name in SITE:
        shutil.copy(RAW / f"{name}.pdf", site["raw"])
    corpus.make_truncated(site["raw"])
    site["reference"].mkdir()  # the registry starts empty
    first = _extract(site)
    assert first.returncode == 1, first.stderr
    assert f"0 document(s) from the cache, {N_INPUTS} extracted ({N_INPUTS - 1} stored)" in first.stdout
    site["cold"], site["first"] = _output(site["out"]), first.stdout
    return site


# ------------------------------------------------------------------------ extract


def test_a_warm_extract_runs_nothing_and_keeps_the_exit_code(site):
    before = _state(site["out"], site["cache"])
    proc = _extract(site)
    first, *rest = proc.stdout.splitlines()
    assert first == (f"{site['out']} {UP_TO_DATE} {site['raw']} ({N_INPUTS} document(s) unchanged): "
                     f"nothing extracted (--rerun runs it in full)")
    assert "\n".join(rest) == site["first"].rstrip("\n")  # the summary of the run it stands for
    assert proc.returncode == 1  # the truncated file failed in that run
    assert _state(site["out"], site["cache"]) == before  # not one byte or time changed


def test_the_warm_path_loads_neither_pandas_nor_pyarrow_nor_a_parser(site):
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipeline", "extract", site["raw"], "--out",
                           site["out"], "--cache", site["cache"], "--quiet"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert UP_TO_DATE in proc.stdout
    loaded = _imported(proc.stderr)
    assert "pipeline.warm" in loaded  # the check ran (the import list is real)
    assert not loaded & {"pandas", "pyarrow", "pandera", "numpy", "extractors", "pypdfium2", "pdfplumber"}


def _imported(importtime: str) -> set[str]:
    """Top-level and full names of the modules ``-X importtime`` reports."""
    names = {line.split("|")[-1].strip() for line in importtime.splitlines() if line.startswith("import time:")}
    return names | {name.split(".")[0] for name in names}


def test_a_rerun_and_no_cache_run_in_full(site, tmp_path):
    copy = _copy_site(site, tmp_path)
    rerun = _extract(copy, "--rerun")
    assert UP_TO_DATE not in rerun.stdout and rerun.returncode == 1
    assert f"{N_INPUTS - 1} document(s) from the cache, 1 extracted" in rerun.stdout
    assert _output(copy["out"]) == site["cold"]
    no_cache = _cli("extract", copy["raw"], "--out", copy["out"], "--no-cache", "--jobs", "1", "--quiet")
    assert UP_TO_DATE not in no_cache.stdout and "from the cache" not in no_cache.stdout
    assert "cached" not in no_cache.stdout  # every document has its seconds in a worker
    assert _output(copy["out"]) == site["cold"]


def _add(copy):
    shutil.copy(RAW / f"{CEPLAN_2024}.pdf", copy["raw"] / "zz-new.pdf")


def _remove(copy):
    (copy["raw"] / "006_ceplan_poi_2024_v1.pdf").unlink()


def _change(copy):
    with open(copy["raw"] / "007_ceplan_poi_2024_nocodes.pdf", "ab") as fh:  # new bytes, the same document
        fh.write(b"\n% changed\n")


def _edit_output(copy):
    (copy["out"] / "report.html").write_text("edited")


def _delete_output(copy):
    (copy["out"] / "values.parquet").unlink()


def _delete_manifest(copy):
    (copy["out"] / warm.EXTRACT).unlink()


def _corrupt_manifest(copy):
    path = copy["out"] / warm.EXTRACT
    path.write_bytes(path.read_bytes()[:100])


def _manifest_of_other_code(copy):
    # What a manifest written before an edit to the pipeline holds: another code fingerprint.
    path = copy["out"] / warm.EXTRACT
    record = json.loads(path.read_text())
    record["key"]["tables_code"] = "0" * 64
    path.write_text(json.dumps(record))


@pytest.mark.parametrize("change, option, n_documents", [
    (_add, (), N_INPUTS + 1), (_remove, (), N_INPUTS - 1), (_change, (), N_INPUTS), (None, ("--timeout", "299"), None),
    (_edit_output, (), None), (_delete_output, (), None), (_delete_manifest, (), None), (_corrupt_manifest, (), None),
    (_manifest_of_other_code, (), None),
], ids=["input-added", "input-removed", "input-changed", "option", "output-edited", "output-deleted",
        "manifest-missing", "manifest-corrupt", "code"])
def test_any_mismatch_runs_in_full(site, tmp_path, change, option, n_documents):
    copy = _copy_site(site, tmp_path)
    assert UP_TO_DATE in _extract(copy).stdout.splitlines()[0]  # a copy is up to date, until changed
    if change:
        change(copy)
    proc = _extract(copy, *option)
    assert proc.returncode == 1, proc.stderr
    assert UP_TO_DATE not in proc.stdout and "report: " in proc.stdout
    if n_documents is None:  # the same inputs: the bytes of the cold run
        assert _output(copy["out"]) == site["cold"]
    else:  # the inputs as they are now (tests/test_cache.py: such a run writes what a cold one does)
        assert f"total: {n_documents} documents" in proc.stdout
    again = _extract(copy, *option)  # recorded anew: the next run has nothing to do
    assert UP_TO_DATE in again.stdout.splitlines()[0] and again.returncode == 1


def test_a_run_that_stopped_a_document_is_not_recorded_and_tries_it_again(tmp_path):
    # A time limit is the run's, not the file's: the next run must try the document again.
    site = {"raw": tmp_path / "raw", "out": tmp_path / "out", "cache": tmp_path / "cache"}
    site["raw"].mkdir()
    shutil.copy(RAW / "000_21c4c1a7181f29ae.pdf", site["raw"])  # 103 pages: seconds, not a tenth
    for _ in range(2):
        proc = _extract(site, "--timeout", "0.2")
        assert proc.returncode == 1 and "stopped after 0.2 s (time limit" in proc.stdout
        assert UP_TO_DATE not in proc.stdout
        assert not (site["out"] / warm.EXTRACT).exists()


def test_the_run_key_covers_every_module_a_run_imports_from_the_project():
    # A module the commands run but the key misses would let a run be replayed after an edit.
    ours = project_modules_imported("pipeline.cli", "pipeline.run", "pipeline.crosswalk", "pipeline.report",
                                    "pipeline.worker")
    covered = files_of(CODE + TABLES_CODE)
    assert ours and ours <= covered, sorted(map(str, ours - covered))


# ------------------------------------------------------------------------ reconcile


@pytest.fixture(scope="module")
def reconciled(site, tmp_path_factory) -> dict:
    """``site`` copied and reconciled once against an empty registry: the state a warm
    `make extract` starts from."""
    copy = _copy_site(site, tmp_path_factory.mktemp("reconciled"))
    copy["first"] = _reconcile(copy, check_code=0).stdout
    return copy


def test_a_warm_reconcile_writes_nothing(reconciled):
    before = _state(reconciled["out"], reconciled["reference"])
    proc = _reconcile(reconciled, check_code=0)
    first, *rest = proc.stdout.splitlines()
    assert first == (f"{reconciled['out']} and {reconciled['reference']} {RECONCILED} "
                     f"(--rerun runs it in full)")
    assert "\n".join(rest) == reconciled["first"].rstrip("\n")
    assert _state(reconciled["out"], reconciled["reference"]) == before


def test_a_warm_make_extract_skips_both_commands(reconciled):
    before = _state(reconciled["out"], reconciled["reference"], reconciled["cache"])
    extract = _extract(reconciled)
    assert extract.stdout.splitlines()[0].endswith(
        f"({N_INPUTS} document(s) unchanged; ids added by reconcile since): nothing extracted (--rerun runs it in full)")
    assert extract.returncode == 1
    assert RECONCILED in _reconcile(reconciled, check_code=0).stdout.splitlines()[0]
    assert _state(reconciled["out"], reconciled["reference"], reconciled["cache"]) == before


def test_reconcile_over_its_own_output_gives_the_same_bytes(reconciled, tmp_path):
    # What makes the post-run state a valid key: a full second reconcile changes nothing.
    copy = _copy_site(reconciled, tmp_path)
    out_before, registry_before = _output(copy["out"]), _output(copy["reference"])
    proc = _reconcile(copy, "--rerun", check_code=0)
    assert RECONCILED not in proc.stdout and "registry " in proc.stdout
    assert _output(copy["out"]) == out_before
    assert _output(copy["reference"]) == registry_before
    assert len(out_before) == 10 and set(registry_before) >= {"units.csv", "unit_names.csv", "activity_ids.csv"}


def _edit_overrides(copy):
    with open(copy["reference"] / "overrides.csv", "a", encoding="utf-8") as fh:
        fh.write("\n")  # a blank line: the same decisions, other bytes


def _edit_registry(copy):
    path = copy["reference"] / "units.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")


def _edit_links(copy):
    (copy["out"] / "units.parquet").unlink()


def _extract_again(copy):
    _extract(copy, "--rerun")  # activities.parquet without ids again


@pytest.mark.parametrize("change, option", [
    (_edit_overrides, ()), (_edit_registry, ()), (_edit_links, ()), (_extract_again, ()), (None, ("--unit-accept", "86")),
    (lambda copy: (copy["out"] / warm.RECONCILE).write_text("{"), ()),
], ids=["overrides", "registry", "output", "extract-since", "option", "manifest-corrupt"])
def test_any_reconcile_mismatch_runs_in_full(reconciled, tmp_path, change, option):
    copy = _copy_site(reconciled, tmp_path)
    assert RECONCILED in _reconcile(copy, check_code=0).stdout.splitlines()[0]  # up to date, until changed
    if change:
        change(copy)
    proc = _reconcile(copy, *option, check_code=0)
    assert RECONCILED not in proc.stdout and proc.stdout.startswith("reconciled ")
    assert RECONCILED in _reconcile(copy, *option, check_code=0).stdout  # recorded anew


def test_the_warm_reconcile_loads_neither_pandas_nor_pyarrow(reconciled):
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipeline", "reconcile", "--out",
                           reconciled["out"], "--reference", reconciled["reference"]],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert RECONCILED in proc.stdout
    loaded = _imported(proc.stderr)
    assert "pipeline.warm" in loaded
    assert not loaded & {"pandas", "pyarrow", "pandera", "numpy", "rapidfuzz", "scipy", "extractors"}


# ------------------------------------------------------------------------ an interrupted run


def test_a_killed_run_keeps_the_documents_it_finished(site, tmp_path):
    raw, cache, out = site["raw"], tmp_path / "cache", tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", raw, "--out", out, "--cache", cache,
                             "--jobs", "1", "--quiet"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while not list(cache.glob("??/*.arrow")):  # the first document stored, the others still to come
            assert proc.poll() is None, "the run ended before it could be interrupted"
            assert time.monotonic() < deadline, "no document stored"
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its worker: no cleanup of any kind
        proc.wait()
    stored = len(list(cache.glob("??/*.arrow")))
    assert 1 <= stored < N_INPUTS - 1 and not (out / warm.EXTRACT).exists()
    again = subprocess.run([sys.executable, "-m", "pipeline", "extract", raw, "--out", out, "--cache", cache,
                            "--jobs", "1", "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 1, again.stderr
    assert UP_TO_DATE not in again.stdout
    assert f"cache {cache}: {stored} document(s) from the cache, {N_INPUTS - stored} extracted" in again.stdout
    assert _output(out) == site["cold"]
