"""Documents per second of a whole ``extract`` as the workers grow: the local pool and a Dask cluster.

Run ``python -m pipeline.bench_scale data/raw [--copies 200] [--workers 1 2]``
(``make bench-scale``).

What is measured
----------------
The corpus is grown to ``--copies`` PDFs, copies of the samples in turn, each with
one byte of its header comment changed (``%<binary> ReportLab Generated PDF...``,
the line after ``%PDF-1.x``, which no reader interprets): every copy is a new
document (a new SHA-256, not a ``duplicate``) with the samples' pages. Then the
whole of ``extract_corpus`` (hash, extract, gate, tidy, checks, validate, atomic
write: what ``pipeline extract`` does) runs over it, timed with the wall clock:

* ``local pool``: ``--jobs N`` worker processes on this machine, for each N of ``--workers``;
* ``dask``: a Dask LocalCluster of N worker processes (one thread each, under their
  nannies, a real scheduler on localhost), for each N; the cluster is started before
  the clock starts (a cluster outlives a run), its workers' first tasks start their
  pool processes inside the clock;
* ``warm re-run``: the last run again over its cache (docs/scale.md, "Incremental
  runs"): every document from the cache, none extracted, wherever they ran.

Each cold run starts from an empty cache and fills it, as ``extract`` does by default.
Before the clock first starts, one sample is extracted untimed: the first run in a
process would otherwise also pay for the lazy imports and first calls of the client.

Each row splits the time into the part up to the last document's outcome (hashing
and extraction: what more workers speed up) and what the client does after it
alone (gate, tidy, checks, validation, the write: what they do not). That second
part is what bounds a large cluster (docs/scale.md, "Scaling figures").

``CPU s`` is the processor time of this process and all its descendants during the
run (the pool's processes; the Dask scheduler, which runs in this process, its
workers and their pool processes): on a machine shared with other work the wall
time stretches with the load, the CPU time much less, so ``docs/CPU s`` is the
figure that carries to another machine. It needs psutil (installed with Dask);
without it only this process and its finished children are counted.

The numbers are for humans to compare on one machine (tests never assert a
timing). Outputs go under ``--workdir``.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import resource
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .config import ExtractSettings
from .pool import Progress
from .inputs import find_pdfs
from .run import extract_corpus

# The bytes a copy's changed byte takes (never a line end, which would end the comment).
ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def comment_span(data: bytes) -> tuple[int, int]:
    """Start and end of the text of the comment line after the %PDF-1.x header."""
    start = data.index(b"\n") + 1
    if data[start:start + 1] != b"%":
        raise ValueError("no comment line after the %PDF header")
    end = min(i for i in (data.find(b"\n", start), data.find(b"\r", start)) if i >= 0)
    return start + 1, end


def copy_with_a_byte_changed(data: bytes, n: int) -> bytes:
    """Copy ``n`` of a PDF: one byte of its header comment set from ``n``; distinct ``n``, distinct bytes."""
    start, end = comment_span(data)
    position = start + n // len(ALPHABET)
    if position >= end:
        raise ValueError(f"the header comment has room for {(end - start) * len(ALPHABET)} copies, not {n + 1}")
    return data[:position] + ALPHABET[n % len(ALPHABET):n % len(ALPHABET) + 1] + data[position + 1:]


def grow_corpus(samples: list[Path], copies: int, dest: Path) -> list[Path]:
    """``copies`` PDFs in ``dest``: the samples in turn, each copy a new document."""
    dest.mkdir(parents=True, exist_ok=True)
    originals = [path.read_bytes() for path in samples]
    paths = []
    for k in range(copies):
        i, n = k % len(samples), k // len(samples)
        path = dest / f"{k:05d}_{samples[i].stem}.pdf"
        path.write_bytes(copy_with_a_byte_changed(originals[i], n))
        paths.append(path)
    return paths


class _Clock(Progress):
    """When the extraction ended: the run closes its progress right after the last outcome."""

    def __init__(self):
        self.closed_at: float | None = None

    def close(self) -> None:
        self.closed_at = time.perf_counter()


def tree_cpu_seconds() -> float:
    """User and system time of this process, its finished children and its living descendants."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    finished = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + finished.ru_utime + finished.ru_stime
    try:
        import psutil
    except ImportError:
        return total
    for process in psutil.Process().children(recursive=True):
        try:
            times = process.cpu_times()
        except psutil.Error:  # it ended meanwhile
            continue
        total += times.user + times.system
    return total


