"""Documents as tasks on a Dask distributed cluster (``extract --scheduler``).

This process (the client) hashes the inputs and finds copies as for the local pool
(pipeline/run.py), then submits one task per document to an existing scheduler. On
a Dask worker the task reads the file by its path (a filesystem every worker sees
at the same path) in the local pool's worker process (pipeline/pool.py), so the
time and memory limits, the messages naming the page and the crash isolation are
the local ones, and returns the outcome as an Arrow table (pipeline/outcomes.py).
The gate, checks, validation and the atomic publish stay in the client, as locally:
the output is byte-identical to a local run's.

A worker that dies while it holds a document (killed, its machine lost) is Dask's
to handle: the document is run again elsewhere, up to the scheduler's
``allowed-failures``; past that it is ``failed``, naming the file and the last
worker, and the run goes on.

The progress bar counts a document's pages when its task ends (pages do not travel
one by one: at 100,000 documents that would be millions of messages through the
scheduler).

Dask is imported inside the functions only: the default path never needs it.
"""

from __future__ import annotations

import multiprocessing as mp
import socket
import threading
from dataclasses import replace

from extractors import EXTRACTOR_VERSION

from .config import CLUSTER_EXTRA, ExtractSettings
from .failures import exception_line
from .pool import Job, OnOutcome, Progress, WorkerPool
from .worker import DocumentOutcome, failed_document

# How long to wait for the scheduler's first worker before giving up.
WORKERS_SECONDS = 30.0


class ClusterError(Exception):
    """The cluster cannot run the extraction at all (unreachable, no worker, another version)."""


# ------------------------------------------------------------------------ the client


def dask_run_jobs(jobs: list[Job], settings: ExtractSettings, progress: Progress | None = None, *,
                  on_outcome: OnOutcome | None = None) -> list[DocumentOutcome]:
    """``pool.run_jobs`` on the Dask cluster of ``settings.scheduler``: one outcome per job, in job
    order; ``on_outcome(job, outcome)`` as each one arrives (the cache stores it at once)."""
    from .outcomes import outcome_from_arrow

    if not jobs:
        return []
    progress = progress or Progress()
    on_worker = worker_settings(settings)
    # Absolute: the worker's working folder is not ours.
    shared = [replace(job, path=job.path.resolve()) for job in jobs]
    outcomes: dict[int, DocumentOutcome] = {}
    with connect(settings.scheduler) as client:
        from distributed import as_completed

        # One message for all the tasks. A key is readable on the dashboard, and the same for
        # the same file and settings (a second client running them shares the task).
        futures = client.map(extract_on_worker, shared, [on_worker] * len(shared),
                             key=[task_key(job, on_worker) for job in shared])
        index = {future.key: i for i, future in enumerate(futures)}
        for future in as_completed(futures, loop=client.loop):  # this client's (none is the default)
            i = index[future.key]
            outcome = (outcome_from_arrow(future.result()) if future.status == "finished"
                       else task_failure(jobs[i], future))
            future.release()  # its result leaves the cluster's memory now, not at the end of the run
            outcomes[i] = outcome
            if on_outcome is not None:
                on_outcome(jobs[i], outcome)
            n_pages = outcome.document["n_pages"] or 0
            progress.add_pages(n_pages)
            progress.update(n_pages)
            progress.document_done()
    return [outcomes[i] for i in range(len(jobs))]


def worker_settings(settings: ExtractSettings) -> ExtractSettings:
    """The settings a task runs with: one pool process per task (the cluster's threads are
    its parallelism), no bar, no scheduler of its own."""
    return replace(settings, jobs=1, progress=False, scheduler=None)


def task_key(job: Job, settings: ExtractSettings) -> str:
    """'extract-a.pdf-<token>': the file's name for people, a token of the job and settings for Dask."""
    from dask.base import tokenize

    return f"extract-{job.path.name}-{tokenize(job.path.as_posix(), job.source_path, job.sha256, repr(settings))}"


