"""The cache of finished documents (pipeline/cache.py): a warm run writes the bytes of a cold one.

Real PDFs from data/raw, real worker processes, a cache folder under tmp_path
(never data/cache). Whether anything was extracted is read from the run's counts. The
runs use one worker process: what is cached does not depend on the pool (jobs is no part
of the key, test_settings_that_change_the_output_miss_and_limits_do_not), and a second
worker is one more process start-up for these few short documents.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RAW, files_of, project_modules_imported
from extractors.document import file_sha256
from pipeline.cache import MAGIC, OutcomeCache, entry_to_outcome
from pipeline.cli import main
from pipeline.config import ExtractSettings
from pipeline.fingerprint import CODE
from pipeline.pool import Job
from pipeline.run import extract_corpus

sys.path.insert(0, str(Path(__file__).parent / "bad_inputs"))
import corpus  # noqa: E402

SMALL = ("002_5e65348469c072e6.pdf", "004_cad7ca5c0a475a2d.pdf", "006_ceplan_poi_2024_v1.pdf")
SETTINGS = ExtractSettings(jobs=1, progress=False)


def _folder(path: Path, names=SMALL) -> Path:
    path.mkdir(parents=True)
    for name in names:
        shutil.copy(RAW / name, path / name)
    return path


def _run(folder: Path, out: Path, cache: Path | None, settings: ExtractSettings = SETTINGS, **kw):
    return extract_corpus(folder, out, settings, cache=cache, **kw)


def _output(out: Path) -> dict[str, bytes]:
    """Every file of an output set (Parquet and report), by name."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def assert_same_output(a: Path, b: Path) -> None:
    left, right = _output(a), _output(b)
    assert sorted(left) == sorted(right)
    assert {n for n in left if n.endswith(".parquet")} >= {"documents.parquet", "values.parquet"}
    for name in left:
        assert left[name] == right[name], f"{name} differs"


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("??/*.arrow"))


@pytest.fixture(scope="module")
def warm(corpus_out, tmp_path_factory):
    """data/raw extracted twice with a cache: (cold out, warm out, warm summary).

    Every document of data/raw, so that each kind of outcome they give (partial, quarantined
    rows, checks, messages) goes through the cache. The cold output is conftest's
    ``corpus_out``: data/raw extracted with no cache (the same bytes as a cold run over this
    folder: the input folder's name and links are no part of the output), and a worker
    that ran another test module with it has it already.
    """
    base = tmp_path_factory.mktemp("warm")
    folder = _folder(base / "raw", sorted(p.name for p in RAW.glob("*.pdf")))
    cache = base / "cache"
    first = _run(folder, base / "first", cache)
    assert first.cache.extracted == len(first.outcomes) and first.cache.stored == len(first.outcomes)
    return corpus_out, base / "warm", _run(folder, base / "warm", cache)


def test_a_warm_run_extracts_nothing(warm):
    _, _, summary = warm
    assert summary.cache.extracted == 0 and summary.cache.stored == 0
    assert summary.cache.hits == {o.document["doc_id"] for o in summary.outcomes}
    assert all(o.seconds is None for o in summary.outcomes)  # none ran in a worker


def test_a_warm_run_writes_the_bytes_of_a_cold_run(warm):
    cold, warm_out, _ = warm
    assert_same_output(cold, warm_out)


def test_a_changed_file_is_extracted_again_and_a_deleted_one_leaves_the_output(tmp_path):
    folder, cache = _folder(tmp_path / "raw"), tmp_path / "cache"
    _run(folder, tmp_path / "first", cache)
    (folder / SMALL[0]).unlink()
    shutil.copy(RAW / "007_ceplan_poi_2024_nocodes.pdf", folder / SMALL[2])  # new bytes under the old name
    summary = _run(folder, tmp_path / "warm", cache)
    assert summary.cache.extracted == 1 and len(summary.cache.hits) == 1
    assert sorted(o.document["source_path"] for o in summary.outcomes) == sorted(SMALL[1:])
    _run(folder, tmp_path / "cold", None)
    assert_same_output(tmp_path / "cold", tmp_path / "warm")


