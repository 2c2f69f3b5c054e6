"""Shared fixtures: the real pipeline run once over the sample PDFs in data/raw/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from filelock import FileLock

from golden import doc_rows as _doc_rows
from pipeline.config import ExtractSettings
from pipeline.io import read_tables
from pipeline.run import extract_corpus

# No test reads or fills the project's data/cache (`extract`'s default): a test that runs
# the command line extracts for real unless it gives --cache (tests/test_cache.py). Set
# here, at collection, so that the commands the tests start as processes inherit it.
os.environ["PLANPDF_CACHE"] = ""

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
FIXTURES = ROOT / "tests" / "fixtures"
MTPS_2022 = "000_21c4c1a7181f29ae"
INTEGRACION_2024 = "001_4a66d044e43cd4be"
ISSS_2017 = "002_5e65348469c072e6"
MTPE_POI_2024 = "003_c18181cb25637abd"
CEPLAN_2024 = "004_cad7ca5c0a475a2d"
SAMPLES = (MTPS_2022, INTEGRACION_2024, ISSS_2017, MTPE_POI_2024, CEPLAN_2024)


def extract_pdfs(paths: list[Path], out: Path, jobs: int = 2) -> dict[str, pd.DataFrame]:
    """Run the real pipeline (process pool) over the given PDFs; read the Parquet back."""
    return read_tables(extract_to(paths, out, jobs))


def extract_to(paths: list[Path], out: Path, jobs: int = 2) -> Path:
    """Run the real pipeline (process pool) over the given PDFs; the output folder (``out/processed``)."""
    src = out / "in"
    src.mkdir(parents=True)
    for path in paths:
        (src / path.name).symlink_to(path)
    extract_corpus(src, out / "processed", ExtractSettings(jobs=jobs, progress=False))
    return out / "processed"


def once_per_session(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder filled by ``make(folder)`` once for the whole test session.

    Under pytest-xdist each worker is a process of its own with its own session
    fixtures: every worker would run the same extraction again (CPU the other worker
    needs). So the first worker to get here fills the folder beside the workers' own
    temporary folders (their common parent, pytest-xdist's documented way), holding a
    file lock; the others wait for it and read the same files. A folder left
    unfinished (``make`` raised) is made again by the next worker. Without xdist it is
    a fresh temporary folder, as for any session fixture.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    root = tmp_path_factory.getbasetemp().parent
    folder, done = root / name, root / f"{name}.done"
    with FileLock(root / f"{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def processed(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """All five sample documents, extracted once per test session (once for all xdist
    workers) with a real process pool."""
    out = once_per_session(tmp_path_factory, "samples",
                           lambda folder: extract_to([RAW / f"{name}.pdf" for name in SAMPLES], folder))
    return read_tables(out / "processed")


def doc_rows(frames: dict[str, pd.DataFrame], doc: str, table: str) -> pd.DataFrame:
    """Rows of one sample document (by its stem, e.g. MTPS_2022)."""
    return _doc_rows(frames, f"{doc}.pdf", table)


@pytest.fixture(scope="session")
def corpus_out(tmp_path_factory) -> Path:
    """Every PDF of data/raw (samples and version fixtures) extracted once per test session
    (once for all xdist workers, who share the folder); the output folder.

    Tests that change it work on a copy (``copy_output``).
    """
    out = once_per_session(tmp_path_factory, "corpus", lambda folder: extract_to(sorted(RAW.glob("*.pdf")), folder))
    return out / "processed"


def copy_output(out: Path, dest: Path) -> Path:
    """A copy of an output folder (its links are relative, so the copy stands alone)."""
    shutil.copytree(out, dest, symlinks=True)
    return dest


def fresh_interpreter_stdout(script: str) -> str:
    """What ``script`` prints, run by a fresh interpreter of this venv in the project."""
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    return proc.stdout


def project_modules_imported(*modules: str) -> set[Path]:
    """The project's files (relative to ROOT) a fresh interpreter loads when it imports ``modules``."""
    script = (f"import sys, {', '.join(modules)}\n"
              "print('\\n'.join(m.__file__ for m in list(sys.modules.values()) if getattr(m, '__file__', None)))")
    stdout = fresh_interpreter_stdout(script)
    # The venv may live inside the checkout (make's .venv): its site-packages are not the project's.
    venv = Path(sys.prefix).resolve()
    files = (Path(f).resolve() for f in stdout.split())
    return {f.relative_to(ROOT) for f in files if f.is_relative_to(ROOT) and not f.is_relative_to(venv)}


def files_of(patterns: tuple[str, ...]) -> set[Path]:
    """The project's files (relative to ROOT) matching glob ``patterns``."""
    return {p.relative_to(ROOT) for pattern in patterns for p in ROOT.glob(pattern)}
