"""Finished documents kept by content: a re-run extracts only new or changed files.

An entry is one document's outcome (pipeline/outcomes.py), keyed by everything that
decides it: the file's bytes (SHA-256) and name (its messages name the file), the
extractor (``EXTRACTOR_VERSION`` and a fingerprint of the code and libraries that
read PDFs, so an edited extractor is never served stale rows) and the settings that
change what is read (``output_settings``: text source, table settings, OCR mode, the
file's number locale). Not the time and memory limits nor the number of workers:
they decide whether a document finishes, not what it holds.

Every status is kept but ``failed``. A failure can come from the run rather than the
file (a time or memory limit, a crashed worker, a full disk), so a failed file is
tried again on every run: a larger limit or a parser fix takes effect with nothing to
clear, and a file that fails costs what it takes to fail.

The run relabels a hit with the path it has now (the same bytes moved to another
folder): the rows are the same, doc_id being the hash's. ``duplicate`` rows are never
cached: the run builds them from the paths.

Layout: ``DIR/<key[:2]>/<key>.arrow``, each written to a temporary file in the same
folder and renamed over the entry (``os.replace``): a reader sees a whole entry or
none, and an interrupted run leaves at most a temporary file, never read, removed by
``prune``. An entry starts with ``MAGIC`` and the SHA-256 of the rest: a damaged or
unreadable entry is a miss (the run writes it again), never a crash. The folder is
safe to delete at any time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from extractors import EXTRACTOR_VERSION

from .config import ExtractSettings
from .fingerprint import code_fingerprint
from .io import _alive
from .outcomes import outcome_from_bytes, outcome_to_bytes
from .pool import Job
from .worker import DocumentOutcome

MAGIC = b"planpdf outcome 1\n"
SUFFIX = ".arrow"
TMP_SUFFIX = ".tmp"
# Settings that change whether or how fast a document finishes, not what it holds. A
# new setting is part of the key unless named here: safe by default.
RUN_ONLY = frozenset({"jobs", "progress", "timeout", "max_memory", "ocr_page_seconds",
                      "number_locale", "number_locales"})  # the two locales: replaced by the file's own


@dataclass
class CacheStats:
    folder: Path
    hits: set[str] = field(default_factory=set)  # doc_ids served from the cache
    extracted: int = 0  # documents handed to the workers
    stored: int = 0
    pruned: int | None = None  # entries removed (None: not asked)
    problems: list[str] = field(default_factory=list)  # entries that could not be written or removed

    def describe(self) -> str:
        line = (f"cache {self.folder}: {len(self.hits)} document(s) from the cache, {self.extracted} extracted"
                f" ({self.stored} stored)")
        if self.pruned is not None:
            line += f"; pruned {self.pruned} entr{'y' if self.pruned == 1 else 'ies'} no input uses"
        return "\n".join([line, *(f"  cache: {p}" for p in self.problems)])


def output_settings(settings: ExtractSettings, source_path: str) -> dict:
    """The settings that change one document's outcome, as plain data (its number locale resolved)."""
    plain = {f.name: _plain(getattr(settings, f.name)) for f in dataclasses.fields(settings) if f.name not in RUN_ONLY}
    return {**plain, "number_locale": settings.number_locale_of(source_path)}


def job_to_key(job: Job, settings: ExtractSettings) -> str:
    """The entry key of a job's outcome under ``settings`` (hex SHA-256)."""
    what = {"sha256": job.sha256, "name": PurePosixPath(job.source_path).name, "extractor": EXTRACTOR_VERSION,
            "code": code_fingerprint(settings.ocr != "off"), "settings": output_settings(settings, job.source_path)}
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()


def entry_to_outcome(data: bytes) -> DocumentOutcome | None:
    """The outcome of an entry's bytes; None when they are damaged or of another format."""
    head, digest, payload = data[:len(MAGIC)], data[len(MAGIC):len(MAGIC) + 32], data[len(MAGIC) + 32:]
    if head != MAGIC or hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return outcome_from_bytes(payload)
    except Exception:  # pyarrow's own errors or ours: a miss all the same
        return None


def outcome_to_entry(outcome: DocumentOutcome) -> bytes:
    payload = outcome_to_bytes(outcome)
    return MAGIC + hashlib.sha256(payload).digest() + payload


class OutcomeCache:
    """The cache folder seen by one run (its settings)."""

    def __init__(self, folder: Path, settings: ExtractSettings):
        self.folder, self.settings = Path(folder), settings
        self.stats = CacheStats(self.folder)

    def path_of(self, job: Job) -> Path:
        key = job_to_key(job, self.settings)
        return self.folder / key[:2] / f"{key}{SUFFIX}"

    def split(self, jobs: list[Job]) -> tuple[dict[str, DocumentOutcome], list[Job]]:
        """The cached outcomes (source_path -> outcome, relabelled with the job's path) and the
        jobs to extract."""
        hits, todo = {}, []
        for job in jobs:
            outcome = self._read(job)
            if outcome is None:
                todo.append(job)
                continue
            outcome.document["source_path"] = job.source_path  # the same name (in the key), maybe another folder
            outcome.seconds = None  # it did not run in a worker this time
            hits[job.source_path] = outcome
            self.stats.hits.add(outcome.document["doc_id"])
        self.stats.extracted = len(todo)
        return hits, todo

    def store(self, job: Job, outcome: DocumentOutcome) -> None:
        """Write the entry of a job's outcome, unless it failed (module docstring). Called as each
        document finishes (``run_jobs``' ``on_outcome``): an interrupted run keeps what it finished."""
        if outcome.document["status"] == "failed":
            return
        try:
            _write_atomically(self.path_of(job), outcome_to_entry(outcome))
        except (OSError, TypeError) as exc:  # a full disk or an unwritable folder must not fail the run
            self.stats.problems.append(f"{job.source_path}: not stored ({type(exc).__name__}: {exc})")
            return
        self.stats.stored += 1

    def prune(self, jobs: list[Job]) -> int:
        """Remove the entries no job uses (and temporary files left by interrupted runs); how many."""
        used = {self.path_of(job) for job in jobs}
        removed = 0
        for path in sorted(self.folder.glob("??/*")):
            if path in used or not path.is_file() or not _abandoned_or_entry(path):
                continue
            try:
                path.unlink()
            except OSError as exc:
                self.stats.problems.append(f"{path}: not removed ({exc})")
                continue
            removed += path.name.endswith(SUFFIX)
        for folder in self.folder.glob("??"):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        self.stats.pruned = removed
        return removed

    def _read(self, job: Job) -> DocumentOutcome | None:
        try:
            data = self.path_of(job).read_bytes()
        except OSError:
            return None
        outcome = entry_to_outcome(data)
        if outcome is None or outcome.document.get("sha256") != job.sha256:
            return None
        return outcome


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{TMP_SUFFIX}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _abandoned_or_entry(path: Path) -> bool:
    """An entry, or a temporary file whose writer is gone (a live one is another run's, mid-write)."""
    if path.name.endswith(SUFFIX):
        return True
    if not path.name.endswith(TMP_SUFFIX):
        return False  # not ours: left alone
    pid = path.name.rsplit(".", 2)[-2].split("-")[0]
    return not (pid.isdigit() and _alive(int(pid)))


def _plain(value):
    """Settings as JSON-able data (nested dataclasses as dicts)."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
