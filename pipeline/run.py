"""Extract a folder of PDFs: isolated worker processes over documents, progress over pages."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .checks import run_checks
from .config import ExtractSettings
from .gate import gate_all
from .io import validate_frames, write_tables
from .pool import Job, Progress, run_jobs
from .tidy import outcomes_to_frames
from .worker import DocumentOutcome


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


def extract_corpus(in_path: Path, out_dir: Path, settings: ExtractSettings,
                   progress: Progress | None = None) -> RunSummary:
    """Extract every PDF under ``in_path`` and write the validated tables to ``out_dir``.

    Every document runs in a worker process under the settings' time and memory
    limits, even with one job: only a separate process can be stopped. A document
    whose rows break the data contract is failed alone (its rows quarantined as
    ``contract_violation``); ContractError means the combined tables still break
    it, a pipeline bug, and nothing is written.
    """
    started = time.perf_counter()
    pdfs = find_pdfs(in_path)
    root = in_path if in_path.is_dir() else in_path.parent
    jobs = [Job(p, p.relative_to(root).as_posix()) for p in pdfs]
    bar = progress or _progress(len(jobs), settings.progress)
    try:
        outcomes = run_jobs(jobs, settings, bar)
    finally:
        bar.close()
    # Each document's rows against the contract on their own: one that breaks it is
    # failed and its rows quarantined, the others go on (pipeline/gate.py).
    outcomes = gate_all(outcomes)
    frames = outcomes_to_frames(outcomes)
    frames["checks"] = run_checks(frames)  # the documents' own rules: warnings, rows kept
    # The whole batch once more: after the gate it must pass; a failure here is a bug
    # in the pipeline (ContractError: exit code 3, nothing written).
    frames = validate_frames(frames)
    written = write_tables(frames, out_dir)
    return RunSummary(outcomes, frames, time.perf_counter() - started, written)


class _Bar(Progress):
    """tqdm over pages; the total grows as workers open documents (the parent never parses a PDF)."""

    def __init__(self, n_documents: int):
        from tqdm import tqdm

        self.n_documents, self.done = n_documents, 0
        self.bar = tqdm(total=0, unit="page", desc="extract", dynamic_ncols=True)
        self.bar.set_postfix_str(f"0/{n_documents} documents")

    def add_pages(self, n: int) -> None:
        self.bar.total += n
        self.bar.refresh()

    def update(self, n: int) -> None:
        self.bar.update(n)

    def document_done(self) -> None:
        self.done += 1
        self.bar.set_postfix_str(f"{self.done}/{self.n_documents} documents")

    def close(self) -> None:
        self.bar.close()


def _progress(n_documents: int, enabled: bool) -> Progress:
    return _Bar(n_documents) if enabled else Progress()
