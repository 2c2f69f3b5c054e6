"""A small pool of worker processes that can stop one document.

``concurrent.futures.ProcessPoolExecutor`` cannot cancel a running task, and a
worker killed under it breaks the whole pool. Here each worker is a process with
its own pipe, reading one document at a time:

* the parent knows which document each worker holds, since when, and which page
  it has reached (the worker sends a message per page, which also drives the
  progress bar);
* a document over the time limit gets its worker killed and replaced;
* each worker runs under ``RLIMIT_AS`` (the memory limit): an allocation over it
  raises MemoryError in Python, or makes PDFium abort the process; either way the
  document is reported, the worker replaced, and the run goes on.

One pipe per worker (not a shared queue) because killing a process that holds a
shared queue's lock would deadlock everyone else; a killed worker only breaks its
own pipe. The parent never parses a PDF itself: even counting pages is done by the
worker, under the limits (the run only reads each file's bytes once, to hash it).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from .config import ExtractSettings, format_size
from .worker import DocumentOutcome, extract_file, failed_document

POLL = 0.1  # seconds between checks of deadlines and worker memory


@dataclass
class Job:
    path: Path
    source_path: str  # relative to the input folder, as written to documents.parquet
    sha256: str | None = None  # the file's hash, when the run has it (not hashed again)


class Progress:
    """What the pool reports while it runs (the CLI's bar implements it)."""

    def add_pages(self, n: int) -> None: ...  # a document was opened: n more pages to go
    def update(self, n: int) -> None: ...  # n pages read
    def document_done(self) -> None: ...
    def close(self) -> None: ...


# ------------------------------------------------------------------------ the worker


def _limit_memory(max_memory: int) -> None:
    if not max_memory:
        return
    try:
        import resource
    except ImportError:  # not on Windows: the time limit still applies
        return

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = max_memory if hard == resource.RLIM_INFINITY else min(max_memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def worker_main(conn, settings: ExtractSettings) -> None:
    """Worker process: receive (path, source_path), send progress and the outcome."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(settings.max_memory)
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            outcome = extract_file(job.path, job.source_path, settings,
                                   on_page=lambda n: conn.send(("page", n)),
                                   on_open=lambda n: conn.send(("open", n)), sha256=job.sha256,
                                   on_ocr=lambda n: conn.send(("ocr", n)))
        except MemoryError:
            # The heap may be in pieces: report in as few allocations as possible and exit.
            try:
                conn.send(("memory",))
            finally:
                os._exit(3)
        conn.send(("done", outcome))


# ------------------------------------------------------------------------ the parent


@dataclass
class _Slot:
    process: mp.Process
    conn: object
    ready: bool = False
    job: Job | None = None
    index: int = -1
    started: float = 0.0
    n_pages: int | None = None
    pages_done: int = 0
    ocr_pages: int = 0  # pages read by OCR so far: each adds settings.ocr_page_seconds to its time limit
    peak_vm: int = 0  # largest address space seen while it held the current job
    closed: bool = field(default=False)


def run_jobs(jobs: list[Job], settings: ExtractSettings, progress: Progress | None = None, *,
             on_outcome: Callable[[Job, DocumentOutcome], None] | None = None) -> list[DocumentOutcome]:
    """Extract every job in worker processes under the settings' limits; outcomes in job order.

    ``on_outcome(job, outcome)`` is called here, in the parent, as each document
    finishes (in the order they finish): the cache stores it at once, so a run
    interrupted later keeps it. What it raises stops the run.
    """
    progress = progress or Progress()
    ctx = mp.get_context("spawn")  # no inherited state (PDFium handles, threads) in workers
    n_workers = max(1, min(settings.workers, len(jobs)))
    pending = deque(enumerate(jobs))
    outcomes: dict[int, DocumentOutcome] = {}
    slots: list[_Slot] = []
    starts_without_job = 0

    def start() -> None:
        parent, child = ctx.Pipe(duplex=True)
        process = ctx.Process(target=worker_main, args=(child, settings), daemon=True)
        process.start()
        child.close()
        slots.append(_Slot(process, parent))

    def finish(slot: _Slot, outcome: DocumentOutcome) -> None:
        outcome.seconds = round(time.monotonic() - slot.started, 3)
        outcomes[slot.index] = outcome
        job, slot.job, slot.index = slot.job, None, -1
        progress.document_done()
        if on_outcome is not None:
            on_outcome(job, outcome)

    def retire(slot: _Slot, kill: bool) -> None:
        if kill and slot.process.is_alive():
            slot.process.kill()
        slot.process.join(timeout=5)
        slot.conn.close()
        slots.remove(slot)

    def fail(slot: _Slot, why: str) -> None:
        job = slot.job
        document = failed_document(job.path, job.source_path, f"{job.path.name}: {why}", job.sha256)
        document["n_pages"] = slot.n_pages  # known once the worker opened it
        finish(slot, DocumentOutcome(document))

    try:
        while pending or any(s.job for s in slots):
            while len(slots) < min(n_workers, len(pending) + sum(1 for s in slots if s.job)):
                start()
            for slot in slots:
                if slot.ready and slot.job is None and pending:
                    slot.index, slot.job = pending.popleft()
                    slot.started, slot.n_pages, slot.pages_done, slot.peak_vm = time.monotonic(), None, 0, 0
                    slot.ocr_pages = 0
                    slot.conn.send(slot.job)
            wait([s.conn for s in slots] + [s.process.sentinel for s in slots], timeout=POLL)
            for slot in list(slots):
                dead = False
                try:
                    while slot.conn.poll():
                        message = slot.conn.recv()
                        kind = message[0]
                        if kind == "ready":
                            slot.ready = True
                        elif kind == "open":
                            slot.n_pages = message[1]
                            progress.add_pages(message[1])
                        elif kind == "ocr":
                            slot.ocr_pages += 1
                        elif kind == "page":
                            slot.pages_done += 1
                            progress.update(1)
                        elif kind == "done":
                            finish(slot, message[1])
                        elif kind == "memory":
                            fail(slot, f"memory limit {format_size(settings.max_memory)} exceeded{_where(slot)}")
                            dead = True
                except (EOFError, OSError):
                    dead = True
                if dead or not slot.process.is_alive():
                    slot.process.join(timeout=5)
                    if slot.job is not None:
                        fail(slot, _death(slot, settings))
                    elif not slot.ready:
                        starts_without_job += 1
                        if starts_without_job > 3:
                            raise RuntimeError(f"worker process cannot start (exit code {slot.process.exitcode})")
                    retire(slot, kill=True)
                    continue
                if slot.job is None:
                    continue
                slot.peak_vm = max(slot.peak_vm, _address_space(slot.process.pid))
                elapsed = time.monotonic() - slot.started
                limit = time_limit(settings, slot.ocr_pages)
                if settings.timeout and elapsed > limit:
                    fail(slot, f"stopped after {limit:g} s (time limit{_ocr_allowance(slot, settings)}){_where(slot)}")
                    retire(slot, kill=True)
    finally:
        for slot in list(slots):
            try:
                slot.conn.send(None)
            except OSError:
                pass
        for slot in list(slots):
            slot.process.join(timeout=2)
            retire(slot, kill=True)
    return [outcomes[i] for i in range(len(jobs))]


def time_limit(settings: ExtractSettings, ocr_pages: int) -> float:
    """A document's time limit once ``ocr_pages`` of its pages were read by OCR."""
    return settings.timeout + ocr_pages * settings.ocr_page_seconds


def _ocr_allowance(slot: _Slot, settings: ExtractSettings) -> str:
    """': 300 s and 10 s for each of 12 pages read by OCR' when such pages raised the limit."""
    if not slot.ocr_pages:
        return ""
    return (f": {settings.timeout:g} s and {settings.ocr_page_seconds:g} s for each of {slot.ocr_pages} "
            f"page{'s' if slot.ocr_pages != 1 else ''} read by OCR")


def _where(slot: _Slot) -> str:
    """' on page 7 of 3000' while a page was being read, '' before the document opened."""
    if slot.n_pages is None:
        return " while opening the file"
    if slot.pages_done >= slot.n_pages:
        return f" after reading all {slot.n_pages} pages"
    return f" on page {slot.pages_done + 1} of {slot.n_pages}"


def _death(slot: _Slot, settings: ExtractSettings) -> str:
    """Why a worker vanished while it held a document, as far as the parent can tell."""
    code = slot.process.exitcode
    how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
    # PDFium aborts the process when an allocation fails; the address space we saw
    # just before tells a memory death from a crash.
    if settings.max_memory and slot.peak_vm >= 0.5 * settings.max_memory:
        return f"memory limit {format_size(settings.max_memory)} exceeded{_where(slot)} (worker ended by {how})"
    return f"worker crashed{_where(slot)} ({how})"


def _address_space(pid: int) -> int:
    """VmSize of a process in bytes (the quantity RLIMIT_AS limits); 0 where /proc is missing."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
