"""Extract a folder of PDFs: isolated worker processes over documents, progress over pages."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .cache import CacheStats, OutcomeCache
from .checks import checks_by_document
from .cluster import dask_run_jobs
from .config import ExtractSettings
from .gate import demote_unchecked, gate_all
from .inputs import hashed_inputs
from .io import validate_frames, write_tables
from .pool import Job, Progress, run_jobs
from .tidy import outcomes_to_frames
from .worker import DocumentOutcome, duplicate_document


@dataclass
class RunSummary:
    outcomes: list[DocumentOutcome]
    frames: dict
    seconds: float
    written: list[Path]
    notes: list[str] = field(default_factory=list)  # what went wrong for the batch, not one document
    cache: CacheStats | None = None  # None: run without the cache

    @property
    def failed(self) -> list[dict]:
        return [o.document for o in self.outcomes if o.document["status"] == "failed"]

    @property
    def repeatable(self) -> bool:
        """Whether the same inputs, settings and code give this run again: not when a document
        failed because of the run (a time or memory limit, a crashed worker), not of its file."""
        return all(o.from_file for o in self.outcomes if o.document["status"] == "failed")


def first_of_each_content(jobs: list[Job]) -> dict[str, Job]:
    """sha256 -> the first job (in path order) with that content; the others are its copies."""
    first: dict[str, Job] = {}
    for job in jobs:
        first.setdefault(job.sha256, job)
    return first


def extract_corpus(in_path: Path, out_dir: Path, settings: ExtractSettings,
                   progress: Progress | None = None, cache: Path | None = None,
                   prune_cache: bool = False) -> RunSummary:
    """Extract every PDF under ``in_path`` and write the validated tables to ``out_dir``.

    Every document runs in a worker process under the settings' time and memory
    limits, even with one job: only a separate process can be stopped. A file
    byte-identical to an earlier one (path order) is not extracted again: its row
    is ``duplicate`` and names that file, whose doc_id holds the data. A document
    whose rows break the data contract is failed alone (its rows quarantined as
    ``contract_violation``), and so is one whose checks raise (``not_checked``);
    ContractError means the combined tables still break the contract, a pipeline
    bug, and nothing is written.

    ``cache``: a folder of finished documents (pipeline/cache.py); only the files
    not found there are extracted, and each outcome is stored as it arrives (an
    interrupted run keeps what it finished); the whole set is then checked and
    written as always. ``prune_cache``: remove the entries no input uses.
    """
    started = time.perf_counter()
    # Hashed here, once (the workers get the hash; a hash the check for an unchanged run
    # already took is not taken again): a byte-identical copy is found before anything
    # is extracted, and only the first file of each content is read.
    jobs = [Job(path, source_path, sha256) for path, source_path, sha256 in hashed_inputs(in_path)]
    originals = first_of_each_content(jobs)
    unique = [job for job in jobs if originals[job.sha256] is job]
    store = OutcomeCache(cache, settings) if cache is not None else None
    extracted, todo = store.split(unique) if store else ({}, unique)
    bar = progress or _progress(len(todo), settings.progress and bool(todo))
    execute = dask_run_jobs if settings.scheduler else run_jobs  # a Dask cluster's workers, or ours
    try:
        extracted.update(zip((job.source_path for job in todo),
                             execute(todo, settings, bar, on_outcome=store.store if store else None)))
    finally:
        bar.close()
    if store is not None and prune_cache:
        store.prune(unique)
    # Every file keeps its row, in path order: a copy says which file holds its data.
    outcomes = [extracted[job.source_path] if originals[job.sha256] is job else
                DocumentOutcome(duplicate_document(job.source_path, job.sha256, originals[job.sha256].source_path))
                for job in jobs]
    # Each document's rows against the contract on their own: one that breaks it is
    # failed and its rows quarantined, the others go on (pipeline/gate.py).
    outcomes = gate_all(outcomes)
    frames = outcomes_to_frames(outcomes)
    # The documents' own rules (warnings, rows kept). A document whose checks raise is
    # failed alone and its rows quarantined as not_checked, like a contract violation.
    checks, unchecked, note = checks_by_document(frames)
    if unchecked:
        outcomes = [demote_unchecked(o, unchecked[o.document["doc_id"]]) if o.document["doc_id"] in unchecked
                    else o for o in outcomes]
        frames = outcomes_to_frames(outcomes)
    frames["checks"] = checks
    # The whole batch once more: after the gate it must pass; a failure here is a bug
    # in the pipeline (ContractError: exit code 3, nothing written).
    frames = validate_frames(frames)
    written = write_tables(frames, out_dir)
    return RunSummary(outcomes, frames, time.perf_counter() - started, written, [note] if note else [],
                      store.stats if store else None)


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