def test_a_moved_file_is_a_hit_under_its_new_path_and_a_renamed_one_a_miss(tmp_path):
    folder, cache = _folder(tmp_path / "raw"), tmp_path / "cache"
    _run(folder, tmp_path / "first", cache)
    (folder / "2024").mkdir()
    (folder / SMALL[0]).rename(folder / "2024" / SMALL[0])  # same name: its messages are the same
    (folder / SMALL[1]).rename(folder / "ceplan.pdf")  # messages name the file: extracted again
    summary = _run(folder, tmp_path / "warm", cache)
    assert summary.cache.extracted == 1 and len(summary.cache.hits) == 2
    assert f"2024/{SMALL[0]}" in {o.document["source_path"] for o in summary.outcomes}
    _run(folder, tmp_path / "cold", None)
    assert_same_output(tmp_path / "cold", tmp_path / "warm")


def test_a_copy_whose_original_is_served_from_the_cache_is_still_a_duplicate(tmp_path):
    folder, cache = _folder(tmp_path / "raw", SMALL[1:2]), tmp_path / "cache"
    _run(folder, tmp_path / "first", cache)
    shutil.copy(folder / SMALL[1], folder / "zz-copy.pdf")
    summary = _run(folder, tmp_path / "warm", cache)
    assert summary.cache.extracted == 0
    assert [o.document["status"] for o in summary.outcomes] == ["ok", "duplicate"]
    _run(folder, tmp_path / "cold", None)
    assert_same_output(tmp_path / "cold", tmp_path / "warm")


def test_settings_that_change_the_output_miss_and_limits_do_not(tmp_path):
    folder, cache = _folder(tmp_path / "raw", SMALL[1:2]), tmp_path / "cache"
    _run(folder, tmp_path / "first", cache)
    limits = ExtractSettings(jobs=2, progress=False, timeout=100, max_memory=1 << 30, ocr_page_seconds=3)
    assert _run(folder, tmp_path / "limits", cache, limits).cache.extracted == 0
    for changed in (ExtractSettings(jobs=2, progress=False, number_locale="1.234,5"),
                    ExtractSettings(jobs=2, progress=False, number_locales=((SMALL[1], "1,234.5"),)),
                    ExtractSettings(jobs=2, progress=False, source="pdfplumber")):
        assert _run(folder, tmp_path / "changed", cache, changed).cache.extracted == 1, changed
    # ... and each of them is kept beside the others.
    assert len(_entries(cache)) == 4


def test_a_damaged_entry_is_a_miss_and_written_again(tmp_path):
    folder, cache = _folder(tmp_path / "raw", SMALL[:2]), tmp_path / "cache"
    _run(folder, tmp_path / "first", cache)
    truncated, flipped = _entries(cache)
    truncated.write_bytes(truncated.read_bytes()[:100])
    data = bytearray(flipped.read_bytes())
    data[-40] ^= 0xFF  # one bit pattern inside the Arrow payload: the digest no longer matches
    flipped.write_bytes(bytes(data))
    assert entry_to_outcome(truncated.read_bytes()) is None and entry_to_outcome(flipped.read_bytes()) is None
    summary = _run(folder, tmp_path / "warm", cache)
    assert summary.cache.extracted == 2 and summary.cache.stored == 2
    assert all(entry_to_outcome(p.read_bytes()) is not None for p in (truncated, flipped))
    _run(folder, tmp_path / "cold", None)
    assert_same_output(tmp_path / "cold", tmp_path / "warm")