def task_failure(job: Job, future) -> DocumentOutcome:
    """The ``failed`` outcome of a document whose task did not finish, saying why."""
    from distributed import KilledWorker

    if future.status == "error":
        exc = future.exception()
        if isinstance(exc, KilledWorker):
            why = (f"every Dask worker that ran it died ({exc.allowed_failures + 1} tries; the last was "
                   f"{exc.last_worker.address}); it was not read")
        else:  # a bug in the task itself: the pool turns a document's own failures into outcomes
            why = f"failed on the Dask cluster: {exception_line(exc)}"
    else:  # cancelled: the scheduler lost it (restarted, or this client's connection dropped)
        why = f"its task was {future.status} on the Dask cluster; it was not read"
    return DocumentOutcome(failed_document(job.path, job.source_path, f"{job.path.name}: {why}", job.sha256))


def connect(address: str):
    """A Client of the scheduler at ``address`` with at least one worker running this planpdf.

    ClusterError when Dask is missing, the scheduler cannot be reached (within Dask's
    ``distributed.comm.timeouts.connect``), it has no worker, or a worker cannot run
    planpdf or runs another version of its extractors (the outputs would differ).
    """
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterError(f"Dask distributed cannot be imported ({exception_line(exc)}): {CLUSTER_EXTRA}") from None
    try:
        client = Client(address, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({exception_line(exc)}); "
                           "is `dask scheduler` running there?") from None
    try:
        try:
            client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except TimeoutError:
            raise ClusterError(f"the Dask scheduler at {address} has no worker (waited {WORKERS_SECONDS:g} s); "
                               f"start some with `dask worker {address}`") from None
        try:
            versions = client.run(worker_version)
        except Exception as exc:  # the workers cannot unpickle our function: no planpdf there
            raise ClusterError(f"the Dask workers of {address} cannot run planpdf ({exception_line(exc)}); "
                               f"install it on every worker: {CLUSTER_EXTRA}") from None
        other = {worker: version for worker, version in versions.items() if version != EXTRACTOR_VERSION}
        if other:
            listed = ", ".join(f"{worker} has {version}" for worker, version in sorted(other.items()))
            raise ClusterError(f"Dask workers run other extractors than this client's {EXTRACTOR_VERSION} "
                               f"({listed}): install the same planpdf everywhere")
    except BaseException:
        client.close()
        raise
    return client


# ------------------------------------------------------------------------ the worker


def worker_version() -> str:
    """What a Dask worker would write as extractor_version."""
    return EXTRACTOR_VERSION


_local = threading.local()  # each thread of a Dask worker keeps its own pool (one process)


def extract_on_worker(job: Job, settings: ExtractSettings):
    """The task: one document through this thread's pool, under the limits; its outcome as Arrow."""
    from .outcomes import outcome_to_arrow

    if not job.path.is_file():
        message = (f"{job.path.name}: not found at {job.path} on the Dask worker {socket.gethostname()}: "
                   "the input folder must be on a filesystem every worker sees at the same path")
        return outcome_to_arrow(DocumentOutcome(failed_document(job.path, job.source_path, message, job.sha256)))
    [outcome] = _pool(settings).run([job])
    return outcome_to_arrow(outcome)


def _pool(settings: ExtractSettings) -> WorkerPool:
    """This thread's pool for ``settings``, kept between tasks (a process start costs more than a
    small document); another client's settings replace it."""
    pool = getattr(_local, "pool", None)
    if pool is not None and pool.settings == settings:
        return pool
    if pool is not None:
        pool.close()
    # Dask's nanny starts workers as daemon processes, which multiprocessing forbids to
    # start processes, lest a daemon killed with its parent leave them behind. The pool's
    # processes die with their parent (pool._die_with_parent), so none is left behind.
    mp.current_process().daemon = False
    _local.pool = WorkerPool(settings)
    return _local.pool