@dataclass
class Row:
    executor: str
    workers: int
    documents: int
    pages: int
    seconds: float
    extract_seconds: float  # hashing and extraction, up to the last outcome
    cpu_seconds: float

    @property
    def after_seconds(self) -> float:
        return self.seconds - self.extract_seconds


def timed_run(corpus: Path, out: Path, settings: ExtractSettings, executor: str, workers: int, cache: Path,
              cold: bool = True) -> Row:
    shutil.rmtree(out, ignore_errors=True)
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    clock = _Clock()
    cpu = tree_cpu_seconds()
    started = time.perf_counter()
    summary = extract_corpus(corpus, out, settings, progress=clock, cache=cache)
    seconds = time.perf_counter() - started
    cpu = tree_cpu_seconds() - cpu
    docs = summary.frames["documents"]
    if (docs["status"] == "failed").any():  # a failure would make the row meaningless
        raise RuntimeError(f"{executor} x{workers}: failed documents: {docs[docs['status'] == 'failed']['message'].tolist()}")
    return Row(executor, workers, len(docs), int(docs["n_pages"].fillna(0).sum()), seconds,
               clock.closed_at - started, cpu)


@contextlib.contextmanager
def local_cluster(n_workers: int):
    """A Dask scheduler and ``n_workers`` worker processes (one thread each) on localhost."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


def format_rows(rows: list[Row]) -> str:
    lines = [f"{'executor':<11} {'workers':>7} {'documents':>9} {'pages':>6} {'seconds':>8} {'docs/s':>7} "
             f"{'pages/s':>8} {'extract s':>9} {'after s':>8} {'CPU s':>7} {'docs/CPU s':>10}"]
    for r in rows:
        lines.append(f"{r.executor:<11} {r.workers:>7} {r.documents:>9} {r.pages:>6} {r.seconds:>8.1f} "
                     f"{r.documents / r.seconds:>7.2f} {r.pages / r.seconds:>8.1f} {r.extract_seconds:>9.1f} "
                     f"{r.after_seconds:>8.1f} {r.cpu_seconds:>7.1f} {r.documents / r.cpu_seconds:>10.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench_scale", description=__doc__.split("\n")[0])
    parser.add_argument("samples", type=Path, help="folder of sample PDFs to copy (e.g. data/raw)")
    parser.add_argument("--copies", type=int, default=200, help="documents in the grown corpus (default: %(default)s)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="worker counts to time, each for the local pool and for Dask (default: 1 2)")
    parser.add_argument("--workdir", type=Path, default=Path(".bench/scale"),
                        help="where the corpus and the outputs go (default: %(default)s)")
    parser.add_argument("--no-dask", action="store_true", help="time the local pool only")
    args = parser.parse_args(argv)
    if args.copies < 1 or any(n < 1 for n in args.workers):
        parser.error("--copies and --workers must be at least 1")
    samples = find_pdfs(args.samples)
    corpus = args.workdir / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    grow_corpus(samples, args.copies, corpus)
    print(f"corpus: {args.copies} PDFs, copies of the {len(samples)} samples in {args.samples} "
          f"with one byte changed, in {corpus}; {os.cpu_count()} cores", flush=True)
    out, cache = args.workdir / "out", args.workdir / "cache"
    extract_corpus(samples[0], args.workdir / "warm-up", ExtractSettings(jobs=1, progress=False))
    rows = []

    def add(row: Row) -> None:
        rows.append(row)
        print(format_rows(rows[-1:]).splitlines()[-1], flush=True)

    for n in args.workers:
        add(timed_run(corpus, out, ExtractSettings(jobs=n, progress=False), "local pool", n, cache))
    if not args.no_dask:
        for n in args.workers:
            with local_cluster(n) as address:
                add(timed_run(corpus, out, ExtractSettings(scheduler=address, progress=False), "dask", n, cache))
    last = rows[-1]
    add(timed_run(corpus, out, ExtractSettings(jobs=last.workers, progress=False), "warm re-run", last.workers, cache,
                  cold=False))
    print()
    print(format_rows(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