def test_an_interrupted_write_leaves_no_entry_and_its_temporary_file_is_ignored(tmp_path):
    folder, cache = _folder(tmp_path / "raw", SMALL[1:2]), tmp_path / "cache"
    _run(folder, tmp_path / "first", cache)
    (entry,) = _entries(cache)
    # What a run killed mid-write leaves: half an entry in a temporary file of a process now gone.
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    leftover = entry.with_name(f".{entry.name}.{int(gone.stdout)}-0badc0de.tmp")
    leftover.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])
    entry.unlink()
    summary = _run(folder, tmp_path / "warm", cache, prune_cache=True)
    assert summary.cache.extracted == 1 and entry.exists()
    assert not leftover.exists()  # removed by --prune-cache (not counted: it was no entry)
    assert summary.cache.pruned == 0


def test_a_failed_document_is_not_cached_and_is_tried_again(tmp_path):
    folder, cache = _folder(tmp_path / "raw", SMALL[1:2]), tmp_path / "cache"
    corpus.make_truncated(folder)
    first = _run(folder, tmp_path / "first", cache)
    assert [o.document["status"] for o in first.outcomes] == ["ok", "failed"]
    assert first.cache.stored == 1 and len(_entries(cache)) == 1
    again = _run(folder, tmp_path / "again", cache)
    assert again.cache.extracted == 1 and len(again.cache.hits) == 1


def test_the_code_fingerprint_covers_every_module_a_worker_imports_from_the_project():
    # A module the worker runs but the fingerprint misses would serve stale rows after an edit.
    ours = project_modules_imported("pipeline.worker", "extractors.ocr.source")
    assert ours and ours <= files_of(CODE), sorted(map(str, ours - files_of(CODE)))


# ------------------------------------------------------------------------ the command line


def _cli(*args: str, capsys) -> tuple[int, str]:
    code = main(["extract", *map(str, args), "--quiet", "--jobs", "1"])
    return code, capsys.readouterr().out


def test_the_cli_caches_where_planpdf_cache_says_and_no_cache_writes_nothing(tmp_path, monkeypatch, capsys):
    folder, cache = _folder(tmp_path / "raw", SMALL[1:2]), tmp_path / "cache"
    monkeypatch.setenv("PLANPDF_CACHE", str(cache))
    code, out = _cli(folder, "--out", tmp_path / "out", "--no-cache", capsys=capsys)
    assert code == 0 and not cache.exists() and f"cache {cache}" not in out
    code, out = _cli(folder, "--out", tmp_path / "out", capsys=capsys)
    assert code == 0 and len(_entries(cache)) == 1
    assert f"cache {cache}: 0 document(s) from the cache, 1 extracted (1 stored)" in out
    code, out = _cli(folder, "--out", tmp_path / "out", "--rerun", capsys=capsys)  # in full, not replayed
    assert f"cache {cache}: 1 document(s) from the cache, 0 extracted (0 stored)" in out
    assert "cached" in out.splitlines()[1]  # the document's line says where its rows came from


def test_prune_cache_removes_the_entries_no_input_uses(tmp_path, capsys):
    folder, cache = _folder(tmp_path / "raw"), tmp_path / "cache"
    assert _cli(folder, "--out", tmp_path / "out", "--cache", cache, capsys=capsys)[0] == 0
    assert len(_entries(cache)) == 3
    (folder / SMALL[0]).unlink()
    (folder / SMALL[1]).unlink()
    code, out = _cli(folder, "--out", tmp_path / "out", "--cache", cache, "--prune-cache", capsys=capsys)
    assert code == 0 and "1 document(s) from the cache, 0 extracted (0 stored); pruned 2 entries no input uses" in out
    assert _entries(cache) == [OutcomeCache(cache, SETTINGS).path_of(_job(folder / SMALL[2]))]
    assert all(p.read_bytes().startswith(MAGIC) for p in _entries(cache))


def test_prune_cache_without_a_cache_is_a_usage_error(tmp_path, capsys):
    folder = _folder(tmp_path / "raw", SMALL[1:2])
    code = main(["extract", str(folder), "--out", str(tmp_path / "out"), "--no-cache", "--prune-cache"])
    assert code == 2 and "--prune-cache needs a cache" in capsys.readouterr().err


def _job(path: Path) -> Job:
    return Job(path, path.name, file_sha256(path))
