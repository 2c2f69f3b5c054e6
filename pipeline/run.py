"""Extract a folder of PDFs: a process pool over documents, progress over pages."""

from __future__ import annotations

import multiprocessing as mp
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from extractors.sources import PdfOpenError, get_source

from .checks import run_checks
from .config import ExtractSettings
from .io import validate_frames, write_tables
from .tidy import outcomes_to_frames
from .worker import DocumentOutcome, extract_file, failed_document


@dataclass
class RunSummary:
    outcomes: list[DocumentOutcome]
    frames: dict
    seconds: float
    written: list[Path]

    @property
    def failed(self) -> list[dict]:
        return [o.document for o in self.outcomes if o.document["status"] == "failed"]


def find_pdfs(in_path: Path) -> list[Path]:
    """PDF files under a folder (recursively, sorted), or the one file given."""
    if in_path.is_file():
        return [in_path]
    if not in_path.is_dir():
        raise FileNotFoundError(f"No such file or folder: {in_path}")
    return sorted(p for p in in_path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")


def _count_pages(path: Path) -> int:
    try:
        return get_source("pdfium").count_pages(path)
    except (PdfOpenError, OSError):
        return 0


_TICKS = None  # per-worker queue of page ticks, set by the pool initializer


def _init_worker(ticks) -> None:
    global _TICKS
    _TICKS = ticks


def _tick(_page: int) -> None:
    if _TICKS is not None:
        _TICKS.put(1)


def _work(path: Path, source_path: str, settings: ExtractSettings) -> DocumentOutcome:
    return extract_file(path, source_path, settings, on_page=_tick)


def extract_corpus(in_path: Path, out_dir: Path, settings: ExtractSettings) -> RunSummary:
    started = time.perf_counter()
    pdfs = find_pdfs(in_path)
    root = in_path if in_path.is_dir() else in_path.parent
    jobs = [(p, p.relative_to(root).as_posix()) for p in pdfs]
    total_pages = sum(_count_pages(p) for p in pdfs)
    bar = _progress(total_pages, settings.progress)
    outcomes: list[DocumentOutcome] = []
    if settings.workers == 1 or len(jobs) <= 1:
        for path, rel in jobs:
            outcomes.append(extract_file(path, rel, settings, on_page=lambda _p: bar.update(1)))
    else:
        ticks = mp.get_context("spawn").Queue()
        reader = threading.Thread(target=_drain, args=(ticks, bar), daemon=True)
        reader.start()
        with ProcessPoolExecutor(max_workers=min(settings.workers, len(jobs)),
                                 mp_context=mp.get_context("spawn"),
                                 initializer=_init_worker, initargs=(ticks,)) as pool:
            futures = {pool.submit(_work, path, rel, settings): (path, rel) for path, rel in jobs}
            for future in as_completed(futures):
                outcomes.append(_result_or_failure(future, *futures[future]))
        ticks.put(None)
        reader.join(timeout=5)
    bar.close()
    frames = outcomes_to_frames(outcomes)
    frames["checks"] = run_checks(frames)  # the documents' own rules: warnings, rows kept
    frames = validate_frames(frames)
    written = write_tables(frames, out_dir)
    return RunSummary(outcomes, frames, time.perf_counter() - started, written)


def _result_or_failure(future, path: Path, rel: str) -> DocumentOutcome:
    try:
        return future.result()
    except Exception as exc:  # the worker process died (memory, signal): report, go on
        return DocumentOutcome(failed_document(path, rel, f"{path.name}: worker died: {type(exc).__name__}: {exc}"))


def _drain(ticks, bar) -> None:
    while (item := ticks.get()) is not None:
        bar.update(item)


class _NoBar:
    def update(self, n: int) -> None: ...
    def close(self) -> None: ...


def _progress(total: int, enabled: bool):
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="page", desc="extract", dynamic_ncols=True)
