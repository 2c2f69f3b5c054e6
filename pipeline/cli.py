"""Thin command line.

  python -m pipeline extract IN --out OUT [--jobs N]   extract PDFs into validated Parquet
  python -m pipeline reconcile --out OUT               give units and activities stable ids across documents
  python -m pipeline inspect FILE.pdf --page N         show why values of one page were or were not read
  python -m pipeline publish --out OUT --to DIR        the output as CSV, a Data Package and DCAT for portals
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import ExitStack
from pathlib import Path

# Only light modules here: a run with nothing to do (pipeline/warm.py) must not load
# pandas, pyarrow, pandera or a PDF parser. Each command imports what it runs.
from . import warm
from .config import ExtractSettings, parse_size
from .failures import exception_line
from .lock import DEFAULT_WAIT, EXIT_BUSY, FolderLockError, folder_lock


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract plan PDFs into validated Parquet")
    ex.add_argument("input", type=Path, help="a PDF file or a folder of PDFs (searched recursively)")
    ex.add_argument("--out", type=Path, default=Path("data/processed"), help="output folder (default: %(default)s)")
    ex.add_argument("--jobs", type=int, default=None,
                    help="worker processes of the local pool, 0 = all cores (default); given, it also means the "
                         "local pool when DASK_SCHEDULER_ADDRESS is set")
    ex.add_argument("--scheduler", metavar="ADDRESS", default=None,
                    help="run each document as a task on this Dask distributed scheduler (tcp://HOST:PORT; default: "
                         "DASK_SCHEDULER_ADDRESS, else the local pool). The workers read the inputs by path (a "
                         "filesystem they share, same path) and need planpdf installed: pip install 'planpdf[cluster]'. "
                         "Exit code 2 when the scheduler cannot be reached")
    ex.add_argument("--source", default="pdfium", help="text source: pdfium (fast, default) or pdfplumber")
    ex.add_argument("--quiet", action="store_true", help="no progress bar")
    ex.add_argument("--ocr", choices=["auto", "off", "force"], default=ExtractSettings.ocr,
                    help="pages without a text layer: never read (off, default: such documents are needs_ocr), "
                         "read by OCR where they draw an image (auto; experimental: check values whose confidence "
                         "is low), or read every page by OCR, for text layers that are garbage (force)")
    ex.add_argument("--number-locale", metavar="LOCALE", default=None,
                    help="read every document's numbers with these marks: '1,234.5' (decimal point), '1.234,5' "
                         "(decimal comma) or a country's ('es-CO', 'MX'); default: decided per document from its "
                         "own numbers. A line of the input folder's number_locales.csv sets one file's.")
    ex.add_argument("--timeout", type=float, default=ExtractSettings.timeout, metavar="SECONDS",
                    help="stop a document after this many seconds, 0 = no limit (default: %(default)g)")
    ex.add_argument("--max-memory", type=parse_size, default=ExtractSettings.max_memory, metavar="SIZE",
                    help="memory (address space) per worker, e.g. 2G, 512M; 0 = no limit (default: 2G)")
    cache = ex.add_mutually_exclusive_group()
    cache.add_argument("--cache", type=Path, default=default_cache(), metavar="DIR",
                       help="folder of finished documents, by content and settings: a re-run extracts only new or "
                            "changed files (default: %(default)s, or $PLANPDF_CACHE; see docs/scale.md)")
    cache.add_argument("--no-cache", dest="cache", action="store_const", const=None,
                       help="extract every file, and read and write no cache")
    ex.add_argument("--prune-cache", action="store_true",
                    help="remove the cache entries no input of this run uses (other folders', other settings')")
    add_rerun_argument(ex, "extracts nothing and prints the last summary; with --rerun the run goes in full "
                           "(the files still come from the cache; --no-cache extracts them all)")
    add_wait_argument(ex)
    add_reconcile_parser(sub)
    add_inspect_parser(sub)
    add_publish_parser(sub)
    return parser


def default_cache() -> Path | None:
    """data/cache, or $PLANPDF_CACHE (empty: no cache, as the test suite runs)."""
    value = os.environ.get("PLANPDF_CACHE", "data/cache")
    return Path(value) if value else None


def add_rerun_argument(parser, what: str) -> None:
    parser.add_argument("--rerun", action="store_true",
                        help="run in full even when nothing changed. By default a run whose inputs, options and code "
                             "are those of the last run, and whose output is as that run left it, " + what
                             + " (docs/scale.md)")


def add_wait_argument(parser) -> None:
    parser.add_argument("--wait", type=float, default=DEFAULT_WAIT, metavar="SECONDS",
                        help="when another run is writing the same folder, wait this long for it, then give up "
                             f"with exit code {EXIT_BUSY}; 0 = give up at once (default: %(default)g)")


def add_output_argument(parser) -> None:
    parser.add_argument("--out", type=Path, default=Path("data/processed"),
                        help="the output folder of `extract` (default: %(default)s)")


def add_reconcile_parser(sub) -> None:
    from .reconcile_settings import SCORER_NAMES, ReconcileSettings

    defaults = ReconcileSettings()
    rec = sub.add_parser(
        "reconcile", help="give units and activities stable ids across documents (run after extract)",
        description="Match the units and activities of the extracted documents in OUT with each other and with "
                    "the registry in REFERENCE: codes first, then names normalised, then rapidfuzz scores within "
                    "the same institution and unit, one-to-one. Adds unit_id and activity_id to activities.parquet, "
                    "writes units.parquet, unit_names.parquet, activity_links.parquet and review.csv (pairs between "
                    "the thresholds, not linked), and updates the registry. Decisions in REFERENCE/overrides.csv "
                    "win. Exit code 1: a document failed in reconcile (its activities keep no ids, the others "
                    "are linked); 2: no extraction output, or a bad overrides.csv line; "
                    f"{EXIT_BUSY}: OUT or REFERENCE is being written by another run (see --wait).")
    add_output_argument(rec)
    rec.add_argument("--reference", type=Path, default=Path("data/reference"),
                     help="folder of the id registry and overrides.csv (default: %(default)s)")
    for kind in ("unit", "activity"):
        for bound in ("accept", "reject"):
            rec.add_argument(f"--{kind}-{bound}", type=float, default=getattr(defaults, f"{kind}_{bound}"),
                             metavar="SCORE", help=f"{kind} names scoring at least this (0-100) "
                             + ("are linked" if bound == "accept" else "and below the accept score go to review.csv")
                             + " (default: %(default)g)")
    rec.add_argument("--scorer", default=defaults.scorer, choices=sorted(SCORER_NAMES),
                     help="rapidfuzz scorer (default: %(default)s)")
    add_rerun_argument(rec, "writes nothing and prints the last summary")
    add_wait_argument(rec)


def add_inspect_parser(sub) -> None:
    ins = sub.add_parser(
        "inspect", help="show the tables, values and quarantine of one page, and draw its cells on a PNG",
        description="Print the family of FILE, each table found on page N (box, size, whether it was read "
                    "as an activity table, its cells as a text grid), the values read from the page and "
                    "what was quarantined there. Write a PNG of the page with the cells coloured by role: "
                    "green = became a value, blue = other cell of an activity table, grey = table not read "
                    "as an activity table, red = quarantined. Exit code 1: the file cannot be read; "
                    "2: usage error (e.g. page out of range).")
    ins.add_argument("file", type=Path, metavar="FILE", help="a PDF file")
    ins.add_argument("--page", type=int, required=True, metavar="N", help="1-based page number")
    ins.add_argument("--source", default="pdfium", help="text source: pdfium (fast, default) or pdfplumber")
    width = ins.add_mutually_exclusive_group()
    width.add_argument("--width", type=int, default=16, metavar="CHARS",
                       help="clip cell texts to this many characters in the grid (default: %(default)s)")
    width.add_argument("--full", action="store_true", help="print cell texts in full (no clipping)")
    ins.add_argument("--ocr", choices=["off", "auto", "force"], default="off",
                     help="pages without a text layer: as extract --ocr (off, default; auto reads them by OCR, "
                          "force reads every page so); the whole document is read, a few seconds a scanned page")
    ins.add_argument("--lines", action="store_true", help="also list the loose text lines of the page")
    ins.add_argument("--png", type=Path, default=None, metavar="PATH",
                     help="where to write the PNG (default: inspect-<stem>-p<N>.png in the current folder)")
    ins.add_argument("--no-png", action="store_true", help="do not write a PNG")
    ins.add_argument("--resolution", type=int, default=100, metavar="DPI", help="PNG resolution in dpi (default: %(default)s)")


def add_publish_parser(sub) -> None:
    from .licenses import DEFAULT_LICENSE, LICENSES

    pub = sub.add_parser(
        "publish", help="write the output as CSV with a Frictionless Data Package and DCAT metadata, for portals",
        description="Write every table of the output set in OUT (reconciled or not) as a UTF-8 CSV, plus "
                    "schedule.csv (one row per activity and measure, one column per period), datapackage.json "
                    "(Frictionless Data Package v2, Table Schemas from the data contract) and dcat.jsonld (DCAT "
                    "for CKAN-style portals) into DIR, as one set replaced atomically. The same output gives the "
                    "same bytes. Exit code 2: no extraction output in OUT, or a usage error; 3: the output breaks "
                    f"the data contract, nothing written; {EXIT_BUSY}: OUT or DIR is being written by another run.")
    add_output_argument(pub)
    pub.add_argument("--to", type=Path, default=Path("data/publish"), metavar="DIR",
                     help="folder to publish into (default: %(default)s)")
    pub.add_argument("--license", default=DEFAULT_LICENSE, choices=list(LICENSES),
                     help="licence of the published data, the publisher's choice (default: %(default)s)")
    pub.add_argument("--title", default=None, help="title of the dataset (default: made from the documents)")
    add_wait_argument(pub)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        return run_extract(args)
    if args.command == "reconcile":
        return run_reconcile(args)
    if args.command == "inspect":
        return run_inspect(args)
    if args.command == "publish":
        return run_publish(args)
    return 2


def run_publish(args) -> int:
    from .io import ContractError, require_extraction_output
    from .opendata import PublishSettings, publish_output

    try:
        require_extraction_output(args.out)  # before the locks, which would create a mistyped folder
        if args.to.resolve() == args.out.resolve():
            raise ValueError(f"--to {args.to} is the output folder itself; publish into another folder")
        # OUT's lock: no extract or reconcile republishes it while it is read; DIR's: one publisher at a time.
        with folder_lock(args.out, "publish", args.wait, _say), folder_lock(args.to, "publish", args.wait, _say):
            summary = publish_output(args.out, args.to, PublishSettings(license=args.license, title=args.title))
    except FolderLockError as exc:
        return _error(exc, exc.code)
    except (ValueError, FileNotFoundError) as exc:
        return _error(exc, 2)
    except ContractError as exc:
        return _error(f"the output in {args.out} breaks the data contract; nothing published.\n{exc}", 3)
    print(summary.describe(args.to))
    return 0


def run_inspect(args) -> int:
    from .inspect import InspectError, default_png_path, page_to_report, read_for_inspection, render_text, write_png

    if args.width < 1 or args.resolution < 1:
        print("error: --width and --resolution must be at least 1", file=sys.stderr)
        return 2
    dest = None if args.no_png else (args.png or default_png_path(args.file, args.page))
    if dest is not None and not dest.parent.is_dir():
        print(f"error: cannot write PNG {dest}: folder {dest.parent} does not exist", file=sys.stderr)
        return 2
    try:
        report = page_to_report(read_for_inspection(args.file, args.source, page=args.page, ocr=args.ocr), args.page)
    except InspectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    print(render_text(report, width=None if args.full else args.width, show_lines=args.lines))
    if dest is not None:
        try:
            write_png(args.file, report, dest, args.resolution)
        except InspectError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return exc.code
        except OSError as exc:
            print(f"error: cannot write PNG {dest}: {exc}", file=sys.stderr)
            return 2
        print(f"PNG: {dest}  (green = value, blue = activity table cell, grey = other table, red = quarantined)")
    return 0


def _error(message, code: int) -> int:
    """Print ``error: <message>`` on stderr; the exit code ``code``."""
    print(f"error: {message}", file=sys.stderr)
    return code


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _replay(args, command: str, folders: list[Path], manifest: str, check) -> int | None:
    """When the last run's manifest says there is nothing to do (pipeline/warm.py): print its
    summary under a line saying so and return its exit code. None: run in full."""
    if not (folders[0] / manifest).is_file():
        return None  # nothing to check (and no lock taken, which would create the folders)
    try:
        with _locks(folders, command, args.wait):  # no writer half way through while the files are hashed
            found = warm.replay(check, args)
    except FolderLockError as exc:
        return _error(exc, exc.code)
    if found is None:
        return None
    record, line = found
    print(f"{line}\n{record.summary}")
    return record.exit_code


def _locks(folders: list[Path], command: str, wait: float) -> ExitStack:
    """The locks of ``folders``, taken in this order (every command takes OUT's first)."""
    stack = ExitStack()
    try:
        for folder in folders:
            stack.enter_context(folder_lock(folder, command, wait, _say))
    except BaseException:
        stack.close()
        raise
    return stack


def run_reconcile(args) -> int:
    if not args.rerun:
        code = _replay(args, "reconcile", [args.out, args.reference], warm.RECONCILE, warm.reconcile_replay)
        if code is not None:
            return code
    from .crosswalk import reconcile_output
    from .io import ContractError, require_extraction_output
    from .reconcile import OverrideError, ReconcileSettings
    from .reference import RegistryError

    try:
        settings = ReconcileSettings(unit_accept=args.unit_accept, unit_reject=args.unit_reject,
                                     activity_accept=args.activity_accept, activity_reject=args.activity_reject,
                                     scorer=args.scorer)
        require_extraction_output(args.out)  # before the lock, which would create a mistyped folder
        # The whole read-match-republish under OUT's lock (an extract must not publish in
        # between), and REFERENCE's too: two reconciles of different outputs share the registry.
        with _locks([args.out, args.reference], "reconcile", args.wait):
            warm.forget(args.out, warm.RECONCILE)
            before = warm.folder_files(args.out)
            summary = reconcile_output(args.out, args.reference, settings)
            text, code = summary.describe(args.out, args.reference), 1 if summary.failed else 0
            print(text)
            # Keyed by the state after the run: a second reconcile over it gives the same bytes.
            warm.write_record(args.out, warm.RECONCILE, warm.Record(
                warm.reconcile_key(args), warm.folder_files(args.out), code, text, before=before))
    except FolderLockError as exc:
        return _error(exc, exc.code)
    except (ValueError, FileNotFoundError, OverrideError, RegistryError) as exc:
        return _error(exc, 2)
    except ContractError as exc:
        return _error(f"output breaks the data contract, nothing written.\n{exc}", 3)
    return code


def run_extract(args) -> int:
    # With the cache on, a run with nothing new is not run (--no-cache extracts everything).
    if args.cache is not None and not args.rerun and not args.prune_cache:
        code = _replay(args, "extract", [args.out], warm.EXTRACT, warm.extract_replay)
        if code is not None:
            return code
    from .inputs import find_pdfs
    from .io import ContractError
    from .cluster import ClusterError
    from .number_locales import read_number_locales
    from .run import extract_corpus

    try:
        find_pdfs(args.input)  # a missing input is reported before the lock creates the output folder
        if args.prune_cache and args.cache is None:
            raise ValueError("--prune-cache needs a cache (drop --no-cache, or give --cache DIR)")
        settings = ExtractSettings(jobs=args.jobs or 0, scheduler=scheduler_of(args), source=args.source,
                                   progress=not args.quiet and sys.stderr.isatty(),
                                   timeout=args.timeout, max_memory=args.max_memory,
                                   number_locale=args.number_locale, ocr=args.ocr,
                                   number_locales=read_number_locales(args.input))
        # Held from before the first document is read until report.html is written: a
        # second run waits (or gives up) at once instead of after extracting, and the
        # report always describes the tables beside it.
        with folder_lock(args.out, "extract", args.wait, _say):
            warm.forget(args.out, warm.EXTRACT)
            summary = extract_corpus(args.input, args.out, settings, cache=args.cache, prune_cache=args.prune_cache)
            printed = [format_summary(summary, args.out)]
            print(printed[0])
            problems = _write_report(args.out, summary, printed)
            if problems is None:
                return 1
            if len(summary.frames["activities"]):
                printed.append(f"ids: unit_id and activity_id are empty until `python -m pipeline reconcile --out "
                               f"{args.out}` (make extract runs it)")
                print(printed[-1])
            code = 1 if summary.failed or summary.notes or problems else 0
            if args.cache is not None and summary.repeatable:
                # The inputs as this run hashed and read them, not as they may be by now.
                inputs = [(o.document["source_path"], o.document["sha256"]) for o in summary.outcomes]
                warm.write_record(args.out, warm.EXTRACT, warm.Record(
                    warm.extract_key(args, inputs), warm.folder_files(args.out), code, "\n".join(printed)))
    except FolderLockError as exc:
        return _error(exc, exc.code)
    except (ValueError, FileNotFoundError, ClusterError) as exc:
        return _error(exc, 2)
    except ContractError as exc:
        # Each document passed the contract alone (pipeline/gate.py): the combined tables breaking
        # it is a bug in the pipeline, and the previous output is left as it was.
        return _error("the combined output breaks the data contract although every document passed it alone "
                      f"(a bug in the pipeline, please report); nothing written.\n{exc}", 3)
    return code


def scheduler_of(args) -> str | None:
    """The Dask scheduler of an extract: --scheduler, else DASK_SCHEDULER_ADDRESS unless --jobs
    was given (it asks for the local pool), else None (the local pool)."""
    if args.scheduler is not None:
        return args.scheduler
    if args.jobs is None:
        return os.environ.get("DASK_SCHEDULER_ADDRESS") or None
    return None


def _write_report(out_dir: Path, summary, printed: list[str]) -> list[str] | None:
    """Write report.html and print its path and the documents whose section could not be built
    (their data is fine), adding the lines to ``printed``; None (the error printed) when the
    report cannot be written at all."""
    from .report import n_tables_from_outcomes, write_report

    problems: list[str] = []
    try:
        report = write_report(out_dir, summary.frames, n_tables=n_tables_from_outcomes(summary.outcomes),
                              problems=problems)
    except OSError as exc:
        print(f"error: cannot write the quality report in {out_dir}: {exc}", file=sys.stderr)
        return None
    except Exception as exc:  # a bug in the report: the Parquet files are written all the same
        print(f"error: cannot build the quality report in {out_dir} ({exception_line(exc)}); "
              f"the Parquet files are written", file=sys.stderr)
        return None
    lines = [f"report: {report}", *(f"  report: {problem}" for problem in problems)]
    print("\n".join(lines))
    printed.extend(lines)
    return problems


def format_summary(summary, out_dir: Path) -> str:
    import pandas as pd

    from .io import TABLES

    frames = summary.frames
    docs = frames["documents"]
    tables = {o.document["doc_id"]: o.n_tables for o in summary.outcomes}
    seconds = {o.document["doc_id"]: o.seconds for o in summary.outcomes}
    cached = summary.cache.hits if summary.cache else set()
    lines = [f"{'document':<40} {'status':<10} {'pages':>5} {'tables':>6} {'activities':>10} {'values':>7} {'quarantined':>11} {'checks':>6} {'seconds':>7}"]
    for _, d in docs.sort_values("source_path").iterrows():
        key = d["doc_id"]
        n_act = int((frames["activities"]["doc_id"] == key).sum())
        n_val = int((frames["values"]["doc_id"] == key).sum())
        n_q = int((frames["quarantine"]["doc_id"] == key).sum())
        n_c = int((frames["checks"]["doc_id"] == key).sum())
        pages = "" if pd.isna(d["n_pages"]) else int(d["n_pages"])
        lines.append(f"{d['source_path'][:40]:<40} {d['status']:<10} {pages:>5} {tables.get(key, 0):>6} "
                     f"{n_act:>10} {n_val:>7} {n_q:>11} {n_c:>6} {'cached' if key in cached else _seconds(seconds.get(key)):>7}")
    n_pages = int(docs["n_pages"].fillna(0).sum())
    lines.append(f"{'total: ' + str(len(docs)) + ' documents':<40} {'':<10} {n_pages:>5} {sum(tables.values()):>6} "
                 f"{len(frames['activities']):>10} {len(frames['values']):>7} {len(frames['quarantine']):>11} {len(frames['checks']):>6}")
    lines.append(f"{summary.seconds:.1f} s, {n_pages / max(summary.seconds, 1e-9):.0f} pages/s; wrote {out_dir}/"
                 f"{{{','.join(TABLES)}}}.parquet")
    for d in sorted(summary.outcomes, key=lambda o: o.document["source_path"]):
        if d.document["message"]:  # an ok document has one only for a note (a repeated or blank page)
            lines.append(f"  {d.document['status']}: {d.document['message']}")
    lines.extend(f"  {note}" for note in summary.notes)
    if summary.cache:
        lines.append(summary.cache.describe())
    return "\n".join(lines)


def _seconds(value: float | None) -> str:
    """A document's seconds in the worker pool ('' when it never ran in one)."""
    return "" if value is None else f"{value:.2f}"
